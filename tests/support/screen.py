"""A dialog engine that flags a marker word as a sensitive turn, and the mask officers see."""

from __future__ import annotations

from backend.core.messages import InboundMessage
from dialogs.engine import DialogEngine
from dialogs.ports import DialogContext, Reply
from dialogs.state import DialogState

MASK = "[pesan dirahasiakan]"
FLAGGED = "tanda-uji-rahasia"  # a marker no rule knows: the intake takes it as an answer


class Screen(DialogEngine):
    """Flags every message carrying ``FLAGGED`` (the real screen moves violence words into a
    PPA report instead: this isolates the masking of a flagged turn that stays in an intake)."""

    async def handle(self, state: DialogState, message: InboundMessage,
                     context: DialogContext) -> list[Reply]:
        replies = await super().handle(state, message, context)
        if FLAGGED in (message.text or "").lower():
            state.sensitive_turn = True
        return replies
