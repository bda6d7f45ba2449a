"""`make eval`: the text analytics measured on public, real comments the team did not write.

    python -m bench.text_eval            # prints the tables; --output FILE writes them as Markdown too
    python -m bench.text_eval --split dev

1. Language detection on the 2,385 comments of the public broadband survey (tests/realdata/SOURCES.md §1,
   GPL, all English, many of one to three words), with the survey's language mix as the prior, as the analysis
   step runs it. A comment counts as wrong when it has letters and is not read as English; a comment without
   letters ("10", "?") is right when it is "unknown".
2. Per language, on the TEST split of the human-labelled comments in data/eval (data/eval/SOURCES.md): language
   accuracy (each file as one group, as a survey), tone sign agreement on the comments labelled positive or
   negative, three-class accuracy of `sentiment_label` with its confusion matrix, and tone throughput.
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

import pandas as pd

from nps.text.language import UNKNOWN, detect_languages
from nps.text.sentiment import score_sentiment, sentiment_label

ROOT = Path(__file__).resolve().parent.parent
BROADBAND = ROOT / "tests" / "realdata" / "fahadshery_textsummary_text_data.csv"
EVAL_DIR = ROOT / "data" / "eval"
EVAL_LANGUAGES = ("en", "pl", "th", "ar", "zh")
TONES = ("negative", "neutral", "positive")
LETTER = re.compile(r"[^\W\d_]")


def load_eval_split(language: str, split: str = "test") -> pd.DataFrame:
    """The labelled comments of one language and split (text, label, source, split)."""
    frame = pd.read_csv(EVAL_DIR / f"{language}.csv", keep_default_na=False, dtype=str)
    return frame[frame["split"] == split].reset_index(drop=True)


def tone_figures(texts: list[str], labels: list[str], scores: list[float | None]) -> dict[str, object]:
    """Sign agreement on the clearly positive/negative comments, three-class accuracy and confusion counts."""
    clear = [(label, score) for label, score in zip(labels, scores, strict=True) if label != "neutral"]
    agreeing = sum(
        1 for label, score in clear if score is not None and (score > 0) == (label == "positive") and score != 0
    )
    predicted = [sentiment_label(score) or "neutral" for score in scores]
    confusion = {(truth, guess): 0 for truth in TONES for guess in TONES}
    for truth, guess in zip(labels, predicted, strict=True):
        confusion[(truth, guess)] += 1
    right = sum(confusion[(tone, tone)] for tone in TONES)
    return {
        "clear comments": len(clear),
        "sign agreement %": round(100 * agreeing / len(clear), 1) if clear else None,
        "three-class %": round(100 * right / len(texts), 1) if texts else None,
        "confusion": confusion,
    }


def tone_and_language_on_eval(split: str = "test") -> dict[str, dict[str, object]]:
    detect_languages(["warm-up"])
    score_sentiment(["warm-up"])
    result: dict[str, dict[str, object]] = {}
    for language in EVAL_LANGUAGES:
        frame = load_eval_split(language, split)
        texts, labels = list(frame["text"]), list(frame["label"])
        languages = detect_languages(texts, groups=[language] * len(texts))
        started = time.perf_counter()
        scores = score_sentiment(texts)
        seconds = time.perf_counter() - started
        figures = {
            "comments": len(texts),
            "language right %": round(100 * sum(found == language for found in languages) / len(texts), 1),
        }
        figures |= tone_figures(texts, labels, scores)
        figures["comments per second"] = round(len(texts) / seconds)
        result[language] = figures
    return result


def _overall(per_language: dict[str, dict[str, object]]) -> dict[str, object]:
    confusion = {(truth, guess): 0 for truth in TONES for guess in TONES}
    for figures in per_language.values():
        for key, count in figures["confusion"].items():
            confusion[key] += count
    total = sum(confusion.values())
    clear = sum(f["clear comments"] for f in per_language.values())
    agreeing = sum(f["clear comments"] * f["sign agreement %"] / 100 for f in per_language.values())
    return {
        "comments": total,
        "sign agreement %": round(100 * agreeing / clear, 1),
        "three-class %": round(100 * sum(confusion[(t, t)] for t in TONES) / total, 1),
        "confusion": confusion,
    }


def tone_tables(per_language: dict[str, dict[str, object]], split: str) -> str:
    overall = _overall(per_language)
    lines = [
        f"| {split} split (data/eval) | comments | language right | sign agreement (clear) | three-class | comments/s |",
        "|---|---|---|---|---|---|",
    ]
    for language, f in per_language.items():
        lines.append(
            f"| {language} | {f['comments']} | {f['language right %']}% | {f['sign agreement %']}% of "
            f"{f['clear comments']} | {f['three-class %']}% | {f['comments per second']} |"
        )
    lines.append(f"| all | {overall['comments']} | | {overall['sign agreement %']}% | {overall['three-class %']}% | |")
    lines += ["", "| confusion (rows: label, columns: read as) | negative | neutral | positive |", "|---|---|---|---|"]
    for language, f in [*per_language.items(), ("all", overall)]:
        for truth in TONES:
            counts = [f["confusion"][(truth, guess)] for guess in TONES]
            if sum(counts):
                lines.append(f"| {language} {truth} | " + " | ".join(str(c) for c in counts) + " |")
    return "\n".join(lines)


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
    parser.add_argument("--split", choices=("test", "dev"), default="test")
    args = parser.parse_args(argv)
    figures = language_on_broadband()
    lines = ["| language detection, public broadband survey (English) | value |", "|---|---|"]
    lines += [f"| {key} | {value} |" for key, value in figures.items()]
    table = "\n".join(lines) + "\n\n" + tone_tables(tone_and_language_on_eval(args.split), args.split)
    print(table)
    if args.output:
        args.output.write_text(table + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
