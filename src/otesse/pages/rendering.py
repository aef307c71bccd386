"""How every customer page is answered: the templates, the security headers, the limits.

The pages are public (the link is the credential), so each answer is locked down: a strict
Content-Security-Policy (no script at all, styles from /assets only, forms post to this
origin, no framing), no Referer leaving the page (its URL holds the token), and a rate limit
per client address. The token is never logged: the access log names the route template.
"""

import hashlib
import hmac
import secrets
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from otesse.core.ratelimit import RateLimiter, build_rate_limiter
from otesse.invitations.tokens import load_secret

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
FORM_COOKIE = "otesse_form"
MAX_FORM_FIELDS = 20


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("otesse.pages", "templates"),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
    )


def page(
    template: str,
    context: dict[str, Any],
    *,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    html = _environment().get_template(template).render({"company": "", **context})
    return HTMLResponse(
        html, status_code=status_code, headers={**SECURITY_HEADERS, **(headers or {})}
    )


def message_page(status_code: int, heading: str, text: str, **headers: str) -> HTMLResponse:
    """A plain page with no detail: what a dead link, a refused form or a limit answers."""
    return page(
        "message.html", {"heading": heading, "text": text}, status_code=status_code, headers=headers
    )


def name_route(request: Request, template: str) -> None:
    """The access log's route: the template, never the path (it holds the token)."""
    request.scope.setdefault("state", {})["route"] = template


def build_page_limiter(settings: Any) -> RateLimiter:
    return build_rate_limiter(
        rate=settings.page_rate_limit_per_second,
        burst=settings.page_rate_limit_burst,
        redis_url=settings.redis_url,
        prefix=settings.rate_limit_redis_prefix + "page:",
    )


def client_address(request: Request) -> str | None:
    return request.client.host if request.client else None


async def over_the_limit(request: Request) -> Response | None:
    """The 429 page when this client address has spent its budget, else None."""
    limiter: RateLimiter = request.app.state.page_rate_limiter
    decision = await limiter.spend(client_address(request) or "unknown")
    if decision.allowed:
        return None
    return message_page(
        429,
        "Too many requests",
        "Please wait a moment, then try again.",
        **{"Retry-After": str(decision.retry_after_seconds)},
    )


def secret_of(request: Request) -> bytes:
    secret: bytes | None = getattr(request.app.state, "page_secret", None)
    if secret is None:
        secret = load_secret(request.app.state.settings)
        request.app.state.page_secret = secret
    return secret


# CSRF: a signed double submit. The browser holds a random value in a SameSite=Strict,
# HttpOnly cookie; the form carries HMAC(secret key, purpose + cookie). Another site can
# neither read the cookie nor forge the field, and the field is bound to one invitation.
def form_cookie(request: Request) -> str:
    current = request.cookies.get(FORM_COOKIE, "")
    return current if 32 <= len(current) <= 64 else secrets.token_urlsafe(32)


def form_field(secret: bytes, cookie: str, purpose: str) -> str:
    return hmac.new(secret, f"form:{purpose}:{cookie}".encode(), hashlib.sha256).hexdigest()


def form_is_genuine(request: Request, form: dict[str, str], purpose: str) -> bool:
    cookie = request.cookies.get(FORM_COOKIE)
    if not cookie:
        return False
    expected = form_field(secret_of(request), cookie, purpose)
    return hmac.compare_digest(form.get("csrf", "").encode(), expected.encode())


def set_form_cookie(request: Request, response: Response, cookie: str) -> None:
    secure = request.app.state.settings.public_url.startswith("https://")
    response.set_cookie(
        FORM_COOKIE, cookie, httponly=True, samesite="strict", secure=secure, path="/"
    )


async def read_form(request: Request) -> dict[str, str] | None:
    """The urlencoded form, or None when the body is not one."""
    media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media_type != "application/x-www-form-urlencoded":
        return None
    try:
        text = (await request.body()).decode("utf-8")
        pairs = parse_qsl(text, keep_blank_values=True, max_num_fields=MAX_FORM_FIELDS)
    except (UnicodeDecodeError, ValueError):
        return None
    return dict(pairs)


def masked_email(email: str) -> str:
    """``j•••@example.com``: enough for the customer to recognise, no more."""
    local, _, domain = email.rpartition("@")
    return f"{local[:1]}•••@{domain}"
