"""A processing process hears of a stored message, or of a message another process queued to
send, at once (PostgreSQL LISTEN/NOTIFY): on commit, never for a rolled-back transaction, and
again after it reconnects. In one process, a committed transaction that queued a message wakes
the sender itself."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from backend.core.case_event_signals import NOTIFY_CHANNEL as EVENTS_CHANNEL
from backend.core.case_event_signals import on_case_events
from backend.core.messages import Channel, InboundMessage, OutboundMessage
from backend.core.models import Case
from backend.core.outbox import ALERT_PRIORITY, enqueue, on_queued
from backend.core.outbox import NOTIFY_CHANNEL as OUTBOX_CHANNEL
from backend.core.workflow.actors import Actor
from bot import wakeup
from bot.reception import Reception
from bot.spool import Spool
from bot.wakeup import InboxListener

NOW = datetime(2026, 12, 3, 4, 0, tzinfo=UTC)


def announce(session: Session, first_id: int) -> None:
    wakeup.announce(session.connection(), first_id)


def queue_one(session_factory: sessionmaker, key: str, *, priority: int = 5) -> None:
    with session_factory() as session, session.begin():
        enqueue(session, OutboundMessage(channel=Channel.TELEGRAM, recipient="501", text="ok"),
                dedupe_key=key, kind="reply", now=NOW, priority=priority)


class Heard:
    def __init__(self) -> None:
        self.count = 0
        self.changed = threading.Condition()

    def __call__(self) -> None:
        with self.changed:
            self.count += 1
            self.changed.notify_all()

    def wait_for(self, count: int, timeout: float = 10) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: self.count >= count, timeout=timeout)


def test_listener_hears_committed_announcements_only(pg_engine: Engine) -> None:
    heard = Heard()
    listener = InboxListener(pg_engine.url.render_as_string(hide_password=False), heard)
    listener.start()
    try:
        assert heard.wait_for(1)  # once at connection: for what was stored before
        sessions = sessionmaker(bind=pg_engine)
        with sessions() as session:
            announce(session, first_id=1)
            session.rollback()
        with sessions() as session, session.begin():
            announce(session, first_id=1)
        assert heard.wait_for(2)
        assert not heard.wait_for(3, timeout=1.5)  # the rolled-back one never arrives
    finally:
        listener.stop()


def test_listener_listens_again_after_its_connection_is_cut(pg_engine: Engine) -> None:
    heard = Heard()
    listener = InboxListener(pg_engine.url.render_as_string(hide_password=False), heard)
    listener.start()
    try:
        assert heard.wait_for(1)
        with pg_engine.begin() as connection:
            cut = connection.exec_driver_sql(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE query LIKE 'LISTEN %%' AND datname = current_database() "
                "AND pid <> pg_backend_pid()").all()
        assert cut and all(row[0] for row in cut)
        assert heard.wait_for(2)  # reconnected: told once for what came meanwhile
        with sessionmaker(bind=pg_engine)() as session, session.begin():
            announce(session, first_id=1)
        assert heard.wait_for(3)
    finally:
        listener.stop()


def test_a_message_queued_in_another_process_wakes_the_listeners_senders(
        pg_engine: Engine) -> None:
    inbox, queued = Heard(), Heard()
    listener = InboxListener(pg_engine.url.render_as_string(hide_password=False), inbox,
                             on_queued=queued)
    web_sessions = sessionmaker(bind=pg_engine)
    on_queued(web_sessions, lambda urgent: None, announce=True)
    listener.start()
    try:
        assert queued.wait_for(1)  # once at connection
        with web_sessions() as session:
            enqueue(session, OutboundMessage(channel=Channel.TELEGRAM, recipient="501",
                                             text="ok"), dedupe_key="wake:rolled-back",
                    kind="reply", now=NOW)
            session.rollback()
        queue_one(web_sessions, "wake:committed")
        assert queued.wait_for(2)
        assert not queued.wait_for(3, timeout=1.5)  # the rolled-back one never arrives
        assert inbox.count == 1  # a queued reply is not an inbound message
    finally:
        listener.stop()


def test_a_committed_transaction_that_queued_messages_wakes_this_processs_sender(
        pg_engine: Engine) -> None:
    woken: list[bool] = []
    sessions = sessionmaker(bind=pg_engine)
    on_queued(sessions, woken.append)
    with sessions() as session:
        enqueue(session, OutboundMessage(channel=Channel.TELEGRAM, recipient="502", text="x"),
                dedupe_key="wake:local-rolled-back", kind="reply", now=NOW)
        session.rollback()
    assert woken == []
    queue_one(sessions, "wake:local-routine")
    queue_one(sessions, "wake:local-alert", priority=ALERT_PRIORITY)
    assert woken == [False, True]  # routine, then urgent (an alert)


def open_kia_case(sessions: sessionmaker, workflow) -> None:  # type: ignore[no-untyped-def]
    with sessions() as session, session.begin():
        workflow.open_case(session, service_code="kia-0-5",
                           fields={"child_name": "Bagas Saputra",
                                   "kk_number": "1801050101200009"}, now=NOW)


def complete_first_step(sessions: sessionmaker, workflow) -> None:  # type: ignore[no-untyped-def]
    """The operator completes the KIA case's verification: news for its citizen."""
    operator = Actor(kind="officer", id="t-disdukcapil-operator", name="Petugas operator",
                     agency="disdukcapil", roles=frozenset({"operator"}))
    with sessions() as session, session.begin():
        case = session.scalars(select(Case).order_by(Case.id.desc())).first()
        workflow.complete(case, actor=operator, now=NOW)


def test_committed_case_events_wake_the_notifier_here_and_in_other_processes(
        pg_engine: Engine, workflow) -> None:  # type: ignore[no-untyped-def]
    here: list[bool] = []
    elsewhere = Heard()
    listener = InboxListener(pg_engine.url.render_as_string(hide_password=False), Heard(),
                             on_case_events=elsewhere)
    web_sessions = sessionmaker(bind=pg_engine)
    on_case_events(web_sessions, lambda: here.append(True), announce=True)
    listener.start()
    try:
        assert elsewhere.wait_for(1)  # once at connection
        with web_sessions() as session:
            workflow.open_case(session, service_code="kia-0-5",
                               fields={"child_name": "Dimas Pratama",
                                       "kk_number": "1801050101200017"}, now=NOW)
            session.rollback()
        assert here == []
        queue_one(web_sessions, "wake:no-event")  # an outbox row alone is no case event
        assert here == []
        open_kia_case(web_sessions, workflow)
        assert here == []  # an opening is no news for the citizen: no notifier round
        assert not elsewhere.wait_for(2, timeout=0.5)
        complete_first_step(web_sessions, workflow)
        assert here == [True]
        assert elsewhere.wait_for(2)
    finally:
        listener.stop()


def test_a_stored_message_wakes_its_own_process_at_once_and_the_others_later_once(
        pg_engine: Engine) -> None:
    """Addressed wake-ups (``halo work --rank R --of N``): id 4 is rank 0's of 2, ids 5 and 7
    rank 1's, which rank 0 looks at once, a deferral later (never for each message)."""
    heard = Heard()
    listener = InboxListener(pg_engine.url.render_as_string(hide_password=False), heard,
                             rank=0, of=2, defer=4.0)
    sessions = sessionmaker(bind=pg_engine)
    listener.start()
    try:
        assert heard.wait_for(1)  # once at connection
        with sessions() as session, session.begin():
            announce(session, first_id=4)
        assert heard.wait_for(2, timeout=3)  # its own: well before any deferral
        for other in (5, 7):
            with sessions() as session, session.begin():
                announce(session, first_id=other)
        assert not heard.wait_for(3, timeout=1.5)  # another process's: not at once
        assert heard.wait_for(3, timeout=10)  # but after the deferral, for both
        assert not heard.wait_for(4, timeout=1.5)
    finally:
        listener.stop()


def test_a_stored_batch_is_announced_once_it_is_committed(pg_engine: Engine,
                                                           tmp_path: Path) -> None:
    """The web process stores a batch with nothing to pre-alert without a transaction and then
    tells the processing processes; a batch of duplicates tells nobody."""
    heard = Heard()
    listener = InboxListener(pg_engine.url.render_as_string(hide_password=False), heard)
    listener.start()
    reception = Reception(sessionmaker(bind=pg_engine), lambda: NOW, alerts=None,
                          wake=lambda urgent: None, spool=Spool(tmp_path / "spool"),
                          intent_of=lambda text: "greet", announce_stored=True)
    try:
        assert heard.wait_for(1)
        messages = [InboundMessage(channel=Channel.TELEGRAM, platform_id=f"announce-{n}",
                                   sender="announce-1", text="halo") for n in (1, 2)]
        assert reception.accept_many(messages) == [True, True]
        assert heard.wait_for(2)
        assert reception.accept_many(messages) == [False, False]  # kept, and not told again
        assert not heard.wait_for(3, timeout=1.5)
    finally:
        listener.stop()


def test_notices_that_arrive_together_are_all_heard(pg_engine: Engine) -> None:
    """Another process's message, a reply queued by the web process and an officer's case
    events, committed together, reach the listener in one packet: starting the deferral for
    the first must not drop the others (before, the reply waited for the safety poll)."""
    inbox, queued, events = Heard(), Heard(), Heard()
    listener = InboxListener(pg_engine.url.render_as_string(hide_password=False), inbox,
                             on_queued=queued, on_case_events=events, rank=0, of=2, defer=4.0)
    sessions = sessionmaker(bind=pg_engine)
    listener.start()
    try:
        assert queued.wait_for(1) and events.wait_for(1) and inbox.wait_for(1)  # at connection
        with sessions() as session, session.begin():
            announce(session, first_id=5)  # rank 1's: rank 0 looks a deferral later
            session.execute(select(func.pg_notify(OUTBOX_CHANNEL, ""),
                                   func.pg_notify(EVENTS_CHANNEL, "")))
            announce(session, first_id=6)  # its own
        assert queued.wait_for(2, timeout=2)
        assert events.wait_for(2, timeout=2)
        assert inbox.wait_for(2, timeout=2)  # its own at once
        assert not inbox.wait_for(3, timeout=1)
        assert inbox.wait_for(3, timeout=10)  # the other's after the deferral
    finally:
        listener.stop()
