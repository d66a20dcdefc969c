"""The rules of acting on a case's current step: who may act on it, which of its outcomes an
action takes, and where that outcome leads."""

from __future__ import annotations

from backend.core.catalog.schema import ServiceDefinition
from backend.core.catalog.steps import Outcome, OutcomeKind, RoleKind, Step
from backend.core.models import Case, CaseStatus
from backend.core.workflow.actors import Actor
from backend.core.workflow.errors import Forbidden, InvalidAction, WorkflowError

COMPLETING = (OutcomeKind.NEXT, OutcomeKind.GOTO, OutcomeKind.FINISH)


def authorise(definition: ServiceDefinition, case: Case, actor: Actor) -> Step:
    """The current step, if ``actor`` may act on it; Forbidden with the reason otherwise."""
    if case.status in (CaseStatus.DONE, CaseStatus.REJECTED):
        raise WorkflowError(f"case {case.number} is closed ({case.status})")
    if case.current_step_id is None:
        raise WorkflowError(f"case {case.number} has no current step")
    step = definition.step(case.current_step_id)
    role = definition.roles[step.actor]
    if case.status == CaseStatus.WAITING_CITIZEN and case.missing_items:
        raise WorkflowError(f"case {case.number} waits for the applicant's missing items")
    if role.kind is RoleKind.APPLICANT:
        if actor.kind != "citizen":
            raise Forbidden(f"step {step.number} is the applicant's ({role.label})")
        return step
    if actor.kind != "officer":
        raise Forbidden(f"step {step.number} is done by {role.label}")
    if actor.agency != case.agency:
        raise Forbidden(f"case {case.number} belongs to agency {case.agency}")
    if step.actor not in actor.roles:
        raise Forbidden(f"step {step.number} needs role {step.actor!r} ({role.label})")
    return step


def require_outcome(step: Step, kind: OutcomeKind, action: str) -> None:
    """InvalidAction unless the step offers an outcome of ``kind``."""
    if not any(o.kind is kind for o in step.outcomes):
        raise InvalidAction(f"step {step.number} does not allow '{action}'")


def choose_outcome(step: Step, wanted: str | None) -> Outcome:
    """The completing outcome ``wanted`` names (a label, target step or kind); the only one
    when the step does not branch."""
    options = [o for o in step.outcomes if o.kind in COMPLETING]
    if not options:
        raise InvalidAction(f"step {step.number} cannot be completed, only returned/rejected")
    labels = ", ".join(o.label or o.kind.value for o in options)
    if wanted is None:
        if len(options) == 1:
            return options[0]
        raise InvalidAction(f"step {step.number} branches: choose one of {labels}")
    for option in options:
        if wanted in (option.label, option.step, option.kind.value):
            return option
    raise InvalidAction(f"step {step.number} has no outcome {wanted!r} (choose: {labels})")


def target_of(definition: ServiceDefinition, step: Step, outcome: Outcome) -> str | None:
    """The step ``outcome`` leads to; None when it finishes the case."""
    if outcome.kind is OutcomeKind.FINISH:
        return None
    if outcome.step:
        return outcome.step
    return definition.next_step_id(step.id)
