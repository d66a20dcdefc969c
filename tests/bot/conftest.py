"""Fixtures for the channel adapter tests: the protocol fakes and adapters on them."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from sqlalchemy import Engine

from bot.telegram import TelegramChannel
from bot.whatsapp import WhatsAppChannel
from tests.fakes.telegram import FakeTelegram
from tests.fakes.twilio import FakeTwilio
from tests.support.channels import TEMPLATE_SID


@pytest.fixture
async def telegram(fake_telegram: FakeTelegram) -> AsyncIterator[TelegramChannel]:
    channel = TelegramChannel(fake_telegram.token, fake_telegram.api_base, timeout=5)
    yield channel
    await channel.close()


@pytest.fixture
async def whatsapp(fake_twilio: FakeTwilio) -> AsyncIterator[WhatsAppChannel]:
    channel = WhatsAppChannel(
        fake_twilio.account_sid, fake_twilio.auth_token, fake_twilio.whatsapp_from,
        fake_twilio.api_base, "https://halo.example.id", template_content_sid=TEMPLATE_SID,
        timeout=5)
    yield channel
    await channel.close()


@pytest.fixture(scope="module")
def pg_engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
              catalog) -> Iterator[Engine]:  # type: ignore[no-untyped-def]
    """A migrated PostgreSQL database for what only PostgreSQL does (row locks, NOTIFY)."""
    from tests.support.databases import migrated_engine

    engine = migrated_engine("postgresql", tmp_path_factory.mktemp("pg"), request, catalog)
    yield engine
    engine.dispose()
