"""Fixtures for documents: the registers, a case of the clinical-lab permit, a test PKI."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from backend.catalog.loader import Catalog
from backend.config import PROJECT_ROOT
from backend.documents.registers import Registers, load_registers
from backend.workflow.engine import Workflow
from tests.conftest import at

LAB_FIELDS = {  # invented values, no real person or business
    "lab_name": "Laboratorium Klinik Contoh Sejahtera",
    "lab_type": "Laboratorium klinik umum",
    "legal_entity": "PT Contoh Sehat Bersama",
    "lab_address": "Jl. Contoh No. 1, Kalianda",
    "technical_doctor": "dr. Contoh Patologi, Sp.PK",
    "applicant_name": "Budi Contoh",
    "applicant_phone": "081200000000",
    "applicant_email": "budi@contoh.invalid",
    "by_proxy": "Tidak",
}
LKS_NIK = "1801019999990001"  # a made-up NIK (day 99 does not exist)


@pytest.fixture(scope="session")
def registers(catalog: Catalog) -> Registers:
    return load_registers(PROJECT_ROOT / "catalog/documents/registers.yml", catalog)


def open_case(engine: Engine, workflow: Workflow, service: str = "izin-laboratorium-klinik",
              fields: dict[str, str] | None = None) -> int:
    with sessionmaker(bind=engine, expire_on_commit=False)() as session, session.begin():
        case = workflow.open_case(session, service_code=service,
                                  fields=LAB_FIELDS if fields is None else fields,
                                  now=at("2026-11-24 09:00"))
        return case.id


@pytest.fixture(scope="session")
def pki_dir(tmp_path_factory: pytest.TempPathFactory, registers: Registers,
            catalog: Catalog) -> Path:
    from backend.documents.pki import init_pki, signing_roles

    folder = tmp_path_factory.mktemp("pki")
    init_pki(folder, signing_roles(registers, catalog), passphrase="uji-coba")
    return folder
