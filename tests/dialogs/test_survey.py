"""The survey flow on its own: scores by button or digit, re-asking, the optional comment."""

from __future__ import annotations

from collections.abc import Mapping
from types import SimpleNamespace
from typing import Any, cast

from backend.core.messages import Channel, InboundMessage
from dialogs import survey
from dialogs.ports import DialogContext
from dialogs.state import DialogState


class FakeOffice:
    def __init__(self) -> None:
        self.recorded: list[tuple[str, dict[str, int], str | None]] = []

    def survey(self, number: str, answers: Mapping[str, int], comment: str | None) -> bool:
        self.recorded.append((number, dict(answers), comment))
        return True


def _say(state: DialogState, context: Any, text: str = "", payload: str | None = None) -> str:
    message = InboundMessage(channel=Channel.WEB, platform_id="x", sender="s", text=text,
                             payload=payload)
    return "\n".join(r.text for r in survey.handle(state, message, payload, context))


def test_five_scores_then_a_skipped_comment() -> None:
    office = FakeOffice()
    context = cast(DialogContext, SimpleNamespace(office=office))
    state = DialogState()
    first = survey.start(state, "HL-2026-000042")
    assert "HL-2026-000042" in first.text and len(first.buttons) == 4
    assert first.buttons[0].payload == "survey:1"
    assert "2/5" in _say(state, context, payload="survey:4")
    assert "1 sampai 4" in _say(state, context, "12")
    for text in ("3", "2 kurang", "4"):
        _say(state, context, text)
    assert "lewati" in _say(state, context, payload="survey:1")
    assert "Terima kasih" in _say(state, context, "lewati")
    assert office.recorded == [("HL-2026-000042", {"syarat": 4, "waktu": 3, "hasil": 2,
                                                   "petugas": 4, "sarana": 1}, None)]
    assert state.flow is None and state.survey_case is None
