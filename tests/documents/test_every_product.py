"""Every register's product: the case walks its SOP to the issuing step, where it is issued."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from backend.core.catalog.loader import Catalog
from backend.core.catalog.steps import RoleKind
from backend.core.config import Settings
from backend.core.models import Case
from backend.core.workflow.engine import Workflow
from backend.core.workflow.simulate import _forward_outcome, officer_for
from backend.documents.issuing import (
    DocumentKit,
    issue_document,
    products_at_step,
    stored_pdf,
)
from backend.documents.registers import Registers
from backend.documents.service import Issuer
from backend.documents.signing import check_signature, trust_roots
from tests.support.app import at

PRODUCTS = ["izin-lab-klinik", "izin-operasional-lks", "e-lhu"]


def walk_to(workflow: Workflow, case: Case, step_id: str) -> None:
    """Complete the steps before ``step_id`` forward, as the right actors."""
    definition = workflow.definition(case)
    now = at("2026-11-24 09:00")
    for _ in range(len(definition.steps) * 2):
        if case.current_step_id == step_id:
            return
        step = definition.step(case.active_step.step_id)
        now += timedelta(minutes=30)
        outcome = _forward_outcome(workflow, case, step)
        if definition.roles[step.actor].kind is RoleKind.APPLICANT:
            workflow.citizen_complete(case, now=now, note="uji", outcome=outcome)
        else:
            workflow.complete(case, actor=officer_for(workflow, case, step.actor), now=now,
                              outcome=outcome)
    raise AssertionError(f"{case.service_code} never reached {step_id}")


@pytest.mark.parametrize("code", PRODUCTS)
def test_product_is_issued_at_its_step_and_signed(code: str, engine: Engine, workflow: Workflow,
                                                  settings: Settings, catalog: Catalog,
                                                  registers: Registers, pki_dir: Path,
                                                  tmp_path: Path) -> None:
    product = registers.products[code]
    documents = settings.documents.model_copy(update={
        "pki_dir": str(pki_dir), "storage_dir": str(tmp_path), "signer_passphrase": "uji-coba"})
    kit = DocumentKit(settings=documents, registers=registers, catalog=catalog,
                      public_url="https://halo.example.invalid", media_root=tmp_path / "media")
    definition = catalog.services[product.service]
    fields = {f.name: f"Contoh {f.name}" for f in definition.fields}
    with sessionmaker(bind=engine, expire_on_commit=False)() as session, session.begin():
        case = workflow.open_case(session, service_code=product.service, fields=fields,
                                  now=at("2026-11-24 09:00"))
        walk_to(workflow, case, product.issue_step)
        assert products_at_step(kit, case) == [product]
        document = issue_document(session, kit, case, product, now=at("2026-11-26 09:00"),
                                  issuer=Issuer(kind="officer", id=f"uji.{product.signer_role}"))
    pdf = stored_pdf(kit, document)
    assert check_signature(pdf, trust_roots(kit.settings, kit.root)).valid
    for name in product.fields:
        assert f"Contoh {name}".encode() in pdf
    printed = set(product.fields)
    for field in definition.fields:
        if field.name not in printed:
            assert f"Contoh {field.name}".encode() not in pdf
