"""Shared fixtures: migrated databases on SQLite and PostgreSQL, the catalog, a workflow."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from backend.core.catalog.loader import Catalog, load_catalog
from backend.core.config import Settings
from backend.core.workflow.factory import build_workflow
from tests import pg
from tests.fakes.fixtures import (  # noqa: F401 - the fakes' fixtures, for every test
    fake_telegram,
    fake_twilio,
    telegram,
    twilio,
)
from tests.support.databases import BACKENDS, migrated_engine
from tests.support.fixtures import chat, clock, phone  # noqa: F401 - for every test

os.environ.setdefault("HALO_ENVIRONMENT", "test")


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings(environment="test", auth={"secret_key": "test-secret-" + "x" * 32})


@pytest.fixture(scope="session")
def workflow(settings: Settings, catalog: Catalog):  # type: ignore[no-untyped-def]
    return build_workflow(settings, catalog)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    url = os.environ.get("HALO_TEST_POSTGRES_URL")
    if url:
        yield url.replace("postgresql://", "postgresql+psycopg://", 1)
        return
    if not pg.available():
        pytest.skip("PostgreSQL binaries not installed; .ci/run installs them")
    server = pg.ThrowawayPostgres()
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(scope="module", params=BACKENDS)
def engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
           catalog: Catalog) -> Iterator[Engine]:
    """One migrated database per test module and backend."""
    folder = tmp_path_factory.mktemp(request.param)
    engine = migrated_engine(request.param, folder, request, catalog)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with sessionmaker(bind=engine, expire_on_commit=False)() as session:
        yield session

