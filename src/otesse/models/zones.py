"""Service zones: named sets of ZIP codes. A ZIP belongs to at most one zone of a tenant."""

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from otesse.models.base import Base, TenantScoped, Timestamped, mode_check


class Zone(TenantScoped, Timestamped, Base):
    __tablename__ = "zones"
    __table_args__ = (mode_check(), Index("ix_zones_newest", "account_id", "mode", "created_at"))

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))


class ZoneZip(TenantScoped, Base):
    __tablename__ = "zone_zips"
    # The primary key is what makes "a ZIP in at most one zone" hold under concurrent writes.
    __table_args__ = (mode_check(), Index("ix_zone_zips_zone", "zone_id"))

    account_id: Mapped[str] = mapped_column(String(40), ForeignKey("accounts.id"), primary_key=True)
    mode: Mapped[str] = mapped_column(String(4), primary_key=True)
    zip: Mapped[str] = mapped_column(String(5), primary_key=True)
    zone_id: Mapped[str] = mapped_column(String(40), ForeignKey("zones.id"))
