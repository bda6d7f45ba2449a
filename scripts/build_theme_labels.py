"""Build `data/eval/theme_labels.csv`: comments whose aspects were labelled by people, mapped to product themes.

    python scripts/build_theme_labels.py [--raw /work/corpora/raw-themes]

The raw files (checked against the SHA-256 sums below) are needed only to rebuild; the built file is
committed. Two sources had aspect labels under a licence that allows this use (data/eval/SOURCES.md, "Theme
labels"): Meituan ASAP's sample files (Chinese; the same 300 reviews as the Chinese rows of comments.csv,
which keep their id and dev/test split) and MAMS-ACSA (English; its validation file is the dev half, its test
file the test half). `theme_tones` gives each theme the polarity people gave its categories (`mixed` when
they disagree), for judging the tone per theme. Each source category maps to at most one product theme
(CATEGORY_THEMES); categories
without a product theme (menu, dish recommendation, miscellaneous) are kept in `categories` but give no theme.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import xml.etree.ElementTree as ET
from pathlib import Path

from build_eval_corpus import _ESCAPED_BREAK, OUT, clean, dedupe_key

DEFAULT_RAW = Path("/work/corpora/raw-themes")
COLUMNS = ("id", "language", "text", "themes", "categories", "source", "split", "theme_tones")
SHA256 = {
    "zh/train_sample.csv": "02a59398e87e44e09c2c0405fda3b67eff7b175e452d01eee90e04b159267f71",
    "zh/dev_sample.csv": "8cc713d952e20831f7d5314c6b0a0d5f68d062b73f883be18735363822ed5360",
    "zh/test_sample.csv": "a07c009fcf0904d9d5e39189782ff826021865edef8c92b191c2e24bc34ce436",
    "en/mams_acsa_val.xml": "d4536b0ced8e77f53f88ff1835fcf561e0de02e41a509982f76eb9b8a375b2ed",
    "en/mams_acsa_test.xml": "cc0dc3c5b711653daa9ac886c6517d3ebf8752954b73715692d7765fec4a57f5",
    "en/LICENSE": "50e6751797c50dedd75ef1b8a0d9e42f5f8472e9fbce91f34718e9f97b0c780a",
}
MAMS_LICENCE = "licences/Apache-2.0-mams.txt"

CATEGORY_THEMES: dict[str, dict[str, str | None]] = {
    "meituan-asap-samples": {
        "price_level": "price",
        "price_cost_effective": "price",
        "price_discount": "price",
        "service_waiters_attitude": "support",
        "service_wait_time": "support",
        "service_serving_speed": "support",
        "service_parking_convenience": "place & atmosphere",
        "dish_taste": "product quality",
        "dish_look": "product quality",
        "dish_portion": "product quality",
        "dish_recommendation": None,
        "environment_decoration": "place & atmosphere",
        "environment_noise": "place & atmosphere",
        "environment_space": "place & atmosphere",
        "environment_cleaness": "place & atmosphere",
        "location_traffic": "place & atmosphere",
        "location_distance_from_business_district": "place & atmosphere",
        "location_easy_to_find": "place & atmosphere",
    },
    "mams-acsa": {
        "price": "price",
        "staff": "support",
        "service": "support",
        "food": "product quality",
        "menu": None,
        "ambience": "place & atmosphere",
        "place": "place & atmosphere",
        "miscellaneous": None,
    },
}
"""Source category → product theme (None: no product theme covers it). Documented in data/eval/SOURCES.md."""
JUDGED_THEMES: dict[str, tuple[str, ...]] = {
    source: tuple(sorted({theme for theme in table.values() if theme})) for source, table in CATEGORY_THEMES.items()
}
"""The product themes a source's labels can confirm or deny; other themes found there are reported unjudged."""


def verify(raw: Path) -> None:
    for name, digest in SHA256.items():
        if hashlib.sha256((raw / name).read_bytes()).hexdigest() != digest:
            raise SystemExit(f"checksum mismatch: {raw / name}")


def _themes(source: str, categories: list[str]) -> str:
    table = CATEGORY_THEMES[source]
    return ";".join(sorted({theme for category in categories if (theme := table[category])}))


_ASAP_TONES = {"-1": "negative", "0": "neutral", "1": "positive"}


def _theme_tones(source: str, polarities: list[tuple[str, str]]) -> str:
    """`theme:tone;…` from (category, tone) pairs: a theme whose categories disagree is `mixed`."""
    tones: dict[str, set[str]] = {}
    for category, tone in polarities:
        if theme := CATEGORY_THEMES[source][category]:
            tones.setdefault(theme, set()).add(tone)
    return ";".join(f"{theme}:{found.pop() if len(found) == 1 else 'mixed'}" for theme, found in sorted(tones.items()))


def chinese_rows(raw: Path) -> list[dict[str, str]]:
    """ASAP: a category is mentioned when its column is -1, 0 or 1 (-2: not mentioned)."""
    with (OUT / "comments.csv").open(encoding="utf-8", newline="") as f:
        known = {dedupe_key(r["text"]): r for r in csv.DictReader(f) if r["source"] == "meituan-asap-samples"}
    rows = []
    for name in ("train_sample.csv", "dev_sample.csv", "test_sample.csv"):
        with (raw / "zh" / name).open(encoding="utf-8-sig", newline="") as f:
            for record in csv.DictReader(f):
                text = clean(_ESCAPED_BREAK.sub(" ", record["reviewbody"]))
                corpus_row = known[dedupe_key(text)]
                categories = [c for c in CATEGORY_THEMES["meituan-asap-samples"] if record[c].strip() != "-2"]
                polarities = [(c, _ASAP_TONES[record[c].strip()]) for c in categories]
                rows.append(
                    {
                        "id": corpus_row["id"],
                        "language": "zh",
                        "text": corpus_row["text"],
                        "themes": _themes("meituan-asap-samples", categories),
                        "categories": ";".join(categories),
                        "source": "meituan-asap-samples",
                        "split": corpus_row["split"],
                        "theme_tones": _theme_tones("meituan-asap-samples", polarities),
                    }
                )
    return sorted(rows, key=lambda r: r["id"])


def english_rows(raw: Path) -> list[dict[str, str]]:
    rows = []
    for name, part in (("mams_acsa_val.xml", "dev"), ("mams_acsa_test.xml", "test")):
        for sentence in ET.parse(raw / "en" / name).getroot().iter("sentence"):
            categories = sorted({a.get("category", "") for a in sentence.iter("aspectCategory")})
            polarities = [(a.get("category", ""), a.get("polarity", "")) for a in sentence.iter("aspectCategory")]
            rows.append(
                {
                    "language": "en",
                    "text": clean(sentence.findtext("text") or ""),
                    "themes": _themes("mams-acsa", categories),
                    "categories": ";".join(categories),
                    "source": "mams-acsa",
                    "split": part,
                    "theme_tones": _theme_tones("mams-acsa", polarities),
                }
            )
    seen: set[str] = set()
    unique = []
    for row in rows:
        if row["text"] and dedupe_key(row["text"]) not in seen:
            seen.add(dedupe_key(row["text"]))
            unique.append(row)
    for number, row in enumerate(unique, start=1):
        row["id"] = f"en-mams-{number:05d}"
    return unique


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--raw", type=Path, default=DEFAULT_RAW)
    args = parser.parse_args(argv)
    verify(args.raw)
    rows = english_rows(args.raw) + chinese_rows(args.raw)
    with (OUT / "theme_labels.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({column: row[column] for column in COLUMNS} for row in rows)
    (OUT / MAMS_LICENCE).write_bytes((args.raw / "en" / "LICENSE").read_bytes())
    for language in ("en", "zh"):
        for part in ("dev", "test"):
            chosen = [r for r in rows if r["language"] == language and r["split"] == part]
            themed = sum(bool(r["themes"]) for r in chosen)
            print(language, part, len(chosen), "with a product theme:", themed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
