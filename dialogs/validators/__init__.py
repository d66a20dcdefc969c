"""Field validators: a citizen's raw chat answer in, a normalised value out, or a polite reason.

Every validator returns ``Valid(value, display)`` (``value`` is stored in the case, ``display``
is echoed back) or raises ``Invalid`` with a short Indonesian ``reason`` (English through
``text("en")``; texts in ``dialogs/data/validation.yml``) and a synthetic ``example``. The
engine calls ``validate(field_type, text, choices=..., not_future=...)`` for catalog field
types. One module per concept: identity numbers, contact details, dates, answers, names.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from dialogs.validators.answers import (
    validate_account_number,
    validate_choice,
    validate_number,
    validate_text,
    validate_yes_no,
)
from dialogs.validators.common import Invalid, Valid, jakarta_today
from dialogs.validators.contact import (
    EMAIL_EXAMPLE,
    LOCATION_EXAMPLE,
    PHONE_EXAMPLE,
    validate_email,
    validate_location_text,
    validate_phone,
)
from dialogs.validators.dates import (
    DATE_EXAMPLE,
    MONTHS_EN,
    MONTHS_ID,
    format_date,
    validate_date,
    validate_year,
)
from dialogs.validators.identity import (
    KK_EXAMPLE,
    NIK_EXAMPLE,
    NIP_EXAMPLE,
    NOP_EXAMPLE,
    PROVINCE_CODES,
    format_nop,
    nik_birth_date,
    nik_is_female,
    validate_kk,
    validate_nik,
    validate_nip,
    validate_nop,
)
from dialogs.validators.names import validate_name

__all__ = [
    "DATE_EXAMPLE", "EMAIL_EXAMPLE", "KK_EXAMPLE", "LOCATION_EXAMPLE", "MONTHS_EN", "MONTHS_ID",
    "NIK_EXAMPLE", "NIP_EXAMPLE", "NOP_EXAMPLE", "PHONE_EXAMPLE", "PROVINCE_CODES", "VALIDATORS",
    "FieldOptions", "Invalid", "Valid", "format_date", "format_nop", "jakarta_today",
    "nik_birth_date", "nik_is_female", "validate", "validate_account_number", "validate_choice",
    "validate_date", "validate_email", "validate_kk", "validate_location_text", "validate_name",
    "validate_nik", "validate_nip", "validate_nop", "validate_number", "validate_phone",
    "validate_text", "validate_year", "validate_yes_no",
]

# --- the registry the dialog engine uses ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldOptions:
    """What a catalog field adds to its type; each validator reads the options it needs."""

    choices: Sequence[str] = ()
    not_future: bool = False
    not_before: date | None = None
    minimum: float | None = None
    maximum: float | None = None
    today: date | None = None


FieldValidator = Callable[[str, FieldOptions], Valid]

VALIDATORS: dict[str, FieldValidator] = {
    "text": lambda text, _: validate_text(text),
    "number": lambda text, o: validate_number(text, min=o.minimum, max=o.maximum),
    "date": lambda text, o: validate_date(
        text, not_future=o.not_future, not_before=o.not_before, today=o.today
    ),
    "nik": lambda text, o: validate_nik(text, today=o.today),
    "nop": lambda text, _: validate_nop(text),
    "nip": lambda text, o: validate_nip(text, today=o.today),
    "phone": lambda text, _: validate_phone(text),
    "location": lambda text, _: validate_location_text(text),
    "choice": lambda text, o: validate_choice(text, o.choices),
    "yes_no": lambda text, _: validate_yes_no(text),
    "email": lambda text, _: validate_email(text),
}


def validate(
    field_type: str,
    text: str,
    *,
    choices: Sequence[str] | None = None,
    not_future: bool = False,
    not_before: date | None = None,
    minimum: float | None = None,
    maximum: float | None = None,
    today: date | None = None,
) -> Valid:
    """Validate ``text`` as a catalog ``field_type`` (a ``FieldType`` value or its string).

    ``validate("choice", "2", choices=["Kurir", "Ambil di MPP"])``,
    ``validate("date", "12-03-2019", not_future=True)``. Options a type does not use are
    ignored; an unknown type raises ``KeyError``.
    """
    options = FieldOptions(tuple(choices or ()), not_future, not_before, minimum, maximum, today)
    return VALIDATORS[str(field_type)](text, options)
