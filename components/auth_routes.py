"""The HTTP route that hands the browser its sign-in cookie as HttpOnly, which no script can do.

`server.py` mounts it beside Streamlit (`st.App`). The one-off cookie script POSTs the token the server signed to
this route from the app's own page; the response sets the cookie HttpOnly (no script, including an injected one,
can read it), SameSite=Strict and, over HTTPS, Secure. An empty body deletes it. Requests from another origin are
refused, so no other site can plant its own sign-in in a user's browser.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from components.auth_cookie import COOKIE_EXPIRY_DAYS, COOKIE_NAME, COOKIE_ROUTE, TOKEN_PATTERN

COOKIE_MAX_AGE = COOKIE_EXPIRY_DAYS * 24 * 3600
MAX_TOKEN_CHARS = 4096


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    hosts = {request.headers.get("host"), request.headers.get("x-forwarded-host")} - {None}
    return origin is not None and urlsplit(origin).netloc in hosts


def _served_over_https(request: Request) -> bool:
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto", "").lower() == "https"


async def set_sign_in_cookie(request: Request) -> Response:
    """204 with the cookie set (a token in the body) or deleted (an empty body); 403 from another origin; 400 for
    a body no token of ours looks like (the token's signature is checked where the cookie is read)."""
    if not _same_origin(request):
        return Response(status_code=403)
    token = (await request.body())[: MAX_TOKEN_CHARS + 1].decode("ascii", "replace").strip()
    if len(token) > MAX_TOKEN_CHARS or (token and not TOKEN_PATTERN.match(token)):
        return Response(status_code=400)
    response = Response(status_code=204)
    options = {"path": "/", "httponly": True, "samesite": "strict", "secure": _served_over_https(request)}
    if token:
        response.set_cookie(COOKIE_NAME, token, max_age=COOKIE_MAX_AGE, **options)
    else:
        response.delete_cookie(COOKIE_NAME, **options)
    return response


def auth_routes() -> list[Route]:
    return [Route(COOKIE_ROUTE, set_sign_in_cookie, methods=["POST"])]
