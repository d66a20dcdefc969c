"""Which stored inbound message a processor handles next, and how it is marked handled."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol

from sqlalchemy import (
    Engine,
    Select,
    and_,
    bindparam,
    func,
    literal,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.orm import Session, aliased

from backend.core.db import autocommit_reader
from backend.core.metrics import PROCESSED, PROCESSING_DELAY
from backend.core.models import InboundRecord, InboundStatus
from bot.inbox import URGENT


class Claimed(Protocol):
    """What a claim reads of an inbound row (a plain row: no ORM object to build)."""

    id: int
    payload: dict
    attempts: int
    received_at: datetime


CLAIMED = (InboundRecord.id, InboundRecord.payload, InboundRecord.attempts,
           InboundRecord.received_at)


def _claim_statement(*, locking: bool) -> Select:
    """The most urgent due message whose sender has no older message waiting (a chat's
    messages are handled in order), emergencies first; ``now`` is a bound parameter."""
    older = aliased(InboundRecord)
    same_sender_older = (select(older.id)
                         .where(older.channel == InboundRecord.channel,
                                older.sender == InboundRecord.sender,
                                older.status == InboundStatus.PENDING,
                                older.id < InboundRecord.id))
    waiting_older = same_sender_older.exists()
    # An emergency overtakes its sender's messages that are waiting for later (a retry, a
    # flood being slowed down) but never one being handled right now.
    handled_older = same_sender_older.where(older.next_attempt_at <= bindparam("now")).exists()
    statement = (select(*CLAIMED)
                 .where(InboundRecord.status == InboundStatus.PENDING,
                        InboundRecord.next_attempt_at <= bindparam("now"),
                        or_(~waiting_older,
                            and_(InboundRecord.priority == URGENT, ~handled_older)))
                 .order_by(InboundRecord.priority, InboundRecord.id).limit(1))
    if not locking:
        return statement
    # A turn never waits long on a lock (another turn holding it for long is a fault): its
    # transaction gives up after 5 s and is retried (set with the claim: no extra round trip).
    # Sorting, switched off for planning the claim (``ORDERED_WALK``), is back on for the rest
    # of the turn.
    return (statement.add_columns(func.set_config("lock_timeout", "5s", True),
                                  func.set_config("enable_sort", "on", True))
            .with_for_update(skip_locked=True, of=InboundRecord))


# The claim must walk the queue index in (priority, id) order and stop at the first message it
# may take. The planner's other choice reads every due message by the due-time index, checks
# each one's sender for an older message, and sorts them: quadratic in the backlog. It takes
# that plan when the statistics were gathered while the queue was empty (autovacuum's ANALYZE
# between two bursts), and then a backlog of 3,000 messages cost 240 ms per claim (0.5 ms in
# order), which stalled a crowd until the next ANALYZE. Planning the claim without sorting
# leaves only the ordered walk; this runs first in the claim's transaction.
ORDERED_WALK = select(func.set_config("enable_sort", "off", True))


def _claim_with_due() -> Select:
    """PostgreSQL: the claim, and when the next pending message other than the one claimed is
    due (the ``due`` column; NULL: none pending), read by the index on the due time, so that a
    round knows without another claim whether to go on or how long to sleep."""
    claimed = _claim_statement(locking=True).subquery("claimed").lateral()
    others = (select(func.min(InboundRecord.next_attempt_at))
              .where(InboundRecord.status == InboundStatus.PENDING,
                     InboundRecord.id.is_distinct_from(claimed.c.id))
              .scalar_subquery())
    one_row = select(literal(1).label("one")).subquery("one_row")
    return (select(others.label("due"), *claimed.c)
            .select_from(one_row.outerjoin(claimed, true())))


CLAIM = {True: _claim_with_due(), False: _claim_statement(locking=False)}
NEXT_DUE = (select(func.min(InboundRecord.next_attempt_at))
            .where(InboundRecord.status == InboundStatus.PENDING))


class InboxQueue:
    """The stored messages as a processor takes them: the next one to handle, and when the
    next pending one is due (on PostgreSQL what the latest claim read with it, so that neither
    the loop's decision to go on nor its sleep costs a round trip)."""

    def __init__(self, engine: Engine) -> None:
        self.shared = engine.dialect.name == "postgresql"  # several processors take turns
        self._reader = autocommit_reader(engine)  # one round trip, no BEGIN and ROLLBACK
        # The latest claim's reading of the earliest due time ((None,): nothing pending);
        # None: that claim did not read it.
        self._due_seen: tuple[datetime | None] | None = None

    def claim(self, session: Session, now: datetime) -> Claimed | None:
        """The next message to handle (see ``_claim_statement``), None when none is due."""
        connection = session.connection()
        if self.shared:
            connection.execute(ORDERED_WALK)
        row = connection.execute(CLAIM[self.shared], {"now": now}).first()
        if not self.shared:
            self._due_seen = None
            return row
        assert row is not None, "the claim reads one row, claimed or not"
        self._due_seen = (row.due,)
        return row if row.id is not None else None

    def more_due(self, now: datetime) -> bool:
        """Whether another message may be due by ``now`` (True when the latest claim did not
        read it): a message another processor is handling right now counts, so a round may
        still end on a claim that finds nothing, but a lone message does not cost one."""
        if self._due_seen is None:
            return True
        due = self._due_seen[0]
        return due is not None and due <= now

    def earliest_due(self) -> datetime | None:
        """When the earliest pending message is due (None: none pending): the latest claim's
        reading, used once, else read now."""
        seen, self._due_seen = self._due_seen, None
        if seen is None:
            with self._reader.connect() as connection:  # no ORM session: cheap
                seen = (connection.scalar(NEXT_DUE),)
        due = seen[0]
        return due.replace(tzinfo=UTC) if due is not None and due.tzinfo is None else due  # SQLite


MARK_PROCESSED = (update(InboundRecord).where(InboundRecord.id == bindparam("processed_id"))
                  .values(status=InboundStatus.PROCESSED, processed_at=bindparam("at"),
                          thread=bindparam("thread"), ppa=bindparam("ppa")))
# A message with files keeps their storage keys (the transcript links them).
MARK_PROCESSED_FILES = MARK_PROCESSED.values(payload=bindparam("stored_payload"))


def observe_turn(received_at: datetime, now: datetime) -> None:
    """Count a committed turn and how long its message waited since the webhook."""
    PROCESSED.labels("processed").inc()
    PROCESSING_DELAY.observe(max((now - received_at).total_seconds(), 0.0))
