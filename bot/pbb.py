"""``PbbGateway`` over HTTP: the regency's PBB system (or a bridge in front of SISMIOP).

Request::

    GET {base_url}/pbb/objects/{nop}?year=YYYY      (year optional; nop = 18 digits)
    Accept: application/json

Response 200, ``application/json``::

    {
      "nop": "180101000100100010",
      "owner_name": "Sartini Lestari",
      "kecamatan": "Natar",
      "desa": "Hajimena",
      "address": "Jl. Raya Hajimena No. 1",          (optional)
      "land_area": 150, "building_area": 36,          (optional, m²)
      "bills": [
        {"year": 2025, "amount": 45000, "due_date": "2025-08-31",
         "paid": true, "paid_at": "2025-04-15"},
        {"year": 2024, "amount": 45000, "due_date": "2024-08-31",
         "paid": false, "paid_at": null}
      ]
    }

``amount`` is the SPPT's tax in whole rupiah, dates are ISO. The remote system gives amounts
and dates only; this gateway adds the late penalty (``dialogs/pbb/penalty.py``) as of the
lookup day.
404 means an unknown NOP (``None``); a timeout, a connection error, any other status, or a
body that breaks this contract raises ``PbbUnavailable``. Logs carry no NOP and no name.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import httpx
from pydantic import BaseModel, Field, ValidationError

from backend.core.logging import get_logger
from dialogs.pbb.gateway import PbbUnavailable
from dialogs.pbb.models import BillRecord, PbbObject, normalise_nop
from dialogs.pbb.penalty import PenaltyRule
from dialogs.validators import jakarta_today

log = get_logger(__name__)


class _BillJson(BaseModel):
    year: int = Field(ge=1990, le=2100)
    amount: int = Field(ge=0)
    due_date: date
    paid: bool
    paid_at: date | None = None


class _ObjectJson(BaseModel):
    nop: str
    owner_name: str
    kecamatan: str
    desa: str
    address: str = ""
    land_area: int = Field(default=0, ge=0)
    building_area: int = Field(default=0, ge=0)
    bills: list[_BillJson]


class HttpPbbGateway:
    """Looks NOPs up at ``base_url``; pass ``client`` to share a pool (or a test transport)."""

    def __init__(
        self,
        base_url: str,
        timeout_ms: int,
        client: httpx.AsyncClient | None = None,
        *,
        rule: PenaltyRule | None = None,
        clock: Callable[[], date] = jakarta_today,
    ) -> None:
        self._base_url = base_url.rstrip("/")
        self._timeout = httpx.Timeout(timeout_ms / 1000)
        self._client = client or httpx.AsyncClient(timeout=self._timeout)
        self._owns_client = client is None
        self._rule = rule or PenaltyRule()
        self._clock = clock

    async def aclose(self) -> None:
        """Close the HTTP client if this gateway created it."""
        if self._owns_client:
            await self._client.aclose()

    async def lookup(self, nop: str, year: int | None = None) -> PbbObject | None:
        digits = normalise_nop(nop)
        response = await self._get(digits, year)
        if response.status_code == httpx.codes.NOT_FOUND:
            return None
        if response.status_code != httpx.codes.OK:
            log.warning("pbb_gateway_error", status=response.status_code)
            raise PbbUnavailable(f"PBB system answered {response.status_code}")
        return self._object(response, digits).for_year(year)

    async def _get(self, nop: str, year: int | None) -> httpx.Response:
        params = {"year": str(year)} if year is not None else None
        try:
            return await self._client.get(
                f"{self._base_url}/pbb/objects/{nop}",
                params=params,
                headers={"Accept": "application/json"},
                timeout=self._timeout,
            )
        except httpx.HTTPError as error:
            log.warning("pbb_gateway_unreachable", error=type(error).__name__)
            raise PbbUnavailable("PBB system unreachable") from error

    def _object(self, response: httpx.Response, nop: str) -> PbbObject:
        try:
            data = _ObjectJson.model_validate_json(response.content)
            same_nop = normalise_nop(data.nop) == nop
        except (ValidationError, ValueError) as error:
            log.warning("pbb_gateway_bad_response", error=type(error).__name__)
            raise PbbUnavailable("PBB system sent an unreadable answer") from error
        if not same_nop:
            log.warning("pbb_gateway_bad_response", error="nop_mismatch")
            raise PbbUnavailable("PBB system answered for another NOP")
        today = self._clock()
        bills = [self._rule.bill(_record(bill), today) for bill in data.bills]
        bills.sort(key=lambda bill: bill.year, reverse=True)
        return PbbObject(nop, data.owner_name, data.address, data.desa, data.kecamatan,
                         data.land_area, data.building_area, bills)


def _record(bill: _BillJson) -> BillRecord:
    return BillRecord(bill.year, bill.amount, bill.due_date, bill.paid,
                      bill.paid_at if bill.paid else None)
