"""Outbox leases tied to the living process.

A sender leases the messages it is about to send. When its process dies mid-send (``kill -9``,
OOM), those messages must not wait out the lease: each sending process holds a session-level
PostgreSQL advisory lock named by its token for as long as it lives, and any sender frees the
leases whose token no longer holds its lock. On SQLite there is one process: a starting sender
frees every lease its dead predecessor left.
"""

from __future__ import annotations

import secrets
import threading
import weakref
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Select,
    bindparam,
    func,
    literal_column,
    select,
    table,
    text,
    update,
)

from backend.core.logging import get_logger
from backend.core.models import OutboxMessage, OutboxStatus

log = get_logger(__name__)
LOCK_SPACE = 0x4841_4C4F  # "HALO": the advisory-lock namespace of lease owners (int4 pair form)
TOKEN_LIMIT = 2**31 - 1
# The tokens whose lock is held (objsubid 2: the two-int4 form of an advisory lock key).
LIVE_TOKENS: Select[Any] = (select(literal_column("objid::text::bigint"))
               .select_from(table("pg_locks"))
               .where(text("locktype = 'advisory' AND objsubid = 2 AND granted AND "
                           "classid::text::bigint = :space AND database = "
                           "(SELECT oid FROM pg_database WHERE datname = current_database())"))
               .params(space=LOCK_SPACE))
LEASED_AHEAD = (update(OutboxMessage)
                .where(OutboxMessage.status == OutboxStatus.PENDING,
                       OutboxMessage.leased_by.is_not(None),
                       OutboxMessage.next_attempt_at > bindparam("now"))
                .values(next_attempt_at=bindparam("now"), leased_by=None))


class LeaseOwner:
    """This process as the holder of outbox leases: a token and, on PostgreSQL, the lock that
    says it is alive."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.token = 0
        self._connection: Connection | None = None
        self._guard = threading.Lock()
        self._predecessors_freed = False

    @property
    def shared(self) -> bool:
        """PostgreSQL: several processes send from one outbox."""
        return self.engine.dialect.name == "postgresql"

    def acquire(self) -> int:
        """The token to lease under, taking its lock the first time (no round trip after:
        ``free_orphans`` checks the lock once a second)."""
        with self._guard:
            if not self.token:
                self.token = (self._lock_token() if self.shared
                              else secrets.randbelow(TOKEN_LIMIT) + 1)
            return self.token

    def _keep_lock(self) -> None:
        """Retake a lock lost with its connection (a database restart), under a new token."""
        with self._guard:
            if self._connection is None:
                return
            try:
                self._connection.execute(text("SELECT 1")).close()
                self._connection.commit()
            except Exception:  # noqa: BLE001 - a lost connection lost the lock with it
                log.warning("lease_lock_lost")
                self._close()
                self.token = self._lock_token()

    def _lock_token(self) -> int:
        self._connection = connection = self.engine.connect()
        # An owner dropped without close() (a test's runtime) still ends its session cleanly.
        weakref.finalize(self, connection.close)
        while True:
            token = secrets.randbelow(TOKEN_LIMIT) + 1
            taken = self._connection.scalar(select(func.pg_try_advisory_lock(LOCK_SPACE, token)))
            self._connection.commit()  # the lock is the session's: no transaction stays open
            if taken:
                return token

    def free_orphans(self, connection: Connection, now: datetime) -> int:
        """Make due again the pending messages leased by senders that are gone; how many.

        PostgreSQL: leases whose token holds no lock. SQLite: once, at start, every lease (one
        process: whoever leased them died)."""
        if self.shared:
            self._keep_lock()
            statement = LEASED_AHEAD.where(OutboxMessage.leased_by.not_in(LIVE_TOKENS))
        elif not self._predecessors_freed:
            self._predecessors_freed = True
            statement = LEASED_AHEAD.where(OutboxMessage.leased_by != self.acquire())
        else:
            return 0
        freed = connection.execute(statement, {"now": now}).rowcount
        if freed:
            log.warning("outbox_leases_freed", count=freed)
        return freed

    def close(self) -> None:
        """Give up the lock (the process is stopping: its sends have been recorded)."""
        with self._guard:
            self._close()

    def _close(self) -> None:
        if self._connection is not None:
            try:
                self._connection.close()
            finally:
                self._connection = None
                self.token = 0
