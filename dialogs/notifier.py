"""Tell citizens what happens to their cases: case events in, chat messages out.

Reads the case event stream; each event becomes at most one outbox message (its dedupe key is
the event id), so re-reading events is harmless. A short look-back re-reads recent events so
that a transaction committing late is never skipped; ids a process has read are not read again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from backend.core import survey
from backend.core.case_event_signals import NEWS_ACTIONS
from backend.core.catalog.schema import Urgency
from backend.core.messages import Channel, OutboundMessage
from backend.core.models import Case, CaseEvent, Conversation, EventCursor, OutboxMessage
from backend.core.outbox import enqueue
from backend.core.policies import discreet, needs_template
from backend.core.threads import Scope
from backend.core.workflow.engine import Workflow
from dialogs import deliveries
from dialogs import survey as survey_dialog
from dialogs.describe import step_in_words
from dialogs.flows import begin_supply
from dialogs.state import DialogState, Flow
from dialogs.texts import t

CURSOR = "citizen_notifier"
LOOKBACK_EVENTS = 200
BATCH = 500
# Flows collecting data that a survey after a finished case must not interrupt.
BUSY_FLOWS = frozenset({Flow.INTAKE, Flow.INTAKE_EDIT, Flow.EMERGENCY, Flow.EMERGENCY_DUP,
                        Flow.PPA_REPORT, Flow.SUPPLY, Flow.KIA_BIRTH, Flow.PBB, Flow.SURVEY,
                        Flow.PPA_CHECK})


def _text(workflow: Workflow, case: Case, event: CaseEvent, language: str) -> str | None:
    definition = workflow.definition(case)
    name = definition.name.en if language == "en" else definition.name.id
    if event.action == "step_completed":
        if event.actor_kind != "officer" or event.step_id is None:
            return None
        if definition.urgency is Urgency.PIKET_24H:
            return None  # the alert desk tells reporters in plain words as the crew presses
        step = definition.step(event.step_id)
        following = definition.step(event.to_state) if event.to_state in {
            s.id for s in definition.steps} else None
        after = (step_in_words(definition, following, language) if following
                 else t("update_next_finish", language))
        return t("update_step", language, number=case.number, service=name,
                 step=step_in_words(definition, step, language), next=after)
    if event.action == "returned":
        items = "\n".join(f"• {item}" for item in (event.data or {}).get("missing_items", []))
        deadline = (case.waiting_until.astimezone(workflow.calendar.zone).strftime("%d-%m-%Y")
                    if case.waiting_until else "-")
        text = t("supply_request", language, number=case.number, service=name, items=items,
                 deadline=deadline)
        return text + (f"\n{t('officer_message', language, note=event.note)}" if event.note
                       else "")
    if event.action == "documents_requested":
        items = "\n".join(f"• {item}" for item in (event.data or {}).get("missing_items", []))
        return t("documents_request", language, number=case.number, service=name, items=items)
    if event.action == "billing_issued":
        bill = event.data or {}
        return t("billing_issued", language, number=case.number, service=name,
                 code=bill.get("code", "-"), amount=bill.get("amount", "-"),
                 until=bill.get("until", "-"))
    if event.action == "rejected":
        return t("update_rejected", language, number=case.number, service=name,
                 reason=event.note or "-")
    if event.action == "finished":
        output = definition.steps[-1].output
        return t("update_done", language, number=case.number, service=name,
                 output=f"\n{output}" if output else "")
    return None


def _notify(session: Session, workflow: Workflow, event: CaseEvent, now: datetime) -> bool:
    case = session.get(Case, event.case_id)
    if case is None or case.citizen_id is None:
        return False
    if _from_citizen(event) and not _is_survey_step(workflow, case, event):
        return False  # the citizen's own doing (their application's steps): no news for them
    conversation = session.scalar(select(Conversation).where(
        Conversation.citizen_id == case.citizen_id, Conversation.channel == case.channel))
    if conversation is None:
        return False
    state = DialogState.model_validate(conversation.state or {})
    if event.action == "document_issued":
        return deliveries.issued(session, workflow, case, event, conversation, state.language,
                                 now)
    if event.actor_kind == "citizen":  # the survey step answered: release what was held
        return deliveries.survey_answered(session, case, conversation, state.language, now) > 0
    text = _text(workflow, case, event, state.language)
    if text is None:
        return False
    scope = Scope(thread=case.thread, ppa=discreet(workflow.definition(case)))
    if scope.ppa:
        text = t("update_discreet", state.language)
    last_heard = conversation.last_inbound_at
    outside_window = needs_template(conversation.channel, last_heard, now)
    message = OutboundMessage(channel=Channel(conversation.channel),
                              recipient=conversation.external_id, text=text,
                              template=outside_window)
    queued = enqueue(session, message, dedupe_key=f"event:{event.id}",
                     kind="template" if outside_window else "case_update", now=now,
                     case_id=case.id, scope=scope)
    if queued and event.action in ("returned", "documents_requested"):
        codes = list((event.data or {}).get("document_codes", []))
        begin_supply(state, case.number, list((event.data or {}).get("missing_items", [])),
                     thread=case.thread,  # what the citizen sends back belongs to the case
                     code=codes[0] if len(codes) == 1 else None)
        conversation.state = state.model_dump(mode="json")
    busy = state.flow in BUSY_FLOWS and event.action == "finished"  # never cut into an intake
    if queued and not (outside_window or busy or scope.ppa) \
            and survey.asks_survey(session, workflow, case, event):
        _start_survey(session, conversation, state, case, event, now)
    return queued


def _from_citizen(event: CaseEvent) -> bool:
    """An event the citizen caused (an issued document is news whoever issued it)."""
    return event.actor_kind == "citizen" and event.action != "document_issued"


def _is_survey_step(workflow: Workflow, case: Case, event: CaseEvent) -> bool:
    """Whether the event completes the SOP's satisfaction-survey step."""
    step = survey.survey_step(workflow.definition(case))
    return step is not None and event.step_id == step.id


def _start_survey(session: Session, conversation: Conversation, state: DialogState, case: Case,
                  event: CaseEvent, now: datetime) -> None:
    """Put the conversation in the survey flow and ask the first question (buttons 1-4)."""
    first = survey_dialog.start(state, case.number)
    state.offered = first.buttons  # a typed "3" answers like the third button
    state.thread = case.thread  # the answers belong to the case
    conversation.state = state.model_dump(mode="json")
    message = OutboundMessage(channel=Channel(conversation.channel),
                              recipient=conversation.external_id, text=first.text,
                              buttons=first.buttons)
    enqueue(session, message, dedupe_key=f"survey:{event.id}", kind="survey", now=now,
            case_id=case.id, scope=Scope(thread=case.thread))


@dataclass
class EventReader:
    """Which recent events this process has read already: the look-back re-reads only the
    ids it has not seen (a transaction that committed late), not every recent event on every
    round. Remembered only once the round's transaction has committed."""

    seen: set[int] = field(default_factory=set)

    def remember(self, read: list[int], floor: int) -> None:
        self.seen.update(read)
        self.seen.difference_update([event_id for event_id in self.seen if event_id <= floor])


@dataclass
class NotifierRound:
    """What one round queued, which events it read, and below which id none is re-read."""

    queued: int
    read: list[int]
    floor: int


def notify_citizens(session: Session, workflow: Workflow, *, now: datetime,
                    seen: frozenset[int] | set[int] = frozenset()) -> NotifierRound:
    """Queue a message for every new notifiable case event not in ``seen``."""
    cursor = session.get(EventCursor, CURSOR, with_for_update=True)
    if cursor is None:  # first run: processes starting together create it once
        insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" \
            else sqlite.insert
        session.execute(insert(EventCursor).values(name=CURSOR, last_event_id=0)
                        .on_conflict_do_nothing(index_elements=["name"]))
        cursor = session.get(EventCursor, CURSOR, with_for_update=True)
        assert cursor is not None, "created above or by another process"
    floor = cursor.last_event_id - LOOKBACK_EVENTS
    ids = session.scalars(
        select(CaseEvent.id)
        .where(CaseEvent.id > floor)
        .where(CaseEvent.action.in_(NEWS_ACTIONS))
        .where(or_(CaseEvent.action != "step_completed",
                   CaseEvent.actor_kind.in_(("officer", "citizen"))))
        .order_by(CaseEvent.id)
        .limit(BATCH + LOOKBACK_EVENTS)
    ).all()
    unread = [event_id for event_id in ids if event_id not in seen]
    if not unread:
        return NotifierRound(0, [], floor)
    events = session.scalars(select(CaseEvent).where(CaseEvent.id.in_(unread))
                             .order_by(CaseEvent.id)).all()
    keys = {f"event:{e.id}" for e in events}
    done = set(session.scalars(select(OutboxMessage.dedupe_key)
                               .where(OutboxMessage.dedupe_key.in_(keys))))
    queued = sum(_notify(session, workflow, e, now) for e in events if f"event:{e.id}" not in done)
    cursor.last_event_id = max(cursor.last_event_id, ids[-1])
    return NotifierRound(queued, unread, cursor.last_event_id - LOOKBACK_EVENTS)
