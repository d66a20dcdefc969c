"""FakeTelegram: a loopback Bot API server that aiogram talks to as if it were Telegram.

Requests: ``{api_base}/bot{token}/{method}`` (JSON, urlencoded or multipart, as aiogram
sends them); files: ``{api_base}/file/bot{token}/{file_path}``. Answers are shaped like
Telegram's, errors included (``{"ok": false, "error_code": 429, ..., "parameters":
{"retry_after": 1}}``).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import threading
import time
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from tests.fakes.server import Call, Failure, LoopbackServer, Upload, apply_failure
from tests.fakes.telegram_updates import BOT_USER, UpdateBuilder

TOKEN = "123456789:AAFakeTokenForHaloLamselTests_abcdefgh"
MAX_DOWNLOAD = 20 * 1024 * 1024
METHODS = {m.lower(): m for m in (
    "getMe", "sendMessage", "sendPhoto", "sendDocument", "sendLocation", "sendVenue",
    "editMessageText", "editMessageReplyMarkup", "answerCallbackQuery", "sendChatAction",
    "setWebhook", "deleteWebhook", "getWebhookInfo", "getFile", "getUpdates",
)}
JSON_FIELDS = {"reply_markup", "entities", "caption_entities", "media", "allowed_updates",
               "link_preview_options", "reply_parameters"}
DESCRIPTIONS = {
    400: "Bad Request: chat not found",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request",
    500: "Internal Server Error",
    502: "Bad Gateway",
}
NOT_MODIFIED = ("Bad Request: message is not modified: specified new message content and "
                "reply markup are exactly the same as a current content and reply markup "
                "of the message")
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


class ApiError(Exception):
    """A Telegram error answer raised from a method handler."""

    def __init__(self, status: int, description: str | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description or DESCRIPTIONS.get(status, "Error")


def error_body(status: int, description: str | None = None,
               retry_after: int | None = None) -> dict[str, Any]:
    """An error exactly as the Bot API writes it."""
    body: dict[str, Any] = {"ok": False, "error_code": status,
                            "description": description or DESCRIPTIONS.get(status, "Error")}
    if retry_after is not None:
        body["description"] = description or f"Too Many Requests: retry after {retry_after}"
        body["parameters"] = {"retry_after": retry_after}
    return body


@dataclass(frozen=True)
class StoredFile:
    data: bytes
    mime: str
    file_path: str
    declared_size: int


class FakeTelegram(LoopbackServer, UpdateBuilder):
    """The Bot API on loopback. ``with FakeTelegram() as tg: ...`` or a pytest fixture."""

    def __init__(self, token: str = TOKEN) -> None:
        LoopbackServer.__init__(self)
        UpdateBuilder.__init__(self)
        self.token = token
        self.webhook: dict[str, Any] | None = None
        self._lock = threading.Lock()
        self._files: dict[str, StoredFile] = {}
        self._paths: dict[str, str] = {}
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._blocked: set[int] = set()
        self._updates: list[dict[str, Any]] = []
        self._ids = itertools.count(1)

    # --- test controls ---------------------------------------------------------------------

    def add_file(self, data: bytes, mime: str = "image/jpeg", *,
                 declared_size: int | None = None) -> str:
        """Host a citizen's file; returns its file_id (``declared_size`` may lie)."""
        n = next(self._ids)
        folder = "photos" if mime.startswith("image/") else "documents"
        stored = StoredFile(data, mime, f"{folder}/file_{n}.{mime.rsplit('/', 1)[-1]}",
                            len(data) if declared_size is None else declared_size)
        file_id = f"AgACAgUAAxkBAAI{n:06d}"
        with self._lock:
            self._files[file_id] = stored
            self._paths[stored.file_path] = file_id
        return file_id

    def fail_next(self, method: str, status: int = 429, retry_after: int | None = 1,
                  times: int = 1, description: str | None = None) -> None:
        """Answer the next ``times`` calls of ``method`` with an error, as Telegram does."""
        body = error_body(status, description, retry_after if status == 429 else None)
        self.failures.push(method, Failure(status=status, body=body, times=times))

    def fail_during(self, method: str, seconds: float, status: int = 429,
                    retry_after: int | None = 1, description: str | None = None) -> None:
        """Answer every call of ``method`` with an error for the next ``seconds``."""
        body = error_body(status, description, retry_after if status == 429 else None)
        self.failures.push_window(method, Failure(status=status, body=body), seconds)

    def stall_next(self, method: str, seconds: float, times: int = 1) -> None:
        """Delay the next calls of ``method`` (then answer normally)."""
        self.failures.push(method, Failure(status=0, body={}, delay=seconds, times=times))

    def stall_during(self, method: str, seconds: float, window: float) -> None:
        """Delay by ``seconds`` every call of ``method`` arriving in the next ``window``
        seconds (then answer normally); later calls are answered at once."""
        self.failures.push_window(method, Failure(status=0, body={}, delay=seconds), window)

    def block_chat(self, chat_id: int) -> None:
        """The user blocked the bot: every send to this chat gets 403."""
        with self._lock:
            self._blocked.add(chat_id)

    def push_update(self, update: dict[str, Any]) -> None:
        """Queue an update for getUpdates (polling mode)."""
        with self._lock:
            self._updates.append(update)

    def sent(self, method: str) -> list[Call]:
        """Successful calls of ``method``."""
        return [c for c in self.calls(method) if c.ok]

    def message(self, chat_id: int, message_id: int) -> dict[str, Any] | None:
        with self._lock:
            return self._messages.get((chat_id, message_id))

    # --- HTTP ------------------------------------------------------------------------------

    def build_app(self) -> web.Application:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._file)
        return app

    async def _api(self, request: web.Request) -> web.Response:
        method = METHODS.get(request.match_info["method"].lower(),
                             request.match_info["method"])
        params = await _decode(request)
        if request.match_info["token"] != self.token:
            return self._answer(method, params, 401, error_body(401))
        injected = await apply_failure(self.failures.take(method))
        if injected is not None:
            self.journal.record(Call(method, params, injected.status))
            return injected
        handler = getattr(self, "_m_" + method.lower()) if method in METHODS.values() else None
        if handler is None:
            return self._answer(method, params, 404, error_body(404))
        try:
            result = handler(params)
            if asyncio.iscoroutine(result):
                result = await result
        except ApiError as exc:
            return self._answer(method, params, exc.status, error_body(exc.status,
                                                                       exc.description))
        return self._answer(method, params, 200, {"ok": True, "result": result})

    def _answer(self, method: str, params: dict[str, Any], status: int,
                body: dict[str, Any]) -> web.Response:
        self.journal.record(Call(method, params, status))
        return web.json_response(body, status=status)

    async def _file(self, request: web.Request) -> web.Response:
        path = request.match_info["path"]
        with self._lock:
            file_id = self._paths.get(path)
            stored = self._files.get(file_id) if file_id else None
        if request.match_info["token"] != self.token or stored is None:
            self.journal.record(Call("file", {"path": path}, 404))
            return web.json_response(error_body(404), status=404)
        self.journal.record(Call("file", {"path": path}, 200))
        return web.Response(body=stored.data, content_type=stored.mime)

    # --- Bot API methods -------------------------------------------------------------------

    def _m_getme(self, params: dict[str, Any]) -> dict[str, Any]:
        return {**BOT_USER, "can_join_groups": True, "can_read_all_group_messages": False,
                "supports_inline_queries": False}

    def _m_sendmessage(self, params: dict[str, Any]) -> dict[str, Any]:
        text = params.get("text")
        if not text:
            raise ApiError(400, "Bad Request: message text is empty")
        return self._new_message(params, text=text)

    def _m_sendphoto(self, params: dict[str, Any]) -> dict[str, Any]:
        file_id, size = self._incoming_file(params.get("photo"), "image/jpeg")
        photo = [{"file_id": file_id, "file_unique_id": file_id[-10:], "width": 800,
                  "height": 600, "file_size": size}]
        return self._new_message(params, photo=photo, caption=params.get("caption"))

    def _m_senddocument(self, params: dict[str, Any]) -> dict[str, Any]:
        upload = params.get("document")
        file_id, size = self._incoming_file(upload, "application/octet-stream")
        document = {"file_id": file_id, "file_unique_id": file_id[-10:], "file_size": size}
        if isinstance(upload, Upload):
            document |= {"file_name": upload.filename, "mime_type": upload.content_type}
        return self._new_message(params, document=document, caption=params.get("caption"))

    def _m_sendlocation(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._new_message(params, location=_location(params))

    def _m_sendvenue(self, params: dict[str, Any]) -> dict[str, Any]:
        location = _location(params)
        venue = {"location": location, "title": params.get("title"),
                 "address": params.get("address")}
        if not venue["title"] or not venue["address"]:
            raise ApiError(400, "Bad Request: venue title and address must be non-empty")
        return self._new_message(params, location=location, venue=venue)

    def _m_editmessagetext(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._edit(params, {"text": params.get("text")})

    def _m_editmessagereplymarkup(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._edit(params, {})

    def _m_answercallbackquery(self, params: dict[str, Any]) -> bool:
        if not params.get("callback_query_id"):
            raise ApiError(400, "Bad Request: query is too old and response timeout expired "
                                "or query ID is invalid")
        return True

    def _m_sendchataction(self, params: dict[str, Any]) -> bool:
        self._chat_id(params)
        return True

    def _m_setwebhook(self, params: dict[str, Any]) -> bool:
        secret = params.get("secret_token")
        if secret and not _SECRET.match(secret):
            raise ApiError(400, "Bad Request: secret token contains unallowed characters")
        with self._lock:
            self.webhook = {"url": params.get("url", ""), "secret_token": secret}
        return True

    def _m_deletewebhook(self, params: dict[str, Any]) -> bool:
        with self._lock:
            self.webhook = None
        return True

    def _m_getwebhookinfo(self, params: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            url = self.webhook["url"] if self.webhook else ""
            return {"url": url, "has_custom_certificate": False,
                    "pending_update_count": len(self._updates)}

    def _m_getfile(self, params: dict[str, Any]) -> dict[str, Any]:
        file_id = str(params.get("file_id", ""))
        with self._lock:
            stored = self._files.get(file_id)
        if stored is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        if stored.declared_size > MAX_DOWNLOAD:
            raise ApiError(400, "Bad Request: file is too big")
        return {"file_id": file_id, "file_unique_id": file_id[-10:],
                "file_size": stored.declared_size, "file_path": stored.file_path}

    async def _m_getupdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        if self.webhook is not None:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is "
                                "active; use deleteWebhook to delete the webhook first")
        offset = int(params.get("offset") or 0)
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), 5.0)
        while True:
            with self._lock:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
                ready = list(self._updates)
            if ready or time.monotonic() >= deadline:
                return ready[: int(params.get("limit") or 100)]
            await asyncio.sleep(0.01)

    # --- helpers ---------------------------------------------------------------------------

    def _chat_id(self, params: dict[str, Any]) -> int:
        try:
            chat_id = int(params.get("chat_id", ""))
        except ValueError:
            raise ApiError(400) from None
        with self._lock:
            if chat_id in self._blocked:
                raise ApiError(403)
        return chat_id

    def _new_message(self, params: dict[str, Any], **content: Any) -> dict[str, Any]:
        chat_id = self._chat_id(params)
        message = {"message_id": next(self._ids), "from": BOT_USER, "date": int(time.time()),
                   "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
                   **{k: v for k, v in content.items() if v is not None}}
        markup = params.get("reply_markup")
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        with self._lock:
            self._messages[(chat_id, message["message_id"])] = message
        return message

    def _edit(self, params: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._chat_id(params)
        key = (chat_id, int(params.get("message_id") or 0))
        markup = params.get("reply_markup")
        new = {k: v for k, v in changes.items() if v is not None}
        if isinstance(markup, dict) and markup.get("inline_keyboard"):
            new["reply_markup"] = markup
        with self._lock:
            old = self._messages.get(key)
            if old is None:
                raise ApiError(400, "Bad Request: message to edit not found")
            edited = {k: v for k, v in old.items() if k != "reply_markup"} | new
            if edited == old:
                raise ApiError(400, NOT_MODIFIED)
            edited["edit_date"] = int(time.time())
            self._messages[key] = edited
        return edited

    def _incoming_file(self, value: Any, default_mime: str) -> tuple[str, int]:
        if isinstance(value, Upload):
            file_id = self.add_file(value.data, value.content_type or default_mime)
            return file_id, len(value.data)
        with self._lock:
            stored = self._files.get(str(value))
        if stored is None:
            raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        return str(value), stored.declared_size


def _location(params: dict[str, Any]) -> dict[str, float]:
    try:
        return {"latitude": float(params["latitude"]), "longitude": float(params["longitude"])}
    except (KeyError, ValueError):
        raise ApiError(400, "Bad Request: wrong latitude or longitude") from None


async def _decode(request: web.Request) -> dict[str, Any]:
    """Params from the query, a JSON body, or a form (urlencoded or multipart)."""
    params: dict[str, Any] = dict(request.query)
    if request.content_type == "application/json":
        params.update(await request.json())
    elif request.can_read_body:
        for key, value in (await request.post()).items():
            params[key] = (Upload(value.filename, value.content_type, value.file.read())
                           if isinstance(value, web.FileField) else value)
    for key, value in list(params.items()):
        if isinstance(value, str) and value.startswith("attach://"):
            params[key] = params.pop(value.removeprefix("attach://"), value)
        elif key in JSON_FIELDS and isinstance(value, str):
            params[key] = json.loads(value)
    return params
