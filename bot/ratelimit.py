"""Flood control per sender: a flood is slowed, never dropped, and emergencies never wait.

Each (channel, sender) has a token bucket of ``FLOOD_BURST`` messages that refills at
``FLOOD_BURST / FLOOD_WINDOW_SECONDS`` messages a second (defaults: 20 a minute). A message
within the bucket is due at once. Beyond it the sender runs into debt: the k-th extra message is
still stored and acknowledged, but due ``k * FLOOD_STEP_SECONDS`` later (the sender's fair rate,
one every 3 s by default, capped at ``FLOOD_MAX_DELAY_SECONDS``), so the inbox worker serves
other citizens first. A sender's own messages keep their order: nothing of theirs is due before
their last delayed message. Urgent messages (fire or rescue reports, crew button presses) are
always due at once and do not touch the bucket.

The buckets live in process memory, so the webhook pays no database round trip for them; idle
senders are evicted and at most ``FLOOD_MAX_SENDERS`` are kept (the least recently seen go
first, which only forgives them). With several processes each keeps its own buckets, so a
sender spread over N processes is slowed after N times the burst; the limiter only orders work,
it never refuses, so that is harmless.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta

FLOOD_BURST = 20  # messages a sender may send at once before being slowed
FLOOD_WINDOW_SECONDS = 60.0  # ... and per this many seconds after that
FLOOD_STEP_SECONDS = FLOOD_WINDOW_SECONDS / FLOOD_BURST  # extra messages: one per step
FLOOD_MAX_DELAY_SECONDS = 600.0  # no message is pushed out further than this
FLOOD_MAX_SENDERS = 10_000  # buckets kept in memory at most


@dataclass
class _Bucket:
    tokens: float
    updated: datetime
    last_due: datetime


class FloodControl:
    """Decides when each inbound message is due; thread-safe (webhooks run in a pool)."""

    def __init__(self, *, burst: int = FLOOD_BURST, window_seconds: float = FLOOD_WINDOW_SECONDS,
                 step_seconds: float | None = None,
                 max_delay_seconds: float = FLOOD_MAX_DELAY_SECONDS,
                 max_senders: int = FLOOD_MAX_SENDERS) -> None:
        if burst < 1 or window_seconds <= 0 or max_senders < 1:
            raise ValueError("burst, window and max_senders must be positive")
        self.burst = burst
        self.rate = burst / window_seconds  # tokens per second
        self.step = step_seconds if step_seconds is not None else window_seconds / burst
        self.max_delay = max_delay_seconds
        self.max_senders = max_senders
        self._buckets: OrderedDict[tuple[str, str], _Bucket] = OrderedDict()
        self._lock = threading.Lock()

    def due_at(self, channel: str, sender: str, *, now: datetime, urgent: bool = False) -> datetime:
        """When this sender's new message should be processed (``now`` unless flooding)."""
        if urgent:
            return now
        key = (channel, sender)
        with self._lock:
            bucket = self._buckets.pop(key, None) or _Bucket(float(self.burst), now, now)
            self._refill(bucket, now)
            bucket.tokens = max(bucket.tokens - 1, -self.max_delay / self.step)
            due = now
            if bucket.tokens < 0:
                due = now + timedelta(seconds=min(-bucket.tokens * self.step, self.max_delay))
            bucket.last_due = due = max(due, bucket.last_due)
            self._buckets[key] = bucket  # most recently seen at the end
            self._evict(now)
            return due

    def forgive(self, channel: str, sender: str) -> None:
        """Give back the token of a message that was not stored (a replayed delivery)."""
        with self._lock:
            bucket = self._buckets.get((channel, sender))
            if bucket is not None:
                bucket.tokens = min(float(self.burst), bucket.tokens + 1)

    def __len__(self) -> int:
        return len(self._buckets)

    def _refill(self, bucket: _Bucket, now: datetime) -> None:
        elapsed = max(0.0, (now - bucket.updated).total_seconds())
        bucket.tokens = min(float(self.burst), bucket.tokens + elapsed * self.rate)
        bucket.updated = max(now, bucket.updated)

    def _idle(self, bucket: _Bucket, now: datetime) -> bool:
        elapsed = max(0.0, (now - bucket.updated).total_seconds())
        return bucket.tokens + elapsed * self.rate >= self.burst and bucket.last_due <= now

    def _evict(self, now: datetime) -> None:
        while len(self._buckets) > self.max_senders:
            self._buckets.popitem(last=False)
        while self._buckets:
            oldest = next(iter(self._buckets.values()))
            if not self._idle(oldest, now):
                return
            self._buckets.popitem(last=False)


FLOOD = FloodControl()
