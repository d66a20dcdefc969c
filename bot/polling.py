"""Long polling for local use (``halo telegram polling``): updates go through the same inbox."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from backend.core.clock import Clock
from backend.core.db import transaction
from backend.core.logging import get_logger
from bot.errors import SendError
from bot.inbox import IntentOf, store_inbound
from bot.runner import Workers
from bot.telegram import TelegramChannel, parse_update

log = get_logger(__name__)


async def poll_forever(telegram: TelegramChannel, sessions: sessionmaker[Session],
                       workers: Workers, clock: Clock, *, intent_of: IntentOf,
                       max_rounds: int | None = None) -> None:
    """Fetch updates, store each once, let the workers answer; stops after ``max_rounds``."""
    await telegram.delete_webhook()
    offset: int | None = None
    rounds = 0
    while max_rounds is None or rounds < max_rounds:
        rounds += 1
        try:
            updates = await telegram.get_updates(offset=offset)
        except SendError as error:
            log.warning("telegram_polling_failed", code=error.code)
            continue
        for update in updates:
            offset = int(update["update_id"]) + 1
            message = parse_update(update)
            if message is None:
                continue
            with transaction(sessions) as session:
                store_inbound(session, message, now=clock(), intent_of=intent_of)
        if updates:
            workers.wake()
