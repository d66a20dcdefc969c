"""Console actions: each form goes to the same engine call the officer API makes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core.incidents import IncidentDesk
from backend.core.messages import Channel, OutboundMessage
from backend.core.models import Case, CaseEvent, Officer
from backend.core.outbox import enqueue
from backend.core.policies import needs_template
from backend.core.threads import Scope
from backend.core.transcript import conversation_of
from backend.core.workflow.actors import Actor
from backend.core.workflow.engine import Workflow
from backend.core.workflow.errors import InvalidAction

ActionName = Literal["complete", "return", "reject", "assign", "comment"]
DONE_MESSAGES = {
    "complete": "Langkah diselesaikan.", "return": "Kasus dikembalikan ke pemohon.",
    "reject": "Kasus ditolak.", "assign": "Kasus didisposisikan.", "comment": "Catatan disimpan.",
    "reply": "Balasan dikirim ke pemohon.",
}


@dataclass(frozen=True)
class ActionForm:
    action: ActionName
    outcome: str | None = None
    note: str | None = None
    reason: str | None = None
    missing_items: list[str] = field(default_factory=list)
    deadline_days: int | None = None
    assignee: str | None = None


def _assignee(session: Session, username: str | None) -> Officer:
    officer = session.scalar(select(Officer).where(Officer.username == (username or "")))
    if officer is None:
        raise InvalidAction("pilih petugas tujuan disposisi")
    return officer


def perform(session: Session, workflow: Workflow, case: Case, officer: Officer,
            form: ActionForm, *, now: datetime, incidents: IncidentDesk) -> None:
    """Run one action on the case's current step (WorkflowError when the SOP forbids it); a
    completed damkar step is its incident's crew signal too (``incidents``)."""
    actor = Actor.of_officer(officer)
    note = form.note.strip() if form.note and form.note.strip() else None
    if form.action == "complete":
        step_id = case.current_step_id
        workflow.complete(case, actor=actor, now=now, outcome=form.outcome, note=note)
        if step_id is not None:
            incidents.case_step_completed(session, case, step_id, form.outcome,
                                          who=officer.full_name, actor_id=str(officer.id),
                                          now=now)
    elif form.action == "return":
        workflow.return_to_applicant(case, actor=actor, now=now, missing_items=form.missing_items,
                                     note=note, days=form.deadline_days)
    elif form.action == "reject":
        workflow.reject(case, actor=actor, now=now, reason=form.reason or "")
    elif form.action == "assign":
        workflow.assign(case, actor=actor, now=now,
                        assignee=_assignee(session, form.assignee), note=note)
    else:
        workflow.comment(case, actor=actor, now=now, note=note or "")


@dataclass(frozen=True)
class ReplyFile:
    """A file an officer sends with a reply (the service's result, e.g. a KIA as PDF), already
    checked by content and size and stored."""

    storage_key: str
    mime: str
    name: str


def reply(session: Session, case: Case, officer: Officer, text: str, *, now: datetime,
          ppa: bool = False, attachment: ReplyFile | None = None) -> None:
    """Message the citizen on their channel (in the case's thread; ``ppa``: a PPA case), with a
    file if given, and log a 'replied' event on the case."""
    text = text.strip()
    if not text and attachment is None:
        raise InvalidAction("balasan tidak boleh kosong")
    conversation = conversation_of(session, case)
    if conversation is None:
        raise InvalidAction("kasus ini tidak punya percakapan dengan pemohon")
    outside_window = needs_template(conversation.channel, conversation.last_inbound_at, now)
    if attachment is not None and ppa:
        raise InvalidAction("kasus PPA: berkas tidak dikirim ke chat (HP pelapor bisa dipakai "
                            "bersama); serahkan lewat petugas")
    if attachment is not None and outside_window:
        raise InvalidAction("di luar jendela 24 jam WhatsApp berkas tidak bisa dikirim; kirim "
                            "pesan dulu dan kirim berkasnya setelah pemohon membalas")
    note = text + (f"\n[berkas: {attachment.name}]" if attachment else "")
    event = CaseEvent(at=now, actor_kind="officer", actor_id=str(officer.id),
                      actor_name=officer.full_name, action="replied",
                      step_id=case.current_step_id, from_state=case.current_step_id or case.status,
                      to_state=case.current_step_id or case.status, note=note.strip())
    case.events.append(event)
    session.flush()
    message = OutboundMessage(channel=Channel(conversation.channel),
                              recipient=conversation.external_id, text=text,
                              template=outside_window,
                              media_storage_key=attachment.storage_key if attachment else None,
                              media_mime=attachment.mime if attachment else None,
                              media_name=attachment.name if attachment else None)
    enqueue(session, message, dedupe_key=f"reply:{event.id}", kind="officer_reply", now=now,
            case_id=case.id, scope=Scope(thread=case.thread, ppa=ppa))
