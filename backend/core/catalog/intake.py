"""A service's intake as data: the fields the bot asks for and the documents it collects."""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Any, Literal

from pydantic import Field, model_validator

from backend.core.catalog.base import Code, Strict


class FieldType(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    DATE = "date"
    NIK = "nik"
    NOP = "nop"
    PHONE = "phone"
    LOCATION = "location"
    CHOICE = "choice"
    YES_NO = "yes_no"
    EMAIL = "email"
    NIP = "nip"  # civil servant number: 18 digits, birth date, appointment, sex, serial


class FieldKind(StrEnum):
    """What a field means beyond its type, where the bot treats it specially."""

    BIRTH_DATE = "birth_date"  # a date of birth: never in the future
    FAMILY_CARD = "family_card"  # a KK number (typed nik): the family-card rules
    ACCOUNT_NUMBER = "account_number"  # a number printed on a bill (a PDAM customer number)
    PERSON_NAME = "person_name"  # a person's name: a reply or a sentence is refused
    YEAR = "year"  # a calendar year (a number labelled "Tahun ..."): four digits, no separator


# "Siapa nama lengkap anak?" asks for a person; "Siapa nama Anda (atau nama desa/lembaga ...)?"
# may be answered with a village's or an institution's name.
PERSON_PROMPT = re.compile(r"siapa nama\b(?!.*\batau nama\b)", re.IGNORECASE)


def _balanced(text: str) -> bool:
    """True when every bracket in ``text`` is closed, in order."""
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


class IntakeField(Strict):
    name: Code
    label: str = Field(min_length=1)
    prompt: str = Field(min_length=1)
    type: FieldType = FieldType.TEXT
    required: bool = True
    help: str | None = None
    example: str | None = None
    choices: list[str] | None = None
    kind: FieldKind | None = None
    min: float | None = Field(default=None, description="Smallest number accepted")
    max: float | None = Field(default=None, description="Largest number accepted")
    not_before: date | None = Field(default=None, description="Earliest date accepted")
    not_future: bool = Field(default=False, description="A date that cannot be after today")
    declined: str | None = Field(
        default=None, description="Stored when the citizen declines to answer (a reporter who "
        "stays anonymous); None: declining is no answer")
    story: bool = Field(
        default=False, description="The citizen's own account (what happened): the words that "
        "asked for the service fill it when they already tell it")

    @model_validator(mode="after")
    def _choices_only_for_choice(self) -> IntakeField:
        if self.type is FieldType.CHOICE and not self.choices:
            raise ValueError(f"field {self.name!r}: type 'choice' needs 'choices'")
        if self.type is not FieldType.CHOICE and self.choices:
            raise ValueError(f"field {self.name!r}: 'choices' only with type 'choice'")
        for choice in self.choices or []:
            if "," in choice or len(choice) > 64 or not _balanced(choice):
                raise ValueError(
                    f"field {self.name!r}: choice {choice!r} must be one button label "
                    "(no comma, balanced brackets, at most 64 characters); a comma inside a "
                    "flow list [a, b] splits the item: reword it"
                )
        return self

    @model_validator(mode="before")
    @classmethod
    def _kind_from_words(cls, data: Any) -> Any:
        """Until every definition names its kinds: a date labelled as a birth date, a nik
        named or labelled as a family card, a text asked as "Siapa nama ..." a person's name, a
        number labelled "Tahun ..." a year."""
        if not isinstance(data, dict) or data.get("kind"):
            return data
        name, label = str(data.get("name", "")), str(data.get("label", "")).lower()
        field_type = str(data.get("type", FieldType.TEXT))
        if field_type == FieldType.DATE and ("lahir" in label or "birth" in name):
            return {**data, "kind": FieldKind.BIRTH_DATE}
        if field_type == FieldType.NIK and (name.startswith("kk") or "keluarga" in label):
            return {**data, "kind": FieldKind.FAMILY_CARD}
        if field_type == FieldType.TEXT and PERSON_PROMPT.match(str(data.get("prompt", ""))):
            return {**data, "kind": FieldKind.PERSON_NAME}
        if field_type == FieldType.NUMBER and label.startswith("tahun"):
            return {**data, "kind": FieldKind.YEAR}
        return data


DOCUMENT_KINDS: tuple[Literal["image", "pdf"], ...] = ("image", "pdf")


class Document(Strict):
    code: Code
    label: str = Field(min_length=1)
    kinds: list[Literal["image", "pdf"]] = Field(default_factory=lambda: list(DOCUMENT_KINDS))
    required: bool = True
    condition: str | None = Field(default=None, description="When a conditional document applies")
    min: int = Field(default=1, ge=1, le=10, description="Files needed before 'selesai'")
    max: int = Field(default=1, ge=1, le=10, description="Files accepted at most")
    per: Code | None = Field(
        default=None, description="A number field: one file per person it counts (up to max)"
    )
    at_step: str | None = Field(
        default=None, description="An applicant step asking for it later (not in the intake)"
    )

    @model_validator(mode="before")
    @classmethod
    def _count_means_up_to(cls, data: object) -> object:
        """The older ``count: n`` means "up to n" (``max: n``), never "exactly n"."""
        if isinstance(data, dict) and "count" in data:
            data = dict(data)
            if "max" in data:
                raise ValueError("give 'max' (or the older 'count'), not both")
            data["max"] = data.pop("count")
        return data

    @model_validator(mode="after")
    def _min_within_max(self) -> Document:
        if self.min > self.max:
            raise ValueError(f"document {self.code!r}: min {self.min} is above max {self.max}")
        return self

    def wanted(self, per_value: int | None) -> tuple[int, int]:
        """(at least, at most) files for this intake; ``per`` counts people, capped at max."""
        if self.per and per_value:
            exact = max(self.min, min(per_value, self.max))
            return exact, exact
        return self.min, self.max
