"""Agents: who may answer which team, who is on shift, who is online (recent heartbeat)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core.config import HandoffSettings
from backend.core.models import Officer
from backend.core.models.handoff import AgentPresence, HandoffTicket
from backend.core.roles import is_agent


def can_serve(officer: Officer, ticket: HandoffTicket, *, settings: HandoffSettings,
              ppa_roles: frozenset[str]) -> bool:
    """PPA chats: PPA officers only. Others: agents (or supervisors) of the team or of the call
    center."""
    if ticket.ppa:
        return officer.agency == settings.ppa_agency and bool(officer.role_names & ppa_roles)
    return is_agent(officer) and officer.agency in (
        ticket.team, settings.call_center_agency)


def heartbeat(session: Session, officer: Officer, *, now: datetime,
              on_shift: bool | None = None) -> AgentPresence:
    """The workspace is open: the agent is online (and on or off shift when given)."""
    presence = session.get(AgentPresence, officer.id, with_for_update=True)
    if presence is None:
        presence = AgentPresence(officer_id=officer.id, on_shift=bool(on_shift))
        session.add(presence)
    if on_shift is not None:
        presence.on_shift = on_shift
    presence.last_seen_at = now
    return presence


def go_offline(session: Session, officer: Officer) -> None:
    """Logged out or closed the workspace."""
    presence = session.get(AgentPresence, officer.id)
    if presence is not None:
        presence.last_seen_at, presence.on_shift = None, False


def is_online(presence: AgentPresence | None, *, now: datetime,
              settings: HandoffSettings) -> bool:
    """On shift with a heartbeat younger than the timeout."""
    if presence is None or not presence.on_shift or presence.last_seen_at is None:
        return False
    return now - presence.last_seen_at <= timedelta(seconds=settings.heartbeat_timeout_seconds)


def online_agents(session: Session, *, now: datetime,
                  settings: HandoffSettings) -> list[Officer]:
    """Officers on shift with a fresh heartbeat."""
    cutoff = now - timedelta(seconds=settings.heartbeat_timeout_seconds)
    return list(session.scalars(
        select(Officer).join(AgentPresence, AgentPresence.officer_id == Officer.id)
        .where(AgentPresence.on_shift.is_(True), AgentPresence.last_seen_at >= cutoff,
               Officer.active.is_(True))
        .order_by(Officer.id)))
