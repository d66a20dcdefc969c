"""BankBillingGateway against the fake bank on loopback: codes, payment status, refusals."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing
from datetime import datetime

import pytest

from backend.core.payments.gateway import PaymentUnavailable
from backend.payments.bank_http import BankBillingGateway
from tests.fakes.bank import API_KEY, FakeBank
from tests.support.app import at

UNTIL = at("2026-12-01 10:00")


@pytest.fixture
def bank() -> Iterator[FakeBank]:
    with FakeBank() as fake:
        yield fake


@pytest.fixture
def gateway(bank: FakeBank) -> Iterator[BankBillingGateway]:
    client = BankBillingGateway(bank.api_base, API_KEY, 2000)
    yield client
    client.close()


def _bill(gateway: BankBillingGateway, amount: int = 1_250_000) -> str:
    return gateway.create_bill(reference="HL-2026-000001", amount=amount,
                               description="Layanan sippt-pengujian", expires_at=UNTIL)


def test_a_code_is_issued_for_the_exact_amount_and_reports_payment(
        bank: FakeBank, gateway: BankBillingGateway) -> None:
    code = _bill(gateway)
    [created] = bank.calls("create")
    assert created.params["amount"] == 1_250_000 and isinstance(created.params["amount"], int)
    assert datetime.fromisoformat(created.params["expired_at"]) == UNTIL
    assert gateway.paid_at(None, code) is None  # type: ignore[arg-type]
    bank.pay(code, at("2026-11-25 13:05"))
    assert gateway.paid_at(None, code) == at("2026-11-25 13:05")  # type: ignore[arg-type]


def test_refusals_and_broken_answers_are_unavailable(bank: FakeBank,
                                                     gateway: BankBillingGateway) -> None:
    with closing(BankBillingGateway(bank.api_base, "kunci-salah", 2000)) as wrong_key, \
            pytest.raises(PaymentUnavailable, match="401"):
        _bill(wrong_key)
    bank.next_status = 500
    with pytest.raises(PaymentUnavailable, match="500"):
        _bill(gateway)
    bank.amount_offset = 1
    with pytest.raises(PaymentUnavailable, match="jumlah"):
        _bill(gateway)
    with pytest.raises(PaymentUnavailable, match="404"):
        gateway.paid_at(None, "700000000000099")  # type: ignore[arg-type]
    bank.stop()
    with pytest.raises(PaymentUnavailable, match="tidak dapat dihubungi"):
        _bill(gateway)
