"""The outbox's alert lane: an alert leaves while a batch of routine messages is still on its
way, and a chat's messages are never sent twice or out of order by the two lanes."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import sessionmaker

from backend.core.messages import Channel, OutboundMessage
from backend.core.models import OutboxMessage, OutboxStatus
from backend.core.outbox import ALERT_PRIORITY, enqueue
from bot.outbox import OutboxSender

NOW = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)


def queue(sessions: sessionmaker, recipient: str, text: str, *, alert: bool = False) -> None:
    with sessions() as session, session.begin():
        enqueue(session, OutboundMessage(channel=Channel.TELEGRAM, recipient=recipient,
                                         text=text),
                dedupe_key=f"lanes:{recipient}:{text}", kind="alert" if alert else "reply",
                now=NOW, priority=ALERT_PRIORITY if alert else 5)


def test_an_alert_is_sent_while_routine_sends_are_still_in_flight(engine: Engine) -> None:
    sessions = sessionmaker(bind=engine, expire_on_commit=False)
    sent: list[tuple[str, str]] = []
    routine_may_finish = asyncio.Event()

    async def telegram(message: OutboundMessage) -> str:
        if message.recipient.startswith("lanes-citizen"):
            await routine_may_finish.wait()  # a slow platform answer
        sent.append((message.recipient, message.text or ""))
        return str(len(sent))

    outbox = OutboxSender(sessions, {Channel.TELEGRAM: telegram}, clock=lambda: NOW)
    for index in range(3):
        queue(sessions, f"lanes-citizen-{index}", "balasan 1")
        queue(sessions, f"lanes-citizen-{index}", "balasan 2")

    async def scenario() -> tuple[int, int, list[tuple[str, str]]]:
        routine = asyncio.create_task(outbox.send_due())
        await asyncio.sleep(0.2)  # the routine batch is claimed and waiting on the platform
        queue(sessions, "lanes-piket", "KEBAKARAN", alert=True)
        alerts = await asyncio.wait_for(outbox.send_due(urgent_only=True), timeout=5)
        while_routine_waits = list(sent)
        routine_may_finish.set()
        first_batch = await routine
        second_batch = await outbox.send_due()
        return alerts, first_batch + second_batch, while_routine_waits

    alerts, routine_sent, early = asyncio.run(scenario())
    assert alerts == 1 and early == [("lanes-piket", "KEBAKARAN")]
    assert routine_sent == 6
    for index in range(3):  # each chat: both replies, once each, in order
        chat = f"lanes-citizen-{index}"
        assert [text for recipient, text in sent if recipient == chat] == ["balasan 1",
                                                                           "balasan 2"]
    with sessions() as session:
        statuses = session.scalars(select(OutboxMessage.status)
                                   .where(OutboxMessage.dedupe_key.like("lanes:%"))).all()
    assert set(statuses) == {OutboxStatus.SENT} and len(statuses) == 7


def test_an_unreadable_row_fails_alone_and_the_batch_goes_out(engine: Engine) -> None:
    sessions = sessionmaker(bind=engine, expire_on_commit=False)
    sent: list[str] = []

    async def telegram(message: OutboundMessage) -> str:
        sent.append(message.recipient)
        return "1"

    with sessions() as session, session.begin():
        session.add(OutboxMessage(dedupe_key="lanes:unreadable", channel="telegram",
                                  recipient="lanes-broken", kind="reply", priority=5, body="?",
                                  payload=None, created_at=NOW, next_attempt_at=NOW))
    queue(sessions, "lanes-fine", "halo")
    outbox = OutboxSender(sessions, {Channel.TELEGRAM: telegram}, clock=lambda: NOW)
    assert asyncio.run(outbox.send_due()) == 2  # both handled: one sent, one failed
    assert sent == ["lanes-fine"]
    with sessions() as session:
        broken = session.scalar(select(OutboxMessage)
                                .where(OutboxMessage.dedupe_key == "lanes:unreadable"))
    assert broken.status == OutboxStatus.FAILED and "unreadable" in (broken.last_error or "")
