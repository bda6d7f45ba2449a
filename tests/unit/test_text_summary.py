"""Extractive summaries: the quotes stand for the most comments, duplicates collapse, nothing is quoted twice."""

import numpy as np
import pytest

from nps.text.summary import duplicate_key, excerpt, representative_quotes

TOPICS = {"late": 0, "slow": 0, "courier": 0, "price": 1, "expensive": 1, "staff": 2, "rude": 2}


def topic_vectors(texts):
    """A stand-in encoder: one axis per topic word family, plus a little of each text's length."""
    rows = []
    for text in texts:
        row = np.zeros(4)
        for word, axis in TOPICS.items():
            if word in text.casefold():
                row[axis] += 1
        row[3] = 0.2 + len(text) / 1000
        rows.append(row / np.linalg.norm(row))
    return np.array(rows)


def test_the_biggest_topic_comes_first_and_counts_its_similar_comments():
    texts = ["Courier was late", "So slow and late", "Late again", "Too expensive", "Price is high", "Rude staff"]
    quotes = representative_quotes(texts, list(range(6)), encode=topic_vectors)
    assert [q.stands_for for q in quotes] == [3, 2, 1]
    assert "late" in quotes[0].text.casefold() and "rude" in quotes[2].text.casefold()


def test_identical_comments_collapse_into_one_quote_of_the_newest_with_their_count():
    texts = ["Too expensive!", "too  expensive", "TOO EXPENSIVE", "Courier late"]
    quotes = representative_quotes(texts, [40, 30, 20, 10], encode=topic_vectors)
    assert (quotes[0].response_id, quotes[0].identical, quotes[0].stands_for) == (40, 3, 3)
    assert len({q.text.casefold().strip("!") for q in quotes}) == len(quotes)


def test_a_near_duplicate_of_a_quote_is_never_quoted_as_well():
    texts = ["Courier late", "Courier late.", "Courier was late"] * 2 + ["Price high"]
    quotes = representative_quotes(texts, list(range(len(texts))), top=3, encode=topic_vectors)
    assert sum("courier" in q.text.casefold() for q in quotes) == 1


def test_comments_without_letters_count_but_are_never_quoted():
    texts = ["0", "0", "0", "!!!", "Rude staff"]
    quotes = representative_quotes(texts, list(range(5)), encode=topic_vectors)
    assert [q.text for q in quotes] == ["Rude staff"]
    assert representative_quotes(["0", "?"], [1, 2], encode=topic_vectors) == []
    assert representative_quotes([], [], encode=topic_vectors) == []


@pytest.mark.parametrize(("text", "key"), [("Great service!", "great service"), ("  ÓK  ", "ók"), ("!!!", "!!!")])
def test_duplicates_are_told_apart_by_case_spacing_and_punctuation_only(text, key):
    assert duplicate_key(text) == key


def test_long_quotes_are_cut_at_a_word_with_an_ellipsis():
    assert excerpt("short") == "short"
    cut = excerpt("word " * 100, 50)
    assert cut.endswith("…") and len(cut) <= 51 and not cut[:-1].endswith(" ")


def test_discovered_themes_are_named_by_a_topic_word_never_a_filler_and_skip_covered_comments():
    from nps.text.discovery import discover_themes

    texts = ["Courier late, great", "Courier late again", "So slow, courier late", "Great price", "Price high"] * 2
    categories = ["detractor", "detractor", "detractor", "promoter", "passive"] * 2
    found = discover_themes(texts, categories, encode=topic_vectors)
    assert found[0].name.casefold() in ("courier", "late", "courier late") and found[0].size == 6
    assert found[0].detractor_share == 1.0 and all(t.name.casefold() not in ("great", "again", "so") for t in found)
    assert discover_themes(texts, categories, ["courier", "price"], encode=topic_vectors) == []
