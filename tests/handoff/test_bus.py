"""Live workspace events: in-process and through a real redis-server."""

from __future__ import annotations

import asyncio
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator

import pytest

from handoff.bus import EventBus, LocalBus, RedisBus, build_bus


async def first_event(bus: EventBus, event: dict[str, object], *, from_thread: bool) -> object:
    events = bus.subscribe()
    waiting = asyncio.ensure_future(anext(events))
    await asyncio.sleep(0.3)  # let the subscription start
    if from_thread:
        threading.Thread(target=bus.publish, args=(event,)).start()
    else:
        bus.publish(event)
    try:
        return await asyncio.wait_for(waiting, timeout=5)
    finally:
        await events.aclose()


def test_local_bus_delivers_events_published_from_worker_threads() -> None:
    event = {"type": "queued", "ticket": 1, "team": "diskominfo", "ppa": False}
    assert asyncio.run(first_event(LocalBus(), event, from_thread=True)) == event
    assert isinstance(build_bus(""), LocalBus)


def start_redis(port: int) -> subprocess.Popen:
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server not installed")
    server = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                               "--appendonly", "no"],
                              stdout=subprocess.DEVNULL)
    for _ in range(50):
        with socket.socket() as attempt:
            if attempt.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.1)
    return server


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    port = free_port()
    server = start_redis(port)
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_redis_bus_reaches_subscribers_of_another_bus(redis_url: str) -> None:
    publisher, listener = RedisBus(redis_url), build_bus(redis_url)
    event = {"type": "assigned", "ticket": 2, "team": "dp3a", "ppa": True}

    async def scenario() -> object:
        events = listener.subscribe()
        waiting = asyncio.ensure_future(anext(events))
        await asyncio.sleep(0.3)
        publisher.publish(event)
        try:
            return await asyncio.wait_for(waiting, timeout=5)
        finally:
            await events.aclose()

    assert asyncio.run(scenario()) == event


def test_redis_outage_degrades_then_the_bus_recovers() -> None:
    """Publishing while Redis is down is dropped, not raised; a subscriber reconnects and asks
    the workspace to resync, then receives events again."""
    from prometheus_client import REGISTRY

    def redis_errors() -> float:
        return REGISTRY.get_sample_value("halo_redis_errors_total") or 0.0

    port = free_port()
    url = f"redis://127.0.0.1:{port}/0"
    server = start_redis(port)
    bus = RedisBus(url)
    event = {"type": "queued", "ticket": 3, "team": "diskominfo", "ppa": False}

    async def scenario() -> list[object]:
        nonlocal server
        events = bus.subscribe()
        received: list[object] = []
        try:
            first = asyncio.ensure_future(anext(events))
            await asyncio.sleep(0.3)
            server.kill()
            server.wait(timeout=10)
            errors_before = redis_errors()
            bus.publish(event)  # Redis is down: dropped and counted, never raised
            assert redis_errors() > errors_before
            await asyncio.sleep(0.5)
            server = start_redis(port)
            received.append(await asyncio.wait_for(first, timeout=10))
            second = asyncio.ensure_future(anext(events))
            await asyncio.sleep(0.3)
            bus.publish(event)
            received.append(await asyncio.wait_for(second, timeout=5))
        finally:
            await events.aclose()
        return received

    try:
        assert asyncio.run(scenario()) == [{"type": "resync"}, event]
    finally:
        server.terminate()
        server.wait(timeout=10)
