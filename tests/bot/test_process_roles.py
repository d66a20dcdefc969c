"""``halo serve --workers N`` splits receiving from processing: the web process acknowledges a
fire report and alerts the piket without running a dialog turn; a processing process, woken
through LISTEN/NOTIFY, then answers the citizen."""

from __future__ import annotations

import time
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from backend.app.web import create_app
from backend.app.wiring import build_runtime
from backend.core.clock import system_clock
from backend.core.config import Settings
from backend.core.db import session_factory
from backend.core.models import InboundRecord, InboundStatus
from bot.runner import Role
from bot.wakeup import InboxListener
from tests.fakes.telegram import FakeTelegram
from tests.support.app import app_settings
from tests.support.waiting import eventually, texts_to

SECRET = "rahasia-peran"  # noqa: S105
GROUP = "-100424242"
REPORTER = 991001


def test_the_web_process_alerts_and_a_work_process_answers(
        pg_engine: Engine, settings: Settings, tmp_path: Path,
        fake_telegram: FakeTelegram) -> None:
    telegram = fake_telegram
    configured = app_settings(
        settings, tmp_path,
        telegram=settings.telegram.model_copy(update={
            "token": telegram.token, "api_base": telegram.api_base, "webhook_secret": SECRET}),
        alerts=settings.alerts.model_copy(update={"damkar": settings.alerts.damkar.model_copy(
            update={"telegram_chat_ids": [GROUP]})}))
    web = create_app(configured, engine=pg_engine, migrate=False, role=Role.WEB)
    with TestClient(web) as client:
        response = client.post(
            "/webhooks/telegram", headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
            json=telegram.text_update(REPORTER, "tolong ada kebakaran di pasar kalianda"))
        assert response.status_code == 200
        assert eventually(lambda: texts_to(telegram, GROUP)), "the piket was alerted"
        assert "kebakaran di pasar kalianda" in texts_to(telegram, GROUP)[0]
        time.sleep(1.0)  # the web process runs no dialog turn, however long we wait
        with web.state.sessions() as session:
            status = session.scalar(select(InboundRecord.status)
                                    .where(InboundRecord.sender == str(REPORTER)))
        assert status == InboundStatus.PENDING
        assert texts_to(telegram, str(REPORTER)) == []

        # Sessions of its own, as in a process of its own (no commit hook of the web's).
        work = build_runtime(configured, session_factory(pg_engine), web.state.workflow,
                             system_clock, role=Role.WORK)
        work.workers.start_in_thread(on_stop=work.channels.close)
        listener = InboxListener(configured.sqlalchemy_url(), work.workers.wake)
        listener.start()
        try:
            assert eventually(lambda: texts_to(telegram, str(REPORTER))), "the citizen answered"
            # The turn opened the incident: the work process itself looks whether its alert
            # got through, at once (the web process's look is a 30 s safety net).
            assert eventually(lambda: any("SUDAH diteruskan" in text for text in texts_to(
                telegram, str(REPORTER))), timeout=10), "told the alert got through"
        finally:
            listener.stop()
            work.workers.stop_thread()
    with web.state.sessions() as session:
        assert session.scalar(select(InboundRecord.status).where(
            InboundRecord.sender == str(REPORTER))) == InboundStatus.PROCESSED
