"""The dialog engine's window on cases, for one citizen (implements dialogs.ports.CaseOffice)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core import survey
from backend.core.models import Case, CaseStatus
from backend.core.policies import discreet
from backend.core.workflow.engine import Workflow
from backend.core.workflow.records import DocumentIn, supplied_field
from dialogs.describe import expected_time, plain_role
from dialogs.ports import CaseView, OpenedCase
from dialogs.state import StoredDocument


def _documents(documents: Sequence[StoredDocument]) -> list[DocumentIn]:
    return [DocumentIn(code=d.code, sha256=d.sha256, mime=d.mime, size=d.size,
                       storage_key=d.storage_key, ppa=d.ppa, file_name=d.file_name)
            for d in documents]


class CitizenOffice:
    """Opens, lists and completes cases on behalf of one citizen in one transaction."""

    def __init__(self, session: Session, workflow: Workflow, *, citizen_id: int, channel: str,
                 now: datetime, language: str = "id",
                 on_changed: Callable[[Session, Case, datetime], object] | None = None,
                 thread: str | None = None) -> None:
        self.session = session
        self.workflow = workflow
        self.citizen_id = citizen_id
        self.channel = channel
        self.now = now
        self.language = language
        self.on_changed = on_changed
        self.thread = thread  # the turn's message thread: a case opened now keeps it
        self.opened: list[Case] = []  # the cases opened through this office

    def open_case(self, service_code: str, fields: Mapping[str, str],
                  documents: Sequence[StoredDocument]) -> OpenedCase:
        """Open a case from a confirmed intake."""
        case = self.workflow.open_case(
            self.session, service_code=service_code, fields=dict(fields), now=self.now,
            documents=_documents(documents), citizen_id=self.citizen_id, channel=self.channel,
            thread=self.thread,
        )
        self.opened.append(case)
        if self.on_changed is not None:
            self.on_changed(self.session, case, self.now)
        service = self.workflow.catalog.get(service_code)
        calendar = self.workflow.calendar
        starts = None if calendar.is_open(self.now) else calendar.next_opening(self.now)
        return OpenedCase(number=case.number, service_name=service.name.id,
                          expected=expected_time(service, self.language, starts=starts))

    def settle_thread(self, thread: str | None) -> None:
        """The cases opened this turn belong to the thread the turn's messages were given
        (a report opened from idle chatter begins a thread of its own)."""
        for case in self.opened:
            case.thread = thread

    def update_case(self, number: str, fields: Mapping[str, str],
                    documents: Sequence[StoredDocument] = ()) -> None:
        """Add fields and documents to one of this citizen's open cases (a running report)."""
        case = self.session.scalar(select(Case).where(
            Case.number == number, Case.citizen_id == self.citizen_id))
        if case is None or case.status not in (CaseStatus.OPEN, CaseStatus.WAITING_CITIZEN):
            return
        self.workflow.update_fields(case, fields, now=self.now, documents=_documents(documents))
        if self.on_changed is not None:
            self.on_changed(self.session, case, self.now)

    def citizen_cases(self) -> list[CaseView]:
        """This citizen's cases only, newest first."""
        cases = self.session.scalars(
            select(Case).where(Case.citizen_id == self.citizen_id)
            .order_by(Case.created_at.desc()).limit(20)
        ).all()
        return [self._view(case) for case in cases]

    def _view(self, case: Case) -> CaseView:
        definition = self.workflow.definition(case)
        step = self.workflow.current_step(case)
        active = case.active_step
        return CaseView(
            number=case.number, service_name=definition.name.id, status=case.status,
            step_label=plain_role(definition.roles[step.actor].label) if step else None,
            due_at=active.due_at if active else None,
        )

    def supply(self, number: str, notes: Sequence[str],
               documents: Sequence[StoredDocument]) -> bool:
        """Put the applicant's answer to a return into the case and resume it."""
        case = self.session.scalar(select(Case).where(
            Case.number == number, Case.citizen_id == self.citizen_id))
        if case is None or case.status != CaseStatus.WAITING_CITIZEN or not case.missing_items:
            return False
        fields = {supplied_field(len(case.events)): "\n".join(notes)} if notes else {}
        self.workflow.citizen_supplied(case, now=self.now, fields=fields,
                                       documents=_documents(documents),
                                       note="Kelengkapan dikirim lewat chat")
        return True

    def survey(self, number: str, answers: Mapping[str, int], comment: str | None) -> bool:
        """Record the citizen's satisfaction survey for one of their cases (never PPA)."""
        case = self.session.scalar(select(Case).where(
            Case.number == number, Case.citizen_id == self.citizen_id))
        if case is None or discreet(self.workflow.definition(case)):
            return False
        return survey.record(self.session, self.workflow, case, answers=answers,
                             comment=comment, now=self.now)
