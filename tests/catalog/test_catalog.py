"""The catalog holds every SOP of the seeds, faithfully, and lint catches broken files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from backend.core.catalog.loader import DEFAULT_ROOT, Catalog, CatalogError, load_catalog
from backend.core.catalog.schema import Urgency
from backend.core.catalog.steps import RoleKind
from tests.support.catalog import broken_copy

SEEDS = DEFAULT_ROOT.parents[1] / "shared" / "seeds"
OTHER_SEEDS = {"001_05c7e8013abb07e2.txt", "003_19110aeaa1fd540c.txt", "004_d2090dec87e95277.txt"}
needs_seeds = pytest.mark.skipif(not SEEDS.exists(), reason="../shared/seeds not beside the repo")


def _index_rows() -> list[tuple[str, str]]:
    rows = []
    for line in (SEEDS / "INDEX.md").read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0].isdigit():
            rows.append((cells[1], cells[3]))
    return rows


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def test_has_all_116_services(catalog: Catalog) -> None:
    assert len(catalog) == 116


@needs_seeds
def test_every_index_table_has_exactly_one_service(catalog: Catalog) -> None:
    rows = _index_rows()
    assert len(rows) == 116
    by_seed_title: dict[tuple[str, str], list[str]] = {}
    for service in catalog:
        key = (service.source.seed, "" if service.source.seed in OTHER_SEEDS
               else _squash(service.source.title))
        by_seed_title.setdefault(key, []).append(service.code)
    expected = [(seed, "" if seed in OTHER_SEEDS else _squash(title)) for seed, title in rows]
    missing = [key for key in expected if key not in by_seed_title]
    assert not missing
    # 002's titles are unique except where the seed itself repeats one.
    for key, codes in by_seed_title.items():
        assert len(codes) == expected.count(key), (key, codes)


@needs_seeds
def test_step_descriptions_come_from_the_seed(catalog: Catalog) -> None:
    """Step descriptions are the SOP's own words: 97% overall (OCR fixes aside), 75% each."""
    total = matched = 0
    for service in catalog:
        seed_text = _squash((SEEDS / service.source.seed).read_text())
        found = sum(_squash(step.description)[:24] in seed_text for step in service.steps)
        assert found / len(service.steps) >= 0.75, (service.code, found, len(service.steps))
        total += len(service.steps)
        matched += found
    assert matched / total >= 0.97


def test_flagship_codes_exist_with_their_urgency(catalog: Catalog) -> None:
    for code in ("kia-0-5", "kia-5-17", "ppa-pengaduan", "pbb-cek-tagihan", "sedot-tinja"):
        assert code in catalog.services
    for code in ("damkar-kebakaran", "damkar-evakuasi"):
        assert catalog.get(code).urgency is Urgency.PIKET_24H
    assert catalog.get("ppa-pengaduan").urgency is Urgency.URGENT


def test_every_service_is_well_formed(catalog: Catalog) -> None:
    for service in catalog:
        applicants = [k for k, r in service.roles.items() if r.kind is RoleKind.APPLICANT]
        assert len(applicants) == 1, service.code
        assert service.name.id and service.name.en
        for step in service.steps:
            step.standard  # parses  # noqa: B018


@pytest.mark.parametrize(("mutate", "expected"), [
    (lambda d: d["steps"][1].update(actor="camat"), "unknown role 'camat'"),
    (lambda d: d["steps"][2]["outcomes"].append({"kind": "goto", "step": "s99", "label": "x"}),
     "outcome points to no step 's99'"),
    (lambda d: d["steps"][0].update(time="secepatnya"), "steps.0.time"),
    (lambda d: d.update(agency="dinas-antah"), "unknown agency 'dinas-antah'"),
    (lambda d: d.update(colour="red"), "colour"),
])
def test_lint_names_file_and_field(tmp_path: Path, mutate, expected: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CatalogError) as raised:
        load_catalog(broken_copy(tmp_path, mutate))
    assert any(p.startswith("kia-0-5.yml:") and expected in p for p in raised.value.problems), (
        raised.value.problems
    )


@pytest.mark.parametrize("code", ["damkar-kebakaran", "damkar-evakuasi"])
def test_each_alert_button_completes_one_step_named_in_the_damkar_sop(catalog: Catalog,
                                                                      code: str) -> None:
    definition = catalog.get(code)
    steps = {step.signal: step.id for step in definition.steps if step.signal}
    assert steps == {"ack": "s2", "depart": "s4", "arrive": "s5", "done": "s7", "return": "s8"}
    branches = [(step.id, o.step) for step in definition.steps for o in step.outcomes
                if o.signal == "extra"]
    assert branches == [("s6", "s4")]  # the fire too big: more engines, back to the report


def test_step_numbers_carry_no_punctuation_of_their_own(catalog: Catalog) -> None:
    """Some SOP tables print "2."; labels such as the worklist's "2. Front Office" add theirs."""
    numbers = [step.number for service in catalog for step in service.steps]
    assert numbers and all(number and not number.endswith(".") for number in numbers)
    assert catalog.get("pengaduan-pelanggan-pdam").steps[1].number == "2"  # "2." in the file
