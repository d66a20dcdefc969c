"""Several worker processes share one PostgreSQL inbox and outbox: every message is handled
once, each chat's messages in order, and each chat's replies leave in order."""

from __future__ import annotations

import asyncio
import threading
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from backend.app.web import create_app
from backend.core.config import Settings
from backend.core.models import Conversation, InboundRecord, InboundStatus, OutboxMessage
from dialogs.state import DialogState
from tests.fakes.telegram import FakeTelegram
from tests.support.app import Clock, app_settings

SECRET = "rahasia-antrian-uji"  # noqa: S105
KIA = ["mau bikin KIA", "12-03-2023", "Citra Lestari", "lewati", "1801041203230007",
       "Sari Lestari", "081234567890"]
CITIZENS = [990100 + number for number in range(10)]


@pytest.fixture(scope="module", params=["postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
           catalog) -> Iterator[Engine]:  # type: ignore[no-untyped-def]
    """Sharing the queue is what PostgreSQL row locks are for (SQLite runs one processor)."""
    from tests.support.databases import migrated_engine

    engine = migrated_engine(request.param, tmp_path_factory.mktemp("pg"), request, catalog)
    yield engine
    engine.dispose()


def worker_app(engine: Engine, settings: Settings, tmp_path: Path, clock: Clock,
               telegram: FakeTelegram) -> FastAPI:
    """One "process": an app of its own (its own NLU client, channels and outbox sender)."""
    configured = app_settings(settings, tmp_path, telegram=settings.telegram.model_copy(
        update={"token": telegram.token, "api_base": telegram.api_base,
                "webhook_secret": SECRET}))
    return create_app(configured, engine=engine, clock=clock, run_background=False,
                      migrate=False)


def side_by_side(*jobs) -> None:  # type: ignore[no-untyped-def]
    """Run each coroutine function on an event loop and thread of its own, all at once."""
    errors: list[BaseException] = []

    def run(job) -> None:  # type: ignore[no-untyped-def]
        try:
            asyncio.run(job())
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors


def test_two_workers_handle_every_message_once_and_in_order_per_chat(
        engine: Engine, settings: Settings, tmp_path: Path, clock: Clock,
        fake_telegram: FakeTelegram) -> None:
    telegram = fake_telegram
    first = worker_app(engine, settings, tmp_path, clock, telegram)
    second = worker_app(engine, settings, tmp_path, clock, telegram)
    with TestClient(first) as client:
        for text in KIA:  # every citizen's whole intake is queued before anyone works on it
            for chat in CITIZENS:
                response = client.post("/webhooks/telegram",
                                       json=telegram.text_update(chat, text),
                                       headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})
                assert response.status_code == 200
    processors = [app.state.workers.processor for app in (first, second)]
    handled: list[int] = []

    def drain_with(processor):  # type: ignore[no-untyped-def]
        async def job() -> None:
            handled.append(await processor.process_pending(limit=1000))
        return job

    side_by_side(*(drain_with(p) for p in processors))
    assert sum(handled) == len(CITIZENS) * len(KIA)
    assert all(count > 0 for count in handled), handled  # both workers took a share
    senders = [str(chat) for chat in CITIZENS]
    with first.state.sessions() as session:
        statuses = session.execute(select(InboundRecord.status, func.count())
                                   .where(InboundRecord.sender.in_(senders))
                                   .group_by(InboundRecord.status)).all()
        assert dict(statuses) == {InboundStatus.PROCESSED: len(CITIZENS) * len(KIA)}
        states = [DialogState.model_validate(c.state) for c in session.scalars(
            select(Conversation).where(Conversation.external_id.in_(senders)))]
    # Out of order, a name would have been offered as a birth date and re-asked: every
    # citizen's intake holds the same answers, in the fields they belong to.
    assert len(states) == len(CITIZENS)
    answers = [state.answers for state in states]
    assert all(a == answers[0] for a in answers), answers
    assert "Citra Lestari" in answers[0].values() and "1801041203230007" in answers[0].values()

    outboxes = [app.state.workers.outbox for app in (first, second)]

    def send_with(outbox):  # type: ignore[no-untyped-def]
        async def job() -> None:
            for _ in range(200):
                if not await outbox.send_due() and not pending_replies(first):
                    break
            if outbox.channels is not None:
                await outbox.channels.close()
            if outbox.owner is not None:
                outbox.owner.close()  # this "process" ends: its lease lock with it
        return job

    side_by_side(*(send_with(o) for o in outboxes))
    sent_per_chat: dict[str, list[str]] = defaultdict(list)
    for call in telegram.sent("sendMessage"):
        sent_per_chat[str(call.params["chat_id"])].append(call.params["text"])
    with first.state.sessions() as session:
        rows = session.scalars(select(OutboxMessage).where(OutboxMessage.recipient.in_(senders))
                               .order_by(OutboxMessage.id)).all()
    expected: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        expected[row.recipient].append(row.body)
    assert {chat: sent_per_chat[chat] for chat in senders} == dict(expected)


def pending_replies(app: FastAPI) -> int:
    with app.state.sessions() as session:
        return session.scalar(select(func.count()).select_from(OutboxMessage)
                              .where(OutboxMessage.status == "pending")) or 0
