"""The handoff desk the pipeline talks to: queue a chat for a person, relay citizen messages."""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core.catalog.loader import Catalog
from backend.core.catalog.schema import Urgency
from backend.core.config import Settings
from backend.core.logging import get_logger
from backend.core.messages import Button, InboundMessage
from backend.core.models import Case, Conversation, Officer
from backend.core.models.handoff import HandoffTicket, TicketStatus
from backend.core.ppa import ppa_roles
from backend.core.threads import Scope, new_thread
from dialogs.conversation import answer_held, hold_for_question, read_state
from dialogs.ports import ContactOutlook, Relayed, Reply
from dialogs.state import DialogState
from dialogs.texts import t
from handoff import service
from handoff.alerts import alert_agents
from handoff.bus import EventBus, LocalBus
from handoff.ppa import citizen_command
from handoff.presence import can_serve, online_agents

log = get_logger(__name__)


class Desk:
    """Implements ``bot.handoff_port.HandoffDesk``; the agent side lives in ``handoff.flows``."""

    def __init__(self, settings: Settings, catalog: Catalog, bus: EventBus | None = None) -> None:
        self.settings = settings
        self.config = settings.handoff
        self.catalog = catalog
        self.bus = bus or LocalBus()
        self.zone = ZoneInfo(settings.workflow.timezone)
        self.ppa_roles = ppa_roles(catalog, self.config)

    # --- pipeline side -------------------------------------------------------------------
    def request(self, session: Session, conversation: Conversation, *, reason: str,
                now: datetime, thread: str | None = None) -> list[Reply]:
        """Queue the chat (or hand it straight to its previous agent when they are online); the
        ticket serves ``thread``, the turn's (the intake it was raised from)."""
        state = read_state(conversation)
        language = state.language
        if reason == "ppa" and self.config.ppa_policy != "agent":
            return []
        ticket = service.open_ticket(session, conversation.id)
        report = reason == "ppa"  # the bot's PPA report told the citizen what happens next
        if ticket is not None:
            self._link_report(session, ticket, state)
            return [] if report else [self.queued_reply(session, ticket, language, now)]
        ppa = report or state.service in self.config.ppa_services
        ticket = service.enqueue(session, conversation, reason=reason,
                                 team=self.team_for(state.service, ppa=ppa),
                                 priority=self.priority_for(state.service, ppa=ppa), ppa=ppa,
                                 callback=not self.in_hours(now), now=now,
                                 thread=thread or state.thread or new_thread())
        self._link_report(session, ticket, state)
        log.info("handoff_queued", ticket_id=ticket.id, reason=reason, team=ticket.team)
        replies = [Reply(text=t("ppa_discreet", language))] if ppa and not report else []
        agent = self.returning_agent(session, ticket, now)
        if agent is not None:
            service.assign(session, conversation, ticket, agent_id=agent.id, now=now)
            self.publish("assigned", ticket)
            return [*replies, Reply(text=t("handoff_taken", language, name=agent.full_name))]
        self.alert(session, ticket, now)
        if report:
            return replies
        return [*replies, self.queued_reply(session, ticket, language, now)]

    @staticmethod
    def _link_report(session: Session, ticket: HandoffTicket, state: DialogState) -> None:
        """The PPA report's case (opened by the bot with the first message) on the ticket."""
        if state.report_case and ticket.case_id is None:
            ticket.case_id = session.scalar(select(Case.id).where(
                Case.number == state.report_case))

    def relay(self, session: Session, conversation: Conversation, message: InboundMessage, *,
              inbound_id: int, now: datetime, urgent: str | None = None,
              screened: bool = False) -> Relayed:
        """The agent reads it in the workspace (the message belongs to the ticket's thread).
        The bot answers too while a PPA report waits for an agent (never silence), takes over
        at once for an emergency (a fire in a routine queue leaves the queue), and asks the
        discreet question when the violence screen saw signs (``screened``) in a routine
        ticket; otherwise it stays silent."""
        state = read_state(conversation)
        ticket = service.open_ticket(session, conversation.id)
        if ticket is None:  # not expected (the mode says a ticket is open): PPA-only, no thread
            return Relayed(scope=Scope(thread=None, ppa=True))
        ticket.waiting_since = ticket.waiting_since or now
        self.publish("message", ticket)
        scope = self.scope_of(ticket, state)
        if ticket.ppa and (replies := self._discreet_command(ticket, message, state.language)):
            return Relayed(replies=replies, scope=scope)
        if not ticket.ppa and (asked := self._violence_question(
                session, conversation, ticket, message, now=now,
                screened=screened and urgent is None)) is not None:
            return asked
        if urgent is not None and not (ticket.ppa and urgent == "report_violence"):
            if not ticket.ppa:  # the bot runs the emergency; the agent sees why the chat left
                service.finish(session, conversation, ticket, reason="emergency", now=now,
                               officer_id=None)
                self.publish("closed", ticket, reason="emergency")
            return Relayed(bot_turn=True, scope=scope)
        return Relayed(bot_turn=ticket.ppa and ticket.status == TicketStatus.QUEUED,
                       scope=scope)

    def outlook(self, now: datetime) -> ContactOutlook:
        """Whether the call center is open now, and its hours."""
        hours = self.config.hours
        return ContactOutlook(in_hours=self.in_hours(now), hours=f"{hours.start}-{hours.end}")

    # --- helpers shared with the agent side ----------------------------------------------
    def team_for(self, service_code: str | None, *, ppa: bool) -> str:
        """PPA chats go to the PPA agency; a chat inside a service to its agency; else the
        call center."""
        if ppa:
            return self.config.ppa_agency
        if service_code and service_code in self.catalog.services:
            return self.catalog.get(service_code).agency
        return self.config.call_center_agency

    def priority_for(self, service_code: str | None, *, ppa: bool) -> int:
        if ppa:
            return service.PRIORITY_PPA
        if (service_code is not None and service_code in self.catalog.services
                and self.catalog.get(service_code).urgency is not Urgency.NORMAL):
            return service.PRIORITY_URGENT
        return service.PRIORITY_ROUTINE

    def in_hours(self, now: datetime) -> bool:
        """Within the call-center hours (local time)."""
        local = now.astimezone(self.zone)
        hours = self.config.hours
        return (local.weekday() in hours.weekdays
                and hours.start <= local.strftime("%H:%M") < hours.end)

    def scope_of(self, ticket: HandoffTicket, state: DialogState) -> Scope:
        """The thread and PPA flag of what is said while the ticket is open."""
        return Scope(thread=ticket.thread,
                     ppa=ticket.ppa or state.service in self.config.ppa_services)

    def can_serve(self, officer: Officer, ticket: HandoffTicket) -> bool:
        return can_serve(officer, ticket, settings=self.config, ppa_roles=self.ppa_roles)

    def serving(self, session: Session, ticket: HandoffTicket, now: datetime) -> list[Officer]:
        """Online agents who may take the ticket."""
        return [o for o in online_agents(session, now=now, settings=self.config)
                if self.can_serve(o, ticket)]

    def returning_agent(self, session: Session, ticket: HandoffTicket,
                        now: datetime) -> Officer | None:
        """The agent who last held this chat, only when online now (never an offline one)."""
        if ticket.previous_agent_id is None:
            return None
        return next((o for o in self.serving(session, ticket, now)
                     if o.id == ticket.previous_agent_id), None)

    def queued_reply(self, session: Session, ticket: HandoffTicket, language: str,
                     now: datetime) -> Reply:
        """Position and expected wait, or the out-of-hours promise of a call back."""
        if ticket.callback and not self.in_hours(now):
            hours = self.config.hours
            return Reply(text=t("handoff_out_of_hours", language, start=hours.start,
                                end=hours.end))
        position = service.position(session, ticket)
        agents = max(1, len(self.serving(session, ticket, now)))
        minutes = math.ceil(position * self.config.average_handle_minutes / agents)
        return Reply(text=t("handoff_queued", language, position=position, minutes=minutes))

    def alert(self, session: Session, ticket: HandoffTicket, now: datetime) -> None:
        """Console notification + Telegram DMs + a live event for open workspaces."""
        alert_agents(session, ticket, position=service.position(session, ticket),
                     round_=int(now.timestamp()), settings=self.config,
                     ppa_roles=self.ppa_roles, now=now)
        self.publish("queued", ticket)

    def publish(self, kind: str, ticket: HandoffTicket, **extra: Any) -> None:
        """A content-free hint for the workspaces."""
        self.bus.publish({"type": kind, "ticket": ticket.id, "team": ticket.team,
                          "ppa": ticket.ppa, **extra})

    def _violence_question(self, session: Session, conversation: Conversation,
                           ticket: HandoffTicket, message: InboundMessage, *, now: datetime,
                           screened: bool) -> Relayed | None:
        """In a routine ticket: signs of violence make the message PPA-only and ask the
        discreet question; a yes leaves the ticket for the bot's PPA report with the words.
        None: relay as usual."""
        answered = answer_held(conversation, message.text, message.payload)
        ppa_only = Scope(thread=ticket.thread, ppa=True)
        if answered:
            service.finish(session, conversation, ticket, reason="ppa_report", now=now,
                           officer_id=None)
            self.publish("closed", ticket, reason="ppa_report")
            return Relayed(bot_turn=True, scope=ppa_only)
        if screened and message.text:  # asked again after a no: such words never go out plain
            return Relayed(replies=[hold_for_question(conversation, message.text,
                                                      message.media)], scope=ppa_only)
        return None

    @staticmethod
    def _discreet_command(ticket: HandoffTicket, message: InboundMessage,
                          language: str) -> list[Reply]:
        command = citizen_command(message.text)
        ticket.quiet = command is not None and command[0] == "stop"  # writing again lifts it
        if command is None:
            return []
        kind, value = command
        if kind == "stop":
            return [Reply(text=t("ppa_stopped", language))]
        ticket.safe_contact = value
        return [Reply(text=t("ppa_safe_contact_saved", language))]


def satisfaction_buttons(language: str) -> list[Button]:
    return [Button(label=t("csat_good", language), payload="csat:good"),
            Button(label=t("csat_bad", language), payload="csat:bad")]
