"""FakeTwilio: a loopback Twilio REST API (Messages) with authenticated media hosting.

``POST /2010-04-01/Accounts/{AccountSid}/Messages.json`` takes the form the twilio
library sends, with HTTP basic auth; media added with ``add_media`` is served at
``GET /media/{id}`` only with the account credentials (optionally redirecting to a
short-lived ``/cdn/{id}`` URL, as Twilio redirects to its CDN). Also builds signed
WhatsApp webhook forms.
"""

from __future__ import annotations

import base64
import itertools
import secrets
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from email.utils import formatdate
from typing import Any

from aiohttp import BasicAuth, web
from twilio.request_validator import RequestValidator

from tests.fakes.server import Call, Failure, LoopbackServer, apply_failure

ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
AUTH_TOKEN = "fake_twilio_auth_token_0123456789"
WHATSAPP_FROM = "whatsapp:+14155238886"
MESSAGE_FIELDS = ("To", "From", "Body", "ContentSid", "ContentVariables", "StatusCallback",
                  "MessagingServiceSid")
LIST_FIELDS = ("MediaUrl", "PersistentAction")
ERRORS = {
    20003: "Authenticate",
    20404: "The requested resource was not found",
    20429: "Too Many Requests",
    20500: "Internal Server Error",
    21602: "Message body is required.",
    21604: "A 'To' phone number is required.",
    63016: ("Failed to send freeform message because you are outside the allowed window. "
            "If you are using WhatsApp, please use a Message Template."),
}


def error_body(status: int, code: int, message: str | None = None) -> dict[str, Any]:
    """An error as the Twilio REST API writes it."""
    return {"code": code, "message": message or ERRORS.get(code, "Error"),
            "more_info": f"https://www.twilio.com/docs/errors/{code}", "status": status}


def signed_post_params(url: str, params: dict[str, str],
                       auth_token: str = AUTH_TOKEN) -> tuple[dict[str, str], dict[str, str]]:
    """The form and headers of a webhook POST to ``url`` as Twilio signs it."""
    signature = RequestValidator(auth_token).compute_signature(url, params)
    headers = {"X-Twilio-Signature": signature,
               "Content-Type": "application/x-www-form-urlencoded"}
    return dict(params), headers


class FormBuilder:
    """WhatsApp webhook forms like Twilio posts them, each with a new MessageSid."""

    def __init__(self, account_sid: str = ACCOUNT_SID, to: str = WHATSAPP_FROM) -> None:
        self._account_sid = account_sid
        self._to = to

    def incoming_form(
        self,
        body: str = "",
        *,
        from_: str = "whatsapp:+6281234567890",
        profile_name: str = "Siti Aminah",
        media: Sequence[tuple[str, str]] = (),
        latitude: float | None = None,
        longitude: float | None = None,
        address: str | None = None,
        label: str | None = None,
        button_payload: str | None = None,
    ) -> dict[str, str]:
        sid = "SM" + secrets.token_hex(16)
        form = {
            "SmsMessageSid": sid, "MessageSid": sid, "SmsSid": sid, "AccountSid": self._account_sid,
            "From": from_, "To": self._to, "Body": body, "NumMedia": str(len(media)),
            "NumSegments": "1", "SmsStatus": "received", "ApiVersion": "2010-04-01",
            "ProfileName": profile_name, "WaId": from_.removeprefix("whatsapp:+"),
            "MessageType": _message_type(media, latitude, button_payload),
        }
        for index, (url, mime) in enumerate(media):
            form[f"MediaUrl{index}"] = url
            form[f"MediaContentType{index}"] = mime
        if latitude is not None and longitude is not None:
            form |= {"Latitude": str(latitude), "Longitude": str(longitude)}
            form |= {k: v for k, v in (("Address", address), ("Label", label)) if v}
        if button_payload is not None:
            form |= {"ButtonPayload": button_payload, "ButtonText": body}
        return form


def _message_type(media: Sequence[tuple[str, str]], latitude: float | None,
                  button: str | None) -> str:
    if button is not None:
        return "button"
    if latitude is not None:
        return "location"
    if media:
        return "image" if media[0][1].startswith("image/") else "document"
    return "text"


@dataclass(frozen=True)
class HostedMedia:
    data: bytes
    mime: str
    redirect: bool = False
    chunked: bool = False  # no Content-Length: the client must count


class FakeTwilio(LoopbackServer, FormBuilder):
    """Twilio's Messages API and media on loopback. Endpoints: "messages", "media"."""

    def __init__(self, account_sid: str = ACCOUNT_SID, auth_token: str = AUTH_TOKEN,
                 whatsapp_from: str = WHATSAPP_FROM) -> None:
        LoopbackServer.__init__(self)
        FormBuilder.__init__(self, account_sid, whatsapp_from)
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.whatsapp_from = whatsapp_from
        self._lock = threading.Lock()
        self._media: dict[str, HostedMedia] = {}
        self._cdn_tokens: dict[str, str] = {}
        self._closed_windows: set[str] = set()
        self._ids = itertools.count(1)

    # --- test controls ---------------------------------------------------------------------

    def add_media(self, data: bytes, mime: str, *, redirect: bool = False,
                  chunked: bool = False) -> str:
        """Host a citizen's media; returns its MediaUrl (needs basic auth to fetch)."""
        media_id = f"ME{next(self._ids):032x}"
        with self._lock:
            self._media[media_id] = HostedMedia(data, mime, redirect, chunked)
        return f"{self.api_base}/media/{media_id}"

    def fail_next(self, endpoint: str = "messages", status: int = 429, *,
                  code: int | None = None, retry_after: int | None = None,
                  times: int = 1) -> None:
        """Answer the next ``times`` requests to "messages" or "media" with an error."""
        code = code or {429: 20429, 401: 20003, 404: 20404}.get(status, 20500)
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        self.failures.push(endpoint, Failure(status=status, body=error_body(status, code),
                                             headers=headers, times=times))

    def close_window(self, number: str) -> None:
        """``number`` wrote more than 24 hours ago: freeform sends get 63016."""
        with self._lock:
            self._closed_windows.add(number)

    def signed_post_params(self, url: str, params: dict[str, str]
                           ) -> tuple[dict[str, str], dict[str, str]]:
        return signed_post_params(url, params, self.auth_token)

    def sent(self) -> list[Call]:
        """Messages the API accepted."""
        return [c for c in self.calls("messages") if c.ok]

    # --- HTTP ------------------------------------------------------------------------------

    def build_app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/2010-04-01/Accounts/{sid}/Messages.json", self._messages)
        app.router.add_post("/2010-04-01/Accounts/{sid}/Calls.json", self._calls)
        app.router.add_get("/media/{media_id}", self._media_get)
        app.router.add_get("/cdn/{media_id}", self._cdn_get)
        return app

    async def _messages(self, request: web.Request) -> web.Response:
        form = await request.post()
        params: dict[str, Any] = {k: form.get(k) for k in MESSAGE_FIELDS if k in form}
        params |= {k: list(form.getall(k)) for k in LIST_FIELDS if k in form}
        if not self._authorized(request) or request.match_info["sid"] != self.account_sid:
            return self._error("messages", params, 401, 20003)
        injected = await apply_failure(self.failures.take("messages"))
        if injected is not None:
            self.journal.record(Call("messages", params, injected.status))
            return injected
        problem = self._check_message(params)
        if problem is not None:
            return self._error("messages", params, 400, problem)
        self.journal.record(Call("messages", params, 201))
        return web.json_response(self._message_resource(params), status=201)

    async def _calls(self, request: web.Request) -> web.Response:
        """Voice calls (alert escalation): To, From and inline Twiml are recorded."""
        form = await request.post()
        params: dict[str, Any] = {k: form.get(k) for k in ("To", "From", "Twiml", "Url")
                                  if k in form}
        if not self._authorized(request) or request.match_info["sid"] != self.account_sid:
            return self._error("calls", params, 401, 20003)
        injected = await apply_failure(self.failures.take("calls"))
        if injected is not None:
            self.journal.record(Call("calls", params, injected.status))
            return injected
        if not params.get("To") or not (params.get("Twiml") or params.get("Url")):
            return self._error("calls", params, 400, 21201)
        self.journal.record(Call("calls", params, 201))
        sid = "CA" + secrets.token_hex(16)
        return web.json_response({
            "sid": sid, "account_sid": self.account_sid, "to": params["To"],
            "from": params.get("From"), "status": "queued", "api_version": "2010-04-01",
            "uri": f"/2010-04-01/Accounts/{self.account_sid}/Calls/{sid}.json",
        }, status=201)

    def _check_message(self, params: dict[str, Any]) -> int | None:
        if not params.get("To"):
            return 21604
        if not (params.get("Body") or params.get("MediaUrl") or params.get("ContentSid")):
            return 21602
        with self._lock:
            closed = params["To"] in self._closed_windows
        return 63016 if closed and not params.get("ContentSid") else None

    def _message_resource(self, params: dict[str, Any]) -> dict[str, Any]:
        sid = "SM" + secrets.token_hex(16)
        now = formatdate(usegmt=True)
        uri = f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}.json"
        return {
            "account_sid": self.account_sid, "api_version": "2010-04-01",
            "body": params.get("Body", ""), "date_created": now, "date_sent": None,
            "date_updated": now, "direction": "outbound-api", "error_code": None,
            "error_message": None, "from": params.get("From"), "messaging_service_sid": None,
            "num_media": str(len(params.get("MediaUrl", []))), "num_segments": "1",
            "price": None, "price_unit": "USD", "sid": sid, "status": "queued",
            "subresource_uris": {"media": uri.replace(".json", "/Media.json")},
            "to": params.get("To"), "uri": uri,
        }

    async def _media_get(self, request: web.Request) -> web.StreamResponse:
        media_id = request.match_info["media_id"]
        params = {"media_id": media_id}
        if not self._authorized(request):
            return self._error("media", params, 401, 20003)
        injected = await apply_failure(self.failures.take("media"))
        if injected is not None:
            self.journal.record(Call("media", params, injected.status))
            return injected
        with self._lock:
            found = self._media.get(media_id)
        if found is None:
            return self._error("media", params, 404, 20404)
        self.journal.record(Call("media", params, 307 if found.redirect else 200))
        if found.redirect:
            token = secrets.token_urlsafe(16)
            with self._lock:
                self._cdn_tokens[token] = media_id
            raise web.HTTPTemporaryRedirect(f"/cdn/{media_id}?Signature={token}")
        return await _serve(request, found)

    async def _cdn_get(self, request: web.Request) -> web.StreamResponse:
        media_id = request.match_info["media_id"]
        with self._lock:
            valid = self._cdn_tokens.get(request.query.get("Signature", "")) == media_id
            found = self._media.get(media_id)
        params = {"media_id": media_id, "authorization": "Authorization" in request.headers}
        if not valid or found is None:
            self.journal.record(Call("cdn", params, 403))
            return web.Response(status=403, text="AccessDenied")
        self.journal.record(Call("cdn", params, 200))
        return await _serve(request, found)

    def _authorized(self, request: web.Request) -> bool:
        header = request.headers.get("Authorization", "")
        try:
            auth = BasicAuth.decode(header)
        except ValueError:
            return False
        expected = base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode())
        given = base64.b64encode(f"{auth.login}:{auth.password}".encode())
        return secrets.compare_digest(expected, given)

    def _error(self, endpoint: str, params: dict[str, Any], status: int,
               code: int) -> web.Response:
        self.journal.record(Call(endpoint, params, status))
        return web.json_response(error_body(status, code), status=status)


async def _serve(request: web.Request, media: HostedMedia) -> web.StreamResponse:
    if not media.chunked:
        return web.Response(body=media.data, content_type=media.mime)
    response = web.StreamResponse(headers={"Content-Type": media.mime})
    response.enable_chunked_encoding()
    await response.prepare(request)
    for start in range(0, len(media.data), 64 * 1024):
        await response.write(media.data[start:start + 64 * 1024])
    await response.write_eof()
    return response
