"""A configured cookie key shorter than 32 bytes is not used silently: the server log says so and why."""

import logging

from components.auth import MIN_COOKIE_KEY_BYTES, usable_cookie_key


def test_a_short_key_is_refused_with_a_clear_warning(caplog):
    with caplog.at_level(logging.WARNING, logger="components.auth"):
        assert usable_cookie_key("short-key", "NPS_COOKIE_KEY") is None
    assert "NPS_COOKIE_KEY is 9 bytes long" in caplog.text
    assert f"at least {MIN_COOKIE_KEY_BYTES} bytes, so it is NOT used" in caplog.text


def test_a_long_enough_key_is_used_and_no_key_is_no_warning(caplog):
    key = "k" * MIN_COOKIE_KEY_BYTES
    with caplog.at_level(logging.WARNING, logger="components.auth"):
        assert usable_cookie_key(key, "NPS_COOKIE_KEY") == key
        assert usable_cookie_key("", "NPS_COOKIE_KEY") is None
    assert caplog.text == ""
