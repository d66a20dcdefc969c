"""What every fault scenario shares: its outcome (checks, figures, notes), the options, and
``Stack``: PostgreSQL, Redis, the fakes and ``halo serve`` for one scenario."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from citizens import Citizens, ReplyTracker
from exactly_once import Check, integrity, wait_drained
from load_run import LoadRun
from servers import AppServer, PostgresCluster, RedisServer, workers_supported

from tests.fakes.telegram import FakeTelegram
from tests.fakes.twilio import FakeTwilio

SCENARIOS = {"a": "kill -9 a worker and the web process mid-load", "b": "Rasa stopped and back",
             "c": "Redis stopped and back", "d": "PostgreSQL restart",
             "e": "Telegram 429 and 500 for a while"}
KIA_HEAVY = {"greeting": 10, "syarat": 10, "status": 10, "pbb": 15, "kia": 55}


@dataclass
class Outcome:
    key: str
    name: str
    checks: list[Check] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    error: str | None = None

    @property
    def passed(self) -> bool:
        return self.error is None and bool(self.checks) and all(c.ok for c in self.checks)

    def check(self, name: str, ok: bool, detail: str) -> None:
        self.checks.append(Check(name, bool(ok), detail))

    def failures(self) -> list[str]:
        found = [f"{c.name}: {c.detail}" for c in self.checks if not c.ok]
        return found + ([f"error: {self.error}"] if self.error else [])


@dataclass
class Options:
    scale: float = 1.0  # citizens and durations (the pytest run uses less)
    rasa: str = "auto"  # auto | fake | real
    verbose: bool = True


def log(message: str) -> None:
    print(f"  [{datetime.now().strftime('%H:%M:%S')}] {message}", flush=True)


# --- the stack -------------------------------------------------------------------------------


class Stack:
    """PostgreSQL + (Redis) + fakes + ``halo serve`` for one scenario."""

    def __init__(self, *, workers: int = 2, redis: bool = False,
                 nlu_url: str = "http://127.0.0.1:9",
                 extra_env: dict[str, str] | None = None) -> None:
        self.supported = workers_supported()
        self.workers = workers if self.supported else 1
        self.cluster = PostgresCluster()
        self.redis = RedisServer() if redis else None
        self.telegram, self.twilio = FakeTelegram(), FakeTwilio()
        self.nlu_url = nlu_url
        self.extra_env = extra_env or {}
        self.app: AppServer | None = None
        self.tracker: ReplyTracker | None = None
        self.citizens: Citizens | None = None

    async def __aenter__(self) -> Stack:
        self.telegram.start()
        self.twilio.start()
        await asyncio.to_thread(self._start_servers)
        self.tracker = ReplyTracker(asyncio.get_running_loop())
        self.tracker.attach(self.telegram, self.twilio)
        assert self.app is not None
        self.citizens = Citizens(self.app.base, self.telegram, self.twilio, post_timeout=10,
                                 telegram_deadline=120)
        return self

    def _start_servers(self) -> None:
        self.cluster.start()
        self.cluster.create_database()
        if self.redis is not None:
            self.redis.start()
        self.app = AppServer(database_url=self.cluster.url, telegram=self.telegram,
                             twilio=self.twilio, workers=self.workers,
                             redis_url=self.redis.url if self.redis else "",
                             nlu_url=self.nlu_url, extra_env=self.extra_env)
        self.app.migrate()
        self.app.start()

    async def __aexit__(self, *exc_info: object) -> None:
        if self.citizens is not None:
            await self.citizens.close()
        await asyncio.to_thread(self._stop_servers)

    def _stop_servers(self) -> None:
        if self.app is not None:
            self.app.stop()
        self.telegram.stop()
        self.twilio.stop()
        if self.redis is not None:
            self.redis.stop()
        self.cluster.remove()

    def load(self, **options: Any) -> LoadRun:
        assert self.citizens is not None and self.tracker is not None
        defaults = {"think": 0.15, "reply_timeout": 40.0, "fire_share": 0.05,
                    "second_session": 0.0, "mix": KIA_HEAVY}
        return LoadRun(self.citizens, self.tracker, **{**defaults, **options})

    async def converse(self, key: tuple[str, str], text: str, timeout: float = 20.0
                       ) -> tuple[str, float | None]:
        """One message from ``key`` (``("telegram", chat)`` or ``("whatsapp", number)``):
        (status of the webhook, seconds until the reply or None)."""
        assert self.citizens is not None and self.tracker is not None
        seen = self.tracker.count(key)
        if key[0] == "telegram":
            posted = await self.citizens.send_telegram(
                self.telegram.text_update(int(key[1]), text), retry=False)
        else:
            posted = await self.citizens.send_whatsapp(self.twilio.incoming_form(
                text, from_=key[1]))
        if not posted.acked:
            return posted.statuses[-1], None
        arrived = await self.tracker.wait_beyond(key, seen, timeout)
        return posted.statuses[-1], None if arrived is None else arrived - posted.started

    async def drained_integrity(self, outcome: Outcome, timeout: float = 150.0,
                                kia: int | None = None) -> None:
        assert self.app is not None
        drained, pending = await asyncio.to_thread(wait_drained, self.cluster, timeout,
                                                   self.app.alive)
        code = self.app.process.returncode if self.app.process is not None else None
        outcome.check("app still running", self.app.alive(), "yes" if self.app.alive() else
                      f"halo serve exited ({code}): {self.app.first_error()}")
        outcome.check("queues drained", drained, f"pending after drain wait: {pending}")
        assert self.citizens is not None
        checks, figures = await asyncio.to_thread(integrity, self.cluster, self.citizens.acked,
                                                  self.telegram, self.twilio, kia_citizens=kia)
        outcome.checks += checks
        outcome.figures.update(figures)


async def metric_sum(app: AppServer, name: str, *labels: str) -> float | None:
    """Sum of the /metrics samples of ``name`` whose labels contain every ``labels`` fragment
    (e.g. ``'source="fallback"'``); None when there is no /metrics or no such metric."""
    response = await asyncio.to_thread(app.get, "/metrics")
    if response is None or response.status_code != 200:
        return None
    total, found = 0.0, False
    for line in response.text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        metric = line.split("{", 1)[0].split(" ", 1)[0]
        if metric == name and all(label in line for label in labels):
            with contextlib.suppress(ValueError):
                total += float(line.rsplit(" ", 1)[1])
                found = True
    return total if found else None


async def readyz(app: AppServer) -> tuple[int | None, str]:
    response = await asyncio.to_thread(app.get, "/readyz", 5)
    if response is None:
        return None, "no answer"
    return response.status_code, response.text[:200]
