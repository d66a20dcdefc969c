"""Digressions: a request or a question at any prompt is answered and the same prompt asked
again; the flow's state stays as it was (the menu puts the flow aside, to be resumed)."""

from __future__ import annotations

from collections.abc import Callable

from backend.core.catalog.schema import ServiceDefinition
from backend.core.messages import Button
from backend.core.policies import COMPLAINT_CATEGORY
from dialogs import flows, intake, named_fields, safety_net, survey
from dialogs.describe import documents_text, expected_time, fee, service_name
from dialogs.finder import complaint_service, find_services, is_clear
from dialogs.menu import main_menu
from dialogs.ports import DialogContext, Reply, Understanding
from dialogs.requests import (
    QUESTIONS,
    Request,
    from_intent,
    is_short,
    looks_like_question,
    service_question,
)
from dialogs.state import RESUMABLE_FLOWS, DialogState, Flow, Stage
from dialogs.texts import t
from dialogs.validators import Invalid, validate, validate_nik, validate_nop

# The flows whose prompts take digressions (an emergency report and a PPA report answer for
# themselves: their words are the report).
DIGRESSIVE_FLOWS = frozenset({Flow.INTAKE, Flow.INTAKE_EDIT, Flow.KIA_BIRTH, Flow.KIA_ANOTHER,
                              Flow.PBB, Flow.STATUS, Flow.SUPPLY, Flow.SURVEY,
                              Flow.CONFIRM_SERVICE})


def current_service(state: DialogState, context: DialogContext) -> ServiceDefinition | None:
    """The service the flow is about (KIA's age band before it is known: the 0-5 one)."""
    code = state.service or state.candidate
    if code is None and state.flow in (Flow.KIA_BIRTH, Flow.KIA_ANOTHER):
        code = flows.KIA_UNDER_FIVE
    return context.catalog.get(code) if code in context.catalog.services else None


def prompt_again(state: DialogState, context: DialogContext) -> list[Reply]:
    """The question the citizen was at, asked again (the main menu outside a flow)."""
    language = state.language
    service = current_service(state, context)
    if state.pending_text is not None:  # the safety net's question waits for its answer
        return [safety_net.question(language)]
    if state.flow in (Flow.INTAKE, Flow.INTAKE_EDIT) and service is not None:
        return intake.prompt_again(state, service)
    if state.flow == Flow.CONFIRM_SERVICE and service is not None:
        return [flows.confirm_service(state, service.code, context)]
    questions = {Flow.KIA_BIRTH: "kia_ask_birth", Flow.PBB: "pbb_ask_nop",
                 Flow.STATUS: "ask_case_number"}
    if state.flow in questions:
        return [Reply(text=t(questions[state.flow], language))]
    if state.flow == Flow.SUPPLY:
        return [Reply(text=t("supply_waiting", language, number=state.supply_case or "-"))]
    if state.flow == Flow.KIA_ANOTHER:
        return [flows.kia_another_question(language)]
    if state.flow == Flow.SURVEY and state.survey_case:
        return [survey.prompt_again(state)]
    state.reset(keep_suspended=True)
    return [main_menu(language)]


def accepts(state: DialogState, text: str, context: DialogContext) -> bool:
    """Whether the prompt the citizen is at can take ``text`` as its answer."""
    service = current_service(state, context)
    if state.flow in (Flow.INTAKE, Flow.INTAKE_EDIT) and service is not None:
        return intake.accepts(state, service, text, context.today) or named_fields.understood(
            state, service, text, context.today)
    if state.flow in (Flow.KIA_ANOTHER, Flow.CONFIRM_SERVICE):
        return _parses(lambda: validate("yes_no", text))
    if state.flow == Flow.KIA_BIRTH:
        return _parses(lambda: validate_nik(text)) or _parses(lambda: validate("date", text))
    if state.flow == Flow.PBB:
        return flows.NOP_LIKE.search(text) is not None or _parses(lambda: validate_nop(text))
    if state.flow == Flow.SURVEY:
        return state.stage == Stage.COMMENT or survey.score(text, None) is not None
    return True  # a status number, a note for the officer: the flow reads what it can


def _parses(check: Callable[[], object]) -> bool:
    try:
        check()
    except Invalid:
        return False
    return True


async def guess(state: DialogState, text: str, context: DialogContext) -> Request | None:
    """What a text the prompt cannot take asks for: a short service question by the word
    rules, else the NLU (Rasa, or its local fallback); words about the service being filled in
    ask for nothing."""
    if (kind := service_question(text)) and (is_short(text) or looks_like_question(text)):
        return kind
    if len(text.split()) < 2:
        return None
    meaning = await context.understander.understand(text)
    request = from_intent(meaning.intent, text) if meaning.confident else None
    if request is Request.SERVICE and _about_current(state, meaning, text, context):
        return None
    return request


def _about_current(state: DialogState, meaning: Understanding, text: str,
                   context: DialogContext) -> bool:
    """Whether words the NLU reads as a service request point to the service being filled in
    (a complaint's details read as a complaint): an answer, not a new request."""
    service = current_service(state, context)
    if service is None:
        return False
    if meaning.intent == "complaint" and service.category == COMPLAINT_CATEGORY:
        return complaint_service(context.catalog, text) in (None, service.code)
    matches = find_services(context.catalog, text)
    return meaning.entities.get("service") == service.code or (
        is_clear(matches) and matches[0].service.code == service.code)


def answer(state: DialogState, request: Request, text: str,
           context: DialogContext) -> list[Reply] | None:
    """Answer ``request`` and ask the same prompt again; None when this prompt leaves it to
    the flow (a status number at the status prompt, a question with no service to ask about).
    Cancel is the engine's."""
    language = state.language
    if request in (Request.ENGLISH, Request.INDONESIAN):
        state.language = "en" if request is Request.ENGLISH else "id"
        return [Reply(text=t("language_set", state.language)), *prompt_again(state, context)]
    if request is Request.STATUS and state.flow != Flow.STATUS:
        return [*flows.status(state, text, context), *prompt_again(state, context)]
    if request is Request.AGENT:
        state.handoff_request = "citizen_asked"
        return [Reply(text=t("digress_kept_for_agent", language))]
    if request is Request.MENU:
        return set_aside(state, context)
    if request is Request.HELP:
        return [Reply(text=_help(state, context)), *prompt_again(state, context)]
    service = current_service(state, context)
    if request in QUESTIONS and service is not None:
        return [Reply(text=_service_answer(service, request, language)),
                *prompt_again(state, context)]
    return None


def _help(state: DialogState, context: DialogContext) -> str:
    """The ways out and the field's own help, if it has one."""
    service = current_service(state, context)
    field = intake.current_field(state, service) if service and state.service else None
    extra = f"\n{field.help}" if field is not None and field.help else ""
    return t("help_in_flow", state.language) + extra


def _service_answer(service: ServiceDefinition, kind: Request, language: str) -> str:
    name = service_name(service, language)
    if kind is Request.TIME:
        return t("digress_time", language, service=name, time=expected_time(service, language))
    if kind is Request.FEE:
        return t("digress_fee", language, service=name, fee=fee(service, language))
    return t("digress_requirements", language, service=name,
             documents=documents_text(service, language))


def flow_title(saved: dict[str, object], state: DialogState, context: DialogContext) -> str:
    """How to name a flow put aside ("Kartu Identitas Anak…", "Cek tagihan PBB")."""
    code = str(saved.get("service") or "")
    if code in context.catalog.services:
        return service_name(context.catalog.get(code), state.language)
    if saved.get("flow") == Flow.KIA_BIRTH:
        return "KIA"
    if saved.get("flow") == Flow.PBB:
        return t("menu_pbb", state.language)
    return t("menu_services", state.language)


def put_aside(state: DialogState, context: DialogContext) -> list[Reply]:
    """Leave the flow, keeping a resumable one ("lanjut" brings it back) and saying so."""
    if state.flow not in RESUMABLE_FLOWS:
        state.reset(keep_suspended=True)
        return []
    state.suspend()
    state.reset(keep_suspended=True)
    title = flow_title(state.suspended or {}, state, context)
    return [Reply(text=t("flow_set_aside", state.language, service=title))]


def set_aside(state: DialogState, context: DialogContext) -> list[Reply]:
    """"menu" inside a flow: the flow put aside, the menu shown."""
    return [*put_aside(state, context), main_menu(state.language)]


def welcome_back(state: DialogState, context: DialogContext) -> list[Reply]:
    """Back after a long silence: where they were, asked again."""
    title = flow_title({"service": state.service, "flow": state.flow}, state, context)
    return [Reply(text=t("welcome_back", state.language, service=title)),
            *prompt_again(state, context)]


def resume_offer(state: DialogState, context: DialogContext) -> list[Reply]:
    """After an emergency: offer the flow it interrupted, if any."""
    if not state.suspended:
        return []
    title = flow_title(state.suspended, state, context)
    return [Reply(text=t("resume_offer", state.language, service=title), buttons=[
        Button(label=t("resume_yes", state.language), payload="resume:yes"),
        Button(label=t("resume_no", state.language), payload="resume:no")])]
