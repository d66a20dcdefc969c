"""Escalation over the phone network: SMS and voice calls through Twilio (``<Say id-ID>``)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from xml.sax.saxutils import escape

from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

from backend.core.messages import OutboundMessage
from bot.errors import SendError


def say_twiml(text: str) -> str:
    """TwiML that reads ``text`` aloud in Indonesian, twice."""
    spoken = escape(text)
    return (f'<Response><Say language="id-ID">{spoken}</Say><Pause length="1"/>'
            f'<Say language="id-ID">{spoken}</Say></Response>')


class TwilioAlerts:
    """Sends SMS and places calls from the configured Twilio number."""

    def __init__(self, account_sid: str, auth_token: str, from_number: str,
                 api_base: str = "https://api.twilio.com") -> None:
        self._client = Client(account_sid, auth_token)
        self._client.api.base_url = api_base.rstrip("/")
        self._from = from_number

    def _sms(self, message: OutboundMessage) -> str:
        return self._client.messages.create(to=message.recipient, from_=self._from,
                                            body=message.text).sid

    def _call(self, message: OutboundMessage) -> str:
        return self._client.calls.create(to=message.recipient, from_=self._from,
                                         twiml=say_twiml(message.text)).sid

    async def send_sms(self, message: OutboundMessage) -> str:
        return await self._guard(self._sms, message)

    async def send_call(self, message: OutboundMessage) -> str:
        return await self._guard(self._call, message)

    @staticmethod
    async def _guard(action: Callable[[OutboundMessage], str], message: OutboundMessage) -> str:
        try:
            return await asyncio.to_thread(action, message)
        except TwilioRestException as error:
            transient = error.status == 429 or error.status >= 500
            raise SendError(f"twilio {error.status}", permanent=not transient,
                            code=str(error.code) if error.code else None) from None
