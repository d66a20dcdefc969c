"""Flood control per sender: a flood is slowed but never lost, emergencies never wait."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select

from backend.core.models import InboundRecord, InboundStatus
from bot.inbox import URGENT
from bot.ratelimit import FLOOD_BURST, FloodControl
from tests.fakes.telegram import FakeTelegram
from tests.support.app import Clock, at, drain
from tests.support.channels import SECRET

NOW = at("2026-11-24 09:00")
FIRE = "tolong ada kebakaran rumah di desa Natar"


def test_a_burst_passes_then_each_extra_message_waits_one_step_longer() -> None:
    flood = FloodControl(burst=20, window_seconds=60)
    dues = [flood.due_at("telegram", "1", now=NOW) for _ in range(25)]
    assert dues[:20] == [NOW] * 20
    assert [(d - NOW).total_seconds() for d in dues[20:]] == [3, 6, 9, 12, 15]


def test_other_senders_and_urgent_messages_are_never_delayed() -> None:
    flood = FloodControl(burst=5, window_seconds=60)
    for _ in range(50):
        flood.due_at("telegram", "flooder", now=NOW)
    assert flood.due_at("telegram", "flooder", now=NOW, urgent=True) == NOW
    assert flood.due_at("telegram", "neighbour", now=NOW) == NOW
    assert flood.due_at("whatsapp", "flooder", now=NOW) == NOW  # another channel's sender


def test_the_bucket_refills_and_a_senders_order_is_kept() -> None:
    flood = FloodControl(burst=2, window_seconds=60)  # one message per 30 s
    first = [flood.due_at("web", "s", now=NOW) for _ in range(4)]
    assert first == [NOW, NOW, NOW + timedelta(seconds=30), NOW + timedelta(seconds=60)]
    later = NOW + timedelta(seconds=45)  # 1.5 tokens back, but two messages still wait
    assert flood.due_at("web", "s", now=later) >= first[-1]
    rested = NOW + timedelta(hours=1)
    assert flood.due_at("web", "s", now=rested) == rested


def test_delays_are_capped_and_debt_is_bounded() -> None:
    flood = FloodControl(burst=1, window_seconds=10, max_delay_seconds=60)
    dues = [flood.due_at("web", "s", now=NOW) for _ in range(1000)]
    assert max(dues) == NOW + timedelta(seconds=60)
    assert flood.due_at("web", "s", now=NOW + timedelta(seconds=130)) == NOW + timedelta(
        seconds=130)


def test_memory_is_bounded_and_idle_senders_are_evicted() -> None:
    flood = FloodControl(burst=3, window_seconds=60, max_senders=100)
    for sender in range(1000):
        flood.due_at("web", str(sender), now=NOW)
    assert len(flood) == 100
    flood.due_at("web", "late", now=NOW + timedelta(hours=1))
    assert len(flood) == 1  # everyone else had refilled: forgotten


def test_a_replayed_delivery_gives_its_token_back() -> None:
    flood = FloodControl(burst=1, window_seconds=60)
    assert flood.due_at("web", "s", now=NOW) == NOW
    flood.forgive("web", "s")
    assert flood.due_at("web", "s", now=NOW) == NOW


def _records(client: TestClient, sender: int) -> list[InboundRecord]:
    with client.app.state.sessions() as session:
        return list(session.scalars(select(InboundRecord).where(
            InboundRecord.sender == str(sender)).order_by(InboundRecord.id)))


def _post(client: TestClient, update: dict) -> None:
    response = client.post("/webhooks/telegram", json=update,
                           headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})
    assert response.status_code == 200 and response.json()["duplicate"] is False


def test_a_flood_over_the_webhook_is_stored_slowed_and_never_delays_a_fire(
        client: TestClient, telegram: FakeTelegram, clock: Clock, sender: int) -> None:
    neighbour = sender + 500_000
    for index in range(100):
        _post(client, telegram.text_update(sender, f"halo pesan nomor {index}"))
        if index == 60:
            _post(client, telegram.text_update(sender, FIRE))
            _post(client, telegram.text_update(neighbour, "mau bikin KIA"))
    flood = _records(client, sender)
    assert len(flood) == 101  # every message stored (and acknowledged above)
    fire = next(r for r in flood if r.payload["text"] == FIRE)
    routine = [r for r in flood if r is not fire]
    assert fire.priority == URGENT and fire.next_attempt_at == clock.now
    dues = [r.next_attempt_at for r in routine]
    assert dues[:FLOOD_BURST] == [clock.now] * FLOOD_BURST
    assert all(a < b for a, b in zip(dues[FLOOD_BURST - 1:], dues[FLOOD_BURST:], strict=False))
    assert _records(client, neighbour)[0].next_attempt_at == clock.now

    drain(client)  # now: the burst, the fire report and the neighbour; the flood waits
    assert _records(client, neighbour)[0].status == InboundStatus.PROCESSED
    statuses = [r.status for r in _records(client, sender)]
    assert statuses.count(InboundStatus.PROCESSED) == FLOOD_BURST + 1
    assert next(r for r in _records(client, sender) if r.id == fire.id).status == "processed"

    clock.advance(seconds=(max(dues) - clock.now).total_seconds())
    drain(client)
    assert {r.status for r in _records(client, sender)} == {InboundStatus.PROCESSED}
