"""A new message wakes one idle inbox loop, not all; none is lost while every loop is busy."""

from __future__ import annotations

import asyncio

from bot.inbox_wakers import InboxWakers


def test_a_message_wakes_one_sleeping_loop_and_a_busy_time_is_remembered() -> None:
    async def scenario() -> None:
        loop = asyncio.get_running_loop()
        wakers = InboxWakers()
        first, second = asyncio.Event(), asyncio.Event()
        wakers.add(first, loop)
        wakers.add(second, loop)
        assert first in wakers and asyncio.Event() not in wakers

        assert wakers.going_to_sleep(first) and wakers.going_to_sleep(second)
        wakers.wake_one()
        await asyncio.sleep(0)
        assert first.is_set() and not second.is_set()  # the one asleep longest, only
        first.clear()
        wakers.awake(first)

        wakers.wake_one()  # the second is still asleep
        await asyncio.sleep(0)
        assert second.is_set()
        second.clear()
        wakers.awake(second)

        wakers.wake_one()  # every loop busy: remembered...
        assert not wakers.going_to_sleep(first)  # ...the next one looks again, once
        assert wakers.going_to_sleep(first)

    asyncio.run(scenario())
