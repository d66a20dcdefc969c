"""Routing that does not hinge on the top intent.

A message the NLU reads as a complaint, a request, a wish to talk to a person or nothing in
scope may still be a report of violence against a child or a woman: when Rasa ranks
``report_violence`` at ``VIOLENCE_RANK`` or more, or the violence screen sees signs, the bot
asks the one discreet question before serving it (unmistakable signs open the PPA report at
once). "ya" opens the PPA report with the citizen's words; "tidak" serves the message as it
was understood, nothing lost.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from backend.core.messages import InboundMessage, MediaRef
from dialogs import discreet, safety_net
from dialogs.ports import DialogContext, Reply, Understanding, ViolenceSigns
from dialogs.starting import start_service
from dialogs.state import DialogState, Flow
from dialogs.texts import t
from dialogs.validators import Invalid, validate

FLOW = Flow.PPA_CHECK
VIOLENCE = "report_violence"
# Chosen on nlu/heldout/ppa_dev.yml only (bench/ppa_routing.py --sweep); see nlu/README.md.
VIOLENCE_RANK = 0.15
# Top intents that open a general intake, a queue or a clarifying question.
DOUBTFUL = frozenset({"complaint", "talk_to_agent", "request_service", "out_of_scope",
                      "nlu_fallback"})


class Route(StrEnum):
    SERVE = "serve"  # as understood
    ASK = "ask"  # the discreet question first
    REPORT = "report"  # the PPA report at once


def route(meaning: Understanding, signs: ViolenceSigns,
          threshold: float = VIOLENCE_RANK) -> Route:
    """What to do with a message understood as ``meaning`` that shows ``signs``."""
    if meaning.confident and meaning.intent not in DOUBTFUL:
        return Route.SERVE
    if signs.unmistakable:
        return Route.REPORT
    if signs.found or meaning.score(VIOLENCE) >= threshold:
        return Route.ASK
    return Route.SERVE


def ask(state: DialogState, text: str, media: Sequence[MediaRef] = ()) -> list[Reply]:
    """Hold the words (and the files they captioned) back, PPA eyes only, and ask the
    discreet question."""
    state.flow, state.pending_text, state.sensitive_turn = FLOW, text, True
    state.pending_media = list(media)
    return [safety_net.question(state.language)]


def report(state: DialogState, text: str, context: DialogContext,
           files: InboundMessage | None = None) -> list[Reply]:
    """The PPA report, opened with the citizen's words (``files``: a message whose files are
    its evidence)."""
    state.sensitive_turn = True
    return start_service(state, discreet.SERVICE, context, first_text=text, first_message=files)


def held_files(state: DialogState, message: InboundMessage) -> InboundMessage:
    """``message`` carrying the held files before its own (the evidence of a report)."""
    return message.model_copy(update={"media": [*state.pending_media, *message.media]})


def held_with(state: DialogState, text: str) -> str:
    """The held words followed by the new ones (a report written in two messages)."""
    return "\n".join(part for part in (state.pending_text, text) if part)


def answer(text: str, payload: str | None) -> bool | None:
    """The citizen's yes (True) or no (False) to the question; None when neither."""
    if payload in ("yes", "no"):
        return payload == "yes"
    try:
        return validate("yes_no", text).value == "ya"
    except Invalid:
        return None


def ask_again(state: DialogState) -> list[Reply]:
    """Neither yes nor no: the hint and the question again."""
    return [Reply(text=t("yes_no_hint", state.language)), safety_net.question(state.language)]
