"""A document the SOP asks for at a later applicant step: SIPPT's payment proof at step 9."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from backend.core.catalog.steps import RoleKind
from backend.core.models import CaseStatus
from backend.core.workflow.engine import Workflow
from backend.core.workflow.records import DocumentIn
from backend.core.workflow.simulate import _forward_outcome, officer_for, synthetic_value
from tests.support.app import at


def test_the_payment_proof_is_asked_when_the_bill_exists(session: Session,
                                                         workflow: Workflow) -> None:
    import random

    definition = workflow.catalog.get("sippt-pengujian")
    rng = random.Random(3)
    fields = {f.name: synthetic_value(f, rng) for f in definition.fields}
    now = at("2026-11-24 09:00")
    case = workflow.open_case(session, service_code="sippt-pengujian", fields=fields, now=now)
    assert not case.missing_items  # nothing to pay before the e-billing
    while case.current_step_id != "s9":
        step = definition.step(case.current_step_id or "")
        now += timedelta(minutes=1)
        outcome = _forward_outcome(workflow, case, step)
        if definition.roles[step.actor].kind is RoleKind.APPLICANT:
            workflow.citizen_complete(case, now=now, outcome=outcome)
        else:
            workflow.complete(case, actor=officer_for(workflow, case, step.actor), now=now,
                              outcome=outcome)
    assert case.status == CaseStatus.WAITING_CITIZEN
    assert case.missing_items == ["Bukti pembayaran e-billing"]
    assert case.events[-1].action == "documents_requested"
    proof = DocumentIn(code="bukti_bayar", sha256="c" * 64, mime="application/pdf", size=99,
                       storage_key="cc/cccc")
    workflow.citizen_supplied(case, now=at("2026-11-25 10:00"), documents=[proof])
    assert case.current_step_id == "s10" and not case.missing_items
    assert [d.code for d in case.documents] == ["bukti_bayar"]
