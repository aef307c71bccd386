"""Every setting of the service, read once from the environment (prefix ``OTESSE_``).

The defaults are safe for a laptop: the embedded SQLite database under ``var/``, mail written
to files, no Redis.
"""

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="OTESSE_", extra="ignore")

    database_url: str = "sqlite+aiosqlite:///var/otesse.db"
    database_pool_size: int = Field(default=10, ge=1)
    mail_url: str = "file://var/mail"
    mail_from: str = "Otesse <hello@otesse.com>"
    public_url: str = "http://127.0.0.1:8000"
    redis_url: str | None = None
    log_level: str = "INFO"
    # Requests per second allowed to one API key, and the burst above that rate.
    rate_limit_per_second: float = Field(default=100.0, gt=0)
    rate_limit_burst: int = Field(default=200, ge=1)
    # Prefix of the Redis keys holding the buckets (several deployments may share one Redis).
    rate_limit_redis_prefix: str = "otesse:ratelimit:"
    max_body_bytes: int = 1024 * 1024


@lru_cache
def get_settings() -> Settings:
    return Settings()
