"""The one-off cookie script: a JavaScript string literal with nothing a token could break out of."""

import json

import pytest

from components.auth_cookie import cookie_script


def test_the_script_sets_the_cookie_as_one_json_string_literal_strict_and_for_the_whole_site():
    token = "eyJhbGciOiJIUzI1NiJ9.eyJ1c2VybmFtZSI6ImEifQ.c2lnbmF0dXJl_-"
    script = cookie_script("nps_dashboard_auth", token, 3600)
    literal = json.dumps(f"nps_dashboard_auth={token}; path=/; max-age=3600; SameSite=Strict")
    assert f"page.document.cookie = {literal} +" in script
    assert "'; Secure'" in script and "page.location.protocol === 'https:'" in script


def test_deleting_sets_an_empty_value_that_expires_at_once():
    assert '"nps_dashboard_auth=; path=/; max-age=0; SameSite=Strict"' in cookie_script("nps_dashboard_auth", "", 0)


@pytest.mark.parametrize("value", ['a"; alert(1); "', "x</script><script>alert(1)", "a;b", "a b"])
def test_a_value_no_jwt_has_is_refused_not_written(value):
    with pytest.raises(ValueError):
        cookie_script("nps_dashboard_auth", value, 60)
