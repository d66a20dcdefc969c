"""WhatsApp channel through Twilio: signed webhook forms in, Messages API calls out.

Thin like the Telegram adapter: ``parse_form`` makes an InboundMessage, and
``WhatsAppChannel`` makes one Messages API call per OutboundMessage, translating
Twilio's errors into SendError / DownloadError.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from twilio.base.exceptions import TwilioException
from twilio.request_validator import RequestValidator
from twilio.rest import Client

from backend.core.media import WHATSAPP_MAX_BYTES
from backend.core.messages import Channel, InboundMessage, Location, MediaRef, OutboundMessage
from bot.errors import DownloadError, SendError
from bot.twilio_http import AiohttpSessions, AiohttpTwilioClient

DEFAULT_API_BASE = "https://api.twilio.com"
LOCATION_HINT = "📍 Kirim lokasi: ketuk 📎 (atau +) → Lokasi → Lokasi saat ini."
WINDOW_CLOSED = "63016"  # freeform message outside the 24-hour customer window
MAX_MEDIA = 10


# --- inbound -------------------------------------------------------------------------------

def parse_form(form: Mapping[str, str]) -> InboundMessage:
    """A Twilio WhatsApp webhook form as a neutral message.

    Raises ValueError when the form has no MessageSid or From (not a message webhook).
    """
    sid = form.get("MessageSid") or form.get("SmsMessageSid")
    sender = form.get("From")
    if not sid or not sender:
        raise ValueError("not a Twilio message webhook")
    return InboundMessage(
        channel=Channel.WHATSAPP,
        platform_id=sid,
        sender=sender,
        sender_name=form.get("ProfileName") or None,
        text=form.get("Body") or None,
        payload=form.get("ButtonPayload") or form.get("ListId") or None,
        media=_media(form),
        location=_location(form),
    )


def signature_ok(url: str, params: Mapping[str, str], signature: str | None,
                 auth_token: str) -> bool:
    """Whether ``X-Twilio-Signature`` signs ``url`` + ``params`` with the auth token.

    ``url`` is the public URL Twilio posted to (HALO_PUBLIC_URL + path + query).
    """
    if not signature or not auth_token:
        return False
    return bool(RequestValidator(auth_token).validate(url, params, signature))


def _media(form: Mapping[str, str]) -> list[MediaRef]:
    try:
        count = min(int(form.get("NumMedia") or 0), MAX_MEDIA)
    except ValueError:
        count = 0
    refs = []
    for index in range(count):
        url = form.get(f"MediaUrl{index}")
        if url:
            refs.append(MediaRef(platform_ref=url,
                                 declared_mime=form.get(f"MediaContentType{index}") or None))
    return refs


def _location(form: Mapping[str, str]) -> Location | None:
    if not form.get("Latitude") or not form.get("Longitude"):
        return None
    try:
        return Location(latitude=float(form["Latitude"]), longitude=float(form["Longitude"]),
                        address=form.get("Address") or None, label=form.get("Label") or None)
    except ValueError:  # includes pydantic's ValidationError (out of range)
        return None


# --- outbound ------------------------------------------------------------------------------

def render_text(msg: OutboundMessage, *, location_hint: str = LOCATION_HINT) -> str:
    """The message body: text, then choices as numbered lines, then the location hint.

    Choices are numbered from 1 in button order, so a reply "2" means
    ``msg.buttons[1].payload``.
    """
    parts = [msg.text.strip()] if msg.text.strip() else []
    if msg.buttons:
        parts.append("\n".join(f"{n}. {b.label}" for n, b in enumerate(msg.buttons, 1)))
    if msg.request_location:
        parts.append(location_hint)
    return "\n\n".join(parts)


class WhatsAppChannel:
    """Sends neutral messages through Twilio's Messages API and fetches citizens' media."""

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        whatsapp_from: str,
        api_base: str = DEFAULT_API_BASE,
        public_url: str = "",
        *,
        template_content_sid: str = "",
        timeout: float = 15.0,
    ) -> None:
        self._account_sid = account_sid
        self._auth_token = auth_token
        self._from = _address(whatsapp_from)
        self._api_base = api_base.rstrip("/")
        self.public_url = public_url.rstrip("/")
        self._template_sid = template_content_sid
        self._http = AiohttpSessions(timeout=timeout * 2)  # media, and the API calls
        self._http_client = AiohttpTwilioClient(self._http, timeout=timeout)
        self._client = Client(account_sid, auth_token, http_client=self._http_client)
        self._client.api.base_url = self._api_base

    async def send(self, msg: OutboundMessage, media_url: str | None = None) -> str:
        """Send one message (one API call); returns the MessageSid.

        ``msg.template`` sends the configured Content template with ``{"1": msg.text}``
        as its variables (the only way to write outside the 24-hour window).
        """
        params = self._params(msg, media_url)
        try:
            return str((await self._client.messages.create_async(**params)).sid)
        except TwilioException as exc:
            raise _translate(exc, self._http_client.last_headers()) from None
        except (aiohttp.ClientError, TimeoutError):
            raise SendError("twilio: network error") from None

    async def download(self, url: str, max_bytes: int = WHATSAPP_MAX_BYTES) -> bytes:
        """A MediaUrlN's bytes, fetched with the account credentials, refused beyond max."""
        headers = ({"Authorization": aiohttp.encode_basic_auth(self._account_sid,
                                                               self._auth_token)}
                   if self._trusted(url) else {})
        try:  # aiohttp drops the credentials when a redirect leaves the origin
            async with self._http.get().get(url, headers=headers) as response:
                _check_media_response(response, max_bytes)
                return await _read_limited(response, max_bytes)
        except (aiohttp.ClientError, TimeoutError):
            raise DownloadError("twilio media download failed") from None

    async def close(self) -> None:
        await self._http.close()

    def _params(self, msg: OutboundMessage, media_url: str | None) -> dict[str, Any]:
        params: dict[str, Any] = {"to": _address(msg.recipient), "from_": self._from}
        if msg.template:
            if not self._template_sid:
                raise SendError("twilio: no template content sid configured", permanent=True,
                                code="template_missing")
            params["content_sid"] = self._template_sid
            params["content_variables"] = json.dumps({"1": msg.text}, ensure_ascii=False)
            return params
        body = render_text(msg)
        if msg.location is not None:
            loc = msg.location
            place = loc.label or loc.address or ""
            params["persistent_action"] = [f"geo:{loc.latitude},{loc.longitude}|{place}"]
            body = body or place or "📍"
        if media_url:
            params["media_url"] = [media_url]
        if not body and not media_url:
            raise SendError("twilio: nothing to send", permanent=True)
        if body:
            params["body"] = body
        return params

    def _trusted(self, url: str) -> bool:
        """Credentials go only to the API origin or Twilio's own https hosts."""
        parts = urlsplit(url)
        if _origin(url) == _origin(self._api_base):
            return True
        host = parts.hostname or ""
        return parts.scheme == "https" and (host == "twilio.com" or host.endswith(".twilio.com"))


def _address(number: str) -> str:
    return number if number.startswith("whatsapp:") else f"whatsapp:{number}"


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    return parts.scheme, parts.hostname or "", parts.port


def _translate(exc: TwilioException, headers: Mapping[str, str]) -> SendError:
    """Classify a Twilio error; messages carry status and code only (Twilio's text may
    quote the phone number)."""
    status = getattr(exc, "status", None)
    raw_code = getattr(exc, "code", None)
    code = str(raw_code) if raw_code is not None else None
    if status is None:
        return SendError("twilio: client error", permanent=True, code=code)
    if status == 429 or status >= 500:
        return SendError(f"twilio: HTTP {status}", retry_after=_retry_after(headers), code=code)
    return SendError(f"twilio: HTTP {status} error {code}", permanent=True, code=code)


def _retry_after(headers: Mapping[str, str]) -> float | None:
    value = headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, (parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds())
    except (TypeError, ValueError):
        return None


def _check_media_response(response: aiohttp.ClientResponse, max_bytes: int) -> None:
    if response.status != 200:
        raise DownloadError(f"twilio media: HTTP {response.status}",
                            permanent=response.status in (401, 403, 404))
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise DownloadError("media larger than allowed", too_large=True)


async def _read_limited(response: aiohttp.ClientResponse, max_bytes: int) -> bytes:
    chunks: list[bytes] = []
    total = 0
    async for chunk in response.content.iter_any():
        total += len(chunk)
        if total > max_bytes:
            raise DownloadError("media larger than allowed", too_large=True)
        chunks.append(chunk)
    return b"".join(chunks)
