"""The generic intake: ask every field of a service in order, collect its documents, confirm,
open the case. Driven entirely by the service definition."""

from __future__ import annotations

import re
from datetime import date

from backend.core.catalog.intake import FieldType, IntakeField
from backend.core.catalog.schema import ServiceDefinition
from backend.core.messages import Button, InboundMessage
from backend.core.policies import COMPLAINT_CATEGORY
from dialogs.describe import expected_time, fee, service_name
from dialogs.document_prompts import DONE_PAYLOAD, document_prompt, done_button, wanted
from dialogs.field_answers import asks_instead, declines, invalid_text, validate_field
from dialogs.ports import DialogContext, Reply
from dialogs.requests import is_greeting
from dialogs.state import DialogState, Flow, Stage, StoredDocument
from dialogs.texts import t
from dialogs.validators import Invalid, validate

BACK_WORDS = frozenset({"kembali", "back", "balik", "sebelumnya"})
REPEAT_WORDS = frozenset({"ulangi", "ulang", "repeat"})
SKIP_WORDS = frozenset({"lewati", "skip", "lewat", "-"})
DONE_WORDS = frozenset({"selesai", "sudah", "cukup", "done", "finish", "lanjut"})
MAX_MB = {"telegram": 20, "whatsapp": 16, "web": 20}
# "nanti saya kirim", "besok", "belum punya": the file comes later, the form waits for it.
LATER = re.compile(r"\b(?:nanti|ntar|entar|besok|menyusul|nyusul|lain kali|belum (?:ada|punya)"
                   r"|blm (?:ada|punya)|later|tomorrow)\b")


def start(
    state: DialogState,
    service: ServiceDefinition,
    prefilled: dict[str, tuple[str, str]] | None = None,
) -> list[Reply]:
    """Begin the intake of ``service``; prefilled answers (value, display) are not asked."""
    language = state.language
    state.flow, state.service, state.stage, state.index = Flow.INTAKE, service.code, Stage.FIELD, 0
    state.answers, state.displays, state.documents = {}, {}, []
    for name, (value, display) in (prefilled or {}).items():
        state.answers[name], state.displays[name] = value, display
    intro = Reply(
        text=t(
            "intake_start",
            language,
            service=service_name(service, language),
            time=expected_time(service, language),
            fee=fee(service, language),
        )
    )
    return [intro, *_advance(state, service)]


def _field_prompt(field: IntakeField, language: str) -> Reply:
    text = field.prompt
    if field.example:
        text += f"\n(Contoh: {field.example})" if language == "id" else f"\n(e.g. {field.example})"
    if not field.required:
        text += "\n" + t("field_optional_hint", language)
    buttons: list[Button] = []
    if field.type is FieldType.CHOICE:
        buttons = [
            Button(label=c[:64], payload=f"choice:{i}") for i, c in enumerate(field.choices or [])
        ]
    elif field.type is FieldType.YES_NO:
        buttons = [
            Button(label=t("button_yes", language), payload="yes"),
            Button(label=t("button_not", language), payload="no"),
        ]
    return Reply(text=text, buttons=buttons, request_location=field.type is FieldType.LOCATION)


def _advance(state: DialogState, service: ServiceDefinition) -> list[Reply]:
    """Ask the next unanswered question, or show the summary when everything is in."""
    if state.stage == Stage.FIELD:
        fields = service.fields
        while state.index < len(fields) and fields[state.index].name in state.answers:
            state.index += 1
        if state.index < len(service.fields):
            return [_field_prompt(service.fields[state.index], state.language)]
        state.stage, state.index = Stage.DOCUMENT, 0
    if state.stage == Stage.DOCUMENT:
        while state.index < len(service.intake_documents()):
            document = service.intake_documents()[state.index]
            received = len(state.documents_for(document.code))
            if received < wanted(document, state)[1]:  # "selesai" moves on after the minimum
                return [document_prompt(document, state, received)]
            state.index += 1
        state.stage = Stage.SUMMARY
    return [_summary(state, service)]


def _summary(state: DialogState, service: ServiceDefinition) -> Reply:
    language = state.language
    lines = [t("summary_title", language)]
    lines += [f"• {f.label}: {state.displays.get(f.name, '-')}" for f in service.fields]
    if service.intake_documents():
        lines.append(t("summary_documents", language, count=len(state.documents)))
    lines.append(t("summary_confirm", language))
    return Reply(
        text="\n".join(lines),
        buttons=[
            Button(label=t("confirm_yes", language), payload="confirm:yes"),
            Button(label=t("confirm_edit", language), payload="confirm:edit"),
            Button(label=t("confirm_cancel", language), payload="confirm:cancel"),
        ],
    )


def current_field(state: DialogState, service: ServiceDefinition) -> IntakeField | None:
    """The field being asked now, if the intake is at a field prompt."""
    if state.stage == Stage.FIELD and 0 <= state.index < len(service.fields):
        return service.fields[state.index]
    return None


def prompt_again(state: DialogState, service: ServiceDefinition) -> list[Reply]:
    """The prompt the intake is at, asked again (after a digression)."""
    if state.stage == Stage.EDIT:
        return [_edit_menu(state, service)]
    if state.flow == Flow.INTAKE_EDIT and (field := current_field(state, service)):
        return [_field_prompt(field, state.language)]
    return _advance(state, service)


def _go_back(state: DialogState, service: ServiceDefinition) -> list[Reply]:
    if state.stage == Stage.DOCUMENT:
        if state.index > 0 or state.documents:
            if state.documents:
                state.documents.pop()
            documents = service.intake_documents()
            state.index = min(state.index, len(documents) - 1)
            while state.index > 0 and not state.documents_for(documents[state.index].code):
                state.index -= 1
            return _advance(state, service)
        state.stage, state.index = Stage.FIELD, len(service.fields)
    if state.stage == Stage.SUMMARY:
        state.stage, state.index = Stage.FIELD, len(service.fields)
    if state.index == 0:
        return [Reply(text=t("nothing_to_go_back", state.language)), *_advance(state, service)]
    state.index -= 1
    previous = service.fields[state.index]
    state.answers.pop(previous.name, None)
    state.displays.pop(previous.name, None)
    return [_field_prompt(previous, state.language)]


def _answer_field(
    state: DialogState, service: ServiceDefinition, message: InboundMessage, payload: str | None,
    today: date,
) -> list[Reply]:
    field = service.fields[state.index]
    language = state.language
    text = (message.text or "").strip()
    if text.lower() in SKIP_WORDS:
        if field.required:
            refusal = t("skip_not_allowed", language)
            if field.type is FieldType.LOCATION:  # how to answer without a pin
                refusal += "\n" + t("field_help_location", language)
            return [Reply(text=refusal), _field_prompt(field, language)]
        state.answers[field.name], state.displays[field.name] = "", "-"
    elif field.type is FieldType.LOCATION and message.location is not None:
        where = message.location
        state.answers[field.name] = f"{where.latitude:.6f},{where.longitude:.6f}"
        pin = f"📍 {where.latitude:.5f}, {where.longitude:.5f}"
        state.displays[field.name] = where.address or pin
    elif payload is None and declines(field, text):
        if field.declined is None and field.required:
            return [Reply(text=t("answer_required", language, label=field.label)),
                    _field_prompt(field, language)]
        value = field.declined or ""
        state.answers[field.name], state.displays[field.name] = value, value or "-"
        if field.declined is not None:
            acknowledged = Reply(text=t("declined_ok", language))
            return [acknowledged, *_after_answer(state, service)]
    elif payload is None and asks_instead(field, text):
        key = "greeting_at_prompt" if is_greeting(text) else "question_not_answer"
        return [Reply(text=t(key, language, label=field.label)), _field_prompt(field, language)]
    else:
        answer = _payload_answer(field, payload) or text
        try:
            valid = validate_field(field, answer, today, service)
        except Invalid as problem:
            return [Reply(text=invalid_text(field, problem, language)),
                    _field_prompt(field, language)]
        state.answers[field.name], state.displays[field.name] = valid.value, valid.display
    return _after_answer(state, service)


def _after_answer(state: DialogState, service: ServiceDefinition) -> list[Reply]:
    """The field is answered: back to the summary when editing, else the next question."""
    if state.flow == Flow.INTAKE_EDIT:
        state.flow, state.stage = Flow.INTAKE, Stage.SUMMARY
        return [_summary(state, service)]
    state.index += 1
    return _advance(state, service)


def accepts(state: DialogState, service: ServiceDefinition, text: str, today: date) -> bool:
    """Whether ``text`` answers the prompt the intake is at (nothing is stored)."""
    word = text.strip().lower()
    if word in BACK_WORDS or word in REPEAT_WORDS:
        return True
    field = current_field(state, service)
    if field is not None:
        if word in SKIP_WORDS or declines(field, text):
            return True
        if asks_instead(field, text):
            return False
        try:
            validate_field(field, text, today, service)
        except Invalid:
            return False
        return True
    if state.stage == Stage.DOCUMENT:
        return word in DONE_WORDS or word in SKIP_WORDS
    if state.stage == Stage.SUMMARY:
        try:
            validate("yes_no", text)
        except Invalid:
            return False
        return True
    return False


def _payload_answer(field: IntakeField, payload: str | None) -> str | None:
    if payload is None:
        return None
    if payload.startswith("choice:") and field.choices:
        index = int(payload.split(":", 1)[1])
        return field.choices[index] if 0 <= index < len(field.choices) else None
    if payload in ("yes", "no"):
        return "ya" if payload == "yes" else "tidak"
    return None


def _answer_document(
    state: DialogState,
    service: ServiceDefinition,
    message: InboundMessage,
    context: DialogContext,
    payload: str | None = None,
) -> list[Reply]:
    document = service.intake_documents()[state.index]
    language = state.language
    if context.media_errors:
        reason = context.media_errors[0]
        key = {
            "too_large": "document_rejected_size",
            "empty": "document_rejected_empty",
            "download_failed": "document_download_failed",
        }.get(reason, "document_rejected_type")
        limit = MAX_MB.get(message.channel.value, 16)
        return [Reply(text=t(key, language, label=document.label, limit=limit))]
    stored = [m for m in message.media if m.storage_key]
    if not stored:
        word = (message.text or "").strip().lower()
        received = len(state.documents_for(document.code))
        if payload == DONE_PAYLOAD or word in DONE_WORDS:
            least = wanted(document, state)[0]
            if received >= least or (received == 0 and not document.required):
                state.index += 1
                return _advance(state, service)
            return [Reply(text=t("document_need_more", language, label=document.label,
                                 least=least, received=received))]
        if word in SKIP_WORDS and not document.required:
            state.index += 1
            return _advance(state, service)
        key = "document_later" if LATER.search(word) else "document_need_file"
        return [Reply(text=t(key, language, label=document.label))]
    replies = []
    for media in stored:
        document = service.intake_documents()[state.index]
        state.documents.append(
            StoredDocument(
                code=document.code,
                sha256=media.sha256 or "",
                mime=media.mime or "",
                size=media.size or 0,
                storage_key=media.storage_key or "",
                file_name=media.file_name,
            )
        )
        received = len(state.documents_for(document.code))
        least, most = wanted(document, state)
        key = "document_received" if least == most else "document_received_more"
        if received >= most:
            key = "document_received" if least == most else "document_received_last"
        replies.append(Reply(text=t(key, language, label=document.label, received=received,
                                    needed=most), buttons=done_button(document, state, received)))
        if received >= most:
            state.index += 1
        if state.index >= len(service.intake_documents()):
            break
    if replies and replies[-1].buttons:
        return replies
    return replies + _advance(state, service)


def handle(
    state: DialogState,
    service: ServiceDefinition,
    message: InboundMessage,
    payload: str | None,
    context: DialogContext,
) -> list[Reply]:
    """One citizen message during an intake."""
    word = (message.text or "").strip().lower()
    if word in BACK_WORDS:
        return _go_back(state, service)
    if word in REPEAT_WORDS:
        return _advance(state, service)
    if state.stage == Stage.FIELD:
        return _answer_field(state, service, message, payload, context.today)
    if state.stage == Stage.DOCUMENT:
        return _answer_document(state, service, message, context, payload)
    if state.stage == Stage.EDIT:
        return _pick_edit(state, service, payload)
    return _confirm(state, service, payload, word, context)


def _pick_edit(state: DialogState, service: ServiceDefinition, payload: str | None) -> list[Reply]:
    names = [f.name for f in service.fields]
    if payload and payload.startswith("edit:") and payload[5:] in names:
        state.flow, state.stage = Flow.INTAKE_EDIT, Stage.FIELD
        state.index = names.index(payload[5:])
        return [_field_prompt(service.fields[state.index], state.language)]
    return [_edit_menu(state, service)]


def _edit_menu(state: DialogState, service: ServiceDefinition) -> Reply:
    state.stage = Stage.EDIT
    return Reply(
        text=t("which_field", state.language),
        buttons=[Button(label=f.label[:64], payload=f"edit:{f.name}") for f in service.fields],
    )


def _confirm(
    state: DialogState,
    service: ServiceDefinition,
    payload: str | None,
    text: str,
    context: DialogContext,
) -> list[Reply]:
    language = state.language
    word = payload or ""
    if not word and text:
        try:
            word = "confirm:yes" if validate("yes_no", text).value == "ya" else "confirm:edit"
        except Invalid:
            word = ""
    if word == "confirm:edit":
        return [_edit_menu(state, service)]
    if word == "confirm:cancel":
        state.reset(keep_suspended=True)
        return [Reply(text=t("cancelled", language))]
    if word != "confirm:yes":
        return [_summary(state, service)]
    opened = context.office.open_case(service.code, state.answers, state.documents)
    state.flow, state.stage, state.last_case = None, None, opened.number
    return [
        Reply(
            text=t(
                "complaint_opened" if service.category == COMPLAINT_CATEGORY else "case_opened",
                language,
                number=opened.number,
                service=service_name(service, language),
                time=opened.expected,
            )
        )
    ]
