"""Language, tone and themes of a batch of comments, each distinct text going through the models once.

Large exports repeat their comments ("Great service", templates, pasted answers): the bench's 1M-row export
holds 387,781 comments but 3,124 distinct texts. What a text alone gives (lingua's call, its confidences,
its tone) is remembered across batches; only the weighing of short texts by their survey's language mix
depends on the batch, and it is cheap. Results equal `detect_languages(texts, groups)`, `score_sentiment`
and `ThemeMatcher.match_all` applied to the whole batch. Themes with example phrases are found by meaning from the
same sentence vectors the tone model reads: each sentence is encoded once for both.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
import sys
import types
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial

import numpy as np

from nps.text.embeddings import sentence_vectors, text_means
from nps.text.language import UNKNOWN, confidences, detect_each, is_short, weigh_by_groups
from nps.text.sentiment import score_sentiment, scores_of_vectors
from nps.text.theme_meaning import ThemeExamples
from nps.text.theme_tone import SentenceParts, sentence_parts, tones_by_theme
from nps.text.themes import ThemeMatcher

log = logging.getLogger(__name__)

MEMO_CHARS = 50_000_000
"""Remembered texts are forgotten past this many characters (about 100 MB of text), then remembered afresh."""


@dataclass(frozen=True)
class Reading:
    """What the models say about one stripped text on its own."""

    detected: str
    short_confidences: dict[str, float] | None
    sentiment: float | None
    failed: bool = False
    meant: frozenset[int] = field(default_factory=frozenset)
    """Indexes of the themes its sentences are about by meaning (with the examples it was read with)."""
    parts: SentenceParts | None = None
    """Each sentence's tone and theme by meaning, when the text has more than one sentence."""


FAILED = Reading(UNKNOWN, None, None, failed=True)


def tones_and_meanings(
    texts: Sequence[str], meaning: ThemeExamples
) -> tuple[list[float], list[set[int]], list[SentenceParts | None]]:
    """The tone score (as `score_sentiment` gives it), the themes by meaning and the sentence parts of each
    distinct stripped text, from one encoding of their sentences: the mean of a text's sentence vectors is what
    the tone model reads."""
    vectors, owners = sentence_vectors(texts)
    scores = scores_of_vectors(text_means(vectors, owners, len(texts)), texts)
    themes = meaning.sentence_themes(vectors)
    meant: list[set[int]] = [set() for _ in texts]
    for owner, theme in zip(owners.tolist(), themes.tolist(), strict=True):
        if theme >= 0:
            meant[owner].add(theme)
    return [round(float(score), 3) for score in scores], meant, sentence_parts(texts, vectors, owners, themes)


def read_texts(texts: Sequence[str], meaning: ThemeExamples | None = None) -> list[Reading]:
    """The models over distinct stripped, non-empty texts (the part worth spreading over processes)."""
    detected = detect_each(texts)
    short = [i for i, text in enumerate(texts) if is_short(text, detected[i])]
    found = dict(zip(short, confidences([texts[i] for i in short]), strict=True))
    if meaning is None:
        tones: Sequence[float | None] = score_sentiment(texts)
        meant: list[set[int]] = [set() for _ in texts]
    else:
        tones, meant, parts = tones_and_meanings(texts, meaning)
        return [
            Reading(detected[i], found.get(i), tones[i], meant=frozenset(meant[i]), parts=parts[i])
            for i in range(len(texts))
        ]
    return [Reading(detected[i], found.get(i), tones[i], meant=frozenset(meant[i])) for i in range(len(texts))]


def read_isolating_failures(texts: Sequence[str], reader: Callable[[Sequence[str]], list[Reading]]) -> list[Reading]:
    """All at once; if a model fails on them, one at a time, so one bad comment cannot stop the rest."""
    try:
        return reader(texts)
    except Exception:
        log.warning("analysis of %d texts failed; analysing them one by one", len(texts), exc_info=True)
    readings = []
    for text in texts:
        try:
            readings += reader([text])
        except Exception:
            log.warning("a comment could not be analysed", exc_info=True)
            readings.append(FAILED)
    return readings


POOL_MIN_TEXTS = 1_000
"""A batch with fewer new distinct texts is read in this process alone: a helper process costs ~1 s to start
and as much again to load the models, which only this many texts repay."""


PIECES_PER_PROCESS = 8
"""A shared batch is cut into this many pieces per process. The helpers take pieces from the front and this
process from the back until they meet, so a process that reads faster (or a helper still loading its models)
does more. More, smaller pieces cost more than they save: each model call has its overhead."""

TAPER = 0.7
"""Each piece is this fraction of the one before it, going from either end towards the middle: the big pieces
come first and the ones in flight where the processes meet are small. A helper has a piece running and
one queued that can no longer be taken back, so with equal pieces this process waited about 1.5 pieces at the end
of every batch (2.7 of 18 s on the 5,141 real comments of `make bench`)."""

SHARED_MIN_TEXTS = 100
"""Once the helpers run, a batch with at least this many new texts is shared too (fewer are not worth the
pickling)."""


def warm_models(matcher: ThemeMatcher | None = None) -> None:
    """Load the language, sentence and tone models in this process, and the Thai dictionary of the matcher's
    keywords when one is given (each is loaded on first use otherwise)."""
    read_texts(["warm up"])
    if matcher is not None:
        matcher.warm()


@contextmanager
def _bare_main() -> Iterator[None]:
    """Spawned helpers re-run `__main__` when it names a file; under Streamlit that is a page script, which
    must not run again in a helper, so while helpers start they see an empty `__main__` instead."""
    main = sys.modules.get("__main__")
    if getattr(getattr(main, "__spec__", None), "name", None) or not getattr(main, "__file__", None):
        yield
        return
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


def _piece_shares(helpers: int) -> list[float]:
    """Fractions of a batch's characters, front to back: the helpers' share (helpers / (helpers + 1)) in pieces
    shrinking towards the middle, then this process's share in pieces growing towards the back."""
    front = TAPER ** (np.arange(PIECES_PER_PROCESS * helpers) / helpers)
    back = TAPER ** np.arange(PIECES_PER_PROCESS)[::-1]
    return [*(front / front.sum() * helpers / (helpers + 1)), *(back / back.sum() / (helpers + 1))]


def _cuts(texts: Sequence[str], shares: Sequence[float]) -> list[int]:
    """Boundaries 0 = c0 ≤ c1 ≤ … ≤ c_n = len(texts) giving part k about shares[k] of the characters (the
    models' cost grows with a text's length, so equal counts of texts can be unequal work)."""
    ends = np.cumsum([len(text) + 1 for text in texts])
    targets = ends[-1] * np.cumsum(shares[:-1])
    return [0, *np.minimum(np.searchsorted(ends, targets) + 1, len(texts)).tolist(), len(texts)]


class SharedReader:
    """read_texts with a batch's new texts split between this process and helper processes (both cores).

    The helpers start on the first batch big enough to repay them, load the models once each, and are spawned
    (not forked: the parent may hold database connections and threads); `close` stops them.
    """

    def __init__(self, helpers: int = 1, min_texts: int = POOL_MIN_TEXTS) -> None:
        self.helpers = helpers
        self.min_texts = min_texts
        self._pool: ProcessPoolExecutor | None = None

    def __call__(self, texts: Sequence[str], meaning: ThemeExamples | None = None) -> list[Reading]:
        started = self._pool is not None  # a running helper costs nothing more, so it takes smaller batches too
        if self.helpers < 1 or len(texts) < max(SHARED_MIN_TEXTS if started else self.min_texts, self.helpers + 1):
            return read_texts(texts, meaning)
        if self._pool is None:
            self.start()
        assert self._pool is not None
        cuts = _cuts(texts, _piece_shares(self.helpers))
        pieces = [list(texts[start:end]) for start, end in itertools.pairwise(cuts) if end > start]
        with _bare_main():  # helpers are spawned by the first submits
            futures = [self._pool.submit(read_texts, piece, meaning) for piece in pieces]
        own: dict[int, list[Reading]] = {}
        for index in reversed(range(len(pieces))):  # the helpers work from the front, this process from the back
            if not futures[index].cancel():
                break
            own[index] = read_texts(pieces[index], meaning)
        return [reading for index, future in enumerate(futures) for reading in own.get(index) or future.result()]

    def start(self, *, wait: bool = False) -> None:
        """Spawn the helpers now; each loads its models in the background (≈ 2–3 s), e.g. while an import runs,
        or before `wait` returns."""
        if self.helpers < 1:
            return
        if self._pool is None:
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(self.helpers, mp_context=context, initializer=warm_models)
        with _bare_main():
            loading = [self._pool.submit(warm_models) for _ in range(self.helpers)]
        if wait:
            for future in loading:
                future.result()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None


@dataclass(frozen=True)
class BatchResult:
    languages: list[str]
    sentiments: list[float | None]
    themes: list[tuple[str, ...]]
    failed: int
    new_texts: int
    """Distinct texts the models read for this batch (the rest were remembered or repeated)."""
    theme_tones: list[dict[str, float | None]] = field(default_factory=list)
    """Per text, each theme's tone in it (the keys are `themes`, in the same order)."""


class CommentAnalyser:
    """One per analysis run: holds the theme matcher and what it has read so far.

    A reader is called as reader(texts), or reader(texts, examples) when the matcher has themes by meaning.
    """

    def __init__(self, matcher: ThemeMatcher, reader: Callable[..., list[Reading]] = read_texts) -> None:
        self._matcher = matcher
        meaning = matcher.meaning
        self._reader = reader if meaning is None else partial(reader, meaning=meaning)
        self._readings: dict[str, Reading] = {}
        self._themes: dict[tuple[str, str | None], dict[str, float | None]] = {}
        self._theme_index = {name: index for index, name in enumerate(matcher.themes)}
        self._chars = 0

    def analyse(self, texts: Sequence[str], groups: Sequence[object]) -> BatchResult:
        """Languages (short texts weighed by their group's mix in this batch), tones and theme names per text."""
        if self._chars > MEMO_CHARS:
            self._readings.clear()
            self._themes.clear()
            self._chars = 0
        stripped = [text.strip() for text in texts]
        new = list(dict.fromkeys(text for text in stripped if text and text not in self._readings))
        if new:
            self._chars += sum(map(len, new))
            self._readings.update(zip(new, read_isolating_failures(new, self._reader), strict=True))
        present = [i for i, text in enumerate(stripped) if text]
        readings = [self._readings[stripped[i]] for i in present]
        weighed = weigh_by_groups(
            [r.detected for r in readings], [r.short_confidences for r in readings], [groups[i] for i in present]
        )
        languages = [UNKNOWN] * len(texts)
        sentiments: list[float | None] = [None] * len(texts)
        for i, reading, language in zip(present, readings, weighed, strict=True):
            languages[i] = language
            sentiments[i] = reading.sentiment
        theme_tones: list[dict[str, float | None]] = [{} for _ in texts]
        for i, reading in zip(present, readings, strict=True):
            if not reading.failed:
                theme_tones[i] = self._themes_of(stripped[i], languages[i], reading)
        failed = sum(reading.failed for reading in readings)
        return BatchResult(
            languages, sentiments, [tuple(found) for found in theme_tones], failed, len(new), theme_tones
        )

    def _themes_of(self, text: str, language: str, reading: Reading) -> dict[str, float | None]:
        """Theme name → its tone in this text (remembered per text and language: both decide everything)."""
        key = (text, None if language == UNKNOWN else language)
        found = self._themes.get(key)
        if found is None:
            names = self._matcher.match(*key)
            if reading.meant:
                names = self._matcher.with_meaning(names, reading.meant)
            found = self._themes[key] = tones_by_theme(
                text,
                names,
                reading.parts,
                reading.sentiment,
                self._theme_index,
                lambda sentence: self._matcher.match(sentence, key[1]),
            )
            self._chars += len(text)
        return found
