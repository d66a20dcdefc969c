"""The dev chat in a real browser (Debian's Chromium): the bot's *bold* shows as bold, as on
WhatsApp and Telegram, and a citizen's own asterisks stay as typed (never markup)."""

from __future__ import annotations

import pytest

from tests.console.browser import CHROMIUM, LiveServer

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium "
    "(apt-get install chromium; .ci/run installs it)")
sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright package")


def test_the_bots_bold_is_bold_and_the_citizens_text_is_as_typed(
        page: sync_api.Page, live: LiveServer) -> None:
    page.goto("/dev/chat")
    page.fill("#text", "halo *<b>ini</b>*")
    page.click("#send")
    greeting = page.locator(".msg.bot").first
    sync_api.expect(greeting.locator("strong")).to_have_text("Halo Lamsel")
    assert "*" not in greeting.inner_text()
    mine = page.locator(".msg.me").first
    sync_api.expect(mine).to_have_text("halo *<b>ini</b>*")
    assert mine.locator("strong, b").count() == 0
