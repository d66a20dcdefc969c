"""Answers to a question: numbers, yes/no, one of the choices, free text."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from dialogs.validators.common import Valid, _clean, _fail

_YES = frozenset({"ya", "iya", "y", "yes", "ok", "oke", "okay", "okey", "betul", "benar",
                  "boleh", "bisa", "setuju", "sip", "siap", "yoi", "yup", "sudah", "yaudah",
                  "iye",
                  # the question's own verb said back: "Ada lubang kontrol?" "Ada."
                  "ada", "punya", "pernah", "masih", "bener"})
_NO = frozenset({"tidak", "tdk", "gak", "ga", "nggak", "ngga", "enggak", "engga", "gk", "tak",
                 "no", "n", "bukan", "belum", "jangan", "nope", "nda", "ndak", "nanti", "ntar",
                 "gausah", "gamau", "blm", "skip", "kagak", "kaga", "ogah"})
# "tidak tahu", "gak yakin": no answer at all ("Dalam bahaya saat ini?" "tidak tahu" is no "tidak").
_UNSURE = frozenset({"tahu", "tau", "thu", "yakin", "pasti", "ngerti", "paham", "jelas", "ingat"})


ACCOUNT_SEPARATORS = re.compile(r"[\s./-]")  # between an account number's groups of digits
_NUMBER = re.compile(
    r"(?:rp\.?\s*)?(?P<num>[-+]?[0-9][0-9.,]*)\s*(?:[a-z²][a-z0-9²]*(?:\s+[a-z][a-z0-9²]*)*)?",
    re.IGNORECASE,
)


def _to_decimal(num: str) -> Decimal | None:
    """Indonesian first: "1.500" = 1500, "2,5" = 2.5, "1.500,75"; "1,500.75" also works."""
    body = num.lstrip("+-")
    if "." in body and "," in body:
        decimal_sep = "," if body.rfind(",") > body.rfind(".") else "."
        thousands = "." if decimal_sep == "," else ","
        whole, _, frac = body.rpartition(decimal_sep)
        if not re.fullmatch(rf"[0-9]{{1,3}}(?:\{thousands}[0-9]{{3}})*", whole):
            return None
        body = whole.replace(thousands, "") + "." + frac
    elif "." in body or "," in body:
        sep = "." if "." in body else ","
        if re.fullmatch(rf"[0-9]{{1,3}}(?:\{sep}[0-9]{{3}})+", body) and (
            sep == "." or body.count(",") > 1
        ):
            body = body.replace(sep, "")
        elif body.count(sep) == 1:
            body = body.replace(",", ".")
        else:
            return None
    try:
        value = Decimal(body)
    except InvalidOperation:
        return None
    return -value if num.startswith("-") else value


def _format_number(value: Decimal) -> str:
    whole, _, frac = f"{abs(value):f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    sign = "-" if value < 0 else ""
    return f"{sign}{grouped},{frac}" if frac else f"{sign}{grouped}"


def _parse_number(raw: str) -> Decimal:
    found = _NUMBER.fullmatch(raw)
    value = _to_decimal(found["num"]) if found and len(found["num"]) <= 24 else None
    if value is None:
        raise _fail("number.invalid", "1500")
    return value.normalize() if value % 1 else value.quantize(Decimal(1))


def validate_number(text: str, min: float | None = None, max: float | None = None) -> Valid:
    """A number, "1.500" and "1500" alike (units after it are ignored): value "1500" / "2.5"."""
    raw = _clean(text)
    if not raw:
        raise _fail("number.empty", "1500")
    value = _parse_number(raw)
    low = None if min is None else Decimal(str(min)).normalize()
    high = None if max is None else Decimal(str(max)).normalize()
    if low is not None and value < low:
        raise _fail("number.min", _format_number(low), min=_format_number(low))
    if high is not None and value > high:
        raise _fail("number.max", _format_number(high), max=_format_number(high))
    return Valid(f"{value:f}", _format_number(value))


def _squeeze(word: str) -> str:
    return re.sub(r"(.)\1+", r"\1", word)


def validate_yes_no(text: str) -> Valid:
    """ "ya" or "tidak", from everyday answers: "iya", "ok", "betul", "gak", "belum"...;
    "tidak tahu" or "gak yakin" is neither."""
    words = re.findall(r"[a-z]+", _clean(text).lower())
    first = words[0] if words else ""
    if len(words) > 1 and first in _NO and words[1] in _UNSURE:
        raise _fail("yes_no.unclear", "ya")
    for answer, vocabulary in (("ya", _YES), ("tidak", _NO)):
        if first in vocabulary or _squeeze(first) in {_squeeze(w) for w in vocabulary}:
            return Valid(answer, "Ya" if answer == "ya" else "Tidak")
    raise _fail("yes_no.unclear", "ya")


_NUMBERED = re.compile(r"(?:no\.?\s*|nomor\s*|pilihan\s*)?\(?([0-9]{1,3})[.)]?\s*(.*)", re.I)


def _options(choices: Sequence[str]) -> str:
    return ", ".join(f"{i}. {choice}" for i, choice in enumerate(choices, 1))


def validate_choice(text: str, choices: Sequence[str]) -> Valid:
    """One of ``choices``: its number, its text (any case), a unique prefix, or a close typo."""
    if not choices:
        raise ValueError("validate_choice needs at least one choice")
    raw = " ".join(_clean(text).split())
    if not raw.strip(" .!?"):
        raise _fail("choice.empty", "1", options=_options(choices))
    exact = [choice for choice in choices if choice.casefold().strip() == raw.casefold()]
    if exact:
        return Valid(exact[0], exact[0])
    numbered = _NUMBERED.fullmatch(raw)
    if numbered and not numbered[2]:
        index = int(numbered[1])
        if not 1 <= index <= len(choices):
            raise _fail("choice.range", "1", count=len(choices))
        return Valid(choices[index - 1], choices[index - 1])
    matches = _match_choice(numbered[2] if numbered else raw, choices)
    if len(matches) == 1:
        return Valid(matches[0], matches[0])
    if matches:
        raise _fail("choice.ambiguous", "1", matches=", ".join(matches))
    raise _fail("choice.unknown", "1", options=_options(choices))


def _match_choice(answer: str, choices: Sequence[str]) -> list[str]:
    folded = {choice.casefold().strip(): choice for choice in choices}
    key = answer.casefold().strip(" .!?")
    if not key:
        return []
    if key in folded:
        return [folded[key]]
    for test in (str.startswith, lambda choice, k: f" {k}" in f" {choice}"):
        found = [choice for fold, choice in folded.items() if test(fold, key)]
        if found:
            return found
    close = difflib.get_close_matches(key, list(folded), n=2, cutoff=0.75)
    if len(close) == 2 and _ratio(key, close[0]) - _ratio(key, close[1]) >= 0.1:
        close = close[:1]
    return [folded[c] for c in close]


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


def validate_text(text: str, *, min_len: int = 2, max_len: int = 1000) -> Valid:
    """Free text with letters or digits, between ``min_len`` and ``max_len`` characters."""
    value = _clean(text)
    if not value:
        raise _fail("text.empty", "Mohon tulis jawaban singkat.")
    if not any(c.isalnum() for c in value):
        raise _fail("text.no_letters", "Mohon tulis jawaban singkat.")
    if len(value) < min_len:
        raise _fail("text.short", "Mohon tulis jawaban singkat.", min=min_len)
    if len(value) > max_len:
        raise _fail("text.long", "Mohon tulis jawaban singkat.", count=len(value), max=max_len)
    one_line = " ".join(value.split())
    return Valid(value, one_line if len(one_line) <= 120 else one_line[:119] + "…")


def validate_account_number(text: str) -> Valid:
    """A customer or account number as printed on a bill: four digits or more, mostly digits,
    with dashes, dots, slashes or spaces between them (``01-23456``, ``A.0123/45``); a name or
    a sentence typed instead is refused."""
    value = " ".join(_clean(text).split())
    bare = ACCOUNT_SEPARATORS.sub("", value)
    digits = sum(char.isdigit() for char in bare)
    if digits < 4 or not bare.isalnum() or digits * 2 < len(bare) or len(value) > 30:
        raise _fail("account.invalid", "01-23456")
    return Valid(value, value)
