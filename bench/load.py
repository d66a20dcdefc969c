"""Load test: N simulated citizens on Telegram and WhatsApp against ``halo serve --workers N``.

    .venv/bin/python bench/load.py                      # 10,000 citizens, 300 s, 2 workers
    .venv/bin/python bench/load.py --citizens 2000 --seconds 120 --rate 50

Everything runs on loopback: a throwaway PostgreSQL cluster and redis-server (own temp folders,
free ports), the app (``halo serve``; ``--workers`` when the runtime has it), and in this process
the fake Telegram Bot API and Twilio REST API (tests/fakes) plus the citizens (aiohttp).

Each citizen arrives at a random time, runs one conversation (sometimes a second one later)
drawn from a realistic mix — greetings/menu, "syarat ..." questions, status checks, PBB checks
with a NOP, KIA intakes with every answer and four photos, and a small share of fire reports
with a shared location — and waits for the bot's reply (up to --reply-timeout) plus a think
time before each next message, so the offered load follows capacity; --rate caps the total
offered messages per second. Telegram updates that do not get a 2xx are redelivered with
backoff (as Telegram does); Twilio webhooks are not.

Prints and writes (bench/results/load-<timestamp>.json, bench/results/load-latest.md):
sustained inbound msg/s, reply latency p50/p95/p99 (webhook POST → the reply at the fake),
alert latency (fire report POST → the piket group's sendMessage), errors, PostgreSQL and Redis
load, and CPU seconds of the app, PostgreSQL, Redis, this generator and everything else.
Bounded: the run stops sending after --seconds and waits at most --reply-timeout more.
The citizens are in ``load_run.py``, the measurements in ``load_meters.py``, the summary and
report in ``load_report.py``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from citizens import Citizens, ReplyTracker  # noqa: E402
from harness import ROOT  # noqa: E402
from load_meters import Sampler, drain_report, processed_rate, read_meters  # noqa: E402
from load_report import render_markdown, summarize  # noqa: E402
from load_run import LoadRun  # noqa: E402
from servers import (  # noqa: E402
    AppServer,
    PostgresCluster,
    RedisServer,
    postgres_available,
    redis_available,
    workers_supported,
)

from tests.fakes.telegram import FakeTelegram  # noqa: E402
from tests.fakes.twilio import FakeTwilio  # noqa: E402

RESULTS = ROOT / "bench" / "results"


async def drive(args: argparse.Namespace) -> dict[str, Any]:
    supported = workers_supported()
    use_pg = args.db == "postgresql"
    workers = args.workers if (supported and use_pg) else 1
    cluster = PostgresCluster() if use_pg else None
    redis = RedisServer() if args.redis else None
    app = None
    loadavg = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    telegram, twilio = FakeTelegram(), FakeTwilio()
    telegram.journal.keep = twilio.journal.keep = False  # long runs: listeners only
    telegram.start()
    twilio.start()
    try:
        if cluster is not None:
            cluster.start()
            cluster.create_database()
        if redis is not None:
            redis.start()
        url = cluster.url if cluster else f"sqlite:///{Path(os.getcwd()) / 'var/load.db'}"
        app = AppServer(database_url=url, telegram=telegram, twilio=twilio, workers=workers,
                        redis_url=redis.url if redis else "", nlu_url=args.nlu_url)
        app.migrate()
        app.start()
        print(f"app at {app.base}: {workers} process(es)"
              f"{'' if supported else ' (--workers not in this runtime)'}; "
              f"database {'PostgreSQL :' + str(cluster.port) if cluster else 'SQLite'}; "
              f"redis {'on :' + str(redis.port) if redis else 'off'}", flush=True)
        tracker = ReplyTracker(asyncio.get_running_loop())
        tracker.attach(telegram, twilio)
        client = Citizens(app.base, telegram, twilio, post_timeout=args.post_timeout,
                          telegram_deadline=min(60.0, args.reply_timeout))
        sampler = Sampler(cluster, redis)
        run = LoadRun(client, tracker, count=args.citizens, seconds=args.seconds,
                      rate=args.rate, think=args.think, reply_timeout=args.reply_timeout,
                      fire_share=args.fire_share, seed=args.seed)
        before = read_meters(app, cluster, redis)
        sampling = asyncio.create_task(sampler.run())
        progress = asyncio.create_task(report_progress(run, args.seconds))
        try:
            stats = await asyncio.wait_for(run.run(),
                                           timeout=args.seconds + args.reply_timeout * 3 + 60)
        finally:
            progress.cancel()
            sampler.stop()
            await sampling
            await client.close()
        after = read_meters(app, cluster, redis)
        drain = await asyncio.to_thread(drain_report, cluster, args.drain)
        config = {
            "command": "bench/load.py " + " ".join(sys.argv[1:]),
            "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "citizens": args.citizens, "seconds": args.seconds, "rate": args.rate,
            "think": args.think, "workers": args.workers, "workers_running": workers,
            "workers_supported": supported, "db": args.db, "redis": bool(redis),
            "nlu": args.nlu_url if args.nlu_url != "http://127.0.0.1:9" else
            "local fallback (no Rasa)", "cores": os.cpu_count(), "loadavg_start": loadavg,
            "reply_timeout_s": args.reply_timeout,
        }
        result = summarize(stats, before, after, sampler.samples,
                           (run.started, run.deadline), config, processed_rate(cluster))
        result["after_run"] = drain
        return result
    finally:
        if app is not None:
            app.stop()
        telegram.stop()
        twilio.stop()
        if redis is not None:
            redis.stop()
        if cluster is not None:
            cluster.remove()


async def report_progress(run: LoadRun, seconds: float) -> None:
    """One line every 15 s while the citizens run."""
    while True:
        await asyncio.sleep(15)
        elapsed = time.perf_counter() - run.started
        done = len(run.stats.acked_at)
        lat = run.stats.latencies[-500:]
        p50 = sorted(lat)[len(lat) // 2] if lat else 0
        print(f"  t={elapsed:5.0f}s  acknowledged {done}  ({done / max(elapsed, 1):.1f}/s)  "
              f"recent p50 {p50:.0f} ms  errors {dict(run.stats.errors)}", flush=True)


def print_result(result: dict[str, Any]) -> None:
    lat, alert = result["reply_latency_ms"], result["alert_latency_ms"]
    print(f"sustained inbound: {result['sustained_inbound_msg_per_s']} msg/s "
          f"({result['messages_acknowledged']} acknowledged, {result['messages_by_channel']})")
    print(f"processed by the app: {result['inbound_processed']}")
    print(f"reply latency ms: p50 {lat['p50']}  p95 {lat['p95']}  p99 {lat['p99']}  "
          f"max {lat['max']}  ({lat['count']} replies)")
    print(f"alert latency ms: p50 {alert['p50']}  p99 {alert['p99']}  "
          f"({alert['count']}/{result['fire_reports']} fire reports, "
          f"{result['alerts_missed']} missed)")
    print(f"errors: {result['errors'] or 'none'}")
    print(f"postgres: {result['postgres']}")
    print(f"redis: {result['redis']}   queue: {result['queue']}")
    print(f"cpu seconds: {result['cpu_seconds']} of {result['cpu_capacity_s']}")
    print(f"after the run: {result.get('after_run')}")
    print(f"bottleneck: {result['bottleneck']}")


def write_results(result: dict[str, Any]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS / f"load-{stamp}.json"
    path.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (RESULTS / "load-latest.md").write_text(render_markdown(result, path.name), encoding="utf-8")
    return path


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=300.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--db", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument("--rate", type=float, default=0.0,
                        help="cap on total offered messages per second (0 = none)")
    parser.add_argument("--think", type=float, default=1.0,
                        help="think-time factor (1 = 2-8 s between messages, 4-10 s for photos)")
    parser.add_argument("--reply-timeout", type=float, default=60.0)
    parser.add_argument("--post-timeout", type=float, default=10.0)
    parser.add_argument("--fire-share", type=float, default=0.02)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--drain", type=float, default=90.0,
                        help="after the run, wait up to this long for the queues to empty")
    parser.add_argument("--no-redis", dest="redis", action="store_false")
    parser.add_argument("--nlu-url", default="http://127.0.0.1:9",
                        help="Rasa URL (default: nothing listens, the local fallback answers)")
    args = parser.parse_args(argv)
    if args.db == "postgresql" and not postgres_available():
        parser.error("PostgreSQL binaries not found (HALO_PG_BIN)")
    if args.redis and not redis_available():
        args.redis = False
    return args


def main() -> None:
    args = parse_args()
    with contextlib.suppress(ImportError):
        import uvloop

        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    result = asyncio.run(drive(args))
    print_result(result)
    print(f"written: {write_results(result).relative_to(ROOT)}, bench/results/load-latest.md")


if __name__ == "__main__":
    main()
