"""The violence safety net of a non-PPA intake's free-text fields: signs of violence against a
child or a woman ask one discreet question (or, unmistakable, move the words into a PPA
report); the non-PPA draft is then dropped."""

from __future__ import annotations

from collections.abc import Callable

from backend.core.catalog.intake import FieldType
from backend.core.catalog.schema import ServiceDefinition
from backend.core.messages import InboundMessage
from dialogs import discreet, flows, intake
from dialogs.ports import DialogContext, Reply
from dialogs.starting import start_service
from dialogs.state import DialogState
from dialogs.texts import t
from dialogs.validators import Invalid, validate


def screen(state: DialogState, service: ServiceDefinition, message: InboundMessage,
           payload: str | None, context: DialogContext) -> list[Reply] | None:
    """The discreet question, the PPA report, or None: answer the intake as usual."""
    text = (message.text or "").strip()
    if state.pending_text is not None:
        return _answer(state, message, payload, context)
    field = intake.current_field(state, service)
    if field is None or field.type is not FieldType.TEXT or not text \
            or service.code == discreet.SERVICE:
        return None
    signs = context.understander.violence_signs(text)
    if signs.unmistakable:
        state.sensitive_turn = True
        return start_service(state, discreet.SERVICE, context, first_text=text)
    if not signs.found:
        return None
    state.pending_text, state.sensitive_turn = text, True
    return [question(state.language)]


def _answer(state: DialogState, message: InboundMessage, payload: str | None,
            context: DialogContext) -> list[Reply]:
    """Yes: the held-back words open a PPA report. No: they answer the field after all."""
    held, text = state.pending_text or "", (message.text or "").strip()
    try:
        yes = payload == "yes" or (payload is None and validate("yes_no", text).value == "ya")
    except Invalid:
        return [Reply(text=t("yes_no_hint", state.language)), question(state.language)]
    state.pending_text = None
    if yes:
        state.sensitive_turn = True
        return start_service(state, discreet.SERVICE, context, first_text=held)
    service = context.catalog.get(state.service or "")
    answer = message.model_copy(update={"text": held, "payload": None, "media": []})
    return intake.handle(state, service, answer, None, context)


def screen_note(state: DialogState, message: InboundMessage, payload: str | None,
                context: DialogContext,
                serve: Callable[[InboundMessage], list[Reply]]) -> list[Reply]:
    """A free text that reaches officers outside an intake (a note for a returned case, a
    survey comment): signs of violence hold it back (PPA eyes only) and ask the discreet
    question; unmistakable ones open the PPA report. The flow is put aside to be offered back;
    "tidak" lets ``serve`` take the words after all."""
    text = (message.text or "").strip()
    if state.pending_text is not None:
        return _answer_aside(state, message, payload, context, serve)
    signs = context.understander.violence_signs(text) if text and not message.media else None
    if signs is None or not signs.found:
        return serve(message)
    state.sensitive_turn = True
    if signs.unmistakable:
        state.suspend()
        return start_service(state, discreet.SERVICE, context, first_text=text)
    state.pending_text = text
    return [question(state.language)]


def _answer_aside(state: DialogState, message: InboundMessage, payload: str | None,
                  context: DialogContext,
                  serve: Callable[[InboundMessage], list[Reply]]) -> list[Reply]:
    held, text = state.pending_text or "", (message.text or "").strip()
    try:
        yes = payload == "yes" or (payload is None and validate("yes_no", text).value == "ya")
    except Invalid:
        return [Reply(text=t("yes_no_hint", state.language)), question(state.language)]
    state.pending_text = None
    if not yes:
        return serve(message.model_copy(update={"text": held, "payload": None, "media": []}))
    state.sensitive_turn = True
    state.suspend()
    return start_service(state, discreet.SERVICE, context, first_text=held)


def question(language: str) -> Reply:
    """The one discreet question of the safety net, with Ya / Tidak."""
    return Reply(text=t("ppa_check_question", language), buttons=flows.yes_no_buttons(language))
