"""The payment gateway port, and the embedded default (codes issued here, paid by a demo click).

A gateway issues an e-billing code for an amount in whole rupiah and says whether (and when) it
was paid. The HTTP adapter (``backend.payments.bank_http``) talks to a regional bank's billing
API instead.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core.models.payments import PaymentBill


class PaymentUnavailable(Exception):
    """The gateway did not answer usably (message in Indonesian, shown to officers)."""


class PaymentGateway(Protocol):
    name: str

    def create_bill(self, *, reference: str, amount: int, description: str,
                    expires_at: datetime) -> str:
        """A new e-billing code for ``amount`` rupiah, payable until ``expires_at``."""
        ...

    def paid_at(self, session: Session, code: str) -> datetime | None:
        """When the bill was paid, or None while it is not."""
        ...


class EmbeddedGateway:
    """Stand-in for the bank: 15-digit codes; payment is recorded by ``mark_paid`` (demo)."""

    name = "embedded"

    def create_bill(self, *, reference: str, amount: int, description: str,
                    expires_at: datetime) -> str:
        return "8" + "".join(str(secrets.randbelow(10)) for _ in range(14))

    def paid_at(self, session: Session, code: str) -> datetime | None:
        return session.scalar(select(PaymentBill.paid_at).where(PaymentBill.billing_code == code))
