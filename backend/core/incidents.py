"""Incidents as the console sees them: the port the alert desk implements (wired by the
composition root), who watches the incident board, and the lock order of an incident's case."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import Select, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from backend.core.messages import Channel
from backend.core.models import Case, OutboxMessage
from backend.core.models.alerts import BoardWatch, Incident, IncidentStatus
from backend.core.models.outbox import INCIDENT_ALERTS

CLOSED = (IncidentStatus.DONE, IncidentStatus.RETURNED)
TELL_WITHIN = timedelta(minutes=30)  # a reporter is told whether the alert got through this long


class IncidentDesk(Protocol):
    """What the console and the health checks ask of the alert desk."""

    reachable: frozenset[Channel]

    def offered_signals(self, incident: Incident) -> list[str]:
        """The crew buttons the incident shows now, in order."""
        ...

    def apply(self, session: Session, incident: Incident, signal: str, *, who: str,
              actor_id: str, via: str, now: datetime) -> bool:
        """One crew signal on a locked incident, with every effect of a Telegram press;
        False when it changes nothing (a second Terima: the first one wins)."""
        ...

    def case_step_completed(self, session: Session, case: Case, step_id: str,
                            outcome: str | None, *, who: str, actor_id: str,
                            now: datetime) -> None:
        """A step of an incident's case was completed elsewhere (the case page)."""
        ...

    def delivered(self, session: Session, incident: Incident, via: str,
                  now: datetime) -> None:
        """An alert reached someone on ``via``: tell the reporters, once."""
        ...

    def routes(self, session: Session, unit: str, now: datetime) -> list[str]:
        """How the unit's people on duty can be alerted now (empty: nobody)."""
        ...


def watch_board(session: Session, *, officer_id: int, unit: str, now: datetime) -> None:
    """Record that ``officer_id``'s board of ``unit`` is open and live now."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" \
        else sqlite.insert
    statement = insert(BoardWatch).values(officer_id=officer_id, unit=unit, seen_at=now)
    session.execute(statement.on_conflict_do_update(
        index_elements=["officer_id", "unit"], set_={"seen_at": now}))


def board_watched(session: Session, unit: str, now: datetime, within: timedelta) -> bool:
    """A signed-in officer's board of ``unit`` was live within ``within``."""
    count = session.scalar(select(func.count()).select_from(BoardWatch).where(
        BoardWatch.unit == unit, BoardWatch.seen_at >= now - within))
    return bool(count)


def lock_incident_of_case(session: Session, number: str) -> None:
    """Lock the incident of case ``number`` (if any) before the case itself: turns, button
    presses and escalation lock an incident before its case, so every path keeps that order."""
    session.scalars(select(Incident.id).join(Case, Case.id == Incident.case_id)
                    .where(Case.number == number).with_for_update(of=Incident)).all()


def alert_rows(session: Session, incident: Incident) -> list[OutboxMessage]:
    """Every alert, edit, pin, SMS and call queued for the incident, oldest first."""
    return list(session.scalars(alert_rows_of(incident.case_id)))


def alert_rows_of(case_id: int | None) -> Select[OutboxMessage]:
    """``alert_rows``' query: through the partial index ``ix_outbox_incident_alerts``, whose
    condition is written as is so that the planner can use it (no index: the whole outbox)."""
    return (select(OutboxMessage).where(INCIDENT_ALERTS, OutboxMessage.case_id == case_id)
            .order_by(OutboxMessage.id))
