"""The NLU as the dialog engine sees it: intent, confidence, first value of each entity."""

from __future__ import annotations

import time

from backend.core.metrics import NLU_LATENCY, NLU_PARSES
from dialogs.ports import Understanding, ViolenceSigns
from nlu import fallback, screen
from nlu.client import NluClient


class NluUnderstander:
    """Adapts the Rasa client (with its local fallback) to ``dialogs.ports.Understander``."""

    def __init__(self, client: NluClient) -> None:
        self.client = client

    async def understand(self, text: str) -> Understanding:
        started = time.perf_counter()
        result = await self.client.parse(text)
        NLU_LATENCY.labels(result.source).observe(time.perf_counter() - started)
        NLU_PARSES.labels(result.source).inc()
        entities: dict[str, str] = {}
        for entity in result.entities:
            entities.setdefault(entity.entity, entity.value)
        return Understanding(intent=result.intent, confidence=result.confidence,
                             entities=entities, confident=result.is_confident,
                             ranking={s.name: s.confidence for s in result.ranking})

    def urgent_kind(self, text: str) -> str | None:
        """The local classifier's emergency rules, without Rasa."""
        return fallback.emergency_intent(text)

    def violence_signs(self, text: str) -> ViolenceSigns:
        """The local violence screen (``nlu.screen``)."""
        signs = screen.screen(text)
        return ViolenceSigns(found=signs.found, unmistakable=signs.unmistakable)

