"""Case numbers stay sequential and unique under concurrent creation."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text
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


def test_a_rolled_back_creation_never_reuses_a_number(fresh_engine: Engine,
                                                     workflow: Workflow) -> None:
    """SQLite gives the number back; PostgreSQL took it outside the opening's transaction
    (the counter is not held for the rest of a dialog turn) and leaves it unused."""
    sessions = sessionmaker(bind=fresh_engine, expire_on_commit=False)
    with sessions() as session:
        session.begin()
        workflow.open_case(session, service_code="kia-0-5", fields={}, now=at("2026-11-24 09:00"))
        session.rollback()
    with sessions() as session, session.begin():
        case = workflow.open_case(session, service_code="kia-0-5", fields={},
                                  now=at("2026-11-24 09:00"))
    shared = fresh_engine.dialect.name == "postgresql"
    assert case.number == ("HL-2026-000002" if shared else "HL-2026-000001")
    with sessions() as session, session.begin():
        next_year = workflow.open_case(session, service_code="kia-0-5", fields={},
                                       now=at("2027-01-01 00:30"))
    assert next_year.number == "HL-2027-000001"
    fresh_engine.dispose()


def test_an_opening_does_not_hold_the_counter_until_it_commits(fresh_engine: Engine,
                                                               workflow: Workflow) -> None:
    """PostgreSQL: a second opening takes its number while the first one's transaction is
    still open (before, it waited for that whole dialog turn to commit)."""
    if fresh_engine.dialect.name != "postgresql":
        pytest.skip("SQLite: one writer at a time")
    sessions = sessionmaker(bind=fresh_engine, expire_on_commit=False)
    with sessions() as first, first.begin():
        opened = workflow.open_case(first, service_code="kia-0-5", fields={},
                                    now=at("2026-11-24 09:00"))
        with ThreadPoolExecutor(max_workers=1) as pool:
            second = pool.submit(create_in_own_session, sessions, workflow)
            number = second.result(timeout=10)  # waited for ``first`` to commit before
    assert (opened.number, number) == ("HL-2026-000001", "HL-2026-000002")
    fresh_engine.dispose()


def create_in_own_session(sessions: sessionmaker, workflow: Workflow) -> str:
    with sessions() as session, session.begin():
        session.execute(text("SET LOCAL lock_timeout = '3s'"))
        return workflow.open_case(session, service_code="kia-0-5", fields={},
                                  now=at("2026-11-24 09:00")).number
