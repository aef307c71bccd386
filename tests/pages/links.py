"""Invitation links for the page tests, as the worker makes them (without sending mail)."""

import re

from sqlalchemy import select

from otesse.core.db import Database
from otesse.invitations.tokens import derive_token, hash_token
from otesse.models import Invitation

CSRF = re.compile(r'name="csrf" value="([0-9a-f]{64})"')
SECRET = b"page-tests-secret"


async def issue_link(database: Database, customer_id: str) -> str:
    """The token of the customer's current invitation, its hash written as delivery does."""
    async with database.transaction() as session:
        invitation = await session.scalar(
            select(Invitation).where(
                Invitation.customer_id == customer_id, Invitation.superseded_at.is_(None)
            )
        )
        assert invitation is not None
        token = derive_token(SECRET, invitation.id)
        invitation.token_hash = hash_token(token)
    return token


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found is not None, "the form carries its CSRF field"
    return found.group(1)
