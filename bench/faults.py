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

Exit status 1 when any scenario fails; writes bench/results/faults-latest.md. Features of the
runtime contract that are missing (``--workers``, ``/readyz``, ``/metrics``, the WhatsApp spool)
make the scenario FAIL with "not available", never a silent skip. Everything is bounded.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import subprocess
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiohttp import ClientError, ClientSession, ClientTimeout, web

sys.path.insert(0, str(Path(__file__).resolve().parent))

from citizens import Citizens, ReplyTracker  # noqa: E402
from exactly_once import Check, integrity, wait_drained  # noqa: E402
from harness import HALO, ROOT, free_port, percentiles  # noqa: E402
from load import LoadRun  # noqa: E402
from processes import stop_process_group  # noqa: E402
from servers import (  # noqa: E402
    AppServer,
    PostgresCluster,
    RedisServer,
    postgres_available,
    redis_available,
    workers_supported,
)

from tests.fakes.rasa import FakeRasa  # noqa: E402
from tests.fakes.server import LoopbackServer  # noqa: E402
from tests.fakes.telegram import FakeTelegram  # noqa: E402
from tests.fakes.twilio import FakeTwilio  # noqa: E402

RESULTS = ROOT / "bench" / "results"
SCENARIOS = {"a": "kill -9 a worker and the web process mid-load", "b": "Rasa stopped and back",
             "c": "Redis stopped and back", "d": "PostgreSQL restart",
             "e": "Telegram 429 and 500 for a while"}
KIA_HEAVY = {"greeting": 10, "syarat": 10, "status": 10, "pbb": 15, "kia": 55}


@dataclass
class Outcome:
    key: str
    name: str
    checks: list[Check] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    error: str | None = None

    @property
    def passed(self) -> bool:
        return self.error is None and bool(self.checks) and all(c.ok for c in self.checks)

    def check(self, name: str, ok: bool, detail: str) -> None:
        self.checks.append(Check(name, bool(ok), detail))

    def failures(self) -> list[str]:
        found = [f"{c.name}: {c.detail}" for c in self.checks if not c.ok]
        return found + ([f"error: {self.error}"] if self.error else [])


@dataclass
class Options:
    scale: float = 1.0  # citizens and durations (the pytest run uses less)
    rasa: str = "auto"  # auto | fake | real
    verbose: bool = True


def log(message: str) -> None:
    print(f"  [{datetime.now().strftime('%H:%M:%S')}] {message}", flush=True)


# --- the stack -------------------------------------------------------------------------------


class Stack:
    """PostgreSQL + (Redis) + fakes + ``halo serve`` for one scenario."""

    def __init__(self, *, workers: int = 2, redis: bool = False,
                 nlu_url: str = "http://127.0.0.1:9",
                 extra_env: dict[str, str] | None = None) -> None:
        self.supported = workers_supported()
        self.workers = workers if self.supported else 1
        self.cluster = PostgresCluster()
        self.redis = RedisServer() if redis else None
        self.telegram, self.twilio = FakeTelegram(), FakeTwilio()
        self.nlu_url = nlu_url
        self.extra_env = extra_env or {}
        self.app: AppServer | None = None
        self.tracker: ReplyTracker | None = None
        self.citizens: Citizens | None = None

    async def __aenter__(self) -> Stack:
        self.telegram.start()
        self.twilio.start()
        await asyncio.to_thread(self._start_servers)
        self.tracker = ReplyTracker(asyncio.get_running_loop())
        self.tracker.attach(self.telegram, self.twilio)
        assert self.app is not None
        self.citizens = Citizens(self.app.base, self.telegram, self.twilio, post_timeout=10,
                                 telegram_deadline=120)
        return self

    def _start_servers(self) -> None:
        self.cluster.start()
        self.cluster.create_database()
        if self.redis is not None:
            self.redis.start()
        self.app = AppServer(database_url=self.cluster.url, telegram=self.telegram,
                             twilio=self.twilio, workers=self.workers,
                             redis_url=self.redis.url if self.redis else "",
                             nlu_url=self.nlu_url, extra_env=self.extra_env)
        self.app.migrate()
        self.app.start()

    async def __aexit__(self, *exc_info: object) -> None:
        if self.citizens is not None:
            await self.citizens.close()
        await asyncio.to_thread(self._stop_servers)

    def _stop_servers(self) -> None:
        if self.app is not None:
            self.app.stop()
        self.telegram.stop()
        self.twilio.stop()
        if self.redis is not None:
            self.redis.stop()
        self.cluster.remove()

    def load(self, **options: Any) -> LoadRun:
        assert self.citizens is not None and self.tracker is not None
        defaults = {"think": 0.15, "reply_timeout": 40.0, "fire_share": 0.05,
                    "second_session": 0.0, "mix": KIA_HEAVY}
        return LoadRun(self.citizens, self.tracker, **{**defaults, **options})

    async def converse(self, key: tuple[str, str], text: str, timeout: float = 20.0
                       ) -> tuple[str, float | None]:
        """One message from ``key`` (``("telegram", chat)`` or ``("whatsapp", number)``):
        (status of the webhook, seconds until the reply or None)."""
        assert self.citizens is not None and self.tracker is not None
        seen = self.tracker.count(key)
        if key[0] == "telegram":
            posted = await self.citizens.send_telegram(
                self.telegram.text_update(int(key[1]), text), retry=False)
        else:
            posted = await self.citizens.send_whatsapp(self.twilio.incoming_form(
                text, from_=key[1]))
        if not posted.acked:
            return posted.statuses[-1], None
        arrived = await self.tracker.wait_beyond(key, seen, timeout)
        return posted.statuses[-1], None if arrived is None else arrived - posted.started

    async def drained_integrity(self, outcome: Outcome, timeout: float = 150.0,
                                kia: int | None = None) -> None:
        assert self.app is not None
        drained, pending = await asyncio.to_thread(wait_drained, self.cluster, timeout,
                                                   self.app.alive)
        code = self.app.process.returncode if self.app.process is not None else None
        outcome.check("app still running", self.app.alive(), "yes" if self.app.alive() else
                      f"halo serve exited ({code}): {self.app.first_error()}")
        outcome.check("queues drained", drained, f"pending after drain wait: {pending}")
        assert self.citizens is not None
        checks, figures = await asyncio.to_thread(integrity, self.cluster, self.citizens.acked,
                                                  self.telegram, self.twilio, kia_citizens=kia)
        outcome.checks += checks
        outcome.figures.update(figures)


async def metric_sum(app: AppServer, name: str, *labels: str) -> float | None:
    """Sum of the /metrics samples of ``name`` whose labels contain every ``labels`` fragment
    (e.g. ``'source="fallback"'``); None when there is no /metrics or no such metric."""
    response = await asyncio.to_thread(app.get, "/metrics")
    if response is None or response.status_code != 200:
        return None
    total, found = 0.0, False
    for line in response.text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        metric = line.split("{", 1)[0].split(" ", 1)[0]
        if metric == name and all(label in line for label in labels):
            with contextlib.suppress(ValueError):
                total += float(line.rsplit(" ", 1)[1])
                found = True
    return total if found else None


async def readyz(app: AppServer) -> tuple[int | None, str]:
    response = await asyncio.to_thread(app.get, "/readyz", 5)
    if response is None:
        return None, "no answer"
    return response.status_code, response.text[:200]


# --- a: kill -9 a worker -------------------------------------------------------------------


async def scenario_a(options: Options) -> Outcome:
    outcome = Outcome("a", SCENARIOS["a"])
    async with Stack(workers=2) as stack:
        app = stack.app
        assert app is not None
        outcome.figures["app_processes"] = stack.workers
        seconds = 30 * options.scale
        run = stack.load(count=int(60 * options.scale), seconds=seconds)
        load = asyncio.create_task(run.run())
        began = time.perf_counter()
        if stack.workers > 1:
            # A processing process mid-turn, then the web process mid-request.
            for role, at_share in (("work", 0.35), ("web", 0.65)):
                await asyncio.sleep(max(0.0, seconds * at_share - (time.perf_counter() - began)))
                await replace_killed(outcome, app, role, len(run.stats.acked_at))
        else:
            await asyncio.sleep(seconds * 0.35)
            log(f"kill -9 {app.pid} with {len(run.stats.acked_at)} messages acknowledged")
            app.kill9(app.pid)
            killed_at = time.perf_counter()
            outcome.notes.append("--workers is not in this runtime: the single app process "
                                 "was killed and restarted by the harness")
            await asyncio.sleep(1)
            await asyncio.to_thread(app.restart)
            log(f"restarted after {time.perf_counter() - killed_at:.1f} s")
        stats = await load
        outcome.figures["messages_acknowledged"] = len(stats.acked_at)
        outcome.figures["redeliveries"] = stack.citizens.redeliveries if stack.citizens else 0
        outcome.figures["errors_seen_by_citizens"] = dict(stats.errors)
        outcome.figures["reply_latency_ms"] = percentiles(stats.latencies)
        await stack.drained_integrity(outcome, kia=stats.kia_confirmed)
    outcome.check("--workers available", stack.supported,
                  "ran with --workers 2" if stack.supported else
                  "not available: halo serve has no --workers (single-process variant above)")
    return outcome


async def replace_killed(outcome: Outcome, app: AppServer, role: str, acked: int) -> None:
    """kill -9 one ``halo {role}`` process; check the supervisor starts another."""
    before = app.worker_pids(role)
    victim = before[0]
    log(f"kill -9 {role} process {victim} (of {before}) with {acked} messages acknowledged")
    app.kill9(victim)
    killed_at = time.perf_counter()
    replaced = None
    while time.perf_counter() - killed_at < 30:
        now = app.worker_pids(role)
        if len(now) >= len(before) and victim not in now:
            replaced = time.perf_counter() - killed_at
            break
        await asyncio.sleep(0.2)
    outcome.check(f"the {role} process was replaced", replaced is not None,
                  f"after {replaced:.1f} s" if replaced else "not in 30 s")


# --- b: Rasa ---------------------------------------------------------------------------------


class RasaProxy(LoopbackServer):
    """Forwards /model/parse to the real Rasa and counts the answers that came back."""

    def __init__(self, upstream: str) -> None:
        super().__init__()
        self.upstream = upstream
        self.parses = 0

    def build_app(self) -> web.Application:
        app = web.Application()
        app.router.add_route("*", "/{path:.*}", self._forward)
        return app

    async def _forward(self, request: web.Request) -> web.Response:
        body = await request.read()
        try:
            async with ClientSession(timeout=ClientTimeout(total=5)) as session, \
                    session.request(request.method, self.upstream + request.path, data=body,
                                    headers={"Content-Type": "application/json"}) as answer:
                data = await answer.read()
                if request.path == "/model/parse" and answer.status == 200:
                    self.parses += 1
                return web.Response(body=data, status=answer.status,
                                    content_type="application/json")
        except (ClientError, TimeoutError):
            return web.json_response({"error": "rasa unavailable"}, status=502)


class RealRasa:
    """``halo nlu serve --port P`` in its own process group."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    @staticmethod
    def available() -> bool:
        models = ROOT / "nlu" / "models"
        return (ROOT / "nlu" / ".venv" / "bin").exists() and models.exists() and any(
            models.glob("*.tar.gz"))

    def start(self, timeout: float = 240) -> float:
        started = time.monotonic()
        self.process = subprocess.Popen([str(HALO), "nlu", "serve", "--port", str(self.port)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        start_new_session=True, cwd=ROOT)
        import httpx

        while time.monotonic() - started < timeout:
            if self.process.poll() is not None:
                raise RuntimeError("halo nlu serve exited")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.post(self.url + "/model/parse", json={"text": "halo"},
                              timeout=5).status_code == 200:
                    return time.monotonic() - started
            time.sleep(1)
        raise RuntimeError(f"Rasa not ready in {timeout:.0f} s")

    def stop(self) -> None:
        if self.process is not None:
            stop_process_group(self.process, timeout=20)
        self.process = None


async def scenario_b(options: Options) -> Outcome:
    outcome = Outcome("b", SCENARIOS["b"])
    real = options.rasa == "real" or (options.rasa == "auto" and RealRasa.available())
    fake = FakeRasa()
    rasa: RealRasa | None = None
    proxy: RasaProxy | None = None
    if real:
        rasa = RealRasa()
        log("starting the real Rasa (halo nlu serve); this takes 45 s to 2 min")
        try:
            outcome.figures["rasa_start_s"] = round(await asyncio.to_thread(rasa.start), 1)
        except RuntimeError as error:
            outcome.notes.append(f"real Rasa did not start ({error}); using FakeRasa")
            rasa.stop()
            rasa, real = None, False
    if rasa is not None:
        proxy = RasaProxy(rasa.url).start()
        url = proxy.api_base
    else:
        fake.start()
        url = fake.api_base
    counter: Any = proxy if proxy is not None else fake
    outcome.figures["rasa"] = ("real Rasa (halo nlu serve) behind a counting proxy" if real
                               else "FakeRasa (tests/fakes/rasa.py): no model under nlu/models"
                               if options.rasa == "auto" else "FakeRasa (--rasa fake)")
    log(f"Rasa: {outcome.figures['rasa']}")
    try:
        async with Stack(workers=2, nlu_url=url) as stack:
            assert stack.app is not None
            chats = [("telegram", str(20_000_000 + i)) for i in range(4)]
            numbers = [("whatsapp", f"whatsapp:+62814{i:08d}") for i in range(2)]
            before = counter.parses
            answers = [await stack.converse(k, "syarat KIA") for k in chats + numbers]
            outcome.figures["parses_while_up"] = counter.parses - before
            outcome.check("Rasa used while up", counter.parses > before and
                          all(a[1] is not None for a in answers),
                          f"{counter.parses - before} parses for {len(answers)} messages")
            fallback_before = await metric_sum(stack.app, "halo_nlu_parses_total",
                                               'source="fallback"') or 0.0
            if rasa is not None:
                await asyncio.to_thread(rasa.stop)
            else:
                fake.stop()
            down_at = time.perf_counter()
            log("Rasa stopped")
            parses_at_stop = counter.parses
            texts = ["halo", "cek status permohonan saya", "syarat pindah domisili", "menu",
                     "cek pbb", "terima kasih"]
            down = await asyncio.gather(*(stack.converse(k, texts[i % len(texts)])
                                          for i, k in enumerate(chats + numbers)))
            reports = [("telegram", str(20_100_000 + i)) for i in range(2)] + [
                ("whatsapp", f"whatsapp:+62815{i:08d}") for i in range(1)]
            fire = await asyncio.gather(*(stack.converse(
                k, f"TOLONG ADA KEBAKARAN DI PASAR KALIANDA #r{900 + i}")
                for i, k in enumerate(reports)))
            assert stack.tracker is not None
            alerts = [await stack.tracker.wait_alert(900 + i, 20) for i in range(len(reports))]
            answered = sum(1 for _, took in down + fire if took is not None)
            outcome.figures["reply_s_while_down"] = [round(t, 2) for _, t in down + fire if t]
            outcome.check("fallback answers while Rasa is down", answered == len(down + fire),
                          f"{answered}/{len(down + fire)} messages answered")
            outcome.check("fire alerts go out while Rasa is down",
                          all(a is not None for a in alerts),
                          f"{sum(a is not None for a in alerts)}/{len(alerts)} alerts at the "
                          "piket group")
            outcome.figures["parses_while_down"] = counter.parses - parses_at_stop
            fallback_after = await metric_sum(stack.app, "halo_nlu_parses_total",
                                              'source="fallback"')
            if fallback_after is None:
                outcome.check("/metrics NLU fallback counter", False, "not available: no "
                              '/metrics halo_nlu_parses_total{source="fallback"}')
            else:
                outcome.check("/metrics NLU fallback counter rose",
                              fallback_after > fallback_before,
                              f"{fallback_before:.0f} → {fallback_after:.0f}")
            # Rasa back
            if rasa is not None:
                log("starting the real Rasa again")
                outcome.figures["rasa_restart_s"] = round(await asyncio.to_thread(rasa.start), 1)
            else:
                fake.start(int(url.rsplit(":", 1)[1]))
            back_at = time.perf_counter()
            log(f"Rasa back after {back_at - down_at:.0f} s down; waiting for the breaker")
            reused = None
            budget = 45.0 + (30.0 if real else 0.0)
            probe = 0
            while time.perf_counter() - back_at < budget:
                before = counter.parses
                await stack.converse(chats[probe % len(chats)], "syarat KIA", timeout=10)
                probe += 1
                if counter.parses > before:
                    reused = time.perf_counter() - back_at
                    break
                await asyncio.sleep(2)
            outcome.check("Rasa used again after it is back", reused is not None,
                          f"after {reused:.0f} s ({time.perf_counter() - down_at:.0f} s after "
                          "the stop; breaker cooldown 30 s)" if reused is not None else
                          f"not used within {budget:.0f} s")
            await stack.drained_integrity(outcome, timeout=60)
    finally:
        if rasa is not None:
            rasa.stop()
        if proxy is not None:
            proxy.stop()
        fake.stop()
    return outcome


# --- c: Redis --------------------------------------------------------------------------------


async def scenario_c(options: Options) -> Outcome:
    outcome = Outcome("c", SCENARIOS["c"])
    async with Stack(workers=2, redis=True) as stack:
        assert stack.app is not None and stack.redis is not None
        status, body = await readyz(stack.app)
        outcome.figures["readyz_before"] = status
        keys = [("telegram", str(30_000_000 + i)) for i in range(3)] + [
            ("whatsapp", f"whatsapp:+62816{i:08d}") for i in range(2)]
        first = [await stack.converse(k, "halo") for k in keys]
        outcome.check("serving with Redis up", all(t is not None for _, t in first),
                      f"{sum(t is not None for _, t in first)}/{len(first)} answered")
        await asyncio.to_thread(stack.redis.stop)
        log("Redis stopped")
        await asyncio.sleep(1)
        down_ready = await readyz(stack.app)
        started = time.perf_counter()
        down: list[tuple[str, float | None]] = []
        texts = ["syarat KIA", "cek status permohonan saya", "menu"]
        while time.perf_counter() - started < 6 * max(options.scale, 0.5):
            down += await asyncio.gather(*(stack.converse(k, texts[len(down) % 3], timeout=15)
                                           for k in keys))
            await asyncio.sleep(0.5)
        took = time.perf_counter() - started
        statuses = [s for s, _ in down]
        answered = sum(1 for _, t in down if t is not None)
        statuses_seen = dict(Counter(statuses))
        outcome.figures |= {"readyz_during": down_ready, "webhook_statuses_during": statuses_seen,
                            "answered_during": f"{answered}/{len(down)}",
                            "redis_down_s": round(took, 1)}
        degraded = answered == len(down)
        clear = (down_ready[0] == 503 and "redis" in down_ready[1].lower()
                 and all(s.startswith("5") or s.startswith("2") for s in statuses))
        outcome.check("keeps serving (degraded) or fails clearly", degraded or clear,
                      f"{answered}/{len(down)} answered, webhooks {statuses_seen}, readyz "
                      f"{down_ready[0]} {down_ready[1][:80]!r}")
        outcome.check("no webhook hangs", "timeout" not in statuses,
                      f"webhook statuses {statuses_seen}")
        await asyncio.to_thread(stack.redis.start)
        log("Redis started again")
        recovered = None
        back = time.perf_counter()
        while time.perf_counter() - back < 30:
            status, body = await readyz(stack.app)
            if status == 200:
                recovered = time.perf_counter() - back
                break
            await asyncio.sleep(0.5)
        after = [await stack.converse(k, "menu") for k in keys]
        outcome.check("/readyz 200 after Redis is back", recovered is not None,
                      f"after {recovered:.1f} s" if recovered is not None else
                      f"not available: /readyz answered {status} {body[:60]!r}")
        outcome.check("serving after Redis is back", all(t is not None for _, t in after),
                      f"{sum(t is not None for _, t in after)}/{len(after)} answered")
        await stack.drained_integrity(outcome, timeout=60)
    return outcome


# --- d: PostgreSQL restart --------------------------------------------------------------------


async def scenario_d(options: Options) -> Outcome:
    outcome = Outcome("d", SCENARIOS["d"])
    async with Stack(workers=2) as stack:
        assert stack.app is not None and stack.citizens is not None
        seconds = 30 * options.scale
        run = stack.load(count=int(40 * options.scale), seconds=seconds, fire_share=0.05)
        load = asyncio.create_task(run.run())
        await asyncio.sleep(seconds * 0.3)
        log("pg_ctl stop -m fast")
        stopped = time.perf_counter()
        await asyncio.to_thread(stack.cluster.stop, "fast")
        log(f"PostgreSQL stopped in {time.perf_counter() - stopped:.1f} s")
        citizens = stack.citizens

        async def probe(index: int) -> tuple[Any, Any, str]:
            update = stack.telegram.text_update(40_000_000 + index, "halo")
            form = stack.twilio.incoming_form("halo", from_=f"whatsapp:+62817{index:08d}")
            tg, wa = await asyncio.gather(citizens.send_telegram(update, retry=True),
                                          citizens.send_whatsapp(form))
            return tg, wa, form["MessageSid"]

        probing: list[asyncio.Task[tuple[Any, Any, str]]] = []
        outage = 8.0 * max(options.scale, 0.5)
        while time.perf_counter() - stopped < outage:
            probing.append(asyncio.create_task(probe(len(probing))))
            await asyncio.sleep(0.7)
        await asyncio.to_thread(stack.cluster.start)
        restarted = time.perf_counter()
        log(f"PostgreSQL started again after {restarted - stopped:.1f} s")
        probes: dict[str, list[str]] = defaultdict(list)
        forms: list[str] = []
        for tg, wa, sid in await asyncio.gather(*probing):
            probes["telegram_first_status"].append(tg.statuses[0])
            probes["telegram_final"].append("acked" if tg.acked else tg.statuses[-1])
            probes["telegram_attempts"].append(str(tg.attempts))
            probes["whatsapp"].append(wa.statuses[0])
            if wa.acked:
                forms.append(sid)
        stats = await load
        outcome.figures |= {
            "outage_s": round(restarted - stopped, 1),
            "probe_telegram_first_status": probes["telegram_first_status"],
            "probe_telegram_attempts": probes["telegram_attempts"],
            "probe_whatsapp_status": probes["whatsapp"],
            "telegram_redeliveries": stack.citizens.redeliveries,
            "messages_acknowledged": len(stats.acked_at),
            "errors_seen_by_citizens": dict(stats.errors),
        }
        during = probes["telegram_first_status"]
        outcome.check("Telegram webhooks get 5xx during the outage",
                      bool(during) and all(s.startswith("5") for s in during),
                      f"first answers {during}")
        outcome.check("redelivered Telegram updates acknowledged after recovery",
                      all(s == "acked" for s in probes["telegram_final"]),
                      f"final {probes['telegram_final']}")
        outcome.check("WhatsApp acknowledged (spooled) during the outage",
                      bool(probes["whatsapp"]) and all(s == "200" for s in probes["whatsapp"]),
                      f"statuses {probes['whatsapp']}" + (
                          "" if all(s == "200" for s in probes["whatsapp"]) else
                          " — not available: no spool (HALO_SPOOL__DIR) in this runtime?"))
        await stack.drained_integrity(outcome, kia=stats.kia_confirmed)
        rows = await asyncio.to_thread(
            stack.cluster.query,
            "SELECT count(*) FROM inbound_messages WHERE channel = 'whatsapp' "
            "AND platform_id = ANY(%s) AND status = 'processed'", (forms,))
        outcome.check("spooled WhatsApp messages replayed and processed",
                      bool(forms) and rows[0][0] == len(forms),
                      f"{rows[0][0]}/{len(forms)} outage messages processed")
    return outcome


# --- e: Telegram 429 / 500 ---------------------------------------------------------------------


def retry_after_violations(telegram: FakeTelegram, retry_after: float) -> tuple[int, int]:
    """(429 answers, sends to the same chat sooner than retry_after after one)."""
    last_429: dict[str, float] = {}
    answered = violations = 0
    for call in telegram.calls("sendMessage"):
        chat = str(call.params.get("chat_id"))
        if call.status == 429:
            answered += 1
            last_429[chat] = call.at
        elif chat in last_429 and call.at - last_429.pop(chat) < retry_after - 0.3:
            violations += 1
    return answered, violations


async def scenario_e(options: Options) -> Outcome:
    outcome = Outcome("e", SCENARIOS["e"])
    async with Stack(workers=2) as stack:
        assert stack.tracker is not None
        seconds = 28 * options.scale
        run = stack.load(count=int(30 * options.scale), seconds=seconds, whatsapp_share=0.0,
                         fire_share=0.05)
        load = asyncio.create_task(run.run())
        await asyncio.sleep(4)
        log("Telegram answers 429 (retry_after 2) for 6 s")
        stack.telegram.fail_during("sendMessage", 6, status=429, retry_after=2)
        await asyncio.sleep(8)
        log("Telegram answers 500 for 6 s")
        stack.telegram.fail_during("sendMessage", 6, status=500)
        stats = await load
        await stack.drained_integrity(outcome)
        answered_429, early = retry_after_violations(stack.telegram, 2)
        failed = dict(stack.tracker.failed_sends)
        outcome.figures |= {"failed_send_answers": failed,
                            "reply_latency_ms": percentiles(stats.latencies),
                            "errors_seen_by_citizens": dict(stats.errors),
                            "messages_acknowledged": len(stats.acked_at)}
        outcome.check("429 and 500 were injected", failed.get(429, 0) > 0 and
                      failed.get(500, 0) > 0, f"error answers {failed}")
        outcome.check("retry_after honoured", early == 0,
                      f"{early} of {answered_429} 429s followed by a send to the same chat "
                      "sooner than retry_after")
        outcome.check("every citizen got every reply", stats.errors.get("missing_reply", 0) == 0,
                      f"citizen-side errors {dict(stats.errors)}")
    return outcome


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
