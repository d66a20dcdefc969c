"""Settings of issued documents (the ``documents:`` section of config.yml)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class DocumentSettings(BaseModel):
    """Where keys, registers and signed PDFs live; who signs with which certificate."""

    registers_file: str = "catalog/documents/registers.yml"
    pki_dir: str = "var/pki"
    storage_dir: str = "var/documents"
    signer_passphrase: str = ""
    signers: dict[str, str] = Field(default_factory=dict)
    trust_roots: list[str] = Field(default_factory=list)
    tsa_url: str = ""
    letterhead: str = "PEMERINTAH KABUPATEN LAMPUNG SELATAN"
    place: str = "Kalianda"
