"""``halo pki init/show`` and ``halo documents list/check``."""

from __future__ import annotations

import stat
from io import BytesIO
from pathlib import Path

import pytest
from reportlab.pdfgen.canvas import Canvas
from typer.testing import CliRunner

from backend.app.cli import app
from backend.core.config import PROJECT_ROOT, get_settings
from backend.core.db import get_engine
from backend.documents.signing import load_signer, sign_pdf

runner = CliRunner()


@pytest.fixture(autouse=True)
def own_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HALO_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("HALO_ENVIRONMENT", "demo")
    monkeypatch.setenv("HALO_DOCUMENTS__PKI_DIR", str(tmp_path / "pki"))
    monkeypatch.setenv("HALO_DOCUMENTS__SIGNER_PASSPHRASE", "uji-cli")
    get_settings.cache_clear()
    get_engine.cache_clear()
    yield
    get_engine().dispose()
    get_settings.cache_clear()
    get_engine.cache_clear()


def a_pdf() -> bytes:
    buffer = BytesIO()
    canvas = Canvas(buffer, pageCompression=0)
    canvas.drawString(100, 700, "Dokumen uji coba")
    canvas.save()
    return buffer.getvalue()


def test_pki_init_show_and_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = runner.invoke(app, ["pki", "init"])
    assert result.exit_code == 0, result.output
    # Both permits are DPMPTSP Lampung Selatan's now (issue 15): one KADIS signs them.
    assert "2 signer certificate(s) written" in result.output
    assert "PRIVATE KEY" not in result.output
    signer_file = tmp_path / "pki/signers/dpmptsp.kadis.p12"
    assert stat.S_IMODE(signer_file.stat().st_mode) == 0o600
    assert b"ENCRYPTED PRIVATE KEY" in (tmp_path / "pki/ca.key").read_bytes()
    again = runner.invoke(app, ["pki", "init"])
    assert "0 signer certificate(s) written" in again.output
    shown = runner.invoke(app, ["pki", "show"])
    assert "disdagperin.kepala-balai: " in shown.output and "TEST" in shown.output

    settings = get_settings()
    signer = load_signer(settings.documents, PROJECT_ROOT, "dpmptsp.kadis")
    signed = sign_pdf(a_pdf(), signer, reason="uji", location="Kalianda")
    good, bad = tmp_path / "good.pdf", tmp_path / "bad.pdf"
    good.write_bytes(signed)
    bad.write_bytes(signed.replace(b"Dokumen uji coba", b"Dokumen uji cobA"))
    assert runner.invoke(app, ["documents", "check", str(good)]).exit_code == 0
    assert runner.invoke(app, ["documents", "check", str(bad)]).exit_code == 1

    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    listing = runner.invoke(app, ["documents", "list", "--json"])
    assert listing.exit_code == 0 and listing.output == ""

    monkeypatch.setenv("HALO_ENVIRONMENT", "production")
    monkeypatch.setenv("HALO_AUTH__SECRET_KEY", "k" * 40)
    monkeypatch.setenv("HALO_PAYMENTS__GATEWAY", "http")
    get_settings.cache_clear()
    refused = runner.invoke(app, ["pki", "init"])
    assert refused.exit_code == 1 and "documents.signers" in refused.output
