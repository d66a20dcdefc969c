"""Fault scenario b: Rasa stopped and back, the real Rasa behind a counting proxy or FakeRasa."""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import time
from typing import Any

from aiohttp import ClientError, ClientSession, ClientTimeout, web
from fault_stack import SCENARIOS, Options, Outcome, Stack, log, metric_sum
from harness import HALO, ROOT, free_port
from processes import stop_process_group

from tests.fakes.rasa import FakeRasa
from tests.fakes.server import LoopbackServer


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
