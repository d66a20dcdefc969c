"""Remind holders in the chat before an issued document lapses: 90 and 30 days ahead.

One message per document and threshold (dedupe key ``expiry:<id>:<days>``), so the hourly
timer can run in every processing process. The renewal service named is the one the document
came from (the permits' applications cover renewals). PPA cases are never reminded.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core.messages import Channel, OutboundMessage
from backend.core.models import Case, Conversation, OutboxMessage
from backend.core.models.documents import DocumentStatus, IssuedDocument
from backend.core.outbox import enqueue
from backend.core.policies import discreet, needs_template
from backend.core.threads import Scope
from backend.core.workflow.engine import Workflow
from dialogs.state import DialogState
from dialogs.texts import t

THRESHOLDS = (30, 90)  # days before the last valid day; the nearest one that applies is sent


def _threshold(days_left: int) -> int | None:
    return next((days for days in THRESHOLDS if 0 <= days_left <= days), None)


def _remind(session: Session, workflow: Workflow, document: IssuedDocument, days: int,
            days_left: int, now: datetime) -> bool:
    case = session.get(Case, document.case_id)
    if case is None or case.citizen_id is None:
        return False
    definition = workflow.definition(case)
    conversation = session.scalar(select(Conversation).where(
        Conversation.citizen_id == case.citizen_id, Conversation.channel == case.channel))
    if conversation is None or discreet(definition):
        return False
    language = DialogState.model_validate(conversation.state or {}).language
    assert document.valid_until is not None  # only documents with a validity are selected
    text = t("document_expiring", language, title=document.title, number=document.number,
             until=document.valid_until.strftime("%d-%m-%Y"), days=days_left,
             service=definition.name.en if language == "en" else definition.name.id)
    template = needs_template(conversation.channel, conversation.last_inbound_at, now)
    message = OutboundMessage(channel=Channel(conversation.channel),
                              recipient=conversation.external_id, text=text, template=template)
    return enqueue(session, message, dedupe_key=f"expiry:{document.id}:{days}",
                   kind="template" if template else "expiry_reminder", now=now,
                   case_id=case.id, scope=Scope(thread=case.thread))


def remind_expiring(session: Session, workflow: Workflow, *, now: datetime) -> int:
    """Queue the reminders due today (WIB); returns how many were queued."""
    today = now.astimezone(workflow.calendar.zone).date()
    documents = session.scalars(select(IssuedDocument).where(
        IssuedDocument.status == DocumentStatus.ISSUED,
        IssuedDocument.valid_until.is_not(None),
        IssuedDocument.valid_until >= today,
        IssuedDocument.valid_until <= today + timedelta(days=max(THRESHOLDS)))).all()
    due = {}
    for document in documents:
        assert document.valid_until is not None
        days_left = (document.valid_until - today).days
        days = _threshold(days_left)
        if days is not None:
            due[f"expiry:{document.id}:{days}"] = (document, days, days_left)
    sent = set(session.scalars(select(OutboxMessage.dedupe_key)
                               .where(OutboxMessage.dedupe_key.in_(list(due)))))
    return sum(_remind(session, workflow, document, days, days_left, now)
               for key, (document, days, days_left) in due.items() if key not in sent)
