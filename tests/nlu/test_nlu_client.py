"""NluClient against a fake Rasa at the HTTP level (httpx.MockTransport)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from nlu.breaker import CircuitBreaker, State
from nlu.client import NluClient, SyncNluClient

NIK = "1801065507920001"


def rasa_answer(
    text: str, intent: str, confidence: float, entities: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    ranking = [{"name": intent, "confidence": confidence}, {"name": "menu", "confidence": 0.01}]
    return {
        "text": text, "intent": ranking[0], "entities": entities or [], "intent_ranking": ranking,
    }


def answering(payload: dict[str, Any]) -> Callable[[httpx.Request], httpx.Response]:
    return lambda _: httpx.Response(200, json=payload)


def client_for(handler: Callable[[httpx.Request], Any], **options: Any) -> NluClient:
    return NluClient("http://rasa.test", transport=httpx.MockTransport(handler), **options)


async def test_rasa_answer_with_entities_deduplicated_and_normalised() -> None:
    text = f"nik {NIK} nop 18.01.010.001.001-0001.0"
    nik = {"entity": "nik", "start": 4, "end": 20, "value": NIK}
    nop = {"entity": "nop", "start": 25, "end": 49, "value": "18.01.010.001.001-0001.0"}
    entities = [
        {**nik, "extractor": "DIETClassifier"},
        {**nik, "extractor": "RegexEntityExtractor"},
        {**nop, "extractor": "RegexEntityExtractor"},
        {**nop, "end": 42, "value": "18.01.010.001.001", "extractor": "DIETClassifier"},
    ]

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/model/parse"
        return httpx.Response(200, json=rasa_answer(text, "check_pbb", 0.97, entities))

    async with client_for(handler) as client:
        result = await client.parse(text)
    assert (result.intent, result.source, result.is_confident) == ("check_pbb", "rasa", True)
    assert [(e.entity, e.value) for e in result.entities] == [
        ("nik", NIK), ("nop", "180101000100100010"),
    ]


async def test_services_become_catalog_codes_or_are_dropped() -> None:
    entities = [
        {"entity": "service", "start": 4, "end": 12, "value": "sedot wc"},
        {"entity": "service", "start": 20, "end": 30, "value": "bukan layanan"},
    ]
    answer = rasa_answer("mau sedot wc", "request_service", 0.9, entities)
    async with client_for(answering(answer)) as client:
        result = await client.parse("mau sedot wc")
    assert [(e.entity, e.value) for e in result.entities] == [("service", "sedot-tinja")]


async def test_nlu_fallback_is_a_guess_to_clarify() -> None:
    answer = {
        "intent": {"name": "nlu_fallback", "confidence": 0.5},
        "entities": [],
        "intent_ranking": [
            {"name": "nlu_fallback", "confidence": 0.5},
            {"name": "complaint", "confidence": 0.41},
            {"name": "request_service", "confidence": 0.38},
        ],
    }
    async with client_for(answering(answer)) as client:
        result = await client.parse("anu itu lho")
    assert (result.intent, result.confidence, result.is_confident) == ("complaint", 0.41, False)
    assert [score.name for score in result.ranking] == ["complaint", "request_service"]


async def test_low_confidence_below_threshold_is_not_confident() -> None:
    handler = answering(rasa_answer("x", "complaint", 0.6))
    async with client_for(handler, threshold=0.7) as client:
        assert not (await client.parse("x")).is_confident


@pytest.mark.parametrize("guess", [("complaint", 0.3), ("menu", 0.77), ("report_fire", 0.6)])
async def test_unsure_rasa_yields_to_an_emergency_the_rules_see(guess: tuple[str, float]) -> None:
    async with client_for(answering(rasa_answer("x", *guess))) as client:
        result = await client.parse("ada ular masuk rumah")
    assert (result.intent, result.source) == ("report_rescue", "fallback")
    assert result.is_confident


async def test_a_sure_rasa_keeps_its_intent() -> None:
    async with client_for(answering(rasa_answer("x", "ask_requirements", 0.95))) as client:
        result = await client.parse("syarat jadi relawan penangkap ular")
    assert (result.intent, result.source) == ("ask_requirements", "rasa")


async def test_slow_rasa_falls_back_within_the_timeout() -> None:
    async def slow(_: httpx.Request) -> httpx.Response:
        await asyncio.sleep(2)
        return httpx.Response(200, json=rasa_answer("x", "greet", 0.9))

    async with client_for(slow, timeout_ms=50) as client:
        started = asyncio.get_running_loop().time()
        result = await client.parse("TOLONG ADA API DI WARUNG")
        elapsed = asyncio.get_running_loop().time() - started
    assert (result.intent, result.source) == ("report_fire", "fallback")
    assert elapsed < 1


@pytest.mark.parametrize(
    "response",
    [httpx.Response(500), httpx.Response(200, text="not json"), httpx.Response(200, json=[1])],
)
async def test_bad_answers_fall_back(response: httpx.Response) -> None:
    async with client_for(lambda _: response) as client:
        result = await client.parse("anak sy dipukuli")
    assert (result.intent, result.source) == ("report_violence", "fallback")
    assert client.breaker.state is State.CLOSED


async def test_circuit_opens_then_half_opens() -> None:
    now = [0.0]
    calls: list[str] = []
    healthy = [False]

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        if not healthy[0]:
            raise httpx.ConnectError("refused", request=request)
        return httpx.Response(200, json=rasa_answer("menu", "menu", 0.99))

    breaker = CircuitBreaker(failure_threshold=3, cooldown_s=30, clock=lambda: now[0])
    async with client_for(handler, breaker=breaker) as client:
        for _ in range(5):
            assert (await client.parse("menu")).source == "fallback"
        assert (len(calls), breaker.state) == (3, State.OPEN)
        now[0] = 31
        healthy[0] = True
        assert (await client.parse("menu")).source == "rasa"
        assert (len(calls), breaker.state) == (4, State.CLOSED)


async def test_slash_commands_stay_local() -> None:
    def handler(_: httpx.Request) -> httpx.Response:
        raise AssertionError("Rasa reads /start as an intent named start")

    async with client_for(handler) as client:
        result = await client.parse("/start")
    assert (result.intent, result.source) == ("menu", "fallback")


def test_sync_client_for_the_cli() -> None:
    transport = httpx.MockTransport(answering(rasa_answer("halo", "greet", 0.99)))
    with SyncNluClient("http://rasa.test", transport=transport) as client:
        assert [client.parse("halo").intent for _ in range(2)] == ["greet", "greet"]
