"""Find catalog services from a citizen's own words ("sedot wc", "bikin kk baru")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from backend.catalog.loader import Catalog
from backend.catalog.schema import ServiceDefinition

STOPWORDS = frozenset(
    "mau ingin saya sy aku min admin pak bu tolong bisa bagaimana gimana gmn cara untuk utk buat "
    "bikin membuat mengurus urus ada yang yg di ke dan atau dengan dong ya apa apakah minta "
    "pelayanan layanan permohonan pengajuan mengajukan ajukan halo lamsel kab kabupaten".split()
)


@dataclass(frozen=True)
class Match:
    service: ServiceDefinition
    score: float


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOPWORDS]


def find_services(catalog: Catalog, text: str, limit: int = 3) -> list[Match]:
    """Services ranked by how well their name and keywords cover the citizen's words."""
    words = _words(text)
    if not words:
        return []
    phrase = " ".join(words)
    matches = []
    for service in catalog:
        keywords = [k.lower() for k in service.keywords]
        score = 0.0
        for keyword in keywords:
            if keyword and re.search(rf"\b{re.escape(keyword)}\b", text.lower()):
                score += 2.0 + len(keyword.split())
        vocabulary = set(_words(service.search_text()))
        score += sum(1.0 for w in words if w in vocabulary)
        if phrase and phrase in service.name.id.lower():
            score += 3.0
        if score > 0:
            matches.append(Match(service, score))
    matches.sort(key=lambda m: (-m.score, m.service.code))
    return matches[:limit]


def is_clear(matches: list[Match]) -> bool:
    """One service stands out enough to propose it alone."""
    if not matches:
        return False
    if len(matches) == 1:
        return matches[0].score >= 2
    return matches[0].score >= 3 and matches[0].score >= 1.5 * matches[1].score
