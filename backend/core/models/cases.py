"""Cases, their step instances, fields, documents and append-only event log."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.core.models.base import Base, UTCDateTime, utcnow


class CaseStatus(StrEnum):
    OPEN = "open"  # an officer (or the system) acts next
    WAITING_CITIZEN = "waiting_citizen"  # returned for missing items, or at an applicant step
    DONE = "done"
    REJECTED = "rejected"


class StepStatus(StrEnum):
    ACTIVE = "active"
    DONE = "done"
    RETURNED = "returned"
    REJECTED = "rejected"


class ServiceRecord(Base):
    """A catalog service as stored for joins and history (the YAML file is the source)."""

    __tablename__ = "services"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    agency: Mapped[str] = mapped_column(String(64), index=True)
    urgency: Mapped[str] = mapped_column(String(16))
    definition_sha256: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CaseCounter(Base):
    """The last case number issued in a year; incremented in the creating transaction."""

    __tablename__ = "case_counters"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_value: Mapped[int] = mapped_column(default=0)


class Case(Base):
    __tablename__ = "cases"
    __table_args__ = (Index("ix_cases_agency_status", "agency", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    service_code: Mapped[str] = mapped_column(ForeignKey("services.code"), index=True)
    agency: Mapped[str] = mapped_column(String(64))
    urgency: Mapped[str] = mapped_column(String(16))
    status: Mapped[CaseStatus] = mapped_column(String(20), default=CaseStatus.OPEN)
    current_step_id: Mapped[str | None] = mapped_column(String(32))
    citizen_id: Mapped[int | None] = mapped_column(ForeignKey("citizens.id"), index=True)
    channel: Mapped[str] = mapped_column(String(20), default="web")
    assigned_officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"))
    waiting_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    missing_items: Mapped[list[str] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The chat thread of the intake it was opened from (backend.core.threads): its transcript.
    thread: Mapped[str | None] = mapped_column(String(24))

    steps: Mapped[list[StepInstance]] = relationship(
        back_populates="case", order_by="StepInstance.id", cascade="all, delete-orphan"
    )
    fields: Mapped[list[CaseField]] = relationship(
        back_populates="case", order_by="CaseField.position", cascade="all, delete-orphan"
    )
    documents: Mapped[list[CaseDocument]] = relationship(
        back_populates="case", order_by="CaseDocument.id", cascade="all, delete-orphan"
    )
    events: Mapped[list[CaseEvent]] = relationship(
        back_populates="case", order_by="CaseEvent.id", cascade="all, delete-orphan"
    )

    @property
    def active_step(self) -> StepInstance | None:
        """The step instance being worked on now, if any."""
        for step in reversed(self.steps):
            if step.status == StepStatus.ACTIVE:
                return step
        return None


class StepInstance(Base):
    """One visit of a case to one SOP step, with its deadline."""

    __tablename__ = "step_instances"
    __table_args__ = (Index("ix_step_instances_due", "status", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    step_id: Mapped[str] = mapped_column(String(32))
    actor_role: Mapped[str] = mapped_column(String(64))
    status: Mapped[StepStatus] = mapped_column(String(16), default=StepStatus.ACTIVE)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_by: Mapped[str | None] = mapped_column(String(100))
    outcome: Mapped[str | None] = mapped_column(String(100))
    breached_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    case: Mapped[Case] = relationship(back_populates="steps")


class CaseField(Base):
    __tablename__ = "case_fields"

    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    position: Mapped[int] = mapped_column(default=0)
    value: Mapped[str] = mapped_column(Text)

    case: Mapped[Case] = relationship(back_populates="fields")


class CaseDocument(Base):
    __tablename__ = "case_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(64))
    sha256: Mapped[str] = mapped_column(String(64))
    mime: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    storage_key: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ppa: Mapped[bool] = mapped_column(default=False, server_default=false())  # sent in a PPA turn
    file_name: Mapped[str | None] = mapped_column(String(255))  # as sent; NULL before 0012

    case: Mapped[Case] = relationship(back_populates="documents")


class CaseEvent(Base):
    """Append-only audit log: who did what to a case, from which state to which, and when."""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor_kind: Mapped[str] = mapped_column(String(16))  # officer | citizen | system
    actor_id: Mapped[str | None] = mapped_column(String(64))
    actor_name: Mapped[str | None] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(32))
    step_id: Mapped[str | None] = mapped_column(String(32))
    from_state: Mapped[str | None] = mapped_column(String(40))
    to_state: Mapped[str | None] = mapped_column(String(40))
    note: Mapped[str | None] = mapped_column(Text)
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    case: Mapped[Case] = relationship(back_populates="events")
