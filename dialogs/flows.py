"""Flows beyond the generic intake: KIA age routing, PBB bills, status, requirements, supply."""

from __future__ import annotations

import re
from datetime import date

from backend.core.messages import Button, InboundMessage
from dialogs import intake
from dialogs.describe import requirements_text, service_name
from dialogs.named_fields import checker, several
from dialogs.pbb.format import format_bills
from dialogs.pbb.gateway import PbbUnavailable
from dialogs.ports import DialogContext, Reply
from dialogs.state import URGENT_FLOWS, DialogState, Flow, StoredDocument
from dialogs.texts import t
from dialogs.validators import Invalid, nik_birth_date, validate, validate_nik, validate_nop
from dialogs.validators.common import JAKARTA

KIA_UNDER_FIVE, KIA_FIVE_TO_17 = "kia-0-5", "kia-5-17"
DONE_WORDS = frozenset({"selesai", "sudah", "done", "cukup", "finish"})
SUPPLY_CODE = "kelengkapan"  # files sent back for an officer's free-worded request
YEAR = re.compile(r"\b(20\d\d)\b")
NOP_LIKE = re.compile(r"\d[\d.\- ]{15,28}\d")
TRAILING_YEAR = re.compile(r"\s+20\d\d$")  # "18.01.010.001.001-0001.0 2025": NOP, then year
CASE_NUMBER = re.compile(r"\bHL-?\s?(\d{4})-?\s?(\d{1,6})\b", re.IGNORECASE)


def _display_date(day: date, language: str) -> str:
    return validate("date", day.isoformat()).display if language == "id" else day.isoformat()


# ----- KIA: the child's age picks the 0-5 or the 5-17 service ------------------------------
def kia_start(state: DialogState) -> list[Reply]:
    """Ask the child's date of birth (or NIK) to choose the KIA service."""
    kia_cases = state.kia_cases
    state.reset(keep_suspended=True)
    state.flow, state.kia_cases = Flow.KIA_BIRTH, kia_cases
    return [Reply(text=t("kia_ask_birth", state.language))]


def kia_birth(state: DialogState, message: InboundMessage, context: DialogContext) -> list[Reply]:
    """Read the birth date from a date or the child's NIK, then start the right intake."""
    text = (message.text or "").strip()
    language = state.language
    prefilled: dict[str, tuple[str, str]] = {}
    try:
        nik = validate_nik(text)
        born = nik_birth_date(nik.value)
        prefilled["child_nik"] = (nik.value, nik.display)
    except Invalid:
        try:
            born = date.fromisoformat(validate("date", text, not_future=True).value)
        except Invalid as problem:
            prefilled = _kia_fields_named(text, context)
            if "child_birth_date" not in prefilled and "child_nik" not in prefilled:
                return [Reply(text=t("field_invalid", language, reason=problem.text(language),
                                     example=problem.example)),
                        Reply(text=t("kia_ask_birth", language))]
            born = date.fromisoformat(prefilled["child_birth_date"][0]) \
                if "child_birth_date" in prefilled else nik_birth_date(prefilled["child_nik"][0])
    shown = _display_date(born, language)
    bands = [context.catalog.get(code) for code in (KIA_UNDER_FIVE, KIA_FIVE_TO_17)]
    service = next((s for s in bands
                    if s.eligibility and s.eligibility.admits_born(born, context.today)), None)
    if service is None:  # the catalog's eligibility bands: 0-5 and 5-17 years
        state.reset(keep_suspended=True)
        return [Reply(text=t("kia_too_old", language, date=shown))]
    prefilled["child_birth_date"] = (born.isoformat(), shown)
    picked = Reply(text=t("kia_picked", language, date=shown,
                          service=service_name(service, language)))
    others = [f"{f.label}: {prefilled[f.name][1]}" for f in service.fields
              if f.name in prefilled and f.name != "child_birth_date"]
    if others:
        picked.text += "\n" + t("fields_taken", language, fields="; ".join(others))
    kia_cases = state.kia_cases
    replies = [picked, *intake.start(state, service, prefilled)]
    state.kia_cases = kia_cases
    return replies


def _kia_fields_named(text: str, context: DialogContext) -> dict[str, tuple[str, str]]:
    """Several KIA fields in one message ("nama anak Putri Ayu, lahir 12 Maret 2023, NIK …"),
    as (value, display); both age bands ask the same fields."""
    service = context.catalog.get(KIA_UNDER_FIVE)
    named = several(service, text, checker(context.today))
    return {n.field.name: (n.valid.value, n.valid.display) for n in named}


def kia_after_case(state: DialogState, number: str) -> Reply:
    """After a KIA case opens: offer one more child."""
    state.kia_cases = [*state.kia_cases, number]
    state.flow = Flow.KIA_ANOTHER
    return kia_another_question(state.language)


def kia_another_question(language: str) -> Reply:
    """"Another child?" with Ya / Tidak."""
    return Reply(text=t("kia_another", language), buttons=yes_no_buttons(language))


def yes_no_buttons(language: str) -> list[Button]:
    return [Button(label=t("button_yes", language), payload="yes"),
            Button(label=t("button_not", language), payload="no")]


def confirm_service(state: DialogState, code: str, context: DialogContext,
                    words: str | None = None) -> Reply:
    """"Do you mean service X?"; the flow waits for the answer. ``words``: the citizen's
    request, kept to fill the service's story field (``starting.start_service``)."""
    state.flow, state.candidate, state.candidate_words = Flow.CONFIRM_SERVICE, code, words
    name = service_name(context.catalog.get(code), state.language)
    return Reply(text=t("confirm_service", state.language, service=name), buttons=[
        Button(label=t("button_yes", state.language), payload=f"start:{code}"),
        Button(label=t("button_no", state.language), payload="menu")])


def kia_another(state: DialogState, message: InboundMessage,
                payload: str | None) -> list[Reply] | None:
    """"Another child?": yes starts again, no ends; None when the message is no answer to it
    (e.g. "cek status"), so that the engine understands it instead of trapping the citizen."""
    answer = payload or (message.text or "")
    try:
        again = answer == "yes" or validate("yes_no", answer).value == "ya"
    except Invalid:
        return None
    if again:
        return kia_start(state)
    state.reset(keep_suspended=True)
    return [Reply(text=t("kia_no_more", state.language))]


# ----- PBB bill check (no case) ------------------------------------------------------------
def pbb_start(state: DialogState) -> list[Reply]:
    state.reset(keep_suspended=True)
    state.flow = Flow.PBB
    return [Reply(text=t("pbb_ask_nop", state.language))]


async def pbb_lookup(state: DialogState, text: str, context: DialogContext) -> list[Reply]:
    """Look up a NOP (and optional year) and answer with the bills."""
    language = state.language
    candidate = _nop_part(text)
    rest = text.replace(candidate, " ")
    year_match = YEAR.search(rest)
    year = int(year_match.group(1)) if year_match else None
    try:
        nop = validate_nop(candidate)
    except Invalid as problem:
        state.flow = Flow.PBB
        return [Reply(text=t("field_invalid", language, reason=problem.text(language),
                             example=problem.example))]
    state.reset(keep_suspended=True)
    try:
        found = await context.pbb.lookup(nop.value)  # every year: one asked, others owed
    except PbbUnavailable:
        return [Reply(text=t("pbb_unavailable", language))]
    if found is None:
        return [Reply(text=t("pbb_not_found", language, nop=nop.display))]
    return [Reply(text=format_bills(found, year=year, today=context.today, lang=language))]


def _nop_part(text: str) -> str:
    """The NOP-like part of ``text`` without a year typed after it (the whole text if none)."""
    found = NOP_LIKE.search(text)
    if found is None:
        return text
    candidate = found.group(0)
    year = TRAILING_YEAR.search(candidate)
    if year and sum(char.isdigit() for char in candidate) > 18:
        return candidate[:year.start()]
    return candidate


# ----- status ------------------------------------------------------------------------------
def status(state: DialogState, text: str, context: DialogContext) -> list[Reply]:
    """The citizen's own cases, or one of them by number; nobody sees another's case."""
    language = state.language
    cases = context.office.citizen_cases()
    wanted = CASE_NUMBER.search(text or "")
    if wanted:
        number = f"HL-{wanted.group(1)}-{int(wanted.group(2)):06d}"
        cases = [c for c in cases if c.number == number]
        if not cases:
            return [Reply(text=t("status_not_found", language, number=number))]
    if not cases:
        return [Reply(text=t("status_none", language))]
    lines = [t("status_list_title", language)]
    for view in cases[:10]:
        if view.status == "open":
            due = view.due_at.astimezone(JAKARTA).strftime("%d-%m-%Y %H:%M WIB") \
                if view.due_at else "-"
            shown = t("status_open", language, step=view.step_label or "-", due=due)
        else:
            shown = t(f"status_{'waiting' if view.status == 'waiting_citizen' else view.status}",
                      language)
        lines.append(t("status_line", language, number=view.number, service=view.service_name,
                       status=shown))
    return [Reply(text="\n".join(lines))]


# ----- requirements ("syarat ...") ---------------------------------------------------------
def requirements(state: DialogState, code: str, context: DialogContext) -> list[Reply]:
    """What a service needs, costs and takes, with an offer to start it."""
    service = context.catalog.get(code)
    agency = context.catalog.agencies[service.agency].short
    return [Reply(text=requirements_text(service, agency, state.language), buttons=[
        Button(label=t("start_now", state.language), payload=f"start:{code}"),
        Button(label=t("back_to_menu", state.language), payload="menu"),
    ])]


# ----- answering a "return to applicant" ---------------------------------------------------


def begin_supply(state: DialogState, number: str, items: list[str], *,
                 thread: str | None = None, code: str | None = None) -> None:
    """An officer returned case ``number`` for ``items`` (or its SOP asks now for the catalog
    document ``code``): the chat collects them next, in the case's ``thread``. A fire, rescue
    or PPA report in progress is never cut: the supply waits, offered back after it."""
    supply = DialogState(language=state.language, flow=Flow.SUPPLY, supply_case=number,
                         supply_items=list(items), thread=thread, supply_code=code)
    if state.flow in URGENT_FLOWS:
        supply.suspend()
        state.suspended = supply.suspended
        return
    state.reset()
    state.flow, state.supply_case, state.supply_items = Flow.SUPPLY, number, list(items)
    state.thread, state.supply_code = thread, code


def supply(state: DialogState, message: InboundMessage, context: DialogContext) -> list[Reply]:
    """Collect what the officer asked for; 'selesai' sends it and resumes the case."""
    language = state.language
    word = (message.text or "").strip().lower()
    if word in DONE_WORDS:
        if not state.supply_documents and not state.supply_notes:
            return [Reply(text=t("supply_nothing", language))]
        number = state.supply_case or ""
        context.office.supply(number, state.supply_notes, state.supply_documents)
        state.reset()
        return [Reply(text=t("supply_done", language, number=number))]
    for media in message.media:
        if media.storage_key:
            state.supply_documents.append(StoredDocument(
                code=state.supply_code or SUPPLY_CODE, sha256=media.sha256 or "",
                mime=media.mime or "", size=media.size or 0, storage_key=media.storage_key,
                file_name=media.file_name))
    if message.text and word not in DONE_WORDS:
        state.supply_notes.append(message.text.strip()[:1000])
    if context.media_errors:
        return [Reply(text=t("document_rejected_type", language, label="dokumen"))]
    return [Reply(text=t("supply_got", language))]
