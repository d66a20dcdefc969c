"""The dialogs' public API: what other packages do to a conversation's dialog state."""

from __future__ import annotations

from backend.core.models import Conversation
from dialogs import discreet
from dialogs.state import DialogState


def read_state(conversation: Conversation) -> DialogState:
    """The conversation's dialog state (a fresh one for a new conversation)."""
    return DialogState.model_validate(conversation.state or {})


def write_state(conversation: Conversation, state: DialogState) -> None:
    """Store ``state`` with the conversation."""
    conversation.state = state.model_dump(mode="json")


def language_of(conversation: Conversation) -> str:
    """The language the citizen chose ("id" or "en")."""
    return read_state(conversation).language


def end_report_with_agent(conversation: Conversation) -> None:
    """An agent closed the chat: a PPA report's waiting replies end with them."""
    state = read_state(conversation)
    if state.flow == discreet.FLOW:
        discreet.end_with_handoff(state)
        write_state(conversation, state)
