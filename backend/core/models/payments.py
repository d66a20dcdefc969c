"""The bill of a charging service's case: approved tariff, e-billing code, payment, check."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.models.base import Base, UTCDateTime


class BillStatus(StrEnum):
    TARIFF_APPROVED = "tariff_approved"
    BILLED = "billed"
    PAID = "paid"
    VERIFIED = "verified"


class PaymentBill(Base):
    """One per case: the amount (whole rupiah) an officer approved and what became of it."""

    __tablename__ = "payment_bills"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True)
    amount: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[BillStatus] = mapped_column(String(16))
    approved_by: Mapped[str] = mapped_column(String(64))
    approved_at: Mapped[datetime] = mapped_column(UTCDateTime)
    gateway: Mapped[str | None] = mapped_column(String(16))
    billing_code: Mapped[str | None] = mapped_column(String(32), unique=True)
    billed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    verified_by: Mapped[str | None] = mapped_column(String(64))
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
