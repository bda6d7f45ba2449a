"""Train the tone model (`data/text/tone_classifier.npz`) on bundled data that holds no evaluation test comment.

    python scripts/train_tone.py [--cv]

Two logistic regressions (scikit-learn, a training-only dependency; the app reads the weights with numpy):
- meaning: multinomial, C=10, over `nps.text.sentiment.tone_features` (the mean of a comment's sentence
  vectors), trained on the dev half of `data/eval/comments.csv`. Adding the training file below made it
  no better in cross-validation (sign agreement 81.8 % against 83.0 %), so it is left out here.
- words: one-vs-rest logistic loss by SGD (alpha 1e-6, 30 epochs, fixed seed) over hashed character n-grams
  (`nps.text.char_ngrams`), trained on the dev half plus `data/train/tone.csv.gz` (scripts/build_tone_training.py;
  none of its texts is in data/eval).
`nps.text.sentiment.combine` multiplies their probabilities with the shares (0.5, 1.0); text mostly in
Chinese characters is read by the meaning model alone (`word_shares`). Every setting was
chosen by 5-fold cross-validation on the dev half (docs/text-analytics.md); `--cv` prints it. The test half is
never read, so `make eval` on it stays a held-out figure. The Polish rows are CC BY-SA 4.0, so the weights are
treated as share-alike too (data/eval/SOURCES.md, data/train/SOURCES.md).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sparse
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression, SGDClassifier

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nps.text.char_ngrams import BUCKETS, char_ngrams  # noqa: E402
from nps.text.sentiment import (  # noqa: E402
    TONE_MODEL,
    TONES,
    combine,
    meaning_probabilities,
    tone_features,
    word_probabilities,
    word_shares,
)

CORPUS = ROOT / "data" / "eval" / "comments.csv"
TRAINING = ROOT / "data" / "train" / "tone.csv.gz"
MEANING_C = 10.0
WORD_ALPHA = 1e-6
WORD_EPOCHS = 30
SHARES = (0.5, 1.0)
FOLDS = 5
SEED = 0


def word_matrix(texts: list[str]) -> sparse.csr_matrix:
    rows = char_ngrams(texts)
    return sparse.csr_matrix((rows.values, rows.indices, rows.indptr), shape=(rows.rows, BUCKETS))


def fit_meaning(features: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model = LogisticRegression(C=MEANING_C, max_iter=2000).fit(features, labels)
    return model.coef_.T.astype(np.float32), model.intercept_.astype(np.float32)


def balanced_weights(languages: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Each tone of a language weighs the same in total, each language as much as it has rows: a language whose
    rows are mostly praise (the Chinese reviews) does not teach the model that its script means praise."""
    weights = np.zeros(len(labels))
    for language in np.unique(languages):
        in_language = languages == language
        tones = np.unique(labels[in_language])
        for tone in tones:
            cell = in_language & (labels == tone)
            weights[cell] = in_language.sum() / (len(tones) * cell.sum())
    return weights


def fit_words(matrix: sparse.csr_matrix, labels: np.ndarray, languages: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    model = SGDClassifier(loss="log_loss", alpha=WORD_ALPHA, max_iter=WORD_EPOCHS, tol=None, random_state=SEED)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(matrix, labels, sample_weight=balanced_weights(languages, labels))
    return model.coef_.T.astype(np.float16), model.intercept_.astype(np.float32)


def labels_of(frame: pd.DataFrame) -> np.ndarray:
    return np.array([TONES.index(tone) for tone in frame["tone"]])


def _report(name: str, probabilities: np.ndarray, labels: np.ndarray, languages: np.ndarray) -> None:
    polar = labels != 1
    agrees = (probabilities[:, 2] > probabilities[:, 0]) == (labels == 2)
    per_language = " ".join(
        f"{language} {100 * agrees[polar & (languages == language)].mean():.1f}" for language in np.unique(languages)
    )
    three = np.isin(languages, ["pl", "ar", "zh"])
    print(
        f"{name}: sign {100 * agrees[polar].mean():.1f} ({per_language}); "
        f"three classes (pl, ar, zh) {100 * (probabilities.argmax(axis=1) == labels)[three].mean():.1f}"
    )


def cross_validate(
    dev: pd.DataFrame, features: np.ndarray, words: sparse.csr_matrix, training: pd.DataFrame, extra: sparse.csr_matrix
) -> None:
    """Folds stratified by language and tone; the training file joins every fold's training part."""
    labels, languages = labels_of(dev), dev["language"].to_numpy()
    rng = np.random.default_rng(SEED)
    folds = np.zeros(len(labels), dtype=int)
    for language in np.unique(languages):
        for tone in range(len(TONES)):
            members = np.flatnonzero((languages == language) & (labels == tone))
            rng.shuffle(members)
            folds[members] = np.arange(len(members)) % FOLDS
    meaning, word = np.zeros((len(labels), len(TONES))), np.zeros((len(labels), len(TONES)))
    texts = list(dev["text"])
    for fold in range(FOLDS):
        train, held = folds != fold, np.flatnonzero(folds == fold)
        meaning[held] = meaning_probabilities(features[held], *fit_meaning(features[train], labels[train]))
        word_weights, word_bias = fit_words(
            sparse.vstack([words[train], extra]).tocsr(),
            np.concatenate([labels[train], labels_of(training)]),
            np.concatenate([languages[train], training["language"].to_numpy()]),
        )
        word[held] = word_probabilities([texts[i] for i in held], word_weights, word_bias)
    _report("meaning (sentence vectors)", meaning, labels, languages)
    _report("words (character n-grams)", word, labels, languages)
    combined = combine(meaning, word, SHARES[0], word_shares(texts, SHARES[1]))
    _report(f"combined {SHARES}, no n-grams for Chinese characters", combined, labels, languages)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cv", action="store_true", help="also print 5-fold cross-validation on the dev half")
    args = parser.parse_args(argv)
    corpus = pd.read_csv(CORPUS, keep_default_na=False, dtype=str)
    dev = corpus[corpus["split"] == "dev"]
    training = pd.read_csv(TRAINING, keep_default_na=False, dtype=str)
    features = tone_features(list(dev["text"])).astype(np.float64)
    words, extra = word_matrix(list(dev["text"])), word_matrix(list(training["text"]))
    if args.cv:
        cross_validate(dev, features, words, training, extra)
    meaning_weights, meaning_bias = fit_meaning(features, labels_of(dev))
    word_weights, word_bias = fit_words(
        sparse.vstack([words, extra]).tocsr(),
        np.concatenate([labels_of(dev), labels_of(training)]),
        np.concatenate([dev["language"].to_numpy(), training["language"].to_numpy()]),
    )
    about = {
        "meaning": f"multinomial logistic regression, C={MEANING_C}, on dev sentence-vector means",
        "words": f"one-vs-rest SGD logistic, alpha={WORD_ALPHA}, {WORD_EPOCHS} epochs, on dev + training file",
        "rows": len(dev),
        "corpus": "data/eval/comments.csv split=dev",
        "dev_sha256": hashlib.sha256("\n".join(dev["id"] + "\t" + dev["text"]).encode()).hexdigest(),
        "training_file": "data/train/tone.csv.gz",
        "training_rows": len(training),
        "training_sha256": hashlib.sha256(TRAINING.read_bytes()).hexdigest(),
    }
    np.savez_compressed(
        TONE_MODEL,
        meaning_weights=meaning_weights,
        meaning_bias=meaning_bias,
        word_weights=word_weights,
        word_bias=word_bias,
        shares=np.array(SHARES),
        classes=np.array(TONES),
        about=np.array(json.dumps(about)),
    )
    print(f"wrote {TONE_MODEL.relative_to(ROOT)} from {len(dev)} dev comments and {len(training)} training rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
