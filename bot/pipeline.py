"""Process stored inbound messages exactly once: media, dialog, replies into the outbox."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property

from sqlalchemy.orm import Session, object_session, sessionmaker

from backend.core.clock import Clock
from backend.core.config import HandoffSettings
from backend.core.logging import get_logger
from backend.core.media import MAX_BYTES, MediaRejected, store_media
from backend.core.messages import Channel, InboundMessage, OutboundMessage
from backend.core.metrics import PROCESSED
from backend.core.models import (
    ConversationMode,
    InboundRecord,
    InboundStatus,
)
from backend.core.outbox import enqueue
from backend.core.threads import UNTAGGED, Scope
from backend.core.workflow.engine import Workflow
from bot.alerts.desk import AlertDesk
from bot.channels import Channels
from bot.conversations import (
    chat_for,
    conversation_for,
    failed_scope,
    queue_replies,
    stored_keys,
)
from bot.errors import DownloadError
from bot.handoff_port import HandoffDesk, NoAgents
from bot.handover import HandOver
from bot.inbox_claim import (
    MARK_PROCESSED,
    MARK_PROCESSED_FILES,
    Claimed,
    InboxQueue,
    observe_turn,
)
from bot.outbox import Leased
from dialogs import threads
from dialogs.citizen_office import CitizenOffice
from dialogs.conversation import read_state, write_state
from dialogs.engine import DialogEngine
from dialogs.pbb.gateway import PbbGateway
from dialogs.ports import DialogContext, Reply, Understander
from dialogs.state import Flow
from dialogs.texts import t

log = get_logger(__name__)
DOWNLOAD_ATTEMPTS = 3
PROCESS_ATTEMPTS = 5
GIVE_WAY_STEP, GIVE_WAY_SECONDS = 0.002, 0.02  # a turn waits at most 20 ms for webhooks
BLOCKED_WAIT = 0.5  # seconds: a due message another turn holds back is tried again after


@dataclass
class Services:
    """What processing needs besides the database."""

    workflow: Workflow
    understander: Understander
    pbb: PbbGateway
    channels: Channels
    clock: Clock
    handoff: HandoffDesk = field(default_factory=NoAgents)
    alerts: AlertDesk | None = None
    ppa_services: frozenset[str] = field(
        default_factory=lambda: frozenset(HandoffSettings().ppa_services))


class InboxProcessor:
    """Turns pending inbound records into dialog turns and outbox rows."""

    def __init__(self, sessions: sessionmaker[Session], services: Services,
                 engine: DialogEngine | None = None, *,
                 webhooks_waiting: Callable[[], bool] = lambda: False) -> None:
        self.sessions = sessions
        self.services = services
        self.engine = engine or DialogEngine()
        self.webhooks_waiting = webhooks_waiting
        # A backlog (a second message due in one round): another loop of the process helps.
        self.on_backlog: Callable[[], None] = lambda: None
        # Where a turn's replies go to be sent by this process (None: queued for a claim).
        self.hand_over: HandOver | None = None

    @cached_property
    def _queue(self) -> InboxQueue:
        return InboxQueue(self.sessions.kw["bind"])

    def seconds_to_due(self) -> float | None:
        """How long until the next pending message is due (None: nothing pending). A message
        due now but not claimable (its chat's previous message is being handled, here or in
        another process) counts as due in half a second."""
        due = self._queue.earliest_due()
        if due is None:
            return None
        return max((due - self.services.clock()).total_seconds(), BLOCKED_WAIT)

    def _claim(self, session: Session, now: datetime) -> Claimed | None:
        """The next message to handle (``bot.inbox_claim``). On PostgreSQL the row stays
        locked until this transaction ends and rows locked by other workers are skipped, so
        several processes share the queue and a crashed worker's message is free at once."""
        return self._queue.claim(session, now)

    @property
    def _shared_queue(self) -> bool:
        """PostgreSQL: several workers and processes take turns; SQLite: one processor."""
        return self._queue.shared

    async def process_pending(self, limit: int = 50) -> int:
        """Handle due messages one at a time until none is left or ``limit`` were handled.
        Each claim re-reads the queue, so an emergency that arrives meanwhile goes next."""
        return (await self._process(limit))[0]

    async def process_round(self, limit: int = 50) -> bool:
        """One round of a worker loop (``process_pending``): True when more may be due now
        (it stopped at ``limit``); False when its last claim found the queue empty, so the
        loop sleeps at once instead of claiming again for nothing."""
        return (await self._process(limit))[1]

    async def _process(self, limit: int) -> tuple[int, bool]:
        """How many were handled, and whether the round stopped at ``limit``."""
        handled = 0
        for number in range(limit):
            await self._give_way()
            outcome = await self.process_next()
            if outcome is None:
                return handled, False
            if outcome:
                handled += 1
            if number == 1:  # more than one was due: a burst, not a lone message
                self.on_backlog()
            await asyncio.sleep(0)  # let the outbox send what this message produced
            if outcome and not self._another_due():
                return handled, False  # the claim saw nothing else due: no empty claim
        return handled, True

    def _another_due(self) -> bool:
        """Whether the latest claim saw another message due by now (``InboxQueue.more_due``)."""
        return self._queue.more_due(self.services.clock())

    async def _give_way(self) -> None:
        """While webhooks queue up in this process, pause (bounded) so that acknowledging them
        and raising their alerts comes before routine dialog turns: the messages are stored,
        the turns only wait."""
        waited = 0.0
        while self.webhooks_waiting() and waited < GIVE_WAY_SECONDS:
            await asyncio.sleep(GIVE_WAY_STEP)
            waited += GIVE_WAY_STEP

    async def process_next(self) -> bool | None:
        """Claim and handle one due message: None when nothing is due, False when it failed
        and was scheduled again, True when it was handled."""
        now = self.services.clock()
        if not self._shared_queue:
            return await self._process_unlocked(now)
        record_id: int | None = None
        try:
            with self.sessions() as session, session.begin(), session.no_autoflush:
                record = self._claim(session, now)
                if record is None:
                    return None
                record_id = record.id
                message, media_errors = await self._prepared(record)
                if message is None:
                    stored = session.get(InboundRecord, record_id)
                    assert stored is not None, "the claimed row is locked by this transaction"
                    self._schedule_retry(stored, "download failed", now)
                    return False
                handed = await self._turn(session, record, message, media_errors, now)
                received_at = record.received_at
        except Exception as error:  # never lose the message: retry, then apologise
            if record_id is None:
                raise  # the queue itself failed (database down): the loop logs and retries
            return self._failed(record_id, error)
        self._committed(handed, received_at, now)
        return True

    async def _process_unlocked(self, now: datetime) -> bool | None:
        """SQLite (one writer at a time): read the claim outside a transaction, create a new
        sender's conversation in a short one, and write the turn only at its end."""
        with self.sessions() as session:
            record = self._claim(session, now)
            if record is None:
                return None
            record_id = record.id
            try:
                message, media_errors = await self._prepared(record)
            except Exception as error:  # noqa: BLE001 - never lose the message
                return self._failed(record_id, error)
        if message is None:
            self._retry_later(record_id, "download failed")
            return False
        try:
            self._ensure_conversation(message, now)
            with self.sessions() as session, session.begin(), session.no_autoflush:
                record = session.get(InboundRecord, record_id)
                if record is None or record.status != InboundStatus.PENDING:
                    return False
                handed = await self._turn(session, record, message, media_errors, now)
                received_at = record.received_at
        except Exception as error:  # noqa: BLE001 - never lose the message: retry, apologise
            return self._failed(record_id, error)
        self._committed(handed, received_at, now)
        return True

    def _committed(self, handed: list[Leased], received_at: datetime, now: datetime) -> None:
        """A turn committed: count it, and send the replies it leased to this process."""
        observe_turn(received_at, now)
        if handed and self.hand_over is not None:
            self.hand_over.send(handed, received_at)

    def _failed(self, record_id: int, error: Exception) -> bool:
        """Log a failed turn (its kind only: no message text) and schedule it again."""
        log.exception("inbound_processing_failed", inbound_id=record_id,
                      error=type(error).__name__)
        self._retry_later(record_id, type(error).__name__)
        return False

    async def _prepared(self, record: Claimed
                        ) -> tuple[InboundMessage | None, list[str]]:
        """The message with its files fetched; (None, []) when a download should be retried."""
        message = InboundMessage.model_validate(record.payload)
        try:
            return await self._fetch_media(message)
        except DownloadError:
            if record.attempts + 1 < DOWNLOAD_ATTEMPTS:
                return None, []
            return message.model_copy(update={"media": []}), ["download_failed"]

    async def _fetch_media(self, message: InboundMessage) -> tuple[InboundMessage, list[str]]:
        """Download and store every file not stored yet; reasons for files refused."""
        errors: list[str] = []
        stored = []
        root = self.services.channels.storage_root
        for ref in message.media:
            if ref.storage_key:
                stored.append(ref)
                continue
            try:
                data = await self.services.channels.fetch(message.channel, ref)
                stored.append(store_media(data, root=root,
                                          max_bytes=MAX_BYTES[message.channel]).fill(ref))
            except MediaRejected as rejected:
                errors.append(rejected.reason)
            except DownloadError as failed:
                if not failed.permanent:
                    raise
                errors.append("too_large" if failed.too_large else "download_failed")
        return message.model_copy(update={"media": stored}), errors

    def _ensure_conversation(self, message: InboundMessage, now: datetime) -> None:
        """First contact creates the citizen in a short transaction of its own, so that the
        turn below writes only at its end (SQLite has one writer at a time)."""
        if (message.payload or "").startswith("inc:"):
            return
        with self.sessions() as session, session.begin():
            conversation_for(session, message, now)

    async def _turn(self, session: Session, record: Claimed | InboundRecord,
                    message: InboundMessage, media_errors: list[str], now: datetime
                    ) -> list[Leased]:
        """One dialog turn inside the caller's transaction; marks the record processed and
        tags it with the turn's thread (the same statement). Returns the replies leased to
        this process (``bot.handover``), to send once the transaction has committed."""
        scope, handed = await self._dialog_turn(session, record.id, message, media_errors, now)
        values = {"processed_id": record.id, "at": now, "thread": scope.thread, "ppa": scope.ppa}
        statement = MARK_PROCESSED
        if stored_keys(message):
            statement = MARK_PROCESSED_FILES
            values["stored_payload"] = message.model_dump(mode="json")
        session.connection().execute(statement, values)
        return handed

    async def _dialog_turn(self, session: Session, record_id: int, message: InboundMessage,
                           media_errors: list[str], now: datetime
                           ) -> tuple[Scope, list[Leased]]:
        """The bot's part of a turn: alert buttons, relay to an agent, or the dialog; returns
        the scope every message of the turn is tagged with, and the replies it leased."""
        if self._alert_button(session, message, now):
            return UNTAGGED, []
        conversation, outbox_waiting = chat_for(session, message, now)
        key = f"in:{record_id}"
        relayed: list[Reply] = []
        if conversation.mode != ConversationMode.BOT:
            conversation.last_inbound_at = now
            understander, text = self.services.understander, message.text or ""
            urgent = understander.urgent_kind(text) if text else None
            screened = bool(text) and understander.violence_signs(text).found
            outcome = self.services.handoff.relay(session, conversation, message,
                                                  inbound_id=record_id, now=now, urgent=urgent,
                                                  screened=screened)
            if not outcome.bot_turn:
                scope = outcome.scope or UNTAGGED
                queue_replies(session, conversation, outcome.replies, key=key, now=now,
                              scope=scope)
                return scope, []
            relayed = outcome.replies
        state = read_state(conversation)
        start = threads.start_turn(state)
        alerts = self.services.alerts
        office = CitizenOffice(session, self.services.workflow,
                               citizen_id=conversation.citizen_id,
                               channel=conversation.channel, now=now, language=state.language,
                               on_changed=alerts.on_case_changed if alerts else None,
                               thread=start.thread)
        local = now.astimezone(self.services.workflow.calendar.zone)  # what citizens read
        context = DialogContext(
            catalog=self.services.workflow.catalog, office=office,
            understander=self.services.understander, pbb=self.services.pbb, now=local,
            today=local.date(),
            sender_name=message.sender_name, media_errors=media_errors,
            outlook=self.services.handoff.outlook(now),
        )
        replies = relayed + await self.engine.handle(state, message, context)
        scope = threads.end_turn(start, state, ppa_services=self.services.ppa_services,
                                 opened_case=bool(office.opened),
                                 sensitive_keys=stored_keys(message))
        office.settle_thread(scope.thread)
        if state.emergency_sync and alerts is not None:
            synced = alerts.sync(session, conversation, state, now, inbound_id=record_id,
                                 thread=scope.thread)
            if synced and state.flow == Flow.EMERGENCY_DUP and replies:
                replies = replies[:-1]  # one question at a time: the next is asked after it
            replies += synced
        reason, state.handoff_request = state.handoff_request, None
        write_state(conversation, state)
        conversation.updated_at = conversation.last_inbound_at = now
        if reason:
            replies += self.services.handoff.request(session, conversation, reason=reason,
                                                     now=now, thread=scope.thread)
        lease = (self.hand_over.lease() if self.hand_over is not None and not outbox_waiting
                 else None)
        return scope, queue_replies(session, conversation, replies, key=key, now=now,
                                    scope=scope, lease=lease)

    def _alert_button(self, session: Session, message: InboundMessage, now: datetime) -> bool:
        """A crew member pressed a button on an alert (group chats are not conversations)."""
        alerts = self.services.alerts
        if alerts is None or not (message.payload or "").startswith("inc:"):
            return False
        return alerts.press(session, message, now)

    def _retry_later(self, record_id: int, reason: str) -> None:
        """Schedule the message again in a transaction of its own (the turn's was rolled back)."""
        now = self.services.clock()
        with self.sessions() as session, session.begin():
            record = session.get(InboundRecord, record_id)
            if record is not None and record.status == InboundStatus.PENDING:
                self._schedule_retry(record, reason, now)

    def _schedule_retry(self, record: InboundRecord, reason: str, now: datetime) -> None:
        """Back off 2, 4, 8 ... seconds; give up after ``PROCESS_ATTEMPTS``."""
        PROCESSED.labels("retry").inc()
        record.attempts += 1
        record.last_error = reason[:500]
        record.next_attempt_at = now + timedelta(seconds=2 ** record.attempts)
        if record.attempts >= PROCESS_ATTEMPTS:
            session = object_session(record)
            assert session is not None, "a scheduled record belongs to a session"
            self._give_up(session, record, now)

    def _give_up(self, session: Session, record: InboundRecord, now: datetime) -> None:
        """Out of retries: mark it failed (visible to officers), tell the citizen, and hand the
        chat to a person (handoff reason "bot_error")."""
        record.status = InboundStatus.FAILED
        conversation = conversation_for(session, InboundMessage.model_validate(record.payload),
                                        now)
        scope = failed_scope(conversation, self.services.ppa_services)
        record.thread, record.ppa = scope.thread, scope.ppa
        message = OutboundMessage(channel=Channel(record.channel), recipient=record.sender,
                                  text=t("error"))
        enqueue(session, message, dedupe_key=f"in:{record.id}:error", kind="error", now=now,
                scope=scope)
        if conversation.mode == ConversationMode.BOT:
            replies = self.services.handoff.request(session, conversation, reason="bot_error",
                                                    now=now, thread=scope.thread)
            queue_replies(session, conversation, replies, key=f"in:{record.id}:handoff", now=now,
                          scope=scope)
