"""The fault scenarios on the stack alone: a (kill -9 a worker), c (Redis stopped and back),
d (PostgreSQL restart), e (Telegram 429 / 500)."""

from __future__ import annotations

import asyncio
import time
from collections import Counter, defaultdict
from typing import Any

from fault_stack import SCENARIOS, Options, Outcome, Stack, log, readyz
from harness import percentiles
from servers import AppServer

from tests.fakes.telegram import FakeTelegram

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
