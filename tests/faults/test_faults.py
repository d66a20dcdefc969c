"""The fault scenarios of bench/faults.py in CI, smaller (``scale``) and bounded.

Each test starts its own throwaway PostgreSQL cluster (and redis-server for Redis), the loopback
fakes and ``halo serve``, injects its fault and asserts on the same checks the bench prints:
every acknowledged message processed exactly once, no case twice, every reply delivered once,
and the scenario's own expectations. Rasa is FakeRasa unless HALO_FAULTS_RASA=real (and a model
exists). Skipped, with the reason, only when the PostgreSQL or Redis binaries are missing.
Set HALO_FAULTS_SCALE (default 0.5) to run them larger.
"""

from __future__ import annotations

import asyncio
import importlib.util
import os
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _load(name: str):  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location(f"halo_bench_{name}", BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


faults = _load("faults")
servers = sys.modules["servers"]

pytestmark = pytest.mark.skipif(not servers.postgres_available(),
                                reason="PostgreSQL 15 binaries not installed (HALO_PG_BIN); "
                                       ".ci/run installs them")
OPTIONS = faults.Options(scale=float(os.environ.get("HALO_FAULTS_SCALE", "0.5")),
                         rasa=os.environ.get("HALO_FAULTS_RASA", "fake"))


def _run(key: str) -> None:
    outcome = asyncio.run(faults.run_scenario(key, OPTIONS))
    assert outcome.passed, f"{key}: {outcome.name}: " + "; ".join(outcome.failures())


def test_worker_killed_mid_load_loses_and_doubles_nothing() -> None:
    _run("a")


def test_rasa_down_falls_back_and_is_used_again() -> None:
    _run("b")


@pytest.mark.skipif(not servers.redis_available(), reason="redis-server not installed")
def test_redis_down_degrades_or_fails_clearly_and_recovers() -> None:
    _run("c")


def test_postgres_restart_redelivers_and_replays_once() -> None:
    _run("d")


def test_telegram_429_and_500_backoff_and_deliver_once() -> None:
    _run("e")
