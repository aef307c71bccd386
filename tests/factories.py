"""Factories for rows the tests need; each domain adds its own beside this one."""

from dataclasses import dataclass

from otesse.auth import repository as keys_repository
from otesse.core.db import Database
from tests.support import audit_registry


@dataclass(frozen=True)
class Tenant:
    account_id: str
    mode: str
    key_id: str
    secret: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.secret}"}


async def make_tenant(database: Database, *, name: str, mode: str = "test") -> Tenant:
    async with database.transaction() as session:
        account = await keys_repository.get_or_create_account(session, name)
        api_key, secret = await keys_repository.create_key(session, account=account, mode=mode)
    audit_registry.used_secrets.add(secret)  # audited against every log of the session
    return Tenant(account_id=account.id, mode=mode, key_id=api_key.id, secret=secret)
