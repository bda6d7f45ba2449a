"""`make eval`: the text analytics measured on public, real comments the team did not write.

    python -m bench.text_eval            # prints the table; --output FILE writes it as Markdown too

Today: language detection on the 2,385 comments of the public broadband survey (tests/realdata/SOURCES.md §1,
GPL, all English, many of one to three words), with the survey's language mix as the prior, as the analysis
step runs it. A comment counts as wrong when it has letters and is not read as English; a comment without
letters ("10", "?") is right when it is "unknown".
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

import pandas as pd

from nps.text.language import UNKNOWN, detect_languages

ROOT = Path(__file__).resolve().parent.parent
BROADBAND = ROOT / "tests" / "realdata" / "fahadshery_textsummary_text_data.csv"
LETTER = re.compile(r"[^\W\d_]")


def language_on_broadband() -> dict[str, object]:
    texts = [t for t in pd.read_csv(BROADBAND, keep_default_na=False, dtype=str)["text"] if t.strip()]
    detect_languages(["warm-up"])
    started = time.perf_counter()
    languages = detect_languages(texts, groups=["broadband"] * len(texts))
    seconds = time.perf_counter() - started
    wrong = [
        (text, language)
        for text, language in zip(texts, languages, strict=True)
        if (language != "en" if LETTER.search(text) else language != UNKNOWN)
    ]
    short = [t for t in texts if len(t.split()) <= 3 and LETTER.search(t)]
    return {
        "comments": len(texts),
        "of which 1-3 words": len(short),
        "wrong": len(wrong),
        "wrong %": round(100 * len(wrong) / len(texts), 2),
        "comments per second": round(len(texts) / seconds),
        "examples of wrong": wrong[:10],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", type=Path)
    args = parser.parse_args(argv)
    figures = language_on_broadband()
    lines = ["| language detection, public broadband survey (English) | value |", "|---|---|"]
    lines += [f"| {key} | {value} |" for key, value in figures.items()]
    table = "\n".join(lines)
    print(table)
    if args.output:
        args.output.write_text(table + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
