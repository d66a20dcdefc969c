"""The app over both protocol fakes (a damkar roster loaded), and a citizen on each channel."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from backend.core.config import Settings
from tests.fakes.telegram import FakeTelegram
from tests.fakes.twilio import FakeTwilio
from tests.support.app import Clock
from tests.support.channels import client_with_piket
from tests.support.talk import CHANNELS, Talk

GROUP = -100778


@pytest.fixture
def client(engine: Engine, settings: Settings, tmp_path: Path, clock: Clock,
           telegram: FakeTelegram, twilio: FakeTwilio) -> Iterator[TestClient]:
    with client_with_piket(settings, tmp_path, engine, clock, telegram, twilio,
                           group=GROUP) as client:
        yield client


@pytest.fixture(params=CHANNELS)
def talk(request: pytest.FixtureRequest, client: TestClient, telegram: FakeTelegram,
         twilio: FakeTwilio, chat: int, phone: str) -> Talk:
    """A citizen of their own, on Telegram and again on WhatsApp."""
    return Talk(client, request.param, telegram, twilio, chat, phone)
