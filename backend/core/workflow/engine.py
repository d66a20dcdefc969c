"""Open cases and move them through their SOP's steps; every change is an event."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from sqlalchemy.orm import Session

from backend.core.catalog.loader import Catalog
from backend.core.catalog.schema import ServiceDefinition
from backend.core.catalog.steps import Outcome, OutcomeKind, RoleKind, Step
from backend.core.models import Case, CaseStatus, Officer, StepInstance, StepStatus
from backend.core.threads import new_thread
from backend.core.workflow.actors import CITIZEN, Actor
from backend.core.workflow.calendar import WorkingCalendar
from backend.core.workflow.errors import InvalidAction, WorkflowError
from backend.core.workflow.guards import CompletionGuard
from backend.core.workflow.numbering import next_case_number
from backend.core.workflow.records import (
    DocumentIn,
    close,
    finish,
    in_intake_order,
    log_event,
    merge_supplied,
)
from backend.core.workflow.step_rules import (
    authorise,
    choose_outcome,
    require_outcome,
    target_of,
)
from backend.core.workflow.stepping import enter_step, start_step


class Workflow:
    """The engine: catalog definitions + working calendar, applied to cases in a session."""

    def __init__(self, catalog: Catalog, calendar: WorkingCalendar, return_days: int = 3) -> None:
        self.catalog = catalog
        self.calendar = calendar
        self.return_days = return_days
        self.guards: list[CompletionGuard] = []  # wired by the composition root

    # ----- reading -------------------------------------------------------------------------
    def definition(self, case: Case) -> ServiceDefinition:
        """The service definition a case runs on."""
        return self.catalog.get(case.service_code)

    def current_step(self, case: Case) -> Step | None:
        """The SOP step the case stands at, if it is still running."""
        if case.current_step_id is None:
            return None
        return self.definition(case).step(case.current_step_id)

    def allowed_outcomes(self, case: Case) -> list[Outcome]:
        """The outcomes the current step offers (empty once the case is closed)."""
        step = self.current_step(case)
        if step is None or case.status not in (CaseStatus.OPEN, CaseStatus.WAITING_CITIZEN):
            return []
        return list(step.outcomes)

    # ----- opening -------------------------------------------------------------------------
    def open_case(
        self,
        session: Session,
        *,
        service_code: str,
        fields: Mapping[str, str],
        now: datetime,
        documents: Iterable[DocumentIn] = (),
        citizen_id: int | None = None,
        channel: str = "web",
        actor: Actor = CITIZEN,
        thread: str | None = None,
    ) -> Case:
        """Open a case from a confirmed intake; the applicant's opening steps count as done.
        ``thread``: the intake's message thread (a new one when there was no chat)."""
        definition = self.catalog.get(service_code)
        case = Case(
            number=next_case_number(session, year=now.astimezone(self.calendar.zone).year),
            service_code=definition.code,
            agency=definition.agency,
            urgency=definition.urgency.value,
            status=CaseStatus.OPEN,
            citizen_id=citizen_id,
            channel=channel,
            created_at=now,
            updated_at=now,
            thread=thread or new_thread(),
        )
        session.add(case)
        merge_supplied(case, in_intake_order(definition, fields), documents, now)
        log_event(case, actor, "opened", now, to_state=definition.steps[0].id)
        enter_step(case, definition, self.calendar, definition.steps[0].id, now,
                   intake=True)
        session.flush()
        return case

    # ----- officer and citizen actions -----------------------------------------------------
    def complete(
        self,
        case: Case,
        *,
        actor: Actor,
        now: datetime,
        outcome: str | None = None,
        note: str | None = None,
    ) -> Case:
        """Complete the current step, following ``outcome`` (a label or kind) when it branches."""
        step = self.authorise(case, actor)
        chosen = choose_outcome(step, outcome)
        self._check_guards(case, step, chosen)
        instance = self._active_instance(case)
        instance.status = StepStatus.DONE
        instance.completed_at = now
        instance.completed_by = actor.label
        instance.outcome = chosen.label or chosen.kind.value
        target = target_of(self.definition(case), step, chosen)
        log_event(
            case, actor, "step_completed", now, step_id=step.id, to_state=target or "done",
            note=note, data={"outcome": instance.outcome},
        )
        if target is None:
            finish(case, actor, now)
        else:
            enter_step(case, self.definition(case), self.calendar, target, now)
        return case

    def _check_guards(self, case: Case, step: Step, outcome: Outcome) -> None:
        """Moving forward (next, finish) must satisfy every guard; going back never waits."""
        if outcome.kind not in (OutcomeKind.NEXT, OutcomeKind.FINISH):
            return
        for guard in self.guards:
            refusal = guard(case, step, outcome)
            if refusal:
                raise WorkflowError(refusal)

    def return_to_applicant(
        self,
        case: Case,
        *,
        actor: Actor,
        now: datetime,
        missing_items: list[str],
        note: str | None = None,
        days: int | None = None,
    ) -> Case:
        """Send the case back for missing items; it waits, then resumes at the same step."""
        step = self.authorise(case, actor)
        require_outcome(step, OutcomeKind.RETURN, "return")
        items = [item.strip() for item in missing_items if item and item.strip()]
        if not items:
            raise InvalidAction("return to applicant needs the list of missing items")
        instance = self._active_instance(case)
        instance.status = StepStatus.RETURNED
        instance.completed_at = now
        instance.completed_by = actor.label
        instance.outcome = "return"
        case.status = CaseStatus.WAITING_CITIZEN
        case.missing_items = items
        case.waiting_until = self.calendar.add_working_days(now, days or self.return_days)
        case.updated_at = now
        log_event(
            case, actor, "returned", now, step_id=step.id, to_state=CaseStatus.WAITING_CITIZEN,
            note=note, data={"missing_items": items, "deadline": case.waiting_until.isoformat()},
        )
        return case

    def citizen_supplied(
        self,
        case: Case,
        *,
        now: datetime,
        fields: Mapping[str, str] | None = None,
        documents: Iterable[DocumentIn] = (),
        note: str | None = None,
    ) -> Case:
        """The applicant answered a return: store what came and resume at the same step."""
        if case.status != CaseStatus.WAITING_CITIZEN or not case.missing_items:
            raise WorkflowError("case is not waiting for missing items")
        merge_supplied(case, fields or {}, documents, now)
        step_id = case.current_step_id
        assert step_id is not None
        case.missing_items = None
        case.waiting_until = None
        log_event(case, CITIZEN, "resumed", now, step_id=step_id, to_state=step_id, note=note)
        step = self.definition(case).step(step_id)
        if self.definition(case).roles[step.actor].kind is RoleKind.APPLICANT:
            return self.complete(case, actor=CITIZEN, now=now, note=note)  # asked at this step
        start_step(case, self.definition(case), self.calendar, step, now)
        return case

    def citizen_complete(
        self,
        case: Case,
        *,
        now: datetime,
        fields: Mapping[str, str] | None = None,
        documents: Iterable[DocumentIn] = (),
        note: str | None = None,
        outcome: str | None = None,
    ) -> Case:
        """The applicant did their own step (a payment, a survey, a pick-up confirmation)."""
        merge_supplied(case, fields or {}, documents, now)
        case.missing_items = None  # documents asked at this step come with it, or not at all
        return self.complete(case, actor=CITIZEN, now=now, note=note, outcome=outcome)

    def reject(self, case: Case, *, actor: Actor, now: datetime, reason: str) -> Case:
        """End the case as rejected; a reason is required."""
        step = self.authorise(case, actor)
        require_outcome(step, OutcomeKind.REJECT, "reject")
        if not reason or not reason.strip():
            raise InvalidAction("a rejection needs a reason")
        instance = self._active_instance(case)
        instance.status = StepStatus.REJECTED
        instance.completed_at = now
        instance.completed_by = actor.label
        instance.outcome = "reject"
        close(case, CaseStatus.REJECTED, now)
        log_event(
            case, actor, "rejected", now, step_id=step.id, to_state=CaseStatus.REJECTED,
            note=reason.strip(),
        )
        return case

    def assign(self, case: Case, *, actor: Actor, now: datetime, assignee: Officer,
               note: str | None = None) -> Case:
        """Dispose the current step to a named officer who holds its role."""
        step = self.authorise(case, actor)
        if assignee.agency != case.agency or step.actor not in assignee.role_names:
            raise InvalidAction(
                f"{assignee.username} does not hold role {step.actor!r} in {case.agency}"
            )
        if not assignee.active:
            raise InvalidAction(f"{assignee.username} is not active")
        case.assigned_officer_id = assignee.id
        case.updated_at = now
        log_event(
            case, actor, "assigned", now, step_id=step.id, note=note,
            data={"assignee_id": assignee.id, "assignee": assignee.full_name},
        )
        return case

    def comment(self, case: Case, *, actor: Actor, now: datetime, note: str) -> Case:
        """Add a comment to the case's log."""
        step = self.authorise(case, actor)
        if not note or not note.strip():
            raise InvalidAction("a comment needs text")
        log_event(case, actor, "commented", now, step_id=step.id, note=note.strip())
        return case

    def update_fields(self, case: Case, fields: Mapping[str, str], *, now: datetime,
                      documents: Iterable[DocumentIn] = (), actor: Actor = CITIZEN) -> None:
        """Add or correct intake fields and add documents (a report completes while it runs)."""
        existing = {f.name: f.value for f in case.fields}
        changed = {k: v for k, v in fields.items() if v and existing.get(k) != str(v)}
        added = list(documents)
        if changed or added:
            merge_supplied(case, changed, added, now)
            log_event(case, actor, "fields_updated", now, step_id=case.current_step_id,
                        data={"fields": sorted(changed), "documents": len(added)})

    def advance_to(self, case: Case, target: str, *, actor_id: str, actor_name: str,
                   now: datetime) -> None:
        """Complete steps in order up to and including ``target`` (crew buttons on an alert).

        The caller has checked that the person is on the duty roster; each step is recorded
        under their name with the step's own role.
        """
        order = [s.id for s in self.definition(case).steps]
        if target not in order:
            return
        while case.current_step_id and order.index(case.current_step_id) <= order.index(target):
            step = self.definition(case).step(case.current_step_id)
            actor = Actor(kind="officer", id=actor_id, name=actor_name, agency=case.agency,
                          roles=frozenset({step.actor}))
            forward = next((o for o in step.outcomes
                            if o.kind in (OutcomeKind.NEXT, OutcomeKind.FINISH)), None)
            if forward is None:
                return
            self.complete(case, actor=actor, now=now, outcome=forward.label or forward.kind.value)

    # ----- internals -------------------------------------------------------------------------
    def authorise(self, case: Case, actor: Actor) -> Step:
        """The current step, if ``actor`` may act on it; Forbidden with the reason otherwise."""
        return authorise(self.definition(case), case, actor)

    def _active_instance(self, case: Case) -> StepInstance:
        instance = case.active_step
        if instance is None:
            raise WorkflowError(f"case {case.number} has no active step")
        return instance
