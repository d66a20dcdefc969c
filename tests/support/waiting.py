"""Waiting for what background loops do, and reading what reached the fake Bot API."""

from __future__ import annotations

import time
from collections.abc import Callable

from tests.fakes.telegram import FakeTelegram


def eventually(condition: Callable[[], object], timeout: float = 15) -> bool:
    """Whether ``condition()`` became true within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def texts_to(telegram: FakeTelegram, chat: int | str) -> list[str]:
    """The texts the bot sent to ``chat``, in order."""
    return [str(call.params.get("text")) for call in telegram.sent("sendMessage")
            if str(call.params.get("chat_id")) == str(chat)]
