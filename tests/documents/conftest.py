"""Fixtures for documents: the registers, a case of the clinical-lab permit, a test PKI."""

from __future__ import annotations

from pathlib import Path

import pytest

from backend.core.catalog.loader import Catalog
from backend.core.config import PROJECT_ROOT
from backend.documents.registers import Registers, load_registers


@pytest.fixture(scope="session")
def registers(catalog: Catalog) -> Registers:
    return load_registers(PROJECT_ROOT / "catalog/documents/registers.yml", catalog)


@pytest.fixture(scope="session")
def pki_dir(tmp_path_factory: pytest.TempPathFactory, registers: Registers,
            catalog: Catalog) -> Path:
    from backend.documents.pki import init_pki, signing_roles

    folder = tmp_path_factory.mktemp("pki")
    init_pki(folder, signing_roles(registers, catalog), passphrase="uji-coba")
    return folder
