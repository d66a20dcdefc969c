"""A processing process hears of a stored message at once (PostgreSQL LISTEN/NOTIFY): on
commit, never for a rolled-back transaction, and again after it reconnects."""

from __future__ import annotations

import threading

from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from bot.wakeup import InboxListener, announce


class Heard:
    def __init__(self) -> None:
        self.count = 0
        self.changed = threading.Condition()

    def __call__(self) -> None:
        with self.changed:
            self.count += 1
            self.changed.notify_all()

    def wait_for(self, count: int, timeout: float = 10) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: self.count >= count, timeout=timeout)


def test_listener_hears_committed_announcements_only(pg_engine: Engine) -> None:
    heard = Heard()
    listener = InboxListener(pg_engine.url.render_as_string(hide_password=False), heard)
    listener.start()
    try:
        assert heard.wait_for(1)  # once at connection: for what was stored before
        sessions = sessionmaker(bind=pg_engine)
        with sessions() as session:
            announce(session)
            session.rollback()
        with sessions() as session, session.begin():
            announce(session)
        assert heard.wait_for(2)
        assert not heard.wait_for(3, timeout=1.5)  # the rolled-back one never arrives
    finally:
        listener.stop()


def test_listener_listens_again_after_its_connection_is_cut(pg_engine: Engine) -> None:
    heard = Heard()
    listener = InboxListener(pg_engine.url.render_as_string(hide_password=False), heard)
    listener.start()
    try:
        assert heard.wait_for(1)
        with pg_engine.begin() as connection:
            cut = connection.exec_driver_sql(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE query = 'LISTEN halo_inbox' AND datname = current_database() "
                "AND pid <> pg_backend_pid()").all()
        assert cut and all(row[0] for row in cut)
        assert heard.wait_for(2)  # reconnected: told once for what came meanwhile
        with sessionmaker(bind=pg_engine)() as session, session.begin():
            announce(session)
        assert heard.wait_for(3)
    finally:
        listener.stop()
