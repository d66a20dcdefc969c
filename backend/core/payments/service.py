"""The bill's life on a case: tariff approved, e-billing issued, paid, payment checked.

Each change is a case event; ``billing_issued`` carries the code and amount the citizen is told.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core.models import Case, CaseEvent, CaseStatus, Officer
from backend.core.models.payments import BillStatus, PaymentBill
from backend.core.payments.gateway import PaymentGateway
from backend.core.payments.plans import PaymentPlan

WIB = ZoneInfo("Asia/Jakarta")
MAX_AMOUNT = 10**12  # a trillion rupiah: anything above is a typing error


class PaymentError(Exception):
    """A payment action refused (message in Indonesian, shown to officers)."""


def rupiah(amount: int) -> str:
    """``Rp 1.250.000``."""
    return "Rp " + f"{amount:,}".replace(",", ".")


def bill_of(session: Session, case: Case, *, lock: bool = False) -> PaymentBill | None:
    statement = select(PaymentBill).where(PaymentBill.case_id == case.id)
    return session.scalar(statement.with_for_update() if lock else statement)


def _at(case: Case, step: str, what: str) -> None:
    if case.status != CaseStatus.OPEN or case.current_step_id != step:
        raise PaymentError(f"{what} dilakukan pada langkah {step}; kasus {case.number} tidak "
                           "sedang di langkah itu.")


def _event(case: Case, officer: Officer, action: str, now: datetime, note: str,
           data: dict[str, Any] | None = None) -> None:
    case.events.append(CaseEvent(at=now, actor_kind="officer", actor_id=officer.username,
                                 actor_name=officer.full_name, action=action,
                                 step_id=case.current_step_id, note=note, data=data))


def approve_tariff(session: Session, case: Case, plan: PaymentPlan, *, amount: int,
                   officer: Officer, now: datetime) -> PaymentBill:
    """Set the case's tariff (whole rupiah); it can change until the e-billing is issued."""
    _at(case, plan.tariff_step, "Persetujuan tarif")
    if not 0 < amount <= MAX_AMOUNT:
        raise PaymentError("Tarif harus berupa jumlah rupiah lebih dari nol.")
    bill = bill_of(session, case, lock=True)
    if bill is not None and bill.status != BillStatus.TARIFF_APPROVED:
        raise PaymentError("E-billing sudah terbit; tarif tidak dapat diubah lagi.")
    if bill is None:
        bill = PaymentBill(case_id=case.id, amount=amount, status=BillStatus.TARIFF_APPROVED,
                           approved_by=officer.username, approved_at=now)
        session.add(bill)
    bill.amount, bill.approved_by, bill.approved_at = amount, officer.username, now
    _event(case, officer, "tariff_approved", now, f"Tarif disetujui: {rupiah(amount)}")
    session.flush()
    return bill


def issue_billing(session: Session, case: Case, plan: PaymentPlan, gateway: PaymentGateway, *,
                  officer: Officer, now: datetime, valid_hours: int) -> PaymentBill:
    """Ask the gateway for an e-billing code for the approved tariff (once per case)."""
    _at(case, plan.billing_step, "Pembuatan e-billing")
    bill = bill_of(session, case, lock=True)
    if bill is None:
        raise PaymentError("Tarif belum disetujui.")
    if bill.billing_code:
        raise PaymentError(f"E-billing {bill.billing_code} sudah terbit.")
    expires = now + timedelta(hours=valid_hours)
    bill.billing_code = gateway.create_bill(reference=case.number, amount=bill.amount,
                                            description=f"Layanan {case.service_code}",
                                            expires_at=expires)
    bill.gateway, bill.billed_at, bill.expires_at = gateway.name, now, expires
    bill.status = BillStatus.BILLED
    until = expires.astimezone(WIB).strftime("%d-%m-%Y %H:%M")
    _event(case, officer, "billing_issued", now, f"E-billing {bill.billing_code}",
           data={"code": bill.billing_code, "amount": rupiah(bill.amount), "until": until})
    session.flush()
    return bill


def mark_paid(bill: PaymentBill, *, now: datetime) -> None:
    """Record a payment (the embedded gateway's demo button, or the gateway's answer)."""
    if bill.billing_code is None:
        raise PaymentError("E-billing belum terbit.")
    if bill.paid_at is None:
        bill.paid_at = now
    if bill.status == BillStatus.BILLED:
        bill.status = BillStatus.PAID


def refresh(session: Session, bill: PaymentBill, gateway: PaymentGateway) -> bool:
    """Ask the gateway whether the bill is paid (recording it); True when it is."""
    if bill.billing_code and bill.paid_at is None:
        paid = gateway.paid_at(session, bill.billing_code)
        if paid is not None:
            mark_paid(bill, now=paid)
    return bill.paid_at is not None


def verify_payment(session: Session, case: Case, plan: PaymentPlan, gateway: PaymentGateway, *,
                   officer: Officer, now: datetime) -> PaymentBill:
    """The officer confirms the payment, after the gateway's answer or the citizen's proof
    (the SOP's check is the officer's; the event says which it rested on)."""
    _at(case, plan.verify_step, "Pengecekan pembayaran")
    bill = bill_of(session, case, lock=True)
    if bill is None or bill.billing_code is None:
        raise PaymentError("E-billing belum terbit.")
    paid = refresh(session, bill, gateway)
    bill.status, bill.verified_by, bill.verified_at = BillStatus.VERIFIED, officer.username, now
    source = "gateway: lunas" if paid else "bukti bayar pemohon diperiksa petugas"
    _event(case, officer, "payment_verified", now,
           f"Pembayaran {rupiah(bill.amount)} diverifikasi ({source})")
    session.flush()
    return bill
