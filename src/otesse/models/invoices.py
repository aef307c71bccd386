"""Invoices and their line items. Amounts are integer cents."""

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from otesse.models.base import Base, TenantScoped, Timestamped, UtcDateTime, mode_check


class Invoice(TenantScoped, Timestamped, Base):
    __tablename__ = "invoices"
    __table_args__ = (
        mode_check(),
        Index("ix_invoices_issued", "account_id", "mode", "issued_at", "id"),
        Index("ix_invoices_customer_issued", "customer_id", "issued_at", "id"),
        Index("ix_invoices_booking", "booking_id"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    customer_id: Mapped[str] = mapped_column(String(40), ForeignKey("customers.id"))
    booking_id: Mapped[str | None] = mapped_column(String(40), ForeignKey("bookings.id"))
    status: Mapped[str] = mapped_column(String(5), default="open")
    currency: Mapped[str] = mapped_column(String(3), default="usd")
    amount_due: Mapped[int] = mapped_column(BigInteger)
    amount_paid: Mapped[int] = mapped_column(BigInteger, default=0)
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime)
    paid_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    voided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class InvoiceLineItem(Base):
    __tablename__ = "invoice_line_items"
    __table_args__ = (Index("ix_invoice_line_items_invoice", "invoice_id", "position"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    invoice_id: Mapped[str] = mapped_column(String(40), ForeignKey("invoices.id"))
    position: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text)
    quantity: Mapped[int] = mapped_column(Integer)
    unit_amount: Mapped[int] = mapped_column(BigInteger)
    amount: Mapped[int] = mapped_column(BigInteger)
