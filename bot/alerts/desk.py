"""The alert desk: open an incident with the first message, alert the piket at the front of the
outbox, update the alert in place, take button presses, escalate until someone answers."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from backend.core.config import AlertSettings, UnitAlertSettings
from backend.core.incidents import board_watched
from backend.core.messages import Button, Channel, InboundMessage, Location, OutboundMessage
from backend.core.models import Case, Conversation, OutboxMessage
from backend.core.models.alerts import Incident, IncidentEvent, IncidentReporter, IncidentStatus
from backend.core.models.incident_details import IncidentDetails
from backend.core.outbox import ALERT_PRIORITY, enqueue, enqueue_many, outbox_row
from backend.core.policies import DAMKAR_UNIT, INCIDENT_KINDS, PPA_SERVICE, PPA_UNIT
from backend.core.roster import OnDuty, member_by_telegram, on_duty
from backend.core.threads import Scope
from backend.core.workflow.engine import Workflow
from bot.alerts.texts import at
from dialogs.conversation import language_of
from dialogs.emergency import duplicate_question
from dialogs.ports import Reply
from dialogs.state import DialogState
from dialogs.texts import t

SIGNALS = ("ack", "depart", "arrive", "extra", "done", "return")
CITIZEN_TEXT = {"ack": "emergency_ack", "depart": "emergency_depart",
                "arrive": "emergency_arrive", "extra": "emergency_extra",
                "done": "emergency_done", "return": "emergency_return"}
NEXT_STATUS = {"ack": IncidentStatus.ACKNOWLEDGED, "depart": IncidentStatus.DEPARTED,
               "arrive": IncidentStatus.ARRIVED, "done": IncidentStatus.DONE,
               "return": IncidentStatus.RETURNED}
STAMP = {"ack": "acknowledged_at", "depart": "departed_at", "arrive": "arrived_at",
         "done": "finished_at", "return": "returned_at"}


def distance_meters(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * 6_371_000 * math.asin(math.sqrt(h))


def _coordinates(value: str) -> tuple[float, float] | None:
    """A shared pin's "lat,lon"; None for a typed place ("Jl. Mawar 3, dekat pasar")."""
    latitude, _, longitude = value.partition(",")
    try:
        point = float(latitude), float(longitude)
    except ValueError:
        return None
    return point if abs(point[0]) <= 90 and abs(point[1]) <= 180 else None


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
        fallback = [str(c) for c in self.unit_settings(unit).telegram_chat_ids]
        return on_duty(session, unit, now, self.zone, fallback)

    @staticmethod
    def record(incident: Incident, action: str, now: datetime, actor: str | None = None,
               note: str | None = None) -> None:
        """Append one time-stamped step to the incident's timeline."""
        incident.events.append(IncidentEvent(at=now, action=action, actor=actor, note=note))

    # ----- the report side (called by the pipeline when the citizen's report changes) -----
    def pre_alert(self, session: Session, reports: list[tuple[InboundMessage, str, int]],
                  now: datetime) -> None:
        """Called while the webhooks are acknowledged: the piket hears of fire and rescue
        reports (message, kind, inbound id) at once, before they are processed; the full alert
        later replaces each in place."""
        duty = self.duty(session, DAMKAR_UNIT, now)
        rows = []
        for message, kind, inbound_id in reports:
            text = (f"{at(f'{kind}_title')} (baru masuk)\n{(message.text or '')[:300]}\n"
                    f"{at('status_open')}")
            rows += [outbox_row(OutboundMessage(channel=Channel.TELEGRAM, recipient=chat,
                                                text=text),
                                dedupe_key=f"prealert:{inbound_id}:{chat}", kind="alert",
                                now=now, priority=ALERT_PRIORITY)
                     for chat in duty.group_chat_ids]
        enqueue_many(session, rows)

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
            self.record(incident, "no_channel", now)  # never "sent" when nobody can be reached
            incident.unreachable_at = now
            return [Reply(text=t("emergency_unreachable", state.language))]
        if inbound_id is not None:
            self._fold_pre_alerts(session, incident, inbound_id, now)
        self._update_case_fields(session, incident, state, now)
        self._apply_answers(incident, state)
        if state.merge_answer is not None and state.duplicate_of:
            return self._merge(session, incident, conversation, state, now)
        duplicate = self._find_duplicate(session, incident, now)
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
        incident = Incident(unit=DAMKAR_UNIT, kind=INCIDENT_KINDS[code], case_id=case.id,
                            created_at=now, status=IncidentStatus.OPEN, details=IncidentDetails(),
                            next_escalation_at=now + timedelta(
                                seconds=self.settings.damkar.ack_timeout_seconds))
        incident.reporters.append(IncidentReporter(conversation_id=conversation.id,
                                                   created_at=now))
        self._apply_answers(incident, state)
        if inbound_id is not None:  # the pre-alert becomes this incident's alert
            rows = session.scalars(select(OutboxMessage).where(
                OutboxMessage.dedupe_key.like(f"prealert:{inbound_id}:%"))).all()
            for row in rows:  # same ordering thread as the edits that follow
                row.case_id = case.id
            incident.details = incident.details.model_copy(
                update={"alerts": {r.recipient: r.id for r in rows}})
        session.add(incident)
        session.flush()
        self.record(incident, "reported", now)
        self.publish(session, incident, now)
        return incident

    def _fold_pre_alerts(self, session: Session, incident: Incident, inbound_id: int,
                         now: datetime) -> None:
        """An answer of a running report that itself names a fire ("apinya besar") was
        pre-alerted as a new report when it arrived: say in place that it belongs to this one,
        so the crew never turns out twice."""
        rows = session.scalars(select(OutboxMessage).where(
            OutboxMessage.dedupe_key.like(f"prealert:{inbound_id}:%"))).all()
        for row in rows:
            note = OutboundMessage(channel=Channel.TELEGRAM, recipient=row.recipient,
                                   text=at("folded", incident=incident.id), edit_of=row.id)
            # Not in the incident's ordering thread: it waits for its pre-alert to be sent
            # and must not hold back the incident's own updates meanwhile.
            enqueue(session, note, dedupe_key=f"prealert-fold:{row.id}", kind="alert_edit",
                    now=now, priority=ALERT_PRIORITY)

    def _update_case_fields(self, session: Session, incident: Incident, state: DialogState,
                            now: datetime) -> None:
        case = session.get(Case, incident.case_id) if incident.case_id else None
        if case is not None:
            self.workflow.update_fields(case, state.answers, now=now)

    @staticmethod
    def _apply_answers(incident: Incident, state: DialogState) -> None:
        answers: dict[str, str] = {}
        for name, value in state.answers.items():
            if not value:
                continue
            if name in IncidentDetails.answer_names():
                answers[name] = state.displays.get(name, value)
            if name.endswith("location") and (point := _coordinates(value)) is not None:
                incident.latitude, incident.longitude = point
            if name.endswith("location"):
                incident.place = state.displays.get(name, value)
        incident.details = incident.details.model_copy(update=answers)

    def _find_duplicate(self, session: Session, incident: Incident,
                        now: datetime) -> Incident | None:
        if incident.place is None:
            return None
        window = now - timedelta(minutes=self.settings.duplicate_window_minutes)
        candidates = session.scalars(select(Incident).where(
            Incident.unit == incident.unit, Incident.id != incident.id,
            Incident.created_at >= window,
            Incident.status.not_in([IncidentStatus.DONE, IncidentStatus.RETURNED]),
        ).order_by(Incident.created_at)).all()
        for other in candidates:
            if other.details.merged_into:
                continue
            if incident.latitude is not None and other.latitude is not None and (
                distance_meters((incident.latitude, incident.longitude or 0),
                                (other.latitude, other.longitude or 0))
                <= self.settings.duplicate_radius_meters):
                return other
            if other.place and incident.place and other.place.lower() == incident.place.lower():
                return other
        return None

    def _merge(self, session: Session, incident: Incident, conversation: Conversation,
               state: DialogState, now: datetime) -> list[Reply]:
        original = session.get(Incident, state.duplicate_of, with_for_update=True)
        same, state.merge_answer = state.merge_answer, None
        if not same or original is None:
            self.record(incident, "not_duplicate", now, note=f"#{state.duplicate_of}")
            self.publish(session, incident, now)
            return []
        original.reporters.append(IncidentReporter(conversation_id=conversation.id,
                                                   created_at=now))
        incident.details = incident.details.model_copy(update={"merged_into": original.id})
        incident.status = IncidentStatus.DONE
        incident.next_escalation_at = None
        self.record(incident, "merged", now, note=f"#{original.id}")
        self.record(original, "reporter_added", now)
        state.incident_id = original.id
        self.publish(session, incident, now)
        self.publish(session, original, now)
        return []

    def on_case_changed(self, session: Session, case: Case, now: datetime) -> None:
        """A PPA report that says someone is in danger now (or an agent marks Urgent) alerts
        the PPA on-call at once, once per case."""
        if case.service_code != PPA_SERVICE:
            return
        fields = {f.name: f.value.lower() for f in case.fields}
        danger = fields.get("in_danger") == "ya" or fields.get("urgency") == "urgent"
        if danger and session.scalar(select(Incident.id).where(
                Incident.unit == PPA_UNIT, Incident.case_id == case.id)) is None:
            self.raise_ppa(session, case, now)

    def raise_ppa(self, session: Session, case: Case, now: datetime) -> Incident:
        """A life-threatening PPA report: alert the PPA on-call, with no story in the text."""
        incident = Incident(unit=PPA_UNIT, kind="ppa", case_id=case.id, created_at=now,
                            status=IncidentStatus.OPEN, details=IncidentDetails(),
                            next_escalation_at=now + timedelta(
                                seconds=self.settings.ppa.ack_timeout_seconds))
        session.add(incident)
        session.flush()
        self.record(incident, "reported", now)
        self.publish(session, incident, now)
        return incident

    # ----- the alert message -------------------------------------------------------------
    def _status_line(self, incident: Incident) -> str:
        def when(moment: datetime | None) -> str:
            return moment.astimezone(self.zone).strftime("%H:%M") if moment else "-"
        if incident.details.merged_into:
            return f"Digabung ke laporan #{incident.details.merged_into}"
        lines = [at("status_open")] if incident.acknowledged_at is None else [
            at("status_acknowledged", who=incident.acknowledged_by or "-",
               at=when(incident.acknowledged_at))]
        for signal in ("depart", "arrive", "done", "return"):
            moment = getattr(incident, STAMP[signal])
            if moment:
                lines.append(at(f"status_{NEXT_STATUS[signal].value}", at=when(moment)))
        for moment in incident.details.extra_units:
            lines.append(at("extra_units", at=when(moment)))
        return "\n".join(lines)

    def alert_text(self, incident: Incident) -> str:
        """The piket's view of the incident, rebuilt from its current state."""
        if incident.unit == PPA_UNIT:  # discreet: no story, no name, no place
            return at("ppa_body", incident=incident.id) + "\n" + self._status_line(incident)
        details = incident.details
        unknown = at("unknown")
        truck = details.truck_access or unknown
        return at("alert_body", title=at(f"{incident.kind}_title"), incident=incident.id,
                  place=incident.place or unknown,
                  directions=details.directions or unknown, truck=truck,
                  reporter=details.reporter_name or unknown,
                  reporters=len(incident.reporters),
                  reported_at=incident.created_at.astimezone(self.zone).strftime("%d-%m %H:%M"),
                  status=self._status_line(incident))

    @staticmethod
    def offered_signals(incident: Incident) -> list[str]:
        """The crew buttons the incident shows now, in order."""
        if incident.details.merged_into or incident.returned_at:
            return []
        if incident.acknowledged_at is None:
            return ["ack"]
        return [] if incident.unit == PPA_UNIT else ["depart", "arrive", "extra", "done", "return"]

    def _buttons(self, incident: Incident) -> list[Button]:
        return [Button(label=at(f"button_{s}"), payload=f"inc:{incident.id}:{s}")
                for s in self.offered_signals(incident)]

    def publish(self, session: Session, incident: Incident, now: datetime) -> None:
        """Send the alert (first time) or edit it in place (every change), alerts first."""
        sent = dict(incident.details.alerts)
        duty = self.duty(session, incident.unit, now)
        version = incident.details.revision + 1
        for chat in duty.group_chat_ids:
            message = OutboundMessage(channel=Channel.TELEGRAM, recipient=chat,
                                      text=self.alert_text(incident),
                                      buttons=self._buttons(incident),
                                      edit_of=sent.get(chat))
            key = f"alert:{incident.id}:{chat}:{version}"
            enqueue(session, message, dedupe_key=key, kind="alert" if chat not in sent else
                    "alert_edit", now=now, priority=ALERT_PRIORITY, case_id=incident.case_id)
            if chat not in sent:
                sent[chat] = session.scalar(select(OutboxMessage.id).where(
                    OutboxMessage.dedupe_key == key))
        pinned = incident.details.pinned
        if not pinned and incident.latitude is not None and incident.longitude is not None:
            for chat in duty.group_chat_ids:
                self._send_pin(session, incident, chat, now)
            pinned = bool(duty.group_chat_ids)
        incident.details = incident.details.model_copy(
            update={"alerts": sent, "revision": version, "pinned": pinned})

    def _send_pin(self, session: Session, incident: Incident, chat: str, now: datetime) -> None:
        pin = OutboundMessage(channel=Channel.TELEGRAM, recipient=chat,
                              location=Location(latitude=incident.latitude or 0,
                                                longitude=incident.longitude or 0))
        enqueue(session, pin, dedupe_key=f"alert-pin:{incident.id}:{chat}", kind="alert_pin",
                now=now, priority=ALERT_PRIORITY, case_id=incident.case_id)

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
            self.record(incident, "press_refused", now, note=message.user_id)
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
        if signal == "extra":
            incident.details = incident.details.model_copy(
                update={"extra_units": (*incident.details.extra_units, now)})
        else:
            if getattr(incident, STAMP[signal]) is not None:
                return False
            setattr(incident, STAMP[signal], now)
            incident.status = NEXT_STATUS[signal]
        if signal == "ack":
            incident.acknowledged_by = who
            incident.next_escalation_at = None
            if incident.delivered_at is None:  # taken, so it reached someone
                incident.delivered_at, incident.delivered_via = now, via
        self.record(incident, signal, now, actor=who, note=via)
        self._advance_case(session, incident, signal, who, actor_id, now)
        self._tell_reporters(session, incident, CITIZEN_TEXT[signal], signal, now)
        self.publish(session, incident, now)
        return True

    def case_step_completed(self, session: Session, case: Case, step_id: str,
                            outcome: str | None, *, who: str, actor_id: str,
                            now: datetime) -> None:
        """A step of a damkar case completed on the case page is the crew signal its button
        would have sent: the step's ``signal`` in the catalog (Terima for s2, Berangkat for
        s4, ...), or its chosen branch's (s6's branch back: more engines)."""
        step = self.workflow.definition(case).step(step_id)
        branch = next((o for o in step.outcomes if outcome in (o.label, o.kind.value)), None)
        signal = branch.signal if branch is not None and branch.signal else step.signal
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
        self.record(incident, "delivered", now, note=via)
        self._tell_reporters(session, incident, "emergency_delivered", "delivered", now)

    def unreachable(self, session: Session, incident: Incident, now: datetime) -> None:
        """No alert reached anyone in time: tell the reporters to call 113/112 now, once."""
        if incident.unreachable_at is not None:
            return
        incident.unreachable_at = now
        self.record(incident, "undelivered", now)
        self._tell_reporters(session, incident, "emergency_unreachable", "undelivered", now)

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
        target = next((step.id for step in self.workflow.definition(case).steps
                       if step.signal == signal), None)
        if target is None:
            return
        self.workflow.advance_to(case, target, actor_id=actor_id, actor_name=who, now=now)

    def _tell_reporters(self, session: Session, incident: Incident, text: str, tag: str,
                        now: datetime) -> None:
        """Queue ``text`` for every reporter (``tag``: what it is about, for its dedupe key)."""
        case = session.get(Case, incident.case_id) if incident.case_id else None
        scope = Scope(thread=case.thread if case else None)
        for reporter in incident.reporters:
            conversation = session.get(Conversation, reporter.conversation_id)
            if conversation is None:
                continue
            language = language_of(conversation)
            message = OutboundMessage(channel=Channel(conversation.channel),
                                      recipient=conversation.external_id,
                                      text=t(text, language))
            enqueue(session, message, dedupe_key=f"inc:{incident.id}:{tag}:{reporter.id}:"
                    f"{len(incident.events)}", kind="emergency_update", now=now,
                    priority=ALERT_PRIORITY, case_id=incident.case_id, scope=scope)

