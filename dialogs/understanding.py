"""A free text served by what it means: an emergency, a request the bot handles itself, a
catalog service, else a clarifying question (and, after repeated misunderstanding, an agent)."""

from __future__ import annotations

from backend.core.messages import Button
from backend.core.policies import EMERGENCY_INTENTS, INTENT_SERVICES
from dialogs import flows, requests, violence_check
from dialogs.ages import admits_stated, stated_age_days
from dialogs.english import is_english, is_indonesian
from dialogs.finder import complaint_service, find_services, is_clear, names_a_service
from dialogs.menu import main_menu
from dialogs.ports import DialogContext, Reply, Understanding
from dialogs.starting import start_service
from dialogs.state import DialogState
from dialogs.texts import t
from dialogs.unserved import unserved

MISUNDERSTOOD_LIMIT = 2
# What the NLU (trained on Indonesian) reads well enough in English too; any other English
# text is offered the menu, whose buttons need no words.
UNDERSTOOD_IN_ENGLISH = frozenset({"greet", "thanks", "goodbye", "menu", "check_status",
                                   "talk_to_agent", "check_pbb", "request_kia"})


async def understand(state: DialogState, text: str, context: DialogContext, *,
                     screened: bool = False, meaning: Understanding | None = None) -> list[Reply]:
    """Serve a free text by what it means; ``screened``: the citizen already said it is
    no violence report; ``meaning``: the NLU's reading of ``text``, when the caller has it."""
    if state.language == "en" and is_indonesian(text):  # back in Indonesian: answered so
        state.language = "id"
    language = state.language
    if not text:
        return [main_menu(language)]
    meaning = meaning or await context.understander.understand(text)
    intent = meaning.intent
    if intent in EMERGENCY_INTENTS or intent == "report_violence":
        state.misunderstood = 0
        if is_english(text):  # what to do now, in words the reporter reads
            state.language = "en"
        return start_service(state, INTENT_SERVICES[intent], context, first_text=text)
    if not screened:
        routed = violence_check.route(meaning, context.understander.violence_signs(text))
        if routed is violence_check.Route.REPORT:
            return violence_check.report(state, text, context)
        if routed is violence_check.Route.ASK:
            return violence_check.ask(state, text)
    if is_english(text) and (language == "id" or not (
            meaning.confident and intent in UNDERSTOOD_IN_ENGLISH)):
        return english_menu(state)
    if not meaning.confident or intent in ("out_of_scope", "nlu_fallback"):
        return clarify(state, text, context)
    state.misunderstood = 0
    if intent == "greet":
        name = f" {context.sender_name}" if context.sender_name else ""
        rest = requests.after_greeting(text)
        if rest and rest != text:  # a greeting with a request serves the request
            return [Reply(text=t("hello", language, name=name)),
                    *await understand(state, rest, context, screened=screened)]
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
    return find_service(state, text, intent, meaning.entities.get("service"), context)


def find_service(state: DialogState, text: str, intent: str, named: str | None,
                 context: DialogContext) -> list[Reply]:
    """Confirm the service the words ask for, or offer the few they may mean; an age the
    citizen states ("anak saya umur 2 tahun") leaves out the services not for that age."""
    language = state.language
    age = stated_age_days(text)
    matches = [match for match in find_services(context.catalog, text)
               if admits_stated(match.service, age)]
    code = named if named in context.catalog.services and \
        admits_stated(context.catalog.get(named), age) else None
    if code is None and intent == "complaint":
        code = complaint_service(context.catalog, text)
    if code is None and is_clear(matches):
        code = matches[0].service.code
    if intent == "ask_requirements" and code:
        return flows.requirements(state, code, context)
    if code:
        return [flows.confirm_service(state, code, context, words=text)]
    if intent == "complaint":
        return start_service(state, INTENT_SERVICES["complaint"], context, first_text=text)
    if (elsewhere := _served_elsewhere(state, text, context)) is not None:
        return elsewhere
    if matches:
        return [Reply(text=t("clarify", language), buttons=[
            *(Button(label=m.service.name.id[:64], payload=f"svc:{m.service.code}")
              for m in matches),
            Button(label=t("back_to_menu", language), payload="menu"),
        ])]
    return clarify(state, text, context)


def clarify(state: DialogState, text: str, context: DialogContext) -> list[Reply]:
    if (elsewhere := _served_elsewhere(state, text, context)) is not None:
        return elsewhere
    state.misunderstood += 1
    matches = find_services(context.catalog, text)
    if matches:
        return find_service(state, text, "request_service", None, context)
    if state.misunderstood >= MISUNDERSTOOD_LIMIT:
        state.misunderstood = 0
        state.handoff_request = "misunderstood"
        return []
    return [Reply(text=t("not_understood", state.language)), main_menu(state.language)]


def _served_elsewhere(state: DialogState, text: str,
                      context: DialogContext) -> list[Reply] | None:
    """Where to go for the unserved service the text asks for, unless its other words name a
    served one ("syarat KIA, pakai KTP orang tua?" is about the KIA)."""
    found = unserved(text)
    if found is None:
        return None
    rest = found.pattern.sub(" ", text.lower())
    if names_a_service(context.catalog, rest):
        return None
    return [Reply(text=t("unserved", state.language, name=found.name, where=found.where))]


def english_menu(state: DialogState) -> list[Reply]:
    """English text: answer in English from now on (said once) and offer the menu."""
    switched, state.language = state.language != "en", "en"
    return [Reply(text=t("english_detected" if switched else "english_menu", "en")),
            main_menu("en")]
