"""A sender's conversation (created on first contact) and what a turn writes for it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from backend.core.messages import Channel, InboundMessage, OutboundMessage
from backend.core.models import (
    ChannelIdentity,
    Citizen,
    Conversation,
    ConversationMode,
    OutboxMessage,
    OutboxStatus,
)
from backend.core.outbox import enqueue_many, outbox_row
from backend.core.threads import Scope, new_thread
from bot.handover import queue_leased
from bot.outbox import Leased
from dialogs.conversation import read_state
from dialogs.ports import Reply

# Whether the chat has a message waiting to be sent (bot.handover: then the turn's replies
# queue behind it).
_WAITING = (select(OutboxMessage.id)
            .where(OutboxMessage.status == OutboxStatus.PENDING,
                   OutboxMessage.channel == Conversation.channel,
                   OutboxMessage.recipient == Conversation.external_id)
            .exists().label("outbox_waiting"))
_FIND = (select(Conversation, _WAITING)
         .where(Conversation.channel == bindparam("channel"),
                Conversation.external_id == bindparam("sender")))
# Built once (a turn reads its conversation every time); PostgreSQL locks the row for the turn.
FIND_CONVERSATION = {True: _FIND.with_for_update(of=Conversation), False: _FIND}


def conversation_for(session: Session, message: InboundMessage, now: datetime) -> Conversation:
    """The sender's conversation; the citizen and their identity are created on first contact."""
    return chat_for(session, message, now)[0]


def chat_for(session: Session, message: InboundMessage,
             now: datetime) -> tuple[Conversation, bool]:
    """``conversation_for``, and whether the chat has a message waiting to be sent (read in the
    same statement; taken as True on first contact)."""
    statement = FIND_CONVERSATION[session.get_bind().dialect.name == "postgresql"]
    found = session.execute(statement, {"channel": message.channel.value,
                                        "sender": message.sender}).first()
    if found is not None:
        return found[0], found[1]
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
    return conversation, True  # not read: first contact's replies are queued for a claim


def queue_replies(session: Session, conversation: Conversation, replies: list[Reply], *,
                  key: str, now: datetime, scope: Scope, lease: int | None = None
                  ) -> list[Leased]:
    """Put the replies in the outbox, once each (the key makes reprocessing harmless), tagged
    with the turn's thread; with ``lease``, already leased to this process (``bot.handover``):
    the rows written, for it to send."""
    rows = [outbox_row(OutboundMessage(channel=Channel(conversation.channel),
                                       recipient=conversation.external_id, text=reply.text,
                                       buttons=reply.buttons,
                                       request_location=reply.request_location),
                       dedupe_key=f"{key}:{index}", kind="reply", now=now, scope=scope)
            for index, reply in enumerate(replies)]
    if lease is not None:
        return queue_leased(session, rows, token=lease, now=now)
    enqueue_many(session, rows)
    return []


def stored_keys(message: InboundMessage) -> list[str]:
    """The storage keys of the message's files."""
    return [ref.storage_key for ref in message.media if ref.storage_key]


def failed_scope(conversation: Conversation, ppa_services: frozenset[str]) -> Scope:
    """A message the bot could not handle: the running intake's thread (or a thread of its
    own), PPA when the intake is (the violence screen never ran on it)."""
    state = read_state(conversation)
    return Scope(thread=state.thread or new_thread(), ppa=state.service in ppa_services)
