"""Officer actions, return-to-applicant loop, rejection, authorisation and SLA breaches."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from backend.core.messages import Channel, OutboundMessage
from backend.core.models import CaseEvent, CaseStatus, OutboxMessage, StepStatus
from backend.core.workflow.actors import Actor
from backend.core.workflow.engine import Workflow
from backend.core.workflow.errors import Forbidden, InvalidAction, WorkflowError
from backend.core.workflow.records import DocumentIn
from backend.core.workflow.sla import check_sla, record_breaches
from tests.support.app import at

KIA_FIELDS = {"child_name": "Citra Lestari", "child_birth_date": "2023-03-12",
              "kk_number": "1801041203230007", "applicant_name": "Sari Lestari",
              "applicant_phone": "+6281234567890", "delivery": "Ambil di MPP Lampung Selatan"}


def officer(role: str, agency: str = "disdukcapil", ident: str | None = None) -> Actor:
    return Actor(kind="officer", id=ident or f"t-{agency}-{role}", name=f"Petugas {role}",
                 agency=agency, roles=frozenset({role}))


def open_kia(session: Session, workflow: Workflow, when: str = "2026-11-24 09:00"):  # type: ignore[no-untyped-def]
    doc = DocumentIn(code="akta_kelahiran", sha256="a" * 64, mime="image/jpeg", size=1234,
                     storage_key="aa/aaaa")
    case = workflow.open_case(session, service_code="kia-0-5", fields=KIA_FIELDS, now=at(when),
                              documents=[doc], channel="telegram")
    session.commit()
    return case


def test_opening_completes_the_intake_step_and_waits_on_the_operator(
        session: Session, workflow: Workflow) -> None:
    case = open_kia(session, workflow)
    assert case.status == CaseStatus.OPEN
    assert case.current_step_id == "s2"
    first, second = case.steps
    assert (first.step_id, first.status, first.outcome) == ("s1", StepStatus.DONE, "intake")
    assert second.due_at == at("2026-11-24 09:10")
    assert {f.name: f.value for f in case.fields}["child_name"] == "Citra Lestari"
    assert case.documents[0].code == "akta_kelahiran"


def test_return_to_applicant_then_resume_at_the_same_step(
        session: Session, workflow: Workflow) -> None:
    case = open_kia(session, workflow)
    operator = officer("operator")
    workflow.complete(case, actor=operator, now=at("2026-11-24 09:05"))
    workflow.return_to_applicant(case, actor=operator, now=at("2026-11-24 09:08"),
                                 missing_items=["KTP-el ibu"], note="foto buram")
    assert case.status == CaseStatus.WAITING_CITIZEN
    assert case.missing_items == ["KTP-el ibu"]
    assert case.waiting_until == at("2026-11-27 09:08")  # 3 office days
    with pytest.raises(WorkflowError):
        workflow.complete(case, actor=operator, now=at("2026-11-24 09:09"))
    doc = DocumentIn(code="ktp_ibu", sha256="b" * 64, mime="image/jpeg", size=99,
                     storage_key="bb/bbbb")
    workflow.citizen_supplied(case, now=at("2026-11-25 10:00"), documents=[doc])
    assert case.status == CaseStatus.OPEN and case.current_step_id == "s3"
    assert case.active_step is not None and case.active_step.due_at == at("2026-11-25 10:10")
    workflow.complete(case, actor=operator, now=at("2026-11-25 10:05"), outcome="Berkas lengkap")
    assert case.current_step_id == "s4"
    session.commit()
    actions = [e.action for e in case.events]
    assert actions.count("returned") == 1 and actions.count("resumed") == 1
    returned = next(e for e in case.events if e.action == "returned")
    assert returned.from_state == "s3" and returned.to_state == "waiting_citizen"


def test_reject_needs_a_reason_and_closes(session: Session, workflow: Workflow) -> None:
    case = open_kia(session, workflow)
    operator = officer("operator")
    with pytest.raises(InvalidAction):
        workflow.reject(case, actor=operator, now=at("2026-11-24 09:05"), reason="x")  # s2 can't
    workflow.complete(case, actor=operator, now=at("2026-11-24 09:05"))
    with pytest.raises(InvalidAction):
        workflow.reject(case, actor=operator, now=at("2026-11-24 09:06"), reason="  ")
    workflow.reject(case, actor=operator, now=at("2026-11-24 09:06"), reason="Bukan warga")
    assert case.status == CaseStatus.REJECTED and case.current_step_id is None
    assert case.events[-1].note == "Bukan warga"
    with pytest.raises(WorkflowError):
        workflow.complete(case, actor=operator, now=at("2026-11-24 09:07"))


@pytest.mark.parametrize(("actor", "reason"), [
    (officer("kabid"), "needs role 'operator'"),
    (officer("operator", agency="damkar"), "belongs to agency disdukcapil"),
    (Actor(kind="citizen"), "done by Operator"),
])
def test_wrong_officer_is_forbidden_on_every_action(
        session: Session, workflow: Workflow, actor: Actor, reason: str) -> None:
    case = open_kia(session, workflow)
    attempts = [
        lambda: workflow.complete(case, actor=actor, now=at("2026-11-24 09:05")),
        lambda: workflow.return_to_applicant(case, actor=actor, now=at("2026-11-24 09:05"),
                                             missing_items=["KK"]),
        lambda: workflow.reject(case, actor=actor, now=at("2026-11-24 09:05"), reason="r"),
        lambda: workflow.comment(case, actor=actor, now=at("2026-11-24 09:05"), note="n"),
    ]
    for attempt in attempts:
        with pytest.raises(Forbidden, match=reason):
            attempt()
    assert case.current_step_id == "s2"


def test_branch_needs_a_choice(session: Session, workflow: Workflow) -> None:
    case = open_kia(session, workflow)
    workflow.complete(case, actor=officer("operator"), now=at("2026-11-24 09:05"))
    with pytest.raises(InvalidAction, match="Berkas lengkap"):
        workflow.complete(case, actor=officer("operator"), now=at("2026-11-24 09:06"),
                          outcome="tidak ada")


def test_overdue_step_breaches_exactly_once(session: Session, workflow: Workflow) -> None:
    case = open_kia(session, workflow, "2026-11-24 09:00")
    assert check_sla(session, workflow, now=at("2026-11-24 09:09")) == 0
    assert check_sla(session, workflow, now=at("2026-11-24 09:11")) >= 1
    assert check_sla(session, workflow, now=at("2026-11-24 09:30")) == 0
    session.commit()
    breaches = session.scalars(select(CaseEvent).where(
        CaseEvent.case_id == case.id, CaseEvent.action == "sla_breached")).all()
    assert len(breaches) == 1
    assert breaches[0].data["notified_role"] == "kabid"  # the operator reports to the KABID
    message = session.scalar(select(OutboxMessage).where(
        OutboxMessage.dedupe_key == f"sla:{case.active_step.id}"))
    assert message is not None and message.recipient == "disdukcapil:kabid"
    # The outbox can read it: it goes out (kept for the console) like every other message.
    notice = OutboundMessage.model_validate(message.payload)
    assert notice.channel is Channel.CONSOLE and case.number in (notice.text or "")


def test_assign_to_a_named_officer(session: Session, workflow: Workflow) -> None:
    from backend.core.models import Officer, OfficerRole

    case = open_kia(session, workflow)
    colleague = Officer(username=f"op-{case.id}", full_name="Operator Dua", agency="disdukcapil",
                        password_hash="x")
    colleague.roles.append(OfficerRole(role="operator"))
    stranger = Officer(username=f"kb-{case.id}", full_name="Kabid", agency="disdukcapil",
                       password_hash="x")
    stranger.roles.append(OfficerRole(role="kabid"))
    session.add_all([colleague, stranger])
    session.flush()
    workflow.assign(case, actor=officer("operator"), now=at("2026-11-24 09:02"),
                    assignee=colleague, note="tolong dibantu")
    assert case.assigned_officer_id == colleague.id
    with pytest.raises(InvalidAction):
        workflow.assign(case, actor=officer("operator"), now=at("2026-11-24 09:03"),
                        assignee=stranger)
    workflow.complete(case, actor=officer("operator"), now=at("2026-11-24 09:04"))
    assert case.assigned_officer_id is None
    session.commit()
    assert [e.action for e in case.events].count("assigned") == 1


def test_piket_service_deadlines_run_at_night(session: Session, workflow: Workflow) -> None:
    definition = workflow.catalog.get("damkar-kebakaran")
    fields = {f.name: "contoh" for f in definition.fields}
    case = workflow.open_case(session, service_code="damkar-kebakaran", fields=fields,
                              now=at("2026-11-29 03:00"))
    session.commit()
    instance = case.active_step
    step = definition.step(instance.step_id)
    assert instance.due_at == at("2026-11-29 03:00") + timedelta(
        minutes=step.standard.as_wall_minutes())


def test_fields_take_the_intake_order_whatever_order_they_came_in(
        session: Session, workflow: Workflow) -> None:
    """A complaint's account told in the first message is answered first; the case lists it
    where the SOP's intake asks it (the console showed it above the reporter's name)."""
    fields = {"complaint_detail": "pipa bocor sejak kemarin", "reporter_name": "Budi Hartono",
              "reporter_phone": "+6281298765432", "kelengkapan_9": "tambahan"}
    case = workflow.open_case(session, service_code="pengaduan-pelanggan-pdam", fields=fields,
                              now=at("2026-11-24 09:00"))
    session.commit()
    assert [(f.name, f.position) for f in sorted(case.fields, key=lambda f: f.position)] == [
        ("reporter_name", 0), ("reporter_phone", 1), ("complaint_detail", 2),
        ("kelengkapan_9", 3)]


def test_a_burst_of_breaches_is_recorded_in_short_transactions(engine: Engine,
                                                               workflow: Workflow) -> None:
    """Each transaction records at most ``batch`` breaches (their step rows are locked until
    it commits), and the rounds go on until every overdue step has its one breach."""
    sessions = sessionmaker(bind=engine, expire_on_commit=False)
    record_breaches(sessions, workflow, now=at("2026-11-25 09:11"))  # earlier tests' cases
    with sessions() as session:
        cases = [open_kia(session, workflow, "2026-11-25 09:00").id for _ in range(25)]
    transactions = 0

    def counted() -> Session:
        nonlocal transactions
        transactions += 1
        return sessions()

    assert record_breaches(counted, workflow, now=at("2026-11-25 09:11"), batch=10) == 25
    assert transactions == 3  # 10, 10 and the last 5
    assert record_breaches(sessions, workflow, now=at("2026-11-25 09:30"), batch=10) == 0
    with sessions() as session:
        breaches = session.scalars(select(CaseEvent.case_id).where(
            CaseEvent.case_id.in_(cases), CaseEvent.action == "sla_breached")).all()
    assert sorted(breaches) == sorted(cases)
