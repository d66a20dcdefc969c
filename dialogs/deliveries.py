"""Issued documents to the citizen's chat: the signed PDF, its number and its /verify link.

The notifier calls ``issued`` for each ``document_issued`` case event: the PDF goes out at once
(dedupe key ``event:<id>``), or, where the SOP has the applicant fill the satisfaction survey
after the issuing step (SIPPT 21), the citizen is told it is ready and ``survey_answered``
releases it (``release:<id>``). PPA cases never get a document in the chat.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core import survey
from backend.core.messages import Channel, OutboundMessage
from backend.core.models import Case, CaseEvent, Conversation, OutboxMessage
from backend.core.models.documents import DocumentStatus, IssuedDocument
from backend.core.outbox import enqueue
from backend.core.policies import discreet, needs_template
from backend.core.threads import Scope
from backend.core.workflow.engine import Workflow
from dialogs.texts import t

HELD = "document_held"  # the outbox kind of "ready, sent after the survey"


def _held_for_survey(session: Session, workflow: Workflow, case: Case, step_id: str) -> bool:
    definition = workflow.definition(case)
    step = survey.survey_step(definition)
    order = [s.id for s in definition.steps]
    return (step is not None and step_id in order and order.index(step_id) < order.index(step.id)
            and not survey.surveyed(session, case))


def _live_document(session: Session, event: CaseEvent) -> IssuedDocument | None:
    document = session.get(IssuedDocument, (event.data or {}).get("document_id"))
    return document if document is not None and document.status == DocumentStatus.ISSUED \
        else None


def _send(session: Session, conversation: Conversation, case: Case, *, text: str, key: str,
          kind: str, now: datetime, attachment: dict[str, Any] | None = None) -> bool:
    template = needs_template(conversation.channel, conversation.last_inbound_at, now)
    media = ({"media_storage_key": attachment["media_key"], "media_mime": "application/pdf",
              "media_name": attachment["file_name"]} if attachment and not template else {})
    message = OutboundMessage(channel=Channel(conversation.channel),
                              recipient=conversation.external_id, text=text,
                              template=template, **media)
    recorded = "template" if template and kind != HELD else kind  # a held notice stays one
    return enqueue(session, message, dedupe_key=key, kind=recorded, now=now, case_id=case.id,
                   scope=Scope(thread=case.thread))


def _document_text(document: IssuedDocument, case: Case, event: CaseEvent, language: str,
                   key: str) -> str:
    return t(key, language, title=document.title, number=case.number,
             document_number=document.number, verify_url=(event.data or {})["verify_url"])


def issued(session: Session, workflow: Workflow, case: Case, event: CaseEvent,
           conversation: Conversation, language: str, now: datetime) -> bool:
    """Deliver the document of a ``document_issued`` event, or say it waits for the survey."""
    document = _live_document(session, event)
    if document is None or discreet(workflow.definition(case)):
        return False
    if event.step_id and _held_for_survey(session, workflow, case, event.step_id):
        return _send(session, conversation, case, key=f"event:{event.id}", kind=HELD, now=now,
                     text=_document_text(document, case, event, language, "document_held"))
    return _send(session, conversation, case, key=f"event:{event.id}", kind="document", now=now,
                 text=_document_text(document, case, event, language, "document_ready"),
                 attachment=event.data)


def survey_answered(session: Session, case: Case, conversation: Conversation, language: str,
                    now: datetime) -> int:
    """Release every document of the case held for the survey; returns how many were queued."""
    issued_events = session.scalars(select(CaseEvent).where(
        CaseEvent.case_id == case.id, CaseEvent.action == "document_issued")).all()
    held = set(session.scalars(select(OutboxMessage.dedupe_key).where(
        OutboxMessage.dedupe_key.in_([f"event:{e.id}" for e in issued_events]),
        OutboxMessage.kind == HELD)))
    released = 0
    for event in issued_events:
        document = _live_document(session, event)
        if document is None or f"event:{event.id}" not in held:
            continue
        released += _send(session, conversation, case, key=f"release:{event.id}",
                          kind="document", now=now, attachment=event.data,
                          text=_document_text(document, case, event, language,
                                              "document_released"))
    return released
