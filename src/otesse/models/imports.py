"""Imports through the API: the import, its uploaded file (in chunks, so any worker can read
it and no process holds it whole) and its rejected rows."""

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from otesse.models.base import Base, TenantScoped, Timestamped, UtcDateTime, mode_check


class Import(TenantScoped, Timestamped, Base):
    __tablename__ = "imports"
    __table_args__ = (mode_check(), Index("ix_imports_newest", "account_id", "mode", "created_at"))

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    # queued -> running -> succeeded | failed (the file could not be read at all)
    status: Mapped[str] = mapped_column(String(10), default="queued")
    format: Mapped[str] = mapped_column(String(20))
    dry_run: Mapped[bool] = mapped_column(Boolean, default=False)
    send_invitations: Mapped[bool] = mapped_column(Boolean, default=False)
    file_bytes: Mapped[int] = mapped_column(Integer, default=0)
    rows: Mapped[int | None] = mapped_column(Integer)
    processed: Mapped[int] = mapped_column(Integer, default=0)
    created: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    # The file's row number the counts reach: a worker taking over an interrupted run
    # resumes after it.
    last_row: Mapped[int] = mapped_column(Integer, default=1)
    # Why the whole file was refused (status failed).
    error_code: Mapped[str | None] = mapped_column(String(40))
    error_message: Mapped[str | None] = mapped_column(Text)
    # Renewed after every batch while a worker runs it; a stale one is taken over.
    heartbeat_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class ImportChunk(Base):
    __tablename__ = "import_chunks"

    import_id: Mapped[str] = mapped_column(
        String(40), ForeignKey("imports.id", ondelete="CASCADE"), primary_key=True
    )
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class ImportRowError(Base):
    __tablename__ = "import_errors"

    import_id: Mapped[str] = mapped_column(
        String(40), ForeignKey("imports.id", ondelete="CASCADE"), primary_key=True
    )
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    row: Mapped[int] = mapped_column(Integer)
    column: Mapped[str | None] = mapped_column(String(200))
    value: Mapped[str | None] = mapped_column(Text)
    code: Mapped[str] = mapped_column(String(40))
    message: Mapped[str] = mapped_column(Text)
