"""A throwaway PostgreSQL cluster for the test session (or the one named by the environment)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text

PG_BIN = Path(os.environ.get("HALO_PG_BIN", "/usr/lib/postgresql/15/bin"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_postgres(*command: str) -> None:
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run([*prefix, *command], check=True, capture_output=True)


class ThrowawayPostgres:
    """initdb + pg_ctl in a temp folder on a free loopback port; stop() removes it."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="halo-pg-"))
        self.port = _free_port()
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        _as_postgres(str(PG_BIN / "initdb"), "-D", str(self.folder / "data"), "-A", "trust",
                     "-U", "postgres")
        self._start()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _start(self) -> None:
        """pg_ctl start; a port taken since ``_free_port`` asked (an outgoing connection's
        ephemeral port) is traded for another, up to three times."""
        for attempt in range(3):
            try:
                _as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.folder / "data"), "-l",
                             str(self.folder / "log"), "-w", "-o",
                             f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
                             "-c fsync=off -c max_connections=300", "start")
                return
            except subprocess.CalledProcessError:
                log = (self.folder / "log").read_text(errors="replace")
                if attempt == 2 or "Address already in use" not in log:
                    raise
                self.port = _free_port()

    def stop(self) -> None:
        _as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "fast",
                     "stop")
        shutil.rmtree(self.folder, ignore_errors=True)


def available() -> bool:
    """True when a server URL is configured or the PostgreSQL binaries are installed."""
    return bool(os.environ.get("HALO_TEST_POSTGRES_URL")) or (PG_BIN / "initdb").exists()


def fresh_database(server_url: str) -> str:
    """Create an empty database on the server and return its URL."""
    name = f"halo_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return server_url.rsplit("/", 1)[0] + f"/{name}"
