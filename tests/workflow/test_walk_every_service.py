"""Every catalog service walks end to end, on SQLite and PostgreSQL, with correct deadlines."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from backend.core.catalog.loader import load_catalog
from backend.core.catalog.schema import Urgency
from backend.core.catalog.steps import RoleKind
from backend.core.models import CaseStatus, StepStatus
from backend.core.workflow.engine import Workflow
from backend.core.workflow.simulate import simulate
from tests.support.app import at

CODES = sorted(load_catalog().services)


@pytest.mark.parametrize("code", CODES)
def test_service_walks_to_done(code: str, session: Session, workflow: Workflow) -> None:
    start = at("2026-11-27 14:00")  # a Friday afternoon: deadlines cross the weekend
    case, timeline = simulate(session, workflow, code, start=start)
    session.commit()
    definition = workflow.catalog.get(code)

    assert case.status == CaseStatus.DONE
    assert case.number.startswith("HL-2026-")
    actions = [e.action for e in case.events]
    assert actions[0] == "opened" and actions[-1] == "finished"
    completed = [e for e in case.events if e.action == "step_completed"]
    assert len(completed) == len(case.steps)
    assert all(i.status == StepStatus.DONE for i in case.steps)
    # Every step that needs a person was started, timed and completed by the right kind of actor.
    around_the_clock = definition.urgency is Urgency.PIKET_24H
    for instance in case.steps:
        step = definition.step(instance.step_id)
        kind = definition.roles[step.actor].kind
        if instance.outcome in ("intake", "auto"):  # applicant steps at intake; system steps
            assert kind is (RoleKind.APPLICANT if instance.outcome == "intake" else RoleKind.SYSTEM)
            continue
        expected_due = workflow.calendar.due(
            instance.started_at, step.standard, around_the_clock,
            bare_days_wall=definition.urgency is Urgency.URGENT)
        assert instance.due_at == expected_due, (step.id, step.time)
        expected_actor = "citizen" if kind is RoleKind.APPLICANT else f"officer:sim-{step.actor}"
        assert instance.completed_by == expected_actor
    assert len(timeline) == sum(1 for i in case.steps if i.outcome not in ("intake", "auto"))
