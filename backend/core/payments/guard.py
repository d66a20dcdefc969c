"""A charging service's steps move forward only once their payment part is done."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.orm import object_session

from backend.core.catalog.steps import Outcome, Step
from backend.core.models import Case
from backend.core.models.payments import BillStatus
from backend.core.payments.plans import PaymentPlan
from backend.core.payments.service import bill_of
from backend.core.workflow.guards import CompletionGuard


def payment_guard(plans: Mapping[str, PaymentPlan]) -> CompletionGuard:
    """Tariff step: a tariff approved; billing step: an e-billing code; check: verified."""

    def refusal(case: Case, step: Step, outcome: Outcome) -> str | None:
        plan = plans.get(case.service_code)
        session = object_session(case)
        if plan is None or session is None:
            return None
        bill = bill_of(session, case)
        if step.id == plan.tariff_step and bill is None:
            return "Setujui dulu tarifnya (jumlah rupiah) sebelum menyelesaikan langkah ini."
        if step.id == plan.billing_step and (bill is None or not bill.billing_code):
            return "Terbitkan dulu kode e-billing sebelum menyelesaikan langkah ini."
        if step.id == plan.verify_step and (bill is None or bill.status != BillStatus.VERIFIED):
            return "Verifikasi dulu pembayarannya sebelum menyelesaikan langkah ini."
        return None

    return refusal
