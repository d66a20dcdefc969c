"""A crowd of citizens at once: idle CPU, then a closed loop of KIA intakes and fire reports.

    .venv/bin/python bench/crowd.py --db sqlite --citizens 50           # the README's run
    .venv/bin/python bench/crowd.py --db postgresql --workers 2 --citizens 50 --rasa
    .venv/bin/python bench/crowd.py --db postgresql --workers 2 --citizens 600 --idle 0
    .venv/bin/python bench/crowd.py --db postgresql --workers 2 --citizens 100 --pg-statements

Everything on loopback: the app (``halo serve``), its database (SQLite, or a throwaway
PostgreSQL cluster), the fake Telegram Bot API and Twilio REST API, and with ``--rasa`` the real
Rasa server (``halo nlu serve``, latest model) the app parses with; without it nothing listens
at the NLU address and the app's local classifier answers.

1. Idle (``--idle`` s, after a settling pause): the app's processes' CPU with no traffic, as a
   share of one core, per process.
2. The crowd (``--seconds``): each citizen, on Telegram or WhatsApp, runs a KIA intake with four
   photos and then a fire report with a shared location, again and again; each message waits
   for the bot's reply, then a think time (``--think`` × 2-8 s, × 4-10 s after a photo). A
   citizen faster than 20 messages a minute is slowed by the flood control (``bot.ratelimit``):
   more load means more citizens, not faster ones. Reported: sustained msg/s, reply p50/p95/p99
   (webhook POST → reply at the fake), fire alert p50/p99 (report POST → the piket group's
   message), app CPU per message (all app processes, webhook + turn + send), peak RSS per
   process, CPU of everything else, and the integrity of the run: every KIA confirmed is one
   case, no more.
3. With ``--kill-at T`` (PostgreSQL, ``--workers`` ≥ 2): ``kill -9`` of a ``halo work`` process
   T seconds into the crowd; the fake Bot API holds every send arriving in the second before it
   for 3 s (so the victim dies with replies leased and in flight; later sends are answered at
   once); every reply awaited at that moment, and how
   long after the crash it came (the target: all within 5 s, no duplicate case).

Writes bench/results/crowd-<timestamp>.json and bench/results/crowd-latest.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import sqlite3
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from citizens import Citizens  # noqa: E402
from fault_rasa import RealRasa  # noqa: E402
from harness import ROOT, percentiles  # noqa: E402
from kill_drill import TimedTracker, after_crash, kill_work_process  # noqa: E402
from load_run import LoadRun, script  # noqa: E402
from processes import cpu_seconds, machine_cpu, own_cpu_seconds, process_tree  # noqa: E402
from servers import AppServer, PostgresCluster  # noqa: E402

from tests.fakes.telegram import FakeTelegram  # noqa: E402
from tests.fakes.twilio import FakeTwilio  # noqa: E402

RESULTS = ROOT / "bench" / "results"
SQLITE_FILE = ROOT / "var" / "crowd.db"


class CrowdRun(LoadRun):
    """A closed loop: every citizen starts within two seconds and, until the deadline, runs a
    KIA intake and then a fire report, over and over."""

    async def _citizen(self, index: int) -> None:
        rng = random.Random(self.seed * 1_000_003 + index)
        ident = self.first_id + index
        key = (("whatsapp", f"whatsapp:+62813{ident:08d}") if index % 2
               else ("telegram", str(10_000_000 + ident)))
        await asyncio.sleep(rng.uniform(0, 2))
        while time.perf_counter() < self.deadline:
            for kind in ("kia", "fire"):
                self._tokens += 1
                if not await self._session(kind, script(kind, rng, self._tokens), key, rng,
                                           self._tokens):
                    return


def rss_megabytes(pid: int) -> float:
    """Resident memory of one process (VmRSS), in MB; 0 when it is gone."""
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def process_label(pid: int) -> str:
    """``halo serve`` / ``halo web`` / ``halo work`` … from the command line."""
    with contextlib.suppress(OSError):
        words = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        names = [w.decode() for w in words[1:4] if w and not w.startswith(b"-")]
        return " ".join(Path(names[0]).name.split() + names[1:2]) if names else str(pid)
    return str(pid)


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) of one process so far, its children not included."""
    with contextlib.suppress(OSError):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return 0.0


def per_process_cpu(root: int | None) -> dict[int, float]:
    """CPU seconds so far of each live process of the app's tree."""
    return {pid: process_cpu(pid) for pid in process_tree(root)} if root else {}


async def measure_idle(app: AppServer, seconds: float, settle: float) -> dict[str, Any]:
    """The app's CPU with no traffic at all, as a share of one core."""
    await asyncio.sleep(settle)
    before = per_process_cpu(app.pid)
    await asyncio.sleep(seconds)
    after = per_process_cpu(app.pid)
    shares = {f"{process_label(pid)} [{pid}]": round((after[pid] - before.get(pid, 0.0))
                                                     / seconds * 100, 2)
              for pid in after}
    return {"seconds": seconds, "percent_of_one_core": round(sum(shares.values()), 2),
            "per_process": shares}


class RssWatch:
    """The peak resident memory of each app process, sampled every second."""

    def __init__(self, app: AppServer) -> None:
        self.app = app
        self.peak: dict[str, float] = {}

    async def run(self) -> None:
        while True:
            for pid in process_tree(self.app.pid):
                label = f"{process_label(pid)} [{pid}]"
                self.peak[label] = max(self.peak.get(label, 0.0), round(rss_megabytes(pid), 1))
            await asyncio.sleep(1)


def count_rows(cluster: PostgresCluster | None, sql: str) -> int:
    """One number from the app's database (PostgreSQL cluster or the SQLite file)."""
    if cluster is not None:
        return int(cluster.query(sql)[0][0])
    with contextlib.closing(sqlite3.connect(SQLITE_FILE)) as connection:
        return int(connection.execute(sql).fetchone()[0])


def integrity(cluster: PostgresCluster | None, kia_confirmed: int,
              kia_ya_acknowledged: int) -> dict[str, Any]:
    """Cases against confirmations, inbound rows left unprocessed, replies left unsent. A
    duplicate is a case beyond the KIA "ya" the webhooks took: a "ya" whose reply came after
    the timeout still opened its one case."""
    cases = count_rows(cluster, "SELECT count(*) FROM cases "
                                "WHERE service_code IN ('kia-0-5', 'kia-5-17')")
    pending_in = count_rows(cluster, "SELECT count(*) FROM inbound_messages "
                                     "WHERE status <> 'processed'")
    pending_out = count_rows(cluster, "SELECT count(*) FROM outbox WHERE status = 'pending'")
    # Pending but not due: a send the platform refused for now (429 Retry-After, backoff).
    retrying = count_rows(cluster, "SELECT count(*) FROM outbox WHERE status = 'pending' "
                                   "AND last_error IS NOT NULL")
    found = {"kia_confirmed": kia_confirmed, "kia_ya_acknowledged": kia_ya_acknowledged,
             "kia_cases": cases, "duplicate_cases": max(0, cases - kia_ya_acknowledged),
             "inbound_not_processed": pending_in, "outbox_pending": pending_out,
             "of_which_retrying_later": retrying}
    if cluster is not None:  # what is left: queued after the run went quiet, or stuck?
        found["outbox_pending_rows"] = [
            {"kind": kind, "channel": channel, "age_s": round(float(age), 1),
             "due_in_s": round(float(due), 1), "leased": leased, "attempts": attempts}
            for kind, channel, age, due, leased, attempts in cluster.query(
                "SELECT kind, channel, extract(epoch FROM now() - created_at), "
                "extract(epoch FROM next_attempt_at - now()), leased_by IS NOT NULL, attempts "
                "FROM outbox WHERE status = 'pending' ORDER BY id LIMIT 10")]
    return found


async def wait_quiet(cluster: PostgresCluster | None, timeout: float) -> float:
    """Wait until every inbound message is processed and every reply sent (bounded)."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        # Due, or leased and on its way (a lease's next_attempt_at is its expiry; a send to
        # retry later has its error).
        left = count_rows(cluster, "SELECT (SELECT count(*) FROM inbound_messages WHERE status "
                                   "= 'pending') + (SELECT count(*) FROM outbox WHERE status = "
                                   "'pending' AND (next_attempt_at < CURRENT_TIMESTAMP "
                                   "OR last_error IS NULL))")
        if left == 0:
            break
        await asyncio.sleep(0.5)
    return time.monotonic() - started


async def drive(args: argparse.Namespace) -> dict[str, Any]:
    use_pg = args.db == "postgresql"
    cluster = PostgresCluster(statements=args.pg_statements) if use_pg else None
    rasa = RealRasa() if args.rasa else None
    telegram, twilio = FakeTelegram(), FakeTwilio()
    telegram.journal.keep = twilio.journal.keep = False
    telegram.start()
    twilio.start()
    app: AppServer | None = None
    try:
        if rasa is not None:
            print(f"starting Rasa (latest model): ready in {rasa.start():.0f} s", flush=True)
        if cluster is not None:
            cluster.start()
            cluster.create_database()
        else:
            SQLITE_FILE.unlink(missing_ok=True)
        url = cluster.url if cluster else f"sqlite:///{SQLITE_FILE}"
        app = AppServer(database_url=url, telegram=telegram, twilio=twilio,
                        workers=args.workers if use_pg else 1,
                        nlu_url=rasa.url if rasa else args.nlu_url)
        app.migrate()
        app.start()
        print(f"app at {app.base} (pid {app.pid}); idle CPU for {args.idle:.0f} s", flush=True)
        idle = await measure_idle(app, args.idle, args.settle) if args.idle > 0 else {}
        print(f"idle: {idle}", flush=True)
        tracker = TimedTracker(asyncio.get_running_loop())
        tracker.attach(telegram, twilio)
        client = Citizens(app.base, telegram, twilio, post_timeout=10.0,
                          telegram_deadline=min(60.0, args.reply_timeout))
        run = CrowdRun(client, tracker, count=args.citizens, seconds=args.seconds,
                       think=args.think, reply_timeout=args.reply_timeout, seed=args.seed)
        rss = RssWatch(app)
        watching = asyncio.create_task(rss.run())
        busy0, total0 = machine_cpu()
        app0, own0 = cpu_seconds(app.pid), own_cpu_seconds()
        each0 = per_process_cpu(app.pid)
        pg0 = cpu_seconds(cluster.postmaster_pid()) if cluster else 0.0
        xacts0 = cluster.stats()["xact_commit"] if cluster else 0.0
        calls0 = cluster.statement_calls() if cluster and args.pg_statements else 0
        rasa0 = cpu_seconds(rasa.process.pid) if rasa and rasa.process else 0.0
        killing = (asyncio.create_task(kill_work_process(app, telegram, args.kill_at))
                   if args.kill_at > 0 and use_pg else None)
        try:
            stats = await asyncio.wait_for(run.run(), args.seconds + args.reply_timeout + 60)
        finally:
            await client.close()
        crash = after_crash(tracker.waits, await killing) if killing is not None else None
        quiet_s = await wait_quiet(cluster, args.reply_timeout)
        watching.cancel()
        busy1, total1 = machine_cpu()
        acked = len(stats.acked_at)
        app_cpu = cpu_seconds(app.pid) - app0
        each = {f"{process_label(pid)} [{pid}]": round((spent - each0.get(pid, 0.0))
                                                      / max(acked, 1) * 1000, 2)
                for pid, spent in per_process_cpu(app.pid).items()}
        window = run.deadline - run.started
        in_window = sum(1 for t in stats.acked_at if run.started <= t <= run.deadline)
        result = {
            "config": {
                "command": "bench/crowd.py " + " ".join(sys.argv[1:]),
                "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "db": args.db, "processes": args.workers if use_pg else 1,
                "citizens": args.citizens, "seconds": args.seconds, "think": args.think,
                "nlu": "Rasa (latest model)" if rasa else "local fallback (Rasa off)",
                "cores": os.cpu_count(),
                "loadavg": " ".join(Path("/proc/loadavg").read_text().split()[:3]),
            },
            "idle": idle,
            "msg_per_s": round(in_window / window, 1),
            "messages_acknowledged": acked,
            "reply_latency_ms": percentiles(stats.latencies),
            "alert_latency_ms": percentiles(stats.alert_latencies),
            "fire_reports": stats.fire_reports, "alerts_missed": stats.alerts_missed,
            "errors": dict(stats.errors),
            "app_cpu_ms_per_message": round(app_cpu / max(acked, 1) * 1000, 2),
            "app_cpu_ms_per_message_by_process": each,
            "cpu_seconds": {
                "app": round(app_cpu, 1),
                "rasa": round(cpu_seconds(rasa.process.pid) - rasa0, 1)
                if rasa and rasa.process else 0.0,
                "postgres": round(cpu_seconds(cluster.postmaster_pid()) - pg0, 1)
                if cluster else 0.0,
                "generator_and_fakes": round(own_cpu_seconds() - own0, 1),
                "machine_busy": round(busy1 - busy0, 1),
                "machine_total": round(total1 - total0, 1),
            },
            "rss_peak_mb": rss.peak,
            "drained_in_s": round(quiet_s, 1),
            "integrity": integrity(cluster, stats.kia_confirmed, stats.kia_ya_acknowledged),
            "kia_confirmations": run.confirmation_check(),
        }
        if cluster is not None:  # the database's work per message (the web process's too)
            result["pg_commits_per_message"] = round(
                (cluster.stats()["xact_commit"] - xacts0) / max(acked, 1), 2)
        if cluster is not None and args.pg_statements:
            result["pg_statements_per_message"] = round(
                (cluster.statement_calls() - calls0) / max(acked, 1), 2)
            result["pg_top_statements"] = cluster.top_statements()
            result["pg_frequent_statements"] = cluster.top_statements(25, by="calls")
        if crash is not None:
            result["kill_9_drill"] = crash
        return result
    finally:
        if app is not None:
            app.stop()
        telegram.stop()
        twilio.stop()
        if cluster is not None:
            cluster.remove()
        if rasa is not None:
            rasa.stop()


def render_markdown(result: dict[str, Any], json_name: str) -> str:
    cfg, lat, alert = result["config"], result["reply_latency_ms"], result["alert_latency_ms"]
    rows = [
        ("idle CPU (no traffic)", f"{result['idle'].get('percent_of_one_core')} % of one core "
                                  f"{result['idle'].get('per_process')}"),
        ("sustained", f"{result['msg_per_s']} msg/s ({result['messages_acknowledged']} messages)"),
        ("reply latency", f"p50 {lat['p50']} ms, p95 {lat['p95']} ms, p99 {lat['p99']} ms "
                          f"({lat['count']} replies)"),
        ("fire alert latency", f"p50 {alert['p50']} ms, p99 {alert['p99']} ms "
                               f"({alert['count']} of {result['fire_reports']}, "
                               f"{result['alerts_missed']} missed)"),
        ("app CPU per message", f"{result['app_cpu_ms_per_message']} ms "
                                f"{result.get('app_cpu_ms_per_message_by_process', {})}"),
        ("CPU seconds", str(result["cpu_seconds"])),
        ("peak RSS per process (MB)", str(result["rss_peak_mb"])),
        ("errors", str(result["errors"] or "none")),
        ("integrity", str(result["integrity"])),
        ("KIA confirmations answered with a case number", str(result["kia_confirmations"])),
        *([("kill -9 of a halo work process", str(result["kill_9_drill"]))]
          if "kill_9_drill" in result else []),
        *([("PostgreSQL commits per message", str(result["pg_commits_per_message"]))]
          if "pg_commits_per_message" in result else []),
        *([("PostgreSQL statements per message", str(result["pg_statements_per_message"]))]
          if "pg_statements_per_message" in result else []),
    ]
    statements = [line for key, title in (("pg_top_statements", "Costliest statements"),
                                          ("pg_frequent_statements", "Most frequent statements"))
                  for line in _statement_table(result.get(key) or [], title)]
    return "\n".join([
        "# Crowd — latest run", "",
        f"Written by `bench/crowd.py` at {cfg['started_at']} (raw: `bench/results/{json_name}`).",
        "", f"Command: `{cfg['command']}`", "",
        f"Setup: {cfg['citizens']} citizens, {cfg['seconds']} s, think x{cfg['think']}, "
        f"{cfg['db']}, {cfg['processes']} processing process(es), NLU {cfg['nlu']}; machine "
        f"{cfg['cores']} cores, load average after {cfg['loadavg']}.", "",
        "| figure | value |", "|---|---|", *(f"| {k} | {v} |" for k, v in rows), *statements,
        ""])


def _statement_table(top: list[dict[str, Any]], title: str) -> list[str]:
    """A markdown table of pg_stat_statements rows (none: no lines)."""
    if not top:
        return []
    return ["", f"{title} (pg_stat_statements):", "",
            "| calls | total ms | mean ms | rows | statement |", "|---|---|---|---|---|",
            *(f"| {t['calls']} | {t['total_ms']} | {t['mean_ms']} | {t['rows']} | "
              f"`{t['query'].replace('|', '/')}` |" for t in top)]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--think", type=float, default=0.6,
                        help="think-time factor: 0.6 is a quick human, about 20 messages a "
                             "minute, the most the flood control lets through undelayed")
    parser.add_argument("--db", choices=["postgresql", "sqlite"], default="sqlite")
    parser.add_argument("--workers", type=int, default=2, help="processing processes (PG)")
    parser.add_argument("--rasa", action="store_true", help="start the real Rasa server")
    parser.add_argument("--nlu-url", default="http://127.0.0.1:9",
                        help="without --rasa: nothing listens, the local classifier answers")
    parser.add_argument("--idle", type=float, default=30.0, help="idle measurement, seconds")
    parser.add_argument("--settle", type=float, default=10.0, help="pause before idle")
    parser.add_argument("--reply-timeout", type=float, default=30.0)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--kill-at", type=float, default=0.0,
                        help="PostgreSQL: kill -9 a halo work process this many seconds into "
                             "the crowd, and report how long after the crash the replies came")
    parser.add_argument("--pg-statements", action="store_true",
                        help="PostgreSQL: load pg_stat_statements and report the statements "
                             "per message and the costliest ones")
    return parser.parse_args(argv)


def main() -> None:
    args = parse_args()
    result = asyncio.run(drive(args))
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS / f"crowd-{stamp}.json"
    path.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    markdown = render_markdown(result, path.name)
    (RESULTS / "crowd-latest.md").write_text(markdown, encoding="utf-8")
    print(markdown)


if __name__ == "__main__":
    main()
