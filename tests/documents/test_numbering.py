"""Register numbers stay sequential, unique and gap-free under concurrent issuing."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import sessionmaker

from backend.core.catalog.loader import Catalog
from backend.core.config import Settings
from backend.core.models import Case
from backend.core.models.documents import IssuedDocument
from backend.core.workflow.engine import Workflow
from backend.documents.registers import Registers
from backend.documents.service import Issuer, register_document, valid_until
from tests.support.app import at
from tests.support.cases import open_case
from tests.support.databases import migrated_engine

ISSUES = 100
SYSTEM = Issuer(kind="system")


@pytest.fixture(params=["postgresql", "sqlite"])
def fresh_engine(request: pytest.FixtureRequest, tmp_path: Path, catalog: Catalog) -> Engine:
    return migrated_engine(request.param, tmp_path, request, catalog)


def test_concurrent_issues_give_consecutive_numbers(fresh_engine: Engine, workflow: Workflow,
                                                    registers: Registers) -> None:
    case_id = open_case(fresh_engine, workflow)
    product = registers.products["izin-lab-klinik"]
    sessions = sessionmaker(bind=fresh_engine, expire_on_commit=False)

    def issue(_: int) -> str:
        with sessions() as session, session.begin():
            case = session.get(Case, case_id)
            return register_document(session, case=case, product=product, signer_label="Kadis",
                                     issuer=SYSTEM, now=at("2026-11-24 10:00")).number

    with ThreadPoolExecutor(max_workers=20) as pool:
        numbers = list(pool.map(issue, range(ISSUES)))
    expected = [f"503/{n}/IZIN-LAB/2026" for n in range(1, ISSUES + 1)]
    assert sorted(numbers) == sorted(expected)
    with sessions() as session:
        stored = session.scalars(select(IssuedDocument.sequence)).all()
        assert sorted(stored) == list(range(1, ISSUES + 1))
    fresh_engine.dispose()


def test_rollback_returns_the_number_and_each_product_and_year_counts_alone(
        fresh_engine: Engine, workflow: Workflow, registers: Registers) -> None:
    case_id = open_case(fresh_engine, workflow)
    lab, lhu = registers.products["izin-lab-klinik"], registers.products["e-lhu"]
    sessions = sessionmaker(bind=fresh_engine, expire_on_commit=False)
    with sessions() as session:
        session.begin()
        register_document(session, case=session.get(Case, case_id), product=lab,
                          signer_label="Kadis", issuer=SYSTEM, now=at("2026-11-24 10:00"))
        session.rollback()

    def issue(product, when: str) -> IssuedDocument:  # type: ignore[no-untyped-def]
        with sessions() as session, session.begin():
            return register_document(session, case=session.get(Case, case_id), product=product,
                                     signer_label="Kadis", issuer=SYSTEM, now=at(when))

    first = issue(lab, "2026-11-24 10:00")
    assert first.number == "503/1/IZIN-LAB/2026"
    assert first.valid_until.isoformat() == "2031-11-24"
    assert issue(lhu, "2026-11-24 10:00").number == "LHU/00001/DISDAGPERIN-LS/2026"
    assert issue(lhu, "2026-11-24 10:00").valid_until is None
    # A new year (in WIB) starts its register at 1 again.
    assert issue(lab, "2027-01-01 00:30").number == "503/1/IZIN-LAB/2027"
    fresh_engine.dispose()


def test_validity_of_a_leap_day(registers: Registers) -> None:
    from datetime import date

    lab = registers.products["izin-lab-klinik"]
    assert valid_until(lab, date(2028, 2, 29)) == date(2033, 2, 28)


def test_registers_are_checked_against_the_catalog(tmp_path: Path, catalog: Catalog) -> None:
    from backend.documents.registers import load_registers

    broken = tmp_path / "registers.yml"
    broken.write_text("""products:
  salah:
    service: izin-laboratorium-klinik
    title: Salah
    number_format: "X/{seq}/{year}"
    issue_step: s15
    signer_role: kadis
    template: none.j2
    fields: [applicant_nik_unknown]
""", encoding="utf-8")
    with pytest.raises(ValueError) as error:
        load_registers(broken, catalog)
    assert "step s15 is not the signer's" in str(error.value)
    assert "no field applicant_nik_unknown" in str(error.value)
    product = load_registers(broken).products["salah"]
    assert product.format_number(12, 2026, 11) == "X/12/2026"


def test_concurrent_issuing_of_one_case_gives_one_document(
        request: pytest.FixtureRequest, tmp_path: Path, catalog: Catalog, workflow: Workflow,
        registers: Registers, settings: Settings, pki_dir: Path) -> None:
    """Officers clicking 'terbitkan' at once on PostgreSQL: the case lock lets one through."""
    from backend.core.workflow.queries import case_by_number
    from backend.documents.issuing import DocumentKit, issue_document
    from backend.documents.service import DocumentError

    engine = migrated_engine("postgresql", tmp_path, request, catalog)
    case_id = open_case(engine, workflow)
    sessions = sessionmaker(bind=engine, expire_on_commit=False)
    with sessions() as session, session.begin():
        case = session.get(Case, case_id)
        case.current_step_id, number = "s14", case.number
    kit = DocumentKit(settings=settings.documents.model_copy(update={
        "pki_dir": str(pki_dir), "storage_dir": str(tmp_path / "docs"),
        "signer_passphrase": "uji-coba"}), registers=registers, catalog=catalog,
        public_url="https://halo.example.invalid", media_root=tmp_path / "media")

    def issue(_: int) -> str:
        try:
            with sessions() as session, session.begin():
                case = case_by_number(session, number, for_update=True)
                return issue_document(session, kit, case, registers.products["izin-lab-klinik"],
                                      issuer=SYSTEM, now=at("2026-11-25 10:00")).number
        except DocumentError:
            return "refused"

    with ThreadPoolExecutor(max_workers=6) as pool:
        outcomes = sorted(pool.map(issue, range(6)))
    assert outcomes == ["503/1/IZIN-LAB/2026"] + ["refused"] * 5
    engine.dispose()
