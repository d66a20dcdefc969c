"""Twilio's REST calls on httpx, asynchronously: no worker thread and no ``requests`` session
per message (the synchronous client spent ~6 % of a processing process's CPU on them).

It sends through the channel's own ``httpx.AsyncClient`` (one pool per channel, closed with
it); the last answer's headers are kept in a context variable, because Twilio's exceptions drop
``Retry-After``.
"""

from __future__ import annotations

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

    def __init__(self, http: httpx.AsyncClient, timeout: float) -> None:
        super().__init__(logger=logging.getLogger(__name__), is_async=True, timeout=timeout)
        self._http = http

    async def request(self, method: str, url: str, params: dict[str, object] | None = None,
                      data: dict[str, object] | None = None,
                      headers: dict[str, str] | None = None,
                      auth: tuple[str, str] | None = None, timeout: float | None = None,
                      allow_redirects: bool = False) -> Response:
        """One API call (never logged: the form holds phone numbers and texts); the headers
        of its answer are ``last_headers()`` afterwards."""
        _last_headers.set(None)
        answer = await self._http.request(
            method.upper(), url, params=params, data=data, headers=headers,  # type: ignore[arg-type]
            auth=auth, timeout=timeout or self.timeout, follow_redirects=allow_redirects)
        _last_headers.set(answer.headers)
        return Response(answer.status_code, answer.text, answer.headers)

    @staticmethod
    def last_headers() -> Mapping[str, str]:
        """The headers of this task's last answer (empty when none came)."""
        return _last_headers.get() or {}
