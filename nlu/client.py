"""Client of the Rasa NLU server (``POST /model/parse``) that always answers.

A parse slower than the timeout, a server that is down and an open circuit all fall back to
the local classifier. When the local rules see an emergency and Rasa is not sure (below 0.9)
of another intent, the emergency wins: a fire, rescue or violence report must not end in a
clarifying question or the wrong queue.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from types import TracebackType
from typing import Any, Self

import httpx

from nlu import fallback
from nlu.breaker import CircuitBreaker
from nlu.entities import STRUCTURED, dedupe, normalise, service_code
from nlu.result import Entity, IntentScore, NluResult

log = logging.getLogger(__name__)

DEFAULT_THRESHOLD = 0.5  # keep equal to the FallbackClassifier threshold in config.yml
SURE = 0.9  # below this, an emergency the local rules see wins over Rasa's other intent
NLU_FALLBACK = "nlu_fallback"
REGEX_EXTRACTOR = "RegexEntityExtractor"


def _entity(item: dict[str, Any]) -> Entity | None:
    """One Rasa entity, normalised; a service that names no catalog code is dropped."""
    name, value = str(item["entity"]), str(item["value"])
    if name == "service":
        code = service_code(value)
        if code is None:
            return None
        value = code
    return Entity(name, normalise(name, value), int(item["start"]), int(item["end"]))


def _entities(raw: list[dict[str, Any]]) -> tuple[Entity, ...]:
    """Normalised entities, one per span; for NIK, NOP and the like the regex's span wins."""

    def trust(item: dict[str, Any]) -> int:
        return 0 if item["entity"] in STRUCTURED and item.get("extractor") == REGEX_EXTRACTOR else 1

    return dedupe(e for item in sorted(raw, key=trust) if (e := _entity(item)) is not None)


def from_rasa(text: str, payload: dict[str, Any], threshold: float) -> NluResult:
    """A Rasa ``/model/parse`` answer as a result; ``nlu_fallback`` becomes its best guess."""
    ranking = tuple(
        IntentScore(str(item["name"]), float(item["confidence"]))
        for item in payload.get("intent_ranking") or ()
        if item["name"] != NLU_FALLBACK
    )
    intent = payload.get("intent") or {}
    name, confidence = str(intent.get("name")), float(intent.get("confidence") or 0.0)
    guessed = name == NLU_FALLBACK
    if guessed:
        name, confidence = (ranking[0].name, ranking[0].confidence) if ranking else ("", 0.0)
    return NluResult(
        text=text,
        intent=name or "out_of_scope",
        confidence=confidence,
        source="rasa",
        is_confident=not guessed and bool(name) and confidence >= threshold,
        entities=_entities(payload.get("entities") or []),
        ranking=ranking,
    )


class NluClient:
    """``await client.parse(text)`` with Rasa when it answers in time, else the fallback."""

    def __init__(
        self,
        url: str,
        timeout_ms: int = 300,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        breaker: CircuitBreaker | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.threshold = threshold
        self.breaker = breaker or CircuitBreaker()
        self._timeout_s = timeout_ms / 1000
        self._http = httpx.AsyncClient(
            base_url=url.rstrip("/"), timeout=self._timeout_s, transport=transport, trust_env=False
        )

    async def parse(self, text: str) -> NluResult:
        local = fallback.classify(text)
        if text.lstrip().startswith("/") or not self.breaker.allow():
            return local  # Rasa reads "/start" as an intent named "start"
        try:
            result = from_rasa(text, await self._post(text), self.threshold)
        except (TimeoutError, httpx.HTTPError, ValueError, KeyError, TypeError) as error:
            self.breaker.record_failure()
            log.warning("nlu: rasa unavailable (%s), using the fallback", type(error).__name__)
            return local
        self.breaker.record_success()
        unsure = not result.is_confident or result.confidence < SURE
        if local.is_emergency and local.intent != result.intent and unsure:
            entities = result.entities or local.entities
            return replace(local, entities=entities, ranking=result.ranking)
        return result

    async def _post(self, text: str) -> dict[str, Any]:
        async with asyncio.timeout(self._timeout_s):
            response = await self._http.post("/model/parse", json={"text": text})
            response.raise_for_status()
            payload = response.json()
        if not isinstance(payload, dict) or "intent" not in payload:
            raise ValueError("not a Rasa parse result")
        return payload

    async def close(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()


class SyncNluClient:
    """The same client for synchronous callers (the CLI), on a private event loop."""

    def __init__(self, url: str, timeout_ms: int = 300, **options: Any) -> None:
        self._runner = asyncio.Runner()
        self._client = NluClient(url, timeout_ms, **options)

    def parse(self, text: str) -> NluResult:
        return self._runner.run(self._client.parse(text))

    def close(self) -> None:
        self._runner.run(self._client.close())
        self._runner.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
