"""Fixtures every test may use: a settable clock, a chat and a WhatsApp number of its own."""

from __future__ import annotations

import itertools

import pytest

from tests.support.app import Clock, at

CHATS = itertools.count(777001)


@pytest.fixture
def clock() -> Clock:
    return Clock(at("2026-11-24 09:00"))  # a Tuesday, within office and call-center hours


@pytest.fixture
def chat() -> int:
    """A Telegram chat of its own for each test (the database is shared by the module)."""
    return next(CHATS)


@pytest.fixture
def phone() -> str:
    return f"whatsapp:+628123{next(CHATS):06d}"
