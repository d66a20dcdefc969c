"""/docs and /redoc work on an intranet without internet: every asset is served by the app."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from backend.app.web import create_app
from backend.core.config import Settings
from tests.support.app import Clock, app_settings

ASSET = re.compile(r"""(?:src|href|spec-url)=["']([^"']+)["']|(?:url|Url)\s*:\s*["']([^"']+)["']""")


@pytest.fixture
def client(engine: Engine, settings: Settings, tmp_path: Path,
           clock: Clock) -> Iterator[TestClient]:
    app = create_app(app_settings(settings, tmp_path), engine=engine, clock=clock,
                     run_background=False, migrate=False)
    with TestClient(app) as client:
        yield client


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_the_api_pages_reference_only_assets_the_app_serves(client: TestClient,
                                                            page: str) -> None:
    html = client.get(page)
    assert html.status_code == 200
    urls = [a or b for a, b in ASSET.findall(html.text)]
    assert urls and "/openapi.json" in urls
    assert not [u for u in urls if not u.startswith("/")], urls
    for url in urls:
        asset = client.get(url)
        assert asset.status_code == 200 and len(asset.content) > 100, url
    scripts = [u for u in urls if u.endswith(".js")]
    assert scripts and all("javascript" in client.get(u).headers["content-type"]
                           for u in scripts)
