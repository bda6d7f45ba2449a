"""Build `data/train/tone.csv.gz`: labelled comments to train the tone model on, none of them in `data/eval`.

    python scripts/build_tone_training.py [--raw /work/corpora/raw]

The rows of the public corpora that `scripts/build_eval_corpus.py` read but did not keep (its caps left most
Polish and Arabic reviews out) plus the IMDb part of the UCI sentences, which the evaluation set does not use.
Each raw file is checked against the SHA-256 recorded here before it is read. Texts are cleaned and
deduplicated exactly as the evaluation corpus is, and every text whose normalised form is anywhere in
`data/eval/comments.csv` (dev or test) is dropped, so training on this file never sees an evaluation comment.
Deterministic: the same raw files give a byte-identical file (gzip without a timestamp).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from build_eval_corpus import (  # noqa: E402
    DEFAULT_RAW,
    LANGUAGES,
    READERS,
    Row,
    _lines,
    clean,
    dedupe_key,
    deduplicate,
)

EVAL_CORPUS = ROOT / "data" / "eval" / "comments.csv"
OUT = ROOT / "data" / "train" / "tone.csv.gz"
COLUMNS = ("language", "text", "tone", "source", "original_label")
RAW_SHA256 = {
    "en/amazon_cells_labelled.txt": "47003fc0a0d4840b00e96e715b6189bad09e7443a3da41c4cbe12ffc79f86ae3",
    "en/yelp_labelled.txt": "c76468b7b5c6e56a0804d728345c5f84aa2142ddb214420f61cc9cfd4c00d2ea",
    "en/imdb_labelled.txt": "aef2e49e3da25714d61175e3a6e68eeef74a20a2f914318dc3be9947ea86512d",
    "pl/train.tsv": "0afc424494ba80dfece073a6d49c9a76ea42986925c5104d4a42c3a3ffcc9b64",
    "pl/dev.tsv": "9830f76514a762a055a5d76967172c228e6c14c94ed54e83a060c138631fcdb9",
    "th/review_shopping.csv": "9a66149803eecb70c1d849c88d28e87306eec19abff01108875cfb075eecf20d",
    "th/tcas61.csv": "49cc77f3e2b6d00488c3e3f8dd584388980e704a5cb67a7dbe8ee7f1c7f8b32e",
    "th/general-amy.csv": "3d6708d91066b395814caa155df0f9efb753d93fdf3cac6d0eb0be1bbe041d45",
    "ar/saudi_tourism_reviews/Saudi Tourism Reviews Sentiment Dataset.csv": (
        "19d209c081327d2b8320f5749d55c5e231503142c05cf4fd6f881a578b05a370"
    ),
    "zh/train_sample.csv": "02a59398e87e44e09c2c0405fda3b67eff7b175e452d01eee90e04b159267f71",
    "zh/dev_sample.csv": "8cc713d952e20831f7d5314c6b0a0d5f68d062b73f883be18735363822ed5360",
    "zh/test_sample.csv": "a07c009fcf0904d9d5e39189782ff826021865edef8c92b191c2e24bc34ce436",
}
"""The raw files as fetched from the commits in data/eval/sources.csv (and imdb_labelled.txt beside the
other UCI parts); build_eval_corpus.py rebuilds data/eval byte for byte from the same files."""


def verify_raw(raw: Path) -> None:
    for name, digest in RAW_SHA256.items():
        if hashlib.sha256((raw / name).read_bytes()).hexdigest() != digest:
            raise SystemExit(f"checksum mismatch: {raw / name}")


def read_imdb(raw: Path) -> Iterator[Row]:
    """The film-review third of the UCI sentences (the evaluation set keeps only Amazon and Yelp)."""
    for line in _lines(raw / "en" / "imdb_labelled.txt"):
        text, label = line.rsplit("\t", 1)
        label = label.strip()
        yield Row("en", text, {"0": "negative", "1": "positive"}[label], "uci-sentiment-imdb", label)


def evaluation_keys() -> set[str]:
    with EVAL_CORPUS.open(encoding="utf-8", newline="") as f:
        return {dedupe_key(record["text"]) for record in csv.DictReader(f)}


def training_rows(raw: Path) -> tuple[list[Row], Counter[str]]:
    """Every distinct labelled text of the raw files that is not an evaluation comment, in a stable order."""
    rows = [
        Row(row.language, clean(row.text), row.tone, row.source, row.original_label)
        for reader in (*READERS, read_imdb)
        for row in reader(raw)
    ]
    unique, dropped = deduplicate(rows)
    held = evaluation_keys()
    kept = [row for row in unique if dedupe_key(row.text) not in held]
    dropped.update(f"{row.language} in data/eval" for row in unique if dedupe_key(row.text) in held)
    kept.sort(key=lambda r: (LANGUAGES.index(r.language), r.source, hashlib.sha256(r.text.encode()).hexdigest()))
    return kept, dropped


def write(rows: list[Row]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows((r.language, r.text, r.tone, r.source, r.original_label) for r in rows)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("wb") as f, gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as gz:
        gz.write(buffer.getvalue().encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--raw", type=Path, default=DEFAULT_RAW)
    args = parser.parse_args(argv)
    verify_raw(args.raw)
    rows, dropped = training_rows(args.raw)
    write(rows)
    counts = Counter((r.language, r.source, r.tone) for r in rows)
    for key in sorted(counts):
        print(*key, counts[key])
    print(dict(dropped))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
