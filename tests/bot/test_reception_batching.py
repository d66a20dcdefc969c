"""Webhooks arriving together are stored together: every message once, in a few transactions,
a duplicate reported as such, fire reports pre-alerted, and one bad message refused alone."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, event, func, select
from sqlalchemy.orm import sessionmaker

import bot.reception as reception_module
from backend.core.config import Settings
from backend.core.messages import Channel, InboundMessage
from backend.core.models import InboundRecord, OutboxMessage
from bot.alerts.desk import AlertDesk
from bot.inbox import IntentOf
from bot.reception import Reception
from bot.spool import Spool
from nlu.fallback import urgent_intent

NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
GROUP = "-100777"


def message(number: int, text: str = "halo") -> InboundMessage:
    return InboundMessage(channel=Channel.TELEGRAM, platform_id=f"batch-{number}",
                          sender=str(880000 + number), text=text)


@pytest.fixture
def reception(engine: Engine, settings: Settings, workflow, tmp_path) -> Reception:  # type: ignore[no-untyped-def]
    alerts = settings.alerts.model_copy(update={"damkar": settings.alerts.damkar.model_copy(
        update={"telegram_chat_ids": [GROUP]})})
    desk = AlertDesk(alerts, workflow, workflow.calendar.zone)
    woken: list[bool] = []
    received = Reception(sessionmaker(bind=engine, expire_on_commit=False), lambda: NOW, desk,
                         woken.append, Spool(tmp_path / "spool"), intent_of=urgent_intent)
    received.woken = woken  # type: ignore[attr-defined]
    yield received
    received.close()


def commits_during(engine: Engine, job) -> int:  # type: ignore[no-untyped-def]
    counted = [0]

    def count(_connection) -> None:  # type: ignore[no-untyped-def]
        counted[0] += 1

    event.listen(engine, "commit", count)
    try:
        job()
    finally:
        event.remove(engine, "commit", count)
    return counted[0]


async def submit_all(reception: Reception, messages: list[InboundMessage]) -> list:
    return await asyncio.gather(*(reception.submit(m) for m in messages),
                                return_exceptions=True)


def test_a_burst_is_stored_once_each_in_fewer_transactions_than_messages(
        reception: Reception, engine: Engine) -> None:
    first = 60_000 if engine.dialect.name == "postgresql" else 61_000
    burst = [message(first + n) for n in range(40)]
    burst += [message(first + n, "TOLONG ADA KEBAKARAN DI PASAR KALIANDA") for n in range(40, 45)]
    burst.append(message(first))  # the platform delivered one update twice
    results: list = []
    commits = commits_during(engine, lambda: results.extend(
        asyncio.run(submit_all(reception, burst))))
    assert results == [True] * 45 + [False]
    assert commits < 20, commits
    with sessionmaker(bind=engine)() as session:
        ids = [m.platform_id for m in burst]
        stored = session.scalar(select(func.count()).select_from(InboundRecord)
                                .where(InboundRecord.platform_id.in_(ids)))
        prealerts = session.scalars(select(OutboxMessage.recipient).where(
            OutboxMessage.dedupe_key.like("prealert:%"), OutboxMessage.kind == "alert",
            OutboxMessage.body.like("%KEBAKARAN DI PASAR%"))).all()
    assert stored == 45
    assert prealerts.count(GROUP) >= 5
    assert True in reception.woken  # type: ignore[attr-defined]


def test_one_bad_message_is_refused_alone(reception: Reception, engine: Engine,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    real = reception_module.emergency_kind

    def breaks_on_poison(incoming: InboundMessage, intent_of: IntentOf) -> str | None:
        if incoming.text == "racun":
            raise ValueError("this message cannot be read")
        return real(incoming, intent_of)

    monkeypatch.setattr(reception_module, "emergency_kind", breaks_on_poison)
    first = 62_000 if engine.dialect.name == "postgresql" else 63_000
    burst = [message(first + n) for n in range(10)] + [message(first + 10, "racun")]
    results = asyncio.run(submit_all(reception, burst))
    assert results[:10] == [True] * 10
    assert isinstance(results[10], ValueError)
    with sessionmaker(bind=engine)() as session:
        stored = set(session.scalars(select(InboundRecord.platform_id).where(
            InboundRecord.platform_id.in_([m.platform_id for m in burst]))))
    assert stored == {m.platform_id for m in burst[:10]}


def test_each_text_is_classified_once_for_ranking_and_pre_alert(reception: Reception) -> None:
    asked: list[str] = []

    def counting(text: str) -> str | None:
        asked.append(text)
        return urgent_intent(text)

    reception.intent_of = counting
    fire, chat = "tolong ada kebakaran di gudang beras", "halo selamat siang"
    stored = reception.accept_many([message(901, fire), message(902, chat)])
    assert stored == [True, True]
    assert sorted(asked) == sorted([fire, chat])  # not once for the rank, again for the alert
    with reception.sessions() as session:
        alerted = session.scalar(select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.dedupe_key.like(f"prealert:%:{GROUP}"), OutboxMessage.body.like(
                "%gudang beras%")))
    assert alerted == 1
