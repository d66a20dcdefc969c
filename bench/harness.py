"""Shared bench plumbing.

- ``serve(fake)``: ``halo serve`` (one process, SQLite unless HALO_DATABASE_URL) against the
  loopback fake Telegram Bot API running in the bench process (chat_bench, alert_bench).
- ``PostgresCluster`` / ``RedisServer``: throwaway servers on free loopback ports, in a temp
  folder, that can be stopped and started again (fault scenarios).
- ``AppServer``: ``halo serve [--workers N]`` with the fakes as Telegram, Twilio (and Rasa).
- ``ReplyTracker``: counts the bot's replies per chat as the fakes answer them (no journal
  scans), so a simulated citizen can wait for "the next reply".
- ``Citizens``: posts Telegram updates / signed Twilio forms with aiohttp, acting as Telegram
  (redelivery with backoff until 200) and Twilio (no redelivery).
- ``cpu_seconds``/``machine_cpu``: CPU used by process trees, from /proc.
- ``integrity``: the exactly-once checks on the database and the fakes' journals.

Loopback only; every wait here is bounded.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fakes.server import Call  # noqa: E402
from tests.fakes.telegram import FakeTelegram  # noqa: E402
from tests.fakes.twilio import FakeTwilio  # noqa: E402

SECRET = "bench-secret"  # noqa: S105
HEADERS = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
GROUP = "-100777"  # the damkar piket group
PG_BIN = Path(os.environ.get("HALO_PG_BIN", "/usr/lib/postgresql/15/bin"))
HALO = ROOT / ".venv/bin/halo"
TELEGRAM_SENDS = {"sendMessage", "sendPhoto", "sendDocument", "sendLocation", "sendVenue"}
ALERT_TOKEN = re.compile(r"#r(\d+)")
CLK_TCK = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def percentiles(values: list[float]) -> dict[str, float | None]:
    """p50/p95/p99/max (None when there are no values), rounded to 0.1."""
    if not values:
        return {"p50": None, "p95": None, "p99": None, "max": None, "count": 0}
    return {"p50": round(percentile(values, .50), 1), "p95": round(percentile(values, .95), 1),
            "p99": round(percentile(values, .99), 1), "max": round(max(values), 1),
            "count": len(values)}


@contextmanager
def serve(fake: FakeTelegram, **env: str) -> Iterator[str]:
    """Run ``halo serve`` on a free loopback port with the fake as its Telegram API."""
    folder = Path(tempfile.mkdtemp(prefix="halo-bench-"))
    port = free_port()
    environment = {
        **os.environ,
        "HALO_ENVIRONMENT": "test",
        "HALO_DATABASE_URL": os.environ.get("HALO_DATABASE_URL",
                                            f"sqlite:///{folder / 'bench.db'}"),
        "HALO_NLU__URL": os.environ.get("HALO_NLU__URL", "http://127.0.0.1:9"),
        "HALO_TELEGRAM__TOKEN": fake.token, "HALO_TELEGRAM__API_BASE": fake.api_base,
        "HALO_TELEGRAM__WEBHOOK_SECRET": SECRET, "HALO_STORAGE__ROOT": str(folder / "media"),
        "HALO_LOG_LEVEL": "WARNING", **env,
    }
    subprocess.run([str(HALO), "db", "upgrade"], env=environment,
                   check=True, capture_output=True)
    server = subprocess.Popen([str(HALO), "serve", "--port", str(port)],
                              env=environment, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)


# --- servers -------------------------------------------------------------------------------


def _as_postgres(*command: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, *command], check=check, capture_output=True, timeout=120)


def postgres_available() -> bool:
    return (PG_BIN / "initdb").exists() and (PG_BIN / "pg_ctl").exists()


def redis_available() -> bool:
    return shutil.which("redis-server") is not None


class PostgresCluster:
    """initdb in a temp folder, pg_ctl start/stop (fast) on a free loopback port."""

    def __init__(self, max_connections: int = 300) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="halo-pg-"))
        self.port = free_port()
        self.max_connections = max_connections
        self.database = "halo"
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        _as_postgres(str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U",
                     "postgres")

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def url(self) -> str:
        """The app's SQLAlchemy URL."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{self.database}"

    def dsn(self, database: str | None = None) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database or self.database}"

    def start(self) -> None:
        _as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l",
                     str(self.folder / "log"), "-w", "-t", "60", "-o",
                     f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
                     f"-c fsync=off -c max_connections={self.max_connections} "
                     "-c track_counts=on", "start")

    def create_database(self) -> None:
        import psycopg

        with psycopg.connect(self.dsn("postgres"), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{self.database}"')

    def stop(self, mode: str = "fast") -> None:
        _as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "-t",
                     "60", "stop", check=False)

    def postmaster_pid(self) -> int | None:
        try:
            return int((self.data / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def stats(self) -> dict[str, float]:
        """This database's pg_stat_database counters (cumulative)."""
        import psycopg

        columns = ("xact_commit", "xact_rollback", "tup_returned", "tup_fetched",
                   "tup_inserted", "tup_updated", "tup_deleted", "blks_read", "blks_hit",
                   "deadlocks")
        with psycopg.connect(self.dsn(), autocommit=True, connect_timeout=5) as connection:
            row = connection.execute(
                f"SELECT {', '.join(columns)} FROM pg_stat_database WHERE datname = %s",
                (self.database,)).fetchone()
        return dict(zip(columns, (float(v or 0) for v in row or ()), strict=False))

    def activity(self) -> dict[str, int]:
        """Connections to this database by state (pg_stat_activity)."""
        import psycopg

        with psycopg.connect(self.dsn(), autocommit=True, connect_timeout=5) as connection:
            rows = connection.execute(
                "SELECT coalesce(state, 'none'), count(*) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid() GROUP BY 1",
                (self.database,)).fetchall()
        return {state: int(count) for state, count in rows}

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        import psycopg

        with psycopg.connect(self.dsn(), autocommit=True, connect_timeout=5) as connection:
            return connection.execute(sql, params).fetchall()

    def remove(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)


class RedisServer:
    """``redis-server`` without persistence on a free loopback port; stop/start keep the port."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--protected-mode", "yes"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(Exception):
                if self.info():
                    return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
            self.process = None

    def info(self) -> dict[str, Any]:
        import redis

        client = redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=2)
        try:
            return client.info()
        finally:
            client.close()

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None


def workers_supported() -> bool:
    """Whether this runtime's ``halo serve`` has ``--workers``."""
    result = subprocess.run([str(HALO), "serve", "--help"], capture_output=True, text=True,
                            timeout=60, env={**os.environ, "COLUMNS": "200"})
    return "--workers" in result.stdout


class AppServer:
    """``halo serve`` on a free loopback port against the fakes; logs to a file."""

    def __init__(self, *, database_url: str, telegram: FakeTelegram, twilio: FakeTwilio,
                 workers: int = 1, redis_url: str = "", nlu_url: str = "http://127.0.0.1:9",
                 extra_env: dict[str, str] | None = None) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="halo-app-"))
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.workers = workers
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = self.folder / "app.log"
        self.env = {
            **os.environ,
            "HALO_ENVIRONMENT": "test", "HALO_DATABASE_URL": database_url,
            "HALO_REDIS_URL": redis_url, "HALO_NLU__URL": nlu_url,
            "HALO_TELEGRAM__TOKEN": telegram.token, "HALO_TELEGRAM__API_BASE": telegram.api_base,
            "HALO_TELEGRAM__WEBHOOK_SECRET": SECRET,
            "HALO_TWILIO__ACCOUNT_SID": twilio.account_sid,
            "HALO_TWILIO__AUTH_TOKEN": twilio.auth_token,
            "HALO_TWILIO__WHATSAPP_FROM": twilio.whatsapp_from,
            "HALO_TWILIO__API_BASE": twilio.api_base, "HALO_PUBLIC_URL": self.base,
            "HALO_ALERTS__DAMKAR__TELEGRAM_CHAT_IDS": f'["{GROUP}"]',
            "HALO_STORAGE__ROOT": str(self.folder / "media"),
            "HALO_SPOOL__DIR": str(self.folder / "spool"),
            "HALO_LOG_LEVEL": "WARNING", **(extra_env or {}),
        }

    def migrate(self) -> None:
        subprocess.run([str(HALO), "db", "upgrade"], env=self.env, check=True,
                       capture_output=True, timeout=300)

    def start(self, timeout: float = 120) -> None:
        command = [str(HALO), "serve", "--host", "127.0.0.1", "--port", str(self.port)]
        if self.workers > 1:
            command += ["--workers", str(self.workers)]
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(command, env=self.env, stdout=log, stderr=log,
                                        start_new_session=True)
        log.close()
        self.wait_healthy(timeout)

    def wait_healthy(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"halo serve exited ({self.process.returncode}): "
                                   f"{self.log_tail()}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.base}/healthz", timeout=2).status_code == 200:
                    return
            time.sleep(0.2)
        raise RuntimeError(f"halo serve not healthy in {timeout:.0f} s: {self.log_tail()}")

    def restart(self) -> None:
        """Start the app again after its process died (or was killed)."""
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
            self.process = None
        self.start()

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def first_error(self) -> str:
        """The first error line of the app's log (and the exception that ended it)."""
        with contextlib.suppress(OSError):
            text = self.log_path.read_text(errors="replace").splitlines()
            errors = [line for line in text if line.startswith("ERROR")
                      or re.match(r"^[a-z_.]+\.[A-Za-z]+(Error|Violation|Exception):", line)]
            return " | ".join(errors[:3])[:400]
        return ""

    def log_tail(self, lines: int = 15) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        return ""

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    def worker_pids(self, role: str = "work") -> list[int]:
        """With --workers: the supervisor's ``halo web`` or ``halo work`` children; else the
        single process."""
        if self.pid is None:
            return []
        if self.workers == 1:
            return [self.pid]
        return sorted(p for p in _children_map().get(self.pid, ())
                      if f"backend.app.cli {role}" in _cmdline(p))

    def kill9(self, pid: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)

    def stop(self) -> None:
        if self.process is not None:
            stop_process_group(self.process, timeout=30)
        self.process = None

    def get(self, path: str, timeout: float = 5) -> httpx.Response | None:
        try:
            return httpx.get(self.base + path, timeout=timeout)
        except httpx.HTTPError:
            return None


# --- CPU from /proc ------------------------------------------------------------------------


def stop_process_group(process: subprocess.Popen, timeout: float) -> None:
    """SIGTERM the process's group, SIGKILL it after ``timeout`` seconds, and reap it."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = defaultdict(list)
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children[parent].append(int(entry))
    return children


def process_tree(root: int) -> list[int]:
    """``root`` and all its live descendants."""
    children = _children_map()
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        if Path(f"/proc/{pid}").exists():
            found.append(pid)
        stack.extend(children.get(pid, ()))
    return found


def _cpu_of(pid: int) -> float:
    """utime + stime + cutime + cstime (reaped children included) in seconds."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return sum(int(v) for v in fields[11:15]) / CLK_TCK


def cpu_seconds(root: int | None) -> float:
    """CPU seconds of a process tree so far (live processes + what they reaped)."""
    if root is None:
        return 0.0
    return sum(_cpu_of(pid) for pid in process_tree(root))


def own_cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system


def machine_cpu() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot (/proc/stat)."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return (sum(values[:8]) - idle) / CLK_TCK, sum(values[:8]) / CLK_TCK


# --- replies as the fakes answer them ------------------------------------------------------


class ReplyTracker:
    """Counts successful sends per recipient and notes when each arrived (perf_counter, taken
    on the fake's thread). Alerts to the piket group carrying ``#r<n>`` tokens are timed too."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.arrivals: dict[tuple[str, str], list[float]] = defaultdict(list)
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
        self.loop.call_soon_threadsafe(self._arrived, key, time.perf_counter(), tokens)

    def _twilio(self, call: Call) -> None:
        if call.endpoint != "messages":
            return
        if not call.ok:
            self.failed_sends[call.status] += 1
            return
        key = ("whatsapp", str(call.params.get("To")))
        self.loop.call_soon_threadsafe(self._arrived, key, time.perf_counter(), [])

    def _arrived(self, key: tuple[str, str], at: float, tokens: list[int]) -> None:
        self.arrivals[key].append(at)
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


# --- exactly-once checks ---------------------------------------------------------------------


@dataclass
class Check:
    name: str
    ok: bool
    detail: str


def integrity(cluster: PostgresCluster, acked: dict[str, set[str]], telegram: FakeTelegram,
              twilio: FakeTwilio, *, kia_citizens: int | None = None) -> tuple[list[Check],
                                                                            dict[str, Any]]:
    """Exactly-once checks after the queues drained.

    - every acknowledged platform id has exactly one inbound row, and it is processed;
    - no inbound row is pending or failed; each processed row has its reply rows (a turn is
      written whole or not at all);
    - no citizen has two cases of one service (one case per confirmed intake);
    - every outbox row is sent, and the fakes accepted exactly as many sends per recipient as
      the outbox has sent rows for it (nothing lost, nothing sent twice).
    """
    checks: list[Check] = []
    figures: dict[str, Any] = {}
    rows = cluster.query("SELECT channel, platform_id, status, count(*) OVER "
                         "(PARTITION BY channel, platform_id) FROM inbound_messages")
    by_id = {(c, p): (s, n) for c, p, s, n in rows}
    statuses = Counter(s for _, _, s, _ in rows)
    figures["inbound_rows"] = len(rows)
    figures["inbound_status"] = dict(statuses)
    missing, unprocessed, doubled = [], [], []
    for channel, ids in acked.items():
        for platform_id in ids:
            found = by_id.get((channel, platform_id))
            if found is None:
                missing.append(f"{channel}:{platform_id}")
            elif found[1] != 1:
                doubled.append(f"{channel}:{platform_id}")
            elif found[0] != "processed":
                unprocessed.append(f"{channel}:{platform_id}={found[0]}")
    acked_total = sum(len(v) for v in acked.values())
    figures["acknowledged"] = acked_total
    checks.append(Check("acked inbound stored once", not missing and not doubled,
                        f"{acked_total} acknowledged, {len(missing)} without a row "
                        f"{missing[:3]}, {len(doubled)} with several rows"))
    checks.append(Check("acked inbound processed", not unprocessed,
                        f"{len(unprocessed)} not processed {unprocessed[:3]}"))
    checks.append(Check("no inbound pending/failed",
                        statuses.get("pending", 0) == 0 and statuses.get("failed", 0) == 0,
                        f"statuses {dict(statuses)}"))
    replyless = cluster.query(
        "SELECT count(*) FROM inbound_messages i WHERE i.status = 'processed' "
        "AND i.channel IN ('telegram', 'whatsapp') AND i.sender <> %s AND NOT EXISTS "
        "(SELECT 1 FROM outbox o WHERE o.dedupe_key LIKE 'in:' || i.id || ':%%')", (GROUP,))
    checks.append(Check("every processed turn has its replies", replyless[0][0] == 0,
                        f"{replyless[0][0]} processed citizen messages without a reply row"))
    cases = cluster.query("SELECT citizen_id, service_code, count(*) FROM cases "
                          "WHERE citizen_id IS NOT NULL GROUP BY 1, 2")
    twice = [(c, s, n) for c, s, n in cases if n > 1 and not s.startswith("damkar")]
    kia = sum(n for _, s, n in cases if s.startswith("kia-"))
    figures["cases"] = sum(n for *_, n in cases)
    figures["kia_cases"] = kia
    detail = f"{figures['cases']} cases, {kia} KIA, {len(twice)} citizen+service twice"
    if kia_citizens is not None:
        detail += f" ({kia_citizens} KIA intakes confirmed by citizens)"
    checks.append(Check("no case created twice", not twice and
                        (kia_citizens is None or kia <= kia_citizens), detail))
    outbox = cluster.query(
        "SELECT channel, recipient, status, (payload::jsonb ->> 'edit_of') IS NOT NULL, "
        "count(*) FROM outbox WHERE channel IN ('telegram', 'whatsapp') GROUP BY 1, 2, 3, 4")
    out_status = Counter()
    expected: Counter[tuple[str, str]] = Counter()
    for channel, recipient, status, is_edit, count in outbox:
        out_status[status] += count
        if status == "sent" and not is_edit:
            expected[(channel, recipient)] += count
    figures["outbox_status"] = dict(out_status)
    checks.append(Check("every outbox row sent", set(out_status) <= {"sent"},
                        f"outbox {dict(out_status)}"))
    delivered: Counter[tuple[str, str]] = Counter()
    for call in telegram.calls():
        if call.endpoint in TELEGRAM_SENDS and call.ok:
            delivered[("telegram", str(call.params.get("chat_id")))] += 1
    for call in twilio.calls("messages"):
        if call.ok:
            delivered[("whatsapp", str(call.params.get("To")))] += 1
    lost = {k: expected[k] - delivered[k] for k in expected if delivered[k] < expected[k]}
    twice_sent = {k: delivered[k] - expected[k] for k in delivered if delivered[k] > expected[k]}
    # A send whose outcome was never recorded (the process died, or the database went away,
    # between the platform's answer and the commit) is sent again when its lease runs out:
    # the platforms take no idempotency key, so delivery is at-least-once, and a duplicate is
    # only acceptable for a row that was claimed more than once.
    resent: Counter[tuple[str, str]] = Counter()
    for channel, recipient, count in cluster.query(
            "SELECT channel, recipient, count(*) FROM outbox WHERE attempts > 1 "
            "AND channel IN ('telegram', 'whatsapp') GROUP BY 1, 2"):
        resent[(channel, recipient)] += count
    unexplained = {k: n for k, n in twice_sent.items() if n > resent[k]}
    figures["outbox_rows_attempted_more_than_once"] = sum(resent.values())
    figures["sends_expected"] = sum(expected.values())
    figures["sends_delivered"] = sum(delivered.values())
    figures["duplicates_after_a_lost_outcome"] = sum(twice_sent.values())
    checks.append(Check("each reply delivered; a duplicate only where an outcome was lost",
                        not lost and not unexplained,
                        f"{sum(expected.values())} sent rows, {sum(delivered.values())} accepted "
                        f"by the fakes; lost {sum(lost.values())} {list(lost)[:2]}, "
                        f"duplicated {sum(twice_sent.values())} (after a lost outcome), "
                        f"unexplained {sum(unexplained.values())} {list(unexplained)[:2]}"))
    return checks, figures


def wait_drained(cluster: PostgresCluster, timeout: float,
                 alive: Any = None) -> tuple[bool, dict[str, int]]:
    """Wait until nothing is pending in the inbox or the outbox (bounded; stops early when
    ``alive()`` says the app is gone)."""
    deadline = time.monotonic() + timeout
    counts: dict[str, int] = {}
    while time.monotonic() < deadline:
        if alive is not None and not alive():
            return False, {**counts, "app_exited": 1}
        with contextlib.suppress(Exception):
            row = cluster.query(
                "SELECT (SELECT count(*) FROM inbound_messages WHERE status = 'pending'), "
                "(SELECT count(*) FROM outbox WHERE status = 'pending' "
                "AND channel IN ('telegram', 'whatsapp'))")[0]
            counts = {"inbound_pending": int(row[0]), "outbox_pending": int(row[1])}
            if not any(counts.values()):
                return True, counts
        time.sleep(0.5)
    return False, counts
