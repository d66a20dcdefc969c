"""Queue outbound messages durably, and send them with retries that honour rate limits."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from pydantic import ValidationError
from sqlalchemy import BigInteger, Connection, Select, String, bindparam, func, select, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from backend.core.clock import Clock
from backend.core.db import autocommit_reader
from backend.core.logging import get_logger
from backend.core.messages import Channel, OutboundMessage
from backend.core.metrics import ALERT_LATENCY, OUTBOUND, REPLY_LATENCY, SEND_DELAY
from backend.core.models import InboundRecord, OutboxMessage, OutboxStatus
from backend.core.outbox import ALERT_PRIORITY
from bot.errors import SendError
from bot.leases import LeaseOwner

log = get_logger(__name__)
Sender = Callable[[OutboundMessage], Awaitable[str | None]]
MAX_ATTEMPTS = 8
LEASE = timedelta(seconds=60)
CLAIM_LOCK = 0x4A4C_6F62  # pg advisory lock key of the outbox claim


class Closable(Protocol):
    """The clients behind the senders."""

    async def close(self) -> None: ...


class Queued(Protocol):
    """What the claim reads of an outbox row."""

    id: int
    channel: str
    recipient: str
    kind: str
    case_id: int | None


def ordering_key(row: Queued) -> tuple[str, str, int | None]:
    """Messages with the same key go out one at a time, in order. A chat's messages keep their
    order; alerts about different incidents in one piket group may go out side by side."""
    if not row.kind.startswith("alert"):
        return (row.channel, row.recipient, None)
    return (row.channel, row.recipient, row.case_id if row.case_id is not None else -row.id)


@dataclass(frozen=True)
class Leased:
    """A claimed message: what sending it and recording the outcome need."""

    id: int
    channel: str
    kind: str
    dedupe_key: str
    payload: dict[str, Any]
    created_at: datetime
    received_at: datetime | None = None  # handed over by its turn: when its message came


WINDOW = (OutboxMessage.id, OutboxMessage.channel, OutboxMessage.recipient, OutboxMessage.kind,
          OutboxMessage.case_id, OutboxMessage.next_attempt_at, OutboxMessage.leased_by)
LEASED = (OutboxMessage.id, OutboxMessage.channel, OutboxMessage.kind, OutboxMessage.dedupe_key,
          OutboxMessage.payload, OutboxMessage.created_at)
MARK_SENT = (update(OutboxMessage).where(OutboxMessage.id == bindparam("sent_id"))
             .values(status=OutboxStatus.SENT, sent_at=bindparam("sent_time"), last_error=None,
                     platform_message_id=bindparam("platform_id"), leased_by=None))
# PostgreSQL: a claim's messages all sent, marked in one statement without a transaction.
_SENT = (func.unnest(bindparam("ids", type_=ARRAY(BigInteger)),
                     bindparam("platform_ids", type_=ARRAY(String)))
         .table_valued("id", "platform_id").render_derived(name="sent"))
MARK_ALL_SENT = (update(OutboxMessage).where(OutboxMessage.id == _SENT.c.id)
                 .values(status=OutboxStatus.SENT, sent_at=bindparam("sent_time"),
                         last_error=None, platform_message_id=_SENT.c.platform_id,
                         leased_by=None))
Window = Select[int, str, str, str, int | None, datetime, int | None]  # the WINDOW columns
LEASE_ROWS = (update(OutboxMessage)
              .where(OutboxMessage.id.in_(bindparam("ids", expanding=True)))
              .values(next_attempt_at=bindparam("until"), attempts=OutboxMessage.attempts + 1,
                      leased_by=bindparam("owner"))
              .returning(*LEASED))
RECEIVED_AT = (select(InboundRecord.received_at)
               .where(InboundRecord.id.in_(bindparam("ids", expanding=True))))
CLAIM_TURN = select(func.pg_advisory_xact_lock(CLAIM_LOCK))
# Leased with a chat's earlier message but not tried (it failed): due again behind it, the
# attempt not counted.
RELEASE_UNSENT = (update(OutboxMessage)
                  .where(OutboxMessage.id.in_(bindparam("ids", expanding=True)))
                  .values(next_attempt_at=bindparam("now"), leased_by=None,
                          attempts=OutboxMessage.attempts - 1))
PER_CHAT = 5  # a chat's messages leased and sent together by one claim, in order
ORPHAN_SWEEP_SECONDS = 1.0  # how often a sender looks for the leases of a dead one
# While this process hands replies over (bot.handover), its routine lane claims at least once a
# second though nothing is queued for it: that claim frees a dead process's leases.
SWEEP_WHILE_HANDING = timedelta(seconds=10)
BLOCKED_RETRY = timedelta(seconds=1)  # a due message behind its chat's previous one


class Unsent:
    """A leased message not tried because its chat's earlier one failed."""


UNSENT = Unsent()
Outcome = str | None | SendError | Unsent  # a platform message id (or none), or why not


def backoff(attempts: int) -> timedelta:
    """2, 4, 8, ... seconds, at most five minutes."""
    return timedelta(seconds=min(2 ** attempts, 300))


class OutboxSender:
    """Sends due messages in order per recipient, alerts first; marks each sent or failed."""

    def __init__(self, sessions: sessionmaker[Session], senders: Mapping[Channel, Sender],
                 clock: Clock, max_attempts: int = MAX_ATTEMPTS, *,
                 channels: Closable | None = None, owner: LeaseOwner | None = None) -> None:
        self.sessions = sessions
        self.senders = senders
        self.clock = clock
        self.max_attempts = max_attempts
        self.channels = channels  # the clients behind ``senders``, closed with the outbox
        self._claiming = threading.Lock()  # the lanes of this process claim one at a time
        self.owner = owner  # ties leases to this process (None: leases only time out)
        self._swept_at: datetime | None = None
        # Per lane (urgent_only): when the last claim saw something becoming due, so an idle
        # lane sleeps until then instead of polling.
        self._next_due: dict[bool, datetime | None] = {True: None, False: None}
        # Per lane: the last claim left due messages it could take right after its round.
        self._more: dict[bool, bool] = {True: False, False: False}
        # Per lane: the last claim left a due message behind its chat's earlier one.
        self._behind: dict[bool, bool] = {True: False, False: False}
        self._windows: dict[tuple[int, bool], Window] = {}
        self._handed_at: datetime | None = None  # the latest send handed over by a turn
        engine = sessions.kw["bind"]
        self._marker = autocommit_reader(engine) if engine.dialect.name == "postgresql" \
            else None  # marks a batch sent in one statement, no BEGIN and COMMIT

    def _claim(self, limit: int, urgent_only: bool) -> list[list[Leased]]:
        """Lease the due messages of up to ``limit`` recipients: per recipient, its first
        pending messages in order (at most ``PER_CHAT``), when the first is due now. Claims
        take turns (on PostgreSQL across processes, with a transaction-level advisory lock), so
        a chat's next message is never leased while its previous one is being claimed. The
        window is read as plain rows and only the chosen rows are written."""
        with self._claiming, self.sessions() as session, session.begin():
            now = self.clock()
            if session.get_bind().dialect.name == "postgresql":
                session.connection().execute(CLAIM_TURN)  # plain rows: no ORM work
            self._free_orphans(session, now)
            window = self._window(limit, urgent_only)
            chats: dict[tuple[str, str, int | None], list[int]] = {}
            closed: set[tuple[str, str, int | None]] = set()  # a row of it is not due
            due: list[datetime] = []
            more = behind = False
            rows = session.connection().execute(window).all()
            # A chat with a leased message waits for it, even one queued before it: a turn's
            # replies handed over to their process are leased without a claim (bot.handover).
            sending = {ordering_key(row) for row in rows
                       if row.leased_by is not None and row.next_attempt_at > now}
            for row in rows:
                key = ordering_key(row)
                if key in sending and row.leased_by is None:
                    closed.add(key)
                if key in closed:
                    if row.next_attempt_at <= now:  # sent once the one before it is
                        due.append(now + BLOCKED_RETRY)
                        behind = True
                    continue
                chosen = chats.get(key)
                room = len(chats) < limit if chosen is None else len(chosen) < PER_CHAT
                if row.next_attempt_at <= now and room:
                    chats.setdefault(key, []).append(row.id)
                    continue
                closed.add(key)
                if chosen is not None:  # the chat's batch is full: the rest after it
                    due.append(now + BLOCKED_RETRY)
                    more = True
                elif row.next_attempt_at <= now:  # more chats than the claim takes
                    due.append(now)
                    more = True
                elif row.leased_by is not None and row.leased_by != self._token():
                    due.append(now + timedelta(seconds=ORPHAN_SWEEP_SECONDS))  # freed if dead
                else:
                    due.append(max(row.next_attempt_at, now + BLOCKED_RETRY))
            self._next_due[urgent_only] = min(due, default=None)
            self._more[urgent_only] = more
            self._behind[urgent_only] = behind
            if not chats:
                return []
            leased = {row.id: Leased(*row) for row in session.connection().execute(LEASE_ROWS, {
                "ids": [row_id for ids in chats.values() for row_id in ids],
                "until": now + LEASE,
                "owner": self.owner.acquire() if self.owner is not None else None})}
            return [[leased[row_id] for row_id in ids] for ids in chats.values()]

    def _window(self, limit: int, urgent_only: bool) -> Window:
        """The pending rows a claim reads (built once per lane: claims run all the time)."""
        key = (limit, urgent_only)
        if key not in self._windows:
            window = (select(*WINDOW)
                      .where(OutboxMessage.status == OutboxStatus.PENDING,
                             OutboxMessage.channel.in_([c.value for c in self.senders]))
                      .order_by(OutboxMessage.priority, OutboxMessage.id)
                      .limit(limit * 10))
            self._windows[key] = window.where(OutboxMessage.priority == ALERT_PRIORITY) \
                if urgent_only else window
        return self._windows[key]

    def _token(self) -> int | None:
        return self.owner.token if self.owner is not None else None

    def more_due(self, urgent_only: bool = False) -> bool:
        """Whether the lane's last claim left messages it can take at once (its batch was
        full), rather than ones that become due later (``seconds_to_due``)."""
        return self._more[urgent_only]

    async def send_round(self, limit: int = 20) -> bool:
        """One round of the routine lane's loop (``send_due``): True when more may be taken at
        once; False lets the loop sleep until woken (something queued) or ``seconds_to_due``
        instead of claiming again for nothing."""
        await self.send_due(limit)
        return self.more_due()

    def seconds_to_due(self, urgent_only: bool = False) -> float | None:
        """How long until a message the lane's last claim saw becomes due (None: none); while
        turns hand replies over, the routine lane looks at least every
        ``ORPHAN_SWEEP_SECONDS`` (its claim frees a dead process's leases)."""
        now = self.clock()
        due = self._next_due[urgent_only]
        handed_at = self._handed_at
        if not urgent_only and handed_at is not None and now - handed_at < SWEEP_WHILE_HANDING:
            sweep = (self._swept_at or now) + timedelta(seconds=ORPHAN_SWEEP_SECONDS)
            due = sweep if due is None else min(due, sweep)
        return None if due is None else (due - now).total_seconds()

    def _free_orphans(self, session: Session, now: datetime) -> None:
        """Now and then, make due the messages a dead sender had leased (see bot.leases)."""
        if self.owner is None or (self._swept_at is not None and (
                now - self._swept_at).total_seconds() < ORPHAN_SWEEP_SECONDS):
            return
        self._swept_at = now
        self.owner.free_orphans(session.connection(), now)

    async def send_due(self, limit: int = 20, *, urgent_only: bool = False) -> int:
        """Send what is due (a recipient's messages one after another, recipients in
        parallel); returns how many were handled: sent, failed (to retry or for good) or put
        back untried. ``urgent_only``: alerts alone, for the lane that sends them while a batch
        of routine messages is still on its way."""
        chats = await run_in_threadpool(self._claim, limit, urgent_only)
        if not chats:
            return 0
        outcomes = [outcome for chat in await asyncio.gather(*(self._send_chat(rows)
                                                               for rows in chats))
                    for outcome in chat]
        await run_in_threadpool(self._record, outcomes)
        return len(outcomes)

    async def send_handed(self, chats: list[list[Leased]]) -> bool:
        """Send the chats' rows that committed turns leased to this process (``bot.handover``)
        and record the outcomes as a claim's are; True when that leaves work for the routine
        lane now (a failure to retry, or a message waiting behind them)."""
        outcomes = [outcome for chat in await asyncio.gather(*(self._send_chat(rows)
                                                               for rows in chats))
                    for outcome in chat]
        await run_in_threadpool(self._record, outcomes)
        self._handed_at = self.clock()
        return (self._behind[False]
                or any(isinstance(outcome, SendError | Unsent) for _, outcome in outcomes))

    async def _send_chat(self, rows: list[Leased]) -> list[tuple[Leased, Outcome]]:
        """One recipient's messages, one after another; after a failure the rest wait (they
        go back to the queue untried, behind the failed one)."""
        outcomes: list[tuple[Leased, Outcome]] = []
        sent: dict[int, str | None] = {}  # sent now: an edit of one of them needs its id
        for row in rows:
            if len(outcomes) > len(sent):  # an earlier one failed: the rest wait
                outcomes.append((row, UNSENT))
                continue
            result = await self._send_one(row, sent)
            if not isinstance(result, SendError):
                sent[row.id] = result
            outcomes.append((row, result))
        return outcomes

    def _edit_target(self, message: OutboundMessage,
                     sent: Mapping[int, str | None]) -> OutboundMessage:
        """Resolve ``edit_of`` to the platform id of the message to edit (or send anew);
        ``sent``: messages of the same claim sent just before, not recorded yet."""
        if message.edit_of is not None and message.edit_of in sent:
            platform_id = sent[message.edit_of]
            return message.model_copy(update={"edit_of": None} if not platform_id else
                                      {"edit_message_id": platform_id})
        with self.sessions() as session:
            original = session.get(OutboxMessage, message.edit_of)
        if original is not None and original.status == OutboxStatus.PENDING:
            raise SendError("the message to edit is not sent yet", retry_after=1)
        if original is None or not original.platform_message_id:
            return message.model_copy(update={"edit_of": None})
        return message.model_copy(update={"edit_message_id": original.platform_message_id})

    async def _send_one(self, row: Leased,
                        sent: Mapping[int, str | None]) -> str | None | SendError:
        """The platform message id, or the error to retry or fail with. Never raises: one bad
        row must not stop the batch it was claimed with."""
        try:
            message = OutboundMessage.model_validate(row.payload)
        except ValidationError:
            log.error("outbox_payload_unreadable", message_id=row.id, kind=row.kind,
                      dedupe_key=row.dedupe_key)
            return SendError("payload unreadable", permanent=True)
        try:
            if message.edit_of is not None:
                message = await run_in_threadpool(self._edit_target, message, sent)
            return await self.senders[message.channel](message)
        except SendError as error:
            return error
        except Exception as error:  # noqa: BLE001 - an unknown failure is retried too
            log.warning("outbox_send_crashed", channel=message.channel.value,
                        error=type(error).__name__)
            return SendError(type(error).__name__)

    def _record(self, outcomes: list[tuple[Leased, Outcome]]) -> None:
        """Mark the sent messages sent (one statement), put the untried back and schedule or
        fail the others, in one transaction; on PostgreSQL a batch sent whole is one
        statement and no transaction."""
        now = self.clock()
        sent = [(leased, outcome) for leased, outcome in outcomes
                if not isinstance(outcome, SendError | Unsent)]
        if self._marker is not None and sent and len(sent) == len(outcomes):
            with self._marker.connect() as connection:
                connection.execute(MARK_ALL_SENT, {
                    "ids": [leased.id for leased, _ in sent], "sent_time": now,
                    "platform_ids": [outcome for _, outcome in sent]})
                self._observe([leased for leased, _ in sent], connection, now)
            return
        unsent = [leased.id for leased, outcome in outcomes if isinstance(outcome, Unsent)]
        with self.sessions() as session, session.begin():
            if sent:
                session.connection().execute(MARK_SENT, [
                    {"sent_id": leased.id, "sent_time": now, "platform_id": outcome}
                    for leased, outcome in sent])
            if unsent:
                session.connection().execute(RELEASE_UNSENT, {"ids": unsent, "now": now})
            for leased, outcome in outcomes:
                if isinstance(outcome, SendError):
                    row = session.get(OutboxMessage, leased.id)
                    if row is not None:
                        self._retry_or_fail(row, outcome)
            self._observe([leased for leased, _ in sent], session.connection(), now)

    @staticmethod
    def _observe(sent: list[Leased], connection: Connection, now: datetime) -> None:
        for leased in sent:
            observe_sent(leased, now)
        observe_replies(connection, sent, now)

    def _retry_or_fail(self, row: OutboxMessage, error: SendError) -> None:
        row.last_error = f"{error.code or ''} {error}".strip()[:500]
        if error.permanent or row.attempts >= self.max_attempts:
            row.status, row.leased_by = OutboxStatus.FAILED, None
            OUTBOUND.labels(row.channel, "failed").inc()
            log.warning("outbox_failed", message_id=row.id, channel=row.channel,
                        attempts=row.attempts, code=error.code)
            return
        delay = (timedelta(seconds=error.retry_after) if error.retry_after is not None
                 else backoff(row.attempts))
        row.next_attempt_at, row.leased_by = self.clock() + delay, None
        OUTBOUND.labels(row.channel, "retry").inc()


def observe_replies(connection: Connection, rows: list[Leased], sent_at: datetime) -> None:
    """Reply latency: from the citizen's message reaching the webhook to the bot's first
    answer to it being sent (replies carry their inbound message's id in the dedupe key)."""
    first = [row for row in rows if row.kind == "reply" and row.dedupe_key.startswith("in:")
             and row.dedupe_key.endswith(":0")]
    received = [row.received_at for row in first if row.received_at is not None]
    unknown = [int(row.dedupe_key.split(":")[1]) for row in first if row.received_at is None]
    if unknown:
        received += connection.execute(RECEIVED_AT, {"ids": unknown}).scalars()
    for received_at in received:
        REPLY_LATENCY.observe(max((sent_at - received_at).total_seconds(), 0.0))


def observe_sent(row: Leased, sent_at: datetime) -> None:
    """Count a sent message and how long it waited (alerts: their own histogram)."""
    OUTBOUND.labels(row.channel, "sent").inc()
    waited = max((sent_at - row.created_at).total_seconds(), 0.0)
    SEND_DELAY.labels(row.kind).observe(waited)
    if row.kind.startswith("alert"):
        ALERT_LATENCY.observe(waited)
