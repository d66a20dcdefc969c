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
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from citizens import Citizens, ReplyTracker  # noqa: E402
from exactly_once import wait_drained  # noqa: E402
from harness import ROOT, percentiles  # noqa: E402
from processes import cpu_seconds, machine_cpu, own_cpu_seconds  # noqa: E402
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
MIX = {"greeting": 22, "syarat": 15, "status": 14, "pbb": 20, "kia": 27}
PLACES = ["Pasar Kalianda", "Jalan Lintas Sumatera Bakauheni", "Desa Way Urang",
          "Terminal Rajabasa", "Perumahan Natar Indah", "Pelabuhan Bakauheni", "Desa Sidomulyo",
          "Jati Agung", "Candipuro", "Katibung", "Merbau Mataram", "Palas", "Penengahan", "Sragi",
          "Tanjung Bintang"]
SYARAT = ["syarat KIA", "syarat pindah domisili", "apa syarat izin mendirikan bangunan",
          "syarat bikin KTP"]
GREETINGS = ["halo", "selamat pagi", "assalamualaikum", "menu"]
NOPS = ["18.01.040.001.001-0001.0", "180104000100100010", "18.01.040.001.001-0001.0 2025"]
NAMES = ["Citra Lestari", "Budi Santoso", "Dewi Anggraini", "Rudi Hartono", "Siti Aminah"]


def script(kind: str, rng: random.Random, token: int) -> list[tuple]:
    """The steps of one conversation: ("text", s), ("photo",) or ("location", lat, lon)."""
    opening = [("text", rng.choice(GREETINGS))] if rng.random() < 0.3 else []
    if kind == "greeting":
        return [("text", rng.choice(GREETINGS)), ("text", rng.choice(["menu", "terima kasih"]))]
    if kind == "syarat":
        return opening + [("text", rng.choice(SYARAT))]
    if kind == "status":
        return opening + [("text", rng.choice(["cek status permohonan saya", "status"]))]
    if kind == "pbb":
        return opening + [("text", "cek pbb"), ("text", rng.choice(NOPS))]
    if kind == "kia":
        birth = f"{rng.randint(1, 28):02d}-{rng.randint(1, 12):02d}-{rng.randint(2022, 2024)}"
        return opening + [
            ("text", "mau bikin KIA"), ("text", birth), ("text", rng.choice(NAMES)),
            ("text", "lewati"), ("text", "1801041203230007"), ("text", rng.choice(NAMES)),
            ("text", "081234567890"), ("text", "1"),
            ("photo",), ("photo",), ("photo",), ("photo",), ("text", "selesai"), ("text", "lewati"),
            ("text", "ya"), ("text", "tidak"),
        ]
    if kind == "fire":
        place = rng.choice(PLACES)
        lat, lon = -5.9 + rng.uniform(-0.4, 0.4), 105.6 + rng.uniform(-0.4, 0.4)
        return [("text", f"TOLONG ADA KEBAKARAN DI {place.upper()} #r{token}"),
                ("location", round(lat, 5), round(lon, 5)), ("text", rng.choice(NAMES)),
                ("text", "dekat masjid"), ("text", "bisa")]
    raise ValueError(kind)


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)  # ms
    alert_latencies: list[float] = field(default_factory=list)  # ms
    acked_at: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    sessions: Counter[str] = field(default_factory=Counter)
    completed: Counter[str] = field(default_factory=Counter)
    channels: Counter[str] = field(default_factory=Counter)
    fire_reports: int = 0
    alerts_missed: int = 0
    kia_confirmed: int = 0


class LoadRun:
    """The citizens of one run; ``await run()`` returns when all have finished (bounded)."""

    def __init__(self, citizens: Citizens, tracker: ReplyTracker, *, count: int,
                 seconds: float, rate: float = 0.0, think: float = 1.0,
                 reply_timeout: float = 60.0, fire_share: float = 0.02,
                 whatsapp_share: float = 0.5, seed: int = 8, first_id: int = 0,
                 mix: dict[str, int] | None = None, second_session: float = 0.3) -> None:
        self.client = citizens
        self.tracker = tracker
        self.count = count
        self.seconds = seconds
        self.rate = rate
        self.think = think
        self.reply_timeout = reply_timeout
        self.fire_share = fire_share
        self.whatsapp_share = whatsapp_share
        self.seed = seed
        self.first_id = first_id
        self.mix = mix or MIX
        self.second_session = second_session
        self.stats = Stats()
        self._next_slot = 0.0
        self._tokens = 0
        self._alert_tasks: set[asyncio.Task[None]] = set()
        self.started = 0.0
        self.deadline = 0.0

    async def _slot(self) -> None:
        if self.rate <= 0:
            return
        now = time.perf_counter()
        slot = max(now, self._next_slot)
        self._next_slot = slot + 1 / self.rate
        if slot > now:
            await asyncio.sleep(slot - now)

    def _kind(self, rng: random.Random) -> str:
        if rng.random() < self.fire_share:
            return "fire"
        kinds, weights = zip(*self.mix.items(), strict=True)
        return rng.choices(kinds, weights)[0]

    async def run(self) -> Stats:
        self.started = time.perf_counter()
        self.deadline = self.started + self.seconds
        await asyncio.gather(*(self._citizen(i) for i in range(self.count)))
        if self._alert_tasks:
            await asyncio.gather(*self._alert_tasks)
        return self.stats

    async def _citizen(self, index: int) -> None:
        rng = random.Random(self.seed * 1_000_003 + index)
        ident = self.first_id + index
        whatsapp = rng.random() < self.whatsapp_share
        key = (("whatsapp", f"whatsapp:+62813{ident:08d}") if whatsapp
               else ("telegram", str(10_000_000 + ident)))
        await asyncio.sleep(rng.uniform(0, max(0.0, self.seconds * 0.85)))
        while time.perf_counter() < self.deadline:
            kind = self._kind(rng)
            self._tokens += 1
            finished = await self._session(kind, script(kind, rng, self._tokens), key, rng,
                                           self._tokens)
            if not finished or rng.random() > self.second_session:
                return
            await asyncio.sleep(rng.uniform(20, 90) * self.think)

    async def _session(self, kind: str, steps: list[tuple], key: tuple[str, str],
                       rng: random.Random, token: int) -> bool:
        stats = self.stats
        stats.sessions[kind] += 1
        for number, step in enumerate(steps):
            if time.perf_counter() >= self.deadline:
                return False
            await self._slot()
            seen = self.tracker.count(key)
            if key[0] == "telegram":
                update = self.client.telegram_update(int(key[1]), step)
                posted = await self.client.send_telegram(
                    update, retry=True)
            else:
                posted = await self.client.send_whatsapp(
                    self.client.whatsapp_form(key[1].removeprefix("whatsapp:"), step))
            stats.channels[key[0]] += 1
            for status in posted.statuses:
                if not status.startswith("2"):
                    stats.errors["timeout" if status == "timeout" else
                                 f"http_{status}" if status.isdigit() else status] += 1
            if not posted.acked:
                stats.errors["not_acknowledged"] += 1
                return False
            stats.acked_at.append(posted.acked_at)
            if kind == "fire" and number == 0:
                stats.fire_reports += 1
                task = asyncio.create_task(self._alert(token, posted.started))
                self._alert_tasks.add(task)
                task.add_done_callback(self._alert_tasks.discard)
            arrived = await self.tracker.wait_beyond(key, seen, self.reply_timeout)
            if arrived is None:
                stats.errors["missing_reply"] += 1
                return False
            stats.latencies.append((arrived - posted.started) * 1000)
            if kind == "kia" and step == ("text", "ya"):
                stats.kia_confirmed += 1
            pause = rng.uniform(4, 10) if step[0] == "photo" else rng.uniform(2, 8)
            await asyncio.sleep(pause * self.think)
        stats.completed[kind] += 1
        return True

    async def _alert(self, token: int, posted: float) -> None:
        arrived = await self.tracker.wait_alert(token, max(self.reply_timeout, 30.0))
        if arrived is None:
            self.stats.alerts_missed += 1
        else:
            self.stats.alert_latencies.append((arrived - posted) * 1000)


class Sampler:
    """Every ``interval`` s: pg_stat_activity, queue depth, Redis ops/s (in a thread)."""

    def __init__(self, cluster: PostgresCluster | None, redis: RedisServer | None,
                 interval: float = 2.0) -> None:
        self.cluster = cluster
        self.redis = redis
        self.interval = interval
        self.samples: list[dict[str, Any]] = []
        self._stop = asyncio.Event()

    def _sample(self, started: float) -> dict[str, Any]:
        sample: dict[str, Any] = {"t": round(time.perf_counter() - started, 1)}
        if self.cluster is not None:
            with contextlib.suppress(Exception):
                sample["pg_activity"] = self.cluster.activity()
                row = self.cluster.query(
                    "SELECT (SELECT count(*) FROM inbound_messages WHERE status = 'pending'), "
                    "(SELECT count(*) FROM outbox WHERE status = 'pending')")[0]
                sample["inbound_pending"], sample["outbox_pending"] = int(row[0]), int(row[1])
        if self.redis is not None:
            with contextlib.suppress(Exception):
                info = self.redis.info()
                sample["redis_ops_per_sec"] = info.get("instantaneous_ops_per_sec")
                sample["redis_clients"] = info.get("connected_clients")
        return sample

    async def run(self) -> None:
        started = time.perf_counter()
        while not self._stop.is_set():
            self.samples.append(await asyncio.to_thread(self._sample, started))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), timeout=self.interval)

    def stop(self) -> None:
        self._stop.set()


@dataclass
class Meters:
    """Counters read before and after the measured window."""

    wall: float
    machine_busy: float
    machine_total: float
    app: float
    postgres: float
    redis: float
    generator: float
    pg: dict[str, float]
    redis_commands: float


def read_meters(app: AppServer, cluster: PostgresCluster | None,
                redis: RedisServer | None) -> Meters:
    busy, total = machine_cpu()
    pg_stats: dict[str, float] = {}
    if cluster is not None:
        with contextlib.suppress(Exception):
            pg_stats = cluster.stats()
    commands = 0.0
    if redis is not None:
        with contextlib.suppress(Exception):
            commands = float(redis.info().get("total_commands_processed", 0))
    return Meters(wall=time.perf_counter(), machine_busy=busy, machine_total=total,
                  app=cpu_seconds(app.pid),
                  postgres=cpu_seconds(cluster.postmaster_pid()) if cluster else 0.0,
                  redis=cpu_seconds(redis.pid) if redis else 0.0,
                  generator=own_cpu_seconds(), pg=pg_stats, redis_commands=commands)


def drain_report(cluster: PostgresCluster | None, timeout: float) -> dict[str, Any]:
    """After the citizens stopped: how long the queues took to empty (bounded), and what was
    left in the outbox (due later, leased, errors)."""
    if cluster is None or timeout <= 0:
        return {}
    started = time.monotonic()
    drained, pending = wait_drained(cluster, timeout)
    report: dict[str, Any] = {"drained": drained, "waited_s": round(time.monotonic() - started, 1),
                              "pending": pending}
    with contextlib.suppress(Exception):
        report["outbox_pending_detail"] = [
            {"channel": c, "due_in_s": round(float(d), 1), "attempts": int(a), "rows": int(n),
             "last_error": e}
            for c, d, a, n, e in cluster.query(
                "SELECT channel, extract(epoch FROM min(next_attempt_at) - now()), attempts, "
                "count(*), max(last_error) FROM outbox WHERE status = 'pending' "
                "GROUP BY channel, attempts ORDER BY 4 DESC LIMIT 10")]
        report["outbox_status"] = dict(cluster.query(
            "SELECT status, count(*) FROM outbox GROUP BY 1"))
        report["stuck_rows_sample"] = [
            {"id": i, "kind": k, "channel": c, "recipient": r, "attempts": a, "edit_of": e,
             "age_s": round(float(age), 1), "last_error": err}
            for i, k, c, r, a, e, age, err in cluster.query(
                "SELECT id, kind, channel, recipient, attempts, payload::jsonb ->> 'edit_of', "
                "extract(epoch FROM now() - created_at), last_error FROM outbox "
                "WHERE status = 'pending' AND channel IN ('telegram', 'whatsapp') "
                "ORDER BY attempts DESC, id LIMIT 8")]
    return report


def processed_rate(cluster: PostgresCluster | None) -> dict[str, Any]:
    """Inbound rows processed, over the time from the first arrival to the last processing."""
    if cluster is None:
        return {}
    with contextlib.suppress(Exception):
        count, span = cluster.query(
            "SELECT count(*), extract(epoch FROM max(processed_at) - min(received_at)) "
            "FROM inbound_messages WHERE status = 'processed'")[0]
        return {"processed": int(count), "span_s": round(float(span or 0), 1),
                "msg_per_s": round(int(count) / float(span), 1) if span else None}
    return {}


def summarize(stats: Stats, before: Meters, after: Meters, samples: list[dict[str, Any]],
              window: tuple[float, float], config: dict[str, Any],
              processed: dict[str, Any] | None = None) -> dict[str, Any]:
    elapsed = after.wall - before.wall
    start, end = window
    in_window = sum(1 for t in stats.acked_at if start <= t <= end)
    cores = os.cpu_count() or 1
    cpu = {"app": after.app - before.app, "postgres": after.postgres - before.postgres,
           "redis": after.redis - before.redis,
           "generator_and_fakes": after.generator - before.generator}
    busy = after.machine_busy - before.machine_busy
    cpu["other_processes"] = max(0.0, busy - sum(cpu.values()))
    cpu["idle"] = max(0.0, (after.machine_total - before.machine_total) - busy)
    cpu = {k: round(v, 1) for k, v in cpu.items()}
    pg_rates = {f"{k}_per_s": round((after.pg.get(k, 0) - before.pg.get(k, 0)) / elapsed, 1)
                for k in after.pg}
    activity = [s["pg_activity"] for s in samples if "pg_activity" in s]
    totals = [sum(a.values()) for a in activity]
    actives = [a.get("active", 0) for a in activity]
    depth = [s.get("inbound_pending", 0) for s in samples if "inbound_pending" in s]
    ranked = sorted(((v, k) for k, v in cpu.items() if k != "idle"), reverse=True)
    capacity = elapsed * cores
    result = {
        "config": config,
        "elapsed_s": round(elapsed, 1),
        "window_s": round(end - start, 1),
        "sessions": dict(stats.sessions),
        "sessions_completed": dict(stats.completed),
        "messages_acknowledged": len(stats.acked_at),
        "messages_by_channel": dict(stats.channels),
        "sustained_inbound_msg_per_s": round(in_window / max(end - start, 1e-9), 1),
        "inbound_processed": processed or {},
        "replies_timed": len(stats.latencies),
        "reply_latency_ms": percentiles(stats.latencies),
        "fire_reports": stats.fire_reports,
        "alert_latency_ms": percentiles(stats.alert_latencies),
        "alerts_missed": stats.alerts_missed,
        "kia_confirmed": stats.kia_confirmed,
        "errors": dict(stats.errors),
        "postgres": {**pg_rates,
                     "connections_max": max(totals, default=0),
                     "connections_active_mean": round(sum(actives) / len(actives), 1)
                     if actives else 0},
        "redis": {"commands_per_s": round((after.redis_commands - before.redis_commands)
                                          / elapsed, 1),
                  "ops_per_sec_max": max((s.get("redis_ops_per_sec") or 0 for s in samples),
                                         default=0)},
        "queue": {"inbound_pending_max": max(depth, default=0),
                  "inbound_pending_end": depth[-1] if depth else None},
        "cpu_seconds": cpu,
        "cpu_capacity_s": round(capacity, 1),
        "cpu_share": {k: round(v / capacity, 3) for k, v in cpu.items()},
        "bottleneck": bottleneck(cpu, capacity, config, ranked, depth),
        "samples": samples,
    }
    return result


def bottleneck(cpu: dict[str, float], capacity: float, config: dict[str, Any],
               ranked: list[tuple[float, str]], depth: list[int]) -> str:
    """A plain reading of the CPU figures (what limited this run)."""
    idle_share = cpu["idle"] / capacity if capacity else 0
    top_value, top = ranked[0] if ranked else (0.0, "?")
    backlog = bool(depth) and max(depth) > 50
    words = (f"{top} used the most CPU ({top_value:.0f} of {capacity:.0f} core-seconds, "
             f"{top_value / capacity:.0%}); machine idle {idle_share:.0%}")
    if config.get("rate") and not backlog:
        return words + "; offered load was capped by --rate and the queue stayed short, so " \
                       "this run measured latency below capacity, not the limit"
    if idle_share < 0.1:
        words += "; the 2 cores were saturated"
        if cpu.get("other_processes", 0) > 0.2 * capacity:
            words += " (other jobs on the machine took a large share)"
    app_cores = cpu["app"] / (capacity / (os.cpu_count() or 1))
    if top == "app" and config.get("workers_running", 1) == 1 and app_cores > 0.8:
        words += "; one app process at ~1 core (its event loop / GIL) is the limit"
    if top == "generator_and_fakes":
        words += "; the load generator itself is the bottleneck, figures understate the app"
    if backlog:
        words += f"; inbound queue grew to {max(depth)} pending: processing is the limit"
    return words


def render_markdown(result: dict[str, Any], json_name: str) -> str:
    r = result
    lat, alert = r["reply_latency_ms"], r["alert_latency_ms"]
    cfg = r["config"]
    lines = [
        "# Load test — latest run",
        "",
        f"Written by `bench/load.py` at {cfg['started_at']} (figures as measured; raw: "
        f"`bench/results/{json_name}`).",
        "",
        f"Command: `{cfg['command']}`",
        "",
        f"Setup: {cfg['citizens']} citizens, {cfg['seconds']} s, database {cfg['db']}, "
        f"app processes {cfg['workers_running']} (asked {cfg['workers']}"
        f"{'' if cfg['workers_supported'] else '; this runtime has no --workers'}), Redis "
        f"{'on' if cfg['redis'] else 'off'}, NLU {cfg['nlu']}, rate cap "
        f"{cfg['rate'] or 'none'}, think x{cfg['think']}; machine: {cfg['cores']} cores, load "
        f"average at start {cfg['loadavg_start']}.",
        "",
        "| figure | value |",
        "|---|---|",
        f"| sustained inbound | {r['sustained_inbound_msg_per_s']} msg/s "
        f"({r['messages_acknowledged']} acknowledged in {r['window_s']} s) |",
        f"| processed by the app | {r['inbound_processed']} |",
        f"| reply latency (POST → reply at fake) | p50 {lat['p50']} ms, p95 {lat['p95']} ms, "
        f"p99 {lat['p99']} ms, max {lat['max']} ms ({lat['count']} replies) |",
        f"| alert latency (fire POST → piket sendMessage) | p50 {alert['p50']} ms, p99 "
        f"{alert['p99']} ms ({alert['count']} of {r['fire_reports']} reports, "
        f"{r['alerts_missed']} missed) |",
        f"| errors | {r['errors'] or 'none'} |",
        f"| sessions (completed) | {r['sessions']} ({r['sessions_completed']}) |",
        f"| PostgreSQL | {r['postgres']} |",
        f"| Redis | {r['redis']} |",
        f"| inbound queue | {r['queue']} |",
        f"| CPU seconds | {r['cpu_seconds']} of {r['cpu_capacity_s']} |",
        f"| after the run (queues) | {r.get('after_run')} |",
        "",
        f"Bottleneck: {r['bottleneck']}.",
        "",
    ]
    return "\n".join(lines)


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
