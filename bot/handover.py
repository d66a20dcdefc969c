"""A dialog turn's replies sent by the process that ran the turn, with no claim.

Sending through the outbox costs a claim: a transaction that takes the claim lock, reads the
pending window and leases rows. When a chat had nothing waiting to be sent as its turn began
(read with the conversation: ``bot.conversations``), the turn writes its replies already leased
to this process (``bot.leases``: freed at once if the process dies) and, once it has committed,
hands them to this process's outbox loop. A chat with messages still waiting (a retry, an
officer's notice) gets its replies queued behind them as before, and claims leave a chat alone
while one of its messages is leased (``bot.outbox``), so what is queued for it meanwhile goes
out after the handed replies; one that a claim took for the chat while the turn ran may be on
its way beside them (unrelated messages: either may arrive first).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy.orm import Session

from backend.core.logging import get_logger
from backend.core.models import OutboxMessage
from backend.core.outbox import INSERT_ONCE
from bot.outbox import LEASE, Leased, OutboxSender

log = get_logger(__name__)
SENDERS = 4  # batches of handed-over replies on their way at once, per process
# ``enqueue_many``'s insert, returning each written row's id and key (the rest is the caller's:
# nothing to decode).
INSERT_LEASED = {dialect: insert.returning(OutboxMessage.dedupe_key)
                 for dialect, insert in INSERT_ONCE.items()}


class HandOver(Protocol):
    """Where a processor hands the replies its committed turn leased."""

    def lease(self) -> int | None:
        """The token to lease a turn's replies under; None when this process does not send
        now (they are queued for a claim)."""

    def send(self, rows: list[Leased], received_at: datetime) -> None:
        """Send one chat's rows that a committed turn leased (safe from any thread);
        ``received_at``: when the message they answer reached the webhook."""


def queue_leased(session: Session, rows: list[dict[str, Any]], *, token: int,
                 now: datetime) -> list[Leased]:
    """Queue ``outbox_row``s already leased under ``token`` (each once per dedupe key, like
    ``enqueue_many``); the rows this call wrote, in order. No wake-up: nobody claims them."""
    if not rows:
        return []
    leased = [row | {"leased_by": token, "next_attempt_at": now + LEASE, "attempts": 1}
              for row in rows]
    result = session.connection().execute(INSERT_LEASED[session.get_bind().dialect.name],
                                          leased)
    by_key = {row["dedupe_key"]: row for row in rows}
    return [_leased(row_id, by_key[key]) for row_id, key in sorted(result.all())]


def _leased(row_id: int, row: dict[str, Any]) -> Leased:
    return Leased(id=row_id, channel=row["channel"], kind=row["kind"],
                  dedupe_key=row["dedupe_key"], payload=row["payload"],
                  created_at=row["created_at"])


class LoopHandOver:
    """``HandOver`` onto the event loop the outbox's lanes run on (set while they run);
    ``wake_lane`` is called when a handed send leaves work for the routine lane.

    A lone turn's replies leave at once; under a crowd the replies handed over while earlier
    ones are on their way are sent together (at most ``SENDERS`` batches at a time), each
    batch recorded in one statement, as a claim's would be."""

    def __init__(self, outbox: OutboxSender, wake_lane: Callable[[], None]) -> None:
        self.outbox = outbox
        self.wake_lane = wake_lane
        self.loop: asyncio.AbstractEventLoop | None = None
        self._waiting: list[list[Leased]] = []  # chats handed over, not being sent yet
        self._tasks: set[asyncio.Task[None]] = set()

    def lease(self) -> int | None:
        loop = self.loop
        if self.outbox.owner is None or loop is None or not loop.is_running():
            return None
        return self.outbox.owner.acquire()

    def send(self, rows: list[Leased], received_at: datetime) -> None:
        loop = self.loop
        if loop is None or not rows:
            return  # stopping: the leases are freed by the next sender that looks (bot.leases)
        stamped = [replace(row, received_at=received_at) for row in rows]
        loop.call_soon_threadsafe(self._start, stamped)

    def _start(self, rows: list[Leased]) -> None:
        self._waiting.append(rows)
        if len(self._tasks) < SENDERS:
            task = asyncio.get_running_loop().create_task(self._send_waiting())
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _send_waiting(self) -> None:
        while self._waiting:
            chats, self._waiting = self._waiting, []
            try:
                retry = await self.outbox.send_handed(chats)
            except Exception:  # noqa: BLE001 - the outcome was not recorded (database gone)
                log.exception("handed_send_unrecorded", messages=sum(map(len, chats)))
                retry = True  # leased until the lease ends, then sent again (at least once)
            if retry:
                self.wake_lane()

    async def finish(self) -> None:
        """Wait for the sends under way (the outbox loop is stopping)."""
        self.loop = None
        await asyncio.sleep(0)  # hand-overs scheduled just before start their sends
        while pending := [task for task in self._tasks if not task.done()]:
            await asyncio.gather(*pending, return_exceptions=True)
