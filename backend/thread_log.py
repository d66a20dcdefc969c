"""Reading the messages of a case's or a ticket's threads, in order, PPA ones masked.

Only messages tagged with one of the threads are read (``backend.threads``): another case's
messages in the same chat never appear, and messages stored before threads existed neither
(their number is given for a note). PPA-flagged messages are replaced by ``MASK`` for viewers
without a PPA role; ``revealed`` tells the caller that a PPA role read some (to be logged).
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from backend.models import Case, HandoffTicket, InboundRecord, InboundStatus, OutboxMessage

MASK = "[pesan dirahasiakan]"
LIMIT = 300
AFTER_EVERYTHING = 2**62  # sequence of a sent message not answering a citizen's message


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


def _sequence(row: Message, reply_to: int | None) -> tuple[datetime, int, int]:
    """Merge order: time, then the citizen message a reply answers (same instant: the message
    first, then its replies), then the side."""
    turn = row.id if row.inbound else (reply_to if reply_to is not None else AFTER_EVERYTHING)
    return (row.at, turn, 0 if row.inbound else 1)


def _answered(dedupe_key: str) -> int | None:
    """The inbound id a bot reply answers (its dedupe key is ``in:<id>:...``)."""
    head, _, rest = dedupe_key.partition(":")
    number = rest.partition(":")[0]
    return int(number) if head == "in" and number.isdigit() else None


def _inbound(session: Session, channel: str, sender: str, threads: Collection[str],
             limit: int) -> list[tuple[tuple[datetime, int, int], Message]]:
    rows = session.execute(
        select(InboundRecord.id, InboundRecord.received_at, InboundRecord.payload,
               InboundRecord.ppa)
        .where(InboundRecord.channel == channel, InboundRecord.sender == sender,
               InboundRecord.thread.in_(threads))
        .order_by(InboundRecord.id.desc()).limit(limit)).all()
    found = []
    for row in reversed(rows):
        payload = row.payload or {}
        message = Message(at=row.received_at, inbound=True, id=row.id, kind="citizen",
                          text=str(payload.get("text") or ""), payload=payload, ppa=row.ppa)
        found.append((_sequence(message, None), message))
    return found


def _sent(session: Session, channel: str, recipient: str, threads: Collection[str],
          limit: int) -> list[tuple[tuple[datetime, int, int], Message]]:
    rows = session.execute(
        select(OutboxMessage.id, OutboxMessage.created_at, OutboxMessage.kind,
               OutboxMessage.body, OutboxMessage.payload, OutboxMessage.ppa,
               OutboxMessage.dedupe_key)
        .where(OutboxMessage.channel == channel, OutboxMessage.recipient == recipient,
               OutboxMessage.thread.in_(threads))
        .order_by(OutboxMessage.id.desc()).limit(limit)).all()
    found = []
    for row in reversed(rows):
        message = Message(at=row.created_at, inbound=False, id=row.id, kind=row.kind,
                          text=row.body, payload=row.payload or {}, ppa=row.ppa)
        found.append((_sequence(message, _answered(row.dedupe_key)), message))
    return found


def _merged(*sides: list[tuple[tuple[datetime, int, int], Message]]) -> Iterator[Message]:
    """Each side stays in row order; the sides interleave by time, then turn."""
    for _, message in heapq.merge(*sides, key=lambda pair: pair[0]):
        yield message


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
        messages = list(_merged(_inbound(session, channel, external_id, wanted, limit),
                                _sent(session, channel, external_id, wanted, limit)))[-limit:]
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
