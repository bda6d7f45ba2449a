"""The committed evaluation corpus (data/eval) stays what SOURCES.md says it is: a test half never seen in dev."""

import csv
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

EVAL = Path(__file__).resolve().parents[2] / "data" / "eval"
COLUMNS = ["id", "language", "text", "tone", "source", "split", "original_label"]
EXPECTED_ROWS = {
    ("en", "dev"): 600,
    ("en", "test"): 900,
    ("pl", "dev"): 600,
    ("pl", "test"): 900,
    ("th", "dev"): 136,
    ("th", "test"): 205,
    ("ar", "dev"): 600,
    ("ar", "test"): 900,
    ("zh", "dev"): 120,
    ("zh", "test"): 180,
}
RESERVED = re.compile(
    r"wisesight|wongnai|polemo|sophonplus|chinesenlpcorpus|chnsenticorp|waimai|online_shopping|elsahar|"
    r"\blabr\b|\bhard\b|alexa|airline",
    re.IGNORECASE,
)


def _rows(name: str) -> list[dict[str, str]]:
    with (EVAL / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).casefold()).strip()


@pytest.fixture(scope="module")
def comments() -> list[dict[str, str]]:
    return _rows("comments.csv")


def test_the_corpus_has_the_recorded_columns_and_counts_per_language_and_split(comments):
    assert list(comments[0]) == COLUMNS
    assert Counter((r["language"], r["split"]) for r in comments) == EXPECTED_ROWS


def test_every_row_is_labelled_and_identified_once(comments):
    assert len({r["id"] for r in comments}) == len(comments)
    assert {r["tone"] for r in comments} <= {"negative", "neutral", "positive"}
    assert {r["split"] for r in comments} == {"dev", "test"}
    assert all(r["text"].strip() and r["original_label"] for r in comments)


def test_no_text_is_in_both_dev_and_test_or_twice_in_one_language(comments):
    keys = Counter((r["language"], _key(r["text"])) for r in comments)
    assert [key for key, n in keys.items() if n > 1] == []
    dev = {_key(r["text"]) for r in comments if r["split"] == "dev"}
    test = {_key(r["text"]) for r in comments if r["split"] == "test"}
    assert dev & test == set()


def test_every_row_comes_from_a_source_whose_licence_is_recorded_and_shipped(comments):
    sources = {s["source"]: s for s in _rows("sources.csv")}
    assert {r["source"] for r in comments} <= set(sources)
    for row in comments:
        assert sources[row["source"]]["language"] == row["language"]
    for source in sources.values():
        assert source["licence"] and re.fullmatch(r"[0-9a-f]{40}", source["commit"])
        assert (EVAL / source["licence_file"]).stat().st_size > 500
        assert source["source"] in (EVAL / "SOURCES.md").read_text(encoding="utf-8")


def test_none_of_the_corpora_reserved_for_the_independent_check_is_used(comments):
    for source in _rows("sources.csv"):
        assert not RESERVED.search(" ".join(source.values())), source["source"]


def test_the_dev_share_is_about_forty_percent_within_each_language_and_tone(comments):
    cells = Counter((r["language"], r["tone"], r["split"]) for r in comments)
    for language, tone, _ in cells:
        dev, test = cells[(language, tone, "dev")], cells[(language, tone, "test")]
        assert 0.35 <= dev / (dev + test) <= 0.45, (language, tone)


THEMES = {"price", "support", "product quality", "place & atmosphere"}


def test_theme_labels_keep_the_split_of_the_comments_they_share_and_never_cross_dev_and_test(comments):
    labelled = _rows("theme_labels.csv")
    assert Counter((r["language"], r["split"]) for r in labelled) == {
        ("en", "dev"): 400,
        ("en", "test"): 400,
        ("zh", "dev"): 120,
        ("zh", "test"): 180,
    }
    by_id = {r["id"]: r for r in comments}
    for row in labelled:
        if row["language"] == "zh":
            assert (by_id[row["id"]]["text"], by_id[row["id"]]["split"]) == (row["text"], row["split"])
    splits: dict[str, set[str]] = {}
    for row in labelled:
        splits.setdefault(_key(row["text"]), set()).add(row["split"])
    assert all(len(found) == 1 for found in splits.values())


def test_theme_labels_name_only_themes_their_sources_can_judge_and_come_from_licensed_sources():
    labelled = _rows("theme_labels.csv")
    assert {theme for r in labelled for theme in r["themes"].split(";") if theme} == THEMES
    assert {r["source"] for r in labelled} == {"mams-acsa", "meituan-asap-samples"}
    assert (EVAL / "licences" / "Apache-2.0-mams.txt").read_text(encoding="utf-8").lstrip().startswith("Apache")
    assert not any(RESERVED.search(r["source"]) for r in labelled)
