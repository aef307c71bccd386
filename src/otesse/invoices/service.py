"""Invoice rules: created open and issued at once; open -> paid (in full) or open -> void.
A payment moves the customer's total_spent in the same transaction, after its row lock."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from otesse.auth.principal import Principal
from otesse.core import events
from otesse.core.errors import Conflict, NotFound
from otesse.core.ids import new_id
from otesse.core.json import timestamp
from otesse.invoices import repository
from otesse.invoices.schemas import InvoiceCreate
from otesse.models import Booking, Invoice, InvoiceLineItem
from otesse.models.base import utcnow
from otesse.stats import owners
from otesse.stats import repository as stats


def render_invoice(invoice: Invoice, items: Sequence[InvoiceLineItem]) -> dict[str, Any]:
    return {
        "id": invoice.id,
        "customer_id": invoice.customer_id,
        "booking_id": invoice.booking_id,
        "status": invoice.status,
        "currency": invoice.currency,
        "amount_due": invoice.amount_due,
        "amount_paid": invoice.amount_paid,
        "line_items": [
            {
                "description": item.description,
                "quantity": item.quantity,
                "unit_amount": item.unit_amount,
                "amount": item.amount,
            }
            for item in items
        ],
        "issued_at": timestamp(invoice.issued_at),
        "paid_at": timestamp(invoice.paid_at),
        "voided_at": timestamp(invoice.voided_at),
        "created_at": timestamp(invoice.created_at),
        "updated_at": timestamp(invoice.updated_at),
    }


async def create_invoice(
    session: AsyncSession, principal: Principal, body: InvoiceCreate
) -> dict[str, Any]:
    await owners.find_customer(session, principal, body.customer_id, param="customer_id")
    if body.booking_id is not None:
        await _customer_booking(session, principal, body.customer_id, body.booking_id)
    invoice_id = new_id("inv")
    items = [
        InvoiceLineItem(
            id=new_id("ili"),
            invoice_id=invoice_id,
            position=position,
            description=line.description,
            quantity=line.quantity,
            unit_amount=line.unit_amount,
            amount=line.quantity * line.unit_amount,
        )
        for position, line in enumerate(body.line_items)
    ]
    invoice = Invoice(
        id=invoice_id,
        account_id=principal.account_id,
        mode=principal.mode,
        customer_id=body.customer_id,
        booking_id=body.booking_id,
        status="open",
        currency=body.currency,
        amount_due=sum(item.amount for item in items),
        amount_paid=0,
        issued_at=utcnow(),
    )
    session.add(invoice)
    await session.flush()
    session.add_all(items)
    await session.flush()
    rendered = render_invoice(invoice, items)
    await events.record_resource(session, invoice, "invoice.created", rendered, None)
    return rendered


async def get_invoice(
    session: AsyncSession, principal: Principal, invoice_id: str
) -> dict[str, Any]:
    invoice = await _invoice_or_404(session, principal, invoice_id)
    return await _rendered(session, invoice)


async def pay_invoice(
    session: AsyncSession, principal: Principal, invoice_id: str
) -> dict[str, Any]:
    """Pay the whole amount due; the customer's total_spent grows by it."""
    invoice = await _invoice_or_404(session, principal, invoice_id)
    await owners.lock_customer(session, principal, invoice.customer_id)
    before = await _rendered(session, invoice)
    paid = await repository.transition(
        session,
        invoice_id,
        from_status="open",
        values={"status": "paid", "amount_paid": Invoice.amount_due, "paid_at": utcnow()},
    )
    if paid is None:
        raise await _refused(session, invoice, "paid")
    await stats.record_payment(session, customer_id=paid.customer_id, amount=paid.amount_paid)
    return await _changed(session, invoice, "invoice.paid", before)


async def void_invoice(
    session: AsyncSession, principal: Principal, invoice_id: str
) -> dict[str, Any]:
    invoice = await _invoice_or_404(session, principal, invoice_id)
    await owners.lock_customer(session, principal, invoice.customer_id)
    before = await _rendered(session, invoice)
    voided = await repository.transition(
        session, invoice_id, from_status="open", values={"status": "void", "voided_at": utcnow()}
    )
    if voided is None:
        raise await _refused(session, invoice, "voided")
    return await _changed(session, invoice, "invoice.voided", before)


async def list_invoices(
    session: AsyncSession,
    principal: Principal,
    *,
    customer_id: str | None,
    status: str | None,
    offset: int,
    limit: int,
) -> tuple[list[dict[str, Any]], int]:
    invoices, total = await repository.list_invoices(
        session, principal, customer_id=customer_id, status=status, offset=offset, limit=limit
    )
    items = await repository.line_items_by_invoice(session, [invoice.id for invoice in invoices])
    return [render_invoice(invoice, items[invoice.id]) for invoice in invoices], total


async def _rendered(session: AsyncSession, invoice: Invoice) -> dict[str, Any]:
    await session.refresh(invoice)
    items = await repository.line_items_by_invoice(session, [invoice.id])
    return render_invoice(invoice, items[invoice.id])


async def _changed(
    session: AsyncSession, invoice: Invoice, event_type: str, before: dict[str, Any]
) -> dict[str, Any]:
    rendered = await _rendered(session, invoice)
    await events.record_resource(session, invoice, event_type, rendered, before)
    return rendered


async def _refused(session: AsyncSession, invoice: Invoice, what: str) -> Conflict:
    await session.refresh(invoice)
    return Conflict(
        f"Invoice '{invoice.id}' is {invoice.status}; only an open invoice can be {what}.",
        code="invoice_status_invalid",
    )


async def _invoice_or_404(session: AsyncSession, principal: Principal, invoice_id: str) -> Invoice:
    invoice = await repository.find_invoice(session, principal, invoice_id)
    if invoice is None:
        raise NotFound(f"No such invoice: '{invoice_id}'.")
    return invoice


async def _customer_booking(
    session: AsyncSession, principal: Principal, customer_id: str, booking_id: str
) -> None:
    found = await session.scalar(
        select(Booking.id).where(
            Booking.id == booking_id,
            Booking.customer_id == customer_id,
            Booking.account_id == principal.account_id,
            Booking.mode == principal.mode,
        )
    )
    if found is None:
        raise NotFound(
            f"Customer '{customer_id}' has no booking '{booking_id}'.", param="booking_id"
        )
