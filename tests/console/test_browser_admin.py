"""The per-agency admin in a real browser (Debian's Chromium): a demo agency admin sees one
screen of its own officers, finds one, changes its roles; another agency's officer does not exist
for it; the regency-wide admin filters by agency."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from backend.core.config import PROJECT_ROOT
from backend.core.demo import DEMO_PASSWORD
from backend.core.models import Officer
from backend.core.roles import AGENT
from tests.console.browser import CHROMIUM, SCREEN, LiveServer

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium "
    "(apt-get install chromium; .ci/run installs it)")
sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright package")
expect = sync_api.expect
ARTIFACTS = PROJECT_ROOT / "test-artifacts" / "console"


def log_in(page: sync_api.Page, username: str) -> None:
    page.goto("/console/masuk?lanjut=/console/admin")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name="Admin petugas dan peran")).to_be_visible()


def officer_id(live: LiveServer, username: str) -> int:
    with live.app.state.sessions() as session:
        found = session.scalar(select(Officer.id).where(Officer.username == username))
        assert found is not None
        return found


def test_an_agency_admin_manages_only_its_agency(page: sync_api.Page, live: LiveServer) -> None:
    log_in(page, "disdukcapil.admin")
    rows = page.locator("table.officers tbody tr")
    expect(rows.first).to_be_visible()
    agencies = set(rows.locator("td[data-label=Instansi]").all_inner_texts())
    assert agencies == {"Disdukcapil"}, agencies
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 3 * SCREEN["height"], height  # one page of ~25 rows, not every account
    assert page.locator("input[type=checkbox]").count() == 0
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "admin-agency.png"), full_page=True)

    page.get_by_label("Cari nama pengguna atau nama").fill("operator")
    page.get_by_role("button", name="Tampilkan").click()
    page.get_by_role("link", name="disdukcapil.operator").click()
    expect(page.get_by_role("group", name="Peran layanan (SOP)")).to_be_visible()
    expect(page.get_by_role("group", name="Administrasi konsol")).to_have_count(0)
    page.get_by_label("Agen pusat panggilan").check()
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("status")).to_have_text("Petugas diperbarui.")
    expect(page.get_by_label("Agen pusat panggilan")).to_be_checked()
    with live.app.state.sessions() as session:
        operator = session.scalar(select(Officer).where(
            Officer.username == "disdukcapil.operator"))
        assert operator is not None and AGENT in operator.role_names

    other = officer_id(live, "damkar.petugas")
    response = page.goto(f"/console/admin/petugas/{other}")
    assert response is not None and response.status == 404


def test_the_regency_admin_filters_by_agency(page: sync_api.Page, live: LiveServer) -> None:
    log_in(page, "diskominfo.admin")
    page.get_by_label("Instansi", exact=True).select_option("damkar")
    page.get_by_label("Peran", exact=True).select_option(label="Admin konsol instansi")
    page.get_by_role("button", name="Tampilkan").click()
    rows = page.locator("table.officers tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("damkar.admin")
    rows.first.get_by_role("link").click()
    expect(page.get_by_role("group", name="Administrasi konsol")).to_be_visible()
    expect(page.get_by_label("Admin konsol instansi")).to_be_checked()
    page.screenshot(path=str(ARTIFACTS / "admin-regency-officer.png"), full_page=True)
