"""`make eval`: the text analytics measured on public, real comments the team did not write.

    python -m bench.text_eval                # prints Markdown tables; --output FILE writes them too
    python -m bench.text_eval --split dev    # the dev half (for choosing things; report the test half)

1. The labelled comments of `data/eval/comments.csv` (five languages, labels by people; data/eval/SOURCES.md),
   by default its test split, each language through the analysis step as the product runs it
   (`CommentAnalyser`: language with the survey's mix as the prior, each source standing for one survey;
   tone; themes). Per language and overall: language accuracy (also lingua on the text alone), tone sign
   agreement on the comments labelled positive or negative, three-class accuracy with its confusion matrix
   where the source has neutral comments, the share with at least one theme, and comments per second once
   the models are loaded: per language in one process, and for the whole split shuffled through both cores
   as an import analyses it (`SharedReader` with one helper process). Every share has its 95 % Wilson interval.
2. Themes against people's aspect labels (`data/eval/theme_labels.csv`: MAMS-ACSA in English, the ASAP
   aspect columns in Chinese, mapped to product themes; SOURCES.md), same split: comments with at least one
   theme, precision of the theme labels the product gives (a label is judged when the source's categories can
   say yes or no to that theme; labels of other themes are counted apart as unjudged), recall of the labelled
   themes, per theme too; the seed keywords alone beside keywords plus meaning.
3. Language detection on the 2,385 comments of the public broadband survey (tests/realdata/SOURCES.md §1, GPL,
   all English, many of one to three words), with the survey's language mix as the prior. A comment counts as
   wrong when it has letters and is not read as English; one without letters ("10", "?") is right as "unknown".
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from nps.metrics import share_with_interval
from nps.text.analyser import CommentAnalyser, SharedReader, read_texts
from nps.text.language import UNKNOWN, detect_languages
from nps.text.sentiment import sentiment_label
from nps.text.themes import SEED_THEMES, ThemeMatcher, default_matcher

ROOT = Path(__file__).resolve().parent.parent
BROADBAND = ROOT / "tests" / "realdata" / "fahadshery_textsummary_text_data.csv"
CORPUS = ROOT / "data" / "eval" / "comments.csv"
THEME_LABELS = ROOT / "data" / "eval" / "theme_labels.csv"
LANGUAGES = ("en", "pl", "th", "ar", "zh")
TONES = ("negative", "neutral", "positive")
LETTER = re.compile(r"[^\W\d_]")
EXAMPLES = 4


@dataclass
class Tally:
    """Counts behind one row of the table: a language, or all of them pooled."""

    n: int = 0
    language_right: int = 0
    language_alone_right: int = 0
    polar: int = 0
    sign_right: int = 0
    three_n: int = 0
    three_right: int = 0
    themed: int = 0
    seconds: float = 0.0
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    sign_misses: list[tuple[float, str, str]] = field(default_factory=list)
    language_misses: list[tuple[str, str]] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name in ("n", "language_right", "language_alone_right", "polar", "sign_right", "three_n"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.three_right += other.three_right
        self.themed += other.themed
        self.seconds += other.seconds
        self.confusion.update(other.confusion)


def _sign_agrees(score: float | None, tone: str) -> bool:
    return score is not None and (score > 0 if tone == "positive" else score < 0)


def evaluate_language(rows: pd.DataFrame) -> Tally:
    """One language's comments through a fresh analyser (nothing remembered from other languages)."""
    texts, tones, groups = list(rows["text"]), list(rows["tone"]), list(rows["source"])
    analyser = CommentAnalyser(default_matcher())
    started = time.perf_counter()
    result = analyser.analyse(texts, groups)
    tally = Tally(n=len(texts), seconds=time.perf_counter() - started)
    language = rows["language"].iloc[0]
    alone = detect_languages(texts)
    has_neutral = "neutral" in tones
    for text, tone, found, found_alone, score, themes in zip(
        texts, tones, result.languages, alone, result.sentiments, result.themes, strict=True
    ):
        tally.language_right += found == language
        tally.language_alone_right += found_alone == language
        if found != language:
            tally.language_misses.append((text, found))
        tally.themed += bool(themes)
        if tone != "neutral":
            tally.polar += 1
            if _sign_agrees(score, tone):
                tally.sign_right += 1
            else:
                tally.sign_misses.append((score if score is not None else 0.0, tone, text))
        if has_neutral:
            estimate = sentiment_label(score) or "neutral"
            tally.three_n += 1
            tally.three_right += estimate == tone
            tally.confusion[(tone, estimate)] += 1
    tally.sign_misses.sort(key=lambda miss: -abs(miss[0]))
    return tally


def both_cores_speed(corpus: pd.DataFrame, warm: pd.DataFrame) -> tuple[int, float]:
    """(comments, seconds) for the split's comments in a shuffled order through this process and one helper,
    as `python -m nps import` analyses them; the helper is warmed on other rows first, so its model loading
    is not counted (as for the one-process figures)."""
    reader = SharedReader(1)
    try:
        warm_rows = warm.sample(n=min(len(warm), 1_000), random_state=0)
        CommentAnalyser(default_matcher(), reader).analyse(list(warm_rows["text"]), list(warm_rows["source"]))
        rows = corpus.sample(frac=1.0, random_state=0)
        analyser = CommentAnalyser(default_matcher(), reader)
        started = time.perf_counter()
        analyser.analyse(list(rows["text"]), list(rows["source"]))
        return len(rows), time.perf_counter() - started
    finally:
        reader.close()


def _share(successes: int, n: int) -> str:
    interval = share_with_interval(successes, n)
    if interval.share is None or interval.low is None or interval.high is None:
        return "–"
    return f"{100 * interval.share:.1f} % ({successes}/{n}; {100 * interval.low:.1f}–{100 * interval.high:.1f})"


def corpus_tables(split: str) -> str:
    everything = pd.read_csv(CORPUS, keep_default_na=False, dtype=str)
    corpus = everything[everything["split"] == split]
    warm = [corpus[corpus["language"] == language]["text"].iloc[0] for language in LANGUAGES]
    read_texts(warm)
    detect_languages(warm)
    tallies = {language: evaluate_language(corpus[corpus["language"] == language]) for language in LANGUAGES}
    overall = Tally()
    for tally in tallies.values():
        overall.add(tally)
    both_n, both_seconds = both_cores_speed(corpus, everything[everything["split"] != split])
    lines = [
        f"### Labelled comments, {split} split (data/eval/comments.csv)",
        "",
        "Shares with their 95 % Wilson interval. Language: as the analysis runs it (each source one survey, short "
        "comments weighed by its mix); text alone: lingua without a mix. Tone sign: the score's sign against the "
        "comments labelled positive or negative. Three classes: `sentiment_label` against the label, on the "
        "sources with neutral comments (pl, ar, zh). Themes: comments with at least one seed theme (keywords "
        "and meaning; how often those labels are right is in the next table, for en and zh). Speed: the "
        "analysis step (language, tone, themes) once the models are loaded.",
        "",
        "| language | n | language | language, text alone | tone sign | three classes | ≥ 1 theme | comments/s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, tally in [*tallies.items(), ("all", overall)]:
        lines.append(
            f"| {name} | {tally.n} | {_share(tally.language_right, tally.n)} | "
            f"{_share(tally.language_alone_right, tally.n)} | {_share(tally.sign_right, tally.polar)} | "
            f"{_share(tally.three_right, tally.three_n)} | {_share(tally.themed, tally.n)} | "
            f"{tally.n / tally.seconds:.0f} |"
        )
    lines += [
        "",
        f"Both cores, as an import runs the analysis (the split shuffled, this process and one helper): "
        f"{both_n} comments in {both_seconds:.1f} s, **{both_n / both_seconds:.0f} comments/s**.",
    ]
    lines += ["", "Confusion (rows: the label; columns: the estimate)", ""]
    lines += ["| language | label | → negative | → neutral | → positive | n |", "|---|---|---|---|---|---|"]
    for name, tally in [*tallies.items(), ("all three-class", overall)]:
        if not tally.three_n:
            continue
        for tone in TONES:
            cells = [tally.confusion[(tone, estimate)] for estimate in TONES]
            lines.append(f"| {name} | {tone} | {' | '.join(map(str, cells))} | {sum(cells)} |")
    lines += ["", "Most confident sign misses (score, label, text) and wrong languages", ""]
    for name, tally in tallies.items():
        for score, tone, text in tally.sign_misses[:EXAMPLES]:
            lines.append(f"- {name} tone: {score:+.2f} for a {tone} comment: {_quote(text)}")
        for text, found in tally.language_misses[:EXAMPLES]:
            lines.append(f"- {name} language: read as {found}: {_quote(text)}")
    return "\n".join(lines)


@dataclass
class ThemeTally:
    """Theme labels given against the labels people gave, for one language (or one theme of it)."""

    comments: int = 0
    themed: int = 0
    given: int = 0
    right: int = 0
    unjudged: int = 0
    labelled: int = 0
    found: int = 0
    wrong: list[tuple[str, str]] = field(default_factory=list)

    def count(self, text: str, given: set[str], labelled: set[str], judged: set[str]) -> None:
        self.comments += 1
        self.themed += bool(given)
        self.labelled += len(labelled)
        self.found += len(given & labelled)
        for theme in given:
            if theme not in judged:
                self.unjudged += 1
                continue
            self.given += 1
            self.right += theme in labelled
            if theme not in labelled:
                self.wrong.append((theme, text))


def theme_tallies(rows: pd.DataFrame, by_meaning: bool) -> tuple[ThemeTally, dict[str, ThemeTally]]:
    """One language's labelled comments through the analysis (or the seed keywords alone)."""
    texts = list(rows["text"])
    labels = [set(filter(None, value.split(";"))) for value in rows["themes"]]
    judged = {theme for themes in labels for theme in themes}
    if by_meaning:
        given = [set(names) for names in CommentAnalyser(default_matcher()).analyse(texts, list(rows["source"])).themes]
    else:
        given = [set(names) for names in ThemeMatcher(SEED_THEMES).match_many(texts)]
    tally = ThemeTally()
    per_theme = {theme: ThemeTally() for theme in sorted(judged)}
    for text, found, labelled in zip(texts, given, labels, strict=True):
        tally.count(text, found, labelled, judged)
        for theme, theme_tally in per_theme.items():
            theme_tally.count(text, found & {theme}, labelled & {theme}, {theme})
    return tally, per_theme


def theme_tables(split: str) -> str:
    labelled = pd.read_csv(THEME_LABELS, keep_default_na=False, dtype=str)
    labelled = labelled[labelled["split"] == split]
    lines = [
        f"### Themes against people's aspect labels, {split} split (data/eval/theme_labels.csv)",
        "",
        "Precision: theme labels the product gave that the people's labels confirm, among the labels of themes "
        "the source can judge (price, support, product quality, place & atmosphere); unjudged: labels of other "
        "themes (delivery, app/website, billing, ease of use), which these restaurant reviews' categories cannot "
        "confirm or deny. Recall: "
        "labelled themes the product found. 95 % Wilson intervals.",
        "",
        "| language | themes by | n | ≥ 1 theme | precision | recall | unjudged labels |",
        "|---|---|---|---|---|---|---|",
    ]
    details: list[str] = []
    for language in ("en", "zh"):
        rows = labelled[labelled["language"] == language]
        for by_meaning in (False, True):
            tally, per_theme = theme_tallies(rows, by_meaning)
            how = "keywords + meaning" if by_meaning else "keywords alone"
            lines.append(
                f"| {language} | {how} | {tally.comments} | {_share(tally.themed, tally.comments)} | "
                f"{_share(tally.right, tally.given)} | {_share(tally.found, tally.labelled)} | {tally.unjudged} |"
            )
            if by_meaning:
                for theme, theme_tally in per_theme.items():
                    details.append(
                        f"| {language} | {theme} | {_share(theme_tally.right, theme_tally.given)} | "
                        f"{_share(theme_tally.found, theme_tally.labelled)} |"
                    )
                details += [f"| {language} | wrong: {theme} | {_quote(text)} | |" for theme, text in tally.wrong[:3]]
    lines += [
        "",
        "Per theme (keywords + meaning)",
        "",
        "| language | theme | precision | recall |",
        "|---|---|---|---|",
    ]
    return "\n".join(lines + details)


def theme_tone_table(split: str) -> str:
    """Tone per theme against the polarity people gave each aspect: for every theme the product found and the
    labels call clearly positive or negative, does the sign of the theme's tone agree? Beside it, the sign of
    the whole comment's tone (what every theme carried before tone per theme)."""
    labelled = pd.read_csv(THEME_LABELS, keep_default_na=False, dtype=str)
    labelled = labelled[labelled["split"] == split]
    lines = [
        f"### Tone per theme against people's aspect polarity, {split} split (data/eval/theme_labels.csv)",
        "",
        "Pairs: a theme the product found in a comment whose labels call that theme clearly positive or negative "
        "(neutral and mixed aspects left out). Sign agreement of the theme's own tone, and of the whole "
        "comment's tone for the same pairs; in brackets, the pairs whose comment has themes of both polarities. "
        "95 % Wilson intervals.",
        "",
        "| language | pairs | theme's own tone | comment's tone | pairs in mixed comments | own tone there | "
        "comment's tone there |",
        "|---|---|---|---|---|---|---|",
    ]
    for language in ("en", "zh"):
        rows = labelled[labelled["language"] == language]
        result = CommentAnalyser(default_matcher()).analyse(list(rows["text"]), list(rows["source"]))
        tallies = {"all": [0, 0, 0], "mixed": [0, 0, 0]}
        for tones, overall, value in zip(result.theme_tones, result.sentiments, rows["theme_tones"], strict=True):
            truth = dict(pair.split(":") for pair in value.split(";") if pair)
            polar = {theme: tone for theme, tone in truth.items() if tone in ("positive", "negative")}
            mixed = len(set(polar.values())) > 1
            for theme, tone in polar.items():
                if theme not in tones:
                    continue
                for key in ("all", "mixed") if mixed else ("all",):
                    tallies[key][0] += 1
                    tallies[key][1] += _sign_agrees(tones[theme], tone)
                    tallies[key][2] += _sign_agrees(overall, tone)
        everything, mixed_pairs = tallies["all"], tallies["mixed"]
        lines.append(
            f"| {language} | {everything[0]} | {_share(everything[1], everything[0])} | "
            f"{_share(everything[2], everything[0])} | {mixed_pairs[0]} | {_share(mixed_pairs[1], mixed_pairs[0])} | "
            f"{_share(mixed_pairs[2], mixed_pairs[0])} |"
        )
    return "\n".join(lines)


def _quote(text: str, limit: int = 140) -> str:
    text = text.replace("|", "/")
    return f"“{text[:limit]}{'…' if len(text) > limit else ''}”"


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


def broadband_table() -> str:
    figures = language_on_broadband()
    lines = ["| language detection, public broadband survey (English) | value |", "|---|---|"]
    lines += [f"| {key} | {value} |" for key, value in figures.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--output", type=Path)
    parser.add_argument("--split", choices=("test", "dev"), default="test")
    args = parser.parse_args(argv)
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    header = f"`make eval`, {date.today().isoformat()}, {platform.node()}, {os.cpu_count()} cores, load average {load}"
    report = "\n\n".join(
        [header, corpus_tables(args.split), theme_tables(args.split), theme_tone_table(args.split), broadband_table()]
    )
    print(report)
    if args.output:
        args.output.write_text(report + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
