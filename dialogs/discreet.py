"""The PPA report (violence against women and children): discreet and urgent-first.

The case opens with the very first message (nothing a frightened reporter wrote is lost if they
stop), then one short question at a time, each answer added to the case at once; once the
essentials are in, every further message is added too and answered, until an agent takes the
chat over. The reporter always hears who will contact them, when, and whom to call now.
"""

from __future__ import annotations

import re

from backend.core.catalog.intake import FieldKind, FieldType, IntakeField
from backend.core.catalog.schema import ServiceDefinition
from backend.core.messages import Button, InboundMessage
from backend.core.policies import PPA_SERVICE
from dialogs.field_answers import declines, invalid_text
from dialogs.ports import DialogContext, Reply
from dialogs.state import DialogState, Flow, Stage, StoredDocument
from dialogs.texts import t
from dialogs.validators import Invalid, validate, validate_name

FLOW = Flow.PPA_REPORT
SERVICE = PPA_SERVICE
ASKING, WAITING = Stage.ASK, Stage.WAITING
STORY_MIN_WORDS = 4  # a first message this long is the beginning of the story
SKIP_WORDS = frozenset({"lewati", "skip", "-", "tidak tahu", "tdk tau", "gak tau", "ga tau"})
MAX_TEXT = 2000
# Words that say the danger is now, not in the past: the PPA on-call is alerted at once.
DANGER_NOW = re.compile(
    r"\b(?:sekarang|skrg|saat ini|sedang|lagi (?:di)?(?:pukul|hajar|aniaya|kejar)\w*|masih|"
    r"tolong|darurat|takut pulang|mau dibunuh|ancam(?:an)? (?:mau )?(?:di)?bunuh|"
    r"pisau|golok|parang|senjata|berdarah|kabur|sembunyi|dikunci|dikurung|malam ini|"
    r"urgent|bahaya)\b")


def sounds_urgent(text: str) -> bool:
    """The report says someone is in danger right now."""
    return bool(DANGER_NOW.search(text.lower()))


def _questions(service: ServiceDefinition) -> list[IntakeField]:
    return list(service.fields)


def _ask(field: IntakeField, language: str) -> Reply:
    text = field.prompt
    if field.example:
        text += f"\n(Contoh: {field.example})" if language == "id" else f"\n(e.g. {field.example})"
    text += "\n" + t("ppa_skip_hint", language)
    buttons: list[Button] = []
    if field.type is FieldType.YES_NO:
        buttons = [Button(label=t("button_yes", language), payload="yes"),
                   Button(label=t("button_not", language), payload="no")]
    elif field.type is FieldType.CHOICE:
        buttons = [Button(label=c[:64], payload=f"choice:{i}")
                   for i, c in enumerate(field.choices or [])]
    return Reply(text=text, buttons=buttons)


def _outlook(context: DialogContext, language: str) -> Reply:
    """Who will answer and when: PPA officers in hours, else the next opening (the on-call at
    once when someone is in danger)."""
    key = "ppa_outlook_in_hours" if context.outlook.in_hours else "ppa_outlook_out_of_hours"
    return Reply(text=t(key, language, hours=context.outlook.hours))


def start(state: DialogState, service: ServiceDefinition, first_text: str | None,
          context: DialogContext, first_message: InboundMessage | None = None) -> list[Reply]:
    """Open the report now with what the citizen wrote (and the files that came with it), then
    ask the first missing essential."""
    state.reset(keep_suspended=True)
    language = state.language
    state.flow, state.service, state.stage, state.index = FLOW, service.code, ASKING, 0
    state.sensitive_turn = True
    story = (first_text or "").strip()
    if len(story.split()) >= STORY_MIN_WORDS:
        state.answers["chronology"] = state.displays["chronology"] = story[:MAX_TEXT]
        if sounds_urgent(story):
            state.answers["in_danger"] = state.displays["in_danger"] = "ya"
    evidence = _stored(first_message) if first_message is not None else []
    opened = context.office.open_case(service.code, state.answers, evidence)
    state.report_case = opened.number
    state.handoff_request = "ppa"  # the handoff desk queues it for PPA agents (or not, by policy)
    replies = [Reply(text=t("ppa_intro", language)), _outlook(context, language)]
    if state.answers.get("in_danger") == "ya":
        replies.append(Reply(text=t("ppa_danger_now", language)))
    return replies + _next(state, service, context)


def _next(state: DialogState, service: ServiceDefinition,
          context: DialogContext) -> list[Reply]:
    """The next unanswered question, or the end of the questions."""
    questions = _questions(service)
    while state.index < len(questions) and questions[state.index].name in state.answers:
        state.index += 1
    if state.index < len(questions):
        return [_ask(questions[state.index], state.language)]
    state.stage = WAITING
    return [Reply(text=t("ppa_report_done", state.language, number=state.report_case or "-")),
            _waiting(context, state.language)]


def _value(field: IntakeField, text: str, payload: str | None) -> str:
    """The answer as stored; raises Invalid when a typed field cannot read it."""
    if field.type is FieldType.YES_NO:
        answer = {"yes": "ya", "no": "tidak"}.get(payload or "", text)
        return validate("yes_no", answer).value
    if field.type is FieldType.CHOICE:
        if payload and payload.startswith("choice:") and field.choices:
            index = int(payload.split(":", 1)[1])
            if 0 <= index < len(field.choices):
                return field.choices[index]
        return validate("choice", text, choices=field.choices).value
    if field.type is FieldType.PHONE:
        return validate("phone", text).value
    return text[:MAX_TEXT]


def _stored(message: InboundMessage) -> list[StoredDocument]:
    return [StoredDocument(code="bukti", sha256=m.sha256 or "", mime=m.mime or "",
                           size=m.size or 0, storage_key=m.storage_key or "",
                           file_name=m.file_name)
            for m in message.media if m.storage_key]


def handle(state: DialogState, service: ServiceDefinition, message: InboundMessage,
           payload: str | None, context: DialogContext) -> list[Reply]:
    """One message of a running report: an answer, evidence, or more of the story."""
    state.sensitive_turn = True
    text = (message.text or "").strip()
    documents = _stored(message)
    if state.stage == WAITING:
        return _more(state, text, documents, context)
    field = _questions(service)[state.index]
    language = state.language
    if documents and not text:
        context.office.update_case(state.report_case or "", {}, documents)
        return [Reply(text=t("ppa_evidence_received", language)), _ask(field, language)]
    replies = []
    if text.lower() in SKIP_WORDS or not (text or payload):
        state.answers[field.name] = ""
    elif payload is None and declines(field, text):  # "tidak", "rahasia": no name, no "Tidak"
        state.answers[field.name] = field.declined or ""
        if field.declined:
            state.displays[field.name] = field.declined
            context.office.update_case(state.report_case or "", {field.name: field.declined},
                                       documents)
            replies.append(Reply(text=t("declined_ok", language)))
    elif payload is None and not _a_name(field, text):  # her story, typed at her name
        replies += _add_to_story(state, text, [], context)
        state.answers[field.name] = ""
    else:
        try:
            value = _value(field, text, payload)
        except Invalid as problem:
            return [Reply(text=invalid_text(field, problem, language)), _ask(field, language)]
        state.answers[field.name] = state.displays[field.name] = value
        context.office.update_case(state.report_case or "", {field.name: value}, documents)
    if field.name == "in_danger" and state.answers[field.name] == "ya":
        replies.append(Reply(text=t("ppa_danger_now", language)))
    state.index += 1
    return replies + _next(state, service, context)


def _a_name(field: IntakeField, text: str) -> bool:
    """Whether ``text`` may be the name a name question asks (any text, for other questions)."""
    if field.kind is not FieldKind.PERSON_NAME:
        return True
    try:
        validate_name(text)
    except Invalid:
        return False
    return True


def _more(state: DialogState, text: str, documents: list[StoredDocument],
          context: DialogContext) -> list[Reply]:
    """After the questions: everything else the citizen writes or sends joins the report."""
    return [*_add_to_story(state, text, documents, context), _waiting(context, state.language)]


def _add_to_story(state: DialogState, text: str, documents: list[StoredDocument],
                  context: DialogContext) -> list[Reply]:
    """Add words (to the report's further notes) and files to the case; words saying someone
    is in danger now ("dia datang lagi bawa pisau") mark the report so, which alerts the PPA
    on-call (once), and say what to do now."""
    fields: dict[str, str] = {}
    replies = []
    if text:
        notes = state.answers.get("additional_notes", "")
        state.answers["additional_notes"] = (f"{notes}\n{text}" if notes else text)[-MAX_TEXT:]
        fields["additional_notes"] = state.answers["additional_notes"]
        if sounds_urgent(text) and state.answers.get("in_danger") != "ya":
            state.answers["in_danger"] = state.displays["in_danger"] = fields["in_danger"] = "ya"
            replies.append(Reply(text=t("ppa_danger_now", state.language)))
    if fields or documents:
        context.office.update_case(state.report_case or "", fields, documents)
    return replies


def _waiting(context: DialogContext, language: str) -> Reply:
    """Who answers and when, and whom to call now, once the questions are done."""
    key = "ppa_waiting_in_hours" if context.outlook.in_hours else "ppa_waiting_out_of_hours"
    return Reply(text=t(key, language, hours=context.outlook.hours))


def cancel(state: DialogState) -> list[Reply]:
    """'batal' in a report: stop asking; what was sent stays with the PPA officers."""
    language = state.language
    state.reset()
    return [Reply(text=t("ppa_cancelled", language))]


def finished(state: DialogState) -> bool:
    """The questions are done (the report now only collects and answers)."""
    return state.flow == FLOW and state.stage == WAITING


def end_with_handoff(state: DialogState) -> None:
    """An agent finished the chat: the report's questions and waiting replies stop."""
    if state.flow == FLOW:
        state.reset(keep_suspended=True)
