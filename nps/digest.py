"""The periodic digest e-mail: NPS with n, interval and change, response rate, themes that moved, representative
comments, follow-ups; an HTML body with inline charts (cid: images) and the PDF report attached.

The figures come from the same queries as the Overview (`counting.summary_counts` on the same Filters, the previous
period of equal length as comparison). The HTML is a Jinja2 template with autoescape on: comments are untrusted.
Sending the digest of one period to one list twice is refused (the outbox's dedup key) unless forced.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import altair as alt
import pandas as pd
from jinja2 import Environment, FileSystemLoader
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from nps import app_links, closed_loop, counting, invitations, outbox
from nps.closed_loop import ClosedLoopFigures
from nps.counting import in_category
from nps.exports import OverviewReport, ReportChart, ReportComment, chart_png, pdf_report
from nps.figures import describe_change, describe_interval, format_nps
from nps.filters import Filters
from nps.i18n import N_, TranslatableError
from nps.metrics import Z_95, Counts, Difference, classify, nps_with_interval, two_sample_test
from nps.models import OutboxMessage, ResponseTheme, Survey, Theme
from nps.periods import comparison_range
from nps.store import attribute_slots

TEMPLATES = Path(__file__).parent / "templates"
REPRESENTATIVE = 5


class DigestError(TranslatableError):
    """A digest that cannot be made or sent; the message is for the person asking."""


def parse_since(text: str, today: date) -> tuple[date, date]:
    """`7d`, `2w`, `1m` (30 days): the whole days before today, so a Monday run covers the week up to Sunday."""
    matched = re.fullmatch(r"\s*(\d{1,3})\s*([dwm])\s*", text)
    if not matched or int(matched.group(1)) == 0:
        raise DigestError(N_("--since takes a number of days, weeks or months, e.g. 7d, 2w, 1m."))
    days = int(matched.group(1)) * {"d": 1, "w": 7, "m": 30}[matched.group(2)]
    return today - timedelta(days=days), today - timedelta(days=1)


@dataclass(frozen=True)
class ThemeMove:
    theme: str
    share_now: float
    share_before: float
    significant: bool


@dataclass(frozen=True)
class Digest:
    filters: Filters
    previous: Filters
    current: Counts
    before: Counts
    change: Difference
    comments: int
    rates: pd.DataFrame
    themes: tuple[ThemeMove, ...]
    detractor_comments: tuple[ReportComment, ...]
    promoter_comments: tuple[ReportComment, ...]
    follow_ups: ClosedLoopFigures
    distribution: pd.DataFrame

    @property
    def period(self) -> str:
        return f"{self.filters.start} to {self.filters.end}"


def _theme_moves(now: Filters, before: Filters, *, engine: Engine) -> tuple[ThemeMove, ...]:
    """Share of comments mentioning each theme, this period against the previous; a two-proportion z test each,
    Bonferroni-corrected for the number of themes. Moved ones first, by size of the move."""
    totals = (counting.comment_count(now, engine=engine), counting.comment_count(before, engine=engine))
    mentions = [_mentions(f, engine=engine) for f in (now, before)]
    names = sorted(set(mentions[0]) | set(mentions[1]))
    moves = []
    for name in names:
        a, b = mentions[0].get(name, 0), mentions[1].get(name, 0)
        if not totals[0] or not totals[1]:
            continue
        p1, p2 = a / totals[0], b / totals[1]
        pooled = (a + b) / (totals[0] + totals[1])
        se = math.sqrt(pooled * (1 - pooled) * (1 / totals[0] + 1 / totals[1])) if 0 < pooled < 1 else 0
        z = (p1 - p2) / se if se else 0.0
        significant = math.erfc(abs(z) / math.sqrt(2)) * len(names) < 0.05 and abs(z) > Z_95
        moves.append(ThemeMove(name, p1, p2, significant))
    moves.sort(key=lambda m: (not m.significant, -abs(m.share_now - m.share_before)))
    return tuple(moves[:6])


def _mentions(filters: Filters, *, engine: Engine) -> dict[str, int]:
    r = counting.filtered_responses(filters, attribute_slots(engine=engine))
    statement = (
        select(Theme.name, func.count())
        .join(ResponseTheme, ResponseTheme.theme_id == Theme.id)
        .join(r, r.c.id == ResponseTheme.response_id)
        .where(r.c.comment_length > 0)
        .group_by(Theme.name)
    )
    with engine.connect() as connection:
        return {name: int(n) for name, n in connection.execute(statement).all()}


def representative_comments(filters: Filters, category: str, *, engine: Engine) -> tuple[ReportComment, ...]:
    """One comment for each of the themes these respondents mention most (the newest such comment), then the newest
    others: what most of them said, not the five loudest. Comments of 20–400 characters, readable in an e-mail."""
    r = counting.filtered_responses(filters, attribute_slots(engine=engine))
    statement = (
        select(r.c.id, r.c.responded_on, r.c.score, Survey.name.label("survey"), r.c.comment, Theme.name.label("theme"))
        .join(Survey, Survey.id == r.c.survey_id)
        .outerjoin(ResponseTheme, ResponseTheme.response_id == r.c.id)
        .outerjoin(Theme, Theme.id == ResponseTheme.theme_id)
        .where(in_category(r.c.score, category), r.c.comment_length.between(20, 400))
        .order_by(r.c.responded_at.desc(), r.c.id.desc())
        .limit(2000)
    )
    with engine.connect() as connection:
        frame = pd.DataFrame(
            connection.execute(statement).all(), columns=["id", "day", "score", "survey", "comment", "theme"]
        )
    if frame.empty:
        return ()
    ranked = frame["theme"].value_counts().index.tolist()
    chosen: list[int] = []
    for theme in ranked:
        candidates = frame[(frame["theme"] == theme) & ~frame["id"].isin(chosen)]
        if not candidates.empty:
            chosen.append(int(candidates["id"].iloc[0]))
        if len(chosen) == REPRESENTATIVE:
            break
    for response_id in frame["id"].drop_duplicates():
        if len(chosen) == REPRESENTATIVE:
            break
        if int(response_id) not in chosen:
            chosen.append(int(response_id))
    rows = frame.drop_duplicates("id").set_index("id").loc[chosen]
    return tuple(
        ReportComment(str(row.day)[:10], int(row.score), str(row.survey), str(row.comment)) for row in rows.itertuples()
    )


def build_digest(filters: Filters, *, engine: Engine) -> Digest:
    if filters.start is None or filters.end is None:
        raise DigestError(N_("A digest covers a bounded period."))
    before_range = comparison_range(filters.start, filters.end, "previous")
    if before_range is None:
        raise DigestError(N_("This period has no earlier period of the same length to compare with."))
    previous = filters.with_period(*before_range)
    current = counting.summary_counts(filters, engine=engine)
    before = counting.summary_counts(previous, engine=engine)
    return Digest(
        filters=filters,
        previous=previous,
        current=current,
        before=before,
        change=two_sample_test(current, before),
        comments=counting.comment_count(filters, engine=engine),
        rates=invitations.with_rates(invitations.response_rate_counts(filters, engine=engine)),
        themes=_theme_moves(filters, previous, engine=engine),
        detractor_comments=representative_comments(filters, "detractor", engine=engine),
        promoter_comments=representative_comments(filters, "promoter", engine=engine),
        follow_ups=closed_loop.closed_loop_figures(filters, engine=engine),
        distribution=counting.score_distribution(filters, engine=engine),
    )


def _comparison_chart(digest: Digest) -> alt.LayerChart:
    rows = []
    for label, counts in (("Previous period", digest.before), ("This period", digest.current)):
        interval = nps_with_interval(counts)
        if interval.nps is not None:
            rows.append({"period": label, "nps": interval.nps, "low": interval.low, "high": interval.high})
    frame = pd.DataFrame(rows, columns=["period", "nps", "low", "high"])
    base = alt.Chart(frame).encode(y=alt.Y("period:N", title=None, sort=["Previous period", "This period"]))
    bars = base.mark_bar(color="#4c78a8").encode(x=alt.X("nps:Q", title="NPS", scale=alt.Scale(domain=[-100, 100])))
    whiskers = base.mark_rule(color="#1b1f24").encode(x="low:Q", x2="high:Q")
    return (bars + whiskers).properties(width=520, height=110)


def _distribution_chart(digest: Digest) -> alt.Chart:
    frame = digest.distribution.assign(category=[classify(int(s)).value for s in digest.distribution["score"]])
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("score:O", title="Score"),
            y=alt.Y("n:Q", title="Responses"),
            color=alt.Color(
                "category:N",
                scale=alt.Scale(domain=["detractor", "passive", "promoter"], range=["#d1242f", "#bf8700", "#1a7f37"]),
                legend=None,
            ),
        )
        .properties(width=520, height=180)
    )


def _charts(digest: Digest) -> tuple[ReportChart, ...]:
    return (
        ReportChart(
            "NPS this period and the previous one, with 95% intervals", chart_png(_comparison_chart(digest).to_dict())
        ),
        ReportChart("Responses per score this period", chart_png(_distribution_chart(digest).to_dict())),
    )


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.1%}"


def _rate_line(digest: Digest) -> str:
    row = digest.rates.iloc[0]
    if int(row["invited"]) == 0:
        return ""
    return (
        f"{_percent(row['response_rate'])} (95% interval {_percent(row['rate_low'])}–{_percent(row['rate_high'])}): "
        f"{int(row['responded']):,} of {int(row['delivered']):,} delivered invitations answered "
        f"({int(row['invited']):,} invited)."
    )


def _follow_up_line(figures: ClosedLoopFigures) -> str:
    share = figures.within_sla
    within = f", {_percent(share.share)} of {share.n} closed within the {figures.sla_hours:g} h SLA" if share.n else ""
    return f"{figures.open:,} open, {figures.overdue:,} overdue{within}."


def digest_context(digest: Digest, *, title: str, link: str, charts: Sequence[tuple[str, str]]) -> dict[str, object]:
    """What the template shows; `charts` are (image address, title) pairs: `cid:` in an e-mail, data URIs in a file."""
    current = nps_with_interval(digest.current)
    return {
        "title": title,
        "period": digest.period,
        "view": "; ".join(digest.filters.describe().split("; ")[1:]),
        "nps": format_nps(current.nps),
        "interval": describe_interval(digest.current),
        "change": describe_change(
            digest.change, f"the previous period ({digest.previous.start} to {digest.previous.end})"
        ),
        "charts": [{"src": src, "title": chart_title} for src, chart_title in charts],
        "response_rate": _rate_line(digest),
        "themes": [
            {
                "theme": move.theme,
                "now": _percent(move.share_now),
                "before": _percent(move.share_before),
                "verdict": "moved significantly" if move.significant else "no significant change",
            }
            for move in digest.themes
        ],
        "comment_groups": [
            {"title": "Five representative detractor comments", "comments": digest.detractor_comments},
            {"title": "Five representative promoter comments", "comments": digest.promoter_comments},
        ],
        "follow_ups": _follow_up_line(digest.follow_ups),
        "link": link,
    }


def render_html(context: dict[str, object]) -> str:
    environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True)
    return environment.get_template("digest.html.j2").render(**context)


def _text(context: dict[str, object]) -> str:
    lines = [
        str(context["title"]),
        str(context["period"]),
        "",
        f"NPS {context['nps']} ({context['interval']})",
        str(context["change"]),
        f"Response rate: {context['response_rate'] or 'no invitation list covers this period'}",
        f"Follow-ups: {context['follow_ups']}",
        "",
        f"The HTML version shows the charts, themes and comments; the PDF is attached. {context['link']}",
    ]
    return "\n".join(lines)


def _pdf(digest: Digest, charts: tuple[ReportChart, ...], title: str) -> bytes:
    report = OverviewReport(
        filter_lines=(f"Period: {digest.period}", digest.filters.describe()),
        current=digest.current,
        comments=digest.comments,
        comparison_label=f"previous period ({digest.previous.start} to {digest.previous.end})",
        comparison=digest.before,
        charts=charts,
        comment_title="Representative detractor and promoter comments",
        selected_comments=digest.detractor_comments + digest.promoter_comments,
        title=title,
    )
    return pdf_report(report)


def digest_key(digest: Digest, recipients: Sequence[str]) -> str:
    """The same period, view and list of recipients make the same digest."""
    facts = json.dumps(
        [
            str(digest.filters.start),
            str(digest.filters.end),
            digest.filters.surveys,
            digest.filters.include,
            sorted(a.casefold() for a in recipients),
        ],
        default=list,
    )
    return "digest:" + hashlib.sha256(facts.encode()).hexdigest()[:32]


def make_files(
    digest: Digest, *, engine: Engine, title: str, inline: bool = True
) -> tuple[str, str, list[outbox.Attachment]]:
    """The HTML body, the plain-text body and the attachments: chart PNGs shown with `cid:` and the PDF when
    `inline`, else (a file on disk) the charts embedded as data URIs and no attachment."""
    charts = _charts(digest)
    cids = [f"chart{index}.digest@nps.local" for index in range(len(charts))]
    with Session(engine) as session:
        link = app_links.base_url(session=session)
    sources = (
        [f"cid:{cid}" for cid in cids]
        if inline
        else [f"data:image/png;base64,{base64.b64encode(c.png).decode('ascii')}" for c in charts]
    )
    context = digest_context(
        digest, title=title, link=link, charts=list(zip(sources, (c.title for c in charts), strict=True))
    )
    if not inline:
        return render_html(context), _text(context), []
    attachments = [
        outbox.Attachment(f"chart{index}.png", chart.png, "image/png", inline_id=cid)
        for index, (chart, cid) in enumerate(zip(charts, cids, strict=True))
    ]
    pdf_name = f"nps-digest-{digest.filters.start}-{digest.filters.end}.pdf"
    attachments.append(outbox.Attachment(pdf_name, _pdf(digest, charts, title), "application/pdf"))
    return render_html(context), _text(context), attachments


def queue_digest(
    digest: Digest, recipients: Sequence[str], *, engine: Engine, actor: str, force: bool = False
) -> OutboxMessage:
    """Refused when this period's digest already went (or waits) to these recipients, unless forced."""
    key = digest_key(digest, recipients)
    with Session(engine) as session:
        sent = session.execute(select(OutboxMessage.id).where(OutboxMessage.dedup_key == key)).first()
    if sent is not None and not force:
        raise DigestError(
            N_("The digest for {period} was already sent to these recipients; use --force to send it again."),
            period=digest.period,
        )
    title = f"NPS digest {digest.period}"
    html_body, text_body, attachments = make_files(digest, engine=engine, title=title)
    message = outbox.build_email(recipients, title, text_body, html=html_body, attachments=attachments)
    try:
        with Session(engine) as session:
            row = outbox.queue_email(
                message, purpose="digest", actor=actor, session=session, dedup_key=None if sent else key
            )
            session.commit()
            session.refresh(row)
            return row
    except IntegrityError as error:
        raise DigestError(N_("The digest for {period} is being sent by another run."), period=digest.period) from error
