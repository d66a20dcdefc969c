"""A person's name, as typed at "Siapa nama ...?": never a reply or a sentence."""

from __future__ import annotations

import re

from dialogs.validators.common import Valid, _clean, _fail

NAME_EXAMPLE = "Siti Aminah"
# "nama saya adalah Budi", "Nama: Budi", "saya Budi", "namanya Putri", "nama anak saya Putri":
# the name after the introduction.
_INTRO = re.compile(
    r"^(?:nama(?:ku|nya)?(?:\s+(?:lengkap(?:nya)?|anak(?:nya|\s+saya|\s+sy)?|saya|sy|aku))?"
    r"|saya|sy|aku)(?:\s+adalah)?\b\s*[:=-]?\s*", re.IGNORECASE)
# Letters, spaces and what names carry: Nur'aini, Al-Fatih, M. Rizky, "S.Kep., Ns." after a
# comma, "Ahmad (Alm)" and "Siti/Budi" as a tax bill prints them, "PT Maju & Jaya".
_NAME_CHARS = re.compile(r"(?:[^\W\d_]|[\s'’‘`ʼ.,()/&-])+")
_REPLY_LEAD = frozenset({"ya", "iya", "yes", "ok", "oke", "bukan", "tidak", "tdk", "no", "nggak",
                         "ngga", "gak", "ga", "gk", "enggak", "engga"})
_SENTENCE = frozenset({"saya", "sy", "aku", "kami", "mau", "ingin", "ada", "kebakaran", "api",
                       "tolong", "di", "ke", "dari", "yang", "sudah", "udah", "belum", "lagi",
                       "sedang", "ini", "itu", "untuk", "dengan", "apa", "kenapa", "bagaimana",
                       "gimana", "kapan", "lapor", "tanya"})


def _titles(part: str) -> bool:
    """Whether every word after a comma is a degree or title ("S.Kep.", "Ns", "Apt", "SKM")."""
    words = part.split()
    return bool(words) and all("." in word or word.isupper() or len(word) <= 4
                               for word in words)


def validate_name(text: str) -> Valid:
    """A person's name of one or more words ("I Gede Made", "Siti Nur'aini", "M. Rizky",
    "Abdul Rahman bin Ahmad", titles after a comma); refused: digits, a question, a yes or
    no first ("bukan, kebakaran baru"), words of a sentence ("saya", "mau", "di", ...)."""
    value = _INTRO.sub("", " ".join(_clean(text).split()), count=1).rstrip("!")
    if any(char.isdigit() for char in value):
        raise _fail("name.digits", NAME_EXAMPLE)
    if sum(char.isalpha() for char in value) < 2:
        raise _fail("name.empty", NAME_EXAMPLE)
    words = [word.strip(".'’‘`ʼ-").lower() for word in re.split(r"[\s,]+", value)]
    if (not _NAME_CHARS.fullmatch(value) or len(value) > 100 or words[0] in _REPLY_LEAD
            or not _SENTENCE.isdisjoint(words) or not all(map(_titles, value.split(",")[1:]))):
        raise _fail("name.sentence", NAME_EXAMPLE)
    return Valid(value, value)
