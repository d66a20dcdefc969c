"""Open cases and move them through their SOP's steps; every change is an event."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from backend.core.catalog.loader import Catalog
from backend.core.catalog.schema import (
    Outcome,
    OutcomeKind,
    RoleKind,
    ServiceDefinition,
    Step,
    Urgency,
)
from backend.core.models import (
    Case,
    CaseDocument,
    CaseEvent,
    CaseField,
    CaseStatus,
    Officer,
    StepInstance,
    StepStatus,
)
from backend.core.threads import new_thread
from backend.core.workflow.actors import CITIZEN, SYSTEM, Actor
from backend.core.workflow.calendar import WorkingCalendar
from backend.core.workflow.errors import Forbidden, InvalidAction, WorkflowError
from backend.core.workflow.guards import CompletionGuard
from backend.core.workflow.numbering import next_case_number

COMPLETING = (OutcomeKind.NEXT, OutcomeKind.GOTO, OutcomeKind.FINISH)


@dataclass(frozen=True)
class DocumentIn:
    """A stored upload to attach to a case."""

    code: str
    sha256: str
    mime: str
    size: int
    storage_key: str
    ppa: bool = False  # sent in a PPA-sensitive message: PPA roles only
    file_name: str | None = None  # the name it was sent with


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
        for position, (name, value) in enumerate(fields.items()):
            case.fields.append(CaseField(name=name, value=str(value), position=position))
        for document in documents:
            case.documents.append(CaseDocument(created_at=now, **document.__dict__))
        self._event(case, actor, "opened", now, to_state=definition.steps[0].id)
        self._enter(case, definition.steps[0].id, now, intake=True)
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
        chosen = self._choose_outcome(step, outcome)
        self._check_guards(case, step, chosen)
        instance = self._active_instance(case)
        instance.status = StepStatus.DONE
        instance.completed_at = now
        instance.completed_by = actor.label
        instance.outcome = chosen.label or chosen.kind.value
        target = self._target(case, step, chosen)
        self._event(
            case, actor, "step_completed", now, step_id=step.id, to_state=target or "done",
            note=note, data={"outcome": instance.outcome},
        )
        if target is None:
            self._finish(case, actor, now)
        else:
            self._enter(case, target, now)
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
        self._require_outcome(step, OutcomeKind.RETURN, "return")
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
        self._event(
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
        self._merge(case, fields or {}, documents, now)
        step_id = case.current_step_id
        assert step_id is not None
        case.missing_items = None
        case.waiting_until = None
        self._event(case, CITIZEN, "resumed", now, step_id=step_id, to_state=step_id, note=note)
        step = self.definition(case).step(step_id)
        if self.definition(case).roles[step.actor].kind is RoleKind.APPLICANT:
            return self.complete(case, actor=CITIZEN, now=now, note=note)  # asked at this step
        self._start_instance(case, step, now)
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
        self._merge(case, fields or {}, documents, now)
        case.missing_items = None  # documents asked at this step come with it, or not at all
        return self.complete(case, actor=CITIZEN, now=now, note=note, outcome=outcome)

    def reject(self, case: Case, *, actor: Actor, now: datetime, reason: str) -> Case:
        """End the case as rejected; a reason is required."""
        step = self.authorise(case, actor)
        self._require_outcome(step, OutcomeKind.REJECT, "reject")
        if not reason or not reason.strip():
            raise InvalidAction("a rejection needs a reason")
        instance = self._active_instance(case)
        instance.status = StepStatus.REJECTED
        instance.completed_at = now
        instance.completed_by = actor.label
        instance.outcome = "reject"
        self._close(case, CaseStatus.REJECTED, now)
        self._event(
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
        self._event(
            case, actor, "assigned", now, step_id=step.id, note=note,
            data={"assignee_id": assignee.id, "assignee": assignee.full_name},
        )
        return case

    def comment(self, case: Case, *, actor: Actor, now: datetime, note: str) -> Case:
        """Add a comment to the case's log."""
        step = self.authorise(case, actor)
        if not note or not note.strip():
            raise InvalidAction("a comment needs text")
        self._event(case, actor, "commented", now, step_id=step.id, note=note.strip())
        return case

    def update_fields(self, case: Case, fields: Mapping[str, str], *, now: datetime,
                      documents: Iterable[DocumentIn] = (), actor: Actor = CITIZEN) -> None:
        """Add or correct intake fields and add documents (a report completes while it runs)."""
        existing = {f.name: f.value for f in case.fields}
        changed = {k: v for k, v in fields.items() if v and existing.get(k) != str(v)}
        added = list(documents)
        if changed or added:
            self._merge(case, changed, added, now)
            self._event(case, actor, "fields_updated", now, step_id=case.current_step_id,
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
        if case.status in (CaseStatus.DONE, CaseStatus.REJECTED):
            raise WorkflowError(f"case {case.number} is closed ({case.status})")
        step = self.current_step(case)
        if step is None:
            raise WorkflowError(f"case {case.number} has no current step")
        role = self.definition(case).roles[step.actor]
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

    def _active_instance(self, case: Case) -> StepInstance:
        instance = case.active_step
        if instance is None:
            raise WorkflowError(f"case {case.number} has no active step")
        return instance

    @staticmethod
    def _require_outcome(step: Step, kind: OutcomeKind, action: str) -> None:
        if not any(o.kind is kind for o in step.outcomes):
            raise InvalidAction(f"step {step.number} does not allow '{action}'")

    @staticmethod
    def _choose_outcome(step: Step, wanted: str | None) -> Outcome:
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

    def _target(self, case: Case, step: Step, outcome: Outcome) -> str | None:
        if outcome.kind is OutcomeKind.FINISH:
            return None
        if outcome.step:
            return outcome.step
        return self.definition(case).next_step_id(step.id)

    def _enter(self, case: Case, step_id: str, now: datetime, intake: bool = False) -> None:
        """Move to ``step_id``; system steps and (at intake) applicant steps complete at once."""
        definition = self.definition(case)
        while True:
            step = definition.step(step_id)
            kind = definition.roles[step.actor].kind
            auto_actor = SYSTEM if kind is RoleKind.SYSTEM else CITIZEN
            if kind is RoleKind.SYSTEM or (kind is RoleKind.APPLICANT and intake):
                outcome = "auto" if kind is RoleKind.SYSTEM else "intake"
                case.steps.append(StepInstance(
                    step_id=step.id, actor_role=step.actor, status=StepStatus.DONE,
                    started_at=now, completed_at=now, completed_by=auto_actor.label,
                    outcome=outcome,
                ))
                following = definition.next_step_id(step.id)
                self._event(case, auto_actor, "step_completed", now, step_id=step.id,
                            to_state=following or "done", data={"outcome": outcome})
                if following is None:
                    self._finish(case, auto_actor, now)
                    return
                step_id = following
                continue
            case.current_step_id = step.id
            case.assigned_officer_id = None
            self._start_instance(case, step, now)
            return

    def _start_instance(self, case: Case, step: Step, now: datetime) -> None:
        urgency = self.definition(case).urgency
        due = self.calendar.due(now, step.standard, urgency is Urgency.PIKET_24H,
                                bare_days_wall=urgency is Urgency.URGENT)
        case.steps.append(StepInstance(
            step_id=step.id, actor_role=step.actor, status=StepStatus.ACTIVE,
            started_at=now, due_at=due,
        ))
        applicant = self.definition(case).roles[step.actor].kind is RoleKind.APPLICANT
        case.status = CaseStatus.WAITING_CITIZEN if applicant else CaseStatus.OPEN
        case.updated_at = now
        self._event(case, SYSTEM, "step_started", now, step_id=step.id, to_state=step.id,
                    data={"due_at": due.isoformat() if due else None})
        asked = [d for d in self.definition(case).documents if d.at_step == step.id]
        if applicant and asked:  # a document the SOP asks for only now (a payment proof)
            case.missing_items = [d.label for d in asked]
            self._event(case, SYSTEM, "documents_requested", now, step_id=step.id,
                        to_state=CaseStatus.WAITING_CITIZEN,
                        data={"missing_items": case.missing_items,
                              "document_codes": [d.code for d in asked]})

    def _finish(self, case: Case, actor: Actor, now: datetime) -> None:
        self._close(case, CaseStatus.DONE, now)
        self._event(case, actor, "finished", now, to_state=CaseStatus.DONE)

    @staticmethod
    def _close(case: Case, status: CaseStatus, now: datetime) -> None:
        case.status = status
        case.current_step_id = None
        case.closed_at = now
        case.updated_at = now
        case.assigned_officer_id = None

    @staticmethod
    def _merge(case: Case, fields: Mapping[str, str], documents: Iterable[DocumentIn],
               now: datetime) -> None:
        existing = {f.name: f for f in case.fields}
        for name, value in fields.items():
            if name in existing:
                existing[name].value = str(value)
            else:
                case.fields.append(CaseField(name=name, value=str(value),
                                             position=len(case.fields)))
        for document in documents:
            case.documents.append(CaseDocument(created_at=now, **document.__dict__))

    @staticmethod
    def _event(case: Case, actor: Actor, action: str, now: datetime, *, step_id: str | None = None,
               to_state: str | None = None, note: str | None = None,
               data: dict[str, Any] | None = None) -> None:
        from_state = case.current_step_id or (case.status if case.id else None)
        case.events.append(CaseEvent(
            at=now, actor_kind=actor.kind, actor_id=actor.id, actor_name=actor.name,
            action=action, step_id=step_id, from_state=from_state, to_state=to_state,
            note=note, data=data,
        ))
