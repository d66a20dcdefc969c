"""Tell agents a chat entered the queue: a console notification and a Telegram DM.

The alert carries no conversation content (PPA chats are discreet; the others need none).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core.config import HandoffSettings
from backend.core.messages import Channel, OutboundMessage
from backend.core.models import Officer
from backend.core.models.handoff import AgentPresence, HandoffTicket
from backend.core.outbox import ALERT_PRIORITY, enqueue
from handoff.presence import can_serve

CONSOLE_KIND = "handoff_alert"


def alert_text(ticket: HandoffTicket, position: int) -> str:
    """Indonesian, content-free."""
    label = "PPA (rahasia)" if ticket.ppa else ticket.team
    urgent = " — PRIORITAS" if ticket.priority <= 1 else ""
    return (f"🔔 Percakapan baru menunggu petugas: antrean {label}{urgent}, posisi {position}. "
            "Buka Ruang Kerja Agen untuk menanganinya.")


def on_shift_agents(session: Session, ticket: HandoffTicket, *, settings: HandoffSettings,
                    ppa_roles: frozenset[str]) -> list[Officer]:
    """Agents on shift who may serve the ticket (heartbeat not needed: they get a DM)."""
    officers = session.scalars(
        select(Officer).join(AgentPresence, AgentPresence.officer_id == Officer.id)
        .where(AgentPresence.on_shift.is_(True), Officer.active.is_(True)).order_by(Officer.id))
    return [o for o in officers if can_serve(o, ticket, settings=settings, ppa_roles=ppa_roles)]


def alert_agents(session: Session, ticket: HandoffTicket, *, position: int, round_: int,
                 settings: HandoffSettings, ppa_roles: frozenset[str], now: datetime) -> int:
    """Queue the console notification and the DMs; returns how many Telegram DMs."""
    text = alert_text(ticket, position)
    key = f"handoff:{ticket.id}:{round_}"
    console = OutboundMessage(channel=Channel.CONSOLE, recipient=f"handoff:{ticket.team}",
                              text=text)
    enqueue(session, console, dedupe_key=f"{key}:console", kind=CONSOLE_KIND, now=now,
            priority=ALERT_PRIORITY)
    sent = 0
    for officer in on_shift_agents(session, ticket, settings=settings, ppa_roles=ppa_roles):
        if not officer.telegram_chat_id:
            continue
        dm = OutboundMessage(channel=Channel.TELEGRAM, recipient=officer.telegram_chat_id,
                             text=text)
        enqueue(session, dm, dedupe_key=f"{key}:dm:{officer.id}", kind=CONSOLE_KIND, now=now,
                priority=ALERT_PRIORITY)
        sent += 1
    return sent
