"""A chat's due messages leave together: one claim leases them in order and they are sent one
after another; after a failure the rest are put back untried, behind the failed one, their
attempt not counted; an edit of a message sent just before in the same claim edits it."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import sessionmaker

from backend.core.messages import Channel, OutboundMessage
from backend.core.models import OutboxMessage, OutboxStatus
from backend.core.outbox import enqueue
from bot.errors import SendError
from bot.outbox import PER_CHAT, OutboxSender

NOW = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)


def queue(sessions: sessionmaker, recipient: str, text: str,
          edit_of: int | None = None) -> int:
    key = f"chats:{recipient}:{text}"
    with sessions() as session, session.begin():
        enqueue(session, OutboundMessage(channel=Channel.TELEGRAM, recipient=recipient,
                                         text=text, edit_of=edit_of),
                dedupe_key=key, kind="reply", now=NOW)
        return session.scalar(select(OutboxMessage.id).where(OutboxMessage.dedupe_key == key))


def rows(sessions: sessionmaker, recipient: str) -> list[OutboxMessage]:
    with sessions() as session:
        return list(session.scalars(select(OutboxMessage)
                                    .where(OutboxMessage.recipient == recipient)
                                    .order_by(OutboxMessage.id)))


def clear(sessions: sessionmaker) -> None:
    with sessions() as session, session.begin():
        session.execute(update(OutboxMessage).values(status=OutboxStatus.SENT))


def test_a_chats_replies_go_out_in_order_from_one_claim(engine: Engine) -> None:
    sessions = sessionmaker(bind=engine, expire_on_commit=False)
    clear(sessions)
    sent: list[str] = []

    async def telegram(message: OutboundMessage) -> str:
        await asyncio.sleep(0.01 * (3 - len(sent)))  # the first answer is the slowest
        sent.append(message.text or "")
        return str(len(sent))

    texts = [f"balasan {n}" for n in range(1, PER_CHAT + 2)]
    for text in texts:
        queue(sessions, "chats-1", text)
    outbox = OutboxSender(sessions, {Channel.TELEGRAM: telegram}, clock=lambda: NOW)
    assert asyncio.run(outbox.send_due()) == PER_CHAT  # one claim, one chat, in order
    assert sent == texts[:PER_CHAT]
    assert asyncio.run(outbox.send_due()) == 1 and sent == texts
    assert {row.status for row in rows(sessions, "chats-1")} == {OutboxStatus.SENT}


def test_after_a_failure_the_rest_wait_behind_it_untried(engine: Engine) -> None:
    sessions = sessionmaker(bind=engine, expire_on_commit=False)
    clear(sessions)
    sent: list[str] = []
    failing = [True]

    async def telegram(message: OutboundMessage) -> str:
        if failing[0] and message.text == "pertama":
            raise SendError("telegram: HTTP 502")
        sent.append(message.text or "")
        return str(len(sent))

    for text in ("pertama", "kedua", "ketiga"):
        queue(sessions, "chats-2", text)
    clock = [NOW]
    outbox = OutboxSender(sessions, {Channel.TELEGRAM: telegram}, clock=lambda: clock[0])
    assert asyncio.run(outbox.send_due()) == 3  # one failed, two put back untried
    assert sent == []
    first, second, third = rows(sessions, "chats-2")
    assert first.attempts == 1 and first.next_attempt_at.replace(tzinfo=UTC) > NOW
    assert (second.attempts, third.attempts) == (0, 0)
    assert second.leased_by is None and second.status == OutboxStatus.PENDING
    assert asyncio.run(outbox.send_due()) == 0 and sent == []  # still behind the first
    failing[0], clock[0] = False, NOW + timedelta(minutes=1)
    assert asyncio.run(outbox.send_due()) == 3
    assert sent == ["pertama", "kedua", "ketiga"]


def test_an_edit_of_a_message_sent_just_before_in_the_claim_edits_it(engine: Engine) -> None:
    sessions = sessionmaker(bind=engine, expire_on_commit=False)
    clear(sessions)
    calls: list[tuple[str, str | None]] = []

    async def telegram(message: OutboundMessage) -> str:
        calls.append((message.text or "", message.edit_message_id))
        return "tg-41" if message.edit_message_id is None else message.edit_message_id

    original = queue(sessions, "chats-3", "status: baru")
    queue(sessions, "chats-3", "status: diterima", edit_of=original)
    outbox = OutboxSender(sessions, {Channel.TELEGRAM: telegram}, clock=lambda: NOW)
    assert asyncio.run(outbox.send_due()) == 2
    assert calls == [("status: baru", None), ("status: diterima", "tg-41")]
