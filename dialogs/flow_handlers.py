"""The handler of each flow: the citizen's message read as an answer to the flow's prompt."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from backend.core.messages import InboundMessage
from dialogs import (
    digressions,
    discreet,
    emergency,
    flows,
    intake,
    named_fields,
    requests,
    safety_net,
    survey,
    violence_check,
)
from dialogs.menu import main_menu
from dialogs.ports import DialogContext, Reply
from dialogs.starting import start_service
from dialogs.state import DialogState, Flow, Stage
from dialogs.texts import t
from dialogs.understanding import understand
from dialogs.validators import Invalid, validate

# Intents that are no request of their own at a yes/no prompt.
NOT_A_REQUEST = frozenset({"affirm", "deny", "out_of_scope", "nlu_fallback", "greet", "thanks"})


@dataclass(frozen=True)
class Turn:
    """The citizen's message as the flow handlers read it."""

    message: InboundMessage
    text: str
    payload: str | None


async def _intake(state: DialogState, turn: Turn, context: DialogContext) -> list[Reply] | None:
    if not state.service:
        return None
    service = context.catalog.get(state.service)
    screened = safety_net.screen(state, service, turn.message, turn.payload, context)
    if screened is not None:
        return screened
    if turn.payload is None and turn.text and (
            taken := named_fields.take(state, service, turn.text, context.today)):
        return taken
    replies = intake.handle(state, service, turn.message, turn.payload, context)
    opened_kia = state.service in (flows.KIA_UNDER_FIVE, flows.KIA_FIVE_TO_17)
    if state.flow is None and state.last_case and opened_kia:
        replies.append(flows.kia_after_case(state, state.last_case))
    return replies


async def _emergency(state: DialogState, turn: Turn, context: DialogContext) -> list[Reply] | None:
    if not state.service:
        return None
    service = context.catalog.get(state.service)
    replies = (emergency.handle(state, service, turn.message, turn.payload)
               if state.flow == Flow.EMERGENCY
               else emergency.answer_duplicate(state, service, turn.message, turn.payload))
    return replies + (digressions.resume_offer(state, context) if state.flow is None else [])


async def _ppa_report(state: DialogState, turn: Turn, context: DialogContext) -> list[Reply] | None:
    if not state.service:
        return None
    asking = not discreet.finished(state)
    replies = discreet.handle(state, context.catalog.get(state.service), turn.message,
                              turn.payload, context)
    just_done = asking and discreet.finished(state)
    return replies + (digressions.resume_offer(state, context) if just_done else [])


async def _kia_birth(state: DialogState, turn: Turn, context: DialogContext) -> list[Reply] | None:
    return flows.kia_birth(state, turn.message, context)


async def _kia_another(state: DialogState, turn: Turn,
                       context: DialogContext) -> list[Reply] | None:
    replies = flows.kia_another(state, turn.message, turn.payload)
    return replies if replies is not None else await _unclear_yes_no(state, turn, context)


async def _unclear_yes_no(state: DialogState, turn: Turn,
                          context: DialogContext) -> list[Reply] | None:
    """Neither yes nor no: a new request (understood afresh: None), else the buttons again
    with the way out."""
    meaning = await context.understander.understand(turn.text) if turn.text else None
    if meaning is not None and meaning.confident and meaning.intent not in NOT_A_REQUEST:
        return None
    return [Reply(text=t("yes_no_offer", state.language)),
            *digressions.prompt_again(state, context)]


async def _violence_check(state: DialogState, turn: Turn,
                          context: DialogContext) -> list[Reply] | None:
    """The answer to the discreet question: the PPA report with the held words (and files),
    or the held message served as it was understood."""
    held = state.pending_text
    if not held:
        return None
    yes = violence_check.answer(turn.text, turn.payload)
    if yes is None:
        if not context.understander.violence_signs(turn.text).found:
            return violence_check.ask_again(state)
        yes, held = True, violence_check.held_with(state, turn.text)
    files = violence_check.held_files(state, turn.message)
    captioned = bool(state.pending_media)
    state.reset(keep_suspended=True)
    if yes:
        return violence_check.report(state, held, context, files)
    if captioned:  # a caption outside a flow: the files go nowhere, as before
        return [Reply(text=t("media_outside_intake", state.language))]
    return await understand(state, held, context, screened=True)


async def _pbb(state: DialogState, turn: Turn, context: DialogContext) -> list[Reply] | None:
    return await flows.pbb_lookup(state, turn.text, context)


async def _status(state: DialogState, turn: Turn, context: DialogContext) -> list[Reply] | None:
    """A case number, "semua", or anything else shows the citizen's cases; a new request typed
    instead ("surat pindah ke Bandar Lampung": the NLU is sure it asks for a service) is
    served as one, with the NLU's reading already made."""
    text = turn.text
    wanted = "" if text.lower() in ("semua", "all") else text
    if wanted and not flows.CASE_NUMBER.search(wanted):
        meaning = await context.understander.understand(wanted)
        if meaning.confident and meaning.intent in requests.SERVICE_INTENTS:
            state.reset(keep_suspended=True)
            return await understand(state, wanted, context, meaning=meaning)
    state.reset(keep_suspended=True)
    return flows.status(state, wanted, context)


async def _supply(state: DialogState, turn: Turn, context: DialogContext) -> list[Reply] | None:
    return safety_net.screen_note(state, turn.message, turn.payload, context,
                                  lambda message: flows.supply(state, message, context))


async def _survey(state: DialogState, turn: Turn, context: DialogContext) -> list[Reply] | None:
    if not state.survey_case:
        return None
    if state.stage != Stage.COMMENT:
        return survey.handle(state, turn.message, turn.payload, context)
    return safety_net.screen_note(
        state, turn.message, turn.payload, context,
        lambda message: survey.handle(state, message, None, context))


async def _confirm_service(state: DialogState, turn: Turn,
                           context: DialogContext) -> list[Reply] | None:
    if not state.candidate:
        return None
    code, words, payload = state.candidate, state.candidate_words, turn.payload
    try:
        yes = payload == "yes" or (payload or "").startswith("start:") or (
            payload is None and validate("yes_no", turn.text).value == "ya")
    except Invalid:
        return await _unclear_yes_no(state, turn, context)
    state.reset(keep_suspended=True)
    return start_service(state, code, context, first_text=words) if yes \
        else [main_menu(state.language)]


FlowHandler = Callable[[DialogState, Turn, DialogContext], Awaitable[list[Reply] | None]]
# One handler per flow; None from a handler lets the citizen's words be understood afresh.
FLOW_HANDLERS: dict[Flow, FlowHandler] = {
    Flow.INTAKE: _intake,
    Flow.INTAKE_EDIT: _intake,
    Flow.EMERGENCY: _emergency,
    Flow.EMERGENCY_DUP: _emergency,
    Flow.PPA_REPORT: _ppa_report,
    Flow.KIA_BIRTH: _kia_birth,
    Flow.KIA_ANOTHER: _kia_another,
    Flow.PBB: _pbb,
    Flow.STATUS: _status,
    Flow.SUPPLY: _supply,
    Flow.SURVEY: _survey,
    Flow.CONFIRM_SERVICE: _confirm_service,
    Flow.PPA_CHECK: _violence_check,
}
