"""``GET /v1/health``: no authentication; what a load balancer routes by.

200 when this process reaches the database, 503 when not (route elsewhere). Redis holds only
the shared rate limits, and without it each process limits on its own (core/ratelimit.py):
it is reported, as ``degraded``, but never takes the process out of rotation.
"""

import asyncio
from typing import Annotated, Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field
from sqlalchemy import text

from otesse.core.enums import NamedEnum
from otesse.core.errors import ServiceUnavailable
from otesse.core.openapi import error_responses
from otesse.core.routing import TransactionalRoute

router = APIRouter(tags=["health"], route_class=TransactionalRoute)

DATABASE_TIMEOUT_SECONDS = 3
REDIS_TIMEOUT_SECONDS = 1

HealthStatus = Annotated[Literal["ok", "degraded"], NamedEnum("HealthStatus")]
RedisHealth = Annotated[Literal["ok", "unreachable", "not_configured"], NamedEnum("RedisHealth")]


class Health(BaseModel):
    status: HealthStatus = Field(
        description="`ok`, or `degraded` when Redis is configured but not answering (the rate "
        "limits are then per process). Either way this process serves."
    )
    database: Annotated[Literal["ok"], NamedEnum("DatabaseHealth")] = Field(
        description="This process reached the database (when it cannot, the answer is 503)."
    )
    redis: RedisHealth = Field(
        description="Whether this process reaches the Redis of the shared rate limits; "
        "`not_configured` when the limits are per process by configuration."
    )


async def _redis(request: Request) -> str:
    try:
        async with asyncio.timeout(REDIS_TIMEOUT_SECONDS):
            reachable = await request.app.state.rate_limiter.reachable()
    except TimeoutError:
        reachable = False
    return {None: "not_configured", True: "ok", False: "unreachable"}[reachable]


@router.get(
    "/v1/health",
    operation_id="health_get",
    summary="Service health",
    description="Whether this process reaches its database (200, else 503) and the Redis of "
    "the shared rate limits. No authentication: load balancers route by it.",
    response_model=Health,
    responses=error_responses(503, authenticated=False),
    openapi_extra={"security": []},
)
async def health(request: Request) -> Health:
    try:
        async with asyncio.timeout(DATABASE_TIMEOUT_SECONDS):
            async with request.app.state.database.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
    except Exception as error:
        raise ServiceUnavailable(
            "The database is not answering.", headers={"Retry-After": "2"}
        ) from error
    redis = await _redis(request)
    return Health(status="degraded" if redis == "unreachable" else "ok", database="ok", redis=redis)
