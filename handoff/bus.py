"""Live workspace events: Redis pub/sub when configured, in-process queues otherwise.

Events are hints ("ticket 7 changed"): the workspace reloads what it shows from the API, so a
lost event costs a refresh, never data.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any, Protocol

CHANNEL = "halo:handoff"


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
    """Several workers: every process publishes to and listens on one Redis channel."""

    def __init__(self, url: str) -> None:
        import redis

        self.url = url
        self._client = redis.Redis.from_url(url)

    def publish(self, event: dict[str, Any]) -> None:
        self._client.publish(CHANNEL, json.dumps(event))

    async def subscribe(self) -> AsyncIterator[dict[str, Any]]:
        from redis import asyncio as aioredis

        client = aioredis.Redis.from_url(self.url)
        pubsub = client.pubsub()
        await pubsub.subscribe(CHANNEL)
        try:
            async for message in pubsub.listen():
                if message.get("type") == "message":
                    yield json.loads(message["data"])
        finally:
            await pubsub.unsubscribe(CHANNEL)
            await client.aclose()


def build_bus(redis_url: str) -> EventBus:
    """Redis when ``redis_url`` is set, else in-process."""
    return RedisBus(redis_url) if redis_url else LocalBus()
