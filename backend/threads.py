"""Message threads: every stored chat message belongs to one thread (an intake, a case, a
handoff ticket) and carries a PPA flag; transcripts show a thread, never a whole chat.

A thread id is a short random string: the intake's, kept by the case opened from it, shared by
the handoff ticket raised while it ran. Rows written before threads existed have none (NULL)
and are never shown; cases and tickets of that time got a ``LEGACY_PREFIX`` id in migration
0007.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

LEGACY_PREFIX = "lama-"
THREAD_LENGTH = 24  # the column's size; new ids are 16 characters (96 random bits)


def new_thread() -> str:
    """A fresh thread id."""
    return secrets.token_urlsafe(12)


@dataclass(frozen=True)
class Scope:
    """What a stored message is tagged with: its thread and whether it is PPA-sensitive."""

    thread: str | None
    ppa: bool = False


UNTAGGED = Scope(thread=None, ppa=False)  # messages outside any citizen thread (alerts, DMs)


def is_legacy(thread: str | None) -> bool:
    """A case or ticket from before threads: its chat's old messages are not attributable."""
    return thread is None or thread.startswith(LEGACY_PREFIX)
