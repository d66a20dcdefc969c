"""A circuit breaker: after repeated failures stop calling a service for a while."""

from __future__ import annotations

import time
from collections.abc import Callable
from enum import StrEnum


class State(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


class CircuitBreaker:
    """Closed: calls go through. ``failure_threshold`` failures in a row open it; after
    ``cooldown_s`` one trial call goes through (half-open): success closes it, failure reopens it.
    """

    def __init__(
        self,
        failure_threshold: int = 3,
        cooldown_s: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.failure_threshold = failure_threshold
        self.cooldown_s = cooldown_s
        self._clock = clock
        self._failures = 0
        self._opened_at = 0.0
        self._state = State.CLOSED

    @property
    def state(self) -> State:
        return self._state

    def allow(self) -> bool:
        """Whether to call the service now (at most one trial call while half-open)."""
        if self._state is State.OPEN and self._clock() - self._opened_at >= self.cooldown_s:
            self._state = State.HALF_OPEN
            return True
        return self._state is State.CLOSED

    def record_success(self) -> None:
        self._failures = 0
        self._state = State.CLOSED

    def record_failure(self) -> None:
        self._failures += 1
        if self._state is State.HALF_OPEN or self._failures >= self.failure_threshold:
            self._state = State.OPEN
            self._opened_at = self._clock()
