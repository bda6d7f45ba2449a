"""One comment as a card, and the follow-up form shared by the explorer, the queue and the profile.

Comments, names and segment values are untrusted: they are drawn with st.text, or as escaped markdown when a
search hit is highlighted (escaped first, then wrapped: `highlighted_markdown`), never as HTML. The one st.html
call carries a fixed style sheet with no user text in it.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from components.datasource import get_engine, load_owner_names, write
from components.i18n import _, category_name, follow_up_status_name, tone_name, translated_error
from components.markdown_text import escape_markdown, highlighted_markdown
from components.privacy import comment_masking, shown_comment
from nps import followups, outbox
from nps.comments import as_utc_text, mask_email, mask_name
from nps.display_text import neutralise_bidi
from nps.models import FOLLOW_UP_STATUSES
from nps.search import hit_spans
from nps.text.sentiment import sentiment_label
from nps.text.tokens import ARABIC_RE
from nps.users import role_allows

BADGE_COLOURS = {"detractor": "red", "passive": "orange", "promoter": "green"}
RTL_LANGUAGES = {"ar", "fa", "he", "ur"}
_STYLE = """
<style>
[class*="st-key-comment-rtl-"] [data-testid="stText"],
[class*="st-key-comment-rtl-"] [data-testid="stMarkdownContainer"] { direction: rtl; unicode-bidi: plaintext; }
[class*="st-key-comment-ltr-"] [data-testid="stText"],
[class*="st-key-comment-ltr-"] [data-testid="stMarkdownContainer"] { unicode-bidi: plaintext; }
[class*="st-key-compact-"] { padding: 0.35rem 0.75rem; }
[class*="st-key-compact-"] [data-testid="stMarkdownContainer"] p { margin-bottom: 0; }
</style>
"""


def inject_comment_styles() -> None:
    """Right-to-left layout for Arabic comments; a constant style sheet, no user text inside."""
    st.html(_STYLE)


def is_right_to_left(text: str | None, language: str | None) -> bool:
    if language in RTL_LANGUAGES:
        return True
    if not text:
        return False
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(1 for c in letters if ARABIC_RE.match(c)) > len(letters) / 2


def _present(value: object) -> object:
    """None for the missing markers pandas puts into object columns (NaN, NA, NaT)."""
    if isinstance(value, list | dict | tuple):
        return value
    return None if pd.isna(value) else value


def render_comment_text(response_id: int, text: str | None, language: str | None, search: str = "") -> None:
    """The full comment, laid out right to left when it is Arabic: plain text, or escaped markdown with the
    search hits highlighted."""
    text = text if isinstance(text, str) else None
    language = language if isinstance(language, str) else None
    if not text:
        st.caption(_("No comment"))
        return
    text = str(shown_comment(text, comment_masking()))
    rtl = is_right_to_left(text, language)
    spans = hit_spans(text, search)
    with st.container(key=f"comment-{'rtl' if rtl else 'ltr'}-{response_id}"):
        if spans:
            st.markdown(highlighted_markdown(text, spans), text_alignment="right" if rtl else "left")
        else:
            st.text(neutralise_bidi(text), text_alignment="right" if rtl else "left", width="stretch")


def contact_line(name: str | None, email: str | None, *, masked: bool) -> str:
    if masked:
        name, email = mask_name(name), mask_email(email)
    return " · ".join(part for part in (name, email) if isinstance(part, str) and part)


def render_profile_link(respondent_id: int | None) -> None:
    if respondent_id is None or _present(respondent_id) is None:
        return
    query = {"id": str(int(respondent_id))}
    try:
        st.page_link("pages/respondent.py", label=_("Respondent profile"), icon=":material/person:", query_params=query)
    except StreamlitPageNotFoundError:
        st.markdown(f"[{_('Respondent profile')}](respondent?id={int(respondent_id)})")


def score_badge(score: object, category: str) -> None:
    st.badge(f"{int(score)} · {category_name(category)}", color=BADGE_COLOURS[category])


def render_compact_comment(
    row: pd.Series, *, masked: bool, role: str | None, actor: str | None, key: str, search: str = ""
) -> None:
    """One comment in two lines: score, date, survey, themes, contact and the actions, then the comment."""
    row = pd.Series({name: _present(value) for name, value in row.items()})
    with st.container(border=True, key=f"compact-{row['id']}", gap="xsmall"):
        line = st.container(horizontal=True, vertical_alignment="center", gap="small")
        with line:
            score_badge(row["score"], row["category"])
            facts = [as_utc_text(row["responded_at"]), str(row["survey"])]
            if row["themes"]:
                facts.append(_("themes: {themes}").format(themes=", ".join(row["themes"])))
            if row["follow_up"]:
                facts.append(_("follow-up {status}").format(status=follow_up_status_name(row["follow_up"])))
            contact = contact_line(row["name"], row["email"], masked=masked)
            if contact:
                facts.append(contact)
            st.caption(" · ".join(escape_markdown(fact) for fact in facts), width="stretch")
            render_profile_link(row["respondent_id"])
            if actor and followups_allowed(role):
                with st.popover(_("Follow up"), icon=":material/assignment_ind:", type="tertiary"):
                    render_follow_up_form(int(row["id"]), actor=actor, role=role, key=f"{key}-fu")
        render_comment_text(int(row["id"]), row["comment"], row["language"], search)


def render_comment_card(
    row: pd.Series,
    *,
    masked: bool,
    role: str | None,
    actor: str | None,
    key: str,
    profile_link: bool = True,
    search: str = "",
) -> None:
    """Score badge in the category colour, date, survey, segments, language, themes, the escaped comment.

    `profile_link=False` on the profile itself, where a link to the page already open would only confuse.
    """
    row = pd.Series({key: _present(value) for key, value in row.items()})
    with st.container(border=True):
        top = st.columns([1, 4, 2])
        with top[0]:
            score_badge(row["score"], row["category"])
        with top[1]:
            label = sentiment_label(None if row["sentiment"] is None else float(row["sentiment"]))
            facts = [as_utc_text(row["responded_at"])]
            if row["comment"]:
                facts.append(_("language {language}").format(language=row["language"] or _("not analysed yet")))
            if label:
                facts.append(_("tone {tone} (estimate)").format(tone=tone_name(label)))
            if row["follow_up"]:
                facts.append(_("follow-up {status}").format(status=follow_up_status_name(row["follow_up"])))
            st.caption(" · ".join(facts))
        if profile_link:
            with top[2]:
                render_profile_link(row["respondent_id"])
        render_comment_text(int(row["id"]), row["comment"], row["language"], search)
        details = [_("Survey: {survey}").format(survey=row["survey"])]
        details += [f"{name}: {value}" for name, value in (row["segments"] or {}).items()]
        if row["themes"]:
            details.append(_("Themes: {themes}").format(themes=", ".join(row["themes"])))
        if row["tags"]:
            details.append(_("Tags: {tags}").format(tags=", ".join(row["tags"])))
        if row["owner"]:
            details.append(_("Owner: {owner}").format(owner=row["owner"]))
        contact = contact_line(row["name"], row["email"], masked=masked)
        if contact:
            details.append(contact)
        st.text(" · ".join(neutralise_bidi(str(detail)) for detail in details))
        if actor and followups_allowed(role):
            with st.popover(_("Follow up"), icon=":material/assignment_ind:"):
                render_follow_up_form(int(row["id"]), actor=actor, role=role, key=f"{key}-fu")


def followups_allowed(role: str | None) -> bool:
    return role_allows(role, "analyst")


def render_follow_up_form(response_id: int, *, actor: str, role: str | None, key: str) -> None:
    """Status, owner, due date, note and a tag; the domain refuses viewers as well."""
    state = followups.follow_up_state(response_id, engine=get_engine())
    with st.form(f"{key}-{response_id}"):
        status = st.selectbox(
            _("Status"),
            FOLLOW_UP_STATUSES,
            index=FOLLOW_UP_STATUSES.index(state.status) if state.status else 0,
            format_func=follow_up_status_name,
            key=f"{key}-status-{response_id}",
        )
        owners = ["", *load_owner_names()]
        if state.owner and state.owner not in owners:
            owners.append(state.owner)
        current_owner = state.owner or (actor if actor in owners else "")
        owner = st.selectbox(
            _("Owner"),
            owners,
            index=owners.index(current_owner),
            format_func=lambda name: name or _("(unassigned)"),
            help=_("Analysts and admins; a new owner is e-mailed."),
            key=f"{key}-owner-{response_id}",
        )
        due = st.date_input(_("Due"), value=state.due_on, key=f"{key}-due-{response_id}", format="YYYY-MM-DD")
        note = st.text_area(_("Note"), value=state.note, key=f"{key}-note-{response_id}")
        tag = st.text_input(_("Add a tag"), key=f"{key}-tag-{response_id}", placeholder=_("e.g. callback"))
        saved = st.form_submit_button(_("Save follow-up"), type="primary")
    if state.tags:
        st.text(_("Tags: {tags}").format(tags=", ".join(state.tags)))
    if state.updated_by:
        st.caption(
            _("Last change by {user} at {time}").format(user=state.updated_by, time=as_utc_text(state.updated_at))
        )
    if not saved:
        return
    try:
        write(
            followups.save_follow_up,
            response_id,
            actor=actor,
            role=role,
            status=status,
            owner=owner,
            note=note,
            due_on=due if isinstance(due, date) else None,
            tag=tag,
        )
    except (followups.FollowUpError, PermissionError, outbox.OutboxError) as error:
        st.error(translated_error(error))
        return
    if owner != state.owner and owner != actor:
        with st.spinner(_("E-mailing {owner}…").format(owner=owner)):
            report = outbox.deliver_pending(engine=get_engine())
        if report.failed:
            st.warning(_("The owner's e-mail could not be sent yet; it stays in the outbox (Admin → Outbox)."))
            return
    st.toast(_("Follow-up saved."), icon=":material/check:")
    st.rerun()
