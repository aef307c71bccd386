"""create_app(): routers, middleware and error handlers; nothing else."""

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline

from otesse import __version__
from otesse.addresses.router import router as addresses_router
from otesse.auth.cache import KeyCache
from otesse.auth.principal import Principal
from otesse.bookings.router import router as bookings_router
from otesse.config import Settings, get_settings
from otesse.consents.router import router as consents_router
from otesse.core import sealing
from otesse.core.db import Database, DatabaseTimeouts
from otesse.core.error_handlers import install_error_handlers
from otesse.core.logging import configure_logging
from otesse.core.middleware import RequestContextMiddleware
from otesse.core.openapi import finish_document
from otesse.core.ratelimit import build_rate_limiter
from otesse.customers.router import router as customers_router
from otesse.duplicates.router import router as duplicates_router
from otesse.events.router import router as events_router
from otesse.health.router import router as health_router
from otesse.imports.router import router as imports_router
from otesse.invitations.router import router as invitations_router
from otesse.invoices.router import router as invoices_router
from otesse.merges.router import router as merges_router
from otesse.pages.rendering import build_page_limiter
from otesse.pages.router import router as pages_router
from otesse.privacy.router import router as privacy_router
from otesse.subscriptions.router import router as subscriptions_router
from otesse.webhooks.router import router as webhooks_router
from otesse.worker import worker_in_background
from otesse.zones.router import router as zones_router

API_ROUTERS = [
    health_router,
    customers_router,
    merges_router,
    duplicates_router,
    addresses_router,
    consents_router,
    invitations_router,
    zones_router,
    bookings_router,
    subscriptions_router,
    invoices_router,
    pages_router,
    imports_router,
    events_router,
    webhooks_router,
    privacy_router,
]


def create_app(settings: Settings | None = None, *, database: Database | None = None) -> FastAPI:
    settings = settings or get_settings()
    configure_logging(settings.log_level)
    # The key ring opening sealed data, loaded now: a bad OTESSE_DATA_KEYS stops the start.
    sealing.install(sealing.ring_of(settings))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = database is None
        app.state.database = database or Database(
            settings.database_url,
            pool_size=settings.database_pool_size,
            timeouts=DatabaseTimeouts(
                connect=settings.database_connect_timeout_seconds,
                checkout=settings.database_checkout_timeout_seconds,
                statement=settings.database_statement_timeout_seconds,
            ),
        )
        if owned:
            _tune_garbage_collector()
        try:
            async with worker_in_background(app.state.database, settings):
                yield
        finally:
            await app.state.rate_limiter.close()
            await app.state.page_rate_limiter.close()
            if owned:
                await app.state.database.dispose()

    # fastapi-offline serves Swagger UI's assets from the package: /docs works without
    # internet (FastAPI's own page loads them from a CDN).
    app = FastAPIOffline(
        title="Otesse Customers API",
        version=__version__,
        openapi_url="/v1/openapi.json",
        docs_url="/docs",
        redoc_url=None,
        lifespan=lifespan,
        # The API never redirects: /v1/customers/ is a 404 in the error shape, not a bare 307
        # whose Location would be built from the Host header.
        redirect_slashes=False,
    )
    app.state.settings = settings
    app.state.rate_limiter = build_rate_limiter(
        rate=settings.rate_limit_per_second,
        burst=settings.rate_limit_burst,
        redis_url=settings.redis_url,
        prefix=settings.rate_limit_redis_prefix,
    )
    app.state.page_rate_limiter = build_page_limiter(settings)
    app.state.key_cache = KeyCache[Principal](settings.auth_cache_seconds)
    if database is not None:
        app.state.database = database
    for router in API_ROUTERS:
        app.include_router(router)
    install_error_handlers(app)
    _document_errors_as_served(app)
    app.add_middleware(
        RequestContextMiddleware,
        max_body_bytes=settings.max_body_bytes,
        max_target_bytes=settings.max_request_target_bytes,
        max_header_bytes=settings.max_header_bytes,
        large_bodies={"/v1/imports": settings.max_import_bytes},
    )
    return app


def _tune_garbage_collector() -> None:
    """In a serving process: the objects alive after start-up (modules, routes, compiled
    statements) live as long as the process, so they are frozen out of the collector's
    scans, and collections run less often. Full collections over them were the long tail of
    request latency under load (docs/performance.md)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def _document_errors_as_served(app: FastAPI) -> None:
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = finish_document(generate())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
