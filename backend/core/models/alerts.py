"""Duty roster (rotating 24-hour regu), incidents, their reporters and their timeline."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.core.models.base import Base, UTCDateTime, utcnow
from backend.core.models.incident_details import IncidentDetails, IncidentDetailsType


class Rank(StrEnum):
    PETUGAS = "petugas"
    KOMANDAN = "komandan"  # the shift commander (komandan regu)
    KASIE = "kasie"
    KABID = "kabid"


class IncidentStatus(StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    DEPARTED = "departed"
    ARRIVED = "arrived"
    DONE = "done"
    RETURNED = "returned"


class DutyMember(Base):
    """A person on a duty roster: piket crew, commanders, and the chain of command."""

    __tablename__ = "duty_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit: Mapped[str] = mapped_column(String(20), index=True)  # damkar | ppa
    name: Mapped[str] = mapped_column(String(200))
    rank: Mapped[Rank] = mapped_column(String(20))
    team: Mapped[str | None] = mapped_column(String(20))  # the regu; None for kasie/kabid
    phone: Mapped[str | None] = mapped_column(String(32))
    telegram_user_id: Mapped[str | None] = mapped_column(String(32))
    active: Mapped[bool] = mapped_column(default=True)


class DutyRotation(Base):
    """Which regu is on duty: teams rotate every 24 hours from ``anchor`` at ``change_hour``."""

    __tablename__ = "duty_rotations"

    unit: Mapped[str] = mapped_column(String(20), primary_key=True)
    teams: Mapped[list[str]] = mapped_column(JSON)
    anchor: Mapped[date]
    change_hour: Mapped[int] = mapped_column(default=8)
    group_chat_ids: Mapped[list[str]] = mapped_column(JSON, default=list)


class Incident(Base):
    """One emergency, whatever number of citizens report it."""

    __tablename__ = "incidents"
    __table_args__ = (Index("ix_incidents_open", "unit", "status", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20))  # fire | rescue | ppa
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    status: Mapped[IncidentStatus] = mapped_column(String(20), default=IncidentStatus.OPEN)
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    place: Mapped[str | None] = mapped_column(Text)
    details: Mapped[IncidentDetails] = mapped_column(IncidentDetailsType,
                                                     default=IncidentDetails)
    escalation_level: Mapped[int] = mapped_column(default=0)
    next_escalation_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    acknowledged_by: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    departed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    arrived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The first alert that reached someone (Telegram sent, shown on a watched board, SMS or
    # call placed) and its route; when the reporter was told to call 113/112 instead.
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    delivered_via: Mapped[str | None] = mapped_column(String(20))
    unreachable_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    reporters: Mapped[list[IncidentReporter]] = relationship(
        back_populates="incident", cascade="all, delete-orphan", order_by="IncidentReporter.id")
    events: Mapped[list[IncidentEvent]] = relationship(
        back_populates="incident", cascade="all, delete-orphan", order_by="IncidentEvent.id")


class IncidentReporter(Base):
    __tablename__ = "incident_reporters"
    __table_args__ = (UniqueConstraint("incident_id", "conversation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"))
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id"), index=True)
    confirmed: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    incident: Mapped[Incident] = relationship(back_populates="reporters")


class IncidentEvent(Base):
    """Every alert, acknowledgement, escalation and status step, time-stamped."""

    __tablename__ = "incident_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"),
                                             index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    action: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)

    incident: Mapped[Incident] = relationship(back_populates="events")


class BoardWatch(Base):
    """A signed-in officer's incident board is open: refreshed while its live stream runs."""

    __tablename__ = "board_watches"

    officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id", ondelete="CASCADE"),
                                            primary_key=True)
    unit: Mapped[str] = mapped_column(String(20), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
