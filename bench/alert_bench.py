"""Alert latency under load: N concurrent fire reports through the Telegram webhook while
routine chat traffic runs alongside; prints the time from the webhook request to the piket
group's alert arriving at the fake Bot API (p50/p95/p99).

    .venv/bin/python bench/alert_bench.py --reports 50 --routine-rate 200 --workers 2

Loopback only: the app runs as ``halo serve --workers N`` on a throwaway PostgreSQL cluster
(``--db sqlite``: one process on SQLite), the fake Telegram Bot API and Twilio in this process.
Routine traffic is offered at a fixed rate whatever the app answers (open loop), from 500
citizens. Bounded by --seconds. Writes bench/results/alert-latest.md.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import re
import time
from pathlib import Path

import aiohttp
from harness import GROUP, HEADERS, percentile
from processes import cpu_seconds
from servers import AppServer, PostgresCluster

from tests.fakes.telegram import FakeTelegram
from tests.fakes.twilio import FakeTwilio

TOKEN = re.compile(r"#r(\d+)")
RESULTS = Path(__file__).resolve().parent / "results"
ROUTINE_TEXTS = ["halo", "cek status permohonan saya", "syarat bikin kk", "menu",
                 "mau bikin kia anak"]


class AlertClock:
    """When each report's first alert reached the piket group (on the fake's thread)."""

    def __init__(self) -> None:
        self.arrived: dict[int, float] = {}

    def __call__(self, call) -> None:  # type: ignore[no-untyped-def]
        if call.endpoint != "sendMessage" or not call.ok:
            return
        if str(call.params.get("chat_id")) != GROUP:
            return
        for match in TOKEN.finditer(str(call.params.get("text") or "")):
            self.arrived.setdefault(int(match.group(1)), time.perf_counter())


async def routine(session: aiohttp.ClientSession, base: str, fake: FakeTelegram, rate: float,
                  stop: asyncio.Event, counts: dict[str, int]) -> None:
    """Citizens asking ordinary things at ``rate`` messages per second (open loop)."""
    chats = itertools.cycle(range(700_000, 700_500))
    texts = itertools.cycle(ROUTINE_TEXTS)
    pending: set[asyncio.Task] = set()

    async def post(update: dict) -> None:
        try:
            async with session.post(f"{base}/webhooks/telegram", json=update,
                                    headers=HEADERS) as response:
                await response.read()
                counts["routine_ok" if response.status == 200 else "routine_errors"] += 1
        except (aiohttp.ClientError, TimeoutError):
            counts["routine_errors"] += 1

    next_at = time.perf_counter()
    while rate > 0 and not stop.is_set():
        task = asyncio.create_task(post(fake.text_update(next(chats), next(texts))))
        pending.add(task)
        task.add_done_callback(pending.discard)
        counts["routine"] += 1
        next_at += 1 / rate
        await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
    await asyncio.gather(*pending, return_exceptions=True)


async def measure(app: AppServer, fake: FakeTelegram, reports: int, rate: float,
                  seconds: float) -> dict:
    clock = AlertClock()
    fake.subscribe(clock)
    counts = {"routine": 0, "routine_ok": 0, "routine_errors": 0}
    posted: dict[int, float] = {}
    acknowledged: dict[int, float] = {}
    stop = asyncio.Event()
    connector = aiohttp.TCPConnector(limit=400)
    async with aiohttp.ClientSession(connector=connector,
                                     timeout=aiohttp.ClientTimeout(total=30)) as session:
        background = asyncio.create_task(routine(session, app.base, fake, rate, stop, counts))
        await asyncio.sleep(min(5.0, seconds / 3))  # routine traffic is flowing
        cpu_before, started = cpu_seconds(app.pid), time.perf_counter()

        async def report(index: int) -> None:
            posted[index] = time.perf_counter()
            update = fake.text_update(950_000 + index,
                                      f"TOLONG ADA KEBAKARAN DI PASAR KALIANDA #r{index}")
            async with session.post(f"{app.base}/webhooks/telegram", json=update,
                                    headers=HEADERS) as response:
                await response.read()
            acknowledged[index] = time.perf_counter()

        await asyncio.gather(*(report(i) for i in range(reports)))
        deadline = time.perf_counter() + seconds
        while len(clock.arrived) < reports and time.perf_counter() < deadline:
            await asyncio.sleep(0.05)
        await asyncio.sleep(max(0.0, 3.0 - (time.perf_counter() - started)))
        stop.set()
        await background
        elapsed = time.perf_counter() - started
        app_cpu = cpu_seconds(app.pid) - cpu_before
        metrics = app.get("/metrics")
    in_app = _alert_histogram(metrics.text if metrics is not None else "")
    acks = [(acknowledged[i] - posted[i]) * 1000 for i in acknowledged]
    latencies = [(clock.arrived[i] - posted[i]) * 1000 for i in posted if i in clock.arrived]
    return {"reports": reports, "alerts": len(latencies), "missed": reports - len(latencies),
            "routine_rate": rate, "routine_posted": counts["routine"],
            "routine_ok": counts["routine_ok"], "routine_errors": counts["routine_errors"],
            "app_cpu_share": round(app_cpu / elapsed, 2),
            "webhook_ack_ms": {name: round(percentile(acks, share)) if acks else None
                               for name, share in (("p50", .5), ("p99", .99))},
            "in_app_alert_queue_to_sent": in_app,
            "alert_ms": {name: round(percentile(latencies, share)) if latencies else None
                         for name, share in (("p50", .5), ("p95", .95), ("p99", .99),
                                             ("max", 1.0))}}


def _alert_histogram(text: str) -> dict[str, float]:
    """The app's own view: alerts sent within 0.25 / 0.5 / 1 s of being queued (share)."""
    buckets = {match.group(1): float(match.group(2)) for match in re.finditer(
        r'halo_alert_latency_seconds_bucket\{le="([^"]+)"\} ([0-9.e+]+)', text)}
    total = buckets.get("+Inf") or 0.0
    return {f"within_{le}s": round(buckets.get(le, 0.0) / total, 3) if total else 0.0
            for le in ("0.25", "0.5", "1.0")}


def report_text(result: dict, command: str) -> str:
    ms = result["alert_ms"]
    return (f"`{command}`\n\n"
            f"- fire reports: {result['reports']}, alerts at the piket group: "
            f"{result['alerts']}, missed: {result['missed']}\n"
            f"- routine messages alongside: {result['routine_posted']} offered at "
            f"{result['routine_rate']:.0f}/s, {result['routine_ok']} acknowledged, "
            f"{result['routine_errors']} failed requests\n"
            f"- alert latency ms (webhook request → group sendMessage): p50 {ms['p50']}   "
            f"p95 {ms['p95']}   p99 {ms['p99']}   max {ms['max']}\n"
            f"- fire report webhook acknowledged ms: p50 {result['webhook_ack_ms']['p50']}   "
            f"p99 {result['webhook_ack_ms']['p99']}\n"
            f"- in the app, alerts sent after being queued: "
            f"{result['in_app_alert_queue_to_sent']}\n"
            f"- app CPU (cores busy, all workers): {result['app_cpu_share']}\n")


async def run(arguments: argparse.Namespace) -> dict:
    cluster = PostgresCluster() if arguments.db == "postgresql" else None
    folder = Path(__import__("tempfile").mkdtemp(prefix="halo-alert-bench-"))
    with FakeTelegram() as telegram, FakeTwilio() as twilio:
        if cluster is not None:
            cluster.start()
            cluster.create_database()
        url = cluster.url if cluster is not None else f"sqlite:///{folder / 'bench.db'}"
        app = AppServer(database_url=url, telegram=telegram, twilio=twilio,
                        workers=arguments.workers)
        try:
            app.migrate()
            app.start(timeout=300)
            await asyncio.sleep(2)  # every worker is up, not only the first
            return await measure(app, telegram, arguments.reports, arguments.routine_rate,
                                 arguments.seconds)
        finally:
            app.stop()
            if cluster is not None:
                cluster.stop()
                cluster.remove()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=50)
    parser.add_argument("--routine-rate", type=float, default=200.0)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--db", choices=["postgresql", "sqlite"], default="postgresql")
    arguments = parser.parse_args()
    if arguments.db == "sqlite":
        arguments.workers = 1
    result = asyncio.run(run(arguments))
    command = ("bench/alert_bench.py --reports {reports} --routine-rate {routine_rate:.0f} "
               "--workers {workers} --db {db}").format(**vars(arguments))
    text = report_text(result, command)
    print(text)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "alert-latest.md").write_text(text, encoding="utf-8")
    (RESULTS / "alert-latest.json").write_text(json.dumps({**result, "command": command},
                                                          indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
