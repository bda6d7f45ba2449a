"""The comments pages per role: they run, mask contacts for viewers, and keep write controls for analysts."""

import re
from datetime import date

import pytest
from sqlalchemy import select
from sqlmodel import Session

from nps import analysis
from nps.models import Respondent, Response, ResponseTheme
from tests.factories import add_responses
from tests.pages.conftest import page_as

PAGES = ["pages/comments.py", "pages/themes.py", "pages/follow_ups.py", "pages/respondent.py"]
UNSAFE = "<script>alert(1)</script> **bold** [link](http://x)"


@pytest.fixture
def seeded(app_engine):
    with Session(app_engine) as session:
        session.add(Respondent(key="anna", email="anna.nowak@example.com", name="Anna Nowak"))
        session.commit()
    add_responses(
        app_engine,
        [
            {"score": 2, "day": date(2026, 1, 5), "comment": UNSAFE, "respondent_id": 1},
            {"score": 3, "day": date(2026, 1, 6), "comment": "Dostawa spóźniła się o tydzień", "respondent_id": 1},
            {"score": 10, "day": date(2026, 1, 7), "comment": "التوصيل سريع جدا", "respondent_id": 1},
            {"score": 9, "day": date(2026, 1, 8), "comment": "快递很快，价格合理"},
            {"score": 6, "day": date(2026, 1, 9), "respondent_id": 1},
        ],
    )
    analysis.analyse_pending(engine=app_engine)
    return app_engine


def texts(at) -> str:
    return "\n".join(str(t.value) for t in at.text)


def shown(at) -> str:
    """What a reader sees: plain texts, captions, and escaped markdown with its highlights and escapes undone (and
    the invisible word joiners that keep addresses from becoming links)."""
    marked = [re.sub(r":orange-background\[(.*?)\]", r"\1", m.value) for m in [*at.markdown, *at.caption]]
    return "\n".join([texts(at), *(re.sub(r"\\(.)", r"\1", value) for value in marked)]).replace("\u2060", "")


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", ["viewer", "analyst", "admin"])
def test_every_comments_page_runs_for_every_role(seeded, page, role):
    at = page_as(page, role)
    at.run()
    assert not at.exception, at.exception


@pytest.mark.parametrize("page", PAGES)
def test_the_pages_refuse_anyone_not_logged_in(seeded, page):
    at = page_as(page, None)
    at.run()
    assert "Please log in" in at.error[0].value


def test_comments_are_shown_as_plain_text_never_markdown(seeded):
    at = page_as("pages/comments.py", "viewer")
    at.run()
    assert UNSAFE in [t.value for t in at.text]
    assert not any(UNSAFE in m.value for m in at.markdown)


def test_viewers_see_masked_contacts_and_no_follow_up_form(seeded):
    at = page_as("pages/comments.py", "viewer")
    at.run()
    assert "anna.nowak@example.com" not in shown(at)
    assert "a•••@example.com" in shown(at)
    assert not at.get("form")


def test_analysts_see_contacts_and_can_save_a_follow_up(seeded):
    at = page_as("pages/comments.py", "analyst")
    at.run()
    assert "anna.nowak@example.com" in shown(at)
    assert at.get("form")
    at.selectbox(key="comments-1-fu-status-1").set_value("contacted")
    at.text_input(key="comments-1-fu-tag-1").input("callback")
    at.button(key="FormSubmitter:comments-1-fu-1-Save follow-up").click().run()
    assert not at.exception
    from nps.followups import follow_up_state

    state = follow_up_state(1, engine=seeded)
    assert (state.status, state.updated_by, state.tags) == ("contacted", "analyst", ("callback",))


def test_search_narrows_the_list_in_any_script(seeded):
    at = page_as("pages/comments.py", "viewer")
    at.run()
    at.text_input(key="comments_search").input("价格").run()
    assert "快递很快，价格合理" in shown(at)
    assert "Dostawa spóźniła się o tydzień" not in shown(at)
    at.text_input(key="comments_search").input("dostawa").run()
    assert "Dostawa spóźniła się o tydzień" in shown(at)


def test_search_hits_are_highlighted_and_a_hostile_comment_stays_inert(seeded):
    at = page_as("pages/comments.py", "viewer").run()
    at.text_input(key="comments_search").input("bold").run()
    highlighted = [m.value for m in at.markdown if ":orange-background[" in m.value]
    assert highlighted == [
        r"\<script\>alert\(1\)\<\/script\> \*\*:orange-background[bold]\*\* \[link\]\(http\:" + "\u2060" + r"\/\/x\)"
    ]


def test_the_profile_shows_every_response_of_the_respondent(seeded):
    at = page_as("pages/respondent.py", "analyst")
    at.query_params["id"] = "1"
    at.run()
    assert not at.exception
    shown = texts(at)
    assert UNSAFE in shown and "التوصيل سريع جدا" in shown and "快递很快" not in shown
    assert not _profile_links(at), "the profile links to itself"


def test_comment_cards_link_to_the_respondents_profile(seeded):
    at = page_as("pages/comments.py", "analyst")
    at.run()
    assert not at.exception
    assert _profile_links(at)


def _profile_links(at) -> list[str]:
    """Links to a profile: page links, or the markdown link drawn where AppTest has no page registry."""
    labels = [link.proto.label for link in at.get("page_link")]
    labels += [markdown.value for markdown in at.markdown if markdown.value.startswith("[Respondent profile]")]
    return labels


def test_viewers_cannot_edit_the_theme_dictionary(seeded):
    at = page_as("pages/themes.py", "viewer")
    at.run()
    assert not at.get("form")
    analyst = page_as("pages/themes.py", "analyst")
    analyst.run()
    assert analyst.get("form")


def test_the_themes_page_states_that_tone_is_an_estimate(seeded):
    at = page_as("pages/themes.py", "viewer")
    at.run()
    assert any("estimate" in info.value for info in at.info)


def test_the_themes_page_counts_comments_per_tone_beside_the_score_category(seeded):
    at = page_as("pages/themes.py", "viewer")
    at.run()
    assert not at.exception
    tone = next(frame.value for frame in at.dataframe if "tone" in frame.value.columns)
    assert list(tone["tone"]) == ["Negative", "Neutral", "Positive"]
    assert tone["comments"].sum() == 4
    assert {"detractors", "passives", "promoters"} <= set(tone.columns)


def test_the_theme_table_shows_the_detractor_share_in_percent_points_for_one_decimal_format(seeded):
    at = page_as("pages/themes.py", "viewer")
    at.run()
    stats = next(frame.value for frame in at.dataframe if "detractor_share" in frame.value.columns)
    shares = stats["detractor_share"].dropna()
    assert not shares.empty and shares.max() > 1


def test_the_follow_up_queue_says_no_comment_and_gives_every_item_a_due_time_from_the_sla(seeded):
    at = page_as("pages/follow_ups.py", "analyst")
    at.run()
    assert not at.exception
    queue = next(frame.value for frame in at.dataframe if "comment" in frame.value.columns)
    assert "(no comment)" in set(queue["comment"])
    assert queue["comment"].notna().all() and queue["due_at"].str.endswith("UTC").all()
    assert set(queue["status"]) == {"not started"}


def test_the_profile_charts_the_scores_on_the_0_to_10_scale(seeded):
    at = page_as("pages/respondent.py", "viewer")
    at.query_params["id"] = "1"
    at.run()
    assert not at.exception
    assert at.subheader[0].value == "4 responses"
    spec = at.get("vega_lite_chart")[0].proto.spec
    assert '"domain": [0, 10]' in spec or '"domain":[0,10]' in spec


def test_a_respondents_page_past_the_end_shows_the_last_page_instead_of_claiming_nobody_is_identified(seeded):
    at = page_as("pages/respondent.py", "viewer")
    at.run()
    at.number_input(key="respondent_page").set_value(5).run()
    assert not at.exception
    assert at.number_input(key="respondent_page").value == 1
    assert any("identified respondent" in caption.value and "showing" in caption.value for caption in at.caption)
    assert not any("No identified respondent" in info.value for info in at.info)


def test_suggested_phrases_show_the_detractor_share_in_percent_points(seeded):
    complaint, praise = "waited forever for the refund", "lovely friendly staff"
    add_responses(seeded, [{"score": 2, "day": date(2026, 2, d), "comment": complaint} for d in range(1, 20)])
    add_responses(seeded, [{"score": 10, "day": date(2026, 3, d), "comment": praise} for d in range(1, 20)])
    analysis.analyse_pending(engine=seeded)
    at = page_as("pages/themes.py", "viewer")
    at.run()
    at.toggle(key="themes_suggest").set_value(True).run()
    assert not at.exception
    phrases = next(frame.value for frame in at.dataframe if "phrase" in frame.value.columns)
    assert phrases["detractor_share"].max() > 1


def test_the_respondents_list_says_how_many_there_are_and_how_many_pages(seeded):
    at = page_as("pages/respondent.py", "viewer")
    at.run()
    assert not at.exception
    assert at.number_input(key="respondent_page").label == "Page (of 1)"
    assert any("1 identified respondent under" in caption.value for caption in at.caption)


def test_a_respondent_without_comments_has_a_blank_latest_comment_not_none(seeded):
    with Session(seeded) as session:
        session.add(Respondent(key="bo", email="bo@example.com", name="Bo Berg"))
        session.commit()
    add_responses(seeded, [{"score": 8, "day": date(2026, 1, 10), "respondent_id": 2}])
    at = page_as("pages/respondent.py", "analyst")
    at.run()
    assert not at.exception
    people = at.dataframe[0].value.set_index("name")
    assert people.loc["Bo Berg", "latest_comment"] == ""
    assert people.loc["Anna Nowak", "latest_comment"] == "التوصيل سريع جدا"


def _with_ben(engine) -> None:
    with Session(engine) as session:
        session.add(Respondent(key="ben", email="ben@example.org", name="Ben Lind", customer_id="C-77"))
        session.commit()
    add_responses(engine, [{"score": 8, "day": date(2026, 1, 10), "respondent_id": 2}])


@pytest.mark.parametrize(("search", "expected"), [("nowak", ["Anna Nowak"]), ("c-77", ["Ben Lind"]), ("EXAMPLE", None)])
def test_an_analyst_finds_respondents_by_name_email_or_customer_id(seeded, search, expected):
    _with_ben(seeded)
    at = page_as("pages/respondent.py", "analyst").run()
    at.text_input(key="respondent_search").input(search).run()
    assert not at.exception
    names = sorted(at.dataframe[0].value["name"])
    assert names == (expected or ["Anna Nowak", "Ben Lind"])
    assert "customer_id" in at.dataframe[0].value.columns


def test_a_viewer_cannot_search_by_the_fields_shown_masked(seeded):
    _with_ben(seeded)
    at = page_as("pages/respondent.py", "viewer").run()
    assert not [box for box in at.text_input if box.key == "respondent_search"]
    assert any("needs the analyst role" in caption.value for caption in at.caption)
    assert set(at.dataframe[0].value["customer_id"].dropna()) == set()


def test_the_respondents_list_is_as_tall_as_its_rows_rather_than_a_ten_row_box(seeded, monkeypatch):
    import streamlit

    heights = []
    original = streamlit.dataframe

    def recording(*args, **kwargs):
        heights.append(kwargs.get("height"))
        return original(*args, **kwargs)

    monkeypatch.setattr(streamlit, "dataframe", recording)
    add_responses(seeded, [{"score": 8, "day": date(2026, 1, 10), "respondent_id": n} for n in range(2, 42)])
    with Session(seeded) as session:
        session.add_all(Respondent(key=f"p{n}", name=f"Person {n}") for n in range(2, 42))
        session.commit()
    at = page_as("pages/respondent.py", "analyst").run()
    assert len(at.dataframe[0].value) == 41
    assert heights[0] == 35 * 42 + 3


def test_a_respondents_history_can_be_sorted_by_score(seeded):
    at = page_as("pages/respondent.py", "analyst")
    at.query_params["id"] = "1"
    at.run()
    at.radio(key="respondent_history_order").set_value("score_low").run()
    assert not at.exception
    shown = texts(at)
    assert shown.index("Dostawa") < shown.index("التوصيل")


def test_a_name_with_markup_reads_literally_in_the_compact_view(seeded):
    with Session(seeded) as session:
        anna = session.get(Respondent, 1)
        anna.name = "**Boss** [x](javascript:alert(1))"
        session.add(anna)
        session.commit()
    at = page_as("pages/comments.py", "analyst").run()
    captions = [caption.value for caption in at.caption if "Boss" in caption.value]
    assert captions and all("**Boss**" not in c and "](javascript" not in c for c in captions)
    assert "**Boss** [x](javascript:alert(1))" in shown(at)


def test_an_analyst_saves_a_theme_by_example_phrases_alone_and_it_finds_comments_in_other_languages(seeded):
    at = page_as("pages/themes.py", "analyst")
    at.run()
    at.text_input(key="themes_name_New theme").set_value("late parcels")
    at.text_area(key="themes_keywords_New theme").set_value("")
    at.text_area(key="themes_examples_New theme").set_value("the parcel arrived a week late\nthe delivery was slow")
    next(button for button in at.button if button.label == "Save and re-match comments").click().run()
    assert not at.exception and not at.error
    dictionary = next(frame.value for frame in at.dataframe if "examples" in frame.value.columns)
    row = dictionary.set_index("theme").loc["late parcels"]
    assert row["keywords"] == "" and "the delivery was slow" in row["examples"]
    theme_id = next(i for i, (name, _) in analysis.theme_dictionary(engine=seeded).items() if name == "late parcels")
    stored = analysis.theme_examples(engine=seeded)[theme_id]
    assert stored == ["the parcel arrived a week late", "the delivery was slow"]
    with Session(seeded) as session:
        themed = session.execute(
            select(Response.comment).join(ResponseTheme).where(ResponseTheme.theme_id == theme_id)
        ).scalars()
        assert set(themed) >= {"Dostawa spóźniła się o tydzień"}
