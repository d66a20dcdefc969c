"""The damkar board in a real browser (Debian's Chromium): a fire report from the dev chat
appears live, a signed-in piket presses Terima, the citizen hears it, the escalation stops."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from backend.core.config import PROJECT_ROOT
from backend.core.demo import DEMO_PASSWORD
from backend.core.models.alerts import Incident
from tests.console.browser import CHROMIUM, ChatCitizen, LiveServer, wait_for

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium "
    "(apt-get install chromium; .ci/run installs it)")
sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright package")
ARTIFACTS = PROJECT_ROOT / "test-artifacts" / "console"


def incident(live: LiveServer) -> Incident | None:
    with live.app.state.sessions() as session:
        return session.scalars(select(Incident).order_by(Incident.id.desc())).first()


def test_a_fire_report_reaches_the_board_and_terima_reaches_the_citizen(
        page: sync_api.Page, live: LiveServer) -> None:
    page.goto("/console/masuk")
    page.get_by_label("Nama pengguna").fill("damkar.petugas")
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.get_by_role("link", name="Papan damkar").click()
    sync_api.expect(page.get_by_role("heading", name="Papan kejadian damkar")).to_be_visible()
    sync_api.expect(page.locator("#papan-langsung")).to_contain_text("Terhubung langsung")
    sync_api.expect(page.get_by_text("Tidak ada kejadian terbuka.")).to_be_visible()
    time.sleep(1)  # the live stream has said the board is watched

    citizen = ChatCitizen(live.url)
    try:
        sent = citizen.http.post("/dev/chat/api/messages", json={
            "session": citizen.session, "text": "tolong ada kebakaran di gudang padi",
            "name": "Sari Lestari"})
        sent.raise_for_status()
        started = time.monotonic()
        sync_api.expect(page.locator("article.incident")).to_have_count(1, timeout=1000)
        shown_after = time.monotonic() - started
        sync_api.expect(page.locator("#papan-jumlah")).to_have_text(
            "Laporan baru masuk: 1 kejadian terbuka.")  # read out by screen readers
        terima = page.get_by_role("button", name="Terima")
        sync_api.expect(terima).to_be_visible()
        citizen.expect("SUDAH diteruskan")  # the board is watched: it reached the piket
        assert not [t for t in citizen.seen if "BELUM dapat" in t]
        page.screenshot(path=str(ARTIFACTS / "07-damkar-board.png"), full_page=True)

        terima.click()
        sync_api.expect(page.get_by_text("Laporan diterima")).to_be_visible()
        citizen.expect("DITERIMA petugas piket")
        sync_api.expect(page.locator("article.incident")).to_contain_text("Diterima oleh")
        taken = wait_for(lambda: (i := incident(live)) and i.acknowledged_at and i,
                         what="the incident acknowledged")
        assert taken.acknowledged_by == "Petugas Pemadam (demo damkar)"
        assert taken.next_escalation_at is None and taken.escalation_level == 0
        assert taken.delivered_via == "board"
        page.screenshot(path=str(ARTIFACTS / "08-damkar-terima.png"), full_page=True)
    finally:
        citizen.close()
    assert shown_after < 1.0, f"the board showed the report after {shown_after:.2f} s"
