"""Discreet commands a PPA citizen may type while an agent holds the chat."""

from __future__ import annotations

STOP_WORDS = frozenset({"berhenti", "stop"})
SAFE_PREFIX = "aman"


def citizen_command(text: str | None) -> tuple[str, str] | None:
    """('stop', '') or ('safe', 'when/how') when a PPA citizen's message is a discreet command."""
    words = (text or "").strip()
    if words.lower() in STOP_WORDS:
        return "stop", ""
    head, _, rest = words.partition(" ")
    if head.lower() == SAFE_PREFIX and rest.strip():
        return "safe", rest.strip()[:200]
    return None
