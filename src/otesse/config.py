"""Every setting of the service, read once from the environment (prefix ``OTESSE_``).

The defaults are safe for a laptop: the embedded SQLite database under ``var/``, mail written
to files, no Redis.
"""

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="OTESSE_", extra="ignore")

    database_url: str = "sqlite+aiosqlite:///var/otesse.db"
    database_pool_size: int = Field(default=10, ge=1)
    # What stands between the processes and PostgreSQL (docs/scaling.md). `pgbouncer`: a
    # pooler in transaction mode, so the driver keeps no prepared statement across
    # transactions and every statement, reads too, runs inside a transaction.
    database_pooler: Literal["none", "pgbouncer"] = "none"
    # Bounds on a stalled PostgreSQL in API processes (docs/operations.md): past any of them a
    # request answers 503 with Retry-After instead of waiting.
    database_connect_timeout_seconds: float = Field(default=3.0, gt=0)
    database_checkout_timeout_seconds: float = Field(default=3.0, gt=0)
    database_statement_timeout_seconds: float = Field(default=5.0, gt=0)
    mail_url: str = "file://var/mail"
    mail_from: str = "Otesse <hello@otesse.com>"
    public_url: str = "http://127.0.0.1:8000"
    redis_url: str | None = None
    log_level: str = "INFO"
    # SIGTERM: the API stops accepting and gives requests in flight this long to finish; the
    # worker finishes the messages in hand within it and releases the rest (docs/scaling.md).
    shutdown_grace_seconds: float = Field(default=10.0, gt=0)
    # Requests per second allowed to one API key, and the burst above that rate.
    rate_limit_per_second: float = Field(default=100.0, gt=0)
    rate_limit_burst: int = Field(default=200, ge=1)
    # Prefix of the Redis keys holding the buckets (several deployments may share one Redis).
    rate_limit_redis_prefix: str = "otesse:ratelimit:"
    max_body_bytes: int = 1024 * 1024
    # POST /v1/imports takes a CSV file up to this size (docs/import.md).
    max_import_bytes: int = Field(default=64 * 1024 * 1024, ge=1024)
    # The request target (path and query string) and all header lines together: past these a
    # request is answered 414 and 431 before any handler runs (docs/api-conventions.md).
    max_request_target_bytes: int = Field(default=8 * 1024, ge=256)
    max_header_bytes: int = Field(default=16 * 1024, ge=1024)
    # How long a process trusts a key it has just authenticated: the bound on revocation
    # taking effect (auth/cache.py). 0 looks the key up on every request.
    auth_cache_seconds: float = Field(default=1.0, ge=0)

    # The outbox worker (docs/invitations.md). `otesse serve --no-worker` sets run_worker false.
    run_worker: bool = True
    # Derives invitation tokens (only their hashes are stored). Unset: var/secret_key, created
    # on first use; every worker of a deployment must share one value.
    secret_key: SecretStr | None = None
    secret_key_file: Path = Path("var/secret_key")
    # How long an invitation's link works (docs/invitations.md).
    invitation_ttl_days: int = Field(default=30, ge=1, le=365)
    # The customer pages (invitation, unsubscribe) are public: limited per client address.
    page_rate_limit_per_second: float = Field(default=0.5, gt=0)
    page_rate_limit_burst: int = Field(default=20, ge=1)
    # The key ring sealing access notes at rest (core/sealing.py, docs/privacy.md):
    # "id=base64url 32-byte key" pairs, comma-separated, the newest last. Unset: the ring kept
    # in data_keys_file, generated on first use; every process of a deployment must share it.
    data_keys: SecretStr | None = None
    data_keys_file: Path = Path("var/data_keys")
    mail_timeout_seconds: float = Field(default=20.0, gt=0)
    # A claimed message is taken again by any worker once its lease runs out; a live worker
    # renews it every third of a lease (core/leases.py), so only a dead worker's claims lapse.
    outbox_lease_seconds: float = Field(default=60.0, gt=0)
    outbox_max_attempts: int = Field(default=12, ge=1)
    outbox_backoff_base_seconds: float = Field(default=10.0, gt=0)
    outbox_backoff_max_seconds: float = Field(default=3600.0, gt=0)
    outbox_poll_seconds: float = Field(default=1.0, gt=0)
    outbox_batch_size: int = Field(default=10, ge=1)

    # Events and webhooks (docs/webhooks.md).
    event_retention_days: int = Field(default=30, ge=1)
    # How often a worker numbers newly committed events (they show in the feed after that).
    event_poll_seconds: float = Field(default=0.2, gt=0)
    # Deliveries to loopback/private/link-local addresses: refused unless this is true.
    webhook_allow_private_networks: bool = False
    # A receiver's answer must start within this; the body read stops at 64 KiB.
    webhook_timeout_seconds: float = Field(default=15.0, gt=0)
    # One worker's claim per round and the sends it keeps in flight at once, in all and to
    # one endpoint (a receiver is not sent 32 requests at once, and a slow one holds at most
    # this many of the worker's sends).
    webhook_batch_size: int = Field(default=500, ge=1)
    webhook_concurrency: int = Field(default=32, ge=1)
    webhook_endpoint_concurrency: int = Field(default=8, ge=1)
    # A dead worker's claimed delivery is taken again by another once this lapses (a live
    # worker renews it every third of a lease: core/leases.py).
    webhook_lease_seconds: float = Field(default=60.0, gt=0)
    # The Standard Webhooks schedule, each delay with +-20% jitter; the last ends it.
    webhook_retry_seconds: tuple[float, ...] = (5, 300, 1800, 7200, 18000, 36000, 36000)
    # An endpoint failing this long without one success is disabled.
    webhook_disable_after_seconds: float = Field(default=5 * 24 * 3600, gt=0)


@lru_cache
def get_settings() -> Settings:
    return Settings()
