"""The customers read paths, one implementation per database behind one interface.

PostgreSQL writes the JSON itself in one statement (documents.py, list_statement.py); SQLite
reads rows with Core and renders them in Python. Both are derived from the one read model
(representation.py) and answer the same bytes. Sealed fields (access notes) are opened in
Python on both: PostgreSQL writes a mark that core/sealing.open_marks replaces. The
implementation is chosen by the session's dialect (:func:`reads_for`); services never ask
which database they are on.
"""

from typing import Any, Protocol

import orjson
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.core.db import PerDialect, driver_connection
from otesse.core.pagination import PageRequest
from otesse.core.sealing import open_marks
from otesse.customers import documents, repository
from otesse.customers.anchors import ANCHORS, Anchor, anchored
from otesse.customers.filters import CustomerFilters
from otesse.customers.list_statement import list_statement
from otesse.customers.representation import render_customer


class CustomerReads(Protocol):
    async def page(
        self, session: AsyncSession, filters: CustomerFilters, page: PageRequest
    ) -> tuple[bytes, int]:
        """The page's customers as one encoded JSON array, and the exact total."""

    async def one(
        self, session: AsyncSession, *, account_id: str, mode: str, customer_id: str
    ) -> bytes | None:
        """The customer's JSON as GET answers it, read in this session (so a writing
        transaction sees its own changes); None when the tenant has no such customer."""

    async def several(
        self, session: AsyncSession, *, account_id: str, mode: str, customer_ids: list[str]
    ) -> dict[str, bytes]:
        """Each of these customers' JSON as GET answers it, by id, in one read; the ids the
        tenant has no customer for are left out."""


class RenderedInPython:
    async def page(
        self, session: AsyncSession, filters: CustomerFilters, page: PageRequest
    ) -> tuple[bytes, int]:
        rows = await repository.list_customer_rows(session, filters, page)
        total = await repository.count_customers(session, filters)
        addresses = await repository.addresses_by_customer(session, [row["id"] for row in rows])
        customers = [render_customer(row, addresses.get(row["id"], [])) for row in rows]
        return orjson.dumps(customers), total

    async def one(
        self, session: AsyncSession, *, account_id: str, mode: str, customer_id: str
    ) -> bytes | None:
        row = await repository.get_customer_row(
            session, account_id=account_id, mode=mode, customer_id=customer_id
        )
        if row is None:
            return None
        addresses = await repository.addresses_by_customer(session, [customer_id])
        return orjson.dumps(render_customer(row, addresses.get(customer_id, [])))

    async def several(
        self, session: AsyncSession, *, account_id: str, mode: str, customer_ids: list[str]
    ) -> dict[str, bytes]:
        rows = await repository.customer_rows(
            session, account_id=account_id, mode=mode, customer_ids=customer_ids
        )
        addresses = await repository.addresses_by_customer(session, [row["id"] for row in rows])
        return {
            row["id"]: orjson.dumps(render_customer(row, addresses.get(row["id"], [])))
            for row in rows
        }


class RenderedByPostgresql:
    async def page(
        self, session: AsyncSession, filters: CustomerFilters, page: PageRequest
    ) -> tuple[bytes, int]:
        """One round trip (list_statement.py); deep pages start from a remembered key when
        it holds (anchors.py)."""
        anchor = ANCHORS.nearest(filters, page.offset) if anchored(filters) else None
        connection: Any = await driver_connection(session)
        row = await connection.fetchrow(list_statement(filters, page, anchor))
        page_json, total, kept, changes, first_created_at, first_id = row
        if not kept:
            await repository.note_count(session, filters, total)
        if first_id is not None:
            ANCHORS.remember(filters, Anchor(page.offset, first_created_at, first_id, changes))
        # Sealed access notes arrive as marks (core/sealing.py): opened here, the only
        # Python work on the page's bytes, one substring search when there are none.
        return open_marks(page_json.encode()), total

    async def one(
        self, session: AsyncSession, *, account_id: str, mode: str, customer_id: str
    ) -> bytes | None:
        document = await documents.customer_document(
            session, account_id=account_id, mode=mode, customer_id=customer_id
        )
        return None if document is None else open_marks(document)

    async def several(
        self, session: AsyncSession, *, account_id: str, mode: str, customer_ids: list[str]
    ) -> dict[str, bytes]:
        found = await documents.customer_documents(
            session, account_id=account_id, mode=mode, customer_ids=customer_ids
        )
        return {customer_id: open_marks(document) for customer_id, document in found.items()}


READS: PerDialect[CustomerReads] = PerDialect(
    sqlite=RenderedInPython(), postgresql=RenderedByPostgresql()
)
reads_for = READS.of
