"""Citizens on the platforms: ``Citizens`` posts Telegram updates and signed Twilio forms with
aiohttp, acting as Telegram (redelivery with backoff until 200) and Twilio (no redelivery);
``ReplyTracker`` counts the bot's replies per chat as the fakes answer them (no journal
scans), so a simulated citizen can wait for "the next reply"."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from harness import ALERT_TOKEN, GROUP, HEADERS, TELEGRAM_SENDS

from tests.fakes.server import Call
from tests.fakes.telegram import FakeTelegram
from tests.fakes.twilio import FakeTwilio


class ReplyTracker:
    """Counts successful sends per recipient and notes when each arrived (perf_counter, taken
    on the fake's thread). Alerts to the piket group carrying ``#r<n>`` tokens are timed too."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.arrivals: dict[tuple[str, str], list[float]] = defaultdict(list)
        self.texts: dict[tuple[str, str], list[str]] = defaultdict(list)  # beside arrivals
        self.alerts: dict[int, float] = {}
        self.edits = 0
        self.failed_sends: Counter[int] = Counter()
        self._events: dict[tuple[str, str], asyncio.Event] = {}

    def attach(self, telegram: FakeTelegram, twilio: FakeTwilio) -> None:
        telegram.subscribe(self._telegram)
        twilio.subscribe(self._twilio)

    def _telegram(self, call: Call) -> None:
        if call.endpoint == "editMessageText":
            self.edits += 1
            return
        if call.endpoint not in TELEGRAM_SENDS:
            return
        if not call.ok:
            self.failed_sends[call.status] += 1
            return
        key = ("telegram", str(call.params.get("chat_id")))
        tokens = ([int(m) for m in ALERT_TOKEN.findall(str(call.params.get("text") or ""))]
                  if key[1] == GROUP else [])
        self.loop.call_soon_threadsafe(self._arrived, key, time.perf_counter(), tokens,
                                       str(call.params.get("text") or ""))

    def _twilio(self, call: Call) -> None:
        if call.endpoint != "messages":
            return
        if not call.ok:
            self.failed_sends[call.status] += 1
            return
        key = ("whatsapp", str(call.params.get("To")))
        self.loop.call_soon_threadsafe(self._arrived, key, time.perf_counter(), [],
                                       str(call.params.get("Body") or ""))

    def _arrived(self, key: tuple[str, str], at: float, tokens: list[int], text: str) -> None:
        self.arrivals[key].append(at)
        self.texts[key].append(text)
        for token in tokens:
            self.alerts.setdefault(token, at)
        event = self._events.get(key)
        if event is not None:
            event.set()

    def count(self, key: tuple[str, str]) -> int:
        return len(self.arrivals.get(key, ()))

    async def wait_beyond(self, key: tuple[str, str], seen: int, timeout: float) -> float | None:
        """When reply number ``seen + 1`` to ``key`` arrived; None after ``timeout``."""
        deadline = time.perf_counter() + timeout
        while len(self.arrivals.get(key, ())) <= seen:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                return None
            event = self._events.setdefault(key, asyncio.Event())
            event.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), timeout=min(remaining, 1.0))
        self._events.pop(key, None)
        return self.arrivals[key][seen]

    async def wait_alert(self, token: int, timeout: float) -> float | None:
        deadline = time.perf_counter() + timeout
        while token not in self.alerts and time.perf_counter() < deadline:
            await asyncio.sleep(0.05)
        return self.alerts.get(token)


# --- citizens on the platforms ---------------------------------------------------------------


@dataclass
class Posted:
    """The outcome of delivering one update: acknowledged or not, and what happened on the way."""

    acked: bool
    started: float
    acked_at: float = 0.0
    attempts: int = 0
    statuses: list[str] = field(default_factory=list)


JPEG = (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
        + bytes(range(256)) * 8 + b"\xff\xd9")


class Citizens:
    """Sends citizens' messages to the app as Telegram and Twilio would, over aiohttp.

    Telegram redelivers an update until it gets a 2xx (here: with backoff, up to
    ``telegram_deadline`` seconds); Twilio does not redeliver. Acknowledged platform ids are
    kept per channel for the exactly-once checks.
    """

    def __init__(self, base: str, telegram: FakeTelegram, twilio: FakeTwilio, *,
                 post_timeout: float = 10.0, telegram_deadline: float = 120.0,
                 max_connections: int = 400) -> None:
        import aiohttp

        self.base = base
        self.telegram = telegram
        self.twilio = twilio
        self.post_timeout = post_timeout
        self.telegram_deadline = telegram_deadline
        self.session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=max_connections, force_close=False),
            timeout=aiohttp.ClientTimeout(total=post_timeout))
        self.acked: dict[str, set[str]] = {"telegram": set(), "whatsapp": set()}
        self.statuses: Counter[str] = Counter()
        self.redeliveries = 0
        self.posted = 0

    async def close(self) -> None:
        await self.session.close()

    def telegram_update(self, chat: int, step: tuple) -> dict[str, Any]:
        kind = step[0]
        if kind == "photo":
            file_id = self.telegram.add_file(JPEG)
            return self.telegram.photo_update(chat, file_id, len(JPEG))
        if kind == "location":
            return self.telegram.location_update(chat, step[1], step[2])
        return self.telegram.text_update(chat, step[1])

    def whatsapp_form(self, number: str, step: tuple) -> dict[str, str]:
        kind = step[0]
        sender = f"whatsapp:{number}"
        if kind == "photo":
            url = self.twilio.add_media(JPEG, "image/jpeg")
            return self.twilio.incoming_form("", from_=sender, media=[(url, "image/jpeg")])
        if kind == "location":
            return self.twilio.incoming_form("", from_=sender, latitude=step[1],
                                             longitude=step[2])
        return self.twilio.incoming_form(step[1], from_=sender)

    async def _post_once(self, path: str, **kwargs: Any) -> str:
        import aiohttp

        try:
            async with self.session.post(self.base + path, **kwargs) as response:
                await response.read()
                return str(response.status)
        except TimeoutError:
            return "timeout"
        except aiohttp.ClientError as error:
            return type(error).__name__

    async def send_telegram(self, update: dict[str, Any], retry: bool = True) -> Posted:
        """POST the update; redeliver (1, 2, 4 … 8 s apart) until 2xx or the deadline."""
        posted = Posted(acked=False, started=time.perf_counter())
        deadline = posted.started + self.telegram_deadline
        delay = 1.0
        while True:
            posted.attempts += 1
            self.posted += 1
            status = await self._post_once("/webhooks/telegram", json=update, headers=HEADERS)
            posted.statuses.append(status)
            self.statuses[status] += 1
            if status.startswith("2"):
                posted.acked, posted.acked_at = True, time.perf_counter()
                self.acked["telegram"].add(str(update["update_id"]))
                return posted
            if not retry or time.perf_counter() + delay > deadline:
                return posted
            self.redeliveries += 1
            await asyncio.sleep(delay)
            delay = min(delay * 2, 8.0)

    async def send_whatsapp(self, form: dict[str, str]) -> Posted:
        """POST the signed form once (Twilio does not redeliver an unanswered webhook)."""
        posted = Posted(acked=False, started=time.perf_counter(), attempts=1)
        url = self.base + "/webhooks/twilio/whatsapp"
        data, headers = self.twilio.signed_post_params(url, form)
        self.posted += 1
        status = await self._post_once("/webhooks/twilio/whatsapp", data=data, headers=headers)
        posted.statuses.append(status)
        self.statuses[status] += 1
        if status.startswith("2"):
            posted.acked, posted.acked_at = True, time.perf_counter()
            self.acked["whatsapp"].add(form["MessageSid"])
        return posted
