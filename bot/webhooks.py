"""Webhook routes: authenticate, parse, store once, acknowledge. Processing happens after."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response, status
from starlette.concurrency import run_in_threadpool

from backend.db import transaction
from backend.logging import get_logger
from bot.inbox import emergency_kind, store_inbound
from bot.messages import InboundMessage
from bot.telegram import parse_update, secret_ok
from bot.whatsapp import parse_form, signature_ok

router = APIRouter(prefix="/webhooks", tags=["webhooks"])
log = get_logger(__name__)
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'
MAX_BODY_BYTES = 1_000_000


def accept(request: Request, message: InboundMessage) -> bool:
    """Store the message (once) and wake the processor; False for a duplicate delivery.

    A fire or rescue report also queues a first alert to the piket right here, so the crew
    hears of it within a second however long the queue of routine messages is.
    """
    workers = request.app.state.workers
    now = request.app.state.clock()
    with transaction(request.app.state.sessions) as session:
        stored = store_inbound(session, message, now=now)
        alerts = workers.processor.services.alerts
        kind = emergency_kind(message) if stored is not None and alerts is not None else None
        if kind is not None:
            alerts.pre_alert(session, message, kind=kind, inbound_id=stored, now=now)
        urgent = kind is not None
    if stored is not None:
        workers.wake(outbox=urgent)
    return stored is not None


async def _body(request: Request) -> bytes:
    body = await request.body()
    if len(body) > MAX_BODY_BYTES:
        raise HTTPException(status.HTTP_413_REQUEST_ENTITY_TOO_LARGE, "body too large")
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
    except ValueError:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "body is not JSON") from None
    message = parse_update(update) if isinstance(update, dict) else None
    if message is None:
        return {"ok": True, "ignored": True}
    duplicate = not await run_in_threadpool(accept, request, message)
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
    await run_in_threadpool(accept, request, parse_form(form))
    return Response(content=EMPTY_TWIML, media_type="text/xml")
