"""Comments: what customers wrote, detractors first, searchable in every language."""

from __future__ import annotations

import streamlit as st

from components.analysis_runner import render_pending_analysis_notice
from components.auth import current_role, require_role
from components.comment_card import inject_comment_styles, render_comment_card, render_compact_comment
from components.comment_summary import render_summary_panel
from components.datasource import load_comment_choices, load_comment_counts, load_comment_page
from components.drill import render_back_button, render_queue_filter
from components.filters import current_filters, render_view_caption
from components.i18n import _, category_name, count_words, current_language, follow_up_status_name, ngettext, tone_name
from components.url_state import seed_from_url, write_to_url
from nps.comments import CATEGORIES, NO_FOLLOW_UP, SENTIMENTS, SORTS, CommentQuery
from nps.filters import Filters
from nps.i18n import format_number
from nps.models import FOLLOW_UP_STATUSES, utc_now
from nps.search import MAX_QUERY_CHARS
from nps.users import role_allows

PAGE_SIZE = 25

username = require_role("viewer")
role = current_role()
can_write = role_allows(role, "analyst")
filters = current_filters()
inject_comment_styles()

render_back_button()
st.title(_("Comments"))
render_view_caption()
render_pending_analysis_notice(can_run=can_write, key="comments_analyse")

languages, tags, themes = load_comment_choices(Filters())
theme_ids = {name: theme_id for theme_id, (name, _keywords) in themes.items()}

URL_KEYS = {  # widget key → (URL key, options, many, parse): what a shared link carries
    "comments_search": ("q", None, False, str),
    "comments_categories": ("category", CATEGORIES, True, str),
    "comments_scores": ("score", range(11), True, int),
    "comments_languages": ("language", languages, True, str),  # not `lang`: that is the interface language
    "comments_sort": ("sort", list(SORTS), False, str),
    "comments_themes": ("theme", list(theme_ids), True, str),
    "comments_tags": ("tag", tags, True, str),
    "comments_follow_up": ("follow_up", [NO_FOLLOW_UP, *FOLLOW_UP_STATUSES], True, str),
    "comments_sentiments": ("tone", SENTIMENTS, True, str),
}
for widget_key, (url_key, options, many, parse) in URL_KEYS.items():
    seed_from_url(widget_key, url_key, options=options, many=many, parse=parse)
if "comments_with_comment" not in st.session_state:
    st.session_state["comments_with_comment"] = st.query_params.get("all") != "1"

search = st.text_input(
    _("Search comments"),
    key="comments_search",
    placeholder=_("Any language: a word or part of one (dostaw, 价格, ส่งช้า, توصيل)"),
    help=_("Finds the text anywhere in a comment; ignores case and accents (zolta finds żółta)."),
    max_chars=MAX_QUERY_CHARS,
)
row1 = st.columns(4)
categories = row1[0].multiselect(
    _("Category"),
    CATEGORIES,
    key="comments_categories",
    placeholder=_("All categories"),
    format_func=lambda c: category_name(c).capitalize(),
)
scores = row1[1].multiselect(_("Score"), list(range(11)), key="comments_scores", placeholder=_("All scores"))
chosen_languages = row1[2].multiselect(
    _("Language"), languages, key="comments_languages", placeholder=_("All languages")
)
sort = row1[3].selectbox(_("Order"), list(SORTS), format_func=lambda code: _(SORTS[code]), key="comments_sort")
row2 = st.columns(4)
chosen_themes = row2[0].multiselect(_("Theme"), list(theme_ids), key="comments_themes", placeholder=_("All themes"))
chosen_tags = row2[1].multiselect(_("Tag"), tags, key="comments_tags", placeholder=_("All tags"))
statuses = row2[2].multiselect(
    _("Follow-up"),
    [NO_FOLLOW_UP, *FOLLOW_UP_STATUSES],
    key="comments_follow_up",
    placeholder=_("Any follow-up"),
    format_func=lambda s: _("not followed up") if s == NO_FOLLOW_UP else follow_up_status_name(s),
)
sentiments = row2[3].multiselect(
    _("Tone (estimate)"),
    SENTIMENTS,
    key="comments_sentiments",
    placeholder=_("Any tone"),
    format_func=lambda t: tone_name(t).capitalize(),
)
queue = render_queue_filter()
switches = st.container(horizontal=True)
with switches:
    with_comment = st.toggle(_("Only responses with a comment"), key="comments_with_comment")
    compact = st.toggle(
        _("Compact view"), value=True, key="comments_compact", help=_("Two lines per comment, so a screen holds more.")
    )
for widget_key, (url_key, _options, many, _parse) in URL_KEYS.items():
    write_to_url(url_key, st.session_state.get(widget_key), [] if many else ("category" if url_key == "sort" else ""))
write_to_url("all", "0" if with_comment else "1", "0")

query = CommentQuery(
    categories=tuple(categories),
    scores=tuple(scores),
    with_comment=with_comment,
    languages=tuple(chosen_languages),
    theme_ids=tuple(theme_ids[name] for name in chosen_themes),
    tags=tuple(chosen_tags),
    follow_up=tuple(statuses),
    sentiments=tuple(sentiments),
    search=search.strip(),
    sort=sort,
    queue=queue,
    as_of=utc_now().replace(second=0, microsecond=0) if queue else None,  # overdue as on Follow-ups, this minute
)
if st.session_state.get("comments_last_query") != query:
    st.session_state["comments_last_query"] = query
    st.session_state["comments_page"] = 1

counts = load_comment_counts(filters, query)
if counts.n == 0:
    st.info(_("No comments match. Clear the search or widen the filters."))
    st.stop()
pages = (counts.n + PAGE_SIZE - 1) // PAGE_SIZE
st.session_state.setdefault("comments_page", 1)
st.session_state["comments_page"] = min(st.session_state["comments_page"], pages)
header = st.columns([3, 1])
header[0].subheader(
    " · ".join(
        [
            count_words(counts.n, ngettext("{count} response", "{count} responses", counts.n)),
            count_words(counts.detractors, ngettext("{count} detractor", "{count} detractors", counts.detractors)),
            count_words(counts.passives, ngettext("{count} passive", "{count} passives", counts.passives)),
            count_words(counts.promoters, ngettext("{count} promoter", "{count} promoters", counts.promoters)),
        ]
    )
)
lang = current_language()
page = header[1].number_input(
    _("Page (of {pages})").format(pages=format_number(pages, lang, decimals=0)),
    min_value=1,
    max_value=pages,
    step=1,
    key="comments_page",
)

render_summary_panel(filters, query, key="comments")
frame = load_comment_page(filters, query, page=int(page) - 1, page_size=PAGE_SIZE)
render = render_compact_comment if compact else render_comment_card
for _index, row in frame.iterrows():
    render(row, masked=not can_write, role=role, actor=username, key=f"comments-{row['id']}", search=query.search)
st.caption(
    _("Page {page} of {pages}. Names and e-mails are masked for viewers.").format(
        page=format_number(int(page), lang, decimals=0), pages=format_number(pages, lang, decimals=0)
    )
)
