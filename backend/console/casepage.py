"""Everything the case page shows: fields, documents, steps, events, transcript, actions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.console.worklist import Sla, sla_of
from backend.core.catalog.intake import FieldType
from backend.core.catalog.schema import ServiceDefinition
from backend.core.catalog.steps import OutcomeKind
from backend.core.filenames import clean_name
from backend.core.models import Case, CaseEvent, CaseStatus, Conversation, Officer
from backend.core.ppa import record_read
from backend.core.transcript import Line, Transcript, conversation_of, transcript
from backend.core.workflow.actors import Actor
from backend.core.workflow.engine import Workflow
from backend.core.workflow.errors import WorkflowError
from backend.core.workflow.records import SUPPLIED_PREFIX
from backend.core.workflow.step_rules import COMPLETING

ACTION_LABELS = {
    "opened": "Dibuka", "step_started": "Langkah dimulai", "step_completed": "Langkah selesai",
    "returned": "Dikembalikan ke pemohon", "resumed": "Pemohon melengkapi", "rejected": "Ditolak",
    "finished": "Selesai", "assigned": "Didisposisikan", "commented": "Catatan",
    "replied": "Balasan ke pemohon", "sla_breached": "Lewat batas waktu",
    "surveyed": "Survei kepuasan diisi", "documents_requested": "Dokumen diminta dari pemohon",
    "document_issued": "Dokumen diterbitkan", "document_revoked": "Dokumen dicabut",
}


@dataclass(frozen=True)
class DocumentView:
    id: int
    label: str
    mime: str
    size_kb: int
    hidden: bool = False  # sent in a PPA-sensitive message: PPA roles only
    file_name: str | None = None  # as the citizen sent it

    @property
    def is_image(self) -> bool:
        return self.mime.startswith("image/")

    @property
    def is_pdf(self) -> bool:
        return self.mime == "application/pdf"


@dataclass(frozen=True)
class StepRow:
    number: str
    role: str
    description: str
    time_standard: str
    status: str
    started_at: datetime | None
    due_at: datetime | None
    done_at: datetime | None
    outcome: str | None
    sla: Sla


@dataclass
class Actions:
    """What the officer may do on the current step, as the service definition allows."""

    refused: str | None = None
    completes: list[str] = field(default_factory=list)
    can_return: bool = False
    can_reject: bool = False
    missing_choices: list[str] = field(default_factory=list)
    assignees: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class CaseView:
    case: Case
    definition: ServiceDefinition
    fields: list[tuple[str, str]]
    documents: list[DocumentView]
    steps: list[StepRow]
    events: list[CaseEvent]
    lines: list[Line]
    actions: Actions
    can_reply: bool
    legacy_messages: int = 0  # the chat's messages from before per-case threads, not shown
    basis: list[tuple[str, str]] = field(default_factory=list)


def _basis(definition: ServiceDefinition) -> list[tuple[str, str]]:
    """Fee, validity and document list with where each comes from (seed, regulation, assumption)."""
    from backend.core.catalog.provenance import describe

    rows = [(label, f"{value} ({describe(definition.provenance_of(key))})")
            for key, label, value in (("fee", "Biaya", definition.fee),
                                      ("validity", "Masa berlaku", definition.validity))
            if value]
    if definition.documents:
        rows.append(("Daftar dokumen", describe(definition.provenance_of("documents"))))
    return rows


def _steps(definition: ServiceDefinition, case: Case, now: datetime) -> list[StepRow]:
    rows = []
    for instance in case.steps:
        step = definition.step(instance.step_id)
        end = instance.completed_at or now
        rows.append(StepRow(
            number=step.number, role=definition.roles[step.actor].label,
            description=step.description, time_standard=step.standard.describe_id(),
            status=instance.status, started_at=instance.started_at, due_at=instance.due_at,
            done_at=instance.completed_at, outcome=instance.outcome,
            sla=sla_of(instance.started_at, instance.due_at, end)))
    return rows


def _assignees(session: Session, case: Case, role: str) -> list[tuple[str, str]]:
    officers = session.scalars(select(Officer).where(
        Officer.agency == case.agency, Officer.active.is_(True)).order_by(Officer.full_name))
    return [(o.username, o.full_name) for o in officers if role in o.role_names]


def _refusal(workflow: Workflow, case: Case) -> str:
    if case.status in (CaseStatus.DONE, CaseStatus.REJECTED):
        return "Kasus sudah ditutup."
    if case.missing_items:
        return "Menunggu pemohon melengkapi kekurangan."
    step = workflow.current_step(case)
    role = workflow.definition(case).roles[step.actor].label if step else "-"
    return f"Langkah saat ini dikerjakan oleh: {role}."


def actions_for(session: Session, workflow: Workflow, case: Case, officer: Officer) -> Actions:
    """The current step's actions for this officer, or why there are none."""
    try:
        step = workflow.authorise(case, Actor.of_officer(officer))
    except WorkflowError:
        return Actions(refused=_refusal(workflow, case))
    definition = workflow.definition(case)
    outcomes = workflow.allowed_outcomes(case)
    kinds = {o.kind for o in outcomes}
    missing = [d.label for d in definition.documents] + [f.label for f in definition.fields]
    return Actions(
        completes=[o.label or o.step or o.kind.value for o in outcomes if o.kind in COMPLETING],
        can_return=OutcomeKind.RETURN in kinds, can_reject=OutcomeKind.REJECT in kinds,
        missing_choices=missing, assignees=_assignees(session, case, step.actor))


def _chat(session: Session, case: Case, conversation: Conversation | None, officer: Officer,
          now: datetime, *, sees_ppa: bool) -> Transcript:
    """The case's own messages; a PPA role's read of PPA messages is logged."""
    if conversation is None:
        return Transcript()
    shown = transcript(session, case, conversation, sees_ppa=sees_ppa)
    if shown.revealed:
        record_read(session, officer=officer, resource="transcript", case_id=case.id, now=now)
    return shown


def case_view(session: Session, workflow: Workflow, case: Case, officer: Officer,
              now: datetime, *, sees_ppa: bool = False) -> CaseView:
    """The case page's content for ``officer`` (who may already see the case); ``sees_ppa``:
    the officer holds a PPA role (PPA messages and documents are shown, and the read logged)."""
    definition = workflow.definition(case)
    labels = {f.name: f.label for f in definition.fields}
    types = {f.name: f.type for f in definition.fields}
    doc_labels = {d.code: d.label for d in definition.documents}
    conversation = conversation_of(session, case)
    chat = _chat(session, case, conversation, officer, now, sees_ppa=sees_ppa)
    return CaseView(
        case=case, definition=definition,
        fields=[(labels.get(f.name) or _extra_label(f.name), _shown(types.get(f.name), f.value))
                for f in case.fields],
        documents=[DocumentView(id=d.id, label=doc_labels.get(d.code, d.code), mime=d.mime,
                                size_kb=max(1, d.size // 1024), hidden=d.ppa and not sees_ppa,
                                file_name=clean_name(d.file_name))
                   for d in case.documents],
        steps=_steps(definition, case, now), events=list(case.events),
        lines=chat.lines, legacy_messages=chat.legacy,
        actions=actions_for(session, workflow, case, officer),
        can_reply=conversation is not None and case.agency == officer.agency,
        basis=_basis(definition))


def _shown(kind: FieldType | None, value: str) -> str:
    """A field's value as officers read it: a date as every date of the console (dd-mm-yyyy)."""
    if kind is FieldType.DATE:
        try:
            return date.fromisoformat(value).strftime("%d-%m-%Y")
        except ValueError:
            return value
    return value


def _extra_label(name: str) -> str:
    """A field no intake question names: what the applicant sent after a return, else its key."""
    return "Kelengkapan dari pemohon" if name.startswith(SUPPLIED_PREFIX) else name
