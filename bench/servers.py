"""Throwaway servers for the bench on free loopback ports: ``PostgresCluster`` and
``RedisServer`` (in a temp folder, stopped and started again by the fault scenarios), and
``AppServer``: ``halo serve [--workers N]`` with the fakes as Telegram, Twilio (and Rasa)."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from harness import GROUP, HALO, SECRET, free_port
from processes import children_map, cmdline, stop_process_group

from tests.fakes.telegram import FakeTelegram
from tests.fakes.twilio import FakeTwilio

PG_BIN = Path(os.environ.get("HALO_PG_BIN", "/usr/lib/postgresql/15/bin"))


def _as_postgres(*command: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, *command], check=check, capture_output=True, timeout=120)


def postgres_available() -> bool:
    return (PG_BIN / "initdb").exists() and (PG_BIN / "pg_ctl").exists()


def redis_available() -> bool:
    return shutil.which("redis-server") is not None


PORT_ATTEMPTS = 3


class PostgresCluster:
    """initdb in a temp folder, pg_ctl start/stop (fast) on a free loopback port."""

    def __init__(self, max_connections: int = 300, *, statements: bool = False) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="halo-pg-"))
        self.port = free_port()
        self.max_connections = max_connections
        self.statements = statements  # pg_stat_statements: what the app's statements cost
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
        """pg_ctl start. ``free_port`` only knew the port free when it asked: one taken since
        (an outgoing connection's ephemeral port) is traded for another, up to three times."""
        for attempt in range(PORT_ATTEMPTS):
            try:
                self._start()
                return
            except subprocess.CalledProcessError:
                log = (self.folder / "log").read_text(errors="replace")
                if attempt == PORT_ATTEMPTS - 1 or "Address already in use" not in log:
                    raise
                self.port = free_port()

    def _start(self) -> None:
        _as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l",
                     str(self.folder / "log"), "-w", "-t", "60", "-o",
                     f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
                     f"-c fsync=off -c max_connections={self.max_connections} "
                     "-c track_counts=on"
                     + (" -c shared_preload_libraries=pg_stat_statements"
                        " -c pg_stat_statements.track=all" if self.statements else ""), "start")

    def create_database(self) -> None:
        import psycopg

        with psycopg.connect(self.dsn("postgres"), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{self.database}"')
        if self.statements:
            with psycopg.connect(self.dsn(), autocommit=True) as connection:
                connection.execute("CREATE EXTENSION pg_stat_statements")

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

    def top_statements(self, limit: int = 15, *, by: str = "time") -> list[dict[str, Any]]:
        """The app database's statements by total execution time, or by ``by="calls"``
        (pg_stat_statements)."""
        order = {"time": "s.total_exec_time", "calls": "s.calls"}[by]
        rows = self.query(
            "SELECT s.calls, s.total_exec_time, s.mean_exec_time, s.rows, s.query "
            "FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid "
            f"WHERE d.datname = %s ORDER BY {order} DESC LIMIT %s",
            (self.database, limit))
        return [{"calls": calls, "total_ms": round(total, 1), "mean_ms": round(mean, 3),
                 "rows": count, "query": " ".join(query.split())[:160]}
                for calls, total, mean, count, query in rows]

    def statement_calls(self) -> int:
        """Every statement the app database ran so far (pg_stat_statements)."""
        rows = self.query("SELECT coalesce(sum(s.calls), 0) FROM pg_stat_statements s "
                          "JOIN pg_database d ON d.oid = s.dbid WHERE d.datname = %s",
                          (self.database,))
        return int(rows[0][0])

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
        return sorted(p for p in children_map().get(self.pid, ())
                      if f"backend.app.cli {role}" in cmdline(p))

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
