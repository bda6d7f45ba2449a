"""The demo data generator: deterministic, realistic, multilingual, and carrying the story the README tells."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pandas as pd
import pytest

from nps.demo import (
    COLUMNS,
    SURVEY_FILES,
    demo_quarter,
    generate_bench_export,
    generate_responses,
    write_demo_files,
)
from nps.metrics import Counts, nps

DEMO_DIR = Path(__file__).resolve().parents[2] / "data" / "demo"
BUNDLED_ROWS = 6000


@pytest.fixture(scope="module")
def demo() -> pd.DataFrame:
    return generate_responses(BUNDLED_ROWS)


def _counts(scores: pd.Series) -> Counts:
    return Counts(
        promoters=int((scores >= 9).sum()),
        passives=int(scores.between(7, 8).sum()),
        detractors=int((scores <= 6).sum()),
    )


def _read_export(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


def test_the_same_seed_gives_the_same_frame(demo: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(demo, generate_responses(BUNDLED_ROWS))


def test_a_different_seed_gives_different_responses(demo: pd.DataFrame) -> None:
    assert not demo["score"].equals(generate_responses(BUNDLED_ROWS, seed=8)["score"])


def test_the_bundled_files_equal_a_fresh_generation(tmp_path: Path) -> None:
    written = write_demo_files(tmp_path)
    assert [path.name for path in written] == list(SURVEY_FILES.values())
    for path in written:
        assert path.read_bytes() == (DEMO_DIR / path.name).read_bytes(), f"regenerate {path.name}"


def test_the_bundled_files_hold_every_row_once_without_the_survey_column() -> None:
    frames = [_read_export(DEMO_DIR / name) for name in SURVEY_FILES.values()]
    assert sum(len(frame) for frame in frames) == BUNDLED_ROWS >= 5000
    for frame in frames:
        assert list(frame.columns) == [column for column in COLUMNS if column != "survey"]
    assert pd.concat(frames)["response_id"].is_unique


def test_the_bundled_files_stay_small() -> None:
    assert sum((DEMO_DIR / name).stat().st_size for name in SURVEY_FILES.values()) < 1_500_000


def test_the_generator_returns_the_requested_number_of_rows_and_columns(demo: pd.DataFrame) -> None:
    assert len(demo) == BUNDLED_ROWS
    assert list(demo.columns) == list(COLUMNS)
    assert set(demo["survey"]) == set(SURVEY_FILES)


def test_scores_are_whole_numbers_from_0_to_10(demo: pd.DataFrame) -> None:
    assert pd.api.types.is_integer_dtype(demo["score"])
    assert demo["score"].between(0, 10).all()
    assert set(demo["score"]) == set(range(11))


def test_response_ids_are_unique_and_numbered_in_time_order(demo: pd.DataFrame) -> None:
    assert demo["response_id"].is_unique
    assert demo["response_id"].iloc[0] == "R-000001"
    assert demo["submitted_at"].is_monotonic_increasing


def test_timestamps_are_utc_iso_8601_inside_the_demo_year(demo: pd.DataFrame) -> None:
    assert demo["submitted_at"].str.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ").all()
    when = pd.to_datetime(demo["submitted_at"], utc=True)
    assert when.min() >= pd.Timestamp("2025-12-01", tz="UTC")
    assert when.max() < pd.Timestamp("2026-12-01", tz="UTC")


def test_weekdays_get_more_responses_than_weekends(demo: pd.DataFrame) -> None:
    per_weekday = pd.to_datetime(demo["submitted_at"], utc=True).dt.day_of_week.value_counts()
    assert per_weekday[[0, 1, 2, 3]].min() > per_weekday[[5, 6]].max()


def test_customers_answer_several_times_with_a_stable_name_email_and_segment(demo: pd.DataFrame) -> None:
    customers = demo.groupby("customer_id")
    assert len(customers) == BUNDLED_ROWS // 3
    stable = customers[["name", "email", "region", "country", "plan"]].nunique()
    assert (stable == 1).all().all()
    assert demo.drop_duplicates("customer_id")["email"].is_unique


def test_emails_use_only_example_domains(demo: pd.DataFrame) -> None:
    assert demo["email"].str.fullmatch(r"[a-z0-9.\-]+@example\.(com|org)").all()


def test_countries_are_iso_codes_consistent_with_the_region_and_never_na(demo: pd.DataFrame) -> None:
    assert demo["country"].str.fullmatch(r"[A-Z]{2}").all()
    assert "NA" not in set(demo["country"])
    assert set(demo.loc[demo["region"] == "Poland", "country"]) == {"PL"}
    assert set(demo.loc[demo["region"] == "Thailand", "country"]) == {"TH"}
    assert set(demo.loc[demo["region"] == "DACH", "country"]) <= {"DE", "AT", "CH"}


def test_names_suit_the_customers_country(demo: pd.DataFrame) -> None:
    first = demo.drop_duplicates("customer_id")
    assert first.loc[first["region"] == "Poland", "name"].str.contains("[ąćęłńóśźżŁŚŻ]").any()
    assert first.loc[first["region"] == "Thailand", "name"].str.contains("[\u0e00-\u0e7f]").any()
    assert first.loc[first["region"] == "Middle East", "name"].str.contains("[\u0600-\u06ff]").any()
    assert first.loc[first["region"] == "Greater China", "name"].str.fullmatch("[\u4e00-\u9fff]{2,3}").any()


def test_about_six_in_ten_responses_have_a_comment(demo: pd.DataFrame) -> None:
    assert 0.5 < (demo["comment"] != "").mean() < 0.7


def test_comments_come_in_all_five_languages_in_the_customers_language(demo: pd.DataFrame) -> None:
    comments = demo[demo["comment"] != ""]
    scripts = {
        "Thailand": "[\u0e00-\u0e7f]",
        "Middle East": "[\u0600-\u06ff]",
        "Greater China": "[\u4e00-\u9fff]",
        "Poland": r"\b(?:dostawa|cena|aplikacja|obsługa|jakość|dostawy|paczka)\b|[ąęłśżź]",
    }
    for region, pattern in scripts.items():
        mine = comments.loc[comments["region"] == region, "comment"].str.contains(pattern, case=False)
        assert 0.7 < mine.mean() < 1.0, region
    english = comments["comment"].str.fullmatch(r"[A-Za-z0-9 .,!?':()\-]+")
    assert english[comments["region"] == "North America"].mean() > 0.95
    assert english[comments["region"] == "Thailand"].any()


def test_chinese_comments_have_no_spaces(demo: pd.DataFrame) -> None:
    chinese = demo.loc[demo["comment"].str.contains("[\u4e00-\u9fff]"), "comment"]
    assert len(chinese) > 100
    assert not chinese.str.contains(" ").any()


def test_comments_mention_the_cx_themes_in_each_language(demo: pd.DataFrame) -> None:
    text = " ".join(demo["comment"])
    for word in ("delivery", "price", "support", "app", "invoice", "dostawa", "cena", "aplikacja"):
        assert word in text.lower(), word
    for word in ("จัดส่ง", "ราคา", "แอป", "التوصيل", "السعر", "التطبيق", "配送", "价格", "客服", "应用"):
        assert word in text, word


def test_comments_are_varied_not_a_handful_of_repeats(demo: pd.DataFrame) -> None:
    comments = demo.loc[demo["comment"] != "", "comment"]
    assert comments.nunique() > 400
    assert comments.value_counts().iloc[0] < 0.02 * len(comments)


def test_a_few_comments_carry_what_people_paste(demo: pd.DataFrame) -> None:
    comments = demo["comment"]
    assert (comments == "<script>alert(1)</script> not happy").any()
    assert (comments == "**bold** [link](http://x)").any()
    assert comments.str.startswith("=SUM(1+1)").any()
    assert comments.str.contains("\n").any()
    assert comments.str.startswith(("<", "*", "=", "+", "@")).mean() < 0.01


def test_poland_nps_drops_at_least_15_points_in_q3_around_delivery(demo: pd.DataFrame) -> None:
    poland = demo[demo["region"] == "Poland"]
    quarter = demo_quarter(poland["submitted_at"])
    by_quarter = {q: _counts(poland.loc[quarter == q, "score"]) for q in (1, 2, 3, 4)}
    q3 = nps(by_quarter[3])
    others = nps(by_quarter[1] + by_quarter[2] + by_quarter[4])
    assert q3 is not None and others is not None
    assert q3 <= others - 15
    assert all(q3 < nps(by_quarter[q]) - 10 for q in (1, 2, 4))

    unhappy = poland[(poland["score"] <= 6) & (poland["comment"] != "")]
    about_delivery = unhappy["comment"].str.contains(r"dostaw|paczk|kurier|deliver|parcel|courier", case=False)
    in_q3 = demo_quarter(unhappy["submitted_at"]) == 3
    assert about_delivery[in_q3].mean() > 2 * about_delivery[~in_q3].mean()


def test_enterprise_scores_higher_than_free_in_every_quarter(demo: pd.DataFrame) -> None:
    quarter = demo_quarter(demo["submitted_at"])
    for q in (1, 2, 3, 4):
        in_q = demo[quarter == q]
        enterprise = nps(_counts(in_q.loc[in_q["plan"] == "Enterprise", "score"]))
        free = nps(_counts(in_q.loc[in_q["plan"] == "Free", "score"]))
        assert enterprise is not None and free is not None
        assert enterprise > free + 10


def test_post_support_nps_improves_quarter_on_quarter(demo: pd.DataFrame) -> None:
    support = demo[demo["survey"] == "Post-support"]
    quarter = demo_quarter(support["submitted_at"])
    scores = [nps(_counts(support.loc[quarter == q, "score"])) for q in (1, 2, 3, 4)]
    assert all(a is not None and b is not None and b > a for a, b in pairwise(scores))
    assert scores[3] - scores[0] > 25


def test_mobile_scores_below_web(demo: pd.DataFrame) -> None:
    web = nps(_counts(demo.loc[demo["channel"] == "Web", "score"]))
    mobile = nps(_counts(demo.loc[demo["channel"].isin(["iOS", "Android"]), "score"]))
    assert web is not None and mobile is not None
    assert 3 < web - mobile < 25


def test_the_bench_export_has_the_generic_columns_over_two_years(tmp_path: Path) -> None:
    path = generate_bench_export(tmp_path / "bench.csv", rows=10_000)
    frame = _read_export(path)
    assert list(frame.columns) == list(COLUMNS)
    assert len(frame) == 10_000
    assert frame["response_id"].is_unique
    when = pd.to_datetime(frame["submitted_at"], utc=True)
    assert (when.max() - when.min()).days > 700
    assert 0.33 < (frame["comment"] != "").mean() < 0.47


def test_csv_quoting_round_trips_commas_quotes_and_line_breaks(tmp_path: Path, demo: pd.DataFrame) -> None:
    written = write_demo_files(tmp_path)
    back = pd.concat([_read_export(path) for path in written]).set_index("response_id")
    original = demo.set_index("response_id")
    assert back["comment"].sort_index().equals(original["comment"].sort_index())
    assert re.search("\n", "".join(back["comment"]))
