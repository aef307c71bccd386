"""The worker's HTTP clients: one per endpoint, so each receiver has its own keep-alive pool.

A pool is no larger than the endpoint's share of the sends (`webhook_endpoint_concurrency`).
One client for every endpoint was slower: httpcore scans every pooled connection on each
request, and at 32 connections that cost a worker half its delivery rate (docs/webhooks.md).
"""

from collections import OrderedDict

import httpx

from otesse.config import Settings

# Endpoints whose connections a worker keeps open at once (the least recently used close).
MAX_CLIENTS = 64


def per_endpoint(settings: Settings) -> int:
    """The sends one endpoint may have in flight (never more than the worker's own)."""
    return min(settings.webhook_endpoint_concurrency, settings.webhook_concurrency)


class EndpointClients:
    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._clients: OrderedDict[str, httpx.AsyncClient] = OrderedDict()  # most recent last

    def of(self, endpoint_id: str) -> httpx.AsyncClient:
        client = self._clients.pop(endpoint_id, None)
        if client is None:
            connections = per_endpoint(self._settings)
            client = httpx.AsyncClient(
                follow_redirects=False,
                timeout=self._settings.webhook_timeout_seconds,
                limits=httpx.Limits(
                    max_connections=connections, max_keepalive_connections=connections
                ),
            )
        self._clients[endpoint_id] = client
        return client

    async def close_least_used(self) -> None:
        """Between batches (never under a send): the clients past MAX_CLIENTS."""
        while len(self._clients) > MAX_CLIENTS:
            _, oldest = self._clients.popitem(last=False)
            await oldest.aclose()

    async def close(self) -> None:
        while self._clients:
            _, client = self._clients.popitem()
            await client.aclose()
