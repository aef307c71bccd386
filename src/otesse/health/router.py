"""``GET /v1/health``: no authentication; 200 when the database answers, 503 when not."""

import asyncio
from typing import Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel
from sqlalchemy import text

from otesse.core.errors import ServiceUnavailable
from otesse.core.openapi import error_responses
from otesse.core.routing import TransactionalRoute

router = APIRouter(tags=["health"], route_class=TransactionalRoute)

DATABASE_TIMEOUT_SECONDS = 3


class Health(BaseModel):
    status: Literal["ok"]


@router.get(
    "/v1/health",
    operation_id="health_get",
    summary="Service health",
    description=(
        "Whether the service can reach its database; 503 with `Retry-After` when it cannot. Needs "
        "no API key."
    ),
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
    return Health(status="ok")
