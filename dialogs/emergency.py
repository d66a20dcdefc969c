"""Urgent-first reporting (fire, rescue): the alert goes out with the very first message, then
one short question at a time; every answer updates the alert. No summary, no confirmation."""

from __future__ import annotations

import re

from backend.core.catalog.intake import FieldKind, FieldType, IntakeField
from backend.core.catalog.schema import ServiceDefinition
from backend.core.messages import Button, InboundMessage
from backend.core.policies import FIRE_SERVICE
from dialogs.field_answers import declines, invalid_text
from dialogs.ports import Reply
from dialogs.state import DialogState, Flow
from dialogs.texts import t
from dialogs.validators import Invalid, validate, validate_name

SKIP_WORDS = frozenset({"lewati", "skip", "tidak tahu", "tdk tau", "gak tau", "-"})
# "kebakaran di pasar inpres kalianda, tolong cepat" -> "pasar inpres kalianda"
TYPED_PLACE = re.compile(r"\b(?:di|dekat|depan|belakang|samping|sebelah|sekitar)\s+"
                         r"(.+?)\s*(?:[,.!?]|\b(?:tolong|cepat|segera|apinya|api)\b|$)",
                         re.IGNORECASE)


def typed_place(text: str) -> str | None:
    """The place named in a report's first words, if any."""
    found = TYPED_PLACE.search(text)
    place = found.group(1).strip() if found else ""
    return place if len(place) >= 3 else None


def questions(service: ServiceDefinition) -> list[IntakeField]:
    """The SOP's fields, the place first (a shared pin is fastest for the crew)."""
    places = [f for f in service.fields if f.type is FieldType.LOCATION]
    return places + [f for f in service.fields if f.type is not FieldType.LOCATION]


def _ask(field: IntakeField, language: str) -> Reply:
    buttons = ([Button(label=t("button_yes", language), payload="yes"),
                Button(label=t("button_not", language), payload="no")]
               if field.type is FieldType.YES_NO else [])
    return Reply(text=field.prompt, buttons=buttons,
                 request_location=field.type is FieldType.LOCATION)


def start(state: DialogState, service: ServiceDefinition, first_text: str | None = None,
          prefilled: dict[str, tuple[str, str]] | None = None) -> list[Reply]:
    """Open the report now (the alert leaves with this message), then ask the first question;
    a place typed in the first words is kept and only a pin or a confirmation asked, and
    ``prefilled`` answers (value, display; what to rescue, told in the first words) are not
    asked."""
    language = state.language
    state.reset(keep_suspended=True)
    state.flow, state.service, state.index = Flow.EMERGENCY, service.code, 0
    state.emergency_sync = True
    safety = "emergency_fire_safety" if service.code == FIRE_SERVICE else \
        "emergency_rescue_safety"
    for name, (value, display) in (prefilled or {}).items():
        state.answers[name], state.displays[name] = value, display
    first = questions(service)[0]
    place = typed_place(first_text or "") if first.type is FieldType.LOCATION else None
    if place is None:
        return [Reply(text=t(safety, language)), _ask(first, language)]
    state.answers[first.name] = state.displays[first.name] = place
    return [Reply(text=t(safety, language)), _confirm_place(place, language)]


def _question(state: DialogState, field: IntakeField) -> Reply:
    """The field's question; for a place typed in the first words, its confirmation."""
    typed = state.displays.get(field.name) if field.type is FieldType.LOCATION else None
    if typed and state.index == 0:
        return _confirm_place(typed, state.language)
    return _ask(field, state.language)


def _confirm_place(place: str, language: str) -> Reply:
    return Reply(text=t("emergency_place_typed", language, place=place), buttons=[
        Button(label=t("button_place_right", language), payload="yes")], request_location=True)


def _place_answer(state: DialogState, field: IntakeField, message: InboundMessage,
                  payload: str | None) -> None:
    """The answer to "is the typed place right?": a pin joins it, a yes keeps it, a text
    replaces it."""
    typed, text = state.displays.get(field.name, ""), (message.text or "").strip()
    if message.location is not None:
        where = message.location
        state.answers[field.name] = f"{where.latitude:.6f},{where.longitude:.6f}"
        state.displays[field.name] = f"{typed} (📍 {where.latitude:.5f}, {where.longitude:.5f})"
        return
    try:
        keep = payload == "yes" or (payload is None and validate("yes_no", text).value == "ya")
    except Invalid:
        keep = False
    if not keep and text and text.lower() not in SKIP_WORDS:
        state.answers[field.name] = state.displays[field.name] = text[:500]


def handle(state: DialogState, service: ServiceDefinition, message: InboundMessage,
           payload: str | None) -> list[Reply]:
    """Store one answer (anything usable is accepted: this is an emergency; a name must read as
    a name), ask the next."""
    fields = questions(service)
    field = fields[state.index]
    language = state.language
    text = (message.text or "").strip()
    if _repeats_duplicate_answer(state, text, payload):
        return [_question(state, field)]
    if field.type is FieldType.LOCATION and state.answers.get(field.name) and state.index == 0:
        _place_answer(state, field, message, payload)
    elif field.type is FieldType.LOCATION and message.location is not None:
        where = message.location
        state.answers[field.name] = f"{where.latitude:.6f},{where.longitude:.6f}"
        state.displays[field.name] = where.address or where.label or \
            f"📍 {where.latitude:.5f}, {where.longitude:.5f}"
    elif text.lower() in SKIP_WORDS or not (text or payload) or _no_name(field, text):
        state.answers.setdefault(field.name, "")
    elif field.type is FieldType.YES_NO:
        answer = {"yes": "ya", "no": "tidak"}.get(payload or "", text)
        try:
            state.answers[field.name] = validate("yes_no", answer).value
        except Invalid:
            return [Reply(text=t("yes_no_hint", language)), _ask(field, language)]
        state.displays[field.name] = state.answers[field.name]
    else:
        try:
            answer = validate_name(text).value if field.kind is FieldKind.PERSON_NAME \
                else text[:500]
        except Invalid as problem:  # "bukan, kebakaran baru" is nobody's name
            return [Reply(text=invalid_text(field, problem, language)), _ask(field, language)]
        state.answers[field.name] = state.displays[field.name] = answer
    state.emergency_sync = True
    state.index += 1
    while state.index < len(fields) and fields[state.index].name in state.answers:
        state.index += 1  # told in the first words
    if state.index < len(fields):
        return [_question(state, fields[state.index])]
    state.flow = None
    return [Reply(text=t("emergency_thanks", language))]


def _no_name(field: IntakeField, text: str) -> bool:
    """"tidak mau sebut nama" at the reporter's name: no name, and on to the next question."""
    return field.kind is FieldKind.PERSON_NAME and declines(field, text)


def _repeats_duplicate_answer(state: DialogState, text: str, payload: str | None) -> bool:
    """A yes or no typed right after pressing "Bukan" on "is it the same incident?" answers
    that question again (typed while the button was on its way), not the question asked next:
    it must not become the reporter's name. The mark holds for that one message only."""
    answered, state.duplicate_answered = state.duplicate_answered, False
    if not answered or payload is not None or not text:
        return False
    try:
        validate("yes_no", text)
    except Invalid:
        return False
    return True


def answer_duplicate(state: DialogState, service: ServiceDefinition, message: InboundMessage,
                     payload: str | None) -> list[Reply]:
    """'Is it the same incident?': the desk merges (or not) on the next sync."""
    text = payload or (message.text or "")
    try:
        same = text == "yes" or (text != "no" and validate("yes_no", text).value == "ya")
    except Invalid:
        return [Reply(text=t("yes_no_hint", state.language))]
    state.merge_answer, state.emergency_sync = same, True
    if same:
        state.flow = None
        return [Reply(text=t("emergency_merged", state.language))]
    fields = questions(service)
    replies = [Reply(text=t("emergency_not_merged", state.language))]
    if state.index < len(fields):
        state.flow, state.duplicate_answered = Flow.EMERGENCY, True
        return [*replies, _question(state, fields[state.index])]
    state.flow = None
    return [*replies, Reply(text=t("emergency_thanks", state.language))]


def duplicate_question(state: DialogState, place: str, minutes: int) -> Reply:
    """Asked by the alert desk when an open incident is near this one."""
    state.flow = Flow.EMERGENCY_DUP
    return Reply(text=t("emergency_duplicate", state.language, place=place, minutes=minutes),
                 buttons=[Button(label=t("button_yes", state.language), payload="yes"),
                          Button(label=t("button_not", state.language), payload="no")])
