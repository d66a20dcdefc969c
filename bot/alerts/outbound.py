"""What the alert desk queues in the outbox, alerts first: the piket's alerts (sent, then edited
in place), their pins, the pre-alerts of reports just in, and the reporters' updates."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from backend.core.messages import Channel, InboundMessage, Location, OutboundMessage
from backend.core.models import Case, Conversation, OutboxMessage
from backend.core.models.alerts import Incident
from backend.core.models.outbox import PRE_ALERTS
from backend.core.outbox import ALERT_PRIORITY, enqueue, enqueue_many, outbox_row
from backend.core.threads import Scope
from bot.alerts.render import alert_buttons, alert_text, pre_alert_text
from bot.alerts.texts import at
from dialogs.conversation import asking_about_report, language_of
from dialogs.texts import t


def queue_pre_alerts(session: Session, reports: list[tuple[InboundMessage, str, int]],
              chats: list[str], now: datetime) -> None:
    """Alert ``chats`` of each fire or rescue report (message, kind, inbound id) at once."""
    rows = []
    for message, kind, inbound_id in reports:
        text = pre_alert_text(kind, message.text)
        rows += [outbox_row(OutboundMessage(channel=Channel.TELEGRAM, recipient=chat,
                                            text=text),
                            dedupe_key=f"prealert:{inbound_id}:{chat}", kind="alert",
                            now=now, priority=ALERT_PRIORITY)
                 for chat in chats]
    enqueue_many(session, rows)


def pre_alerts_of(inbound_id: int) -> Select[OutboxMessage]:
    """The inbound message's pre-alerts that no incident has adopted: through the index
    ``ix_outbox_prealerts``, whose condition is written as is so that the planner can use it
    (a LIKE alone reads the whole outbox)."""
    return select(OutboxMessage).where(
        PRE_ALERTS, OutboxMessage.dedupe_key.like(f"prealert:{inbound_id}:%"))


def _pre_alerts(session: Session, inbound_id: int) -> list[OutboxMessage]:
    return list(session.scalars(pre_alerts_of(inbound_id)).all())


def adopt_pre_alerts(session: Session, incident: Incident, inbound_id: int) -> None:
    """The pre-alerts of the report become the new incident's alerts, edited from now on."""
    rows = _pre_alerts(session, inbound_id)
    for row in rows:  # same ordering thread as the edits that follow
        row.case_id = incident.case_id
    incident.details = incident.details.model_copy(
        update={"alerts": {r.recipient: r.id for r in rows}})


def fold_pre_alerts(session: Session, incident: Incident, inbound_id: int,
                    now: datetime) -> None:
    """An answer of a running report that itself names a fire ("apinya besar") was
    pre-alerted as a new report when it arrived: say in place that it belongs to this one,
    so the crew never turns out twice."""
    for row in _pre_alerts(session, inbound_id):
        note = OutboundMessage(channel=Channel.TELEGRAM, recipient=row.recipient,
                               text=at("folded", incident=incident.id), edit_of=row.id)
        # Not in the incident's ordering thread: it waits for its pre-alert to be sent
        # and must not hold back the incident's own updates meanwhile.
        enqueue(session, note, dedupe_key=f"prealert-fold:{row.id}", kind="alert_edit",
                now=now, priority=ALERT_PRIORITY)


def publish_alert(session: Session, incident: Incident, chats: list[str], zone: ZoneInfo,
            now: datetime) -> None:
    """Send the alert to ``chats`` (first time) or edit it in place (every change)."""
    sent = dict(incident.details.alerts)
    version = incident.details.revision + 1
    for chat in chats:
        message = OutboundMessage(channel=Channel.TELEGRAM, recipient=chat,
                                  text=alert_text(incident, zone),
                                  buttons=alert_buttons(incident), edit_of=sent.get(chat))
        key = f"alert:{incident.id}:{chat}:{version}"
        enqueue(session, message, dedupe_key=key, kind="alert" if chat not in sent else
                "alert_edit", now=now, priority=ALERT_PRIORITY, case_id=incident.case_id)
        if chat not in sent:
            sent[chat] = session.scalar(select(OutboxMessage.id).where(
                OutboxMessage.dedupe_key == key))
    pinned = incident.details.pinned
    if not pinned and incident.latitude is not None and incident.longitude is not None:
        for chat in chats:
            _send_pin(session, incident, chat, now)
        pinned = bool(chats)
    incident.details = incident.details.model_copy(
        update={"alerts": sent, "revision": version, "pinned": pinned})


def _send_pin(session: Session, incident: Incident, chat: str, now: datetime) -> None:
    pin = OutboundMessage(channel=Channel.TELEGRAM, recipient=chat,
                          location=Location(latitude=incident.latitude or 0,
                                            longitude=incident.longitude or 0))
    enqueue(session, pin, dedupe_key=f"alert-pin:{incident.id}:{chat}", kind="alert_pin",
            now=now, priority=ALERT_PRIORITY, case_id=incident.case_id)


def tell_reporters(session: Session, incident: Incident, text: str, tag: str,
                   now: datetime, *, still_asking: str | None = None) -> None:
    """Queue ``text`` for every reporter (``tag``: what it is about, for its dedupe key);
    ``still_asking``: a line added for a reporter the bot is still asking about the report
    (this notice arrives after its question)."""
    case = session.get(Case, incident.case_id) if incident.case_id else None
    scope = Scope(thread=case.thread if case else None)
    for reporter in incident.reporters:
        conversation = session.get(Conversation, reporter.conversation_id)
        if conversation is None:
            continue
        language = language_of(conversation)
        lines = [t(text, language)]
        if still_asking is not None and asking_about_report(conversation):
            lines.append(t(still_asking, language))
        message = OutboundMessage(channel=Channel(conversation.channel),
                                  recipient=conversation.external_id, text="\n\n".join(lines))
        enqueue(session, message, dedupe_key=f"inc:{incident.id}:{tag}:{reporter.id}:"
                f"{len(incident.events)}", kind="emergency_update", now=now,
                priority=ALERT_PRIORITY, case_id=incident.case_id, scope=scope)
