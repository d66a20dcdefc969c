"""Schemathesis against the app's own OpenAPI, in process, on a migrated SQLite database with
demo officers: no operation answers 5xx, signed in or not, and responses match the schema."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)
from sqlalchemy import Engine

from backend.core.catalog.loader import Catalog
from backend.core.config import Settings
from backend.core.models import Officer
from tests.support.channels import SECRET
from tests.support.databases import migrated_engine
from tests.support.officers import bearer


def schema_conformance(ctx, response, case):  # type: ignore[no-untyped-def]
    """The response schema check, except for the app's refusals with a reason: the routes
    answer 4xx as ``{"detail": "<reason>"}``, and FastAPI documents 422 only as its own
    validation error list (see the report: the routes should declare both)."""
    if response.status_code == 422 and isinstance(_detail(response), str):
        return True
    return response_schema_conformance(ctx, response, case)


def _detail(response) -> object:  # type: ignore[no-untyped-def]
    try:
        return response.json().get("detail")
    except (ValueError, AttributeError):
        return None


# status_code_conformance is left out: the routes document 200/422 only, not their 401/403/404.
CHECKS = [not_a_server_error, content_type_conformance, schema_conformance]
STREAMS = ("/api/handoff/events",)  # server-sent events never end: not for a fuzzer
FUZZ = settings(max_examples=12, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
           catalog: Catalog) -> Iterator[Engine]:
    """SQLite only: the fuzzer looks for crashes in the handlers, not in the database."""
    engine = migrated_engine("sqlite", tmp_path_factory.mktemp("openapi"), request, catalog)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def app_schema(engine: Engine, officers: dict[str, Officer], settings: Settings,
               tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from backend.app.web import create_app
    from tests.support.app import app_settings

    configured = app_settings(settings, tmp_path_factory.mktemp("media"),
                              telegram=settings.telegram.model_copy(update={
                                  "token": "1:fuzz", "api_base": "http://127.0.0.1:9",
                                  "webhook_secret": SECRET}))
    app = create_app(configured, engine=engine, run_background=False, migrate=False)
    with TestClient(app):  # runs the lifespan once
        pass
    return schemathesis.openapi.from_asgi("/openapi.json", app).exclude(path=list(STREAMS))


@pytest.fixture(scope="module")
def officer_headers(app_schema) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The PPA head (sees the most: PPA cases, the access log) and the Telegram secret."""
    with TestClient(app_schema.app) as client:
        headers = bearer(client, "dp3a.manajer-kasus")
    return {**headers, "X-Telegram-Bot-Api-Secret-Token": SECRET}


def _fuzz_every_operation(app_schema, headers: dict[str, str]) -> int:  # type: ignore
    """Run each operation's examples; returns how many operations were fuzzed."""
    operations = [result.ok() for result in app_schema.get_all_operations()]
    for operation in operations:

        @FUZZ
        @given(case=operation.as_strategy())
        def run(case) -> None:  # type: ignore[no-untyped-def]
            case.call_and_validate(headers=headers, checks=CHECKS)

        run()
    return len(operations)


def test_no_operation_fails_without_a_login(app_schema) -> None:  # type: ignore
    assert _fuzz_every_operation(app_schema, {}) >= 30


def test_no_operation_fails_for_a_signed_in_officer(app_schema, officer_headers) -> None:  # type: ignore
    assert _fuzz_every_operation(app_schema, officer_headers) >= 30
