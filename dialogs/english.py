"""Whether a free text is written in English (or, in an English chat, in Indonesian again), by
its common words: a citizen who writes in English is answered in English (the NLU reads
Indonesian, so the menu is offered instead), and one who writes Indonesian in Indonesian."""

from __future__ import annotations

import re

ENGLISH_WORDS = frozenset(
    "i i'm im my me your we our the a an is are am was be been do does did can could would "
    "will should how what where when why who which want need like get apply help to for of "
    "and or with this that there here it have has from about in on at card child "
    "children son daughter baby id identity certificate tax bill report".split())
# Words an Indonesian message has, even one with English in it ("mau apply KIA for anak").
INDONESIAN_WORDS = frozenset(
    "saya sy aku kami kita anda mau ingin pengen minta mohon tolong bisa yang di ke dari dan "
    "untuk dengan ini itu ada apa bagaimana gimana berapa kapan dimana kenapa anak bikin buat "
    "urus cara pak bu kak min mas mbak bang dong ya iya tidak nggak gak belum sudah udah "
    "tagihan lapor laporan surat kartu".split())
# What Indonesians say in English too ("thank you very much", "good morning sir"): no sign.
PLEASANTRIES = frozenset(
    "hello hi thank thanks you very much good morning afternoon evening night sir madam "
    "please ok okay".split())
WORD = re.compile(r"[a-z']+")
MIN_WORDS = 3


def is_english(text: str) -> bool:
    """Three words or more, at least half of them common English words (two of them more than
    pleasantries), and none of the words every Indonesian message has."""
    words = WORD.findall(text.lower())
    english = [word for word in words if word in ENGLISH_WORDS or word in PLEASANTRIES]
    meaningful = sum(word not in PLEASANTRIES for word in english)
    return (len(words) >= MIN_WORDS and meaningful >= 2 and 2 * len(english) >= len(words)
            and INDONESIAN_WORDS.isdisjoint(words))


def is_indonesian(text: str) -> bool:
    """Two or more of the words every Indonesian message has, and fewer English ones: a chat
    switched to English (by "english" or by a text read as English) is answered in Indonesian
    again."""
    words = WORD.findall(text.lower())
    indonesian = sum(word in INDONESIAN_WORDS for word in words)
    english = sum(word in ENGLISH_WORDS for word in words)
    return indonesian >= 2 and english < indonesian
