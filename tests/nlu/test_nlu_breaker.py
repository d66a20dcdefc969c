"""The circuit breaker's states."""

from __future__ import annotations

from nlu.breaker import CircuitBreaker, State


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_opens_after_consecutive_failures_only() -> None:
    breaker = CircuitBreaker(failure_threshold=3, cooldown_s=10, clock=FakeClock())
    breaker.record_failure()
    breaker.record_failure()
    breaker.record_success()
    breaker.record_failure()
    breaker.record_failure()
    assert (breaker.state, breaker.allow()) == (State.CLOSED, True)
    breaker.record_failure()
    assert (breaker.state, breaker.allow()) == (State.OPEN, False)


def test_half_open_after_cooldown_lets_one_trial_through() -> None:
    clock = FakeClock()
    breaker = CircuitBreaker(failure_threshold=1, cooldown_s=10, clock=clock)
    breaker.record_failure()
    clock.now += 9.9
    assert not breaker.allow()
    clock.now += 0.1
    assert breaker.allow()
    assert (breaker.state, breaker.allow()) == (State.HALF_OPEN, False)


def test_trial_success_closes_and_failure_reopens() -> None:
    clock = FakeClock()
    breaker = CircuitBreaker(failure_threshold=2, cooldown_s=5, clock=clock)
    breaker.record_failure()
    breaker.record_failure()
    clock.now += 5
    assert breaker.allow()
    breaker.record_failure()
    assert (breaker.state, breaker.allow()) == (State.OPEN, False)
    clock.now += 5
    assert breaker.allow()
    breaker.record_success()
    assert (breaker.state, breaker.allow()) == (State.CLOSED, True)
