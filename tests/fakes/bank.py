"""A regional bank's e-billing (host-to-host) API on loopback, as BankBillingGateway speaks it.

Endpoints: "create" (POST /v1/billing) and "status" (GET /v1/billing/{code}); X-API-Key checked.
"""

from __future__ import annotations

import itertools
import threading
from datetime import datetime
from typing import Any

from aiohttp import web

from tests.fakes.server import Call, LoopbackServer

API_KEY = "kunci-bank-uji"


class FakeBank(LoopbackServer):
    def __init__(self, api_key: str = API_KEY) -> None:
        super().__init__()
        self.api_key = api_key
        self._lock = threading.Lock()
        self._bills: dict[str, dict[str, Any]] = {}
        self._codes = itertools.count(1)
        self.next_status: int | None = None  # answer the next request with this status
        self.amount_offset = 0  # a misbehaving bank that bills another amount

    def pay(self, code: str, at: datetime) -> None:
        """The citizen paid at a teller."""
        with self._lock:
            self._bills[code].update(status="PAID", paid_at=at.isoformat())

    def build_app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/v1/billing", self._create)
        app.router.add_get("/v1/billing/{code}", self._status)
        return app

    def _refusal(self, request: web.Request, endpoint: str) -> web.Response | None:
        status = None
        if request.headers.get("X-API-Key") != self.api_key:
            status = 401
        elif self.next_status is not None:
            status, self.next_status = self.next_status, None
        if status is None:
            return None
        self.journal.record(Call(endpoint, {}, status))
        return web.json_response({"error": "refused"}, status=status)

    async def _create(self, request: web.Request) -> web.Response:
        refused = self._refusal(request, "create")
        if refused is not None:
            return refused
        body = await request.json()
        code = f"7{next(self._codes):014d}"
        with self._lock:
            self._bills[code] = {"billing_code": code, "status": "UNPAID", "paid_at": None,
                                 "amount": body["amount"] + self.amount_offset}
        self.journal.record(Call("create", body, 201))
        return web.json_response({"billing_code": code, "amount": self._bills[code]["amount"],
                                  "expired_at": body["expired_at"]}, status=201)

    async def _status(self, request: web.Request) -> web.Response:
        refused = self._refusal(request, "status")
        if refused is not None:
            return refused
        code = request.match_info["code"]
        with self._lock:
            bill = self._bills.get(code)
        self.journal.record(Call("status", {"code": code}, 200 if bill else 404))
        if bill is None:
            return web.json_response({"error": "unknown"}, status=404)
        return web.json_response({k: bill[k] for k in ("billing_code", "status", "paid_at")})
