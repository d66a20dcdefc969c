"""Signs of violence against a child or a woman in one message, whatever the intent.

Neighbours, teachers and relatives rarely write "saya mau lapor kekerasan": they complain about
a person ("anak tetangga saya dipukuli bapaknya tiap hari"). The dialog screens every message:
``found`` asks one discreet question, ``unmistakable`` moves to the PPA report at once.
Pure Python over the violence lexicon (``nlu.violence``) and the fallback's violence rules;
well under a millisecond a message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from nlu import violence as v
from nlu.fallback import is_violence
from nlu.normalize import normalize

Kind = Literal["violence", "child_marriage", "trafficking"]


@dataclass(frozen=True)
class ViolenceSigns:
    found: bool  # signs of violence against a child or a woman: the bot asks one discreet question
    unmistakable: bool  # a child/woman victim together with a harm word: PPA report at once
    kind: Kind | None  # "violence" | "child_marriage" | "trafficking" | None


NONE = ViolenceSigns(found=False, unmistakable=False, kind=None)


Patterns = tuple[re.Pattern[str], ...]


def _compile(*patterns: str) -> Patterns:
    """Each pattern compiled alone: searched one by one, they start faster than one big one."""
    return tuple(re.compile(r"\b(?=\w)(?:" + pattern + r")\b") for pattern in patterns)


def _search(patterns: Patterns, normalized: str) -> bool:
    return any(pattern.search(normalized) for pattern in patterns)


TRAFFICKING = _compile(
    *v.TRAFFICKING,
    *v.beside_victim(v.TRAFFICKING_WORDS, v.ACTIVE_TRAFFICKING, v.NEAR),
)
CHILD_MARRIAGE = _compile(
    *v.CHILD_MARRIAGE, *v.FORCED_MARRIAGE,
    *v.beside_victim(v.MARRIAGE_WORDS, v.ACTIVE_MARRIAGE, v.NEAR),
    v.near(v.alternatives(v.MINORS), v.alternatives(v.MINOR_MARRIAGE_WORDS), v.AFTER),
)
CONCERN = _compile(*v.beside_victim(v.CONCERNS, (), v.NEAR))
# Unmistakable: a victim and a harm close together, or a phrase that names both.
UNMISTAKABLE = _compile(
    *v.TRAFFICKING, *v.ONLINE_EXPLOITATION, *v.CHILD_MARRIAGE,
    *v.beside_victim(v.HARMS + v.TRAFFICKING_WORDS, v.ACTIVE_HARMS + v.ACTIVE_TRAFFICKING,
                     v.CLOSE),
    v.spread_picture(v.CLOSE),
    r"(kekerasan|kdrt|pelecehan|pencabulan|penganiayaan|penelantaran|perundungan) "
    r"(\w+ ){0,4}(pada|pd|terhadap|thd|ke|kepada|sama) " + v.victim(),
    r"(kekerasan|pelecehan|pencabulan|penganiayaan|penelantaran|eksploitasi) "
    r"(seksual )?(anak|perempuan|istri|murid|santri|siswa)\w*",
)
# "anak sy mau dinikahkan" may be a grown-up's wedding; with "umur 15" or "masih smp" it is not.
MINOR = _compile(*v.MINORS)
MARRIAGE = _compile(
    *v.FORCED_MARRIAGE, *v.MARRIAGE_WORDS, *v.ACTIVE_MARRIAGE, r"nikah", r"menikah", r"kawin",
    r"rabi", r"marr(y|ied)",
)


def _unmistakable(normalized: str) -> bool:
    if _search(UNMISTAKABLE, normalized):
        return True
    return _search(MINOR, normalized) and _search(MARRIAGE, normalized)


def _kind(normalized: str) -> Kind:
    if _search(TRAFFICKING, normalized):
        return "trafficking"
    if _search(CHILD_MARRIAGE, normalized):
        return "child_marriage"
    return "violence"


def screen(text: str) -> ViolenceSigns:
    """What one message shows of violence against a child or a woman."""
    normalized = normalize(text)
    violent = is_violence(normalized)  # what the fallback reports as violence
    if not violent and not _search(CONCERN, normalized):
        return NONE
    return ViolenceSigns(
        found=True,
        unmistakable=violent and _unmistakable(normalized),
        kind=_kind(normalized),
    )
