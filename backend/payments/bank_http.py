"""``PaymentGateway`` over HTTP, shaped like a regional bank's e-billing (host-to-host) API.

Requests (header ``X-API-Key``, JSON)::

    POST {base_url}/v1/billing
      {"reference": "HL-2026-000123", "amount": 1250000,
       "description": "Layanan sippt-pengujian", "expired_at": "2026-12-09T10:00:00+07:00"}
    -> 201 {"billing_code": "820261200000123", "amount": 1250000,
            "expired_at": "2026-12-09T10:00:00+07:00"}

    GET {base_url}/v1/billing/{billing_code}
    -> 200 {"billing_code": "...", "status": "UNPAID" | "PAID" | "EXPIRED",
            "paid_at": "2026-12-02T13:05:00+07:00" | null}

Amounts are whole rupiah. Any other status, a timeout, an amount the bank changed, or a body
that breaks this contract raises ``PaymentUnavailable``. Logs carry no reference or code.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal, TypeVar

import httpx
from pydantic import AwareDatetime, BaseModel, Field, ValidationError
from sqlalchemy.orm import Session

from backend.core.logging import get_logger
from backend.core.payments.gateway import PaymentUnavailable

log = get_logger(__name__)
Model = TypeVar("Model", bound=BaseModel)


class _Created(BaseModel):
    billing_code: str = Field(pattern=r"^[0-9A-Za-z]{6,32}$")
    amount: int = Field(gt=0)


class _Status(BaseModel):
    billing_code: str
    status: Literal["UNPAID", "PAID", "EXPIRED"]
    paid_at: AwareDatetime | None = None


class BankBillingGateway:
    """The bank's billing API at ``base_url``; pass ``client`` to use a test transport."""

    name = "http"

    def __init__(self, base_url: str, api_key: str, timeout_ms: int,
                 client: httpx.Client | None = None) -> None:
        self._base_url = base_url.rstrip("/")
        self._client = client or httpx.Client(timeout=timeout_ms / 1000)
        self._headers = {"X-API-Key": api_key, "Accept": "application/json"}

    def create_bill(self, *, reference: str, amount: int, description: str,
                    expires_at: datetime) -> str:
        body = {"reference": reference, "amount": amount, "description": description,
                "expired_at": expires_at.isoformat()}
        response = self._call("POST", "/v1/billing", json=body)
        created = self._read(_Created, response, httpx.codes.CREATED)
        if created.amount != amount:
            log.warning("billing_amount_mismatch")
            raise PaymentUnavailable("Bank mengembalikan jumlah tagihan yang berbeda.")
        return created.billing_code

    def paid_at(self, session: Session, code: str) -> datetime | None:
        state = self._read(_Status, self._call("GET", f"/v1/billing/{code}"), httpx.codes.OK)
        if state.status != "PAID":
            return None
        if state.paid_at is None:
            raise PaymentUnavailable("Bank menyatakan lunas tanpa waktu pembayaran.")
        return state.paid_at

    def close(self) -> None:
        self._client.close()

    def _call(self, method: str, path: str, json: dict[str, object] | None = None
              ) -> httpx.Response:
        try:
            return self._client.request(method, self._base_url + path, headers=self._headers,
                                        json=json)
        except httpx.HTTPError as error:
            log.warning("billing_gateway_unreachable", error=type(error).__name__)
            raise PaymentUnavailable("Layanan e-billing bank tidak dapat dihubungi.") from error

    def _read(self, model: type[Model], response: httpx.Response, expected: int) -> Model:
        if response.status_code != expected:
            log.warning("billing_gateway_error", status=response.status_code)
            raise PaymentUnavailable(f"Layanan e-billing bank menjawab {response.status_code}.")
        try:
            return model.model_validate_json(response.content)
        except ValidationError as error:
            log.warning("billing_gateway_bad_response")
            raise PaymentUnavailable("Jawaban layanan e-billing bank tidak terbaca.") from error
