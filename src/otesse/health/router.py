"""``GET /v1/health``: no authentication; 200 when the database answers, 503 when not."""

import asyncio

from fastapi import APIRouter, Request
from sqlalchemy import text

from otesse.core.errors import ServiceUnavailable
from otesse.core.openapi import error_responses
from otesse.core.routing import TransactionalRoute

router = APIRouter(tags=["health"], route_class=TransactionalRoute)

DATABASE_TIMEOUT_SECONDS = 3


@router.get(
    "/v1/health",
    summary="Service health",
    responses=error_responses(503),
    openapi_extra={"security": []},
)
async def health(request: Request) -> dict[str, str]:
    try:
        async with asyncio.timeout(DATABASE_TIMEOUT_SECONDS):
            async with request.app.state.database.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
    except Exception as error:
        raise ServiceUnavailable(
            "The database is not answering.", headers={"Retry-After": "2"}
        ) from error
    return {"status": "ok"}
