"""Chat text made matchable: lower case, no punctuation, stretched letters squeezed, and
one-letter typos of the words that matter corrected ("kebakarn" -> "kebakaran")."""

from __future__ import annotations

import re
from functools import cache

STRETCHED = re.compile(r"(\w)\1{2,}")
NOT_WORD = re.compile(r"[^\w]+")

# Words a typo must not hide. Each is 6+ letters, so a one-letter edit rarely lands on another
# real word ("sarang" is left out: one letter from "barang").
WATCHED = (
    "kebakaran", "terbakar", "kebakar", "dibakar", "kobaran", "pemadam", "damkar", "meledak",
    "korsleting", "evakuasi", "terjebak", "terjepit", "kejepit", "terkunci", "tersangkut",
    "nyangkut", "tenggelam", "terperangkap", "dipukul", "dipukuli", "memukul", "dianiaya",
    "penganiayaan", "kekerasan", "pelecehan", "dilecehkan", "pencabulan", "dicabuli",
    "diperkosa", "pemerkosaan", "dinikahkan", "pernikahan", "perkawinan", "dikawinkan",
    "ditampar", "ditendang", "disiksa", "penelantaran", "ditelantarkan", "syarat", "persyaratan",
    "tagihan", "operator", "petugas", "assalamualaikum", "terimakasih", "makasih", "tunggakan",
)
# Real words one letter away from a watched word ("dibayar" is paid, not "dibakar"): kept.
PROTECTED = frozenset({
    "dibayar", "terbayar", "kebayar", "ditampal", "meledek", "syariat", "memukau", "terkunci",
    "ngangkut",  # carrying, not "nyangkut" (stuck)
    # examined, not raped: "pemeriksaan" and "diperiksa" share a deletion with "pemerkosaan" and
    # "diperkosa" (drop the i of one and the o of the other)
    "pemeriksaan", "diperiksa", "pemeriksa",
})


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


@cache
def _index() -> dict[str, str]:
    """Each watched word and each of its one-letter deletions -> the watched word."""
    index = {word: word for word in WATCHED}
    for word in WATCHED:
        for deleted in _deletions(word):
            index.setdefault(deleted, word)
    return index


def correct(token: str) -> str:
    """The watched word a token is one edit away from (missing, extra, wrong or swapped letter)."""
    index = _index()
    if len(token) < 5 or token in PROTECTED or index.get(token) == token:
        return token
    if token in index:
        return index[token]
    for deleted in _deletions(token):
        if deleted in index:
            return index[deleted]
    return token


def normalize(text: str) -> str:
    """Lower-cased words separated by single spaces, typos of watched words corrected."""
    squeezed = STRETCHED.sub(r"\1", text.lower())
    return " ".join(correct(token) for token in NOT_WORD.sub(" ", squeezed).split())
