"""Issue 6 and 17, done when: a demo agent signs in to the workspace (nothing of it shown before),
takes over a chat started in the dev chat, replies, opens the citizen's file and hands back, in
two headless Chromium pages; the satisfaction question only when the question was answered.

The citizen talks to the bot on the dev web chat (/dev/chat); a call-center agent works in the
agent workspace (/agent). The whole app runs in a real uvicorn server with its background
workers (the inbox processor and the outbox sender), as in the console's browser tests.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from sqlalchemy import func, select

from backend.app.web import create_app
from backend.core.config import PROJECT_ROOT
from backend.core.demo import DEMO_PASSWORD, agent_shifts, demo_username
from backend.core.models import InboundRecord, Officer, OutboxMessage, PpaAccessLog
from backend.core.models.conversations import InboundStatus
from tests.bot.samples import tiny_pdf
from tests.console.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    LiveServer,
    demo_settings,
    free_port,
    wait_for,
)

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium "
    "(apt-get install chromium; .ci/run installs it)")
sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright package")
expect = sync_api.expect

ARTIFACTS = PROJECT_ROOT / "test-artifacts" / "handoff"
CITIZEN_NAME = "Sari Lestari"
WIB_TIME = re.compile(r"\d\d-\d\d-\d{4} \d\d:\d\d WIB")
WAIT_MS = 15_000


class HandoffServer(LiveServer):
    """The console's live server with its demo officers, the call center open around the clock
    (the test must not depend on the hour it runs at)."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.settings = demo_settings(folder, self.port)
        self.settings.handoff.hours.start = "00:00"
        self.settings.handoff.hours.end = "24:00"
        self.settings.handoff.hours.weekdays = [0, 1, 2, 3, 4, 5, 6]
        self.app = create_app(self.settings)
        self.server = uvicorn.Server(uvicorn.Config(self.app, host="127.0.0.1", port=self.port,
                                                    log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def agent(self) -> str:
        """The demo agent of the first shift."""
        shift = next(iter(agent_shifts(self.settings)))
        return demo_username(self.settings.handoff.call_center_agency, f"agen-{shift}")


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HandoffServer]:
    server = HandoffServer(tmp_path_factory.mktemp("handoff-browser"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                              headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def citizen(browser: sync_api.Browser, live: HandoffServer) -> Iterator[sync_api.Page]:
    """The citizen's browser: its own context, so its own dev-chat session."""
    context = browser.new_context(base_url=live.url, viewport={"width": 420, "height": 860})
    yield context.new_page()
    context.close()


@pytest.fixture
def agent(browser: sync_api.Browser, live: HandoffServer) -> Iterator[sync_api.Page]:
    """The agent's browser, a separate context (separate storage) from the citizen's."""
    context = browser.new_context(base_url=live.url, viewport={"width": 1280, "height": 860})
    yield context.new_page()
    context.close()


def shot(page: sync_api.Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def say(page: sync_api.Page, text: str) -> None:
    page.get_by_label("Pesan").fill(text)
    page.get_by_role("button", name="Kirim", exact=True).click()


def outbox_count(live: HandoffServer, recipient: str) -> int:
    """Every message sent to this dev-chat session so far (bot, system and agent)."""
    with live.app.state.sessions() as session:
        return session.scalar(select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.channel == "web", OutboxMessage.recipient == recipient)) or 0


def processed(live: HandoffServer, sender: str, text: str) -> bool:
    """The citizen's message went through the pipeline (so any bot reply would exist now)."""
    with live.app.state.sessions() as session:
        records = session.scalars(select(InboundRecord).where(
            InboundRecord.channel == "web", InboundRecord.sender == sender)).all()
        return any((r.payload or {}).get("text") == text and r.status == InboundStatus.PROCESSED
                   for r in records)


def sign_in(agent: sync_api.Page, live: HandoffServer, username: str | None = None) -> None:
    """/agent leads to the console's login; nothing of the workspace is shown before it."""
    agent.goto("/agent")
    expect(agent).to_have_url(re.compile(r"/console/masuk\?lanjut=/console/agen$"))
    for control in ("Kirim", "Ambil", "Tutup", "Kembalikan ke bot"):
        expect(agent.get_by_role("button", name=control)).to_have_count(0)
    expect(agent.locator("#lines, #queue")).to_have_count(0)
    agent.get_by_label("Nama pengguna").fill(username or live.agent)
    agent.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    agent.get_by_role("button", name="Masuk").click()
    expect(agent.get_by_role("heading", name="Ruang kerja agen")).to_be_visible()


def test_a_demo_agent_takes_over_replies_and_hands_back(citizen: sync_api.Page,
                                                        agent: sync_api.Page,
                                                        live: HandoffServer) -> None:
    bot_bubbles = citizen.locator("#log .msg.bot")
    lines = agent.locator("#lines")
    queue = agent.locator("#queue li")

    sign_in(agent, live)
    agent.get_by_label("Sedang bertugas").check()
    expect(queue).to_have_count(0)

    # The citizen (with a display name, as Telegram and WhatsApp give one) asks for a person.
    citizen.goto("/dev/chat")
    session_id = citizen.evaluate("localStorage.getItem('halo-session')")
    httpx.post(f"{live.url}/dev/chat/api/messages", json={
        "session": session_id, "text": "halo", "name": CITIZEN_NAME}).raise_for_status()
    expect(bot_bubbles.first).to_contain_text("Selamat datang", timeout=WAIT_MS)
    citizen.get_by_role("button", name="Bicara dengan petugas").last.click()
    expect(bot_bubbles.last).to_contain_text("Posisi Anda di antrean", timeout=WAIT_MS)

    # Live in the queue: name and channel; the transcript in Indonesian with WIB times.
    waiting = queue.filter(has_text="menunggu")
    expect(waiting).to_have_count(1, timeout=WAIT_MS)
    expect(waiting).to_contain_text("obrolan web")
    expect(waiting).to_contain_text(CITIZEN_NAME)
    waiting.get_by_role("button").click()
    expect(agent.locator("#who")).to_contain_text(f"Warga: {CITIZEN_NAME} · kanal obrolan web")
    expect(lines).to_contain_text("[warga] halo", timeout=WAIT_MS)
    expect(lines).to_contain_text("[bot] Halo")
    expect(lines).to_contain_text("[warga] [tombol] 👤 Bicara dengan petugas")  # not menu:agent
    expect(lines.locator("time").first).to_have_text(WIB_TIME)
    agent.get_by_role("button", name="Ambil", exact=True).click()
    expect(queue.filter(has_text="ditangani")).to_have_count(1, timeout=WAIT_MS)
    expect(bot_bubbles.last).to_contain_text("terhubung dengan petugas Agen shift",
                                             timeout=WAIT_MS)

    # The agent's reply reaches the dev chat.
    agent.get_by_label("Balasan untuk warga").fill("Halo, saya petugas call center")
    agent.get_by_role("button", name="Kirim", exact=True).click()
    expect(bot_bubbles.last).to_contain_text("Halo, saya petugas call center", timeout=WAIT_MS)
    expect(lines).to_contain_text("[petugas] Halo, saya petugas call center", timeout=WAIT_MS)

    # The citizen's next message and file go to the agent only: the bot stays silent.
    shown = bot_bubbles.count()
    sent = outbox_count(live, session_id)
    question = "mau bikin KIA anak saya"
    say(citizen, question)
    expect(lines).to_contain_text(f"[warga] {question}", timeout=WAIT_MS)
    wait_for(lambda: processed(live, session_id, question), what="the message to be processed")
    pdf = tiny_pdf("Surat uji")
    citizen.locator("#file").set_input_files(
        {"name": "surat-uji.pdf", "mimeType": "application/pdf", "buffer": pdf})
    attachment = lines.get_by_role("link", name="📎 surat-uji.pdf")
    expect(attachment).to_be_visible(timeout=WAIT_MS)
    with agent.expect_download() as download:
        attachment.click()
    assert Path(download.value.path()).read_bytes() == pdf
    assert download.value.suggested_filename == "surat-uji.pdf"
    assert outbox_count(live, session_id) == sent, "the bot answered during the takeover"
    expect(bot_bubbles).to_have_count(shown)
    shot(agent, "agent-workspace")

    # Not answered: back to the bot without the satisfaction question.
    agent.get_by_role("button", name="Kembalikan ke bot — belum terjawab").click()
    expect(bot_bubbles.last).to_contain_text("belum terjawab tuntas", timeout=WAIT_MS)
    expect(citizen.get_by_role("button", name="👍 Puas")).to_have_count(0)
    expect(lines).to_contain_text("[sistem] Percakapan dengan petugas sudah selesai",
                                  timeout=WAIT_MS)
    expect(queue).to_have_count(0, timeout=WAIT_MS)

    # Asked again, the same agent (online) gets it back; answered this time: the question.
    say(citizen, "petugas")
    expect(bot_bubbles.last).to_contain_text("terhubung dengan petugas Agen shift",
                                             timeout=WAIT_MS)
    held = queue.filter(has_text="ditangani")
    expect(held).to_have_count(1, timeout=WAIT_MS)
    held.get_by_role("button").click()
    expect(lines).to_contain_text("[warga] petugas", timeout=WAIT_MS)
    agent.get_by_role("button", name="Kembalikan ke bot — pertanyaan terjawab").click()
    expect(bot_bubbles.last).to_contain_text("Bagaimana pelayanan petugas kami tadi?",
                                             timeout=WAIT_MS)
    citizen.get_by_role("button", name="👍 Puas", exact=True).last.click()
    expect(bot_bubbles.last).to_contain_text("Terima kasih atas penilaian Anda", timeout=WAIT_MS)
    shot(citizen, "citizen-dev-chat")

    # Logout ends the workspace: /agent asks for the login again.
    agent.get_by_role("button", name="Keluar").click()
    agent.goto("/agent")
    expect(agent).to_have_url(re.compile(r"/console/masuk"))


def test_an_agent_takes_over_a_chat_the_bot_is_handling(citizen: sync_api.Page,
                                                       agent: sync_api.Page,
                                                       live: HandoffServer) -> None:
    bot_bubbles = citizen.locator("#log .msg.bot")
    citizen.goto("/dev/chat")
    say(citizen, "halo")
    expect(bot_bubbles.first).to_contain_text("Selamat datang", timeout=WAIT_MS)

    sign_in(agent, live)
    agent.get_by_label("Sedang bertugas").check()
    pick = agent.locator("#bot-chats li", has_text="obrolan web").first  # the latest
    pick.get_by_role("button", name=re.compile("^Ambil alih")).click()
    expect(bot_bubbles.last).to_contain_text("terhubung dengan petugas Agen shift",
                                             timeout=WAIT_MS)
    expect(agent.locator("#lines")).to_contain_text("[warga] halo", timeout=WAIT_MS)
    agent.get_by_label("Balasan untuk warga").fill("Ada yang bisa saya bantu, Bu?")
    agent.get_by_role("button", name="Kirim", exact=True).click()
    expect(bot_bubbles.last).to_contain_text("Ada yang bisa saya bantu, Bu?", timeout=WAIT_MS)
    agent.get_by_role("button", name="Kembalikan ke bot — pertanyaan terjawab").click()
    expect(bot_bubbles.last).to_contain_text("Bagaimana pelayanan petugas kami tadi?",
                                             timeout=WAIT_MS)


def test_a_ppa_agent_opens_the_reports_file_and_the_read_is_logged(citizen: sync_api.Page,
                                                                  agent: sync_api.Page,
                                                                  live: HandoffServer) -> None:
    sign_in(agent, live, "dp3a.call-center")
    agent.get_by_label("Sedang bertugas").check()
    citizen.goto("/dev/chat")
    say(citizen, "saya dipukuli suami saya setiap malam, saya takut pulang")  # synthetic
    report = agent.locator("#queue li", has_text="PPA (rahasia)")
    expect(report).to_have_count(1, timeout=WAIT_MS)
    report.get_by_role("button").click()
    agent.get_by_role("button", name="Ambil", exact=True).click()
    expect(agent.locator("#who")).to_contain_text("ditangani oleh Anda", timeout=WAIT_MS)
    pdf = tiny_pdf("Visum uji")
    citizen.locator("#file").set_input_files(
        {"name": "visum-uji.pdf", "mimeType": "application/pdf", "buffer": pdf})
    attachment = agent.locator("#lines").get_by_role("link", name="📎 visum-uji.pdf")
    expect(attachment).to_be_visible(timeout=WAIT_MS)
    with agent.expect_download() as download:
        attachment.click()
    assert Path(download.value.path()).read_bytes() == pdf
    with live.app.state.sessions() as session:
        reads = session.scalars(select(PpaAccessLog).where(
            PpaAccessLog.resource == "media")).all()
        reader = session.scalar(select(Officer.id).where(Officer.username == "dp3a.call-center"))
    assert len(reads) == 1 and reads[0].ticket_id is not None
    assert reads[0].officer_id == reader
