"""A citizen's "cek status" gives the step's target time in WIB, whatever zone the clock
gives (the real clock is UTC)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from backend.app.web import create_app
from backend.core.config import Settings
from tests.bot.samples import tiny_pdf, tiny_png
from tests.support.app import Clock, app_settings
from tests.support.devchat import Citizen


@pytest.fixture
def utc_app(engine: Engine, settings: Settings, tmp_path: Path,
            clock: Clock) -> Iterator[TestClient]:
    utc = Clock(clock.now.astimezone(UTC))  # 24-11-2026 02:00 UTC, 09:00 WIB
    app = create_app(app_settings(settings, tmp_path), engine=engine, clock=utc,
                     run_background=False, migrate=False)
    with TestClient(app) as client:
        yield client


def test_the_status_reply_gives_the_target_in_wib(utc_app: TestClient) -> None:
    citizen = Citizen(utc_app)
    for text in ("mau bikin kia anak saya", "12 Maret 2023", "Citra Lestari", "lewati",
                 "1801041203230007", "Sari Lestari", "0812-3456-7890"):
        citizen.say(text)
    citizen.say(payload="choice:2")
    for index in range(3):
        citizen.send_file(tiny_png(2 + index), "foto.jpg")
    citizen.send_file(tiny_pdf(), "ktp-ibu.pdf")
    citizen.say(payload="documents:done")
    citizen.say("lewati")  # no guardianship paper
    assert "HL-2026-" in citizen.text(citizen.say(payload="confirm:yes"))
    citizen.say(payload="no")  # no other child
    status = citizen.text(citizen.say("cek status"))
    assert "target 24-11-2026 09:10" in status, status
