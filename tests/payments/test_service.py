"""The bill's rules on both databases: tariff at its step in whole rupiah, one e-billing code,
payment from the embedded gateway's demo or the bank's answer, and the step guards."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from backend.core.catalog.loader import Catalog
from backend.core.config import PROJECT_ROOT
from backend.core.models import Case, Officer
from backend.core.models.payments import BillStatus
from backend.core.payments import service
from backend.core.payments.gateway import EmbeddedGateway
from backend.core.payments.guard import payment_guard
from backend.core.payments.plans import PaymentPlan, load_plans
from backend.core.workflow.engine import Workflow
from backend.payments.bank_http import BankBillingGateway
from tests.fakes.bank import API_KEY, FakeBank
from tests.support.app import at

NOW = at("2026-11-24 10:00")
OFFICER = Officer(username="uji.bendahara", full_name="Bendahara Contoh", agency="disdagperin")


@pytest.fixture(scope="module")
def plan(catalog: Catalog) -> PaymentPlan:
    return load_plans(PROJECT_ROOT / "catalog/payments.yml", catalog)["sippt-pengujian"]


@pytest.fixture
def db(engine: Engine) -> Iterator[Session]:
    with sessionmaker(bind=engine, expire_on_commit=False)() as session, session.begin():
        yield session
        session.rollback()


def _case(db: Session, workflow: Workflow, step: str) -> Case:
    case = workflow.open_case(db, service_code="sippt-pengujian",
                              fields={"customer_name": "Rina Contoh"}, now=NOW)
    case.current_step_id = step
    return case


def test_tariff_rules_and_one_code_per_case(db: Session, workflow: Workflow,
                                           plan: PaymentPlan) -> None:
    case = _case(db, workflow, "s5")
    with pytest.raises(service.PaymentError, match="langkah s6"):
        service.approve_tariff(db, case, plan, amount=100_000, officer=OFFICER, now=NOW)
    case.current_step_id = "s6"
    with pytest.raises(service.PaymentError, match="lebih dari nol"):
        service.approve_tariff(db, case, plan, amount=0, officer=OFFICER, now=NOW)
    service.approve_tariff(db, case, plan, amount=100_000, officer=OFFICER, now=NOW)
    bill = service.approve_tariff(db, case, plan, amount=1_250_000, officer=OFFICER, now=NOW)
    assert (bill.amount, bill.status) == (1_250_000, BillStatus.TARIFF_APPROVED)
    case.current_step_id = "s8"
    service.issue_billing(db, case, plan, EmbeddedGateway(), officer=OFFICER, now=NOW,
                          valid_hours=168)
    assert len(bill.billing_code) == 15 and bill.billing_code.startswith("8")
    assert bill.expires_at == at("2026-12-01 10:00")
    with pytest.raises(service.PaymentError, match="sudah terbit"):
        service.issue_billing(db, case, plan, EmbeddedGateway(), officer=OFFICER, now=NOW,
                              valid_hours=168)
    case.current_step_id = "s6"
    with pytest.raises(service.PaymentError, match="tidak dapat diubah"):
        service.approve_tariff(db, case, plan, amount=1, officer=OFFICER, now=NOW)
    notes = [e.note for e in case.events if e.action in ("tariff_approved", "billing_issued")]
    assert notes[-1] == f"E-billing {bill.billing_code}" and "Rp 1.250.000" in notes[1]


def test_the_demo_payment_and_the_guards(db: Session, workflow: Workflow,
                                         plan: PaymentPlan) -> None:
    guard = payment_guard({"sippt-pengujian": plan})
    definition = workflow.definition(_case(db, workflow, "s6"))
    case = _case(db, workflow, "s6")
    forward = definition.step("s6").outcomes[0]
    assert "tarif" in guard(case, definition.step("s6"), forward)
    service.approve_tariff(db, case, plan, amount=50_000, officer=OFFICER, now=NOW)
    assert guard(case, definition.step("s6"), forward) is None
    assert "e-billing" in guard(case, definition.step("s8"), forward)
    case.current_step_id = "s8"
    bill = service.issue_billing(db, case, plan, EmbeddedGateway(), officer=OFFICER, now=NOW,
                                 valid_hours=24)
    assert guard(case, definition.step("s8"), forward) is None
    assert "Verifikasi" in guard(case, definition.step("s10"), forward)
    service.mark_paid(bill, now=at("2026-11-24 11:00"))
    case.current_step_id = "s10"
    service.verify_payment(db, case, plan, EmbeddedGateway(), officer=OFFICER, now=NOW)
    assert bill.status == BillStatus.VERIFIED and bill.paid_at == at("2026-11-24 11:00")
    assert "gateway: lunas" in case.events[-1].note
    assert guard(case, definition.step("s10"), forward) is None


def test_the_bank_gateway_issues_and_reports_payment(db: Session, workflow: Workflow,
                                                     plan: PaymentPlan) -> None:
    with FakeBank() as bank:
        gateway = BankBillingGateway(bank.api_base, API_KEY, 2000)
        case = _case(db, workflow, "s6")
        service.approve_tariff(db, case, plan, amount=75_000, officer=OFFICER, now=NOW)
        case.current_step_id = "s8"
        bill = service.issue_billing(db, case, plan, gateway, officer=OFFICER, now=NOW,
                                     valid_hours=24)
        assert bill.billing_code.startswith("7") and bill.gateway == "http"
        assert not service.refresh(db, bill, gateway)
        bank.pay(bill.billing_code, at("2026-11-24 12:30"))
        case.current_step_id = "s10"
        service.verify_payment(db, case, plan, gateway, officer=OFFICER, now=NOW)
        assert bill.paid_at == at("2026-11-24 12:30") and "gateway: lunas" in case.events[-1].note
        gateway.close()
