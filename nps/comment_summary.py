"""An offline summary of any view of the comments: per tone, how many, and the few quotes that stand for the most.

The responses are those of the comments explorer (`comments.narrowed_responses`: the global filters, then theme,
category, tone, search), so a summary can answer "what detractors in Poland said about delivery this quarter".
Counts are of the whole view; the quotes are chosen among the newest SAMPLE_PER_TONE comments of each tone,
as the encoder reads about a thousand comments a second on one core.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import Engine, desc, func, literal, select

from nps import comments, pii
from nps.comments import SENTIMENTS, CommentQuery
from nps.filters import Filters
from nps.text import ANALYSED_CHARS
from nps.text.summary import Quote, representative_quotes

ALL_COMMENTS = CommentQuery()
SAMPLE_PER_TONE = 500
QUOTES_PER_TONE = 3


@dataclass(frozen=True)
class ToneSummary:
    tone: str
    comments: int
    """Comments of this tone in the whole view."""
    read: int
    """Of those, how many the quotes were chosen from (the newest)."""
    quotes: tuple[Quote, ...]


@dataclass(frozen=True)
class CommentSummary:
    comments: int
    """Comments in the view with a tone estimate (comments not analysed yet are left out)."""
    tones: tuple[ToneSummary, ...]

    @property
    def read(self) -> int:
        return sum(group.read for group in self.tones)

    def masked(self) -> CommentSummary:
        """The same summary with contact details inside the quotes hidden (viewers, or everyone by setting)."""
        return replace(
            self,
            tones=tuple(
                replace(g, quotes=tuple(replace(q, text=pii.mask_contact_details(q.text)) for q in g.quotes))
                for g in self.tones
            ),
        )

    def as_json(self) -> dict[str, object]:
        return {
            "comments": self.comments,
            "read": self.read,
            "tones": [
                {
                    "tone": g.tone,
                    "comments": g.comments,
                    "read": g.read,
                    "quotes": [q.__dict__ for q in g.quotes],
                }
                for g in self.tones
            ],
        }


def summarise_comments(
    filters: Filters,
    query: CommentQuery = ALL_COMMENTS,
    *,
    engine: Engine,
    sample: int = SAMPLE_PER_TONE,
    top: int = QUOTES_PER_TONE,
) -> CommentSummary:
    """Negative, neutral and positive comments of the view (those the query allows), each with its top quotes."""
    groups = []
    for tone in query.sentiments or SENTIMENTS:
        narrowed = replace(query, sentiments=(tone,), with_comment=True)
        r, conditions = comments.narrowed_responses(filters, narrowed, engine=engine)
        newest = (
            select(r.c.id, func.substr(r.c.comment, 1, ANALYSED_CHARS))
            .where(literal(True), *conditions)
            .order_by(desc(r.c.responded_at), desc(r.c.id))
            .limit(sample)
        )
        with engine.connect() as connection:
            rows = connection.execute(newest).all()
        total = comments.count_comments(filters, narrowed, engine=engine).n if len(rows) == sample else len(rows)
        quotes = representative_quotes([text or "" for _, text in rows], [rid for rid, _ in rows], top=top)
        groups.append(ToneSummary(tone, total, len(rows), tuple(quotes)))
    return CommentSummary(sum(g.comments for g in groups), tuple(groups))
