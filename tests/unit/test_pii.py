"""Contact details inside comments are masked in every script's digits; ordinary numbers and dates are not."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nps.pii import CARD_MASK, EMAIL_MASK, PHONE_MASK, mask_contact_details

DIGITS = {
    "ascii": "0123456789",
    "arabic-indic": "٠١٢٣٤٥٦٧٨٩",
    "persian": "۰۱۲۳۴۵۶۷۸۹",
    "thai": "๐๑๒๓๔๕๖๗๘๙",
    "full-width": "０１２３４５６７８９",
}


def _in(script: str, number: str) -> str:
    return number.translate(str.maketrans("0123456789", DIGITS[script]))


@pytest.mark.parametrize("script", DIGITS)
@pytest.mark.parametrize(
    ("number", "mask"),
    [
        ("+48 600 100 200", PHONE_MASK),
        ("(022) 555-0199", PHONE_MASK),
        ("600-100-200", PHONE_MASK),
        ("4111 1111 1111 1111", CARD_MASK),
        ("4111-1111-1111-1111", CARD_MASK),
        ("378282246310005", CARD_MASK),
    ],
)
def test_phone_and_card_numbers_are_masked_in_every_script(script, number, mask):
    comment = f"Please call me {_in(script, number)} today"
    assert mask_contact_details(comment) == f"Please call me {mask} today"


@pytest.mark.parametrize("address", ["jan.kowalski@firma.pl", "a+b@example.co.uk", "ｊａｎ＠ｆｉｒｍａ．ｐｌ"])
def test_email_addresses_are_masked(address):
    assert mask_contact_details(f"write to {address} please") == f"write to {EMAIL_MASK} please"


@pytest.mark.parametrize(
    "comment",
    ["Waited 45 minutes", "Ordered on 2026-01-05, arrived 05.01.2026", "Price 1299 PLN", "score 10/10", "ราคา ๒๕๐ บาท"],
)
def test_ordinary_numbers_and_dates_stay(comment):
    assert mask_contact_details(comment) == comment


@given(st.text(alphabet=st.characters(blacklist_categories=("Nd", "Cs")).filter(lambda c: c not in "@＠")))
def test_text_without_digits_or_at_signs_is_never_changed(text):
    assert mask_contact_details(text) == text


@given(st.sampled_from(list(DIGITS)), st.lists(st.integers(0, 9), min_size=7, max_size=12))
def test_any_run_of_seven_to_twelve_digits_is_hidden(script, digits):
    number = _in(script, "".join(map(str, digits)))
    masked = mask_contact_details(f"tel {number}.")
    assert not any(character.isdecimal() for character in masked)
