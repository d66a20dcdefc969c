"""Cases the tests open and walk: the clinical-lab permit straight in the workflow, a case for
a dev-chat citizen, the current step done the plain way."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import sessionmaker

from backend.core.catalog.steps import OutcomeKind, RoleKind
from backend.core.models import Case, Conversation
from backend.core.workflow.actors import Actor
from backend.core.workflow.engine import Workflow
from tests.support.app import Clock, at, drain
from tests.support.devchat import Citizen

LAB_FIELDS = {  # invented values, no real person or business
    "lab_name": "Laboratorium Klinik Contoh Sejahtera",
    "lab_type": "Laboratorium klinik umum",
    "legal_entity": "PT Contoh Sehat Bersama",
    "lab_address": "Jl. Contoh No. 1, Kalianda",
    "technical_doctor": "dr. Contoh Patologi, Sp.PK",
    "applicant_name": "Budi Contoh",
    "applicant_phone": "081200000000",
    "applicant_email": "budi@contoh.invalid",
    "by_proxy": "Tidak",
}
LKS_NIK = "1801019999990001"  # a made-up NIK (day 99 does not exist)


def open_case(engine: Engine, workflow: Workflow, service: str = "izin-laboratorium-klinik",
              fields: dict[str, str] | None = None) -> int:
    with sessionmaker(bind=engine, expire_on_commit=False)() as session, session.begin():
        case = workflow.open_case(session, service_code=service,
                                  fields=LAB_FIELDS if fields is None else fields,
                                  now=at("2026-11-24 09:00"))
        return case.id


def open_in_chat(client: TestClient, citizen: Citizen, service: str, **fields: str) -> str:
    """A case of ``service`` for the dev-chat citizen, opened as an intake would."""
    citizen.say("halo")
    with client.app.state.sessions() as session, session.begin():
        conversation = session.scalar(select(Conversation).where(
            Conversation.external_id == citizen.session))
        case = client.app.state.workflow.open_case(
            session, service_code=service, fields=fields, now=client.app.state.clock(),
            citizen_id=conversation.citizen_id, channel="web")
        return case.number


def step_on(client: TestClient, number: str, clock: Clock) -> Case:
    """Do the current step the plain way (first forward outcome), as its actor."""
    workflow: Workflow = client.app.state.workflow
    clock.advance(minutes=5)
    with client.app.state.sessions() as session, session.begin():
        case = session.scalar(select(Case).where(Case.number == number))
        step = workflow.current_step(case)
        forward = next(o for o in step.outcomes if o.kind in (OutcomeKind.NEXT, OutcomeKind.FINISH))
        outcome = forward.label or forward.kind.value
        if workflow.definition(case).roles[step.actor].kind is RoleKind.APPLICANT:
            workflow.citizen_complete(case, now=clock.now, outcome=outcome)
        else:
            actor = Actor(kind="officer", id=f"t-{step.actor}", name=step.actor,
                          agency=case.agency, roles=frozenset({step.actor}))
            workflow.complete(case, actor=actor, now=clock.now, outcome=outcome)
    drain(client)
    return case
