"""An idle loop sleeps until what it saw becomes due, not a fixed short interval: the outbox
lanes read it from their claim window, the inbox from its earliest pending message, the
escalation from the open incidents."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, event, update
from sqlalchemy.orm import sessionmaker

from backend.core.incident_reports import open_incident
from backend.core.messages import Channel, InboundMessage, OutboundMessage
from backend.core.models import InboundRecord, OutboxMessage
from backend.core.models.alerts import Incident
from backend.core.outbox import ALERT_PRIORITY, enqueue
from backend.core.policies import DAMKAR_UNIT, FIRE_SERVICE
from bot.alerts.timers import next_check
from bot.inbox import store_inbound
from bot.inbox_claim import InboxQueue
from bot.outbox import BLOCKED_RETRY, OutboxSender
from bot.pipeline import BLOCKED_WAIT, InboxProcessor, Services

NOW = datetime(2026, 12, 3, 5, 0, tzinfo=UTC)


def queue(sessions: sessionmaker, key: str, *, recipient: str = "hint-1", after: float = 0.0,
          alert: bool = False) -> None:
    with sessions() as session, session.begin():
        enqueue(session, OutboundMessage(channel=Channel.TELEGRAM, recipient=recipient,
                                         text=key), dedupe_key=key, kind="reply",
                now=NOW + timedelta(seconds=after),
                priority=ALERT_PRIORITY if alert else 5)


def clear_outbox(sessions: sessionmaker) -> None:
    with sessions() as session, session.begin():
        session.execute(update(OutboxMessage).values(status="sent"))


def test_an_outbox_lane_sleeps_until_its_next_message_is_due(engine: Engine) -> None:
    sessions = sessionmaker(bind=engine, expire_on_commit=False)
    clear_outbox(sessions)
    sent: list[str] = []

    async def telegram(message: OutboundMessage) -> str:
        sent.append(message.text or "")
        return str(len(sent))

    outbox = OutboxSender(sessions, {Channel.TELEGRAM: telegram}, clock=lambda: NOW)
    assert asyncio.run(outbox.send_due()) == 0
    assert outbox.seconds_to_due() is None  # nothing pending: sleep until woken

    queue(sessions, "hint:later", after=7.5)  # e.g. a retry after backoff
    assert asyncio.run(outbox.send_due()) == 0
    assert outbox.seconds_to_due() == pytest.approx(7.5)
    assert outbox.seconds_to_due(urgent_only=True) is None  # the alert lane saw nothing yet

    queue(sessions, "hint:alert-later", recipient="piket", after=3.0, alert=True)
    assert asyncio.run(outbox.send_due(urgent_only=True)) == 0
    assert outbox.seconds_to_due(urgent_only=True) == pytest.approx(3.0)
    clear_outbox(sessions)


def test_a_message_behind_its_chats_previous_one_is_looked_at_again_soon(
        engine: Engine) -> None:
    sessions = sessionmaker(bind=engine, expire_on_commit=False)
    clear_outbox(sessions)
    queue(sessions, "hint:first", recipient="hint-2", after=60)  # leased by a send in flight
    queue(sessions, "hint:second", recipient="hint-2")  # due, but must wait for the first

    async def never(message: OutboundMessage) -> str:
        raise AssertionError("nothing is due to be sent")

    outbox = OutboxSender(sessions, {Channel.TELEGRAM: never}, clock=lambda: NOW)
    assert asyncio.run(outbox.send_due()) == 0
    assert outbox.seconds_to_due() == pytest.approx(BLOCKED_RETRY.total_seconds())
    clear_outbox(sessions)


def test_the_inbox_sleeps_until_its_earliest_pending_message(engine: Engine) -> None:
    sessions = sessionmaker(bind=engine, expire_on_commit=False)
    with sessions() as session, session.begin():
        session.execute(update(InboundRecord).values(status="processed"))
    clock = [NOW]
    services = Services(workflow=None, understander=None, pbb=None, channels=None,
                        clock=lambda: clock[0])
    processor = InboxProcessor(sessions, services)
    assert processor.seconds_to_due() is None

    with sessions() as session, session.begin():
        row = store_inbound(session, InboundMessage(channel=Channel.TELEGRAM, platform_id="h1",
                                                    sender="hint-3", text="halo"),
                            now=NOW, intent_of=lambda text: "greet")
        session.execute(update(InboundRecord).where(InboundRecord.id == row)
                        .values(next_attempt_at=NOW + timedelta(seconds=12)))  # slowed down
    assert processor.seconds_to_due() == pytest.approx(12)
    clock[0] = NOW + timedelta(seconds=30)  # due now, yet not claimed (another turn holds it)
    assert processor.seconds_to_due() == BLOCKED_WAIT
    with sessions() as session, session.begin():
        session.execute(update(InboundRecord).values(status="processed"))


def test_the_escalation_sleeps_until_an_open_incident_is_due(engine: Engine,
                                                             workflow) -> None:  # type: ignore[no-untyped-def]
    """Nothing open: no due time (the loop sleeps until an incident is opened); else the
    earliest of an unanswered incident's next escalation and an untold report's delivery
    timeout."""
    sessions = sessionmaker(bind=engine, expire_on_commit=False)
    timeout = timedelta(seconds=20)
    with engine.connect() as connection:
        assert next_check(connection, NOW, timeout) is None
    with sessions() as session, session.begin():
        unanswered = open_incident(DAMKAR_UNIT, "fire", None, NOW, timedelta(seconds=60))
        case = workflow.open_case(session, service_code=FIRE_SERVICE,
                                  fields={"place": "Pasar Kalianda"}, now=NOW)
        untold = open_incident(DAMKAR_UNIT, "fire", case.id, NOW - timedelta(seconds=5),
                               timedelta(seconds=600))
        session.add_all([unanswered, untold])
    with engine.connect() as connection:
        assert next_check(connection, NOW, timeout) == NOW + timedelta(seconds=15)
    with sessions() as session, session.begin():
        session.execute(update(Incident).where(Incident.id == untold.id)
                        .values(delivered_at=NOW, delivered_via="telegram"))
        session.execute(update(Incident).where(Incident.id == unanswered.id)
                        .values(next_escalation_at=NOW + timedelta(seconds=90)))
    with engine.connect() as connection:
        assert next_check(connection, NOW, timeout) == NOW + timedelta(seconds=90)
    with sessions() as session, session.begin():
        session.execute(update(Incident).values(acknowledged_at=NOW, next_escalation_at=None))
    with engine.connect() as connection:
        assert next_check(connection, NOW, timeout) is None


def test_an_empty_claim_tells_the_loop_how_long_to_sleep_without_another_read(
        engine: Engine) -> None:
    """PostgreSQL: the claim that finds nothing also read when the earliest pending message
    is due, so the loop's ``seconds_to_due`` right after costs no statement."""
    sessions = sessionmaker(bind=engine, expire_on_commit=False)
    with sessions() as session, session.begin():
        session.execute(update(InboundRecord).values(status="processed"))
        row = store_inbound(session, InboundMessage(channel=Channel.TELEGRAM, platform_id="h2",
                                                    sender="hint-4", text="halo"),
                            now=NOW, intent_of=lambda text: "greet")
        session.execute(update(InboundRecord).where(InboundRecord.id == row)
                        .values(next_attempt_at=NOW + timedelta(seconds=9)))  # slowed down
    services = Services(workflow=None, understander=None, pbb=None, channels=None,
                        clock=lambda: NOW)
    processor = InboxProcessor(sessions, services)
    assert asyncio.run(processor.process_round()) is False  # nothing due now
    statements: list[str] = []

    def executed(_connection, _cursor, statement, *_rest) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", executed)
    try:
        assert processor.seconds_to_due() == pytest.approx(9)
    finally:
        event.remove(engine, "before_cursor_execute", executed)
    read_with_claim = engine.dialect.name == "postgresql"
    assert (statements == []) is read_with_claim
    assert processor.seconds_to_due() == pytest.approx(9)  # asked again: read now
    with sessions() as session, session.begin():
        session.execute(update(InboundRecord).values(status="processed"))
    assert asyncio.run(processor.process_round()) is False
    assert processor.seconds_to_due() is None  # the empty claim saw nothing pending


def test_a_claim_tells_whether_another_message_is_due_so_a_lone_one_costs_one_claim(
        engine: Engine) -> None:
    """PostgreSQL: the claim reads when the next message other than the one it took is due;
    a round that took a lone message ends without a claim that finds nothing, one that saw
    another due goes on."""
    sessions = sessionmaker(bind=engine, expire_on_commit=False)
    queue = InboxQueue(engine)
    with sessions() as session, session.begin():
        session.execute(update(InboundRecord).values(status="processed"))
        for number, delay in ((1, 0.0), (2, 0.0), (3, 30.0)):
            row = store_inbound(session, InboundMessage(
                channel=Channel.TELEGRAM, platform_id=f"lone-{number}",
                sender=f"lone-{number}", text="halo"), now=NOW, intent_of=lambda text: "greet")
            session.execute(update(InboundRecord).where(InboundRecord.id == row)
                            .values(next_attempt_at=NOW + timedelta(seconds=delay)))

    def claim_and_handle() -> bool:
        with sessions() as session, session.begin():
            claimed = queue.claim(session, NOW)
            assert claimed is not None
            session.execute(update(InboundRecord).where(InboundRecord.id == claimed.id)
                            .values(status="processed"))
        return queue.more_due(NOW)

    assert claim_and_handle() is True  # the second is due too
    if engine.dialect.name != "postgresql":
        assert claim_and_handle() is True  # SQLite: not read with the claim, so look again
        return
    assert claim_and_handle() is False  # only the slowed-down one is left, due later
    assert queue.earliest_due() == NOW + timedelta(seconds=30)  # read with the claim
