"""What agents do to a chat: take, reply, hand back, close, open a case; and the sweep that
requeues chats whose agent went offline or stopped answering."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core.errors import AccessDenied, DomainError
from backend.core.messages import Button, Channel, OutboundMessage
from backend.core.models import Case, CaseStatus, Conversation, Officer
from backend.core.models.handoff import AgentNote, AgentPresence, HandoffTicket, TicketStatus
from backend.core.outbox import enqueue
from backend.core.roles import SUPERVISOR
from backend.core.threads import Scope, new_thread
from backend.core.workflow.actors import Actor
from backend.core.workflow.engine import Workflow
from dialogs.conversation import end_report_with_agent, language_of, read_state
from dialogs.state import DialogState
from dialogs.texts import t
from handoff import service
from handoff.desk import Desk, satisfaction_buttons
from handoff.presence import heartbeat, is_online

AGENT_REPLY = "agent_reply"


def conversation_of(session: Session, ticket: HandoffTicket) -> Conversation:
    conversation = session.get(Conversation, ticket.conversation_id, with_for_update=True)
    assert conversation is not None  # noqa: S101 - the foreign key guarantees it
    return conversation


def scope_of(desk: Desk, ticket: HandoffTicket, conversation: Conversation) -> Scope:
    return desk.scope_of(ticket, read_state(conversation))


def tell(session: Session, conversation: Conversation, text: str, *, key: str, now: datetime,
         scope: Scope, kind: str = "handoff", buttons: list[Button] | None = None,
         media: tuple[str, str] | None = None) -> None:
    """One message to the citizen, on their channel, through the outbox, in ``scope`` (the
    ticket's thread)."""
    message = OutboundMessage(channel=Channel(conversation.channel),
                              recipient=conversation.external_id, text=text,
                              buttons=buttons or [],
                              media_storage_key=media[0] if media else None,
                              media_mime=media[1] if media else None)
    enqueue(session, message, dedupe_key=key, kind=kind, now=now, scope=scope)


def take(session: Session, desk: Desk, ticket: HandoffTicket, officer: Officer, *,
         now: datetime) -> None:
    """The agent takes a queued chat; the citizen is told who answers."""
    if ticket.status != TicketStatus.QUEUED:
        raise DomainError("percakapan sudah ditangani petugas lain")
    _require_serving(desk, ticket, officer)
    heartbeat(session, officer, now=now, on_shift=True)
    conversation = conversation_of(session, ticket)
    service.assign(session, conversation, ticket, agent_id=officer.id, now=now)
    tell(session, conversation, t("handoff_taken", language_of(conversation),
                                  name=officer.full_name),
         key=f"handoff:{ticket.id}:taken:{officer.id}:{now.timestamp()}", now=now,
         scope=scope_of(desk, ticket, conversation))
    desk.publish("assigned", ticket)


def pick(session: Session, desk: Desk, conversation: Conversation, officer: Officer, *,
         now: datetime) -> HandoffTicket:
    """An agent picks a chat the bot is handling (bot → agent)."""
    if conversation.mode != service.BOT:
        raise DomainError("percakapan sudah di antrean/petugas")
    state = read_state(conversation)
    ticket = _picked(desk, conversation, state, now)
    _require_serving(desk, ticket, officer)
    if state.flow is None and state.thread:  # idle chatter: the ticket keeps it, the bot not
        state.thread = None
        conversation.state = state.model_dump(mode="json")
    session.add(ticket)
    session.flush()
    heartbeat(session, officer, now=now, on_shift=True)
    service.assign(session, conversation, ticket, agent_id=officer.id, now=now, reason="picked")
    ticket.waiting_since = None
    tell(session, conversation, t("handoff_taken", state.language, name=officer.full_name),
         key=f"handoff:{ticket.id}:picked", now=now, scope=desk.scope_of(ticket, state))
    desk.publish("assigned", ticket)
    return ticket


def may_pick(desk: Desk, conversation: Conversation, state: DialogState, officer: Officer,
             now: datetime) -> bool:
    """Whether the officer may take over this chat the bot is handling, in ``state`` (its
    team or the call center; PPA chats: PPA officers only)."""
    return desk.can_serve(officer, _picked(desk, conversation, state, now))


def _picked(desk: Desk, conversation: Conversation, state: DialogState,
            now: datetime) -> HandoffTicket:
    """The ticket a pick of this chat opens (not added to the session)."""
    ppa = state.service in desk.config.ppa_services
    return HandoffTicket(conversation_id=conversation.id, status=TicketStatus.QUEUED,
                         reason="picked", team=desk.team_for(state.service, ppa=ppa),
                         priority=desk.priority_for(state.service, ppa=ppa), ppa=ppa,
                         queued_at=now, thread=state.thread or new_thread())


def reply(session: Session, desk: Desk, ticket: HandoffTicket, officer: Officer, *,
          text: str, now: datetime, media: tuple[str, str] | None = None) -> None:
    """The holding agent's message goes out on the citizen's channel."""
    require_holder(ticket, officer)
    if ticket.quiet:
        raise DomainError("warga meminta tidak dikirimi pesan sampai ia menulis lagi")
    conversation = conversation_of(session, ticket)
    tell(session, conversation, text, key=f"agent:{ticket.id}:{uuid.uuid4().hex}", now=now,
         kind=AGENT_REPLY, media=media, scope=scope_of(desk, ticket, conversation))
    ticket.waiting_since = None
    heartbeat(session, officer, now=now)
    desk.publish("reply", ticket)


def add_note(session: Session, ticket: HandoffTicket, officer: Officer, *, body: str,
             now: datetime) -> AgentNote:
    note = AgentNote(ticket_id=ticket.id, officer_id=officer.id, body=body, created_at=now)
    session.add(note)
    return note


def hand_back(session: Session, desk: Desk, ticket: HandoffTicket, officer: Officer, *,
              now: datetime, answered: bool = True) -> None:
    """The bot resumes; it asks how the service was only when the agent marked the citizen's
    question answered (otherwise it says how to reach a person again)."""
    if answered:
        _end(session, desk, ticket, officer, reason="handed_back", text_key="handoff_back",
             now=now)
    else:
        _end(session, desk, ticket, officer, reason="handed_back_unanswered",
             text_key="handoff_back_unanswered", now=now)


def close(session: Session, desk: Desk, ticket: HandoffTicket, officer: Officer, *,
          now: datetime) -> None:
    """Finished: the chat is the bot's again."""
    _end(session, desk, ticket, officer, reason="closed", text_key="handoff_closed", now=now)


def open_case(session: Session, workflow: Workflow, ticket: HandoffTicket, officer: Officer, *,
              service_code: str, fields: Mapping[str, str], now: datetime) -> Case:
    """A case for the citizen, opened by the agent; the chat's transcript is linked to it.

    Answers the bot's intake already collected for that service fill the fields not given. A
    case of that service already on the ticket (a PPA report the bot opened with the citizen's
    first message) is completed with the fields instead of opened twice.
    """
    require_holder(ticket, officer)
    linked = session.get(Case, ticket.case_id) if ticket.case_id else None
    if linked is not None and linked.service_code == service_code \
            and linked.status in (CaseStatus.OPEN, CaseStatus.WAITING_CITIZEN):
        workflow.update_fields(linked, fields, now=now, actor=Actor.of_officer(officer))
        return linked
    conversation = conversation_of(session, ticket)
    state = read_state(conversation)
    collected = state.answers if state.service == service_code else {}
    case = workflow.open_case(session, service_code=service_code,
                              fields={**collected, **fields}, now=now,
                              citizen_id=conversation.citizen_id, channel=conversation.channel,
                              actor=Actor.of_officer(officer), thread=ticket.thread)
    session.flush()
    ticket.case_id = case.id
    return case


def sweep(session: Session, desk: Desk, *, now: datetime) -> int:
    """Requeue held chats whose agent is offline or has not answered in time."""
    moved = 0
    limit = timedelta(seconds=desk.config.answer_timeout_seconds)
    held = session.scalars(select(HandoffTicket)
                           .where(HandoffTicket.status == TicketStatus.ASSIGNED)
                           .order_by(HandoffTicket.id))
    for ticket in list(held):
        presence = session.get(AgentPresence, ticket.agent_id) if ticket.agent_id else None
        if not is_online(presence, now=now, settings=desk.config):
            reason = "agent_offline"
        elif ticket.waiting_since is not None and now - ticket.waiting_since > limit:
            reason = "no_answer"
        else:
            continue
        service.requeue(session, conversation_of(session, ticket), ticket, reason=reason,
                        now=now)
        desk.alert(session, ticket, now)
        moved += 1
    return moved


def require_holder(ticket: HandoffTicket, officer: Officer) -> None:
    if ticket.status != TicketStatus.ASSIGNED or ticket.agent_id != officer.id:
        raise DomainError("percakapan ini tidak Anda pegang")


def _require_serving(desk: Desk, ticket: HandoffTicket, officer: Officer) -> None:
    if not desk.can_serve(officer, ticket):
        raise AccessDenied("antrean ini bukan untuk Anda")


def _end(session: Session, desk: Desk, ticket: HandoffTicket, officer: Officer, *,
         reason: str, text_key: str, now: datetime) -> None:
    if ticket.status == TicketStatus.ASSIGNED:
        if not (SUPERVISOR in officer.role_names and desk.can_serve(officer, ticket)):
            require_holder(ticket, officer)
    elif ticket.status == TicketStatus.QUEUED:
        _require_serving(desk, ticket, officer)
    else:
        raise DomainError("percakapan sudah selesai")
    conversation = conversation_of(session, ticket)
    service.finish(session, conversation, ticket, reason=reason, now=now, officer_id=officer.id)
    end_report_with_agent(conversation)
    if not ticket.quiet:
        language = language_of(conversation)
        buttons = satisfaction_buttons(language) if reason == "handed_back" else None
        tell(session, conversation, t(text_key, language), key=f"handoff:{ticket.id}:{reason}",
             now=now, buttons=buttons, scope=scope_of(desk, ticket, conversation))
    desk.publish(reason, ticket)
