"""Reception of inbound messages: store once, raise the first fire alert, wake the workers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session, sessionmaker

from backend.alerts.desk import AlertDesk
from backend.clock import Clock
from backend.db import transaction
from backend.metrics import INBOUND
from bot.inbox import emergency_kind, store_inbound
from bot.messages import InboundMessage
from bot.spool import Spool

BUSY_REQUESTS = 4  # webhooks in flight in this process before the dialog turns give way


class Reception:
    """What every webhook (and the dev chat, and the spool replay) does with a message."""

    def __init__(self, sessions: sessionmaker[Session], clock: Clock, alerts: AlertDesk | None,
                 wake: Callable[[bool], None], spool: Spool) -> None:
        self.sessions = sessions
        self.clock = clock
        self.alerts = alerts
        self.wake = wake
        self.spool = spool
        self.in_flight = 0  # webhook requests being handled now (counted on the web loop)

    @contextmanager
    def handling(self) -> Iterator[None]:
        """Count a webhook request while it is handled (see ``busy``)."""
        self.in_flight += 1
        try:
            yield
        finally:
            self.in_flight -= 1

    def busy(self) -> bool:
        """Webhooks are queueing up: background work should give way to acknowledging them."""
        return self.in_flight >= BUSY_REQUESTS

    def accept(self, message: InboundMessage, *, outcome: str = "stored") -> bool:
        """Store the message (once) and wake the processor; False for a duplicate delivery.

        A fire or rescue report also queues a first alert to the piket in the same
        transaction, so the crew hears of it within a second however long the queue of routine
        messages is.
        """
        now = self.clock()
        with transaction(self.sessions) as session:
            stored = store_inbound(session, message, now=now)
            kind = emergency_kind(message) if stored is not None and self.alerts else None
            if kind is not None and self.alerts is not None:
                self.alerts.pre_alert(session, message, kind=kind, inbound_id=stored, now=now)
        INBOUND.labels(message.channel.value, outcome if stored else "duplicate").inc()
        if stored is not None:
            self.wake(kind is not None)
        return stored is not None

    def keep_for_later(self, message: InboundMessage) -> None:
        """The database is down: keep the message in the durable spool (replayed later)."""
        self.spool.put(message)
        INBOUND.labels(message.channel.value, "spooled").inc()

    def replay_spool(self) -> int:
        """Store what the spool kept while the database was down; how many were replayed."""
        return self.spool.replay(lambda message: self.accept(message, outcome="replayed"))
