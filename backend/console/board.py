"""The damkar incident board: who may use it, and each open incident as the piket reads it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from backend.console.ladder import Rung, ladder
from backend.console.ops_stats import DAMKAR_TARGET_MINUTES
from backend.core.catalog.loader import Catalog
from backend.core.catalog.schema import Urgency
from backend.core.catalog.steps import RoleKind
from backend.core.incidents import CLOSED, TELL_WITHIN, IncidentDesk
from backend.core.models import Case, Conversation, InboundRecord, Officer, OutboxMessage
from backend.core.models.alerts import Incident, IncidentEvent
from backend.core.models.outbox import ALERT_KINDS
from backend.core.policies import DAMKAR_AGENCY, DAMKAR_UNIT

TARGET = timedelta(minutes=DAMKAR_TARGET_MINUTES)  # SOP step 5: crew on site within 15 minutes
SHOWN_FOR = timedelta(hours=12)  # an open incident older than this has surely been handled
SIGNAL_LABELS = {"ack": "Terima", "depart": "Berangkat", "arrive": "Tiba di lokasi",
                 "extra": "Butuh tambahan armada", "done": "Padam/Selesai",
                 "return": "Kembali ke pos"}
STATUS_LABELS = {"open": "Menunggu diterima", "acknowledged": "Diterima",
                 "departed": "Berangkat", "arrived": "Tiba di lokasi",
                 "done": "Padam/selesai", "returned": "Kembali ke pos"}
KIND_LABELS = {"fire": "Kebakaran", "rescue": "Evakuasi/penyelamatan"}
ROUTE_LABELS = {"telegram": "grup Telegram piket", "board": "papan ini",
                "sms": "SMS", "voice": "telepon", "console": "halaman kasus"}


def board_roles(catalog: Catalog) -> frozenset[str]:
    """The officer roles of the damkar's 24-hour piket services (petugas, kasie, kabid)."""
    return frozenset(key for service in catalog if service.agency == DAMKAR_AGENCY
                     and service.urgency is Urgency.PIKET_24H
                     for key, role in service.roles.items() if role.kind is RoleKind.OFFICER)


def may_use_board(officer: Officer, catalog: Catalog) -> bool:
    """Damkar officers of the piket chain only."""
    return officer.active and officer.agency == DAMKAR_AGENCY \
        and bool(board_roles(catalog) & set(officer.role_names))


@dataclass(frozen=True)
class Timing:
    """One response time: how long, and whether it is within the 15 minutes."""

    label: str
    minutes: int
    seconds: int
    late: bool
    running: bool


@dataclass(frozen=True)
class Contact:
    channel: str
    value: str
    phone: str | None  # a number to call, when the channel gives one


@dataclass(frozen=True)
class Card:
    """An open incident as the board shows it."""

    incident: Incident
    kind: str
    status: str
    case_number: str | None
    first_words: str | None  # the report as the citizen first wrote it
    place: str | None
    directions: str | None
    truck: str | None
    reporter: str | None
    contacts: list[Contact]
    map_url: str | None
    route_url: str | None
    signals: list[tuple[str, str]]
    timings: list[Timing]
    ladder: list[Rung]
    delivered_via: str | None


def _timing(label: str, start: datetime, end: datetime | None, now: datetime) -> Timing:
    took = (end or now) - start
    seconds = max(int(took.total_seconds()), 0)
    return Timing(label, seconds // 60, seconds % 60, took > TARGET, end is None)


def _contact(conversation: Conversation) -> Contact:
    value = conversation.external_id.removeprefix("whatsapp:")
    if conversation.channel == "whatsapp":
        return Contact("WhatsApp", value, value)
    if conversation.channel == "telegram":
        return Contact("Telegram", f"chat {value}", None)
    return Contact("Obrolan web (uji coba)", "tanpa nomor telepon", None)


def _first_words(session: Session, case: Case | None) -> str | None:
    if case is None or case.thread is None:
        return None
    first = session.scalar(select(InboundRecord.payload).where(
        InboundRecord.thread == case.thread, InboundRecord.channel == case.channel)
        .order_by(InboundRecord.id).limit(1))
    return (first or {}).get("text") or None


def _card(session: Session, desk: IncidentDesk, incident: Incident, now: datetime) -> Card:
    details = incident.details
    case = session.get(Case, incident.case_id) if incident.case_id else None
    conversations = [session.get(Conversation, r.conversation_id) for r in incident.reporters]
    point = (f"{incident.latitude:.6f},{incident.longitude:.6f}"
             if incident.latitude is not None and incident.longitude is not None else None)
    timings = [_timing("Diterima", incident.created_at, incident.acknowledged_at, now),
               _timing("Tiba di lokasi", incident.created_at, incident.arrived_at, now)]
    return Card(
        incident=incident, kind=KIND_LABELS.get(incident.kind, incident.kind),
        status=STATUS_LABELS.get(incident.status, incident.status),
        case_number=case.number if case else None, first_words=_first_words(session, case),
        place=incident.place,
        directions=details.directions, truck=details.truck_access,
        reporter=details.reporter_name,
        contacts=[_contact(c) for c in conversations if c is not None],
        map_url=f"https://www.openstreetmap.org/?mlat={incident.latitude}&mlon="
                f"{incident.longitude}#map=17/{incident.latitude}/{incident.longitude}"
                if point else None,
        route_url=f"https://www.google.com/maps/dir/?api=1&destination={point}"
                  if point else None,
        signals=[(s, SIGNAL_LABELS[s]) for s in desk.offered_signals(incident)],
        timings=timings, ladder=ladder(session, desk, incident),
        delivered_via=ROUTE_LABELS.get(incident.delivered_via or "", incident.delivered_via))


def _shown(now: datetime) -> tuple[Any, ...]:
    return (Incident.unit == DAMKAR_UNIT, Incident.status.not_in(CLOSED),
            Incident.created_at >= now - SHOWN_FOR)


def open_incidents(session: Session, now: datetime) -> list[Incident]:
    """The damkar's open incidents of the last hours, newest first (merged reports left out)."""
    return list(session.scalars(select(Incident).where(*_shown(now))
                                .order_by(Incident.created_at.desc())
                                .options(selectinload(Incident.reporters),
                                         selectinload(Incident.events))))


def fingerprint(session: Session, now: datetime) -> tuple[Any, ...]:
    """Everything the board shows changes this (three small queries, not a full render):
    the incidents' columns, their timelines, their alerts' delivery, the minutes elapsed."""
    rows = session.execute(select(Incident.id, Incident.status, Incident.details,
                                  Incident.delivered_at, Incident.unreachable_at,
                                  Incident.acknowledged_at, Incident.place,
                                  Incident.created_at)
                           .where(*_shown(now)).order_by(Incident.id)).all()
    ids = [row.id for row in rows]
    events = session.scalar(select(func.max(IncidentEvent.id))
                            .where(IncidentEvent.incident_id.in_(ids))) if ids else None
    sends = session.execute(select(OutboxMessage.id, OutboxMessage.status)
                            .join(Incident, Incident.case_id == OutboxMessage.case_id)
                            .where(Incident.id.in_(ids), OutboxMessage.kind.in_(ALERT_KINDS))
                            .order_by(OutboxMessage.id)).all() if ids else []
    minutes = [(now - row.created_at) // timedelta(minutes=1) for row in rows]  # timings
    return (now.replace(second=0, microsecond=0), minutes, [tuple(row) for row in rows], events,
            [tuple(row) for row in sends])


def cards(session: Session, desk: IncidentDesk, now: datetime) -> list[Card]:
    """Every open incident, ready to render."""
    return [_card(session, desk, incident, now) for incident in open_incidents(session, now)]


def only_the_board(session: Session, desk: IncidentDesk, now: datetime) -> bool:
    """No way to reach the piket but the board itself (the board warns about it)."""
    return not [r for r in desk.routes(session, DAMKAR_UNIT, now) if r != "board"]


def mark_seen(session: Session, desk: IncidentDesk, now: datetime) -> int:
    """The board showed the recent undelivered reports to a signed-in damkar officer: they
    reached the piket (the reporters are told so); returns how many."""
    fresh = list(session.scalars(select(Incident).where(
        Incident.unit == DAMKAR_UNIT, Incident.delivered_at.is_(None),
        Incident.status.not_in(CLOSED), Incident.created_at >= now - TELL_WITHIN)
        .with_for_update(skip_locked=True)))
    for incident in fresh:
        desk.delivered(session, incident, "board", now)
    return len(fresh)
