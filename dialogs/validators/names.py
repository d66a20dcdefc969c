"""A person's name, as typed at "Siapa nama ...?": never a reply or a sentence."""

from __future__ import annotations

import re
import unicodedata

from dialogs.validators.common import Valid, _clean, _fail

NAME_EXAMPLE = "Siti Aminah"
# "nama saya adalah Budi", "Nama: Budi", "saya Budi", "namanya Putri", "nama anak saya Putri":
# the name after the introduction.
_INTRO = re.compile(
    r"^(?:nama(?:ku|nya)?(?:\s+(?:lengkap(?:nya)?|anak(?:nya|\s+saya|\s+sy)?|saya|sy|aku))?"
    r"|saya|sy|aku)(?:\s+adalah)?\b\s*[:=-]?\s*", re.IGNORECASE)
# "ibu Sari Lestari", "Pak Budi": the form of address, not the name.
_ADDRESS = re.compile(r"^(?:ibu|bu|bapak|pak)\s+(?=\S)", re.IGNORECASE)
# Letters, spaces and what names carry: Nur'aini, Al-Fatih, M. Rizky, "S.Kep., Ns." after a
# comma, "Ahmad (Alm)" and "Siti/Budi" as a tax bill prints them, "PT Maju & Jaya".
_NAME_CHARS = re.compile(r"(?:[^\W\d_]|[\s'’‘`ʼ.,()/&-])+")
_REPLY_LEAD = frozenset({"ya", "iya", "yes", "ok", "oke", "bukan", "tidak", "tdk", "no", "nggak",
                         "ngga", "gak", "ga", "gk", "enggak", "engga"})
_SENTENCE = frozenset({"saya", "sy", "aku", "kami", "mau", "ingin", "kebakaran", "api", "tolong",
                       "di", "ke", "dari", "sudah", "udah", "belum", "lagi", "sedang", "ini",
                       "itu", "untuk", "dengan", "apa", "kenapa", "bagaimana", "gimana", "kapan",
                       "lapor", "sakit", "meninggal", "rusak", "kemarin", "kemaren", "tadi",
                       "besok",
                       # an address typed at the name ("Desa Sidomulyo Kec. Candipuro")
                       "desa", "kec", "kecamatan", "kel", "kelurahan", "dusun", "jalan", "jl",
                       "rt", "rw", "rumah", "kabupaten", "kab"})
# Sentence words that are also names ("Liem Yang", "Tanya Larasati"): one of them is a name's
# part when the name has another word and no other sentence word.
_SENTENCE_OR_NAME = frozenset({"yang", "ada", "tanya"})
# Emoji and other symbols a name may be decorated with ("Siti 🌸"): dropped, not refused.
_DECORATION = frozenset({"So", "Sk", "Cf", "Me"})
_DECORATION_MARKS = frozenset({"\ufe0e", "\ufe0f"})  # emoji presentation selectors


def _titles(part: str) -> bool:
    """Whether every word after a comma is a degree or title ("S.Kep.", "Ns", "Apt", "SKM")."""
    words = part.split()
    return bool(words) and all("." in word or word.isupper() or len(word) <= 4
                               for word in words)


def validate_name(text: str) -> Valid:
    """A person's name of one or more words ("I Gede Made", "Siti Nur'aini", "M. Rizky",
    "Abdul Rahman bin Ahmad", titles after a comma); refused: digits, a question, a yes or
    no first ("bukan, kebakaran baru"), words of a sentence ("saya", "mau", "di", ...)."""
    value = _INTRO.sub("", " ".join(_undecorated(_clean(text)).split()), count=1).rstrip("!")
    value = _ADDRESS.sub("", value, count=1)
    if any(char.isdigit() for char in value):
        raise _fail("name.digits", NAME_EXAMPLE)
    if sum(char.isalpha() for char in value) < 2:
        raise _fail("name.empty", NAME_EXAMPLE)
    words = [word.strip(".'’‘`ʼ-").lower() for word in re.split(r"[\s,]+", value)]
    if (not _NAME_CHARS.fullmatch(value) or len(value) > 100 or words[0] in _REPLY_LEAD
            or _sentence(words) or not all(map(_titles, value.split(",")[1:]))):
        raise _fail("name.sentence", NAME_EXAMPLE)
    return Valid(value, value)


def _sentence(words: list[str]) -> bool:
    """Whether the words are a sentence's: one of its words, or two that may be names' parts
    ("ada yang tanya"), or one of those alone."""
    ambiguous = sum(word in _SENTENCE_OR_NAME for word in words)
    return (not _SENTENCE.isdisjoint(words) or ambiguous > 1
            or (ambiguous == 1 and len(words) == 1))


def _undecorated(text: str) -> str:
    """The text without emoji, symbols and invisible joiners."""
    return "".join(char for char in text if char.isascii() or char not in _DECORATION_MARKS
                   and unicodedata.category(char) not in _DECORATION)
