"""Database engine and sessions (SQLAlchemy 2). SQLite by default, PostgreSQL in production."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from backend.core.config import get_settings


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets foreign keys, WAL and a busy timeout."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    # No pre-ping: it cost a round trip on every checkout (four or more per message). After a
    # database restart the first statement on each old connection fails instead, which the
    # callers already survive (503 and redelivery, the spool, a retried turn or claim), and
    # SQLAlchemy then replaces every connection of the pool at once.
    return create_engine(url, pool_size=10, max_overflow=20)


@lru_cache
def get_engine() -> Engine:
    """The process-wide engine for the configured database."""
    return make_engine(get_settings().sqlalchemy_url())


def session_factory(engine: Engine | None = None) -> sessionmaker[Session]:
    """A session factory bound to ``engine`` (default: the configured one)."""
    return sessionmaker(bind=engine or get_engine(), expire_on_commit=False)


def autocommit_reader(engine: Engine) -> Engine:
    """For single statements that need no transaction (reads, and a counter taken outside
    the caller's transaction): on PostgreSQL one round trip, without BEGIN and COMMIT
    (SQLite: the engine as it is)."""
    return engine.execution_options(isolation_level="AUTOCOMMIT") \
        if engine.dialect.name == "postgresql" else engine


def on_committed(sessions: sessionmaker[Session], key: str,
                 call: Callable[[Any], object]) -> None:
    """Call ``call(value)`` once a transaction that set ``session.info[key]`` to ``value`` has
    committed (never for one rolled back: the mark is dropped with it)."""

    def after_commit(session: Session) -> None:
        if key in session.info:
            call(session.info.pop(key))

    def after_rollback(session: Session) -> None:
        session.info.pop(key, None)

    event.listen(sessions, "after_commit", after_commit)
    event.listen(sessions, "after_rollback", after_rollback)


@contextmanager
def transaction(factory: Callable[[], Session]) -> Iterator[Session]:
    """A session whose work commits on success and rolls back on any error."""
    with factory() as session, session.begin():
        yield session
