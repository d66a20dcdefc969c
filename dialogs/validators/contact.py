"""Contact details: phone numbers, e-mail addresses, places typed as text."""

from __future__ import annotations

import re

import phonenumbers

from dialogs.regions import find_place
from dialogs.validators.common import Valid, _clean, _fail

PHONE_EXAMPLE = "0812-3456-7890"
EMAIL_EXAMPLE = "nama@contoh.id"
LOCATION_EXAMPLE = "Jl. Raya Natar No. 5, dekat Masjid Al-Ikhlas, Desa Hajimena"
_VAGUE_PLACES = frozenset({"rumah", "rumah saya", "di rumah", "sini", "di sini", "disini",
                           "sana", "di sana", "disana", "situ", "di situ", "tidak tahu",
                           "gak tau", "tidak tau", "lokasi", "alamat", "kantor"})
_EMAIL_TYPOS = {"gmail.co": "gmail.com", "gmial.com": "gmail.com", "gmai.com": "gmail.com",
                "gmail.con": "gmail.com", "gamil.com": "gmail.com", "yahoo.co": "yahoo.com",
                "yaho.com": "yahoo.com", "yahoo.con": "yahoo.com"}
_EMAIL = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}"
)


def validate_phone(text: str) -> Valid:
    """An Indonesian (or international) number: value E.164, display "0812-3456-7890"."""
    raw = _clean(text).removeprefix("whatsapp:").strip()
    if not raw:
        raise _fail("phone.empty", PHONE_EXAMPLE)
    if not re.fullmatch(r"\+?[0-9\s\-().]+", raw):
        raise _fail("phone.chars", PHONE_EXAMPLE)
    try:
        number = phonenumbers.parse(raw, "ID")
    except phonenumbers.NumberParseException:
        raise _fail("phone.invalid", PHONE_EXAMPLE) from None
    if not phonenumbers.is_valid_number(number):
        raise _fail("phone.invalid", PHONE_EXAMPLE)
    local = phonenumbers.region_code_for_number(number) == "ID"
    style = phonenumbers.PhoneNumberFormat
    return Valid(
        phonenumbers.format_number(number, style.E164),
        phonenumbers.format_number(number, style.NATIONAL if local else style.INTERNATIONAL),
    )


def validate_email(text: str) -> Valid:
    """A plausible e-mail address; the domain is lowercased and common typos are pointed out."""
    raw = _clean(text).removeprefix("mailto:").strip("<> ")
    if not raw:
        raise _fail("email.empty", EMAIL_EXAMPLE)
    if len(raw) > 254 or not _EMAIL.fullmatch(raw):
        raise _fail("email.invalid", EMAIL_EXAMPLE)
    local, domain = raw.rsplit("@", 1)
    domain = domain.lower()
    if domain in _EMAIL_TYPOS:
        suggestion = f"{local}@{_EMAIL_TYPOS[domain]}"
        raise _fail("email.typo", EMAIL_EXAMPLE, suggestion=suggestion)
    return Valid(f"{local}@{domain}", f"{local}@{domain}")





_COORDINATES = re.compile(r"(-?[0-9]{1,2}\.[0-9]{3,})\s*[, ]\s*(-?[0-9]{1,3}\.[0-9]{3,})")


def validate_location_text(text: str) -> Valid:
    """An address or landmark (≥ 5 characters, not "rumah"/"di sini") or typed coordinates.

    When it names a Lampung Selatan desa or kecamatan, the display adds it:
    "Jl. Mawar 3, Hajimena (Desa Hajimena, Kec. Natar)".
    """
    value = " ".join(_clean(text).split())
    coordinates = _COORDINATES.fullmatch(value)
    if coordinates and abs(float(coordinates[1])) <= 90 and abs(float(coordinates[2])) <= 180:
        lat, lon = float(coordinates[1]), float(coordinates[2])
        return Valid(f"{lat:.6f},{lon:.6f}", f"Titik {lat:.5f}, {lon:.5f}")
    if len(value) < 5 or sum(c.isalpha() for c in value) < 3:
        raise _fail("location.short", LOCATION_EXAMPLE)
    if value.lower().strip(" .,!") in _VAGUE_PLACES:
        raise _fail("location.vague", LOCATION_EXAMPLE)
    display = value if len(value) <= 120 else value[:119] + "…"
    place = find_place(value)
    return Valid(value, f"{display} ({place.label})" if place else display)
