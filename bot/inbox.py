"""The durable inbox: store each webhook delivery once, before it is acknowledged."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from backend.core.messages import InboundMessage
from backend.core.models import InboundRecord, InboundStatus
from backend.core.policies import EMERGENCY_KINDS, URGENT_INTENTS
from bot.ratelimit import FLOOD, FloodControl

URGENT, ROUTINE = 0, 5
IntentOf = Callable[[str], str | None]  # a text's emergency intent, if any (< 0.2 ms)
STORE = {
    pg: (insert(InboundRecord)
         .on_conflict_do_nothing(index_elements=["channel", "platform_id"])
         .returning(InboundRecord.id, InboundRecord.channel, InboundRecord.platform_id))
    for pg, insert in ((True, postgresql.insert), (False, sqlite.insert))}


def emergency_kind(message: InboundMessage, intent_of: IntentOf) -> str | None:
    """'fire' or 'rescue' when the local classifier says the text reports one, else None."""
    intent = intent_of(message.text) if message.text else None
    return EMERGENCY_KINDS.get(intent) if intent else None


def priority_of(message: InboundMessage, intent_of: IntentOf) -> int:
    """Emergencies and crew button presses jump the queue (the local classifier: < 1 ms)."""
    if (message.payload or "").startswith("inc:"):
        return URGENT
    if message.text and intent_of(message.text) in URGENT_INTENTS:
        return URGENT
    return ROUTINE


def store_inbound(session: Session, message: InboundMessage, *, now: datetime,
                  intent_of: IntentOf, flood: FloodControl | None = None) -> int | None:
    """Insert the message; returns its id, or None when this platform id was already stored."""
    return store_inbound_many(session, [message], now=now, intent_of=intent_of, flood=flood)[0]


def store_inbound_many(target: Session | Connection, messages: list[InboundMessage], *,
                       now: datetime, intent_of: IntentOf, flood: FloodControl | None = None
                       ) -> list[int | None]:
    """Insert the messages in one statement; for each, its new id, or None when its platform
    id was already stored (before, or earlier in ``messages``).

    A sender flooding the bot is slowed, not refused: ``flood`` (the process-wide
    ``bot.ratelimit.FLOOD`` by default) pushes their extra messages' ``next_attempt_at`` out;
    urgent messages are always due at once.
    """
    flood = FLOOD if flood is None else flood
    rows: list[dict[str, Any]] = []
    for message in messages:
        priority = priority_of(message, intent_of)
        channel = message.channel.value
        rows.append({"channel": channel, "platform_id": message.platform_id,
                     "sender": message.sender, "payload": message.model_dump(mode="json"),
                     "priority": priority, "status": InboundStatus.PENDING, "attempts": 0,
                     "received_at": now,
                     "next_attempt_at": flood.due_at(channel, message.sender, now=now,
                                                     urgent=priority == URGENT)})
    # One statement for the batch (insertmanyvalues), compiled once per dialect; Core through
    # the session's connection: no ORM cost.
    connection = target.connection() if isinstance(target, Session) else target
    statement = STORE[connection.dialect.name == "postgresql"]
    new = {(channel, platform_id): row_id for row_id, channel, platform_id
           in connection.execute(statement, rows)}
    stored: list[int | None] = []
    for row in rows:
        row_id = new.pop((row["channel"], row["platform_id"]), None)
        stored.append(row_id)
        if row_id is None and row["priority"] != URGENT:
            flood.forgive(row["channel"], row["sender"])
    return stored
