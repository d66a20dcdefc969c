"""Issue 6, done when: a live takeover and hand-back, end to end, in two headless Chromium pages.

The citizen talks to the bot on the dev web chat (/dev/chat); a call-center agent works in the
agent workspace (/agent). The whole app runs in a real uvicorn server with its background
workers (the inbox processor and the outbox sender), as in the console's browser tests.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from sqlalchemy import func, select

from backend.app.web import create_app
from backend.core.config import PROJECT_ROOT
from backend.core.db import transaction
from backend.core.models import InboundRecord, Officer, OfficerRole, OutboxMessage
from backend.core.models.conversations import InboundStatus
from backend.core.security import hash_password
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
AGENT_USERNAME = "agen.callcenter"
AGENT_NAME = "Dewi Call Center"
AGENT_PASSWORD = "sandi-agen-uji-2026"  # noqa: S105 - a throwaway account in a temp database
WAIT_MS = 15_000


class HandoffServer(LiveServer):
    """The console's live server, with the call center open around the clock (the test must
    not depend on the hour it runs at) and one call-center agent."""

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

    def start(self) -> None:
        super().start()
        with transaction(self.app.state.sessions) as session:
            session.add(Officer(username=AGENT_USERNAME, full_name=AGENT_NAME,
                                agency="diskominfo", password_hash=hash_password(AGENT_PASSWORD),
                                roles=[OfficerRole(role="agent")]))


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


def test_live_takeover_and_hand_back(citizen: sync_api.Page, agent: sync_api.Page,
                                     live: HandoffServer) -> None:
    bot_bubbles = citizen.locator("#log .msg.bot")
    lines = agent.locator("#lines")

    # The agent logs in to the workspace first, so the chat must reach them live.
    agent.goto("/agent")
    agent.get_by_placeholder("Nama pengguna").fill(AGENT_USERNAME)
    agent.get_by_placeholder("Kata sandi").fill(AGENT_PASSWORD)
    agent.get_by_role("button", name="Masuk").click()
    expect(agent.get_by_role("heading", name="Antrean")).to_be_visible()
    agent.get_by_label("Sedang bertugas").check()
    expect(agent.locator("#queue li")).to_have_count(0)

    # The citizen greets the bot and asks for a person with the menu button.
    citizen.goto("/dev/chat")
    session_id = citizen.evaluate("localStorage.getItem('halo-session')")
    say(citizen, "halo")
    expect(bot_bubbles.first).to_contain_text("Selamat datang", timeout=WAIT_MS)
    citizen.get_by_role("button", name="Bicara dengan petugas").last.click()
    expect(bot_bubbles.last).to_contain_text("Posisi Anda di antrean", timeout=WAIT_MS)

    # The chat shows up in the agent's queue without a reload; the agent opens and takes it.
    queued = agent.locator("#queue li", has_text="menunggu")
    expect(queued).to_have_count(1, timeout=WAIT_MS)
    expect(queued).to_contain_text("web")
    queued.click()
    expect(lines).to_contain_text("[citizen] halo", timeout=WAIT_MS)
    expect(lines).to_contain_text("[bot] Halo", timeout=WAIT_MS)  # the bot's part too
    expect(lines).to_contain_text("Selamat datang")
    agent.get_by_role("button", name="Ambil").click()
    expect(agent.locator("#queue li", has_text="ditangani")).to_have_count(1, timeout=WAIT_MS)
    expect(bot_bubbles.last).to_contain_text(f"terhubung dengan petugas {AGENT_NAME}",
                                             timeout=WAIT_MS)

    # The agent's reply reaches the citizen's chat.
    agent.get_by_placeholder("Balasan untuk warga").fill("Halo, saya petugas call center")
    agent.get_by_role("button", name="Kirim", exact=True).click()
    expect(bot_bubbles.last).to_contain_text("Halo, saya petugas call center", timeout=WAIT_MS)
    expect(lines).to_contain_text("[agent] Halo, saya petugas call center", timeout=WAIT_MS)

    # The citizen's next message goes to the agent only: the bot (which would start the KIA
    # intake for it) stays silent.
    shown = bot_bubbles.count()
    sent = outbox_count(live, session_id)
    question = "mau bikin KIA anak saya"
    say(citizen, question)
    expect(lines).to_contain_text(f"[citizen] {question}", timeout=WAIT_MS)
    wait_for(lambda: processed(live, session_id, question), what="the message to be processed")
    assert outbox_count(live, session_id) == sent, "the bot answered during the takeover"
    with citizen.expect_response(lambda r: "/dev/chat/api/messages?" in r.url
                                 and r.request.method == "GET"):
        pass  # one more poll of the chat page after the message was handled
    expect(bot_bubbles).to_have_count(shown)
    expect(lines.locator("div").last).to_contain_text(f"[citizen] {question}")

    # Hand back: the bot resumes with the satisfaction question, then answers again.
    agent.get_by_role("button", name="Kembalikan ke bot").click()
    expect(bot_bubbles.last).to_contain_text("Bagaimana pelayanan petugas kami tadi?",
                                             timeout=WAIT_MS)
    expect(lines).to_contain_text("[system] Percakapan dengan petugas sudah selesai",
                                  timeout=WAIT_MS)
    expect(agent.locator("#queue li")).to_have_count(0, timeout=WAIT_MS)
    citizen.get_by_role("button", name="👍 Puas", exact=True).last.click()
    expect(bot_bubbles.last).to_contain_text("Terima kasih atas penilaian Anda", timeout=WAIT_MS)
    say(citizen, "menu")
    expect(bot_bubbles.last).to_contain_text("Menu utama", timeout=WAIT_MS)

    shot(citizen, "citizen-dev-chat")
    shot(agent, "agent-workspace")
