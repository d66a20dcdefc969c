"""Find catalog services from a citizen's own words ("sedot wc", "bikin kk baru")."""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass

from backend.core.catalog.loader import Catalog
from backend.core.catalog.schema import ServiceDefinition
from backend.core.policies import COMPLAINT_CATEGORY

STOPWORDS = frozenset(
    "mau ingin saya sy aku min admin pak bu tolong bisa bagaimana gimana gmn cara untuk utk buat "
    "bikin membuat mengurus urus ada yang yg di ke dan atau dengan dong ya apa apakah minta "
    "pelayanan layanan permohonan pengajuan mengajukan ajukan halo lamsel kab kabupaten".split()
)


KEYWORD_SCORE = 2.0  # a service keyword in the text scores at least this (a name word: 1)


@dataclass(frozen=True)
class Match:
    service: ServiceDefinition
    score: float


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOPWORDS]


@dataclass(frozen=True)
class _Indexed:
    """What matching needs of one service, prepared once per catalog."""

    service: ServiceDefinition
    keywords: tuple[tuple[re.Pattern[str], float], ...]  # pattern, score when it matches
    vocabulary: frozenset[str]
    name: str


# id(catalog) -> (a weak reference to it, its index); the reference tells a reused id apart.
_INDEXES: dict[int, tuple[weakref.ref[Catalog], tuple[_Indexed, ...]]] = {}


def _index(catalog: Catalog) -> tuple[_Indexed, ...]:
    """The catalog's services with compiled keyword patterns (compiling them on every message
    cost more than the rest of a dialog turn)."""
    known = _INDEXES.get(id(catalog))
    index = known[1] if known is not None and known[0]() is catalog else None
    if index is None:
        index = tuple(
            _Indexed(service=service,
                     keywords=tuple((re.compile(rf"\b{re.escape(keyword)}\b"),
                                     KEYWORD_SCORE + len(keyword.split()))
                                    for keyword in (k.lower() for k in service.keywords)
                                    if keyword),
                     vocabulary=frozenset(_words(service.search_text())),
                     name=service.name.id.lower())
            for service in catalog)
        _INDEXES[id(catalog)] = (weakref.ref(catalog), index)
    return index


def find_services(catalog: Catalog, text: str, limit: int = 3) -> list[Match]:
    """Services ranked by how well their name and keywords cover the citizen's words."""
    words = _words(text)
    if not words:
        return []
    phrase = " ".join(words)
    lowered = text.lower()
    matches = []
    for entry in _index(catalog):
        score = sum(weight for pattern, weight in entry.keywords if pattern.search(lowered))
        score += sum(1.0 for w in words if w in entry.vocabulary)
        if phrase and phrase in entry.name:
            score += 3.0
        if score > 0:
            matches.append(Match(entry.service, score))
    matches.sort(key=lambda m: (-m.score, m.service.code))
    return matches[:limit]


def names_a_service(catalog: Catalog, text: str) -> bool:
    """Whether the text names a service: one of its keywords, or several of the citizen's words
    that read as part of its name ("hilang" alone names none: it is in a name by chance)."""
    lowered, words = text.lower(), _words(text)
    phrase = " ".join(words)
    return any(any(pattern.search(lowered) for pattern, _ in entry.keywords)
               or (len(words) > 1 and phrase in entry.name)
               for entry in _index(catalog))


def is_clear(matches: list[Match]) -> bool:
    """One service stands out enough to propose it alone."""
    if not matches:
        return False
    if len(matches) == 1:
        return matches[0].score >= 2
    return matches[0].score >= 3 and matches[0].score >= 1.5 * matches[1].score


def complaint_service(catalog: Catalog, text: str) -> str | None:
    """The complaint channel the citizen's words point to ("air PDAM mati": the PDAM's, not
    its name-change service), when one stands out among the complaint services."""
    complaints = [match for match in find_services(catalog, text, limit=len(catalog.services))
                  if match.service.category == COMPLAINT_CATEGORY]
    return complaints[0].service.code if is_clear(complaints) else None
