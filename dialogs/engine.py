"""The conversation engine: one citizen message in, the replies out, the state updated."""

from __future__ import annotations

from backend.catalog.schema import Urgency
from bot.messages import Button, InboundMessage
from dialogs import emergency, flows, intake, survey
from dialogs.finder import find_services, is_clear
from dialogs.menu import agency_menu, main_menu, service_menu
from dialogs.ports import DialogContext, Reply
from dialogs.state import DialogState
from dialogs.texts import t

MENU_WORDS = frozenset({"menu", "mulai", "start", "/start", "home", "awal", "kembali ke menu"})
CANCEL_WORDS = frozenset({"batal", "cancel", "stop", "berhenti"})
ENGLISH_WORDS = frozenset({"english", "bahasa inggris", "inggris"})
INDONESIAN_WORDS = frozenset({"bahasa indonesia", "indonesia", "indonesian"})
INTENT_SERVICES = {"report_fire": "damkar-kebakaran", "report_rescue": "damkar-evakuasi",
                   "report_violence": "ppa-pengaduan", "complaint": "pengaduan-masyarakat"}
EMERGENCY_INTENTS = frozenset({"report_fire", "report_rescue"})
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
            state.reset()
            return [Reply(text=t("cancelled", state.language))]
        if payload and (replies := await self._on_payload(state, payload, context)) is not None:
            return replies
        if state.flow:
            return await self._in_flow(state, message, text, payload, context)
        if message.media or message.location:
            return [Reply(text=t("media_outside_intake", state.language))]
        return await self._understand(state, text, context)

    async def _in_flow(self, state: DialogState, message: InboundMessage, text: str,
                       payload: str | None, context: DialogContext) -> list[Reply]:
        flow = state.flow
        if flow in ("intake", "intake-edit") and state.service:
            service = context.catalog.get(state.service)
            replies = intake.handle(state, service, message, payload, context)
            opened_kia = state.service in (flows.KIA_UNDER_FIVE, flows.KIA_FIVE_TO_17)
            if state.flow is None and state.last_case and opened_kia:
                replies.append(flows.kia_after_case(state, state.last_case))
            return replies
        if flow == "emergency" and state.service:
            return emergency.handle(state, context.catalog.get(state.service), message, payload)
        if flow == "emergency_dup" and state.service:
            return emergency.answer_duplicate(state, context.catalog.get(state.service), message,
                                              payload)
        if flow == "kia_birth":
            return flows.kia_birth(state, message, context)
        if flow == "kia_another":
            return flows.kia_another(state, message, payload)
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

    def _start_service(self, state: DialogState, code: str,
                       context: DialogContext) -> list[Reply]:
        if code in (flows.KIA_UNDER_FIVE, flows.KIA_FIVE_TO_17):
            return flows.kia_start(state)
        service = context.catalog.get(code)
        if service.urgency is Urgency.PIKET_24H:
            return emergency.start(state, service)
        if code == INTENT_SERVICES["report_violence"]:
            state.handoff_request = "ppa"  # the handoff desk applies the PPA policy
        return intake.start(state, service)

    async def _understand(self, state: DialogState, text: str,
                          context: DialogContext) -> list[Reply]:
        language = state.language
        if not text:
            return [main_menu(language)]
        meaning = await context.understander.understand(text)
        intent = meaning.intent
        if intent in EMERGENCY_INTENTS or intent == "report_violence":
            state.misunderstood = 0
            return self._start_service(state, INTENT_SERVICES[intent], context)
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

