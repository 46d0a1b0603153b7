"""One row per module (category empty) and per category whose standard differs from its module's."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from suite.database import UTCDateTime, utcnow
from suite.extensions import Model

# The components an admin edits, each in Indonesian (``<name>_id``) and English (``<name>_en``).
# Lists (requirements, procedure, legal basis) are stored one item per line.
LIST_COMPONENTS = ("requirements", "procedure", "legal_basis")
TEXT_COMPONENTS = ("duration", "cost", "product", "complaint_channel")
COMPONENTS = ("requirements", "procedure", "duration", "cost", "product", "complaint_channel", "legal_basis")
LANGUAGES = ("id", "en")
COLUMNS = tuple(f"{name}_{language}" for name in COMPONENTS for language in LANGUAGES)


class ServiceStandardRecord(Model):
    """A published service standard. ``category`` is "" for the module's own row (so the unique key
    holds on every database: NULLs would not collide); a category row's empty components fall back
    to the module row's."""

    __tablename__ = "service_standards"
    __table_args__ = (UniqueConstraint("module", "category", name="uq_service_standards_module_category"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    module: Mapped[str] = mapped_column(String(30))
    category: Mapped[str] = mapped_column(String(60), default="")
    requirements_id: Mapped[str] = mapped_column(Text, default="")
    requirements_en: Mapped[str] = mapped_column(Text, default="")
    procedure_id: Mapped[str] = mapped_column(Text, default="")
    procedure_en: Mapped[str] = mapped_column(Text, default="")
    duration_id: Mapped[str] = mapped_column(Text, default="")
    duration_en: Mapped[str] = mapped_column(Text, default="")
    cost_id: Mapped[str] = mapped_column(Text, default="")
    cost_en: Mapped[str] = mapped_column(Text, default="")
    product_id: Mapped[str] = mapped_column(Text, default="")
    product_en: Mapped[str] = mapped_column(Text, default="")
    complaint_channel_id: Mapped[str] = mapped_column(Text, default="")
    complaint_channel_en: Mapped[str] = mapped_column(Text, default="")
    legal_basis_id: Mapped[str] = mapped_column(Text, default="")
    legal_basis_en: Mapped[str] = mapped_column(Text, default="")
    updated_by_staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    updated_at = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False)
