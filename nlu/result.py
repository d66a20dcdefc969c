"""What the NLU returns: intents, entities and one parse result, whichever engine produced it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Source = Literal["rasa", "fallback"]

INTENTS = (
    "greet", "goodbye", "thanks", "affirm", "deny", "menu", "request_kia", "report_fire",
    "report_rescue", "report_violence", "check_pbb", "check_status", "talk_to_agent",
    "ask_requirements", "request_service", "complaint", "out_of_scope",
)
EMERGENCIES = frozenset({"report_fire", "report_rescue", "report_violence"})
ENTITIES = ("nik", "nop", "year", "phone", "case_number", "location", "service")


@dataclass(frozen=True, slots=True)
class Entity:
    """One entity: its type, normalised value and character span in the text."""

    entity: str
    value: str
    start: int
    end: int

    def overlaps(self, other: Entity) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True, slots=True)
class IntentScore:
    name: str
    confidence: float


@dataclass(frozen=True, slots=True)
class NluResult:
    """The understanding of one message.

    ``is_confident`` is false when the intent is a guess (below the threshold, Rasa's
    ``nlu_fallback``, or nothing matched locally): the dialog then asks with buttons.
    """

    text: str
    intent: str
    confidence: float
    source: Source
    is_confident: bool
    entities: tuple[Entity, ...] = ()
    ranking: tuple[IntentScore, ...] = field(default=())

    @property
    def is_emergency(self) -> bool:
        return self.intent in EMERGENCIES

    def first(self, entity: str) -> str | None:
        """The value of the first entity of this type, if any."""
        return next((e.value for e in self.entities if e.entity == entity), None)

    def to_line(self) -> dict[str, Any]:
        """The JSON-lines shape of ``halo nlu parse``."""
        return {
            "text": self.text,
            "intent": self.intent,
            "confidence": round(self.confidence, 4),
            "entities": [{"entity": e.entity, "value": e.value} for e in self.entities],
            "source": self.source,
        }
