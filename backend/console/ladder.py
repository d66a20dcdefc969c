"""An incident's escalation ladder: what was sent to whom, on which channel, and whether it
arrived, with the escalation steps and what the reporter was told."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core.incidents import IncidentDesk, alert_rows
from backend.core.messages import Channel
from backend.core.models import OutboxMessage, OutboxStatus
from backend.core.models.alerts import DutyMember, Incident

FIRST_SENDS = {"alert": "Telegram", "escalation_sms": "SMS", "escalation_voice": "Telepon"}
RANKS = {"komandan": "komandan regu", "kasie": "kasie", "kabid": "kabid"}


@dataclass(frozen=True)
class Rung:
    """One line of the ladder; ``ok``: True arrived, False failed, None waiting or a step."""

    at: datetime
    what: str
    channel: str
    state: str
    ok: bool | None


def _recipient(row: OutboxMessage, members: dict[str, DutyMember]) -> str:
    if row.channel == Channel.TELEGRAM.value:
        return f"Grup piket {row.recipient}"
    member = members.get(row.recipient)
    return f"{member.name} ({member.rank}, {row.recipient})" if member else row.recipient


def _state(row: OutboxMessage, reachable: frozenset[Channel]) -> tuple[str, bool | None]:
    if row.status == OutboxStatus.SENT:
        return "terkirim", True
    if row.status == OutboxStatus.FAILED:
        return f"gagal: {row.last_error or 'tanpa keterangan'}", False
    if Channel(row.channel) not in reachable:
        return f"tidak terkirim: kanal {FIRST_SENDS[row.kind]} belum dikonfigurasi", False
    return "menunggu dikirim", None


def _sends(session: Session, desk: IncidentDesk, incident: Incident) -> list[Rung]:
    rows = [r for r in alert_rows(session, incident) if r.kind in FIRST_SENDS]
    phones = {r.recipient for r in rows if r.channel != Channel.TELEGRAM.value}
    members = {m.phone or "": m for m in session.scalars(select(DutyMember).where(
        DutyMember.unit == incident.unit, DutyMember.phone.in_(phones)))} if phones else {}
    return [Rung(row.sent_at or row.created_at, _recipient(row, members),
                 FIRST_SENDS[row.kind], *_state(row, desk.reachable)) for row in rows]


def _steps(incident: Incident) -> list[Rung]:
    rungs = []
    for event in incident.events:
        rank = event.action.removeprefix("escalated_")
        if rank != event.action:
            rungs.append(Rung(event.at, f"Eskalasi ke {RANKS.get(rank, rank)}: {event.note}",
                              "-", "langkah eskalasi", None))
        elif event.action == "delivered" and event.note == "board":
            rungs.append(Rung(event.at, "Petugas yang membuka papan ini", "Papan damkar",
                              "terlihat", True))
        elif event.action in ("no_channel", "undelivered"):
            rungs.append(Rung(event.at, "Pelapor diminta menelepon 113/112: tidak ada "
                              "peringatan yang sampai", "-", "gagal menjangkau piket", False))
    return rungs


def ladder(session: Session, desk: IncidentDesk, incident: Incident) -> list[Rung]:
    """Everything sent about the incident and every escalation step, in time order."""
    return sorted(_sends(session, desk, incident) + _steps(incident), key=lambda r: r.at)
