"""Themes: what comments are about, how much each theme moves the NPS, and the dictionary behind it."""

from __future__ import annotations

from dataclasses import replace
from functools import partial

import pandas as pd
import streamlit as st

from components.analysis_runner import rematch_with_progress, render_pending_analysis_notice
from components.auth import current_role, require_role
from components.chart_specs import draw_chart
from components.comment_summary import render_theme_summary_panel
from components.datasource import (
    load_comment_choices,
    load_comment_counts,
    load_phrase_suggestions,
    load_summary,
    load_theme_examples,
    load_theme_stats,
    load_theme_trend,
    write,
)
from components.drill import back_to, open_responses, period_of, picked
from components.exports import render_chart_downloads
from components.filters import current_view, render_view_caption
from components.i18n import _, count_words, current_language, ngettext, tone_name, translated_error
from components.theme_charts import (
    MENTION_PICK,
    THEME_PERIOD_PICK,
    THEME_PICK,
    theme_impact_chart,
    theme_mentions_chart,
    theme_trend_chart,
)
from nps import analysis
from nps.charts import EXPORT_WIDTH, period_name
from nps.comments import SENTIMENTS, CommentQuery
from nps.filters import PERIODS, Filters
from nps.i18n import format_number
from nps.text.sentiment import SENTIMENT_METHOD
from nps.users import role_allows

username = require_role("viewer")
role = current_role()
can_write = role_allows(role, "analyst")
view = current_view()
filters = view.filters

NEW_THEME = "New theme"

st.title(_("Themes"))
render_view_caption()
render_pending_analysis_notice(can_run=can_write, key="themes_analyse")

stats = load_theme_stats(filters)
if stats.empty or stats["mentions"].sum() == 0:
    st.info(_("No comment under these filters mentions a theme yet."))
else:
    back = back_to(view, "pages/themes.py", "Themes")
    responses = int(load_summary(replace(filters, weighted=False)).n)
    st.subheader(_("Impact on NPS"))
    st.caption(
        _(
            "Impact = NPS of all responses minus NPS without the responses that mention the theme. Negative: the "
            "theme pulls the score down. Bars show the estimate, lines its 95% interval. Click a bar to read its "
            "comments."
        )
    )
    impact_pick = draw_chart(
        theme_impact_chart, stats, lang=current_language(), on_select="rerun", key="themes_impact_pick"
    )
    if theme := picked(impact_pick, THEME_PICK, "theme"):
        open_responses(back, themes=(str(theme),))
    render_chart_downloads(
        partial(theme_impact_chart, stats, width=EXPORT_WIDTH, lang=current_language()),
        _("Impact of each theme on NPS, with 95% interval"),
        key="themes_impact",
        n=responses,
        file_stem="theme-impact",
    )
    columns = st.columns(2)
    with columns[0]:
        st.subheader(_("Mentions by category"))
        mentions_pick = draw_chart(
            theme_mentions_chart, stats, lang=current_language(), on_select="rerun", key="themes_mentions_pick"
        )
        if theme := picked(mentions_pick, MENTION_PICK, "theme"):
            category = picked(mentions_pick, MENTION_PICK, "category")
            open_responses(back, themes=(str(theme),), categories=(str(category),) if category else ())
        render_chart_downloads(
            partial(theme_mentions_chart, stats, width=EXPORT_WIDTH - 250, lang=current_language()),
            _("Comments mentioning each theme, by category"),
            key="themes_mentions",
            n=responses,
            file_stem="theme-mentions",
        )
    with columns[1]:
        st.subheader(_("Theme trend"))
        lang = current_language()
        period = (
            st.segmented_control(
                _("Period"),
                PERIODS,
                default="month",
                key="themes_period",
                format_func=lambda p: period_name(p, lang),
            )
            or "month"
        )
        trend = load_theme_trend(filters, period=period)
        if trend.empty:
            st.info(_("No theme mentions in this period."))
        else:
            trend_pick = draw_chart(
                theme_trend_chart,
                trend,
                period=period,
                lang=current_language(),
                on_select="rerun",
                key="themes_trend_pick",
            )
            if (theme := picked(trend_pick, THEME_PERIOD_PICK, "theme")) and (
                start := picked(trend_pick, THEME_PERIOD_PICK, "period_start")
            ):
                open_responses(back, themes=(str(theme),), period=period_of(start, period))
            render_chart_downloads(
                partial(theme_trend_chart, trend, period=period, width=EXPORT_WIDTH, lang=current_language()),
                {
                    "week": _("Share of comments mentioning each theme, by week"),
                    "month": _("Share of comments mentioning each theme, by month"),
                    "quarter": _("Share of comments mentioning each theme, by quarter"),
                }[period],
                key="themes_trend",
                n=responses,
                file_stem=f"theme-trend-by-{period}",
            )
    rows = st.dataframe(
        stats.drop(columns=["theme_id"]).assign(
            detractor_share=stats["detractor_share"] * 100,
            negative_share=stats["negative_share"] * 100,
            positive_share=stats["positive_share"] * 100,
        ),
        hide_index=True,
        column_config={
            "theme": _("Theme"),
            "mentions": st.column_config.NumberColumn(_("Mentions"), format="%d"),
            "detractors": st.column_config.NumberColumn(_("Detractors"), format="%d"),
            "passives": st.column_config.NumberColumn(_("Passives"), format="%d"),
            "promoters": st.column_config.NumberColumn(_("Promoters"), format="%d"),
            "detractor_share": st.column_config.NumberColumn(
                _("Share of detractor comments"), format="%.1f%%", help=_("Detractor comments mentioning the theme")
            ),
            "theme_nps": st.column_config.NumberColumn(_("NPS of these responses"), format="%+.1f"),
            "impact": st.column_config.NumberColumn(_("Impact on NPS"), format="%+.2f"),
            "impact_low": st.column_config.NumberColumn(_("95% CI low"), format="%+.2f"),
            "impact_high": st.column_config.NumberColumn(_("95% CI high"), format="%+.2f"),
            "significant": st.column_config.CheckboxColumn(_("Significant"), help=_("Theme NPS differs from the rest")),
            "negative_share": st.column_config.NumberColumn(
                _("Negative about it"),
                format="%.0f%%",
                help=_(
                    "Mentions whose sentences about this theme read negative (a comment can praise one theme and "
                    "fault another)"
                ),
            ),
            "positive_share": st.column_config.NumberColumn(
                _("Positive about it"),
                format="%.0f%%",
                help=_("Mentions whose sentences about this theme read positive"),
            ),
        },
        on_select="rerun",
        selection_mode="single-row",
        key="themes_table_rows",
    )
    if rows.selection.rows:
        open_responses(back, themes=(str(stats["theme"].iloc[rows.selection.rows[0]]),))
    mentioned = [str(name) for name in stats.loc[stats["mentions"] > 0, "theme"]]
    opener = st.container(horizontal=True, vertical_alignment="bottom", key="themes_open")
    chosen = opener.selectbox(_("Read the comments of"), mentioned, key="themes_open_theme")
    chosen_id = int(stats.set_index("theme").loc[chosen, "theme_id"])
    behind = load_comment_counts(filters, CommentQuery(theme_ids=(chosen_id,), with_comment=False)).n
    open_label = count_words(behind, ngettext("Open {count} response", "Open {count} responses", behind))
    if opener.button(open_label, key="themes_open_button", icon=":material/forum:"):
        open_responses(back, themes=(chosen,))
    st.caption(_("Or click a bar, a point or a table row to read the comments behind it."))

render_theme_summary_panel(filters, load_comment_choices(Filters())[2])

st.subheader(_("Tone of comments"))
st.info(_(SENTIMENT_METHOD) + " " + _("Keep the score category beside it: the category is what the customer said."))
tones = {tone: load_comment_counts(filters, CommentQuery(sentiments=(tone,))) for tone in SENTIMENTS}
if sum(counts.n for counts in tones.values()) == 0:
    st.caption(_("No comment under these filters has a tone estimate yet."))
else:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "tone": tone_name(tone).capitalize(),
                    "comments": c.n,
                    "detractors": c.detractors,
                    "passives": c.passives,
                    "promoters": c.promoters,
                }
                for tone, c in tones.items()
            ]
        ),
        hide_index=True,
        column_config={
            "tone": _("Tone (estimate)"),
            "comments": st.column_config.NumberColumn(_("Comments"), format="localized"),
            "detractors": st.column_config.NumberColumn(_("From detractors"), format="localized"),
            "passives": st.column_config.NumberColumn(_("From passives"), format="localized"),
            "promoters": st.column_config.NumberColumn(_("From promoters"), format="localized"),
        },
    )

st.subheader(_("Suggested themes"))
st.caption(
    _(
        "Frequent words and phrases from the newest {count} comments that no theme covers yet, leaning to "
        "detractors (lift above 1) or promoters (below 1)."
    ).format(count=format_number(5000, current_language(), decimals=0))
)
suggestions = None
if st.toggle(_("Suggest themes"), key="themes_suggest"):
    with st.spinner(_("Reading the newest comments for frequent phrases…")):
        suggestions = load_phrase_suggestions(filters)
if suggestions is None:
    pass
elif suggestions:
    phrases = pd.DataFrame([s.__dict__ for s in suggestions])
    st.dataframe(
        phrases.assign(detractor_share=phrases["detractor_share"] * 100),
        hide_index=True,
        column_config={
            "phrase": _("Phrase"),
            "count": st.column_config.NumberColumn(_("Comments"), format="%d"),
            "detractor_share": st.column_config.NumberColumn(_("From detractors"), format="%.1f%%"),
            "lift": st.column_config.NumberColumn(_("Lift (detractor ÷ promoter)"), format="%.2f"),
        },
    )
else:
    st.caption(_("No suggestions: too few comments under these filters."))

st.subheader(_("Theme dictionary"))
themes = load_comment_choices(Filters())[2]
examples = load_theme_examples()
dictionary = pd.DataFrame(
    [
        {"theme": name, "keywords": ", ".join(keywords), "examples": " · ".join(examples.get(theme_id, []))}
        for theme_id, (name, keywords) in themes.items()
    ],
    columns=["theme", "keywords", "examples"],
)
st.dataframe(
    dictionary,
    hide_index=True,
    column_config={
        "theme": _("Theme"),
        "keywords": _("Keywords and phrases"),
        "examples": _("Example phrases (matched by meaning)"),
    },
)
if not can_write:
    st.caption(_("Analysts and admins edit the dictionary."))
    st.stop()

by_name = {name: theme_id for theme_id, (name, _keywords) in themes.items()}
choice = st.selectbox(
    _("Edit a theme"),
    [NEW_THEME, *by_name],
    key="themes_edit_choice",
    format_func=lambda name: _("New theme") if name == NEW_THEME else name,
)
current = themes.get(by_name.get(choice, -1), ("", []))
current_examples = examples.get(by_name.get(choice, -1), [])
with st.form("themes_editor"):
    name = st.text_input(_("Name"), value=current[0], key=f"themes_name_{choice}")
    raw = st.text_area(
        _("Keywords and phrases, one per line or comma-separated, in any language"),
        value="\n".join(current[1]),
        height=200,
        key=f"themes_keywords_{choice}",
        help=_(
            "English and Polish match whole words and their inflections; Chinese, Thai and Arabic match inside "
            "words, so keep them specific (价格 rather than 价)."
        ),
    )
    raw_examples = st.text_area(
        _("Example phrases, one per line, in any language"),
        value="\n".join(current_examples),
        height=120,
        key=f"themes_examples_{choice}",
        help=_(
            'Short sentences a customer might write about this theme, such as "the parcel arrived late". A '
            "comment sentence close in meaning to one of them gets the theme in every language, even without a "
            "keyword. Leave empty to match by keywords alone."
        ),
    )
    buttons = st.columns(2)
    save = buttons[0].form_submit_button(_("Save and re-match comments"), type="primary")
    remove = buttons[1].form_submit_button(_("Delete this theme"), disabled=choice == NEW_THEME)
if save or remove:
    require_role("analyst")
    try:
        write(
            analysis.change_themes,
            username=username,
            role=role,
            save=(name, analysis.parse_keywords(raw), by_name.get(choice)) if save else None,
            delete_id=None if save else by_name[choice],
            examples=[line.strip() for line in raw_examples.splitlines() if line.strip()] if save else None,
        )
    except (analysis.ThemeError, PermissionError) as error:
        st.error(translated_error(error))
        st.stop()
    matches = rematch_with_progress()
    if matches is not None:
        found = ngettext(
            "Themes saved; {count} theme mention found.", "Themes saved; {count} theme mentions found.", matches
        )
        st.toast(count_words(matches, found), icon=":material/check:")
        st.rerun()
