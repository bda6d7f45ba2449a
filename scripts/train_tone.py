"""Train the tone model (`data/text/tone_classifier.npz`) on the dev half of `data/eval/comments.csv` only.

    python scripts/train_tone.py [--cv]

A multinomial logistic regression (numpy, L2, Adam on the full batch) over `nps.text.sentiment.tone_features`:
the mean of a comment's sentence vectors from the bundled multilingual encoder. The test half is never read,
so `make eval` on it stays a held-out figure; the corpora reserved for the independent check are not in
data/eval at all. The regularisation (1e-3) and the features (sentence mean rather than the whole text or
whole + sentence mean) were chosen by 5-fold cross-validation on the dev half (docs/text-analytics.md); `--cv`
prints that cross-validation for the chosen setting. The Polish rows are CC BY-SA 4.0, so the weights are
treated as share-alike too (data/eval/SOURCES.md).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nps.text.sentiment import TONE_MODEL, TONES, tone_features, tone_probabilities  # noqa: E402

CORPUS = ROOT / "data" / "eval" / "comments.csv"
L2 = 1e-3
STEPS = 600
LEARNING_RATE = 0.05
FOLDS = 5
SEED = 0


def fit(features: np.ndarray, labels: np.ndarray, l2: float = L2) -> tuple[np.ndarray, np.ndarray]:
    """Softmax regression by full-batch Adam: deterministic, and 2,000 rows × 512 need nothing more."""
    rows, dims = features.shape
    weights, bias = np.zeros((dims, len(TONES))), np.zeros(len(TONES))
    targets = np.eye(len(TONES))[labels]
    moments = [np.zeros_like(weights), np.zeros_like(bias)]
    squares = [np.zeros_like(weights), np.zeros_like(bias)]
    for step in range(1, STEPS + 1):
        error = (tone_probabilities(features, weights, bias) - targets) / rows
        gradients = [features.T @ error + l2 * weights, error.sum(axis=0)]
        for k, (parameter, gradient) in enumerate(zip((weights, bias), gradients, strict=True)):
            moments[k] = 0.9 * moments[k] + 0.1 * gradient
            squares[k] = 0.999 * squares[k] + 0.001 * gradient**2
            corrected = moments[k] / (1 - 0.9**step)
            parameter -= LEARNING_RATE * corrected / (np.sqrt(squares[k] / (1 - 0.999**step)) + 1e-8)
    return weights, bias


def cross_validate(features: np.ndarray, labels: np.ndarray, languages: np.ndarray) -> None:
    """Sign agreement per language and three-class accuracy (pl, ar, zh) over folds stratified by language and tone."""
    rng = np.random.default_rng(SEED)
    folds = np.zeros(len(labels), dtype=int)
    for language in np.unique(languages):
        for tone in range(len(TONES)):
            members = np.flatnonzero((languages == language) & (labels == tone))
            rng.shuffle(members)
            folds[members] = np.arange(len(members)) % FOLDS
    probabilities = np.zeros((len(labels), len(TONES)))
    for fold in range(FOLDS):
        train = folds != fold
        weights, bias = fit(features[train], labels[train])
        probabilities[~train] = tone_probabilities(features[~train], weights, bias)
    polar = labels != 1
    agrees = (probabilities[:, 2] > probabilities[:, 0]) == (labels == 2)
    print(f"cross-validated sign agreement, all: {agrees[polar].mean():.3f}")
    for language in np.unique(languages):
        print(f"  {language}: {agrees[polar & (languages == language)].mean():.3f}")
    three = np.isin(languages, ["pl", "ar", "zh"])
    print(f"three classes (pl, ar, zh): {(probabilities.argmax(axis=1) == labels)[three].mean():.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cv", action="store_true", help="also print 5-fold cross-validation on the dev half")
    args = parser.parse_args(argv)
    corpus = pd.read_csv(CORPUS, keep_default_na=False, dtype=str)
    dev = corpus[corpus["split"] == "dev"]
    features = tone_features(list(dev["text"])).astype(np.float64)
    labels = np.array([TONES.index(tone) for tone in dev["tone"]])
    if args.cv:
        cross_validate(features, labels, dev["language"].to_numpy())
    weights, bias = fit(features, labels)
    trained_on = hashlib.sha256("\n".join(dev["id"] + "\t" + dev["text"]).encode()).hexdigest()
    about = {"features": "mean of unit sentence vectors (nps.text.sentiment.tone_features)", "l2": L2, "steps": STEPS}
    about |= {"rows": len(dev), "corpus": "data/eval/comments.csv split=dev", "dev_sha256": trained_on}
    np.savez_compressed(
        TONE_MODEL,
        weights=weights.astype(np.float32),
        bias=bias.astype(np.float32),
        classes=np.array(TONES),
        about=np.array(json.dumps(about)),
    )
    print(f"wrote {TONE_MODEL.relative_to(ROOT)} from {len(dev)} dev comments")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
