"""The dialogs' public API: what other packages do to a conversation's dialog state."""

from __future__ import annotations

from collections.abc import Sequence

from backend.core.messages import MediaRef
from backend.core.models import Conversation
from dialogs import discreet, safety_net, violence_check
from dialogs.ports import Reply
from dialogs.state import EMERGENCY_FLOWS, DialogState


def read_state(conversation: Conversation) -> DialogState:
    """The conversation's dialog state (a fresh one for a new conversation)."""
    return DialogState.model_validate(conversation.state or {})


def write_state(conversation: Conversation, state: DialogState) -> None:
    """Store ``state`` with the conversation."""
    conversation.state = state.model_dump(mode="json")


def language_of(conversation: Conversation) -> str:
    """The language the citizen chose ("id" or "en")."""
    return read_state(conversation).language


def asking_about_report(conversation: Conversation) -> bool:
    """Whether the bot still waits for the citizen's answer about their emergency report (the
    place, a landmark, whether it is the incident already reported)."""
    return read_state(conversation).flow in EMERGENCY_FLOWS


def end_report_with_agent(conversation: Conversation) -> None:
    """An agent closed the chat: a PPA report's waiting replies end with them, and so does a
    discreet question asked while the agent held it."""
    state = read_state(conversation)
    if state.flow == discreet.FLOW or state.relay_held is not None:
        discreet.end_with_handoff(state)
        state.relay_held, state.relay_media = None, []
        write_state(conversation, state)


def hold_for_question(conversation: Conversation, text: str,
                      media: Sequence[MediaRef] = ()) -> Reply:
    """Signs of violence in a message for an agent: its words (and the files they captioned)
    are kept for a PPA report and the discreet question is returned, to be sent."""
    state = read_state(conversation)
    state.relay_held, state.relay_media = text, list(media)
    write_state(conversation, state)
    return safety_net.question(state.language)


def answer_held(conversation: Conversation, text: str | None, payload: str | None) -> bool | None:
    """The reply to a question of ``hold_for_question``: True for yes (the dialog then opens
    the PPA report with the kept words and files at its next turn, the flow it was in put
    aside), False for anything else, None when no question waits. What was kept is released
    either way."""
    state = read_state(conversation)
    held, state.relay_held = state.relay_held, None
    files, state.relay_media = state.relay_media, []
    if held is None:
        return None
    yes = violence_check.answer((text or "").strip(), payload) is True
    if yes:
        state.suspend()
        state.flow, state.pending_text, state.pending_media = violence_check.FLOW, held, files
    write_state(conversation, state)
    return yes
