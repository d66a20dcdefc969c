"""Live workspace events: Redis pub/sub when configured, in-process queues otherwise.

Events are hints ("ticket 7 changed"): the workspace reloads what it shows from the API, so a
lost event costs a refresh, never data.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from typing import Any, Protocol

from backend.core.logging import get_logger
from backend.core.metrics import REDIS_ERRORS

CHANNEL = "halo:handoff"
RECONNECT_SECONDS = 1.0
log = get_logger(__name__)


class EventBus(Protocol):
    def publish(self, event: dict[str, Any]) -> None:
        """Send ``event`` to every subscribed workspace (safe from any thread)."""

    def subscribe(self) -> AsyncIterator[dict[str, Any]]:
        """Events from now on, until the subscriber goes away."""


class LocalBus:
    """One process: a queue per subscriber on the event loop that subscribed."""

    def __init__(self) -> None:
        self._subscribers: set[tuple[asyncio.AbstractEventLoop, asyncio.Queue[dict[str, Any]]]]
        self._subscribers = set()

    def publish(self, event: dict[str, Any]) -> None:
        for loop, queue in list(self._subscribers):
            if not loop.is_closed():
                loop.call_soon_threadsafe(queue.put_nowait, event)

    async def subscribe(self) -> AsyncIterator[dict[str, Any]]:
        entry = (asyncio.get_running_loop(), asyncio.Queue[dict[str, Any]]())
        self._subscribers.add(entry)
        try:
            while True:
                yield await entry[1].get()
        finally:
            self._subscribers.discard(entry)


class RedisBus:
    """Several workers: every process publishes to and listens on one Redis channel.

    Degraded mode: while Redis is down a publish is dropped (logged and counted; the workspace
    catches up at its next reload) and subscribers reconnect every second, then send a
    ``resync`` hint so that the workspace reloads what it may have missed.
    """

    def __init__(self, url: str) -> None:
        import redis

        self.url = url
        self._client = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)

    def publish(self, event: dict[str, Any]) -> None:
        import redis

        try:
            self._client.publish(CHANNEL, json.dumps(event))
        except redis.RedisError as error:
            REDIS_ERRORS.inc()
            log.warning("redis_publish_failed", error=type(error).__name__)

    async def subscribe(self) -> AsyncIterator[dict[str, Any]]:
        from redis import RedisError
        from redis import asyncio as aioredis

        reconnecting = False
        while True:
            client = aioredis.Redis.from_url(self.url, socket_connect_timeout=1)
            pubsub = client.pubsub()
            try:
                await pubsub.subscribe(CHANNEL)
                if reconnecting:
                    yield {"type": "resync"}
                    reconnecting = False
                async for message in pubsub.listen():
                    if message.get("type") == "message":
                        yield json.loads(message["data"])
            except (RedisError, OSError) as error:
                REDIS_ERRORS.inc()
                log.warning("redis_subscribe_failed", error=type(error).__name__)
                reconnecting = True
            finally:
                with contextlib.suppress(RedisError, OSError):
                    await pubsub.aclose()
                await client.aclose()
            await asyncio.sleep(RECONNECT_SECONDS)


def build_bus(redis_url: str) -> EventBus:
    """Redis when ``redis_url`` is set, else in-process."""
    return RedisBus(redis_url) if redis_url else LocalBus()
