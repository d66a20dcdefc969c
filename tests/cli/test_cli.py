"""The ``halo`` command line: catalog lint/list/show, simulate, cases, demo-data, officers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from backend.app.cli import app
from backend.core.config import get_settings
from backend.core.db import get_engine, session_factory
from backend.core.models import Officer
from backend.core.security import verify_password

runner = CliRunner()


@pytest.fixture(autouse=True)
def own_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HALO_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("HALO_ENVIRONMENT", "demo")
    get_settings.cache_clear()
    get_engine.cache_clear()
    yield
    get_engine().dispose()
    get_settings.cache_clear()
    get_engine.cache_clear()


def test_catalog_lint_and_list(catalog) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["catalog", "lint"])
    assert result.exit_code == 0, result.output
    assert f"{len(catalog)} services" in result.output
    listed = runner.invoke(app, ["catalog", "list", "--json"])
    rows = [json.loads(line) for line in listed.output.splitlines()]
    assert len(rows) == len(catalog)
    kia = next(r for r in rows if r["code"] == "kia-0-5")
    assert kia["steps"] == 6 and kia["documents"] == 4 and kia["agency"] == "disdukcapil"
    assert kia["source"]["seed"] == "002_37e55be166506168.txt"


def test_catalog_lint_fails_on_a_broken_file(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "agencies").mkdir()
    (tmp_path / "services").mkdir()
    (tmp_path / "services" / "rusak.yml").write_text("code: rusak\nname: {id: x}\n")
    monkeypatch.setenv("HALO_CATALOG_DIR", str(tmp_path))
    get_settings.cache_clear()
    result = runner.invoke(app, ["catalog", "lint"])
    assert result.exit_code == 1
    assert "rusak.yml: name.en: Field required" in result.output


def test_show_diagram_is_mermaid() -> None:
    result = runner.invoke(app, ["catalog", "show", "kia-0-5", "--diagram"])
    assert result.exit_code == 0
    assert result.output.startswith("flowchart TD")
    assert "s3 -.->|Berkas belum lengkap| applicant" in result.output
    assert runner.invoke(app, ["catalog", "show", "tidak-ada"]).exit_code == 2


def test_simulate_then_list_cases() -> None:
    result = runner.invoke(app, ["simulate", "kia-0-5", "--start", "2026-11-27T15:30:00+07:00"])
    assert result.exit_code == 0, result.output
    assert "HL-2026-000001" in result.output and "status: done" in result.output
    assert "due Fri 27 Nov 15:40" in result.output
    cases = runner.invoke(app, ["cases", "--json"])
    row = json.loads(cases.output.splitlines()[0])
    assert row["number"] == "HL-2026-000001" and row["status"] == "done"


def test_demo_data_only_in_demo(monkeypatch: pytest.MonkeyPatch) -> None:
    result = runner.invoke(app, ["demo-data"])
    assert result.exit_code == 0 and "demo officers created" in result.output
    monkeypatch.setenv("HALO_ENVIRONMENT", "test")
    get_settings.cache_clear()
    refused = runner.invoke(app, ["demo-data"])
    assert refused.exit_code == 1 and "refused" in refused.output


def test_serve_refuses_several_workers_on_sqlite() -> None:
    result = runner.invoke(app, ["serve", "--workers", "2"])
    assert result.exit_code == 2
    assert "PostgreSQL" in result.output


def test_officers_add_makes_the_first_regency_admin() -> None:
    created = runner.invoke(app, ["officers", "add", "kominfo.admin", "--agency", "diskominfo",
                                  "--name", "Admin Kabupaten", "--role", "admin-konsol-kabupaten",
                                  "--password-stdin"], input="panjang-sekali-rahasia\n")
    assert created.exit_code == 0, created.output
    with session_factory(get_engine())() as session:
        officer = session.scalar(select(Officer).where(Officer.username == "kominfo.admin"))
        assert officer is not None and officer.role_names == {"admin-konsol-kabupaten"}
        assert verify_password(officer.password_hash, "panjang-sekali-rahasia")
        assert not officer.demo
    for arguments, stdin, reason in (
            (["kominfo.admin", "--role", "agent"], "panjang-sekali-rahasia\n", "sudah dipakai"),
            (["baru.satu", "--role", "tidak-ada"], "panjang-sekali-rahasia\n", "peran"),
            (["baru.dua", "--role", "agent"], "pendek\n", "kata sandi")):
        refused = runner.invoke(app, ["officers", "add", *arguments, "--agency", "diskominfo",
                                      "--name", "Uji", "--password-stdin"], input=stdin)
        assert refused.exit_code == 1 and reason in refused.output, refused.output
