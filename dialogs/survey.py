"""The satisfaction survey (IKM) after a case: five condensed questions on a 1-4 scale, then an
optional comment; the office records it (and completes an SOP's survey step)."""

from __future__ import annotations

import re

from backend.core.messages import Button, InboundMessage
from dialogs.ports import DialogContext, Reply
from dialogs.state import DialogState, Flow, Stage
from dialogs.texts import t

FLOW = Flow.SURVEY
QUESTIONS = ("syarat", "waktu", "hasil", "petugas", "sarana")  # backend.core.ikm.CONDENSED
SCALE = (1, 2, 3, 4)
SKIP_WORDS = frozenset({"lewati", "skip", "tidak ada", "-"})
PAYLOAD = "survey:"
TYPED_SCORE = re.compile(r"^([1-4])(?!\d)")  # "3", "3 puas"; not "12"


def question(state: DialogState) -> Reply:
    """The current question with the buttons 1-4."""
    language = state.language
    text = t(f"survey_q_{QUESTIONS[state.index]}", language, position=state.index + 1,
             total=len(QUESTIONS))
    buttons = [Button(label=t(f"survey_scale_{n}", language), payload=f"{PAYLOAD}{n}")
               for n in SCALE]
    return Reply(text=text, buttons=buttons)


def prompt_again(state: DialogState) -> Reply:
    """The question (or the comment request) the survey is at."""
    if state.stage == Stage.COMMENT:
        return Reply(text=t("survey_comment", state.language))
    return question(state)


def start(state: DialogState, number: str) -> Reply:
    """Enter the survey for case ``number``; the intro and the first question, as one message."""
    state.reset()
    state.flow, state.survey_case = FLOW, number
    first = question(state)
    intro = t("survey_intro", state.language, number=number)
    return Reply(text=f"{intro}\n\n{first.text}", buttons=first.buttons)


def score(text: str, payload: str | None) -> int | None:
    """The 1-4 score of a button or a typed answer ("3", "3 puas"), or None."""
    raw = payload.removeprefix(PAYLOAD) if payload and payload.startswith(PAYLOAD) else text
    match = TYPED_SCORE.match(raw.strip())
    return int(match.group(1)) if match else None


def handle(state: DialogState, message: InboundMessage, payload: str | None,
           context: DialogContext) -> list[Reply]:
    """One answer: a score for the current question, or the closing comment."""
    text = (message.text or "").strip()
    if state.stage == Stage.COMMENT:
        return _finish(state, None if text.lower() in SKIP_WORDS else text, context)
    picked = score(text, payload)
    if picked is None:
        return [Reply(text=t("survey_pick", state.language)), question(state)]
    state.answers[QUESTIONS[state.index]] = str(picked)
    state.index += 1
    if state.index < len(QUESTIONS):
        return [question(state)]
    state.stage = Stage.COMMENT
    return [Reply(text=t("survey_comment", state.language))]


def _finish(state: DialogState, comment: str | None, context: DialogContext) -> list[Reply]:
    number = state.survey_case or ""
    answers = {key: int(value) for key, value in state.answers.items()}
    recorded = context.office.survey(number, answers, comment or None)
    state.reset()
    key = "survey_thanks" if recorded else "survey_failed"
    return [Reply(text=t(key, state.language, number=number))]
