"""Fault scenarios against the running stack; each prints PASS/FAIL with its figures.

    .venv/bin/python bench/faults.py                 # all five, a few minutes in total
    .venv/bin/python bench/faults.py --only a,d      # some of them
    .venv/bin/python bench/faults.py --rasa fake     # never start the real Rasa

Scenarios (each on its own throwaway PostgreSQL cluster, loopback fakes, ``halo serve``):

  a  kill -9 a processing process (``halo work``) and later the web process mid-load
     (``--workers 2``; the supervisor replaces each, or with one process the harness
     restarts it) → every acknowledged message processed exactly once,
     no case created twice, every reply row sent exactly once (outbox vs the fakes' journals)
  b  stop Rasa → the fallback answers and fire alerts still go out; Rasa back → used again
     (the client's circuit breaker tries again after 30 s). The real Rasa (``halo nlu serve``)
     when a model exists under nlu/models, else FakeRasa (tests/fakes/rasa.py); said in the
     output. Rasa use is counted by FakeRasa, or by a counting proxy in front of the real one.
  c  stop Redis → the app keeps serving (degraded) or fails clearly (/readyz 503 naming
     redis, 5xx), and recovers when Redis is back (/readyz 200, replies flow)
  d  PostgreSQL restart (pg_ctl stop -m fast / start) → Telegram webhooks get 5xx and are
     redelivered by the harness until 200; WhatsApp messages sent meanwhile are acknowledged
     (spooled) and replayed; afterwards everything processed once, nothing half-written
  e  Telegram answers 429 (retry_after) and then 500 for a while → backoff (retry_after
     honoured), eventual delivery, every message delivered exactly once

The scenarios are in ``fault_scenarios.py`` and ``fault_rasa.py``, the stack they share in
``fault_stack.py``. Exit status 1 when any scenario fails; writes
bench/results/faults-latest.md. Features of the runtime contract that are missing
(``--workers``, ``/readyz``, ``/metrics``, the WhatsApp spool) make the scenario FAIL with
"not available", never a silent skip. Everything is bounded.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fault_rasa import scenario_b  # noqa: E402
from fault_scenarios import scenario_a, scenario_c, scenario_d, scenario_e  # noqa: E402
from fault_stack import SCENARIOS, Options, Outcome  # noqa: E402
from harness import ROOT  # noqa: E402
from servers import postgres_available, redis_available  # noqa: E402

RESULTS = ROOT / "bench" / "results"
RUNNERS = {"a": scenario_a, "b": scenario_b, "c": scenario_c, "d": scenario_d, "e": scenario_e}


async def run_scenario(key: str, options: Options) -> Outcome:
    started = time.perf_counter()
    print(f"[{key}] {SCENARIOS[key]}", flush=True)
    try:
        outcome = await asyncio.wait_for(RUNNERS[key](options), timeout=420)
    except Exception as error:  # noqa: BLE001 - a crashed scenario is a FAIL with its reason
        outcome = Outcome(key, SCENARIOS[key], error=f"{type(error).__name__}: {error}"[:800])
    outcome.seconds = round(time.perf_counter() - started, 1)
    print_outcome(outcome)
    return outcome


def print_outcome(outcome: Outcome) -> None:
    verdict = "PASS" if outcome.passed else "FAIL"
    print(f"[{outcome.key}] {verdict}  {outcome.name}  ({outcome.seconds} s)", flush=True)
    for check in outcome.checks:
        print(f"     {'ok ' if check.ok else 'FAIL'} {check.name}: {check.detail}")
    if outcome.error:
        print(f"     FAIL error: {outcome.error}")
    for note in outcome.notes:
        print(f"     note: {note}")
    if outcome.figures:
        print(f"     figures: {outcome.figures}", flush=True)


def render(outcomes: list[Outcome], command: str, loadavg: str) -> str:
    lines = ["# Fault scenarios — latest run", "",
             f"Written by `bench/faults.py` at {datetime.now(UTC).isoformat(timespec='seconds')};"
             f" command `{command}`; load average at start {loadavg} "
             f"({os.cpu_count()} cores, shared machine).", "",
             "| scenario | result | seconds | failed checks |", "|---|---|---|---|"]
    for o in outcomes:
        failed = "; ".join(o.failures()) or "—"
        lines.append(f"| {o.key}: {o.name} | {'PASS' if o.passed else 'FAIL'} | {o.seconds} | "
                     f"{failed.replace('|', '/')} |")
    for o in outcomes:
        lines += ["", f"## {o.key}: {o.name} — {'PASS' if o.passed else 'FAIL'}", ""]
        lines += [f"- {'ok' if c.ok else '**FAIL**'} {c.name}: {c.detail}" for c in o.checks]
        if o.error:
            lines.append(f"- **FAIL** error: {o.error}")
        lines += [f"- note: {n}" for n in o.notes]
        if o.figures:
            lines.append(f"- figures: `{o.figures}`")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="a,b,c,d,e", help="comma-separated scenario letters")
    parser.add_argument("--scale", type=float, default=1.0, help="citizens/duration factor")
    parser.add_argument("--rasa", choices=["auto", "fake", "real"], default="auto")
    args = parser.parse_args()
    keys = [k.strip() for k in args.only.split(",") if k.strip()]
    unknown = [k for k in keys if k not in RUNNERS]
    if unknown:
        parser.error(f"unknown scenarios {unknown}; choose from {', '.join(RUNNERS)}")
    if not postgres_available():
        sys.exit("FAIL: PostgreSQL binaries not found (HALO_PG_BIN); every scenario needs them")
    if "c" in keys and not redis_available():
        sys.exit("FAIL: redis-server not installed; scenario c needs it")
    loadavg = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    options = Options(scale=args.scale, rasa=args.rasa)

    async def run_all() -> list[Outcome]:
        return [await run_scenario(key, options) for key in keys]

    outcomes = asyncio.run(run_all())
    RESULTS.mkdir(parents=True, exist_ok=True)
    command = "bench/faults.py " + " ".join(sys.argv[1:])
    (RESULTS / "faults-latest.md").write_text(render(outcomes, command, loadavg),
                                              encoding="utf-8")
    failed = [o.key for o in outcomes if not o.passed]
    print(f"\n{len(outcomes) - len(failed)}/{len(outcomes)} PASS"
          + (f"; FAIL: {', '.join(failed)}" if failed else ""))
    print("written: bench/results/faults-latest.md")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
