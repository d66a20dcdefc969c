"""Alert latency under load: N concurrent fire reports through the Telegram webhook while
routine chat traffic runs alongside; prints the time from the webhook request to the piket
group's alert arriving at the fake Bot API (p50/p95/p99).

    .venv/bin/python bench/alert_bench.py --reports 50 --routine-rate 200 --seconds 15

Loopback only: the app runs as ``halo serve`` (one process, SQLite unless HALO_DATABASE_URL
is set), the fake Telegram Bot API in this process. Bounded by --seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import re
import time

import httpx
from harness import HEADERS, FakeTelegram, percentile, serve

GROUP = "-100777"
TOKEN = re.compile(r"#r(\d+)")


async def routine(client: httpx.AsyncClient, fake: FakeTelegram, rate: float,
                  stop: asyncio.Event, counts: dict[str, int]) -> None:
    """Citizens asking ordinary things at ``rate`` messages per second."""
    chats = itertools.cycle(range(700_000, 700_500))
    texts = itertools.cycle(["halo", "cek status permohonan saya", "syarat bikin kk",
                             "menu", "mau bikin kia anak"])
    pending: set[asyncio.Task] = set()
    next_at = time.perf_counter()
    while rate > 0 and not stop.is_set():
        task = asyncio.create_task(client.post("/webhooks/telegram", headers=HEADERS,
                                               json=fake.text_update(next(chats), next(texts))))
        pending.add(task)
        task.add_done_callback(pending.discard)
        counts["routine"] += 1
        next_at += 1 / rate
        await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
    results = await asyncio.gather(*pending, return_exceptions=True)
    counts["routine_errors"] += sum(1 for r in results if isinstance(r, Exception))


async def watch(fake: FakeTelegram, arrived: dict[int, float], stop: asyncio.Event) -> None:
    """Record when each report's alert reaches the piket group."""
    seen = 0
    while not stop.is_set():
        calls = fake.calls("sendMessage")
        for call in calls[seen:]:
            if str(call.params.get("chat_id")) == GROUP:
                for match in TOKEN.finditer(call.params.get("text") or ""):
                    arrived.setdefault(int(match.group(1)), time.perf_counter())
        seen = len(calls)
        await asyncio.sleep(0.005)


async def run(reports: int, rate: float, seconds: float) -> None:
    with FakeTelegram() as fake, serve(fake, HALO_ALERTS__DAMKAR__TELEGRAM_CHAT_IDS=f'["{GROUP}"]'
                                       ) as base:
        counts = {"routine": 0, "routine_errors": 0}
        stop, done = asyncio.Event(), asyncio.Event()
        arrived: dict[int, float] = {}
        posted: dict[int, float] = {}
        async with httpx.AsyncClient(base_url=base, timeout=30,
                                     limits=httpx.Limits(max_connections=300)) as client:
            background = asyncio.create_task(routine(client, fake, rate, stop, counts))
            watcher = asyncio.create_task(watch(fake, arrived, done))
            await asyncio.sleep(min(3.0, seconds / 3))  # routine traffic is flowing

            async def report(index: int) -> None:
                posted[index] = time.perf_counter()
                await client.post("/webhooks/telegram", headers=HEADERS, json=fake.text_update(
                    950_000 + index, f"TOLONG ADA KEBAKARAN DI PASAR KALIANDA #r{index}"))

            await asyncio.gather(*(report(i) for i in range(reports)))
            deadline = time.perf_counter() + seconds
            while len(arrived) < reports and time.perf_counter() < deadline:
                await asyncio.sleep(0.05)
            stop.set()
            await background
            done.set()
            await watcher
    latencies = [(arrived[i] - posted[i]) * 1000 for i in posted if i in arrived]
    print(f"fire reports: {reports}   alerts at the piket group: {len(latencies)}   "
          f"missed: {reports - len(latencies)}")
    print(f"routine messages alongside: {counts['routine']} at {rate:.0f}/s target, "
          f"{counts['routine_errors']} failed requests")
    if latencies:
        print(f"alert latency ms (webhook request → group sendMessage): "
              f"p50 {percentile(latencies, .5):.0f}   p95 {percentile(latencies, .95):.0f}   "
              f"p99 {percentile(latencies, .99):.0f}   max {max(latencies):.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=50)
    parser.add_argument("--routine-rate", type=float, default=200.0)
    parser.add_argument("--seconds", type=float, default=20.0)
    arguments = parser.parse_args()
    asyncio.run(run(arguments.reports, arguments.routine_rate, arguments.seconds))


if __name__ == "__main__":
    main()
