"""The conversation engine: one citizen message in, the replies out, the state updated."""

from __future__ import annotations

from backend.catalog.schema import FieldType, ServiceDefinition, Urgency
from bot.messages import Button, InboundMessage
from dialogs import discreet, emergency, flows, intake, survey
from dialogs.finder import find_services, is_clear
from dialogs.menu import agency_menu, main_menu, service_menu
from dialogs.ports import DialogContext, Reply
from dialogs.state import DialogState
from dialogs.texts import t
from dialogs.validators import Invalid, validate

MENU_WORDS = frozenset({"menu", "mulai", "start", "/start", "home", "awal", "kembali ke menu"})
CANCEL_WORDS = frozenset({"batal", "cancel", "stop", "berhenti"})
ENGLISH_WORDS = frozenset({"english", "bahasa inggris", "inggris"})
INDONESIAN_WORDS = frozenset({"bahasa indonesia", "indonesia", "indonesian"})
INTENT_SERVICES = {"report_fire": "damkar-kebakaran", "report_rescue": "damkar-evakuasi",
                   "report_violence": "ppa-pengaduan", "complaint": "pengaduan-masyarakat"}
EMERGENCY_INTENTS = frozenset({"report_fire", "report_rescue"})
EMERGENCY_FLOWS = frozenset({"emergency", "emergency_dup"})
RESUME_WORDS = frozenset({"lanjut", "lanjutkan", "teruskan", "continue"})
MISUNDERSTOOD_LIMIT = 2


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
        replies = await self._dispatch(state, message, text, payload, context)
        offered = [b for r in replies for b in r.buttons]
        state.offered = offered
        return replies

    async def _dispatch(self, state: DialogState, message: InboundMessage, text: str,
                        payload: str | None, context: DialogContext) -> list[Reply]:
        word = text.lower()
        if word in ENGLISH_WORDS or word in INDONESIAN_WORDS:
            state.language = "en" if word in ENGLISH_WORDS else "id"
            return [Reply(text=t("language_set", state.language)), main_menu(state.language)]
        if word in MENU_WORDS or payload == "menu":
            state.reset()
            return [main_menu(state.language)]
        if word in CANCEL_WORDS and state.flow:
            if state.flow == discreet.FLOW:
                return discreet.cancel(state)
            state.reset()
            return [Reply(text=t("cancelled", state.language))]
        if payload in ("resume:yes", "resume:no") or (
                state.suspended and not state.flow and word in RESUME_WORDS):
            return self._resume(state, payload != "resume:no", context)
        if (replies := self._interrupt(state, message, text, context)) is not None:
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
        state.suspend()
        return self._start_service(state, INTENT_SERVICES[kind], context, first_text=text,
                                   first_message=message)

    def _resume(self, state: DialogState, wanted: bool,
                context: DialogContext) -> list[Reply]:
        """The answer to 'continue what you were filling in?'."""
        if wanted and state.resume():
            return self._prompt_again(state, context)
        state.suspended = None
        return [Reply(text=t("resume_dropped", state.language))]

    def _prompt_again(self, state: DialogState, context: DialogContext) -> list[Reply]:
        """The question the citizen was at, asked again."""
        language = state.language
        if state.flow in ("intake", "intake-edit") and state.service:
            return intake.prompt_again(state, context.catalog.get(state.service))
        if state.flow == "kia_birth":
            return [Reply(text=t("kia_ask_birth", language))]
        if state.flow == "pbb":
            return [Reply(text=t("pbb_ask_nop", language))]
        if state.flow == "supply":
            return [Reply(text=t("supply_got", language))]
        if state.flow == survey.FLOW and state.survey_case:
            return [survey.prompt_again(state)]
        state.reset()
        return [main_menu(language)]

    def _offer_back(self, state: DialogState, context: DialogContext) -> list[Reply]:
        """After an emergency: offer the flow it interrupted, if any."""
        saved = state.suspended or {}
        code = saved.get("service") or ""
        if code in context.catalog.services:
            name = context.catalog.get(code).name
            service = name.en if state.language == "en" else name.id
        elif saved.get("flow") == "kia_birth":
            service = "KIA"
        elif saved.get("flow") == "pbb":
            service = t("menu_pbb", state.language)
        elif saved:
            service = t("menu_services", state.language)
        else:
            return []
        return [Reply(text=t("resume_offer", state.language, service=service), buttons=[
            Button(label=t("resume_yes", state.language), payload="resume:yes"),
            Button(label=t("resume_no", state.language), payload="resume:no")])]

    async def _in_flow(self, state: DialogState, message: InboundMessage, text: str,
                       payload: str | None, context: DialogContext) -> list[Reply]:
        flow = state.flow
        if flow in ("intake", "intake-edit") and state.service:
            service = context.catalog.get(state.service)
            if (screened := self._screen(state, service, message, payload, context)) is not None:
                return screened
            replies = intake.handle(state, service, message, payload, context)
            opened_kia = state.service in (flows.KIA_UNDER_FIVE, flows.KIA_FIVE_TO_17)
            if state.flow is None and state.last_case and opened_kia:
                replies.append(flows.kia_after_case(state, state.last_case))
            return replies
        if flow in EMERGENCY_FLOWS and state.service:
            service = context.catalog.get(state.service)
            replies = (emergency.handle(state, service, message, payload) if flow == "emergency"
                       else emergency.answer_duplicate(state, service, message, payload))
            return replies + (self._offer_back(state, context) if state.flow is None else [])
        if flow == discreet.FLOW and state.service:
            asking = not discreet.finished(state)
            replies = discreet.handle(state, context.catalog.get(state.service), message,
                                      payload, context)
            just_done = asking and discreet.finished(state)
            return replies + (self._offer_back(state, context) if just_done else [])
        if flow == "kia_birth":
            return flows.kia_birth(state, message, context)
        if flow == "kia_another" and (
                replies := flows.kia_another(state, message, payload)) is not None:
            return replies
        if flow == "pbb":
            return await flows.pbb_lookup(state, text, context)
        if flow == "status":
            state.reset()
            return flows.status(state, "" if text.lower() in ("semua", "all") else text, context)
        if flow == "supply":
            return flows.supply(state, message, context)
        if flow == survey.FLOW and state.survey_case:
            return survey.handle(state, message, payload, context)
        if flow == "confirm_service" and state.candidate:
            code = state.candidate
            state.reset()
            if word_is_yes(text, payload):
                return self._start_service(state, code, context)
            return [main_menu(state.language)]
        state.reset()
        return await self._understand(state, text, context)

    async def _on_payload(self, state: DialogState, payload: str,
                          context: DialogContext) -> list[Reply] | None:
        """Buttons that work from anywhere; None lets the current flow read the payload."""
        language = state.language
        kind, _, rest = payload.partition(":")
        if kind == "menu":
            state.reset()
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
            return self._start_service(state, rest, context)
        return None

    def _menu_item(self, state: DialogState, item: str, context: DialogContext) -> list[Reply]:
        language = state.language
        if item == "services":
            return [agency_menu(context.catalog, language)]
        if item == "pbb":
            return flows.pbb_start(state)
        if item == "status":
            state.flow = "status"
            return [Reply(text=t("ask_case_number", language))]
        if item == "fire":
            return self._start_service(state, INTENT_SERVICES["report_fire"], context)
        if item == "complaint":
            return self._start_service(state, INTENT_SERVICES["complaint"], context)
        if item == "agent":
            state.handoff_request = "citizen_asked"
            return []
        return [main_menu(language)]

    def _start_service(self, state: DialogState, code: str, context: DialogContext, *,
                       first_text: str | None = None,
                       first_message: InboundMessage | None = None) -> list[Reply]:
        """Begin a service; ``first_text`` is the message that asked for it (a report's
        first words, ``first_message`` with its files)."""
        if code in (flows.KIA_UNDER_FIVE, flows.KIA_FIVE_TO_17):
            return flows.kia_start(state)
        service = context.catalog.get(code)
        if service.urgency is Urgency.PIKET_24H:
            return emergency.start(state, service)
        if code == discreet.SERVICE:
            return discreet.start(state, service, first_text, context, first_message)
        return intake.start(state, service)

    def _screen(self, state: DialogState, service: ServiceDefinition, message: InboundMessage,
                payload: str | None, context: DialogContext) -> list[Reply] | None:
        """The safety net of a non-PPA intake's free-text fields: signs of violence against a
        child or a woman ask one discreet question (or, unmistakable, move the words into a
        PPA report); the non-PPA draft is then dropped. None: answer the intake as usual."""
        text = (message.text or "").strip()
        if state.pending_text is not None:
            return self._screen_answer(state, message, payload, context)
        field = intake.current_field(state, service)
        if field is None or field.type is not FieldType.TEXT or not text \
                or service.code == discreet.SERVICE:
            return None
        signs = context.understander.violence_signs(text)
        if signs.unmistakable:
            state.sensitive_turn = True
            return self._start_service(state, discreet.SERVICE, context, first_text=text)
        if not signs.found:
            return None
        state.pending_text, state.sensitive_turn = text, True
        return [Reply(text=t("ppa_check_question", state.language), buttons=[
            Button(label=t("button_yes", state.language), payload="yes"),
            Button(label=t("button_not", state.language), payload="no")])]

    def _screen_answer(self, state: DialogState, message: InboundMessage, payload: str | None,
                       context: DialogContext) -> list[Reply]:
        """Yes: the held-back words open a PPA report. No: they answer the field after all."""
        held, text = state.pending_text or "", (message.text or "").strip()
        try:
            yes = word_is_yes(text, payload) or (
                payload is None and validate("yes_no", text).value == "ya")
        except Invalid:
            return [Reply(text=t("yes_no_hint", state.language)),
                    Reply(text=t("ppa_check_question", state.language), buttons=[
                        Button(label=t("button_yes", state.language), payload="yes"),
                        Button(label=t("button_not", state.language), payload="no")])]
        state.pending_text = None
        if yes:
            state.sensitive_turn = True
            return self._start_service(state, discreet.SERVICE, context, first_text=held)
        service = context.catalog.get(state.service or "")
        answer = message.model_copy(update={"text": held, "payload": None, "media": []})
        return intake.handle(state, service, answer, None, context)

    async def _understand(self, state: DialogState, text: str,
                          context: DialogContext) -> list[Reply]:
        language = state.language
        if not text:
            return [main_menu(language)]
        meaning = await context.understander.understand(text)
        intent = meaning.intent
        if intent in EMERGENCY_INTENTS or intent == "report_violence":
            state.misunderstood = 0
            return self._start_service(state, INTENT_SERVICES[intent], context, first_text=text)
        if not meaning.confident or intent in ("out_of_scope", "nlu_fallback"):
            return self._clarify(state, text, context)
        state.misunderstood = 0
        if intent == "greet":
            name = f" {context.sender_name}" if context.sender_name else ""
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
            state.flow, state.candidate = "confirm_service", code
            name = context.catalog.get(code).name
            return [Reply(text=t("confirm_service", language,
                                 service=name.en if language == "en" else name.id),
                          buttons=[Button(label=t("button_yes", language), payload=f"start:{code}"),
                                   Button(label=t("button_no", language), payload="menu")])]
        if intent == "complaint":
            return self._start_service(state, INTENT_SERVICES["complaint"], context)
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


def word_is_yes(text: str, payload: str | None) -> bool:
    """A yes by button or by word."""
    if payload is not None:
        return payload == "yes" or payload.startswith("start:")
    return text.strip().lower() in {"ya", "iya", "y", "yes", "ok", "oke", "betul", "benar"}

