"""The alert desk: opens an incident with a report's first message, keeps the piket's alert
current, takes the crew's signals (buttons, the board, the case page) and tells the reporters.
The rules are the core's (``incident_reports``, ``incident_signals``); what is queued,
``outbound``."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core.config import AlertSettings, UnitAlertSettings
from backend.core.incident_reports import (
    find_duplicate,
    merge_into,
    needs_ppa_alert,
    open_incident,
    take_answers,
)
from backend.core.incident_signals import (
    SIGNALS,
    offered_signals,
    record,
    signal_of_step,
    stamp_signal,
    step_of_signal,
)
from backend.core.incidents import board_watched
from backend.core.messages import Channel, InboundMessage
from backend.core.models import Case, Conversation
from backend.core.models.alerts import Incident, IncidentReporter
from backend.core.policies import DAMKAR_UNIT, INCIDENT_KINDS, PPA_UNIT
from backend.core.roster import OnDuty, group_chats, member_by_telegram, on_duty
from backend.core.workflow.engine import Workflow
from bot.alerts.outbound import (
    adopt_pre_alerts,
    fold_pre_alerts,
    publish_alert,
    queue_pre_alerts,
    tell_reporters,
)
from bot.alerts.timers import opened
from dialogs.emergency import duplicate_question
from dialogs.ports import Reply
from dialogs.state import DialogState
from dialogs.texts import t

ALERTING_CHANNELS = frozenset({Channel.TELEGRAM, Channel.SMS, Channel.VOICE})


class AlertDesk:
    def __init__(self, settings: AlertSettings, workflow: Workflow, zone: ZoneInfo,
                 reachable: frozenset[Channel] = ALERTING_CHANNELS) -> None:
        self.settings = settings
        self.workflow = workflow
        self.zone = zone
        self.reachable = reachable  # the channels this deployment can send on

    def routes(self, session: Session, unit: str, now: datetime) -> list[str]:
        """How the people on duty can be reached now: the piket's Telegram group, a console
        board a signed-in officer has open, phones for the escalation's SMS and calls."""
        duty = self.duty(session, unit, now)
        phones = [m.phone for m in [duty.commander, *duty.kasie, *duty.kabid] if m and m.phone]
        watch = timedelta(seconds=self.settings.board_watch_seconds)
        found = {"telegram": Channel.TELEGRAM in self.reachable and bool(duty.group_chat_ids),
                 "board": board_watched(session, unit, now, watch),
                 "sms": Channel.SMS in self.reachable and bool(phones),
                 "voice": Channel.VOICE in self.reachable and bool(phones)}
        return [route for route, ok in found.items() if ok]

    def unit_settings(self, unit: str) -> UnitAlertSettings:
        return self.settings.ppa if unit == PPA_UNIT else self.settings.damkar

    def duty(self, session: Session, unit: str, now: datetime) -> OnDuty:
        """Who is alerted for ``unit`` now (roster, else the configured group chats)."""
        return on_duty(session, unit, now, self.zone, self._configured_chats(unit))

    def _configured_chats(self, unit: str) -> list[str]:
        return [str(c) for c in self.unit_settings(unit).telegram_chat_ids]

    offered_signals = staticmethod(offered_signals)

    def publish(self, session: Session, incident: Incident, now: datetime) -> None:
        """Send the alert to the people on duty (first time) or edit it in place."""
        chats = group_chats(session, incident.unit, self._configured_chats(incident.unit))
        publish_alert(session, incident, chats, self.zone, now)

    # ----- the report side (called by the pipeline when the citizen's report changes) -----
    def pre_alert(self, session: Session, reports: list[tuple[InboundMessage, str, int]],
                  now: datetime) -> None:
        """Called while the webhooks are acknowledged: the piket hears of fire and rescue
        reports (message, kind, inbound id) at once, before they are processed; the full alert
        later replaces each in place."""
        chats = group_chats(session, DAMKAR_UNIT, self._configured_chats(DAMKAR_UNIT))
        queue_pre_alerts(session, reports, chats, now)

    def sync(self, session: Session, conversation: Conversation, state: DialogState,
             now: datetime, inbound_id: int | None = None,
             thread: str | None = None) -> list[Reply]:
        """Open or update the incident of this conversation's report (``thread``: the report's
        message thread, kept by its case); replies for the citizen."""
        state.emergency_sync = False
        code = state.service or ""
        if code not in INCIDENT_KINDS:
            return []
        # Locked first, before any outbox row: turns, button presses and the escalation take
        # an incident's lock in the same order (the escalation skips a locked one).
        incident = (session.get(Incident, state.incident_id, with_for_update=True)
                    if state.incident_id else None)
        if incident is None:
            incident = self._open(session, conversation, code, state, now, inbound_id, thread)
            state.incident_id = incident.id
            if self.routes(session, incident.unit, now):
                return []
            record(incident, "no_channel", now)  # never "sent" when nobody can be reached
            incident.unreachable_at = now
            return [Reply(text=t("emergency_unreachable", state.language))]
        if inbound_id is not None:
            fold_pre_alerts(session, incident, inbound_id, now)
        case = session.get(Case, incident.case_id) if incident.case_id else None
        if case is not None:
            self.workflow.update_fields(case, state.answers, now=now)
        take_answers(incident, state.answers, state.displays)
        if state.merge_answer is not None and state.duplicate_of:
            return self._merge(session, incident, conversation, state, now)
        duplicate = find_duplicate(
            session, incident, now, timedelta(minutes=self.settings.duplicate_window_minutes),
            self.settings.duplicate_radius_meters)
        if duplicate is not None and state.duplicate_of is None:
            state.duplicate_of = duplicate.id
            minutes = max(1, int((now - duplicate.created_at).total_seconds() // 60))
            return [duplicate_question(state, duplicate.place or "-", minutes)]
        self.publish(session, incident, now)
        return []

    def _open(self, session: Session, conversation: Conversation, code: str,
              state: DialogState, now: datetime, inbound_id: int | None,
              thread: str | None) -> Incident:
        case = self.workflow.open_case(session, service_code=code, fields=state.answers, now=now,
                                       citizen_id=conversation.citizen_id,
                                       channel=conversation.channel, thread=thread)
        incident = open_incident(DAMKAR_UNIT, INCIDENT_KINDS[code], case.id, now, timedelta(
            seconds=self.settings.damkar.ack_timeout_seconds))
        incident.reporters.append(IncidentReporter(conversation_id=conversation.id,
                                                   created_at=now))
        take_answers(incident, state.answers, state.displays)
        if inbound_id is not None:  # the pre-alert becomes this incident's alert
            adopt_pre_alerts(session, incident, inbound_id)
        session.add(incident)
        session.flush()
        record(incident, "reported", now)
        opened(session)
        self.publish(session, incident, now)
        return incident

    def _merge(self, session: Session, incident: Incident, conversation: Conversation,
               state: DialogState, now: datetime) -> list[Reply]:
        original = session.get(Incident, state.duplicate_of, with_for_update=True)
        same, state.merge_answer = state.merge_answer, None
        if not same or original is None:
            record(incident, "not_duplicate", now, note=f"#{state.duplicate_of}")
            self.publish(session, incident, now)
            return []
        merge_into(incident, original, conversation.id, now)
        state.incident_id = original.id
        self.publish(session, incident, now)
        self.publish(session, original, now)
        return []

    def on_case_changed(self, session: Session, case: Case, now: datetime) -> None:
        """A PPA report that says someone is in danger now (or an agent marks Urgent) alerts
        the PPA on-call at once, once per case."""
        if needs_ppa_alert(session, case):
            self.raise_ppa(session, case, now)

    def raise_ppa(self, session: Session, case: Case, now: datetime) -> Incident:
        """A life-threatening PPA report: alert the PPA on-call, with no story in the text."""
        incident = open_incident(PPA_UNIT, "ppa", case.id, now, timedelta(
            seconds=self.settings.ppa.ack_timeout_seconds))
        session.add(incident)
        session.flush()
        record(incident, "reported", now)
        opened(session)
        self.publish(session, incident, now)
        return incident

    # ----- the piket side ------------------------------------------------------------------
    def press(self, session: Session, message: InboundMessage, now: datetime) -> bool:
        """A button on an alert; False when it is not an alert button or not allowed."""
        parts = (message.payload or "").split(":")
        if len(parts) != 3 or parts[0] != "inc" or parts[2] not in SIGNALS:
            return False
        incident = (session.get(Incident, int(parts[1]), with_for_update=True)
                    if parts[1].isdigit() else None)  # two presses at once: the first wins
        if incident is None:
            return False
        who = self._authorised(session, incident, message, now)
        if who is None:
            record(incident, "press_refused", now, note=message.user_id)
            return True
        self.apply(session, incident, parts[2], who=who, actor_id=f"tg:{message.user_id}",
                   via="telegram", now=now)
        return True

    def apply(self, session: Session, incident: Incident, signal: str, *, who: str,
              actor_id: str, via: str, now: datetime) -> bool:
        """One crew signal (Telegram, the console board, a case-page step) on a locked
        incident: stamp it, complete the SOP steps, tell the reporters, update the alert.
        False when it changes nothing (a second Terima: the first one wins)."""
        if signal == "ack" and incident.acknowledged_at is not None:
            self.publish(session, incident, now)  # shows who already took it
            return False
        if not stamp_signal(incident, signal, who=who, via=via, now=now):
            return False
        self._advance_case(session, incident, signal, who, actor_id, now)
        tell_reporters(session, incident, f"emergency_{signal}", signal, now)
        self.publish(session, incident, now)
        return True

    def case_step_completed(self, session: Session, case: Case, step_id: str,
                            outcome: str | None, *, who: str, actor_id: str,
                            now: datetime) -> None:
        """A step of a damkar case completed on the case page is the crew signal its button
        would have sent."""
        signal = signal_of_step(self.workflow.definition(case).step(step_id), outcome)
        if signal is None:
            return
        incident = session.scalar(select(Incident).where(
            Incident.case_id == case.id, Incident.unit == DAMKAR_UNIT).with_for_update())
        if incident is not None:
            self.apply(session, incident, signal, who=who, actor_id=actor_id, via="console",
                       now=now)

    def delivered(self, session: Session, incident: Incident, via: str,
                  now: datetime) -> None:
        """An alert reached someone on ``via``: tell the reporters so, once."""
        if incident.delivered_at is not None:
            return
        incident.delivered_at, incident.delivered_via = now, via
        record(incident, "delivered", now, note=via)
        tell_reporters(session, incident, "emergency_delivered", "delivered", now,
                       still_asking="emergency_question_above")

    def unreachable(self, session: Session, incident: Incident, now: datetime) -> None:
        """No alert reached anyone in time: tell the reporters to call 113/112 now, once."""
        if incident.unreachable_at is not None:
            return
        incident.unreachable_at = now
        record(incident, "undelivered", now)
        tell_reporters(session, incident, "emergency_unreachable", "undelivered", now)

    def _authorised(self, session: Session, incident: Incident, message: InboundMessage,
                    now: datetime) -> str | None:
        """The presser's name if they are on the roster (or, without a roster, in the group)."""
        member = member_by_telegram(session, incident.unit, message.user_id)
        if member is not None:
            return member.name
        duty = self.duty(session, incident.unit, now)
        has_roster = duty.team is not None or duty.kasie or duty.kabid
        if not has_roster and message.sender in duty.group_chat_ids:
            return message.sender_name or f"tg:{message.user_id}"
        return None

    def _advance_case(self, session: Session, incident: Incident, signal: str, who: str,
                      actor_id: str, now: datetime) -> None:
        case = session.get(Case, incident.case_id) if incident.case_id else None
        if case is None or incident.unit != DAMKAR_UNIT:
            return
        target = step_of_signal(self.workflow.definition(case), signal)
        if target is not None:
            self.workflow.advance_to(case, target, actor_id=actor_id, actor_name=who, now=now)
