"""Parse latency (p50/p95/p99) and throughput: NluClient against the running Rasa server, and
the local fallback alone; then the local checks run on every message (the inbox's ranking, the
in-flow emergency check, the violence screen) over the training examples, in microseconds.
Loopback servers only; bounded in messages and seconds.

    python bench/nlu_bench.py [--url http://127.0.0.1:5005] [-n 500] [--concurrency 4]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from ipaddress import ip_address
from pathlib import Path
from urllib.parse import urlsplit

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402, F401 - the repository on sys.path (the training examples' reader)

from nlu.client import NluClient  # noqa: E402
from nlu.fallback import classify, emergency_intent, urgent_intent  # noqa: E402
from nlu.result import NluResult  # noqa: E402
from nlu.screen import screen  # noqa: E402
from tests.support.training import training_examples  # noqa: E402

MAX_MESSAGES = 20_000
MESSAGES = (
    "ada kebakaran di pasar kalianda", "TOLONG ADA API DI WARUNG", "api!!",
    "ada ular masuk rumah", "sarang tawon di atap rumah sy", "anak sy dipukuli",
    "KDRT", "min mau bikin kia anak sy", "pbb 18.01.010.001.001-0001.0 thn 2025 brp",
    "bukan bot dong, mau ngomong sama orang", "menu", "ya", "tidak", "halo min",
    "cek status HL-2025-000123", "syarat sip bidan apa aja", "mau sedot wc di way galih",
    "jalan rusak parah di natar", "makasih", "cuaca hari ini gimana",
)


def loopback_url(url: str) -> str:
    """The URL, if it points at this machine; the benchmark sends traffic nowhere else."""
    host = urlsplit(url).hostname or ""
    if host != "localhost" and not ip_address(host).is_loopback:
        raise SystemExit(f"refusing to benchmark {host}: loopback addresses only")
    return url


async def measure(
    parse: Callable[[str], Awaitable[NluResult]], count: int, concurrency: int, budget_s: float
) -> tuple[list[float], list[NluResult], float]:
    """Latencies (ms) and results of up to ``count`` parses, stopping after ``budget_s``."""
    latencies: list[float] = []
    results: list[NluResult] = []
    deadline = time.monotonic() + budget_s
    queue = iter(range(count))

    async def worker() -> None:
        for i in queue:
            if time.monotonic() > deadline:
                return
            started = time.perf_counter()
            results.append(await parse(MESSAGES[i % len(MESSAGES)]))
            latencies.append((time.perf_counter() - started) * 1000)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies, results, time.perf_counter() - started


def line(label: str, latencies: list[float], elapsed: float, note: str = "") -> str:
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return (
        f"{label:<9} n={len(latencies):<6} p50={cuts[49]:8.2f} ms  p95={cuts[94]:8.2f} ms  "
        f"p99={cuts[98]:8.2f} ms  {len(latencies) / elapsed:9.1f} msg/s {note}"
    )


def warm_up(url: str) -> None:
    """One slow-allowed parse of each message: the first parses after start are slow."""
    with httpx.Client(base_url=url, timeout=60, trust_env=False) as http:
        for text in MESSAGES:
            http.post("/model/parse", json={"text": text}).raise_for_status()


async def fallback_parse(text: str) -> NluResult:
    return classify(text)


def local_checks() -> None:
    """Mean and p99 CPU of each local check per message, over the training examples."""
    texts = [text for text, _ in training_examples()]
    checks: dict[str, Callable[[str], object]] = {
        "classify": classify, "urgent_intent (inbox rank)": urgent_intent,
        "emergency_intent (in flow)": emergency_intent, "violence screen": screen}
    for label, check in checks.items():
        check(texts[0])  # build the tables
        spent = []
        for text in texts:
            started = time.process_time_ns()
            check(text)
            spent.append((time.process_time_ns() - started) / 1000)
        cuts = statistics.quantiles(spent, n=100, method="inclusive")
        print(f"{label:<27} n={len(texts)}  mean={statistics.fmean(spent):7.1f} us  "
              f"p99={cuts[98]:7.1f} us")


async def main(args: argparse.Namespace) -> None:
    local_checks()
    count = min(args.n, MAX_MESSAGES)
    latencies, _, elapsed = await measure(fallback_parse, count, 1, args.max_seconds)
    print(line("fallback", latencies, elapsed))
    url = loopback_url(args.url)
    try:
        warm_up(url)
    except httpx.HTTPError as error:
        print(f"rasa      not reachable at {url} ({type(error).__name__}): start `halo nlu serve`")
        return
    logging.getLogger("nlu.client").setLevel(logging.ERROR)  # fallbacks are counted below
    async with NluClient(url, args.timeout_ms) as client:
        latencies, results, elapsed = await measure(
            client.parse, count, args.concurrency, args.max_seconds
        )
    fell_back = sum(result.source == "fallback" for result in results)
    note = f"(concurrency {args.concurrency}, timeout {args.timeout_ms} ms, {fell_back} fell back)"
    print(line("rasa", latencies, elapsed, note))


def parse_args() -> argparse.Namespace:
    from backend.core.config import get_settings

    settings = get_settings().nlu
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=settings.url, help="Rasa server (default: settings)")
    parser.add_argument("-n", type=int, default=500, help=f"messages (at most {MAX_MESSAGES})")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--timeout-ms", type=int, default=settings.timeout_ms)
    parser.add_argument("--max-seconds", type=float, default=120, help="stop after this long")
    return parser.parse_args()


if __name__ == "__main__":
    asyncio.run(main(parse_args()))
