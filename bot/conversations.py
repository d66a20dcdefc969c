"""A sender's conversation (created on first contact) and what a turn writes for it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from backend.core.messages import Channel, InboundMessage, OutboundMessage
from backend.core.models import ChannelIdentity, Citizen, Conversation, ConversationMode
from backend.core.outbox import enqueue_many, outbox_row
from backend.core.threads import Scope, new_thread
from dialogs.conversation import read_state
from dialogs.ports import Reply

_FIND = select(Conversation).where(Conversation.channel == bindparam("channel"),
                                   Conversation.external_id == bindparam("sender"))
# Built once (a turn reads its conversation every time); PostgreSQL locks the row for the turn.
FIND_CONVERSATION = {True: _FIND.with_for_update(), False: _FIND}


def conversation_for(session: Session, message: InboundMessage, now: datetime) -> Conversation:
    """The sender's conversation; the citizen and their identity are created on first contact."""
    statement = FIND_CONVERSATION[session.get_bind().dialect.name == "postgresql"]
    conversation = session.scalar(statement, {"channel": message.channel.value,
                                              "sender": message.sender})
    if conversation is not None:
        return conversation
    citizen = Citizen(display_name=message.sender_name, created_at=now,
                      phone=message.sender.removeprefix("whatsapp:")
                      if message.channel is Channel.WHATSAPP else None)
    session.add(citizen)
    session.flush()
    session.add(ChannelIdentity(citizen_id=citizen.id, channel=message.channel.value,
                                external_id=message.sender, created_at=now))
    conversation = Conversation(channel=message.channel.value, external_id=message.sender,
                                citizen_id=citizen.id, state={}, mode=ConversationMode.BOT,
                                created_at=now, updated_at=now)
    session.add(conversation)
    session.flush()
    return conversation


def queue_replies(session: Session, conversation: Conversation, replies: list[Reply], *,
                  key: str, now: datetime, scope: Scope) -> None:
    """Put the replies in the outbox, once each (the key makes reprocessing harmless), tagged
    with the turn's thread."""
    enqueue_many(session, [
        outbox_row(OutboundMessage(channel=Channel(conversation.channel),
                                   recipient=conversation.external_id, text=reply.text,
                                   buttons=reply.buttons,
                                   request_location=reply.request_location),
                   dedupe_key=f"{key}:{index}", kind="reply", now=now, scope=scope)
        for index, reply in enumerate(replies)])


def stored_keys(message: InboundMessage) -> list[str]:
    """The storage keys of the message's files."""
    return [ref.storage_key for ref in message.media if ref.storage_key]


def failed_scope(conversation: Conversation, ppa_services: frozenset[str]) -> Scope:
    """A message the bot could not handle: the running intake's thread (or a thread of its
    own), PPA when the intake is (the violence screen never ran on it)."""
    state = read_state(conversation)
    return Scope(thread=state.thread or new_thread(), ppa=state.service in ppa_services)
