"""A processing process (``halo work``): dialog turns, routine sending, citizen notifications
and the SLA watch, beside web processes that only receive (see ``bot.runner.Role``)."""

from __future__ import annotations

import os
import signal
import threading

from backend.app.wiring import build_runtime
from backend.core.clock import system_clock
from backend.core.config import Settings
from backend.core.db import make_engine, session_factory, transaction
from backend.core.logging import configure_logging, get_logger
from backend.core.services_sync import sync_services
from backend.core.workflow.factory import build_workflow
from bot.runner import Role
from bot.wakeup import InboxListener
from nlu.fallback import warm_up as warm_up_classifier

log = get_logger(__name__)


def run_work(settings: Settings, *, rank: int = 0, of: int = 1) -> None:
    """Process until SIGTERM or SIGINT, then finish the rounds in flight and return; ``rank``
    of ``of``: which stored messages this process is woken for first (see ``bot.wakeup``)."""
    configure_logging(settings.log_level)
    if settings.workers.nice:
        os.nice(settings.workers.nice)  # webhooks and alerts first when the CPU is short
    engine = make_engine(settings.sqlalchemy_url())
    workflow = build_workflow(settings)
    sessions = session_factory(engine)
    with transaction(sessions) as session:
        sync_services(session, workflow.catalog)
    runtime = build_runtime(settings, sessions, workflow, system_clock, role=Role.WORK)
    warm_up_classifier()
    workflow.calendar.warm_up(system_clock().date())
    stopping = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stopping.set())
    runtime.workers.start_in_thread(on_stop=runtime.channels.close)
    listener = InboxListener(settings.sqlalchemy_url(), runtime.workers.wake,
                             on_queued=runtime.workers.wake_outbox,
                             on_case_events=runtime.workers.wake_notifier, rank=rank, of=of)
    listener.start()
    log.info("work_started", pid=os.getpid())
    stopping.wait()
    listener.stop()
    runtime.workers.stop_thread()
    engine.dispose()
    log.info("work_stopped", pid=os.getpid())
