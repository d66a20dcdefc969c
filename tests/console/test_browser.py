"""The console in a real browser (Debian's Chromium, headless): a KIA case from chat to done."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from backend.core.config import PROJECT_ROOT
from backend.core.db import transaction
from backend.core.demo import DEMO_PASSWORD
from tests.bot.samples import tiny_pdf, tiny_png
from tests.console.browser import CHROMIUM, ChatCitizen, LiveServer, wait_for

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium "
    "(apt-get install chromium; .ci/run installs it)")
sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright package")
ARTIFACTS = PROJECT_ROOT / "test-artifacts" / "console"


@pytest.fixture
def citizen(live: LiveServer) -> Iterator[ChatCitizen]:
    chat = ChatCitizen(live.url)
    yield chat
    chat.close()


def shot(page: sync_api.Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def log_in(page: sync_api.Page, username: str) -> None:
    page.goto("/console/masuk")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    sync_api.expect(page.get_by_role("heading", name="Daftar kerja")).to_be_visible()


def log_out(page: sync_api.Page) -> None:
    page.get_by_role("button", name="Keluar").click()
    sync_api.expect(page.get_by_role("heading", name="Masuk konsol petugas")).to_be_visible()


def complete_step(page: sync_api.Page, username: str, number: str) -> None:
    log_in(page, username)
    page.get_by_role("link", name=number).click()
    page.get_by_role("button", name="Selesaikan").first.click()
    sync_api.expect(page.get_by_role("status")).to_have_text("Langkah diselesaikan.")
    log_out(page)


def reload_until(page: sync_api.Page, text: str) -> None:
    def shown() -> bool:
        page.reload()
        return text in page.content()

    wait_for(shown, what=f"{text!r} on the page")


def open_case(live: LiveServer, service_code: str, fields: dict[str, str]) -> str:
    with transaction(live.app.state.sessions) as session:
        assert isinstance(session, Session)
        return live.app.state.workflow.open_case(
            session, service_code=service_code, fields=fields,
            now=live.app.state.clock()).number


def test_kia_from_the_bot_to_selesai(page: sync_api.Page, citizen: ChatCitizen) -> None:
    number = citizen.request_kia(tiny_png(), tiny_pdf())
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/console/masuk")
    shot(page, "01-login-phone")
    log_in(page, "disdukcapil.operator")
    sync_api.expect(page.get_by_role("link", name=number)).to_be_visible()
    shot(page, "02-worklist-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name=number).click()
    akta = page.get_by_role("img", name="Akta kelahiran anak (asli difoto)")
    sync_api.expect(akta).to_be_visible()
    chat = page.locator(".chat")
    pressed = chat.get_by_text("Menekan tombol «Ambil di MPP Lampung Selatan»")
    sync_api.expect(pressed).to_be_visible()
    sync_api.expect(chat.get_by_role("link", name="ktp-ibu.pdf")).to_be_visible()
    page.get_by_role("button", name="Selesaikan").first.click()
    citizen.expect(rf"{number}.*tahap Operator \(Notifikasi layanan\) sudah selesai")

    page.get_by_text("Kembalikan ke pemohon").click()
    page.get_by_label("KTP-el orang tua atau wali").check()
    page.get_by_role("button", name="Kembalikan").click()
    sync_api.expect(page.locator("#status-kasus")).to_have_text("Menunggu pemohon")
    citizen.expect("dikembalikan oleh petugas")
    citizen.send_file(tiny_png(2, 2), "ktp-ayah.jpg")
    citizen.say("selesai")
    citizen.expect("diproses kembali")
    reload_until(page, "Pemohon melengkapi")
    sync_api.expect(page.locator(".chat .from-warga").last).to_contain_text("selesai")
    sync_api.expect(page.locator("#status-kasus")).to_have_text("Perlu tindakan")

    page.get_by_label("Balas pemohon (web)").fill("Terima kasih, berkas lengkap.")
    page.get_by_role("button", name="Kirim balasan").click()
    citizen.expect("Terima kasih, berkas lengkap.")
    page.get_by_role("button", name="Selesaikan: Berkas lengkap").click()
    shot(page, "03-case-page")
    log_out(page)
    for username in ("disdukcapil.kabid", "disdukcapil.kadis", "disdukcapil.operator"):
        complete_step(page, username, number)
    citizen.expect(rf"{number}.*selesai\*")
    log_in(page, "disdukcapil.operator")
    page.goto(f"/console/kasus/{number}")
    sync_api.expect(page.locator("#status-kasus")).to_have_text("Selesai")
    shot(page, "04-case-done")
    page.set_viewport_size({"width": 360, "height": 740})
    shot(page, "06-case-phone")
    assert len(citizen.seen) > 10


def test_reject_with_a_reason(page: sync_api.Page, live: LiveServer) -> None:
    number = open_case(live, "kia-0-5", {"child_name": "Tolak Saja", "kk_number": "1" * 16})
    log_in(page, "disdukcapil.operator")
    page.goto(f"/console/kasus/{number}")
    page.get_by_role("button", name="Selesaikan").first.click()
    page.get_by_text("Tolak permohonan").click()
    page.get_by_label("Alasan penolakan").fill("Anak sudah berusia di atas 5 tahun")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Tolak", exact=True).click()
    sync_api.expect(page.locator("#status-kasus")).to_have_text("Ditolak")
    sync_api.expect(page.get_by_text("Anak sudah berusia di atas 5 tahun")).to_be_visible()


def test_a_ppa_case_is_invisible_to_disdukcapil(page: sync_api.Page, live: LiveServer) -> None:
    number = open_case(live, "ppa-pengaduan", {"reporter_name": "Korban Rahasia"})
    log_in(page, "disdukcapil.operator")
    page.get_by_label("Cari nomor kasus, NIK atau nama").fill(number)
    page.get_by_role("button", name="Tampilkan").click()
    sync_api.expect(page.get_by_text("Tidak ada kasus untuk ditampilkan.")).to_be_visible()
    response = page.goto(f"/console/kasus/{number}")
    assert response is not None and response.status == 404
    assert "Korban Rahasia" not in page.content()


def test_dashboard_shows_charts(page: sync_api.Page, live: LiveServer) -> None:
    log_in(page, "disdukcapil.kabid")
    page.get_by_role("link", name="Dasbor").click()
    sync_api.expect(page.get_by_role("heading", name="Dasbor kinerja")).to_be_visible()
    assert page.locator("svg.chart").count() >= 3
    assert page.locator("svg.chart .legend").count() == page.locator("svg.chart").count()
    with page.expect_download() as download:
        page.locator('a[href="/console/dasbor/sla.csv"]').click()
    assert download.value.suggested_filename == "halo-lamsel-sla.csv"
    shot(page, "05-dashboard")


def test_the_api_docs_render_without_internet(page: sync_api.Page, live: LiveServer) -> None:
    outside: list[str] = []

    def local_only(route: sync_api.Route) -> None:
        if route.request.url.startswith(live.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", local_only)
    page.goto("/docs")
    sync_api.expect(page.locator(".opblock").first).to_be_visible()
    assert page.locator(".opblock").count() > 10 and outside == []


def test_keyboard_only_login(page: sync_api.Page, live: LiveServer) -> None:
    page.goto("/console/masuk")
    sync_api.expect(page.get_by_label("Nama pengguna")).to_be_focused()
    page.keyboard.type("disdukcapil.operator")
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    sync_api.expect(page.get_by_role("heading", name="Daftar kerja")).to_be_visible()
    page.keyboard.press("Tab")
    sync_api.expect(page.get_by_role("link", name="Langsung ke isi")).to_be_focused()
    page.keyboard.press("Enter")
    sync_api.expect(page.locator("main")).to_be_focused()
