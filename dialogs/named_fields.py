"""Fields named in the citizen's own words: several in one message ("nama anak Putri Ayu, lahir
12 Maret 2023, NIK 1801…") or a correction at any later point ("eh tanggal lahirnya salah,
13 Maret"). A field is found by the words of its label, its value kept only when the field's
own validator takes it."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from backend.core.catalog.intake import FieldKind, FieldType, IntakeField
from backend.core.catalog.schema import ServiceDefinition
from dialogs import intake
from dialogs.field_answers import names_or_places, validate_field
from dialogs.ports import Reply
from dialogs.state import DialogState, Flow
from dialogs.texts import t
from dialogs.validators import Invalid, Valid

SYNONYMS = {"tgl": "tanggal", "no": "nomor", "nmr": "nomor", "nomer": "nomor", "wa": "hp",
            "telepon": "hp", "telp": "hp", "handphone": "hp", "ponsel": "hp", "lhr": "lahir",
            "kelahiran": "lahir", "nm": "nama", "saya": "pemohon", "sy": "pemohon",
            "aku": "pemohon", "anda": "pemohon"}
FILLERS = frozenset({"yang", "adalah", "itu", "eh", "oh", "maaf", "tadi", "dia", "ya", "untuk",
                     "utk", "si", "sang", "di"})
CORRECTION = re.compile(r"\b(salah|ralat|keliru|koreksi|typo)\b[\s,:.!-]*", re.IGNORECASE)
VALUE_LEAD = re.compile(r"^(?:(?:yang benar|yg benar|seharusnya|harusnya|mestinya|harus|jadi|"
                        r"bukan|tapi|menjadi|ganti|diganti)\b[\s,:.-]*)+", re.IGNORECASE)
SEGMENT = re.compile(r"[;\n]|,(?!\d)")
Check = Callable[[IntakeField, str], Valid]  # the intake's validator of one field


@dataclass(frozen=True)
class Named:
    """A field the citizen named, with its validated value."""

    field: IntakeField
    valid: Valid


def _token(word: str) -> str:
    word = word.lower().strip(".:=()/-")
    if len(word) > 5 and word.endswith("nya"):
        word = word[:-3]
    return SYNONYMS.get(word, word)


def _label_words(field: IntakeField) -> frozenset[str]:
    label = re.sub(r"\(.*?\)", " ", field.label)
    return frozenset(_token(w) for w in re.findall(r"[\w-]+", label)) - FILLERS


def _lead(words: list[str], label: frozenset[str]) -> tuple[int, int]:
    """How many leading ``words`` are label words, and how many (fillers too) they span."""
    hits = used = 0
    for word in words:
        token = _token(word)
        if token not in label and (token not in FILLERS or used >= len(words) - 1):
            break
        hits, used = hits + (token in label), used + 1
    return hits, used


def _which(words: list[str], fields: list[IntakeField]) -> tuple[IntakeField | None, int]:
    """The field whose label the leading ``words`` name best (most label words, the first
    on a tie), and how many words name it."""
    best, chosen = 0, None
    chosen_used = 0
    for field in fields:
        hits, used = _lead(words, _label_words(field))
        if hits > best:
            best, chosen, chosen_used = hits, field, used
    return chosen, chosen_used


def _labelled(segment: str, fields: list[IntakeField]) -> tuple[IntakeField, str] | None:
    """(field, value) of "nama anak Putri Ayu"; None when the segment names no field."""
    words = segment.split()
    field, used = _which(words, fields)
    if field is None or used >= len(words):
        return None
    return field, " ".join(words[used:]).strip(" :=-")


def own_label(field: IntakeField, text: str) -> str | None:
    """The value after the field's own label ("nama anak Putri Ayu", "nama: Putri Ayu"), or
    None; one label word without a colon is no label ("Anak Agung Putri" is a name)."""
    words = text.split()
    hits, used = _lead(words, _label_words(field))
    colon = used > 0 and words[used - 1].endswith(":")
    if used >= len(words) or not (hits >= 2 or (hits and colon)):
        return None
    return " ".join(words[used:]).strip(" :=-")


def _typed(fields: list[IntakeField]) -> list[IntakeField]:
    """The fields a value in words can fill (a pin is shared, not typed)."""
    return [f for f in fields if f.type is not FieldType.LOCATION]


def several(service: ServiceDefinition, text: str, check: Check) -> list[Named]:
    """Every field a multi-part message names with a value its validator takes (two or more,
    else none: one answer is the prompt's own)."""
    fields, found = _typed(service.fields), dict[str, Named]()
    for segment in SEGMENT.split(text):
        labelled = _labelled(segment.strip(), fields)
        if labelled is None:
            continue
        field, value = labelled
        try:
            found[field.name] = Named(field, check(field, value))
        except Invalid:
            continue
    return list(found.values()) if len(found) >= 2 else []


def correction(service: ServiceDefinition, text: str, answers: dict[str, str],
               check: Check) -> tuple[IntakeField, Named | None] | None:
    """A correction of an answered field: the field and its new value (None: the value is still
    to be asked), or None when the text corrects nothing."""
    found = CORRECTION.search(text)
    if found is None:
        return None
    answered = [f for f in _typed(service.fields) if f.name in answers]
    before, after = text[:found.start()].strip(" ,"), VALUE_LEAD.sub("", text[found.end():].strip())
    field, used = _which(before.split(), answered)
    if field is None or used < len(before.split()):
        labelled = _labelled(after, answered)
        if labelled is None:
            return None
        field, after = labelled
    if not after:
        return field, None
    if field.type is FieldType.DATE and not re.search(r"\d{4}", after) and answers[field.name]:
        after = f"{after} {answers[field.name][:4]}"  # "13 Maret": the year already given
    try:
        return field, Named(field, check(field, after))
    except Invalid:
        return field, None


def checker(today: date) -> Check:
    """The intake's validator of one field, for ``today``."""
    return lambda field, value: validate_field(field, value, today)


def _many_at(state: DialogState, service: ServiceDefinition) -> bool:
    """Several fields may come at once at a typed, name or place prompt (not a free story)."""
    field = intake.current_field(state, service)
    return state.flow == Flow.INTAKE and field is not None and (
        field.type is not FieldType.TEXT or names_or_places(field))


def understood(state: DialogState, service: ServiceDefinition, text: str, today: date) -> bool:
    """Whether ``take`` would fill or correct something with ``text``."""
    check = checker(today)
    return correction(service, text, state.answers, check) is not None or (
        _many_at(state, service) and bool(several(service, text, check)
                                          or _labelled_answer(state, service, text, check)))


def take(state: DialogState, service: ServiceDefinition, text: str,
         today: date) -> list[Reply] | None:
    """A correction or several fields at once, stored, then the prompt the citizen was at;
    None when the text is neither."""
    language, check = state.language, checker(today)
    fixed = correction(service, text, state.answers, check)
    if fixed is not None:
        field, named = fixed
        if named is None:
            example = field.example or state.displays.get(field.name, "")
            return [Reply(text=t("correction_needs_value", language, label=field.label,
                                 example=example)), *intake.prompt_again(state, service)]
        if (refused := _outside_band(state, service, [named], today)) is not None:
            return refused
        _store(state, [named])
        return [Reply(text=t("field_corrected", language, label=field.label,
                             value=named.valid.display)), *intake.prompt_again(state, service)]
    named_many = several(service, text, check) if _many_at(state, service) else []
    if not named_many:
        named_many = _labelled_answer(state, service, text, check)
    if not named_many:
        return None
    if (refused := _outside_band(state, service, named_many, today)) is not None:
        return refused
    _store(state, named_many)
    taken = "; ".join(f"{n.field.label}: {n.valid.display}" for n in named_many)
    return [Reply(text=t("fields_taken", language, fields=taken)),
            *intake.prompt_again(state, service)]


def _labelled_answer(state: DialogState, service: ServiceDefinition, text: str,
                     check: Check) -> list[Named]:
    """The prompt's own answer written after its label: the label left out."""
    field = intake.current_field(state, service)
    value = own_label(field, text) if field is not None and _many_at(state, service) else None
    if field is None or not value:
        return []
    try:
        return [Named(field, check(field, value))]
    except Invalid:
        return []


def _outside_band(state: DialogState, service: ServiceDefinition, named: list[Named],
                  today: date) -> list[Reply] | None:
    """A birth date that puts the applicant outside the service's age band is not stored:
    the reason and the prompt again; None when every value may be stored."""
    band = service.eligibility
    for one in named:
        if band is None or one.field.kind is not FieldKind.BIRTH_DATE:
            continue
        if not band.admits_born(date.fromisoformat(one.valid.value), today):
            text = t("correction_not_eligible", state.language, label=one.field.label,
                     value=one.valid.display, service=service.name.id)
            return [Reply(text=text), *intake.prompt_again(state, service)]
    return None


def _store(state: DialogState, named: list[Named]) -> None:
    for one in named:
        state.answers[one.field.name] = one.valid.value
        state.displays[one.field.name] = one.valid.display
