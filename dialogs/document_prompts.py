"""The intake's document prompts: how many files of a document are wanted, asking for them,
and the "Selesai" button."""

from __future__ import annotations

from backend.core.catalog.intake import Document
from backend.core.messages import Button
from dialogs.ports import Reply
from dialogs.state import DialogState
from dialogs.texts import t

DONE_PAYLOAD = "documents:done"


def wanted(document: Document, state: DialogState) -> tuple[int, int]:
    """(at least, at most) files of ``document``; ``per`` reads the number the citizen gave."""
    answer = state.answers.get(document.per or "", "")
    try:
        per_value = int(float(answer)) if answer else None
    except ValueError:
        per_value = None
    return document.wanted(per_value)


def document_prompt(document: Document, state: DialogState, received: int) -> Reply:
    """Ask for ``document`` (``received`` of it so far): how many files, and whether it may be
    skipped."""
    language = state.language
    least, most = wanted(document, state)
    if most == 1:
        count = ""
    elif least == most:
        count = f" ({received + 1}/{most})"
    elif not document.required:
        count = " " + t("document_count_most", language, most=most)
    else:
        count = " " + t("document_count_range", language, least=least, most=most)
    text = t("document_ask", language, label=document.label, count=count)
    if not document.required:
        condition = f" — {document.condition}" if document.condition else ""
        text += f"{condition}\n" + t("field_optional_hint", language)
    return Reply(text=text, buttons=done_button(document, state, received))


def done_button(document: Document, state: DialogState, received: int) -> list[Button]:
    """A "Selesai" button once the minimum is in and more files are still accepted."""
    least, most = wanted(document, state)
    if least <= received < most:
        return [Button(label=t("button_documents_done", state.language), payload=DONE_PAYLOAD)]
    return []
