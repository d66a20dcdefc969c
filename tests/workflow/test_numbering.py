"""Case numbers stay sequential, unique and gap-free under concurrent creation."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import sessionmaker

from backend.core.catalog.loader import Catalog
from backend.core.models import Case
from backend.core.workflow.engine import Workflow
from backend.core.workflow.numbering import format_case_number
from tests.support.app import at
from tests.support.databases import migrated_engine

CASES = 200


@pytest.fixture(params=["postgresql", "sqlite"])
def fresh_engine(request: pytest.FixtureRequest, tmp_path: Path, catalog: Catalog) -> Engine:
    return migrated_engine(request.param, tmp_path, request, catalog)


def test_concurrent_creation_gives_consecutive_numbers(fresh_engine: Engine,
                                                       workflow: Workflow) -> None:
    sessions = sessionmaker(bind=fresh_engine, expire_on_commit=False)

    def create(index: int) -> str:
        with sessions() as session, session.begin():
            case = workflow.open_case(session, service_code="kia-0-5",
                                      fields={"child_name": f"Anak {index}"},
                                      now=at("2026-11-24 09:00"))
            return case.number

    with ThreadPoolExecutor(max_workers=25) as pool:
        numbers = list(pool.map(create, range(CASES)))
    assert len(set(numbers)) == CASES
    assert sorted(numbers) == [format_case_number(2026, n) for n in range(1, CASES + 1)]
    with sessions() as session:
        assert len(session.scalars(select(Case.number)).all()) == CASES
    fresh_engine.dispose()


def test_rolled_back_creation_returns_its_number(fresh_engine: Engine, workflow: Workflow) -> None:
    sessions = sessionmaker(bind=fresh_engine, expire_on_commit=False)
    with sessions() as session:
        session.begin()
        workflow.open_case(session, service_code="kia-0-5", fields={}, now=at("2026-11-24 09:00"))
        session.rollback()
    with sessions() as session, session.begin():
        case = workflow.open_case(session, service_code="kia-0-5", fields={},
                                  now=at("2026-11-24 09:00"))
    assert case.number == "HL-2026-000001"
    with sessions() as session, session.begin():
        next_year = workflow.open_case(session, service_code="kia-0-5", fields={},
                                       now=at("2027-01-01 00:30"))
    assert next_year.number == "HL-2027-000001"
    fresh_engine.dispose()
