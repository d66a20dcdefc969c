"""The kill -9 drill of ``bench/crowd.py --kill-at T``: a ``halo work`` process dies with
replies in flight, and every reply awaited at that moment is timed from the crash."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from citizens import ReplyTracker
from servers import AppServer

from tests.fakes.telegram import FakeTelegram

STALL_LEAD, STALL_SECONDS = 1.0, 3.0  # the drill's replies in flight


class TimedTracker(ReplyTracker):
    """Also remembers, for every awaited reply, when the wait began and when it arrived."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__(loop)
        self.waits: list[tuple[float, float | None]] = []

    async def wait_beyond(self, key: tuple[str, str], seen: int, timeout: float) -> float | None:
        began = time.perf_counter()
        arrived = await super().wait_beyond(key, seen, timeout)
        self.waits.append((began, arrived))
        return arrived


def after_crash(waits: list[tuple[float, float | None]], crashed: float) -> dict[str, Any]:
    """The replies that were awaited when the process died: how long after the crash each came
    (None: never, within the reply timeout)."""
    hit = [arrived for began, arrived in waits
           if began < crashed and (arrived is None or arrived > crashed)]
    delays = sorted(arrived - crashed for arrived in hit if arrived is not None)
    return {"replies_awaited_at_crash": len(hit), "never_arrived": hit.count(None),
            "max_s_after_crash": round(delays[-1], 2) if delays else None,
            "within_5_s": sum(1 for d in delays if d <= 5.0),
            "seconds_after_crash": [round(d, 2) for d in delays]}


async def kill_work_process(app: AppServer, telegram: FakeTelegram, at: float) -> float:
    """``kill -9`` one ``halo work`` process ``at`` seconds from now, while replies are on
    their way: the fake Bot API holds every send arriving in the last second before it for
    3 s, so the victim dies with leased replies in flight (the drill's point); sends after the
    crash are answered at once (the survivors' replies are not held back by the fake). When it
    died."""
    await asyncio.sleep(max(at - STALL_LEAD, 0.0))
    telegram.stall_during("sendMessage", STALL_SECONDS, window=STALL_LEAD)
    await asyncio.sleep(STALL_LEAD)
    victim = app.worker_pids("work")[0]
    app.kill9(victim)
    print(f"kill -9 halo work [{victim}]", flush=True)
    return time.perf_counter()
