"""Twilio's REST calls and media downloads on aiohttp, asynchronously.

aiohttp, not httpx: on loopback an httpx request cost ~0.9 ms of CPU against ~0.23 ms for
aiohttp (``bench/http_clients.py``), and the WhatsApp sends were ~12 % of a processing process.
One ``aiohttp.ClientSession`` per channel, opened on first use in the event loop that uses it
and closed with the channel. The last answer's headers are kept in a context variable, because
Twilio's exceptions drop ``Retry-After``. Nothing is logged: forms hold phone numbers and texts.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from contextvars import ContextVar

import aiohttp
from twilio.http import AsyncHttpClient
from twilio.http.response import Response

_last_headers: ContextVar[Mapping[str, str] | None] = ContextVar("twilio_last_headers",
                                                                default=None)


class AiohttpSessions:
    """The channel's one ``aiohttp.ClientSession``, opened lazily inside the running loop."""

    def __init__(self, timeout: float) -> None:
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None

    def get(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self._timeout, trust_env=False)
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


class AiohttpTwilioClient(AsyncHttpClient):
    """An ``AsyncHttpClient`` for ``twilio.rest.Client`` (``create_async`` and friends)."""

    def __init__(self, sessions: AiohttpSessions, timeout: float) -> None:
        super().__init__(logger=logging.getLogger(__name__), is_async=True, timeout=timeout)
        self._sessions = sessions

    async def request(self, method: str, url: str, params: dict[str, object] | None = None,
                      data: dict[str, object] | None = None,
                      headers: dict[str, str] | None = None,
                      auth: tuple[str, str] | None = None, timeout: float | None = None,
                      allow_redirects: bool = False) -> Response:
        """One API call; the headers of its answer are ``last_headers()`` afterwards."""
        _last_headers.set(None)
        request_headers = dict(headers or {})
        if auth is not None:
            request_headers["Authorization"] = aiohttp.encode_basic_auth(*auth)
        async with self._sessions.get().request(
                method.upper(), url, params=_form(params), data=_form(data),
                headers=request_headers, allow_redirects=allow_redirects,
                timeout=aiohttp.ClientTimeout(total=timeout or self.timeout)) as answer:
            text = await answer.text()
            _last_headers.set(answer.headers)
            return Response(answer.status, text, answer.headers)

    @staticmethod
    def last_headers() -> Mapping[str, str]:
        """The headers of this task's last answer (empty when none came)."""
        return _last_headers.get() or {}


def _form(values: Mapping[str, object] | None) -> list[tuple[str, str]] | None:
    """Twilio's parameters as form pairs: a list value repeats its key, None is left out."""
    if values is None:
        return None
    return [(key, str(item)) for key, value in values.items()
            for item in (value if isinstance(value, list | tuple) else [value])
            if item is not None]
