"""Twilio's REST calls on httpx, asynchronously: no worker thread and no ``requests`` session
per message (the synchronous client spent ~6 % of a processing process's CPU on them).

One ``httpx.AsyncClient`` per event loop (a pool is bound to the loop that made it); the last
response's headers are kept in a context variable, because Twilio's exceptions drop
``Retry-After``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from contextvars import ContextVar

import httpx
from twilio.http import AsyncHttpClient
from twilio.http.response import Response

_last_headers: ContextVar[Mapping[str, str] | None] = ContextVar("twilio_last_headers",
                                                                default=None)


class HttpxTwilioClient(AsyncHttpClient):
    """An ``AsyncHttpClient`` for ``twilio.rest.Client`` (``create_async`` and friends)."""

    def __init__(self, timeout: float) -> None:
        super().__init__(logger=logging.getLogger(__name__), is_async=True, timeout=timeout)
        self._clients: dict[asyncio.AbstractEventLoop, httpx.AsyncClient] = {}

    async def request(self, method: str, url: str, params: dict[str, object] | None = None,
                      data: dict[str, object] | None = None,
                      headers: dict[str, str] | None = None,
                      auth: tuple[str, str] | None = None, timeout: float | None = None,
                      allow_redirects: bool = False) -> Response:
        """One API call (never logged: the form holds phone numbers and texts); the headers
        of its answer are ``last_headers()`` afterwards."""
        _last_headers.set(None)
        answer = await self._client().request(
            method.upper(), url, params=params, data=data, headers=headers,  # type: ignore[arg-type]
            auth=auth, timeout=timeout or self.timeout, follow_redirects=allow_redirects)
        _last_headers.set(answer.headers)
        return Response(answer.status_code, answer.text, answer.headers)

    @staticmethod
    def last_headers() -> Mapping[str, str]:
        """The headers of this task's last answer (empty when none came)."""
        return _last_headers.get() or {}

    def _client(self) -> httpx.AsyncClient:
        loop = asyncio.get_running_loop()
        client = self._clients.get(loop)
        if client is None or client.is_closed:
            client = self._clients[loop] = httpx.AsyncClient(timeout=self.timeout)
        return client

    async def close(self) -> None:
        """Close the running loop's pool (the others close with their loops' channels)."""
        client = self._clients.pop(asyncio.get_running_loop(), None)
        if client is not None:
            await client.aclose()

