"""Tone per theme: the sentences about a theme decide its tone in a comment."""

from __future__ import annotations

from nps.text.theme_tone import SentenceParts, tones_by_theme

TEXT = "The courier lost my parcel. Support sorted it out in minutes. Thanks!"
INDEX = {"delivery": 0, "support": 1, "price": 2}


def _keywords(sentence: str) -> set[str]:
    return {"delivery"} if "courier" in sentence else set()


def test_a_theme_whose_own_sentences_clearly_say_otherwise_takes_their_mean_tone() -> None:
    parts = SentenceParts(scores=(-0.8, 0.6, 0.9), themes=(-1, 1, 1))
    tones = tones_by_theme(TEXT, ["delivery", "support"], parts, 0.2, INDEX, _keywords)
    assert tones == {"delivery": -0.8, "support": 0.2}  # support's sentences agree with the comment: its tone


def test_a_theme_whose_sentences_are_not_clear_keeps_the_comments_tone() -> None:
    parts = SentenceParts(scores=(-0.3, 0.6, 0.9), themes=(-1, 1, 1))
    assert tones_by_theme(TEXT, ["delivery"], parts, 0.4, INDEX, _keywords) == {"delivery": 0.4}


def test_a_theme_no_single_sentence_carries_takes_the_comments_tone() -> None:
    parts = SentenceParts(scores=(-0.8, 0.6, 0.9), themes=(-1, 1, 1))
    assert tones_by_theme(TEXT, ["price"], parts, 0.2, INDEX, _keywords) == {"price": 0.2}


def test_a_one_sentence_comment_or_parts_that_do_not_fit_the_text_give_every_theme_the_comments_tone() -> None:
    assert tones_by_theme("Late.", ["delivery"], None, -0.5, INDEX, _keywords) == {"delivery": -0.5}
    misfit = SentenceParts(scores=(0.1, 0.2), themes=(0, 1))
    assert tones_by_theme(TEXT, ["delivery", "support"], misfit, 0.3, INDEX, _keywords) == {
        "delivery": 0.3,
        "support": 0.3,
    }
