"""CPU per request of the two async HTTP clients the app could send with (httpx, aiohttp).

A Twilio-like form POST to a loopback server, answered with a small JSON body; the figure is
the client thread's CPU time per request (the server runs on a thread of its own). Why the
WhatsApp channel sends on aiohttp (``bot/twilio_http.py``).

    .venv/bin/python bench/http_clients.py [--requests 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import threading
import time
from collections.abc import Awaitable, Callable

import aiohttp
import httpx
from aiohttp import web

FORM = {"To": "whatsapp:+6281200000000", "From": "whatsapp:+14155238886",
        "Body": "Terima kasih, permohonan KIA Anda sudah kami terima. " * 2}
AUTH = ("AC00000000000000000000000000000000", "token")
WARM_UP = 50


async def _answer(request: web.Request) -> web.Response:
    await request.post()
    return web.json_response({"sid": "SM" + "0" * 32, "status": "queued"})


def _serve() -> str:
    """Start the loopback server on a thread; its URL."""
    ready = threading.Event()
    found: list[int] = []

    async def main() -> None:
        app = web.Application()
        app.router.add_post("/messages", _answer)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        found.append(server.sockets[0].getsockname()[1])
        ready.set()
        await asyncio.Event().wait()

    threading.Thread(target=asyncio.run, args=(main(),), daemon=True).start()
    ready.wait(timeout=10)
    return f"http://127.0.0.1:{found[0]}/messages"


async def _httpx(url: str, count: int) -> float:
    async with httpx.AsyncClient() as client:
        async def one() -> None:
            (await client.post(url, data=FORM, auth=AUTH)).raise_for_status()
        return await _timed(one, count)


async def _aiohttp(url: str, count: int) -> float:
    headers = {"Authorization": aiohttp.encode_basic_auth(*AUTH)}
    async with aiohttp.ClientSession() as session:
        async def one() -> None:
            async with session.post(url, data=FORM, headers=headers) as answer:
                answer.raise_for_status()
                await answer.read()
        return await _timed(one, count)


async def _timed(one: Callable[[], Awaitable[None]], count: int) -> float:
    """Milliseconds of this thread's CPU per request, after a warm-up."""
    for _ in range(WARM_UP):
        await one()
    started = time.thread_time()
    for _ in range(count):
        await one()
    return (time.thread_time() - started) / count * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    args = parser.parse_args()
    url = _serve()
    for _round in range(2):
        for name, client in (("httpx", _httpx), ("aiohttp", _aiohttp)):
            print(f"{name:8} {asyncio.run(client(url, args.requests)):.3f} ms CPU per request")


if __name__ == "__main__":
    main()
