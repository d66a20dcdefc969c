"""pytest fixtures for the fakes; import them into a conftest.py to use them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.telegram import FakeTelegram
from tests.fakes.twilio import FakeTwilio


@pytest.fixture
def fake_telegram() -> Iterator[FakeTelegram]:
    """A fresh Bot API fake on loopback for one test."""
    with FakeTelegram() as fake:
        yield fake


@pytest.fixture
def fake_twilio() -> Iterator[FakeTwilio]:
    """A fresh Twilio REST fake on loopback for one test."""
    with FakeTwilio() as fake:
        yield fake


@pytest.fixture
def telegram(fake_telegram: FakeTelegram) -> FakeTelegram:
    """The Bot API fake by its short name (tests/bot overrides it with the channel client)."""
    return fake_telegram


@pytest.fixture
def twilio(fake_twilio: FakeTwilio) -> FakeTwilio:
    """The Twilio REST fake by its short name."""
    return fake_twilio
