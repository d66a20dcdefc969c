"""Telegram channel (aiogram 3): webhook updates in, Bot API calls out.

Nothing here knows about dialogs or the database: ``parse_update`` turns an update
into an InboundMessage and ``TelegramChannel`` turns an OutboundMessage into one
Bot API call, translating aiogram's errors into SendError / DownloadError.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Sequence
from contextlib import aclosing
from pathlib import Path
from typing import Any, TypeVar

import aiohttp
import structlog
from aiogram import Bot, methods
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.base import Response
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramAPIError,
    TelegramBadRequest,
    TelegramConflictError,
    TelegramEntityTooLarge,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.types import (
    CallbackQuery,
    FSInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    Update,
    User,
)
from pydantic import ValidationError

from backend.core.media import MB, TELEGRAM_MAX_BYTES, detect_mime
from backend.core.messages import (
    Button,
    Channel,
    InboundMessage,
    Location,
    MediaRef,
    OutboundMessage,
)
from bot.errors import DownloadError, SendError

log = structlog.get_logger(__name__)
T = TypeVar("T")

DEFAULT_API_BASE = "https://api.telegram.org"
LOCATION_BUTTON = "📍 Kirim lokasi saya"
PHOTO_MAX_BYTES = 10 * MB  # bigger images go out as documents
_PERMANENT: tuple[tuple[type[TelegramAPIError], str], ...] = (
    (TelegramBadRequest, "400"),
    (TelegramMigrateToChat, "400"),
    (TelegramUnauthorizedError, "401"),
    (TelegramForbiddenError, "403"),
    (TelegramNotFound, "404"),
    (TelegramConflictError, "409"),
    (TelegramEntityTooLarge, "413"),
)
# aiogram reads every answer as ``Response[<the method's result type>]``; pydantic keeps such a
# parametrised model only while something else holds it, so without these references each call
# built the model anew (about 3 % of the app's CPU under load, seen with py-spy).
RESPONSE_MODELS = tuple(Response[method.__returning__]  # type: ignore[name-defined]
                        for method in (methods.SendMessage, methods.EditMessageText,
                                       methods.SendPhoto, methods.SendDocument,
                                       methods.SendLocation, methods.SendVenue,
                                       methods.AnswerCallbackQuery, methods.SendChatAction,
                                       methods.GetFile, methods.SetWebhook,
                                       methods.DeleteWebhook, methods.GetUpdates))
_TRANSIENT = (TelegramServerError, TelegramNetworkError, ClientDecodeError, aiohttp.ClientError,
              TimeoutError)


# --- inbound -------------------------------------------------------------------------------

def secret_ok(header: str | None, expected: str) -> bool:
    """Whether ``X-Telegram-Bot-Api-Secret-Token`` matches, in constant time."""
    return hmac.compare_digest((header or "").encode(), expected.encode())


def parse_update(data: dict[str, Any]) -> InboundMessage | None:
    """One webhook update as a neutral message; None for updates we do not handle.

    Handled: new messages (text, caption, photo, document, location, venue) and
    callback queries. A message with none of those (a sticker, a voice note) comes
    back with no text, media or location, so the dialog can say what it accepts.
    """
    try:
        update = Update.model_validate(data)
    except ValidationError:
        log.warning("telegram.update_invalid", update_id=data.get("update_id"))
        return None
    if update.message is not None:
        return _from_message(update.update_id, update.message)
    if update.callback_query is not None:
        return _from_callback(update.update_id, update.callback_query)
    return None


def _from_message(update_id: int, message: Message) -> InboundMessage:
    return InboundMessage(
        channel=Channel.TELEGRAM,
        platform_id=str(update_id),
        sender=str(message.chat.id),
        sender_name=_full_name(message.from_user),
        text=message.text or message.caption,
        media=_media(message),
        location=_location(message),
    )


def _from_callback(update_id: int, query: CallbackQuery) -> InboundMessage | None:
    if query.data is None:
        return None
    chat = query.message.chat.id if query.message is not None else query.from_user.id
    return InboundMessage(
        channel=Channel.TELEGRAM,
        platform_id=str(update_id),
        sender=str(chat),
        sender_name=_full_name(query.from_user),
        payload=query.data,
        callback_id=query.id,
        user_id=str(query.from_user.id),
    )


def _full_name(user: User | None) -> str | None:
    if user is None:
        return None
    return " ".join(part for part in (user.first_name, user.last_name) if part) or None


def _media(message: Message) -> list[MediaRef]:
    if message.photo:
        largest = max(message.photo, key=lambda size: (size.width * size.height,
                                                        size.file_size or 0))
        return [MediaRef(platform_ref=largest.file_id, declared_mime="image/jpeg",
                         declared_size=largest.file_size)]
    if message.document is not None:
        doc = message.document
        return [MediaRef(platform_ref=doc.file_id, declared_mime=doc.mime_type,
                         declared_size=doc.file_size, file_name=doc.file_name)]
    return []


def _location(message: Message) -> Location | None:
    if message.venue is not None:
        venue = message.venue
        return Location(latitude=venue.location.latitude, longitude=venue.location.longitude,
                        address=venue.address or None, label=venue.title or None)
    if message.location is not None:
        return Location(latitude=message.location.latitude,
                        longitude=message.location.longitude)
    return None


# --- outbound ------------------------------------------------------------------------------

class TelegramChannel:
    """Sends neutral messages and fetches citizens' files through the Bot API.

    Requests go to ``{api_base}/bot{token}/{method}``, files come from
    ``{api_base}/file/bot{token}/{path}`` (a self-hosted Bot API server or a test fake).
    """

    def __init__(
        self,
        token: str,
        api_base: str = DEFAULT_API_BASE,
        *,
        timeout: float = 30.0,
        location_button: str = LOCATION_BUTTON,
    ) -> None:
        session = AiohttpSession(api=TelegramAPIServer.from_base(api_base), timeout=timeout)
        self._bot = Bot(token=token, session=session)
        self._timeout = timeout
        self._location_button = location_button

    async def send(self, msg: OutboundMessage, media_path: Path | None = None) -> str:
        """Send one message (one Bot API call); returns Telegram's message_id."""
        sent = await _call(self._send(msg, media_path))
        return str(sent.message_id)

    async def answer_callback(self, callback_id: str, text: str | None = None) -> None:
        """Stop the button's spinner, optionally with a short toast."""
        await _call(self._bot.answer_callback_query(callback_id, text=text))

    async def edit_text(self, chat_id: str | int, message_id: str | int, text: str,
                        buttons: Sequence[Button] = ()) -> None:
        """Replace a sent message's text and inline buttons (no buttons: removes them).

        Editing to the content it already has counts as done, so retries are safe.
        """
        call = self._bot.edit_message_text(
            text=text, chat_id=_chat_id(chat_id), message_id=int(message_id),
            reply_markup=_inline(buttons) if buttons else None)
        try:
            await _call(call, passthrough=(TelegramBadRequest,))
        except TelegramBadRequest as exc:
            if "message is not modified" not in exc.message:
                raise _translate(exc) from None

    async def typing(self, chat_id: str | int) -> None:
        """Show "typing…" in the chat for a few seconds."""
        await _call(self._bot.send_chat_action(chat_id=_chat_id(chat_id), action="typing"))

    async def download(self, file_id: str, max_bytes: int = TELEGRAM_MAX_BYTES) -> bytes:
        """The file's bytes (getFile, then the file URL), refused beyond ``max_bytes``."""
        try:
            file = await self._bot.get_file(file_id)
        except TelegramBadRequest as exc:
            raise DownloadError("telegram getFile refused the file", permanent=True,
                                too_large="too big" in exc.message) from None
        except TelegramAPIError as exc:
            raise DownloadError("telegram getFile failed",
                                permanent=_translate(exc).permanent) from None
        except _TRANSIENT:
            raise DownloadError("telegram getFile failed") from None
        if file.file_size is not None and file.file_size > max_bytes:
            raise DownloadError("file larger than allowed", too_large=True)
        if not file.file_path:
            raise DownloadError("telegram gave no file path", permanent=True)
        return await self._fetch(file.file_path, max_bytes)

    async def set_webhook(self, url: str, secret_token: str | None = None,
                          drop_pending_updates: bool = False) -> None:
        """Ask Telegram to POST updates to ``url`` with the secret header."""
        await _call(self._bot.set_webhook(url=url, secret_token=secret_token or None,
                                          drop_pending_updates=drop_pending_updates))

    async def delete_webhook(self, drop_pending_updates: bool = False) -> None:
        await _call(self._bot.delete_webhook(drop_pending_updates=drop_pending_updates))

    async def get_updates(self, offset: int | None = None,
                          timeout: int = 25) -> list[dict[str, Any]]:
        """Long-poll for updates (local use); returns raw update dicts for parse_update."""
        updates = await _call(self._bot.get_updates(offset=offset, timeout=timeout,
                                                    request_timeout=timeout + 10))
        return [u.model_dump(mode="json", by_alias=True, exclude_none=True) for u in updates]

    async def close(self) -> None:
        """Close the HTTP session (not the Bot API ``close`` method)."""
        await self._bot.session.close()

    async def _send(self, msg: OutboundMessage, media_path: Path | None) -> Message:
        chat_id = _chat_id(msg.recipient)
        markup = self._markup(msg)
        if media_path is not None:
            return await self._send_file(chat_id, msg, media_path, markup)
        if msg.location is not None:
            return await self._send_location(chat_id, msg, markup)
        if not msg.text.strip():
            raise SendError("telegram: nothing to send", permanent=True)
        return await self._bot.send_message(chat_id=chat_id, text=msg.text, reply_markup=markup)

    async def _send_file(self, chat_id: int | str, msg: OutboundMessage, path: Path,
                         markup: Any) -> Message:
        if not path.is_file():
            raise SendError("telegram: media file missing", permanent=True)
        with path.open("rb") as handle:
            mime = msg.media_mime or detect_mime(handle.read(8192)) or "application/octet-stream"
        caption = msg.text or None
        if mime.startswith("image/") and path.stat().st_size <= PHOTO_MAX_BYTES:
            photo = FSInputFile(path, filename="foto." + mime.split("/")[1])
            return await self._bot.send_photo(chat_id=chat_id, photo=photo, caption=caption,
                                              reply_markup=markup)
        document = FSInputFile(path, filename=msg.media_name or "dokumen." + _extension(mime))
        return await self._bot.send_document(chat_id=chat_id, document=document,
                                             caption=caption, reply_markup=markup)

    async def _send_location(self, chat_id: int | str, msg: OutboundMessage,
                             markup: Any) -> Message:
        loc = msg.location
        assert loc is not None
        title = msg.text or loc.label or loc.address
        if not title:
            return await self._bot.send_location(chat_id=chat_id, latitude=loc.latitude,
                                                 longitude=loc.longitude, reply_markup=markup)
        address = loc.address or loc.label or f"{loc.latitude:.5f}, {loc.longitude:.5f}"
        return await self._bot.send_venue(chat_id=chat_id, latitude=loc.latitude,
                                          longitude=loc.longitude, title=title,
                                          address=address, reply_markup=markup)

    def _markup(self, msg: OutboundMessage) -> InlineKeyboardMarkup | ReplyKeyboardMarkup | None:
        if msg.request_location:
            rows = [[KeyboardButton(text=self._location_button, request_location=True)]]
            rows += [[KeyboardButton(text=button.label)] for button in msg.buttons]
            return ReplyKeyboardMarkup(keyboard=rows, one_time_keyboard=True,
                                       resize_keyboard=True)
        return _inline(msg.buttons) if msg.buttons else None

    async def _fetch(self, file_path: str, max_bytes: int) -> bytes:
        session = self._bot.session
        url = session.api.file_url(self._bot.token, file_path)
        chunks: list[bytes] = []
        total = 0
        try:
            stream = session.stream_content(url=url, timeout=max(1, round(self._timeout)))
            async with aclosing(stream):
                async for chunk in stream:
                    total += len(chunk)
                    if total > max_bytes:
                        raise DownloadError("file larger than allowed", too_large=True)
                    chunks.append(chunk)
        except aiohttp.ClientResponseError as exc:  # the URL holds the token: do not chain
            raise DownloadError("telegram file download failed",
                                permanent=exc.status in (401, 403)) from None
        except (aiohttp.ClientError, TimeoutError):
            raise DownloadError("telegram file download failed") from None
        return b"".join(chunks)


def _inline(buttons: Sequence[Button]) -> InlineKeyboardMarkup:
    """One button per row: labels stay readable on narrow phone screens."""
    return InlineKeyboardMarkup(inline_keyboard=[
        [InlineKeyboardButton(text=b.label, callback_data=b.payload)] for b in buttons])


def _chat_id(recipient: str | int) -> int | str:
    try:
        return int(recipient)
    except ValueError:
        return recipient  # "@channelname"


def _extension(mime: str) -> str:
    return {"application/pdf": "pdf", "image/jpeg": "jpg"}.get(mime, mime.rsplit("/", 1)[-1])


async def _call(
    call: Awaitable[T], passthrough: tuple[type[Exception], ...] = ()
) -> T:
    """Await one Bot API call; aiogram/aiohttp errors become SendError."""
    try:
        return await call
    except passthrough:
        raise
    except (TelegramAPIError, *_TRANSIENT) as exc:
        raise _translate(exc) from None


def _translate(exc: Exception) -> SendError:
    """Classify an aiogram error (messages carry no chat ids or texts)."""
    where = "telegram " + _method_name(exc)
    if isinstance(exc, TelegramRetryAfter):
        return SendError(f"{where}: too many requests", retry_after=float(exc.retry_after),
                         code="429")
    for cls, code in _PERMANENT:
        if isinstance(exc, cls):
            return SendError(f"{where}: {exc.message}", permanent=True, code=code)
    if isinstance(exc, TelegramServerError):
        return SendError(f"{where}: {exc.message}")
    return SendError(f"{where}: {type(exc).__name__}")


def _method_name(exc: Exception) -> str:
    method = getattr(exc, "method", None)
    return getattr(method, "__api_method__", None) or "request"
