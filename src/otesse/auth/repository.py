"""Every query on accounts and API keys."""

from collections.abc import Sequence

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.auth.keys import generate_key, hash_key, redact
from otesse.core.ids import new_id
from otesse.models import Account, ApiKey
from otesse.models.base import utcnow


async def find_active_key(session: AsyncSession, secret_hash: str) -> ApiKey | None:
    return await session.scalar(
        select(ApiKey).where(ApiKey.secret_hash == secret_hash, ApiKey.revoked_at.is_(None))
    )


async def find_account(session: AsyncSession, name: str) -> Account | None:
    return await session.scalar(select(Account).where(Account.name == name))


async def get_or_create_account(session: AsyncSession, name: str) -> Account:
    account = await session.scalar(select(Account).where(Account.name == name))
    if account is None:
        account = Account(id=new_id("acct"), name=name)
        session.add(account)
        await session.flush()
    return account


async def create_key(session: AsyncSession, *, account: Account, mode: str) -> tuple[ApiKey, str]:
    """A new key for the account; the secret is returned once and never stored."""
    secret = generate_key(mode)
    api_key = ApiKey(
        id=new_id("key"),
        account_id=account.id,
        mode=mode,
        secret_hash=hash_key(secret),
        redacted=redact(secret),
    )
    session.add(api_key)
    await session.flush()
    return api_key, secret


async def list_keys(session: AsyncSession) -> Sequence[tuple[ApiKey, str]]:
    rows = await session.execute(
        select(ApiKey, Account.name).join(Account).order_by(Account.name, ApiKey.created_at)
    )
    return [(api_key, name) for api_key, name in rows]


async def revoke_key(session: AsyncSession, key_id: str) -> bool:
    result = await session.execute(
        update(ApiKey)
        .where(ApiKey.id == key_id, ApiKey.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]
