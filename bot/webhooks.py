"""Webhook routes: authenticate, parse, store once, acknowledge. Processing happens after."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response, status
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool

from backend.core.logging import get_logger
from backend.core.messages import InboundMessage
from bot.reception import Reception
from bot.telegram import parse_update, secret_ok
from bot.whatsapp import parse_form, signature_ok

router = APIRouter(prefix="/webhooks", tags=["webhooks"])
log = get_logger(__name__)
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'
MAX_BODY_BYTES = 1_000_000


async def accept(request: Request, message: InboundMessage) -> bool:
    """Store the message once (see ``Reception.submit``); False for a duplicate delivery."""
    reception: Reception = request.app.state.reception
    with reception.handling():
        return await reception.submit(message)


async def _body(request: Request) -> bytes:
    """The request body, refused with 413 past ``MAX_BODY_BYTES`` (by its declared length
    before reading it, and by what actually arrived)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, "body too large")
    body = await request.body()
    if len(body) > MAX_BODY_BYTES:
        raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, "body too large")
    return body


@router.post("/telegram")
async def telegram(request: Request) -> dict[str, Any]:
    """Telegram Bot API webhook; the secret-token header must match."""
    settings = request.app.state.settings
    if not settings.telegram.token:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "telegram is not configured")
    header = request.headers.get("X-Telegram-Bot-Api-Secret-Token")
    if not secret_ok(header, settings.telegram.webhook_secret):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "bad secret token")
    try:
        update = json.loads(await _body(request))
    except (ValueError, RecursionError):  # not JSON, or nested deeper than the parser goes
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "body is not JSON") from None
    message = parse_update(update) if isinstance(update, dict) else None
    if message is None:
        return {"ok": True, "ignored": True}
    try:
        duplicate = not await accept(request, message)
    except SQLAlchemyError as error:
        # Not acknowledged: Telegram delivers the update again later.
        log.warning("webhook_store_failed", channel="telegram", error=type(error).__name__)
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE,
                            "database unavailable, deliver again later") from None
    return {"ok": True, "duplicate": duplicate}


@router.post("/twilio/whatsapp")
async def whatsapp(request: Request) -> Response:
    """Twilio WhatsApp webhook; X-Twilio-Signature is checked against HALO_PUBLIC_URL."""
    settings = request.app.state.settings
    if not settings.twilio.auth_token:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "whatsapp is not configured")
    await _body(request)
    form = {key: str(value) for key, value in (await request.form()).items()}
    url = settings.public_url.rstrip("/") + request.url.path
    if request.url.query:
        url += "?" + request.url.query
    if not signature_ok(url, form, request.headers.get("X-Twilio-Signature"),
                        settings.twilio.auth_token):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "bad Twilio signature")
    if not form.get("MessageSid") or not form.get("From"):
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "MessageSid and From are required")
    message = parse_form(form)
    try:
        await accept(request, message)
    except SQLAlchemyError as error:
        # Twilio does not redeliver: keep it in the durable spool, replayed when the database
        # is back. Only a spool that cannot be written makes the webhook fail.
        log.warning("webhook_store_failed", channel="whatsapp", error=type(error).__name__)
        try:
            await run_in_threadpool(request.app.state.reception.keep_for_later, message)
        except OSError:
            log.exception("spool_write_failed", channel="whatsapp")
            raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE,
                                "cannot store the message now") from None
    return Response(content=EMPTY_TWIML, media_type="text/xml")
