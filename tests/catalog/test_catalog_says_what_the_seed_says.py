"""Issue 15: document counts, choices, provenance, agencies, menu order and totals."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError
from typer.testing import CliRunner

from backend.app.cli import app
from backend.core.catalog.intake import Document, IntakeField
from backend.core.catalog.loader import Catalog, CatalogError, load_catalog
from backend.core.catalog.sources import Basis, Provenance
from backend.core.catalog.steps import RoleKind
from dialogs.menu import agency_menu, service_menu
from tests.support.catalog import broken_copy

LEAD_OWNED = {"ppa-pengaduan"}  # the lead's file, not edited on this branch


def test_count_means_up_to_and_min_max_are_checked() -> None:
    legacy = Document.model_validate({"code": "bukti", "label": "Bukti", "count": 5})
    assert (legacy.min, legacy.max) == (1, 5)
    with pytest.raises(ValidationError, match="min 3 is above max 2"):
        Document.model_validate({"code": "x", "label": "X", "min": 3, "max": 2})
    with pytest.raises(ValidationError, match="not both"):
        Document.model_validate({"code": "x", "label": "X", "count": 2, "max": 2})


def test_per_counts_one_file_per_person_within_max() -> None:
    ktm = Document.model_validate({"code": "ktm", "label": "KTM", "max": 10, "per": "people"})
    assert ktm.wanted(3) == (3, 3)
    assert ktm.wanted(40) == (10, 10)
    assert ktm.wanted(None) == (1, 10)


def test_per_must_name_a_number_field(tmp_path: Path) -> None:
    def mutate(data: dict) -> None:
        data["documents"][0]["per"] = "child_name"
    with pytest.raises(CatalogError) as raised:
        load_catalog(broken_copy(tmp_path, mutate))
    assert any("per 'child_name' is no number field" in p for p in raised.value.problems)


def test_the_documents_the_issue_named_accept_fewer_files(catalog: Catalog) -> None:
    ktp = next(d for d in catalog.get("mutasi-pindah").documents if d.code == "ktp_el")
    assert (ktp.min, ktp.max) == (1, 10)
    photo = next(d for d in catalog.get("kia-5-17").documents if d.code == "pas_foto")
    assert (photo.min, photo.max) == (1, 1)
    lab = {d.code: d for d in catalog.get("izin-laboratorium-klinik").documents}
    assert lab["sip_analis"].per == "analysts" and lab["sip_analis"].min == 1
    assert lab["pernyataan_tenaga"].min == 1
    assert all(d.min <= 2 for s in catalog for d in s.documents), "a minimum above 2 is suspect"


@pytest.mark.parametrize("code", ["kia-0-5", "kia-5-17"])
def test_kia_needs_one_parent_or_the_guardian(catalog: Catalog, code: str) -> None:
    documents = {d.code: d for d in catalog.get(code).documents}
    assert "ktp_ayah" not in documents and "ktp_ibu" not in documents
    ktp = documents["ktp_orang_tua"]
    assert ktp.required and ktp.min == 1 and "wali" in ktp.label
    assert not documents["bukti_perwalian"].required and documents["bukti_perwalian"].condition
    provenance = catalog.get(code).provenance_of("documents")
    assert provenance is not None and provenance.basis is Basis.REGULATION
    assert "Permendagri 2/2016" in (provenance.citation or "")


@pytest.mark.parametrize("choice", [
    "Data sektor usaha UMKM (kuliner", "dll.)", "a, b", "x" * 65,
])
def test_a_choice_must_be_one_button(choice: str) -> None:
    with pytest.raises(ValidationError, match="one button label"):
        IntakeField.model_validate({"name": "kind", "label": "Jenis", "prompt": "Jenis?",
                                    "type": "choice", "choices": ["Lainnya", choice]})


def test_the_umkm_data_choice_is_one_button(catalog: Catalog) -> None:
    field = next(f for f in catalog.get("permintaan-data-umkm").fields if f.name == "data_kind")
    assert len(field.choices or []) == 4
    assert any("kuliner" in c and c.count("(") == c.count(")") for c in field.choices or [])


def test_regulation_needs_a_citation() -> None:
    with pytest.raises(ValidationError, match="needs a 'citation'"):
        Provenance.model_validate({"basis": "regulation"})


def test_provenance_keys_must_name_a_value(tmp_path: Path) -> None:
    def mutate(data: dict) -> None:
        data["provenance"] = {"documents.ktp_kakek": {"basis": "assumption"}}
    with pytest.raises(CatalogError) as raised:
        load_catalog(broken_copy(tmp_path, mutate))
    assert any("names no value" in p for p in raised.value.problems)


def test_every_fee_validity_and_document_list_has_a_provenance(catalog: Catalog) -> None:
    missing = {s.code: s.unsourced() for s in catalog if s.unsourced()}
    assert set(missing) <= LEAD_OWNED, missing


def test_no_gratis_is_presented_as_seed_fact_without_the_seed_saying_so(catalog: Catalog) -> None:
    for service in catalog:
        provenance = service.provenance_of("fee")
        if service.fee and service.fee.lower() == "gratis" and service.code not in LEAD_OWNED:
            assert provenance is not None
            if provenance.basis is Basis.SEED:
                assert provenance.citation, service.code


def test_lint_reports_provenance_and_lists_assumptions() -> None:
    result = CliRunner().invoke(app, ["catalog", "lint", "--assumptions"])
    assert result.exit_code == 0, result.output
    assert "provenance:" in result.output and " assumption" in result.output
    assert "bpjs-reaktivasi: fee = 'Gratis'" in result.output


def test_show_prints_each_value_with_its_basis() -> None:
    result = CliRunner().invoke(app, ["catalog", "show", "kia-0-5"])
    assert result.exit_code == 0, result.output
    assert "dasar: peraturan — UU 24/2013 Pasal 79A" in result.output
    assert "Permendagri 2/2016" in result.output


def test_no_service_is_served_by_an_agency_outside_the_regency(catalog: Catalog) -> None:
    assert not [s.code for s in catalog if catalog.agencies[s.agency].external]
    originals = {s.code: (s.agency, s.source.agency) for s in catalog if s.source.agency}
    assert originals == {
        "sippt-pengujian": ("disdagperin", "bspji-palembang"),
        "izin-lks-lksa": ("dpmptsp", "dpmptsp-banjarbaru"),
        "izin-laboratorium-klinik": ("dpmptsp", "dpmptsp-kaltim"),
    }
    for code in originals:
        assert catalog.get(code).provenance["agency"].basis is Basis.ASSUMPTION


def test_an_external_agency_fails_lint(tmp_path: Path) -> None:
    def mutate(data: dict) -> None:
        data["agency"] = "dpmptsp-kaltim"
    with pytest.raises(CatalogError) as raised:
        load_catalog(broken_copy(tmp_path, mutate))
    assert any("outside the regency" in p for p in raised.value.problems)


def test_menus_put_what_citizens_use_most_first(catalog: Catalog) -> None:
    agencies = [b.payload for b in agency_menu(catalog, "id").buttons]
    assert agencies[0] == "agency:disdukcapil"
    assert not any(p.endswith(("bspji-palembang", "banjarbaru", "kaltim")) for p in agencies)
    services = [b.payload for b in service_menu(catalog, "disdukcapil", "id").buttons]
    assert services[:4] == ["svc:akta-kelahiran-1-60-hari", "svc:akta-kelahiran-lebih-60-hari",
                            "svc:kia-0-5", "svc:kia-5-17"]


def _rule_total(service) -> tuple[int, int, int] | None:  # type: ignore[no-untyped-def]
    if any(not s.standard.has_deadline and service.roles[s.actor].kind is not RoleKind.APPLICANT
           for s in service.steps):
        return None
    return (sum(s.standard.working_days for s in service.steps),
            sum(s.standard.wall_minutes for s in service.steps),
            sum(s.standard.clock_minutes for s in service.steps))


def test_every_computed_total_follows_the_one_rule(catalog: Catalog) -> None:
    """Untimed applicant steps count as zero; an untimed agency step means no total."""
    for service in catalog:
        if service.code in LEAD_OWNED:
            continue
        provenance = service.provenance_of("total_time")
        if provenance is not None and "tercetak" in (provenance.note or ""):
            continue  # printed by the SOP, kept as printed
        expected = _rule_total(service)
        if expected is None:
            assert service.total_time is None, service.code
        else:
            total = service.total_standard
            assert (total.working_days, total.wall_minutes, total.clock_minutes) == expected, (
                service.code)


def test_catalog_files_are_still_plain_yaml() -> None:
    root = Path(__file__).resolve().parents[2] / "catalog" / "services"
    data = yaml.safe_load((root / "magang-kultur-jaringan.yml").read_text())
    assert any(d.get("per") == "participants" for d in data["documents"])


def test_the_payment_proof_is_asked_at_step_9_not_in_the_intake(catalog: Catalog) -> None:
    from dialogs.describe import requirements_text

    service = catalog.get("sippt-pengujian")
    proof = next(d for d in service.documents if d.code == "bukti_bayar")
    assert proof.at_step == "s9"
    assert "bukti_bayar" not in [d.code for d in service.intake_documents()]
    assert "diminta nanti, pada langkah 9" in requirements_text(service, "Disdagperin", "id")


def test_at_step_must_be_an_applicant_step(tmp_path: Path) -> None:
    def mutate(data: dict) -> None:
        data["documents"][0]["at_step"] = "s2"  # the operator's step
    with pytest.raises(CatalogError) as raised:
        load_catalog(broken_copy(tmp_path, mutate))
    assert any("no applicant step" in p for p in raised.value.problems)


def test_the_clinical_lab_clock_starts_at_the_recommendation(catalog: Catalog) -> None:
    from dialogs.describe import expected_time

    service = catalog.get("izin-laboratorium-klinik")
    assert service.total_from == "s11"
    assert "dihitung sejak" in expected_time(service, "id")


def test_the_kia_age_bands_are_data(catalog: Catalog) -> None:
    under_five = catalog.get("kia-0-5").eligibility
    five_to_17 = catalog.get("kia-5-17").eligibility
    assert under_five is not None and five_to_17 is not None
    assert under_five.admits(0) and under_five.admits(4) and not under_five.admits(5)
    assert five_to_17.admits(5) and five_to_17.admits(16) and not five_to_17.admits(17)


def test_an_outcome_can_name_its_own_output(catalog: Catalog) -> None:
    step = catalog.get("konsultasi-pbj").step("s4")
    outputs = {o.kind.value: o.output for o in step.outcomes}
    assert outputs["reject"] == "Permohonan Ditolak (disertai alasan)"
