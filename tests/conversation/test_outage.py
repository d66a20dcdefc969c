"""The database goes away: Telegram is told to redeliver (503), WhatsApp messages are kept in
the local spool and replayed once it is back; readiness says what failed; metrics count it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import sessionmaker

from backend.app.web import create_app
from backend.core.config import Settings
from backend.core.db import make_engine
from backend.core.models import InboundRecord, InboundStatus
from tests.fakes.telegram import FakeTelegram
from tests.fakes.twilio import FakeTwilio
from tests.support.app import Clock, drain
from tests.support.channels import PUBLIC_URL, SECRET, channel_settings

UNREACHABLE = "postgresql+psycopg://nobody@127.0.0.1:9/none"


@pytest.fixture
def client(engine: Engine, settings: Settings, tmp_path: Path, clock: Clock,
           telegram: FakeTelegram, twilio: FakeTwilio) -> Iterator[TestClient]:
    configured = channel_settings(settings, tmp_path, telegram, twilio).model_copy(
        update={"spool": settings.spool.model_copy(update={"dir": str(tmp_path / "spool")})})
    app = create_app(configured, engine=engine, clock=clock, run_background=False,
                     migrate=False)
    with TestClient(app) as client:
        yield client


def database_down(client: TestClient) -> sessionmaker:
    """Point the webhooks' storage at a server that is not there; returns the real one."""
    reception = client.app.state.reception
    working = reception.sessions
    reception.sessions = sessionmaker(bind=make_engine(UNREACHABLE))
    return working


def post_whatsapp(client: TestClient, twilio: FakeTwilio, form: dict[str, str]) -> int:
    params, headers = twilio.signed_post_params(f"{PUBLIC_URL}/webhooks/twilio/whatsapp", form)
    return client.post("/webhooks/twilio/whatsapp", data=params, headers=headers).status_code


def test_whatsapp_messages_are_spooled_while_the_database_is_down_then_replayed_once(
        client: TestClient, twilio: FakeTwilio, tmp_path: Path) -> None:
    sender = "whatsapp:+6281298760001"
    forms = [twilio.incoming_form(text, from_=sender) for text in ("halo", "menu")]
    working = database_down(client)
    assert [post_whatsapp(client, twilio, form) for form in forms] == [200, 200]
    assert post_whatsapp(client, twilio, forms[0]) == 200  # Twilio retried once: same file
    assert len(list((tmp_path / "spool").glob("*.json"))) == 2
    client.app.state.reception.sessions = working
    drain(client)
    assert list((tmp_path / "spool").glob("*.json")) == []
    with working() as session:
        records = session.scalars(select(InboundRecord)
                                  .where(InboundRecord.sender == sender)).all()
    assert sorted(r.platform_id for r in records) == sorted(f["MessageSid"] for f in forms)
    assert {r.status for r in records} == {InboundStatus.PROCESSED}
    replies = [c for c in twilio.sent() if c.params.get("To") == sender]
    assert len(replies) >= 2  # the greeting and the menu reached the citizen
    metrics = client.get("/metrics").text
    assert 'halo_inbound_messages_total{channel="whatsapp",outcome="spooled"}' in metrics
    assert 'halo_inbound_messages_total{channel="whatsapp",outcome="replayed"}' in metrics


def test_telegram_is_told_to_deliver_again_while_the_database_is_down(
        client: TestClient, telegram: FakeTelegram, tmp_path: Path) -> None:
    update = telegram.text_update(880001, "halo")
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    working = database_down(client)
    response = client.post("/webhooks/telegram", json=update, headers=headers)
    assert response.status_code == 503
    assert "again" in response.json()["detail"]
    assert not (tmp_path / "spool").exists() or not list((tmp_path / "spool").iterdir())
    client.app.state.reception.sessions = working
    assert client.post("/webhooks/telegram", json=update, headers=headers).status_code == 200
    drain(client)
    with working() as session:
        stored = session.scalar(select(func.count()).select_from(InboundRecord)
                                .where(InboundRecord.sender == "880001"))
    assert stored == 1


def test_readiness_names_the_database_when_it_is_down(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")  # no piket group here: fire alerts degraded (tests/console)
    assert ready.status_code == 200 and ready.json()["checks"]["database"] == "ok"
    client.app.state.engine = make_engine(UNREACHABLE)
    down = client.get("/readyz")
    assert down.status_code == 503
    assert down.json()["checks"]["database"].startswith("unavailable")
    assert client.get("/healthz").status_code == 200  # alive, just not ready


def test_metrics_count_turns_replies_and_their_latency(client: TestClient,
                                                       twilio: FakeTwilio) -> None:
    from prometheus_client import REGISTRY

    def sample(name: str, **labels: str) -> float:
        return REGISTRY.get_sample_value(name, labels or None) or 0.0

    before = (sample("halo_reply_latency_seconds_count"),
              sample("halo_inbound_processed_total", outcome="processed"),
              sample("halo_outbound_messages_total", channel="whatsapp", outcome="sent"))
    assert post_whatsapp(client, twilio, twilio.incoming_form(
        "halo", from_="whatsapp:+6281298760002")) == 200
    drain(client)
    after = (sample("halo_reply_latency_seconds_count"),
             sample("halo_inbound_processed_total", outcome="processed"),
             sample("halo_outbound_messages_total", channel="whatsapp", outcome="sent"))
    assert after[0] == before[0] + 1  # one first answer to one message
    assert after[1] == before[1] + 1
    assert after[2] > before[2]
    text = client.get("/metrics").text
    assert 'halo_queue_depth{queue="inbox"}' in text and "halo_nlu_parses_total" in text
