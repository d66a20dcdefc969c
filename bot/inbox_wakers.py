"""Which of a process's inbox loops a new message wakes: one that is idle, not all of them.

A process runs several inbox loops on PostgreSQL (its main one and one per turn thread), and
every one woken runs a claim. Waking all of them for each message cost a claim per loop per
message, most finding nothing. Now a message wakes one idle loop; a loop that finds a second
message due in one round (a burst, not a lone message) wakes one more, so a burst still spreads
over all of them; a message arriving while every loop is busy is remembered, and the next loop
about to sleep looks once more instead.
"""

from __future__ import annotations

import asyncio
import threading


class InboxWakers:
    """The inbox loops' wake-up events and which of them are asleep (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loops: dict[asyncio.Event, asyncio.AbstractEventLoop] = {}
        self._asleep: list[asyncio.Event] = []
        self._missed = False  # a message came while every loop was busy

    def add(self, event: asyncio.Event, loop: asyncio.AbstractEventLoop) -> None:
        with self._lock:
            self._loops[event] = loop

    def __contains__(self, event: object) -> bool:
        return event in self._loops

    def clear(self) -> None:
        with self._lock:
            self._loops.clear()
            self._asleep.clear()

    def going_to_sleep(self, event: asyncio.Event) -> bool:
        """A loop found nothing and is about to wait on ``event``: False when a message came
        meanwhile (look again instead)."""
        with self._lock:
            if self._missed:
                self._missed = False
                return False
            self._asleep.append(event)
            return True

    def awake(self, event: asyncio.Event) -> None:
        with self._lock:
            if event in self._asleep:
                self._asleep.remove(event)

    def wake_one(self) -> None:
        """New inbound work: wake the loop asleep longest, or remember it for the next one."""
        with self._lock:
            if not self._asleep:
                self._missed = True
                return
            event = self._asleep.pop(0)
            loop = self._loops[event]
        if loop.is_running():
            loop.call_soon_threadsafe(event.set)
