"""Reading the messages of a case's or a ticket's threads, in order, PPA ones masked.

Only messages tagged with one of the threads are read (``backend.core.threads``): another case's
messages in the same chat never appear, and messages stored before threads existed neither
(their number is given for a note). PPA-flagged messages are replaced by ``MASK`` for viewers
without a PPA role; ``revealed`` tells the caller that a PPA role read some (to be logged).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backend.core.models import Case, HandoffTicket, InboundRecord, InboundStatus, OutboxMessage

MASK = "[pesan dirahasiakan]"
LIMIT = 300


@dataclass(frozen=True)
class Message:
    """One stored message: the citizen's (``inbound``) or one sent to them."""

    at: datetime
    inbound: bool
    id: int  # the row's id on its side
    kind: str  # "citizen", or the outbox kind (reply, agent_reply, officer_reply, ...)
    text: str
    payload: dict[str, Any]
    ppa: bool
    masked: bool = False

    @property
    def files(self) -> list[dict[str, Any]]:
        """The citizen's files (stored ones carry a ``storage_key``)."""
        return list(self.payload.get("media") or []) if self.inbound else []


@dataclass(frozen=True)
class ThreadLog:
    messages: list[Message]
    revealed: bool  # PPA messages were shown unmasked (a PPA read to log)
    legacy: int  # the chat's citizen messages from before threads, not shown


def _answered(dedupe_key: str) -> int | None:
    """The inbound id a bot reply answers (its dedupe key is ``in:<id>:...``)."""
    head, _, rest = dedupe_key.partition(":")
    number = rest.partition(":")[0]
    return int(number) if head == "in" and number.isdigit() else None


def _inbound(session: Session, channel: str, sender: str, threads: Collection[str],
             limit: int) -> list[Message]:
    rows = session.execute(
        select(InboundRecord.id, InboundRecord.received_at, InboundRecord.payload,
               InboundRecord.ppa)
        .where(InboundRecord.channel == channel, InboundRecord.sender == sender,
               InboundRecord.thread.in_(threads))
        .order_by(InboundRecord.id.desc()).limit(limit)).all()
    return [Message(at=row.received_at, inbound=True, id=row.id, kind="citizen",
                    text=str((row.payload or {}).get("text") or ""), payload=row.payload or {},
                    ppa=row.ppa) for row in reversed(rows)]


def _sent(session: Session, channel: str, recipient: str, threads: Collection[str],
          limit: int) -> list[tuple[Message, int | None]]:
    """The messages sent, oldest first, each with the inbound id it answers (if any)."""
    rows = session.execute(
        select(OutboxMessage.id, OutboxMessage.created_at, OutboxMessage.kind,
               OutboxMessage.body, OutboxMessage.payload, OutboxMessage.ppa,
               OutboxMessage.dedupe_key)
        .where(OutboxMessage.channel == channel, OutboxMessage.recipient == recipient,
               OutboxMessage.thread.in_(threads))
        .order_by(OutboxMessage.id.desc()).limit(limit)).all()
    return [(Message(at=row.created_at, inbound=False, id=row.id, kind=row.kind,
                     text=row.body, payload=row.payload or {}, ppa=row.ppa),
             _answered(row.dedupe_key)) for row in reversed(rows)]


def _in_sequence(inbound: list[Message], sent: list[tuple[Message, int | None]]
                 ) -> list[Message]:
    """Turns in order: each citizen message directly followed by the bot's answers to it
    (whatever their timestamps say: one second holds several turns, and the web and work
    processes may run on machines whose clocks differ). Messages answering no citizen message
    here (officer replies, notices) fall between turns by time; at the same instant, by
    outbox id against the turn's first answer (a turn without one: the answer before it)."""
    answers: dict[int, list[Message]] = {m.id: [] for m in inbound}
    blocks: list[tuple[tuple[datetime, int, int], list[Message]]] = []
    for message, answered in sent:
        if answered in answers:
            answers[answered].append(message)
        else:
            blocks.append(((message.at, message.id, 1), [message]))
    place = 0  # an unanswered message's: right after the bot's last answer before it
    for message in inbound:
        replies = answers[message.id]
        blocks.append(((message.at, replies[0].id if replies else place, 0),
                       [message, *replies]))
        place = replies[-1].id if replies else place
    blocks.sort(key=lambda block: block[0])  # stable: same keys keep id order
    return [message for _, block in blocks for message in block]


def masked(message: Message) -> Message:
    return replace(message, text=MASK, payload={}, masked=True)


def legacy_count(session: Session, *, channel: str, external_id: str) -> int:
    """The chat's handled citizen messages that carry no thread (stored before threads)."""
    return session.scalar(
        select(func.count()).select_from(InboundRecord)
        .where(InboundRecord.channel == channel, InboundRecord.sender == external_id,
               InboundRecord.thread.is_(None),
               InboundRecord.status != InboundStatus.PENDING)) or 0


def read_threads(session: Session, *, channel: str, external_id: str,
                 threads: Collection[str | None], sees_ppa: bool, legacy: bool = False,
                 limit: int = LIMIT) -> ThreadLog:
    """The last ``limit`` messages of ``threads`` in this chat, oldest first; PPA ones masked
    unless ``sees_ppa``. ``legacy``: also count the chat's messages from before threads."""
    wanted = sorted({t for t in threads if t})
    if not wanted:
        messages: list[Message] = []
    else:
        messages = _in_sequence(_inbound(session, channel, external_id, wanted, limit),
                                _sent(session, channel, external_id, wanted, limit))[-limit:]
    shown = [m if sees_ppa or not m.ppa else masked(m) for m in messages]
    old = legacy_count(session, channel=channel, external_id=external_id) if legacy else 0
    return ThreadLog(messages=shown, revealed=sees_ppa and any(m.ppa for m in shown),
                     legacy=old)


def case_threads(session: Session, case: Case) -> list[str]:
    """The case's thread and those of the handoff tickets it was opened from or linked to."""
    linked = session.scalars(select(HandoffTicket.thread).where(
        HandoffTicket.case_id == case.id, HandoffTicket.thread.is_not(None)))
    return sorted({t for t in (case.thread, *linked) if t})


def citizen_message(session: Session, *, channel: str, external_id: str,
                    inbound_id: int) -> InboundRecord | None:
    """One of this chat's citizen messages, by id (None for another chat's)."""
    row = session.get(InboundRecord, inbound_id)
    if row is None or row.channel != channel or row.sender != external_id:
        return None
    return row
