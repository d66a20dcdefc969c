"""The HTTP gateway against httpx.MockTransport: 200, 404, 5xx, timeouts, bad bodies; the
composition root choosing it."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

import httpx
import pytest
from structlog.testing import capture_logs

from backend.app.wiring import build_pbb
from backend.core.config import Settings
from bot.pbb import HttpPbbGateway
from dialogs.pbb.gateway import PbbUnavailable
from dialogs.pbb.penalty import PenaltyRule
from dialogs.pbb.synthetic import SyntheticPbbGateway

NOP = "180101000100100020"
TODAY = date(2026, 5, 10)
BODY = {
    "nop": NOP,
    "owner_name": "Bambang Saputra",
    "kecamatan": "Natar",
    "desa": "Hajimena",
    "address": "Jl. Raya Hajimena No. 2",
    "land_area": 300,
    "building_area": 72,
    "bills": [
        {"year": 2024, "amount": 100000, "due_date": "2024-08-31", "paid": False, "paid_at": None},
        {"year": 2025, "amount": 110000, "due_date": "2025-08-31", "paid": True,
         "paid_at": "2025-04-15"},
        {"year": 2021, "amount": 90000, "due_date": "2021-08-31", "paid": False},
    ],
}


def gateway_for(handler: Callable[[httpx.Request], httpx.Response]) -> HttpPbbGateway:
    client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    return HttpPbbGateway("http://pbb.test/api/", 2000, client, clock=lambda: TODAY,
                          rule=PenaltyRule(0.01, 24))


async def test_200_gives_the_object_with_penalties_added():
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=BODY)

    found = await gateway_for(handler).lookup("18.01.010.001.001-0002.0")
    assert seen[0].url.path == f"/api/pbb/objects/{NOP}"
    assert seen[0].url.params.get("year") is None
    assert seen[0].headers["accept"] == "application/json"
    assert (found.nop, found.owner_name, found.desa, found.kecamatan) == (
        NOP, "Bambang Saputra", "Hajimena", "Natar")
    assert [bill.year for bill in found.bills] == [2025, 2024, 2021]  # newest first
    paid, late, old = found.bills
    assert (paid.paid, paid.paid_at, paid.penalty, paid.total_due) == (
        True, date(2025, 4, 15), 0, 0)
    assert (late.penalty, late.total_due, late.penalty_months) == (21_000, 121_000, 21)
    assert (old.penalty, old.penalty_months) == (21_600, 24)  # 57 months late, capped
    assert found.outstanding == 121_000 + 111_600


async def test_the_year_is_sent_and_applied():
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.params["year"] == "2024"
        return httpx.Response(200, json=BODY)  # a server that ignores the year

    found = await gateway_for(handler).lookup(NOP, 2024)
    assert [bill.year for bill in found.bills] == [2024]


async def test_404_is_an_unknown_nop():
    found = await gateway_for(lambda request: httpx.Response(404, text="not found")).lookup(NOP)
    assert found is None


@pytest.mark.parametrize("status", [500, 502, 503, 400, 401, 429])
async def test_other_statuses_are_unavailable(status: int):
    with pytest.raises(PbbUnavailable):
        await gateway_for(lambda request: httpx.Response(status)).lookup(NOP)


@pytest.mark.parametrize(
    "error", [httpx.ReadTimeout("slow"), httpx.ConnectTimeout("slow"), httpx.ConnectError("down")]
)
async def test_timeouts_and_connection_errors_are_unavailable(error: httpx.HTTPError):
    def handler(request: httpx.Request) -> httpx.Response:
        raise error

    with pytest.raises(PbbUnavailable):
        await gateway_for(handler).lookup(NOP)


@pytest.mark.parametrize(
    "body",
    [
        b"<html>Service Unavailable</html>",
        b"",
        b"[]",
        json.dumps({**BODY, "bills": "none"}).encode(),
        json.dumps({**BODY, "bills": [{"year": 2024, "amount": -5, "due_date": "2024-08-31",
                                        "paid": False}]}).encode(),
        json.dumps({k: v for k, v in BODY.items() if k != "owner_name"}).encode(),
        json.dumps({**BODY, "nop": "180101000100100010"}).encode(),  # another object
        json.dumps({**BODY, "nop": "garbage"}).encode(),
    ],
)
async def test_bodies_that_break_the_contract_are_unavailable(body: bytes):
    with pytest.raises(PbbUnavailable):
        await gateway_for(lambda request: httpx.Response(200, content=body)).lookup(NOP)


async def test_a_paid_bill_without_a_date_stays_paid():
    body = {**BODY, "bills": [{"year": 2025, "amount": 1, "due_date": "2025-08-31",
                               "paid": True, "paid_at": None}]}
    found = await gateway_for(lambda request: httpx.Response(200, json=body)).lookup(NOP)
    assert (found.bills[0].paid, found.bills[0].paid_at, found.bills[0].total_due) == (
        True, None, 0)


async def test_a_malformed_nop_is_refused_before_any_request():
    calls: list[httpx.Request] = []
    gateway = gateway_for(lambda request: calls.append(request) or httpx.Response(200))
    with pytest.raises(ValueError, match="18 digits"):
        await gateway.lookup("../../admin")
    assert calls == []


async def test_logs_carry_neither_nop_nor_name():
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(503)

    with capture_logs() as logs, pytest.raises(PbbUnavailable):
        await gateway_for(handler).lookup(NOP)
    assert logs and logs[0]["status"] == 503
    assert NOP not in repr(logs) and "Bambang" not in repr(logs)


async def test_an_own_client_is_created_and_closed():
    gateway = HttpPbbGateway("http://127.0.0.1:9", 200)
    with pytest.raises(PbbUnavailable):
        await gateway.lookup(NOP)  # nothing listens on the discard port
    await gateway.aclose()


async def test_the_composition_root_picks_the_adapter_from_the_settings(
        settings: Settings) -> None:
    assert isinstance(build_pbb(settings), SyntheticPbbGateway)  # the default
    remote = settings.model_copy(update={"pbb": settings.pbb.model_copy(update={
        "gateway": "http", "base_url": "http://127.0.0.1:9"})})
    gateway = build_pbb(remote)
    assert isinstance(gateway, HttpPbbGateway)
    await gateway.aclose()
