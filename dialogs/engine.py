"""The conversation engine: one citizen message in, the replies out, the state updated."""

from __future__ import annotations

from datetime import timedelta

from backend.core.messages import InboundMessage
from backend.core.policies import INTENT_SERVICES
from dialogs import (
    digressions,
    discreet,
    flows,
    requests,
    violence_check,
)
from dialogs.flow_handlers import FLOW_HANDLERS, Turn
from dialogs.menu import agency_menu, main_menu, service_menu
from dialogs.ports import DialogContext, Reply
from dialogs.requests import Request
from dialogs.starting import start_service
from dialogs.state import EMERGENCY_FLOWS, DialogState, Flow
from dialogs.texts import t
from dialogs.understanding import understand

RESUME_WORDS = frozenset({"lanjut", "lanjutkan", "teruskan", "continue"})
SILENCE = timedelta(hours=6)  # back after this long: welcomed back to where they were


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
            if state.flow in EMERGENCY_FLOWS:  # the report is out: stop asking, say so
                state.reset(keep_suspended=True)
                return [Reply(text=t("emergency_cancelled", state.language)),
                        *digressions.resume_offer(state, context)]
            state.reset(keep_suspended=True)  # a form put aside earlier stays kept
            return [Reply(text=t("cancelled", state.language)),
                    *digressions.resume_offer(state, context)]
        if payload in ("resume:yes", "resume:no") or (
                state.suspended and not state.flow and text.lower() in RESUME_WORDS):
            return self._resume(state, payload != "resume:no", context)
        if (replies := self._interrupt(state, message, text, context)) is not None:
            return replies
        if (replies := await self._digress(state, request, Turn(message, text, payload),
                                           context, returning)) is not None:
            return replies
        if request is Request.HELP and not state.flow:
            return [Reply(text=t("help_general", state.language)), main_menu(state.language)]
        if payload and (replies := await self._on_payload(state, payload, context)) is not None:
            return replies
        if state.flow:
            return await self._in_flow(state, message, text, payload, context)
        if message.media or message.location:
            return self._file_outside_flow(state, message, text, context)
        return await understand(state, text, context)

    def _file_outside_flow(self, state: DialogState, message: InboundMessage, text: str,
                           context: DialogContext) -> list[Reply]:
        """A file or a place outside any flow: a caption reporting a fire, a rescue or violence
        starts that report (the files with it), signs of violence ask the discreet question
        (caption and files held); else files only go with a request."""
        if text and (kind := context.understander.urgent_kind(text)) is not None:
            return start_service(state, INTENT_SERVICES[kind], context, first_text=text,
                                 first_message=message)
        signs = context.understander.violence_signs(text) if text else None
        if signs is not None and signs.unmistakable:
            return violence_check.report(state, text, context, message)
        if signs is not None and signs.found:
            return violence_check.ask(state, text, message.media)
        return [Reply(text=t("media_outside_intake", state.language))]

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
            return violence_check.report(state, violence_check.held_with(state, text), context,
                                         violence_check.held_files(state, message))
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
            request = await digressions.guess(state, text, context)
            if request is None and returning:
                return digressions.welcome_back(state, context)
        if request is Request.SERVICE:  # another service: this one is kept for later
            return [*digressions.put_aside(state, context),
                    *await understand(state, text, context)]
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
                replies := await handler(state, Turn(message, text, payload), context)
        ) is not None:
            return replies
        state.reset()
        return await understand(state, text, context)

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
            words = state.candidate_words if state.candidate == rest else None  # "Ya" pressed
            state.reset()
            return start_service(state, rest, context, first_text=words)
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

