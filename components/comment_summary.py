"""The offline summary of a view of the comments: per tone, how many, and the quotes that stand for the most.

Quotes are untrusted text: shown with st.text only. Computing a summary reads hundreds of comments through the
sentence encoder (seconds), so panels compute it when asked; the cached result follows the data version.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from components.comment_card import is_right_to_left
from components.datasource import load_comment_summary
from components.i18n import _
from components.privacy import comment_masking
from nps.comment_summary import ALL_COMMENTS, CommentSummary
from nps.comments import CommentQuery
from nps.filters import Filters
from nps.text.summary import excerpt


def _tone_title(tone: str) -> str:
    return {"negative": _("Negative"), "neutral": _("Neutral"), "positive": _("Positive")}[tone]


def summary_of(filters: Filters, query: CommentQuery = ALL_COMMENTS) -> CommentSummary:
    """The view's summary, masked as comments are for the signed-in role (the order of the list plays no part)."""
    summary = load_comment_summary(filters, replace(query, sort="category", with_comment=True))
    return summary.masked() if comment_masking() else summary


def render_summary(summary: CommentSummary, *, big: bool = False) -> None:
    """One column per tone: its count, then each quote with how many comments it stands for (two on a slide)."""
    if summary.comments == 0:
        st.caption(_("No comment in this view has a tone estimate yet."))
        return
    columns = st.columns(len(summary.tones), gap="large")
    for column, group in zip(columns, summary.tones, strict=True):
        with column:
            title = _tone_title(group.tone)
            count = _("{count} comments").format(count=f"{group.comments:,}")
            st.markdown(f"{'###' if big else '####'} {title} · {count}")
            if group.read < group.comments and not big:
                st.caption(_("Quotes chosen among the newest {read} of them.").format(read=f"{group.read:,}"))
            if not group.quotes:
                st.caption(_("Nothing to quote."))
            for quote in group.quotes[: 2 if big else None]:
                with st.container(border=True):
                    text = excerpt(quote.text, 600 if big else 300)
                    st.text(text, text_alignment="right" if is_right_to_left(text, None) else "left", width="stretch")
                    similar = _("Stands for {count} similar comments").format(count=f"{quote.stands_for:,}")
                    same = _("{count} identical").format(count=f"{quote.identical:,}") if quote.identical > 1 else None
                    st.caption(" · ".join(part for part in (similar, same) if part))


def render_summary_panel(filters: Filters, query: CommentQuery = ALL_COMMENTS, *, key: str) -> None:
    """A toggle that computes the summary of this view on request, then shows it."""
    st.subheader(_("Summary"))
    if not st.toggle(
        _("Summarise these comments"),
        key=f"{key}_summary",
        help=_(
            "Offline and extractive: for each tone, the comments most typical of the others, found by a sentence "
            "model on this server. Identical comments count once, with their number."
        ),
    ):
        return
    with st.spinner(_("Reading the comments for the most typical ones…")):
        summary = summary_of(filters, query)
    render_summary(summary)


def render_theme_summary_panel(filters: Filters, themes: dict[int, tuple[str, list[str]]]) -> None:
    """The summary of one chosen theme's comments (the Themes page)."""
    by_name = {name: theme_id for theme_id, (name, _keywords) in themes.items()}
    if not by_name:
        return
    st.subheader(_("What a theme's comments say"))
    choice = st.selectbox(
        _("Theme to summarise"), [None, *by_name], key="themes_summary_theme", placeholder=_("Choose a theme")
    )
    if choice is None:
        return
    with st.spinner(_("Reading the theme's comments for the most typical ones…")):
        summary = summary_of(filters, CommentQuery(theme_ids=(by_name[choice],)))
    render_summary(summary)


def render_summary_slide(filters: Filters) -> None:
    """Meeting mode: what customers said in this view, one column per tone."""
    st.markdown("# " + _("What customers said"))
    st.caption(_("The comments most typical of the others, per tone (an offline summary)."))
    with st.spinner(_("Reading the comments for the most typical ones…")):
        summary = summary_of(filters)
    render_summary(summary, big=True)
