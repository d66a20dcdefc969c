"""Whether a text answers an intake field: the catalog type's validator with the field's
limits, the reason it was refused, and questions or requests that are never a name or a place."""

from __future__ import annotations

import re
from datetime import date

from backend.core.catalog.intake import FieldKind, FieldType, IntakeField
from backend.core.catalog.schema import ServiceDefinition
from dialogs.describe import service_name
from dialogs.requests import (
    is_greeting,
    is_short,
    looks_like_question,
    service_question,
    sounds_like_request,
)
from dialogs.texts import t
from dialogs.validators import (
    Invalid,
    Valid,
    validate,
    validate_account_number,
    validate_kk,
    validate_name,
    validate_year,
)

OUTSIDE_BAND = "date.outside_band"  # a birth date the service's age band does not admit
NAME_OR_PLACE = re.compile(r"\b(nama|alamat|name|address|lokasi|tempat)\b")
_NO = r"(?:tidak|tdk|gak|ga|gk|nggak|ngga|enggak|engga|jangan|no|nope)"
_SOFT = r"(?:\s+(?:mau|usah|bisa|bersedia|perlu|dulu|ah|deh|kak|pak|bu|ya|saya|sy))*"
_GIVE = (r"(?:\s+(?:sebut|kasih|kasi|beri|memberi|menyebut|kasih tahu|kasih tau|kasitau)"
         r"(?:kan)?(?:\s+nama(?:\s*(?:saya|sy|ku|nya))?)?)?")
DECLINE = re.compile(
    rf"(?:maaf[\s,]*)?(?:{_NO}{_SOFT}{_GIVE}|(?:di)?rahasia(?:kan)?(?:\s+saja|\s+aja)?|anonim"
    r"|anonymous|tanpa nama|nama(?:\s+saya)?\s+rahasia)[\s.!]*", re.IGNORECASE)


def asks_instead(field: IntakeField, text: str) -> bool:
    """A question, a request or a greeting typed at a name or address field: never stored as
    its value."""
    if not names_or_places(field):
        return False
    return looks_like_question(text) or sounds_like_request(text) or is_greeting(text) or (
        is_short(text) and service_question(text) is not None)


def declines(field: IntakeField, text: str) -> bool:
    """"tidak", "tidak mau sebut nama", "rahasia" typed at a name or address field: a refusal
    to answer, never the value itself (nobody is named "Tidak")."""
    return names_or_places(field) and DECLINE.fullmatch(text.strip()) is not None


def names_or_places(field: IntakeField) -> bool:
    """A name or an address, typed or shared: a short answer, never a question."""
    if field.type not in (FieldType.TEXT, FieldType.LOCATION):
        return False
    return NAME_OR_PLACE.search(f"{field.name.replace('_', ' ')} {field.label.lower()}") is not None


def invalid_text(field: IntakeField, problem: Invalid, language: str) -> str:
    """Why an answer was refused, naming the field, its rule and its own example.

    A free-text rule has no useful generic example, so only the field's own is shown; an age
    outside the service's band shows none (the field's example may be outside it too); a
    yes/no answer points at the buttons and the way out.
    """
    if field.type is FieldType.YES_NO:
        return t("yes_no_offer", language)
    example = "" if problem.code == OUTSIDE_BAND else field.example or (
        "" if problem.code.startswith("text.") else problem.example)
    key = "field_invalid_named" if example else "field_invalid_named_no_example"
    return t(key, language, label=field.label, reason=problem.text(language), example=example)


def validate_field(field: IntakeField, answer: str, today: date,
                   service: ServiceDefinition | None = None) -> Valid:
    """The catalog type's validator with the field's limits; family cards get the KK rules,
    account numbers (a PDAM customer number) and people's names their own; a birth date outside
    ``service``'s age band (a child 2 years old in the birth certificate within 60 days) is
    refused."""
    if field.kind is FieldKind.FAMILY_CARD:
        return validate_kk(answer)
    if field.kind is FieldKind.ACCOUNT_NUMBER:
        return validate_account_number(answer)
    if field.kind is FieldKind.PERSON_NAME:
        return validate_name(answer)
    if field.kind is FieldKind.YEAR:
        return validate_year(answer, today)
    valid = validate(
        field.type.value,
        answer,
        choices=field.choices,
        not_future=field.not_future or field.kind is FieldKind.BIRTH_DATE,
        not_before=field.not_before,
        minimum=field.min,
        maximum=field.max,
        today=today,
    )
    if service is not None and field.kind is FieldKind.BIRTH_DATE:
        _check_band(service, date.fromisoformat(valid.value), today)
    return valid


def _check_band(service: ServiceDefinition, born: date, today: date) -> None:
    """Refuse a birth date that puts the child outside the service's age band."""
    band = service.eligibility
    if band is not None and not band.admits_born(born, today):
        raise Invalid(t("birth_outside_band", "id", service=service_name(service, "id")),
                      code=OUTSIDE_BAND,
                      reason_en=t("birth_outside_band", "en", service=service_name(service, "en")))
