"""A new message wakes one idle inbox loop, not all; none is lost while every loop is busy; a
round that finds a burst (a second message due) wakes one more loop, a lone message none."""

from __future__ import annotations

import asyncio

from sqlalchemy.orm import sessionmaker

from bot.inbox_wakers import InboxWakers
from bot.pipeline import InboxProcessor, Services


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


class ScriptedInbox(InboxProcessor):
    """A processor whose claims find the given outcomes (True: a message handled, None: the
    queue empty), to watch when a round asks for another loop's help."""

    def __init__(self, outcomes: list[bool | None]) -> None:
        super().__init__(sessionmaker(), Services(workflow=None, understander=None, pbb=None,
                                                  channels=None, clock=lambda: None))
        self.outcomes = outcomes
        self.backlogs = 0
        self.on_backlog = self._count

    def _count(self) -> None:
        self.backlogs += 1

    async def process_next(self) -> bool | None:
        return self.outcomes.pop(0) if self.outcomes else None

    def _another_due(self) -> bool:
        return bool(self.outcomes)  # the scripted claims: more come unless none is left


def test_a_lone_message_wakes_no_other_loop_and_a_burst_wakes_one() -> None:
    lone = ScriptedInbox([True, None])
    assert asyncio.run(lone.process_pending()) == 1 and lone.backlogs == 0
    burst = ScriptedInbox([True, True, True, None])
    assert asyncio.run(burst.process_pending()) == 3 and burst.backlogs == 1


def test_a_loop_round_says_whether_more_may_be_due_now() -> None:
    """A round that ends on an empty claim lets its loop sleep at once (no second claim for
    nothing); one that stops at its limit goes again."""
    assert asyncio.run(ScriptedInbox([True, None]).process_round()) is False
    assert asyncio.run(ScriptedInbox([True, True, True]).process_round(limit=2)) is True
    assert asyncio.run(ScriptedInbox([]).process_round()) is False
