"""The configured gateway: embedded with demo payments, never demo payments in production."""

from __future__ import annotations

from backend.app.wiring import build_payments
from backend.core.catalog.loader import Catalog
from backend.core.config import Environment, Settings
from backend.core.payments.gateway import EmbeddedGateway
from backend.payments.bank_http import BankBillingGateway


def test_embedded_by_default_and_the_bank_when_configured(settings: Settings,
                                                          catalog: Catalog) -> None:
    desk = build_payments(settings, catalog)
    assert isinstance(desk.gateway, EmbeddedGateway) and desk.demo_payments
    assert set(desk.plans) == {"sippt-pengujian"} and desk.valid_hours == 168
    production = settings.model_copy(update={"environment": Environment.PRODUCTION})
    assert not build_payments(production, catalog).demo_payments
    bank = settings.model_copy(update={"payments": settings.payments.model_copy(update={
        "gateway": "http", "base_url": "http://127.0.0.1:9", "api_key": "k"})})
    desk = build_payments(bank, catalog)
    assert isinstance(desk.gateway, BankBillingGateway) and not desk.demo_payments
    desk.gateway.close()
