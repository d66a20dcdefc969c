"""The violence safety net of non-PPA flows: signs of violence against a child or a woman in a
free text, or in the caption of a photo or file, hold the message back (its words and its
files, PPA eyes only) and ask one discreet question; unmistakable ones move it into a PPA
report at once. "Ya" opens the PPA report with the words, the files as its evidence; "tidak"
serves the message as it was."""

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

Serve = Callable[[InboundMessage], list[Reply]]


def screen(state: DialogState, service: ServiceDefinition, message: InboundMessage,
           payload: str | None, context: DialogContext) -> list[Reply] | None:
    """An intake's message: the discreet question, the PPA report (the non-PPA draft is
    dropped), or None: answer the intake as usual. Screened: a free-text field's answer, and
    a caption at any prompt."""
    if state.pending_text is not None:
        return _answer(state, message, payload, context,
                       lambda held: intake.handle(state, service, held, None, context))
    text = (message.text or "").strip()
    field = intake.current_field(state, service)
    typed = field is not None and field.type is FieldType.TEXT
    if not text or service.code == discreet.SERVICE or not (typed or _captioned(message, context)):
        return None
    return _screen(state, message, text, context, aside=False)


def screen_note(state: DialogState, message: InboundMessage, payload: str | None,
                context: DialogContext, serve: Serve) -> list[Reply]:
    """A free text or a captioned file that reaches officers outside an intake (items for a
    returned case, a survey comment): screened as above; the flow is put aside to be offered
    back, and "tidak" lets ``serve`` take the message after all."""
    if state.pending_text is not None:
        return _answer(state, message, payload, context, serve, aside=True)
    text = (message.text or "").strip()
    screened = _screen(state, message, text, context, aside=True) if text else None
    return screened if screened is not None else serve(message)


def _captioned(message: InboundMessage, context: DialogContext) -> bool:
    """The text came with a file (one refused on download counts: its caption was sent)."""
    return bool(message.media or context.media_errors)


def _screen(state: DialogState, message: InboundMessage, text: str, context: DialogContext,
            *, aside: bool) -> list[Reply] | None:
    """Hold the message and ask, or open the PPA report with it; None when no signs."""
    signs = context.understander.violence_signs(text)
    if not signs.found:
        return None
    state.sensitive_turn = True
    if signs.unmistakable:
        return _report(state, message.model_copy(update={"text": text}), context, aside=aside)
    state.pending_text, state.pending_media = text, list(message.media)
    return [question(state.language)]


def _answer(state: DialogState, message: InboundMessage, payload: str | None,
            context: DialogContext, serve: Serve, *, aside: bool = False) -> list[Reply]:
    """Yes: the held message opens a PPA report. No: ``serve`` takes it after all."""
    text = (message.text or "").strip()
    try:
        yes = payload == "yes" or (payload is None and validate("yes_no", text).value == "ya")
    except Invalid:  # more words or another photo while asked: PPA eyes only, files held too
        state.sensitive_turn = True
        state.pending_media = [*state.pending_media, *message.media]
        return [Reply(text=t("yes_no_hint", state.language)), question(state.language)]
    held = message.model_copy(update={"text": state.pending_text or "", "payload": None,
                                      "media": state.pending_media, "location": None})
    state.pending_text, state.pending_media = None, []
    if not yes:
        return serve(held)
    state.sensitive_turn = True
    return _report(state, held, context, aside=aside)


def _report(state: DialogState, message: InboundMessage, context: DialogContext,
            *, aside: bool) -> list[Reply]:
    """The PPA report opened with the message's words, its files as evidence."""
    if aside:
        state.suspend()
    return start_service(state, discreet.SERVICE, context, first_text=message.text,
                         first_message=message)


def question(language: str) -> Reply:
    """The one discreet question of the safety net, with Ya / Tidak."""
    return Reply(text=t("ppa_check_question", language), buttons=flows.yes_no_buttons(language))
