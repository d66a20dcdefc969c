"""The handoff state machine: bot → queued → agent → bot, one explicit transition table.

Every mode change goes through :func:`move`, which checks the table and writes an event.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core.models import Conversation, ConversationMode
from backend.core.models.handoff import HandoffEvent, HandoffTicket, TicketStatus
from backend.core.threads import new_thread

BOT, QUEUED, AGENT = ConversationMode.BOT, ConversationMode.QUEUED, ConversationMode.AGENT
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (BOT, QUEUED): frozenset({"citizen_asked", "misunderstood", "ppa", "bot_error"}),
    (BOT, AGENT): frozenset({"picked"}),
    (QUEUED, AGENT): frozenset({"taken"}),
    (AGENT, QUEUED): frozenset({"agent_offline", "no_answer", "released"}),
    (AGENT, BOT): frozenset({"handed_back", "handed_back_unanswered", "closed", "emergency",
                              "ppa_report"}),
    (QUEUED, BOT): frozenset({"closed", "handed_back", "handed_back_unanswered", "emergency",
                              "ppa_report"}),
}
PRIORITY_PPA, PRIORITY_URGENT, PRIORITY_ROUTINE = 0, 1, 5


class InvalidTransition(Exception):
    """A mode change the transition table does not allow."""


def move(session: Session, conversation: Conversation, ticket: HandoffTicket | None, *,
         to: ConversationMode, reason: str, now: datetime,
         officer_id: int | None = None) -> HandoffEvent:
    """Change the conversation's mode (checked against TRANSITIONS) and record the event."""
    source = ConversationMode(conversation.mode)
    if reason not in TRANSITIONS.get((source, to), frozenset()):
        raise InvalidTransition(f"{source} → {to} ({reason})")
    conversation.mode, conversation.updated_at = to, now
    event = HandoffEvent(conversation_id=conversation.id,
                         ticket_id=ticket.id if ticket else None, from_mode=source,
                         to_mode=to, reason=reason, officer_id=officer_id, at=now)
    session.add(event)
    return event


def open_ticket(session: Session, conversation_id: int) -> HandoffTicket | None:
    """The conversation's ticket that is queued or held, if any."""
    return session.scalar(select(HandoffTicket).where(
        HandoffTicket.conversation_id == conversation_id,
        HandoffTicket.status != TicketStatus.CLOSED))


def last_ticket(session: Session, conversation_id: int) -> HandoffTicket | None:
    """The conversation's most recent ticket, open or closed."""
    return session.scalar(select(HandoffTicket)
                          .where(HandoffTicket.conversation_id == conversation_id)
                          .order_by(HandoffTicket.id.desc()).limit(1))


def get_ticket(session: Session, ticket_id: int, *, lock: bool = False) -> HandoffTicket | None:
    return session.get(HandoffTicket, ticket_id, with_for_update=lock)


def enqueue(session: Session, conversation: Conversation, *, reason: str, team: str,
            priority: int, ppa: bool, callback: bool, now: datetime,
            thread: str | None = None) -> HandoffTicket:
    """Put the conversation in the queue (bot → queued); the ticket serves ``thread`` (a new
    one when none is given)."""
    ticket = HandoffTicket(conversation_id=conversation.id, status=TicketStatus.QUEUED,
                           reason=reason, team=team, priority=priority, ppa=ppa,
                           callback=callback, queued_at=now, waiting_since=now,
                           thread=thread or new_thread())
    previous = last_ticket(session, conversation.id)
    if previous is not None:
        ticket.previous_agent_id = previous.agent_id or previous.previous_agent_id
    session.add(ticket)
    session.flush()
    move(session, conversation, ticket, to=QUEUED, reason=reason, now=now)
    return ticket


def assign(session: Session, conversation: Conversation, ticket: HandoffTicket, *,
           agent_id: int, now: datetime, reason: str = "taken") -> None:
    """An agent holds the chat (queued → agent, or bot → agent when picked directly)."""
    move(session, conversation, ticket, to=AGENT, reason=reason, now=now, officer_id=agent_id)
    ticket.status, ticket.agent_id, ticket.assigned_at = TicketStatus.ASSIGNED, agent_id, now
    ticket.waiting_since = ticket.waiting_since or now


def requeue(session: Session, conversation: Conversation, ticket: HandoffTicket, *,
            reason: str, now: datetime) -> None:
    """Back to the queue, keeping its place (agent → queued)."""
    move(session, conversation, ticket, to=QUEUED, reason=reason, now=now,
         officer_id=ticket.agent_id)
    ticket.status, ticket.previous_agent_id = TicketStatus.QUEUED, ticket.agent_id
    ticket.agent_id, ticket.assigned_at = None, None


def finish(session: Session, conversation: Conversation, ticket: HandoffTicket, *,
           reason: str, now: datetime, officer_id: int | None) -> None:
    """The chat returns to the bot (handed back or closed)."""
    move(session, conversation, ticket, to=BOT, reason=reason, now=now, officer_id=officer_id)
    ticket.status, ticket.closed_at, ticket.waiting_since = TicketStatus.CLOSED, now, None


def queue(session: Session, teams: set[str] | None = None) -> list[HandoffTicket]:
    """Open tickets, PPA and urgent first, then the longest waiting."""
    statement = (select(HandoffTicket).where(HandoffTicket.status != TicketStatus.CLOSED)
                 .order_by(HandoffTicket.priority, HandoffTicket.queued_at, HandoffTicket.id))
    if teams is not None:
        statement = statement.where(HandoffTicket.team.in_(teams))
    return list(session.scalars(statement))


def position(session: Session, ticket: HandoffTicket) -> int:
    """1 for the next in line of the ticket's team."""
    waiting = [t for t in queue(session, {ticket.team}) if t.status == TicketStatus.QUEUED]
    return next((i for i, t in enumerate(waiting, 1) if t.id == ticket.id), len(waiting) + 1)


def events(session: Session, conversation_id: int) -> list[HandoffEvent]:
    return list(session.scalars(select(HandoffEvent)
                                .where(HandoffEvent.conversation_id == conversation_id)
                                .order_by(HandoffEvent.id)))
