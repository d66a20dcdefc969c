"""The port through which a dialog turn reaches people: the call-center handoff desk
(implemented in ``handoff/``), and the stand-in used until one is configured."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from sqlalchemy.orm import Session

from backend.core.messages import InboundMessage
from backend.core.models import Conversation
from dialogs.conversation import read_state
from dialogs.ports import ContactOutlook, Relayed, Reply
from dialogs.texts import t


class HandoffDesk(Protocol):
    """Where conversations go when a person must answer (implemented in ``handoff/``)."""

    def request(self, session: Session, conversation: Conversation, *, reason: str,
                now: datetime, thread: str | None = None) -> list[Reply]:
        """Queue the conversation for an agent (the ticket serves ``thread``, the turn's); the
        replies tell the citizen what happens."""

    def relay(self, session: Session, conversation: Conversation, message: InboundMessage, *,
              inbound_id: int, now: datetime, urgent: str | None = None,
              screened: bool = False) -> Relayed:
        """A citizen message while queued or held by an agent: it goes to the agent (tagged
        with the ticket's scope); ``urgent`` is the local rules' emergency reading of it,
        ``screened`` whether the violence screen saw signs in it."""

    def outlook(self, now: datetime) -> ContactOutlook:
        """When a person will answer a chat queued now."""


class NoAgents:
    """Until the handoff desk is configured: say a person will follow up, stay with the bot."""

    def request(self, session: Session, conversation: Conversation, *, reason: str,
                now: datetime, thread: str | None = None) -> list[Reply]:
        state = read_state(conversation)
        return [] if reason == "ppa" else [Reply(text=t("agent_soon", state.language))]

    def relay(self, session: Session, conversation: Conversation, message: InboundMessage, *,
              inbound_id: int, now: datetime, urgent: str | None = None,
              screened: bool = False) -> Relayed:
        return Relayed(bot_turn=True)

    def outlook(self, now: datetime) -> ContactOutlook:
        return ContactOutlook()
