"""A dialog turn's replies are sent by the process that ran the turn, with no claim, when the
chat had nothing waiting to be sent; a chat with a message waiting gets its replies behind it;
a claim leaves a chat alone while one of its messages is leased; a process killed while sending
replies it was handed delays nobody (``bot.handover``)."""

from __future__ import annotations

import asyncio
import os
import signal
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import sessionmaker

from backend.app.web import create_app
from backend.core.config import Settings
from backend.core.messages import Channel, OutboundMessage
from backend.core.models import OutboxMessage, OutboxStatus
from backend.core.outbox import enqueue, outbox_row
from bot.handover import SENDERS, LoopHandOver, queue_leased
from bot.leases import LeaseOwner
from bot.outbox import (
    BLOCKED_RETRY,
    ORPHAN_SWEEP_SECONDS,
    SWEEP_WHILE_HANDING,
    Leased,
    OutboxSender,
)
from tests.fakes.telegram import FakeTelegram
from tests.support.app import app_settings
from tests.support.sending import ended, hanging_sender, recording_sender, send_within
from tests.support.waiting import eventually, texts_to

SECRET = "rahasia-serah-terima"  # noqa: S105
NOW = datetime(2026, 12, 4, 3, 0, tzinfo=UTC)


def outbox_rows(engine: Engine, recipient: str) -> list[OutboxMessage]:
    with sessionmaker(bind=engine, expire_on_commit=False)() as session:
        return list(session.scalars(select(OutboxMessage).where(
            OutboxMessage.recipient == recipient).order_by(OutboxMessage.id)))


def running_app(engine: Engine, settings: Settings, tmp_path: Path,
                telegram: FakeTelegram) -> tuple[TestClient, list[int]]:
    """The app with its background loops; the ids every outbox claim leased."""
    configured = app_settings(settings, tmp_path, telegram=settings.telegram.model_copy(
        update={"token": telegram.token, "api_base": telegram.api_base,
                "webhook_secret": SECRET}))
    app = create_app(configured, engine=engine, migrate=False)
    outbox: OutboxSender = app.state.workers.outbox
    claimed: list[int] = []
    claim = outbox._claim

    def recording_claim(limit: int, urgent_only: bool):  # type: ignore[no-untyped-def]
        chats = claim(limit, urgent_only)
        claimed.extend(row.id for rows in chats for row in rows)
        return chats

    outbox._claim = recording_claim  # type: ignore[method-assign]
    return TestClient(app), claimed


def post(client: TestClient, telegram: FakeTelegram, chat: int, text: str) -> None:
    response = client.post("/webhooks/telegram", json=telegram.text_update(chat, text),
                           headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})
    assert response.status_code == 200


def test_a_turns_replies_go_out_from_its_own_process_without_a_claim(
        engine: Engine, settings: Settings, tmp_path: Path,
        fake_telegram: FakeTelegram) -> None:
    chat = 992001
    client, claimed = running_app(engine, settings, tmp_path, fake_telegram)
    with client:
        post(client, fake_telegram, chat, "halo")  # first contact (PostgreSQL: claimed)
        assert eventually(lambda: texts_to(fake_telegram, chat)), "the citizen was answered"
        assert eventually(lambda: all(row.status == OutboxStatus.SENT
                                      for row in outbox_rows(engine, str(chat))))
        first = {row.id for row in outbox_rows(engine, str(chat))}
        post(client, fake_telegram, chat, "mau bikin KIA")
        assert eventually(lambda: len(outbox_rows(engine, str(chat))) > len(first) and all(
            row.status == OutboxStatus.SENT for row in outbox_rows(engine, str(chat))))
    rows = [row for row in outbox_rows(engine, str(chat)) if row.id not in first]
    assert texts_to(fake_telegram, chat)[-1] == rows[-1].body
    assert all(row.kind == "reply" and row.attempts == 1 for row in rows)
    assert not {row.id for row in rows} & set(claimed), "no claim leased the turn's replies"


def test_a_chat_with_a_message_waiting_gets_the_turns_replies_behind_it(
        engine: Engine, settings: Settings, tmp_path: Path,
        fake_telegram: FakeTelegram) -> None:
    chat = 992002
    sessions = sessionmaker(bind=engine, expire_on_commit=False)
    with sessions() as session, session.begin():  # a notice being retried shortly
        enqueue(session, OutboundMessage(channel=Channel.TELEGRAM, recipient=str(chat),
                                         text="Kabar permohonan Anda: sedang diverifikasi."),
                dedupe_key=f"handover:{chat}:notice", kind="notice",
                now=datetime.now(UTC) + timedelta(seconds=1.5))
    client, claimed = running_app(engine, settings, tmp_path, fake_telegram)
    with client:
        post(client, fake_telegram, chat, "halo")
        assert eventually(lambda: len(texts_to(fake_telegram, chat)) >= 2)
        rows = outbox_rows(engine, str(chat))
    texts = texts_to(fake_telegram, chat)
    assert texts[0].startswith("Kabar permohonan Anda"), "the waiting message went first"
    replies = [row.id for row in rows if row.kind == "reply"]
    assert replies and set(replies) <= set(claimed), "the replies were queued for a claim"


def test_a_claim_leaves_a_chat_alone_while_one_of_its_messages_is_leased(
        engine: Engine) -> None:
    sessions = sessionmaker(bind=engine, expire_on_commit=False)
    sent: list[str] = []

    async def telegram(message: OutboundMessage) -> str:
        sent.append(message.text or "")
        return str(len(sent))

    owner = LeaseOwner(engine)
    outbox = OutboxSender(sessions, {Channel.TELEGRAM: telegram}, clock=lambda: NOW,
                          owner=owner)
    with sessions() as session, session.begin():  # what earlier tests left is not ours
        session.execute(update(OutboxMessage).values(status=OutboxStatus.SENT))
    try:
        asyncio.run(outbox.send_due())  # a starting sender frees old leases (SQLite): done
        with sessions() as session, session.begin():
            enqueue(session, OutboundMessage(channel=Channel.TELEGRAM, recipient="ho-3",
                                             text="earlier"),
                    dedupe_key="handover:earlier", kind="notice", now=NOW)
            handed = queue_leased(session, [outbox_row(
                OutboundMessage(channel=Channel.TELEGRAM, recipient="ho-3", text="handed"),
                dedupe_key="handover:handed", kind="reply", now=NOW)],
                token=owner.acquire(), now=NOW)
        assert [row.dedupe_key for row in handed] == ["handover:handed"]
        assert asyncio.run(outbox.send_due()) == 0  # the chat is being sent to
        assert outbox.seconds_to_due() == pytest.approx(BLOCKED_RETRY.total_seconds())
        assert asyncio.run(outbox.send_handed([handed])) is True  # one waits behind it
        assert asyncio.run(outbox.send_due()) == 1
        assert sent == ["handed", "earlier"]
    finally:
        owner.close()


def test_while_handing_over_the_routine_lane_looks_for_dead_leases_every_second(
        engine: Engine) -> None:
    sessions = sessionmaker(bind=engine, expire_on_commit=False)
    clock = [NOW]

    async def telegram(message: OutboundMessage) -> str:
        return "1"

    owner = LeaseOwner(engine)
    outbox = OutboxSender(sessions, {Channel.TELEGRAM: telegram}, clock=lambda: clock[0],
                          owner=owner)
    with sessions() as session, session.begin():  # what earlier tests left is not ours
        session.execute(update(OutboxMessage).values(status=OutboxStatus.SENT))
    try:
        asyncio.run(outbox.send_due())
        assert outbox.seconds_to_due() is None  # nothing seen, nothing handed: sleep
        with sessions() as session, session.begin():
            handed = queue_leased(session, [outbox_row(
                OutboundMessage(channel=Channel.TELEGRAM, recipient="ho-4", text="handed"),
                dedupe_key="handover:sweep", kind="reply", now=NOW)],
                token=owner.acquire(), now=NOW)
        assert asyncio.run(outbox.send_handed([handed])) is False
        due = outbox.seconds_to_due()
        assert due is not None and due <= ORPHAN_SWEEP_SECONDS
        clock[0] = NOW + SWEEP_WHILE_HANDING + timedelta(seconds=1)
        assert outbox.seconds_to_due() is None  # quiet again: no polling
    finally:
        owner.close()


# A process that ran a turn and hangs sending the replies it was handed.
HANGING_HAND_OVER = textwrap.dedent("""
    import asyncio, sys
    from datetime import datetime
    from sqlalchemy import create_engine
    from sqlalchemy.orm import sessionmaker
    from backend.core.messages import Channel, OutboundMessage
    from backend.core.outbox import outbox_row
    from bot.handover import SENDERS, LoopHandOver, queue_leased
    from bot.leases import LeaseOwner
    from bot.outbox import OutboxSender

    engine = create_engine(sys.argv[1])
    now = datetime.fromisoformat(sys.argv[2])
    sessions = sessionmaker(bind=engine)

    async def platform(message):
        print("sending", message.recipient, flush=True)
        await asyncio.sleep(3600)

    owner = LeaseOwner(engine)
    sender = OutboxSender(sessions, {Channel.TELEGRAM: platform}, clock=lambda: now,
                          owner=owner)
    with sessions() as session, session.begin():
        rows = queue_leased(session, [outbox_row(
            OutboundMessage(channel=Channel.TELEGRAM, recipient="ho-killed", text="balasan"),
            dedupe_key="handover:killed", kind="reply", now=now)],
            token=owner.acquire(), now=now)
    asyncio.run(sender.send_handed([rows]))
""")


def test_a_process_killed_while_sending_handed_replies_delays_nobody(engine: Engine) -> None:
    process = hanging_sender(engine, HANGING_HAND_OVER, NOW)
    os.kill(process.pid, signal.SIGKILL)
    ended(process)
    sent: list[str] = []
    survivor = recording_sender(engine, sent, NOW + timedelta(seconds=1))
    try:
        assert asyncio.run(send_within(survivor, 3.0)) == 1  # not after the 60 s lease
    finally:
        assert survivor.owner is not None
        survivor.owner.close()
    assert sent == ["ho-killed"]


class HeldSender:
    """Stands in for the outbox: every batch handed to it waits until ``release``."""

    owner = None

    def __init__(self) -> None:
        self.batches: list[list[str]] = []
        self.released = asyncio.Event()

    async def send_handed(self, chats: list[list[Leased]]) -> bool:
        self.batches.append([rows[0].dedupe_key for rows in chats])
        await self.released.wait()
        return False


def test_replies_handed_over_while_others_are_on_their_way_leave_together() -> None:
    def handed(key: str) -> list[Leased]:
        return [Leased(id=1, channel="telegram", kind="reply", dedupe_key=key, payload={},
                       created_at=NOW)]

    async def scenario() -> list[list[str]]:
        sender = HeldSender()
        hand_over = LoopHandOver(sender, wake_lane=lambda: None)  # type: ignore[arg-type]
        hand_over.loop = asyncio.get_running_loop()
        for number in range(SENDERS + 3):  # turns committing one after another
            hand_over.send(handed(f"chat-{number}"), received_at=NOW)
            await asyncio.sleep(0.01)
        sender.released.set()
        await hand_over.finish()
        return sender.batches

    batches = asyncio.run(scenario())
    assert batches[:SENDERS] == [[f"chat-{number}"] for number in range(SENDERS)]  # at once
    assert batches[SENDERS:] == [[f"chat-{number}" for number in range(SENDERS, SENDERS + 3)]]


class FailingSender:
    """Stands in for the outbox: the first batch's outcome cannot be recorded."""

    owner = None

    def __init__(self) -> None:
        self.batches = 0

    async def send_handed(self, chats: list[list[Leased]]) -> bool:
        self.batches += 1
        if self.batches == 1:
            raise OSError("database gone")
        return False


def test_a_handed_send_whose_outcome_is_lost_wakes_the_lane_and_later_ones_still_go() -> None:
    woken: list[bool] = []
    row = [Leased(id=1, channel="telegram", kind="reply", dedupe_key="lost", payload={},
                  created_at=NOW)]

    async def scenario() -> int:
        sender = FailingSender()
        hand_over = LoopHandOver(sender, wake_lane=lambda: woken.append(True))  # type: ignore[arg-type]
        hand_over.loop = asyncio.get_running_loop()
        hand_over.send(row, received_at=NOW)
        await asyncio.sleep(0.01)
        hand_over.send(row, received_at=NOW)
        await hand_over.finish()
        return sender.batches

    assert asyncio.run(scenario()) == 2
    assert woken == [True]  # the lane looks again (the lease ends, the reply goes again)
