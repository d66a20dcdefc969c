"""NIP: 18 digits = birth date YYYYMMDD + appointment YYYYMM + sex 1/2 + serial 3 (synthetic)."""

from __future__ import annotations

from datetime import date

import pytest

from backend.core.catalog.intake import FieldType
from backend.core.catalog.loader import Catalog
from dialogs.validators import NIP_EXAMPLE, Invalid, validate, validate_nip

TODAY = date(2026, 12, 2)


@pytest.mark.parametrize(("raw", "value"), [
    ("199001012020121001", "199001012020121001"),
    ("19900101 202012 1 001", "199001012020121001"),
    ("NIP: 199001012020122015", "199001012020122015"),
    ("199004172022212001", "199004172022212001"),  # NI PPPK: 21 in the month place
])
def test_accepts_a_well_formed_nip(raw: str, value: str) -> None:
    valid = validate_nip(raw, today=TODAY)
    assert valid.value == value
    assert valid.display == f"{value[:8]} {value[8:14]} {value[14]} {value[15:]}"


@pytest.mark.parametrize(("raw", "code"), [
    ("1", "nip.length"),
    ("19900101202012100", "nip.length"),
    ("1990010120201210a1", "nip.digits"),
    ("199013012020121001", "nip.birth"),  # month 13
    ("203001012050121001", "nip.birth"),  # born in the future
    ("199001012020131001", "nip.appointment"),  # appointment month 13
    ("199001012000121001", "nip.appointment"),  # appointed at ten
    ("199001012027121001", "nip.appointment"),  # appointed in the future
    ("199001012020123001", "nip.sex"),
    ("199001012020121000", "nip.serial"),
])
def test_refuses_with_the_rule_and_the_example(raw: str, code: str) -> None:
    with pytest.raises(Invalid) as refused:
        validate_nip(raw, today=TODAY)
    assert refused.value.code == code and refused.value.example == NIP_EXAMPLE


def test_one_digit_gets_the_nip_rule_not_the_free_text_one() -> None:
    with pytest.raises(Invalid) as refused:
        validate("nip", "1", today=TODAY)
    assert "18 angka" in refused.value.reason and "huruf" not in refused.value.reason


def test_every_nip_field_of_the_catalog_is_typed(catalog: Catalog) -> None:
    nip_fields = [(s.code, f.type) for s in catalog for f in s.fields
                  if f.label.upper().startswith("NIP")]
    assert len(nip_fields) >= 7
    assert all(kind is FieldType.NIP for _, kind in nip_fields), nip_fields
