"""The one-off cookie script: a JavaScript string literal with nothing a token could break out of."""

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from starlette.requests import Request
from starlette.responses import Response

from components.auth_cookie import COOKIE_ROUTE, cookie_script
from components.auth_routes import set_sign_in_cookie


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


def _post(body: str | bytes, headers: dict[str, str]) -> Response:
    """The cookie route's answer to a POST from the page at http://nps.example (its ASGI request, no server)."""
    content = body.encode() if isinstance(body, str) else body
    scope = {
        "type": "http",
        "method": "POST",
        "path": COOKIE_ROUTE,
        "scheme": "http",
        "server": ("nps.example", 80),
        "query_string": b"",
        "headers": [
            (name.lower().encode(), value.encode()) for name, value in ({"Host": "nps.example"} | headers).items()
        ],
    }

    async def receive() -> dict:
        return {"type": "http.request", "body": content, "more_body": False}

    # in a thread of its own: a browser test earlier in the same worker can leave an event loop running here
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, set_sign_in_cookie(Request(scope, receive))).result()


TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJ1c2VybmFtZSI6ImEifQ.c2lnbmF0dXJl_-"


def test_the_cookie_route_sets_the_token_httponly_strict_for_a_week():
    response = _post(TOKEN, {"Origin": "http://nps.example"})
    assert response.status_code == 204
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"nps_dashboard_auth={TOKEN};")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Max-Age=604800" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie


def test_behind_an_https_proxy_the_cookie_is_secure_and_an_empty_body_deletes_it():
    headers = {"Origin": "https://nps.example", "X-Forwarded-Proto": "https"}
    cookie = _post(b"", headers).headers["set-cookie"]
    assert cookie.startswith('nps_dashboard_auth="";') and "Max-Age=0" in cookie
    assert "Secure" in cookie and "HttpOnly" in cookie


@pytest.mark.parametrize("origin", [None, "http://evil.example", "http://nps.example.evil.example"])
def test_another_origin_cannot_plant_a_sign_in(origin):
    headers = {"Origin": origin} if origin else {}
    response = _post(TOKEN, headers)
    assert response.status_code == 403 and "set-cookie" not in response.headers


@pytest.mark.parametrize("body", ['a"; alert(1)', "a b", "x" * 5000])
def test_a_body_no_token_looks_like_is_refused(body):
    response = _post(body, {"Origin": "http://nps.example"})
    assert response.status_code == 400 and "set-cookie" not in response.headers


def test_the_script_asks_the_route_first_and_writes_the_cookie_itself_only_if_the_route_fails():
    script = cookie_script("nps_dashboard_auth", TOKEN, 3600)
    request = f"{{method: 'POST', credentials: 'same-origin', body: \"{TOKEN}\"}}"
    assert f'fetch(page.location.origin + "/auth/cookie", {request})' in script
    assert "if (!response.ok) writeItself();" in script and ", writeItself);" in script
