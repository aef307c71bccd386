"""Who a request acts as: the account and mode of its API key."""

import secrets
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.auth import repository
from otesse.auth.keys import hash_key, key_mode
from otesse.core.errors import AuthenticationFailed, InvalidRequest, RateLimited
from otesse.core.routing import get_session

bearer = HTTPBearer(
    auto_error=False,
    description="A secret key: `Authorization: Bearer otesse_test_sk_...`.",
)


@dataclass(frozen=True, slots=True)
class Principal:
    account_id: str
    mode: str
    key_id: str


async def authenticate(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    if len(request.headers.getlist("authorization")) > 1:
        # Which one would count is a guess a proxy and this service could make differently.
        raise InvalidRequest(
            "Send exactly one Authorization header; this request carries several.",
            code="parameter_invalid",
            param="Authorization",
        )
    if credentials is None:
        if request.headers.get("authorization", "").strip():
            # HTTPBearer ignores a header of another scheme (a bare key, `Basic ...`).
            raise AuthenticationFailed(
                "The Authorization header must use the Bearer scheme: "
                "`Authorization: Bearer <secret key>`.",
                code="authorization_scheme_invalid",
            )
        raise AuthenticationFailed(
            "No API key provided. Send `Authorization: Bearer <secret key>`.",
            code="api_key_missing",
        )
    secret = credentials.credentials
    secret_hash = hash_key(secret)
    # A key authenticated less than a second ago is not looked up again (auth/cache.py); it
    # was well formed then, so its checksum is only checked on the way to the database.
    principal: Principal | None = request.app.state.key_cache.get(secret_hash)
    if principal is None:
        if key_mode(secret) is None:
            raise AuthenticationFailed("Invalid API key provided: the key is malformed.")
        principal = await _look_up(await get_session(request), secret_hash)
        request.app.state.key_cache.put(secret_hash, principal)
    state = request.scope.setdefault("state", {})
    state["account_id"], state["mode"] = principal.account_id, principal.mode
    # Spent per key right after authentication; the middleware copies the RateLimit-* headers
    # from the request state onto every response, this 429 included.
    decision = await request.app.state.rate_limiter.spend(principal.key_id)
    state["rate_limit_headers"] = decision.headers()
    if not decision.allowed:
        raise RateLimited(
            "Too many requests for this API key. Retry after `Retry-After` seconds.",
            headers={"Retry-After": str(decision.retry_after_seconds)},
        )
    return principal


async def _look_up(session: AsyncSession, secret_hash: str) -> Principal:
    api_key = await repository.find_active_key(session, secret_hash)
    # The index look-up finds the row; the final comparison is constant-time all the same.
    if api_key is None or not secrets.compare_digest(api_key.secret_hash, secret_hash):
        raise AuthenticationFailed("Invalid API key provided: unknown or revoked key.")
    return Principal(account_id=api_key.account_id, mode=api_key.mode, key_id=api_key.id)


CurrentPrincipal = Annotated[Principal, Depends(authenticate)]
