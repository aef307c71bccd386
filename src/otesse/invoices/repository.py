"""Every query on invoices and their line items."""

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import Row, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.auth.principal import Principal
from otesse.core.queries import fetch_page
from otesse.models import Invoice, InvoiceLineItem
from otesse.models.base import utcnow


async def find_invoice(
    session: AsyncSession, principal: Principal, invoice_id: str
) -> Invoice | None:
    return await session.scalar(
        select(Invoice).where(
            Invoice.id == invoice_id,
            Invoice.account_id == principal.account_id,
            Invoice.mode == principal.mode,
        )
    )


async def line_items_by_invoice(
    session: AsyncSession, invoice_ids: Collection[str]
) -> dict[str, list[InvoiceLineItem]]:
    by_invoice: dict[str, list[InvoiceLineItem]] = {invoice_id: [] for invoice_id in invoice_ids}
    if not invoice_ids:
        return by_invoice
    items = await session.scalars(
        select(InvoiceLineItem)
        .where(InvoiceLineItem.invoice_id.in_(invoice_ids))
        .order_by(InvoiceLineItem.invoice_id, InvoiceLineItem.position)
    )
    for item in items:
        by_invoice[item.invoice_id].append(item)
    return by_invoice


async def transition(
    session: AsyncSession, invoice_id: str, *, from_status: str, values: dict[str, Any]
) -> Row[str, int] | None:
    """Apply ``values`` only if the invoice is still ``from_status``; answers
    (customer_id, amount_paid) as written, or None when the invoice was not eligible."""
    result = await session.execute(
        update(Invoice)
        .where(Invoice.id == invoice_id, Invoice.status == from_status)
        .values(**values, updated_at=utcnow())
        .returning(Invoice.customer_id, Invoice.amount_paid)
        .execution_options(synchronize_session=False)
    )
    return result.one_or_none()


async def list_invoices(
    session: AsyncSession,
    principal: Principal,
    *,
    customer_id: str | None,
    status: str | None,
    offset: int,
    limit: int,
) -> tuple[Sequence[Invoice], int]:
    conditions: list[Any] = [
        Invoice.account_id == principal.account_id,
        Invoice.mode == principal.mode,
    ]
    if customer_id is not None:
        conditions.append(Invoice.customer_id == customer_id)
    if status is not None:
        conditions.append(Invoice.status == status)
    order = (Invoice.issued_at.desc(), Invoice.id.desc())
    return await fetch_page(
        session, Invoice, conditions, order_by=order, offset=offset, limit=limit
    )
