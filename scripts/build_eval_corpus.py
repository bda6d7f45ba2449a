"""Build `data/eval/comments.csv`: real, human-labelled comments in five languages for `make eval`.

    python scripts/build_eval_corpus.py [--raw /work/corpora/raw]

Reads the colleague-collected raw files (checked against their SHA256SUMS) only when rebuilding; the built
files are committed, so tests and CI never need the raw directory. Deterministic: the same raw files give
byte-identical output. Texts are deduplicated per language (NFKC, case and spacing aside; a text carrying two
different tones is dropped), capped per language by a stratified sample, then split 40 % dev / 60 % test
within each (language, source, original label) stratum. The reserved corpora of issue 12 are never read.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import random
import re
import shutil
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "eval"
DEFAULT_RAW = Path("/work/corpora/raw")
SEED = 20261203
DEV_SHARE = 0.4
COLUMNS = ("id", "language", "text", "tone", "source", "split", "original_label")
LANGUAGES = ("en", "pl", "th", "ar", "zh")
COUNTS_BEGIN = "<!-- counts:begin (written by scripts/build_eval_corpus.py) -->"
COUNTS_END = "<!-- counts:end -->"

csv.field_size_limit(1 << 30)


@dataclass(frozen=True)
class Source:
    """One labelled corpus: where it came from and under which licence it may be redistributed."""

    key: str
    language: str
    licence: str
    licence_file: str
    repo: str
    commit: str
    paths: str
    citation: str


SOURCES: tuple[Source, ...] = (
    Source(
        "uci-sentiment-amazon",
        "en",
        "CC BY 4.0",
        "licences/CC-BY-4.0-uci-sentiment-labelled-sentences.md",
        "laxmimerit/NLP-Tutorial-8---Sentiment-Classification-using-SpaCy-for-IMDB-and-Amazon-Review-Dataset",
        "ef96ac178089b33f9eb8f8277761764e1442f102",
        "datasets/amazon_cells_labelled.txt",
        "Kotzias, Denil, de Freitas, Smyth. From Group to Individual Labels using Deep Features. KDD 2015. "
        "UCI Machine Learning Repository #331, doi:10.24432/C57604",
    ),
    Source(
        "uci-sentiment-yelp",
        "en",
        "CC BY 4.0",
        "licences/CC-BY-4.0-uci-sentiment-labelled-sentences.md",
        "laxmimerit/NLP-Tutorial-8---Sentiment-Classification-using-SpaCy-for-IMDB-and-Amazon-Review-Dataset",
        "ef96ac178089b33f9eb8f8277761764e1442f102",
        "datasets/yelp_labelled.txt",
        "Kotzias, Denil, de Freitas, Smyth. From Group to Individual Labels using Deep Features. KDD 2015. "
        "UCI Machine Learning Repository #331, doi:10.24432/C57604",
    ),
    Source(
        "klej-allegro-reviews",
        "pl",
        "CC BY-SA 4.0",
        "licences/CC-BY-SA-4.0.txt",
        "360er0/klejbenchmark_static",
        "845a302f4b32481cf0330887b5ca8cf666e37fa4",
        "static/data/klej_ar.zip (train.tsv, dev.tsv); licence: allegro/klejbenchmark-allegroreviews "
        "@e463a97aab6c9c57090434f2382ad598bdfe03f7 README.md",
        "Rybak, Mroczkowski, Tracz, Gawlik. KLEJ: Comprehensive Benchmark for Polish Language Understanding. ACL 2020",
    ),
    Source(
        "pythainlp-review-shopping",
        "th",
        "CC BY 4.0",
        "licences/CC-BY-4.0-pythainlp-thai-sentiment.md",
        "PyThaiNLP/thai-sentiment-analysis-dataset",
        "efb002ddea0578212c4d02619e98699e54d5a12a",
        "review_shopping.csv",
        "PyThaiNLP thai-sentiment-analysis-dataset, labelled by Wannaphong Phatthiyaphaibun, 2018",
    ),
    Source(
        "pythainlp-tcas61",
        "th",
        "CC BY 4.0",
        "licences/CC-BY-4.0-pythainlp-thai-sentiment.md",
        "PyThaiNLP/thai-sentiment-analysis-dataset",
        "efb002ddea0578212c4d02619e98699e54d5a12a",
        "tcas61.csv",
        "PyThaiNLP thai-sentiment-analysis-dataset, labelled by Wannaphong Phatthiyaphaibun, 2018",
    ),
    Source(
        "pythainlp-general-amy",
        "th",
        "CC BY 4.0",
        "licences/CC-BY-4.0-pythainlp-thai-sentiment.md",
        "PyThaiNLP/thai-sentiment-analysis-dataset",
        "efb002ddea0578212c4d02619e98699e54d5a12a",
        "general-amy.csv",
        "PyThaiNLP thai-sentiment-analysis-dataset, labelled by Kochaporn Ratchatawuttimongkol, 2018",
    ),
    Source(
        "saudi-tourism-reviews",
        "ar",
        "MIT",
        "licences/MIT-saudi-tourism-reviews.txt",
        "Raneem224/Tourist_Reviews_in-Saudi_Arabia",
        "46ee7f2d2860945533e33f52ce03943800238a7c",
        "Saudi Tourism Reviews Sentiment Dataset.csv",
        "Raneem Alharbi. Saudi Tourism Reviews Sentiment Dataset. GitHub, 2025",
    ),
    Source(
        "meituan-asap-samples",
        "zh",
        "Apache-2.0",
        "licences/Apache-2.0-meituan-asap.txt",
        "Meituan-Dianping/asap",
        "975122a60065240124df62cb4d5dbfd19ed9ef2c",
        "data/train_sample.csv, data/dev_sample.csv, data/test_sample.csv",
        "Bu et al. ASAP: A Chinese Review Dataset Towards Aspect Category Sentiment Analysis and Rating "
        "Prediction. NAACL 2021",
    ),
)
SOURCE_BY_KEY = {source.key: source for source in SOURCES}
COPIED_LICENCES = {
    "ar/saudi_tourism_reviews/LICENSE": "licences/MIT-saudi-tourism-reviews.txt",
    "zh/LICENSE": "licences/Apache-2.0-meituan-asap.txt",
}
"""Licence texts shipped with the data, copied verbatim (MIT and Apache-2.0 ask for the text to travel along)."""


@dataclass(frozen=True)
class Row:
    language: str
    text: str
    tone: str
    source: str
    original_label: str


def _star_tone(stars: int) -> str:
    """1-2 stars negative, 3 neutral, 4-5 positive: the usual reading of a five-star scale."""
    return "negative" if stars <= 2 else "neutral" if stars == 3 else "positive"


def _lines(path: Path) -> Iterator[str]:
    for line in path.read_text(encoding="utf-8-sig").split("\n"):
        if line.strip():
            yield line.rstrip("\r")


def read_english(raw: Path) -> Iterator[Row]:
    for name, key in (
        ("amazon_cells_labelled.txt", "uci-sentiment-amazon"),
        ("yelp_labelled.txt", "uci-sentiment-yelp"),
    ):
        for line in _lines(raw / "en" / name):
            text, label = line.rsplit("\t", 1)
            label = label.strip()
            yield Row("en", text, {"0": "negative", "1": "positive"}[label], key, label)


def read_polish(raw: Path) -> Iterator[Row]:
    for name in ("train.tsv", "dev.tsv"):
        with (raw / "pl" / name).open(encoding="utf-8", newline="") as f:
            for record in csv.DictReader(f, delimiter="\t"):
                stars = int(float(record["rating"]))
                yield Row("pl", record["text"], _star_tone(stars), "klej-allegro-reviews", str(stars))


def read_thai(raw: Path) -> Iterator[Row]:
    """Lines without a pos/neg label (one stray continuation line in tcas61.csv) are skipped."""
    files = (
        ("review_shopping.csv", "pythainlp-review-shopping"),
        ("tcas61.csv", "pythainlp-tcas61"),
        ("general-amy.csv", "pythainlp-general-amy"),
    )
    for name, key in files:
        for line in _lines(raw / "th" / name):
            text, _, label = line.rpartition("\t")
            if label.strip() in ("pos", "neg"):
                yield Row("th", text, {"pos": "positive", "neg": "negative"}[label.strip()], key, label.strip())


def read_arabic(raw: Path) -> Iterator[Row]:
    """Codes 0/1/2 are not documented; read from the README counts and the rows themselves (SOURCES.md)."""
    path = raw / "ar" / "saudi_tourism_reviews" / "Saudi Tourism Reviews Sentiment Dataset.csv"
    with path.open(encoding="utf-8-sig", newline="") as f:
        for record in csv.DictReader(f, delimiter=";"):
            label = record["label"].strip()
            tone = {"0": "negative", "1": "positive", "2": "neutral"}[label]
            yield Row("ar", record["div_text"], tone, "saudi-tourism-reviews", label)


_ESCAPED_BREAK = re.compile(r"\\\\+[nr]")


def read_chinese(raw: Path) -> Iterator[Row]:
    """The sample files hold line breaks as the literal characters backslash-backslash-n; they become spaces."""
    for name in ("train_sample.csv", "dev_sample.csv", "test_sample.csv"):
        with (raw / "zh" / name).open(encoding="utf-8-sig", newline="") as f:
            for record in csv.DictReader(f):
                stars = int(float(record["star"]))
                yield Row(
                    "zh",
                    _ESCAPED_BREAK.sub(" ", record["reviewbody"]),
                    _star_tone(stars),
                    "meituan-asap-samples",
                    str(stars),
                )


READERS = (read_english, read_polish, read_thai, read_arabic, read_chinese)
CAPS: dict[str, tuple[str, int | None]] = {
    "en": ("source+label", 375),
    "pl": ("label", 300),
    "ar": ("label", 500),
    "th": ("all", None),
    "zh": ("all", None),
}
"""Per language: the stratum and how many rows each stratum keeps (None: all). English 4 × 375, Polish
5 stars × 300, Arabic 3 × 500; all of Thai and Chinese, which have too few rows to cut."""

_SPACES = re.compile(r"\s+")


def clean(text: str) -> str:
    """The stored text: spacing runs (including line breaks inside a review) become one space."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def dedupe_key(text: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def deduplicate(rows: list[Row]) -> tuple[list[Row], Counter[str]]:
    """One row per text and language; a text seen with two different tones is dropped as ambiguous."""
    groups: dict[tuple[str, str], list[Row]] = {}
    for row in rows:
        if row.text:
            groups.setdefault((row.language, dedupe_key(row.text)), []).append(row)
    kept: list[Row] = []
    dropped: Counter[str] = Counter()
    for members in groups.values():
        if len({m.tone for m in members}) > 1:
            dropped[f"{members[0].language} conflicting tone"] += len(members)
            continue
        kept.append(members[0])
        if len(members) > 1:
            dropped[f"{members[0].language} duplicate"] += len(members) - 1
    return kept, dropped


def _stratum(row: Row, rule: str) -> str:
    return {"source+label": f"{row.source}|{row.original_label}", "label": row.original_label, "all": ""}[rule]


def _ordered(rows: list[Row]) -> list[Row]:
    """A reading-order-free order to sample from: by a hash of the text."""
    return sorted(rows, key=lambda r: hashlib.sha256(f"{r.source}\0{r.text}".encode()).hexdigest())


def sample(rows: list[Row], rng: random.Random) -> list[Row]:
    chosen: list[Row] = []
    for language in LANGUAGES:
        rule, cap = CAPS[language]
        strata: dict[str, list[Row]] = {}
        for row in rows:
            if row.language == language:
                strata.setdefault(_stratum(row, rule), []).append(row)
        for stratum in sorted(strata):
            members = _ordered(strata[stratum])
            if cap is not None and len(members) > cap:
                members = rng.sample(members, cap)
            chosen += members
    return chosen


def split(rows: list[Row], rng: random.Random) -> list[dict[str, str]]:
    """40 % dev / 60 % test inside each (language, source, original label), so both halves keep the mix."""
    strata: dict[tuple[str, str, str], list[Row]] = {}
    for row in rows:
        strata.setdefault((row.language, row.source, row.original_label), []).append(row)
    records: list[dict[str, str]] = []
    for key in sorted(strata):
        members = _ordered(strata[key])
        rng.shuffle(members)
        dev = round(DEV_SHARE * len(members))
        for position, row in enumerate(members):
            records.append(
                {
                    "language": row.language,
                    "text": row.text,
                    "tone": row.tone,
                    "source": row.source,
                    "split": "dev" if position < dev else "test",
                    "original_label": row.original_label,
                }
            )
    records.sort(key=lambda r: (LANGUAGES.index(r["language"]), r["source"], r["split"], dedupe_key(r["text"])))
    counters: Counter[str] = Counter()
    for record in records:
        counters[record["language"]] += 1
        record["id"] = f"{record['language']}-{counters[record['language']]:05d}"
    return records


def verify_checksums(raw: Path) -> None:
    """Refuse to build from raw files that differ from the ones the colleague recorded."""
    for line in (raw / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split(maxsplit=1)
        path = raw / name.lstrip("*").removeprefix("./")
        if hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            raise SystemExit(f"checksum mismatch: {path}")


def counts_markdown(records: list[dict[str, str]], dropped: Counter[str], read: Counter[str]) -> str:
    lines = [
        COUNTS_BEGIN,
        "",
        "| source | language | split | negative | neutral | positive | total |",
        "|---|---|---|---|---|---|---|",
    ]
    table: Counter[tuple[str, str, str, str]] = Counter(
        (r["source"], r["language"], r["split"], r["tone"]) for r in records
    )
    for source in SOURCES:
        for part in ("dev", "test"):
            cells = [table[(source.key, source.language, part, tone)] for tone in ("negative", "neutral", "positive")]
            lines.append(
                f"| {source.key} | {source.language} | {part} | {' | '.join(map(str, cells))} | {sum(cells)} |"
            )
    totals = Counter((r["language"], r["split"]) for r in records)
    lines += [
        "",
        "| language | rows read | duplicates dropped | conflicting tone dropped | dev | test |",
        "|---|---|---|---|---|---|",
    ]
    for language in LANGUAGES:
        lines.append(
            f"| {language} | {read[language]} | {dropped[f'{language} duplicate']} | "
            f"{dropped[f'{language} conflicting tone']} | {totals[(language, 'dev')]} | {totals[(language, 'test')]} |"
        )
    lines += ["", COUNTS_END]
    return "\n".join(lines)


def write(records: list[dict[str, str]], counts: str, raw: Path) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with (OUT / "comments.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({column: record[column] for column in COLUMNS} for record in records)
    with (OUT / "sources.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(("source", "language", "licence", "licence_file", "repo", "commit", "paths", "citation"))
        for s in SOURCES:
            writer.writerow((s.key, s.language, s.licence, s.licence_file, s.repo, s.commit, s.paths, s.citation))
    for name, target in COPIED_LICENCES.items():
        (OUT / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(raw / name, OUT / target)
    sources_md = OUT / "SOURCES.md"
    text = sources_md.read_text(encoding="utf-8")
    start, end = text.index(COUNTS_BEGIN), text.index(COUNTS_END) + len(COUNTS_END)
    sources_md.write_text(text[:start] + counts + text[end:], encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--raw", type=Path, default=DEFAULT_RAW)
    args = parser.parse_args(argv)
    verify_checksums(args.raw)
    rows = [
        Row(row.language, clean(row.text), row.tone, row.source, row.original_label)
        for reader in READERS
        for row in reader(args.raw)
    ]
    read = Counter(row.language for row in rows)
    unique, dropped = deduplicate(rows)
    rng = random.Random(SEED)
    records = split(sample(unique, rng), rng)
    write(records, counts_markdown(records, dropped, read), args.raw)
    for language in LANGUAGES:
        print(language, sum(r["language"] == language for r in records))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
