"""Phone numbers (phonenumbers, region ID) and e-mail addresses."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dialogs.validators import Invalid, validate_email, validate_phone

PREFIXES = ("0811", "0812", "0813", "0821", "0822", "0852", "0853", "0857", "0858", "0877",
            "0878", "0881", "0895", "0896", "0899", "0831", "0838")


@given(st.sampled_from(PREFIXES), st.text(alphabet="0123456789", min_size=7, max_size=8))
def test_local_and_international_forms_give_one_e164_value(prefix: str, rest: str):
    local = prefix + rest
    expected = "+62" + local[1:]
    forms = [local, "+62" + local[1:], "62" + local[1:], f"{local[:4]}-{local[4:8]}-{local[8:]}",
             f"+62 {local[1:4]} {local[4:8]} {local[8:]}", f"whatsapp:+62{local[1:]}"]
    values = {validate_phone(form).value for form in forms}
    assert values == {expected}
    display = validate_phone(local).display
    assert display.startswith(prefix + "-")
    assert display.replace("-", "") == local


def test_display_is_the_national_form():
    assert validate_phone("+6281234567890").display == "0812-3456-7890"
    assert validate_phone("0721 350123").value == "+62721350123"  # a Bandar Lampung landline


def test_foreign_numbers_are_shown_internationally():
    assert validate_phone("+1 650 253 0000").display == "+1 650-253-0000"


@pytest.mark.parametrize(
    ("text", "code"),
    [("", "phone.empty"), ("nomor saya", "phone.chars"), ("0812abc", "phone.chars"),
     ("08123", "phone.invalid"), ("+62", "phone.invalid"),
     ("0812345678901234567", "phone.invalid")],
)
def test_invalid_phone_numbers(text: str, code: str):
    with pytest.raises(Invalid) as caught:
        validate_phone(text)
    assert caught.value.code == code
    assert validate_phone(caught.value.example)


@given(st.from_regex(r"[a-z0-9]{1,10}(\.[a-z0-9]{1,5})?@[a-z]{2,10}\.(com|id|co\.id|net)",
                     fullmatch=True))
def test_plain_addresses_pass_and_the_domain_is_lowercased(address: str):
    local, domain = address.split("@")
    assert validate_email(f" {local}@{domain.upper()} ").value == address


@pytest.mark.parametrize(
    ("text", "code"),
    [("", "email.empty"), ("budi", "email.invalid"), ("budi@", "email.invalid"),
     ("budi@gmail", "email.invalid"), ("bu di@gmail.com", "email.invalid"),
     ("budi..santoso@gmail.com", "email.invalid"), ("budi@gmial.com", "email.typo")],
)
def test_invalid_addresses(text: str, code: str):
    with pytest.raises(Invalid) as caught:
        validate_email(text)
    assert caught.value.code == code


def test_a_typo_suggests_the_right_domain():
    with pytest.raises(Invalid) as caught:
        validate_email("budi@gmail.co")
    assert "budi@gmail.com" in caught.value.reason
