"""The HTTP server: uvicorn, its housekeeping tick once a second instead of ten times."""

from __future__ import annotations

import asyncio
import socket

import uvicorn

TICK_SECONDS = 1.0
TICKS_PER_SECOND = 10  # what uvicorn's ``on_tick`` counts in (it refreshes the Date header
# on every tenth)
STARTUP_FAILURE = 3  # the exit status uvicorn.run uses when the server did not start


class QuietServer(uvicorn.Server):
    """uvicorn wakes ten times a second to refresh the Date header and to look for a stop
    request: at idle, the most frequent wake-up of a web process. Once a second does both
    (the header counts in seconds; a stop is seen within a second)."""

    async def main_loop(self) -> None:
        counter = 0
        should_exit = await self.on_tick(counter)
        while not should_exit:
            counter = (counter + TICKS_PER_SECOND) % 864_000
            await asyncio.sleep(TICK_SECONDS)
            should_exit = await self.on_tick(counter)


def serve(config: uvicorn.Config, sockets: list[socket.socket] | None = None) -> None:
    """Run the server until it is told to stop; exit with an error when it did not start."""
    server = QuietServer(config)
    server.run(sockets=sockets)
    if not server.started:
        raise SystemExit(STARTUP_FAILURE)
