"""Drive N simulated citizens through KIA intakes over the Telegram webhook; print throughput
and reply latency (webhook POST → the bot's sendMessage arriving at the fake Bot API).

    .venv/bin/python bench/chat_bench.py --citizens 50

Everything runs on loopback: the app (uvicorn, one process, background workers), a throwaway
SQLite database (or HALO_DATABASE_URL), and the fake Telegram Bot API from tests/fakes.
Bounded: stops after --max-seconds whatever happens.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from backend.app.web import create_app  # noqa: E402
from backend.core.config import Settings  # noqa: E402
from tests.fakes.telegram import FakeTelegram  # noqa: E402

SECRET = "bench-secret"  # noqa: S105
SCRIPT = ["halo", "mau bikin KIA", "12-03-2023", "Citra Lestari", "lewati", "1801041203230007",
          "Sari Lestari", "081234567890"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


class Bench:
    def __init__(self, fake: FakeTelegram, base_url: str) -> None:
        self.fake = fake
        self.base_url = base_url
        self.latencies: list[float] = []
        self.errors = 0

    def _replies_to(self, chat: int) -> int:
        return sum(1 for c in self.fake.calls("sendMessage")
                   if str(c.params.get("chat_id")) == str(chat) and c.status == 200)

    async def citizen(self, client: httpx.AsyncClient, chat: int, deadline: float) -> None:
        for text in SCRIPT:
            seen = self._replies_to(chat)
            started = time.perf_counter()
            response = await client.post(
                "/webhooks/telegram", json=self.fake.text_update(chat, text),
                headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})
            if response.status_code != 200:
                self.errors += 1
                return
            while self._replies_to(chat) <= seen:
                if time.perf_counter() > deadline:
                    self.errors += 1
                    return
                await asyncio.sleep(0.005)
            self.latencies.append(time.perf_counter() - started)


async def run(citizens: int, max_seconds: float) -> None:
    folder = Path(tempfile.mkdtemp(prefix="halo-bench-"))
    with FakeTelegram() as fake:
        settings = Settings(
            environment="test",
            database_url=os.environ.get("HALO_DATABASE_URL", f"sqlite:///{folder / 'bench.db'}"),
            nlu={"url": os.environ.get("HALO_NLU__URL", "http://127.0.0.1:9"),
                 "timeout_ms": 300},
            telegram={"token": fake.token, "api_base": fake.api_base, "webhook_secret": SECRET},
            storage={"root": str(folder / "media")},
            log_level="WARNING",
        )
        port = _free_port()
        app = create_app(settings, migrate=True)
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                               log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            await asyncio.sleep(0.05)
        bench = Bench(fake, f"http://127.0.0.1:{port}")
        deadline = time.perf_counter() + max_seconds
        started = time.perf_counter()
        async with httpx.AsyncClient(base_url=bench.base_url, timeout=30) as client:
            await asyncio.gather(*(bench.citizen(client, 900_000 + i, deadline)
                                   for i in range(citizens)))
        elapsed = time.perf_counter() - started
        server.should_exit = True
        thread.join(timeout=10)
    messages = len(bench.latencies)
    print(f"citizens: {citizens}   messages answered: {messages}   errors: {bench.errors}")
    print(f"elapsed: {elapsed:.1f} s   throughput: {messages / elapsed:.1f} messages/s")
    if bench.latencies:
        ms = [v * 1000 for v in bench.latencies]
        print(f"reply latency ms: p50 {_percentile(ms, 0.50):.0f}   p95 {_percentile(ms, 0.95):.0f}"
              f"   p99 {_percentile(ms, 0.99):.0f}   mean {statistics.mean(ms):.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, default=50)
    parser.add_argument("--max-seconds", type=float, default=120)
    arguments = parser.parse_args()
    asyncio.run(run(arguments.citizens, arguments.max_seconds))


if __name__ == "__main__":
    main()
