"""The app over both protocol fakes (a damkar roster loaded), and a citizen on each channel."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from backend.app.web import create_app
from backend.core.config import Settings
from backend.core.roster import MemberIn, RosterIn, load_roster
from tests.fakes.telegram import FakeTelegram
from tests.fakes.twilio import FakeTwilio
from tests.support.app import Clock
from tests.support.channels import channel_settings
from tests.support.talk import CHANNELS, Talk

GROUP = -100778


@pytest.fixture
def client(engine: Engine, settings: Settings, tmp_path: Path, clock: Clock,
           telegram: FakeTelegram, twilio: FakeTwilio) -> Iterator[TestClient]:
    app = create_app(channel_settings(settings, tmp_path, telegram, twilio), engine=engine,
                     clock=clock, run_background=False, migrate=False)
    with app.state.sessions() as session, session.begin():
        load_roster(session, RosterIn(
            unit="damkar", teams=["A"], anchor=date(2026, 11, 1), change_hour=8,
            group_chat_ids=[GROUP],
            members=[MemberIn(name="Budi", rank="petugas", team="A", telegram_user_id="502")]))
    with TestClient(app) as client:
        yield client


@pytest.fixture(params=CHANNELS)
def talk(request: pytest.FixtureRequest, client: TestClient, telegram: FakeTelegram,
         twilio: FakeTwilio, chat: int, phone: str) -> Talk:
    """A citizen of their own, on Telegram and again on WhatsApp."""
    return Talk(client, request.param, telegram, twilio, chat, phone)
