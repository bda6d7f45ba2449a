"""The bundled tone training file (data/train) shares no text with the evaluation corpus and says where it is from."""

import csv
import gzip
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "data"
RESERVED = re.compile(
    r"wisesight|wongnai|polemo|sophonplus|chinesenlpcorpus|chnsenticorp|waimai|online_shopping|elsahar|"
    r"\blabr\b|\bhard\b|alexa|airline",
    re.IGNORECASE,
)


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).casefold()).strip()


@pytest.fixture(scope="module")
def training() -> list[dict[str, str]]:
    with gzip.open(DATA / "train" / "tone.csv.gz", "rt", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def evaluation() -> list[dict[str, str]]:
    with (DATA / "eval" / "comments.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_no_training_text_is_an_evaluation_test_comment_or_a_dev_one(training, evaluation):
    test = {_key(r["text"]) for r in evaluation if r["split"] == "test"}
    dev = {_key(r["text"]) for r in evaluation if r["split"] == "dev"}
    keys = {_key(r["text"]) for r in training}
    assert len(test) == 3085 and keys & test == set()
    assert keys & dev == set()


def test_the_training_file_holds_labelled_distinct_rows_from_recorded_sources(training):
    sources = (DATA / "train" / "SOURCES.md").read_text(encoding="utf-8")
    assert len(training) > 10_000
    assert {r["tone"] for r in training} == {"negative", "neutral", "positive"}
    assert max(Counter(_key(r["text"]) for r in training).values()) == 1
    for source in {r["source"] for r in training}:
        assert f"`{source}`" in sources
        assert not RESERVED.search(source)
    assert not RESERVED.search(sources.split("## Not used")[0])
