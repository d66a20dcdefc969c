"""The conversation engine: one citizen message in, the replies out, the state updated."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

from backend.core.messages import Button, InboundMessage
from backend.core.policies import EMERGENCY_INTENTS
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
from dialogs.finder import find_services, is_clear
from dialogs.menu import agency_menu, main_menu, service_menu
from dialogs.ports import DialogContext, Reply
from dialogs.requests import Request
from dialogs.starting import start_service
from dialogs.state import EMERGENCY_FLOWS, DialogState, Flow, Stage
from dialogs.texts import t
from dialogs.validators import Invalid, validate

INTENT_SERVICES = {"report_fire": "damkar-kebakaran", "report_rescue": "damkar-evakuasi",
                   "report_violence": "ppa-pengaduan", "complaint": "pengaduan-masyarakat"}
RESUME_WORDS = frozenset({"lanjut", "lanjutkan", "teruskan", "continue"})
# Intents that are no request of their own at a yes/no prompt.
NOT_A_REQUEST = frozenset({"affirm", "deny", "out_of_scope", "nlu_fallback", "greet", "thanks"})
MISUNDERSTOOD_LIMIT = 2
SILENCE = timedelta(hours=6)  # back after this long: welcomed back to where they were


@dataclass(frozen=True)
class Turn:
    """The citizen's message as the flow handlers read it."""

    message: InboundMessage
    text: str
    payload: str | None


def _numbered_payload(state: DialogState, text: str) -> str | None:
    """WhatsApp has no buttons: '2' picks the second choice last offered."""
    if text.isdigit() and state.offered:
        index = int(text) - 1
        if 0 <= index < len(state.offered):
            return state.offered[index].payload
    return None


class DialogEngine:
    """Stateless: everything it needs arrives with each call."""

    async def handle(self, state: DialogState, message: InboundMessage,
                     context: DialogContext) -> list[Reply]:
        """Handle one message and return the replies; ``state`` is updated in place."""
        text = (message.text or "").strip()
        payload = message.payload or _numbered_payload(state, text)
        state.sensitive_turn = state.flow == discreet.FLOW
        returning = state.seen_at is not None and context.now - state.seen_at > SILENCE
        state.seen_at = context.now
        replies = await self._dispatch(state, message, text, payload, context, returning)
        offered = [b for r in replies for b in r.buttons]
        state.offered = offered
        return replies

    async def _dispatch(self, state: DialogState, message: InboundMessage, text: str,
                        payload: str | None, context: DialogContext,
                        returning: bool) -> list[Reply]:
        request = requests.recognise(text) if payload is None else None
        if request in (Request.ENGLISH, Request.INDONESIAN) and not state.flow:
            state.language = "en" if request is Request.ENGLISH else "id"
            return [Reply(text=t("language_set", state.language)), main_menu(state.language)]
        if request is Request.MENU or payload == "menu":
            return digressions.set_aside(state, context)
        if request is Request.CANCEL and state.flow:
            if state.flow == discreet.FLOW:
                return discreet.cancel(state)
            state.reset()
            return [Reply(text=t("cancelled", state.language))]
        if payload in ("resume:yes", "resume:no") or (
                state.suspended and not state.flow and text.lower() in RESUME_WORDS):
            return self._resume(state, payload != "resume:no", context)
        if (replies := self._interrupt(state, message, text, context)) is not None:
            return replies
        if (replies := await self._digress(state, request, Turn(message, text, payload),
                                           context, returning)) is not None:
            return replies
        if payload and (replies := await self._on_payload(state, payload, context)) is not None:
            return replies
        if state.flow:
            return await self._in_flow(state, message, text, payload, context)
        if message.media or message.location:
            return [Reply(text=t("media_outside_intake", state.language))]
        return await self._understand(state, text, context)

    def _interrupt(self, state: DialogState, message: InboundMessage, text: str,
                   context: DialogContext) -> list[Reply] | None:
        """A fire, rescue or violence report typed at any prompt of any flow leaves the flow at
        once (put aside to be offered back) and starts the emergency; None when it is none.
        The local rules decide: cheap enough for every message."""
        if not state.flow or not text or state.flow in EMERGENCY_FLOWS:
            return None
        kind = context.understander.urgent_kind(text)
        if kind is None or (kind == "report_violence" and state.flow == discreet.FLOW):
            return None
        if kind == "report_violence" and state.flow == violence_check.FLOW:
            return violence_check.report(state, violence_check.held_with(state, text), context)
        state.suspend()
        return start_service(state, INTENT_SERVICES[kind], context, first_text=text,
                             first_message=message)

    async def _digress(self, state: DialogState, request: Request | None, turn: Turn,
                       context: DialogContext, returning: bool) -> list[Reply] | None:
        """A request or a question at a prompt: answered, and the prompt asked again. The word
        rules first; the NLU only for a text the prompt cannot take as its answer. Back after a
        long silence with no answer: the prompt again, with a welcome back."""
        text, message = turn.text, turn.message
        if state.flow not in digressions.DIGRESSIVE_FLOWS or turn.payload or not text \
                or message.media or message.location:
            return None
        if request is None and not digressions.accepts(state, text, context):
            request = await digressions.guess(text, context)
            if request is None and returning:
                return digressions.welcome_back(state, context)
        if request is Request.SERVICE:  # another service: this one is kept for later
            return [*digressions.put_aside(state, context),
                    *await self._understand(state, text, context)]
        return digressions.answer(state, request, text, context) if request else None

    def _resume(self, state: DialogState, wanted: bool,
                context: DialogContext) -> list[Reply]:
        """The answer to 'continue what you were filling in?'."""
        if wanted and state.resume():
            return digressions.prompt_again(state, context)
        state.suspended = None
        return [Reply(text=t("resume_dropped", state.language))]

    async def _in_flow(self, state: DialogState, message: InboundMessage, text: str,
                       payload: str | None, context: DialogContext) -> list[Reply]:
        """The current flow's handler answers; when it has none (or lets go), the citizen's
        words are understood afresh."""
        handler = FLOW_HANDLERS.get(state.flow) if state.flow else None
        if handler is not None and (
                replies := await handler(self, state, Turn(message, text, payload), context)
        ) is not None:
            return replies
        state.reset()
        return await self._understand(state, text, context)

    async def _intake(self, state: DialogState, turn: Turn,
                      context: DialogContext) -> list[Reply] | None:
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

    async def _emergency(self, state: DialogState, turn: Turn,
                         context: DialogContext) -> list[Reply] | None:
        if not state.service:
            return None
        service = context.catalog.get(state.service)
        replies = (emergency.handle(state, service, turn.message, turn.payload)
                   if state.flow == Flow.EMERGENCY
                   else emergency.answer_duplicate(state, service, turn.message, turn.payload))
        return replies + (digressions.resume_offer(state, context) if state.flow is None else [])

    async def _ppa_report(self, state: DialogState, turn: Turn,
                          context: DialogContext) -> list[Reply] | None:
        if not state.service:
            return None
        asking = not discreet.finished(state)
        replies = discreet.handle(state, context.catalog.get(state.service), turn.message,
                                  turn.payload, context)
        just_done = asking and discreet.finished(state)
        return replies + (digressions.resume_offer(state, context) if just_done else [])

    async def _kia_birth(self, state: DialogState, turn: Turn,
                         context: DialogContext) -> list[Reply] | None:
        return flows.kia_birth(state, turn.message, context)

    async def _kia_another(self, state: DialogState, turn: Turn,
                           context: DialogContext) -> list[Reply] | None:
        replies = flows.kia_another(state, turn.message, turn.payload)
        return replies if replies is not None else await self._unclear_yes_no(state, turn, context)

    async def _unclear_yes_no(self, state: DialogState, turn: Turn,
                              context: DialogContext) -> list[Reply] | None:
        """Neither yes nor no: a new request (understood afresh: None), else the buttons again
        with the way out."""
        meaning = await context.understander.understand(turn.text) if turn.text else None
        if meaning is not None and meaning.confident and meaning.intent not in NOT_A_REQUEST:
            return None
        return [Reply(text=t("yes_no_offer", state.language)),
                *digressions.prompt_again(state, context)]

    async def _violence_check(self, state: DialogState, turn: Turn,
                              context: DialogContext) -> list[Reply] | None:
        """The answer to the discreet question: the PPA report with the held words, or the
        held message served as it was understood."""
        held = state.pending_text
        if not held:
            return None
        yes = violence_check.answer(turn.text, turn.payload)
        if yes is None:
            if not context.understander.violence_signs(turn.text).found:
                return violence_check.ask_again(state)
            yes, held = True, violence_check.held_with(state, turn.text)
        state.reset(keep_suspended=True)
        if yes:
            return violence_check.report(state, held, context)
        return await self._understand(state, held, context, screened=True)

    async def _pbb(self, state: DialogState, turn: Turn,
                   context: DialogContext) -> list[Reply] | None:
        return await flows.pbb_lookup(state, turn.text, context)

    async def _status(self, state: DialogState, turn: Turn,
                      context: DialogContext) -> list[Reply] | None:
        state.reset()
        wanted = "" if turn.text.lower() in ("semua", "all") else turn.text
        return flows.status(state, wanted, context)

    async def _supply(self, state: DialogState, turn: Turn,
                      context: DialogContext) -> list[Reply] | None:
        return safety_net.screen_note(state, turn.message, turn.payload, context,
                                      lambda message: flows.supply(state, message, context))

    async def _survey(self, state: DialogState, turn: Turn,
                      context: DialogContext) -> list[Reply] | None:
        if not state.survey_case:
            return None
        if state.stage != Stage.COMMENT:
            return survey.handle(state, turn.message, turn.payload, context)
        return safety_net.screen_note(
            state, turn.message, turn.payload, context,
            lambda message: survey.handle(state, message, None, context))

    async def _confirm_service(self, state: DialogState, turn: Turn,
                               context: DialogContext) -> list[Reply] | None:
        if not state.candidate:
            return None
        code, payload = state.candidate, turn.payload
        try:
            yes = payload == "yes" or (payload or "").startswith("start:") or (
                payload is None and validate("yes_no", turn.text).value == "ya")
        except Invalid:
            return await self._unclear_yes_no(state, turn, context)
        state.reset(keep_suspended=True)
        return start_service(state, code, context) if yes else [main_menu(state.language)]

    async def _on_payload(self, state: DialogState, payload: str,
                          context: DialogContext) -> list[Reply] | None:
        """Buttons that work from anywhere; None lets the current flow read the payload."""
        language = state.language
        kind, _, rest = payload.partition(":")
        if kind == "menu":
            state.reset(keep_suspended=True)
            return self._menu_item(state, rest, context)
        if kind == "csat":  # the satisfaction question after an agent hands the chat back
            return [Reply(text=t("csat_thanks", language))]
        if kind == "agencies":
            return [agency_menu(context.catalog, language, page=int(rest or 0))]
        if kind == "agency" and rest in context.catalog.agencies:
            return [service_menu(context.catalog, rest, language)]
        if kind == "svcpage":
            agency, _, page = rest.partition(":")
            return [service_menu(context.catalog, agency, language, page=int(page or 0))]
        if kind in ("svc", "start") and rest in context.catalog.services:
            state.reset()
            return start_service(state, rest, context)
        return None

    def _menu_item(self, state: DialogState, item: str, context: DialogContext) -> list[Reply]:
        language = state.language
        if item == "services":
            return [agency_menu(context.catalog, language)]
        if item == "pbb":
            return flows.pbb_start(state)
        if item == "status":
            state.flow = Flow.STATUS
            return [Reply(text=t("ask_case_number", language))]
        if item == "fire":
            return start_service(state, INTENT_SERVICES["report_fire"], context)
        if item == "complaint":
            return start_service(state, INTENT_SERVICES["complaint"], context)
        if item == "agent":
            state.handoff_request = "citizen_asked"
            return []
        return [main_menu(language)]

    async def _understand(self, state: DialogState, text: str, context: DialogContext, *,
                          screened: bool = False) -> list[Reply]:
        """Serve a free text by what it means; ``screened``: the citizen already said it is
        no violence report."""
        language = state.language
        if not text:
            return [main_menu(language)]
        meaning = await context.understander.understand(text)
        intent = meaning.intent
        if intent in EMERGENCY_INTENTS or intent == "report_violence":
            state.misunderstood = 0
            return start_service(state, INTENT_SERVICES[intent], context, first_text=text)
        if not screened:
            routed = violence_check.route(meaning, context.understander.violence_signs(text))
            if routed is violence_check.Route.REPORT:
                return violence_check.report(state, text, context)
            if routed is violence_check.Route.ASK:
                return violence_check.ask(state, text)
        if not meaning.confident or intent in ("out_of_scope", "nlu_fallback"):
            return self._clarify(state, text, context)
        state.misunderstood = 0
        if intent == "greet":
            name = f" {context.sender_name}" if context.sender_name else ""
            rest = requests.after_greeting(text)
            if rest and rest != text:  # a greeting with a request serves the request
                return [Reply(text=t("hello", language, name=name)),
                        *await self._understand(state, rest, context, screened=screened)]
            return [Reply(text=t("welcome", language, name=name)), main_menu(language)]
        if intent == "menu":
            return [main_menu(language)]
        if intent == "thanks":
            return [Reply(text=t("thanks_reply", language))]
        if intent == "goodbye":
            return [Reply(text=t("goodbye_reply", language))]
        if intent in ("affirm", "deny"):
            return [main_menu(language)]
        if intent == "request_kia":
            return flows.kia_start(state)
        if intent == "check_pbb":
            if meaning.entities.get("nop"):
                return await flows.pbb_lookup(state, text, context)
            return flows.pbb_start(state)
        if intent == "check_status":
            return flows.status(state, text, context)
        if intent == "talk_to_agent":
            state.handoff_request = "citizen_asked"
            return []
        return self._find_service(state, text, intent, meaning.entities.get("service"), context)

    def _find_service(self, state: DialogState, text: str, intent: str, named: str | None,
                      context: DialogContext) -> list[Reply]:
        language = state.language
        matches = find_services(context.catalog, text)
        code = named if named in context.catalog.services else None
        if code is None and is_clear(matches):
            code = matches[0].service.code
        if intent == "ask_requirements" and code:
            return flows.requirements(state, code, context)
        if code:
            return [flows.confirm_service(state, code, context)]
        if intent == "complaint":
            return start_service(state, INTENT_SERVICES["complaint"], context)
        if matches:
            return [Reply(text=t("clarify", language), buttons=[
                *(Button(label=m.service.name.id[:64], payload=f"svc:{m.service.code}")
                  for m in matches),
                Button(label=t("back_to_menu", language), payload="menu"),
            ])]
        return self._clarify(state, text, context)

    def _clarify(self, state: DialogState, text: str, context: DialogContext) -> list[Reply]:
        state.misunderstood += 1
        matches = find_services(context.catalog, text)
        if matches:
            return self._find_service(state, text, "request_service", None, context)
        if state.misunderstood >= MISUNDERSTOOD_LIMIT:
            state.misunderstood = 0
            state.handoff_request = "misunderstood"
            return []
        return [Reply(text=t("not_understood", state.language)), main_menu(state.language)]


FlowHandler = Callable[[DialogEngine, DialogState, Turn, DialogContext],
                       Awaitable[list[Reply] | None]]
# One handler per flow; None from a handler lets the citizen's words be understood afresh.
FLOW_HANDLERS: dict[Flow, FlowHandler] = {
    Flow.INTAKE: DialogEngine._intake,
    Flow.INTAKE_EDIT: DialogEngine._intake,
    Flow.EMERGENCY: DialogEngine._emergency,
    Flow.EMERGENCY_DUP: DialogEngine._emergency,
    Flow.PPA_REPORT: DialogEngine._ppa_report,
    Flow.KIA_BIRTH: DialogEngine._kia_birth,
    Flow.KIA_ANOTHER: DialogEngine._kia_another,
    Flow.PBB: DialogEngine._pbb,
    Flow.STATUS: DialogEngine._status,
    Flow.SUPPLY: DialogEngine._supply,
    Flow.SURVEY: DialogEngine._survey,
    Flow.CONFIRM_SERVICE: DialogEngine._confirm_service,
    Flow.PPA_CHECK: DialogEngine._violence_check,
}
