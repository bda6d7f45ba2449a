"""A viewer's search cannot tie up the server: long queries are refused with a reason, the rest run bounded."""

from __future__ import annotations

from datetime import date

import pytest

from nps import search
from nps.comments import CommentQuery, list_comments
from nps.filters import Filters
from tests.factories import add_responses
from tests.pages.conftest import page_as

LONG_COMMENT = "the courier left the parcel at the wrong door again and nobody answered the phone"


@pytest.fixture
def searchable(engine):
    comments = [LONG_COMMENT, LONG_COMMENT.replace("phone", "e-mail"), "fine"]
    add_responses(engine, [{"score": 3, "day": date(2026, 1, 1), "comment": c} for c in comments])
    search.index_pending_comments(engine=engine)
    return engine


def _found(engine, query: str) -> list[str]:
    frame = list_comments(Filters(), CommentQuery(search=query, sort="oldest"), engine=engine, page_size=50)
    return list(frame["comment"])


def test_a_10000_character_search_is_refused_with_a_reason(searchable):
    with pytest.raises(search.SearchQueryError, match="at most 200"):
        _found(searchable, "a" * 10_000)


def test_a_long_query_still_matches_the_whole_phrase_not_only_its_start(searchable):
    assert _found(searchable, LONG_COMMENT[:70]) == [LONG_COMMENT, LONG_COMMENT.replace("phone", "e-mail")]
    assert _found(searchable, LONG_COMMENT[-60:]) == [LONG_COMMENT]


def test_the_comments_page_search_box_takes_at_most_200_characters(app_engine):
    at = page_as("pages/comments.py", "viewer")
    at.run()
    at.text_input(key="comments_search").set_value("x" * 5_000).run()
    assert not at.exception
    assert len(at.text_input(key="comments_search").value) == 200
