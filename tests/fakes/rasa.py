"""FakeRasa: a loopback stand-in for the Rasa NLU HTTP server (``POST /model/parse``).

It answers like Rasa (``intent``, ``entities``, ``intent_ranking``) with the intent and
entities the local classifier (``nlu.fallback``) finds, at a confidence Rasa would give a clear
match, and counts the parses it answered, so a test can tell whether the app used Rasa or its
fallback. It can be stopped and started again on the same port (a Rasa restart).
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from nlu import fallback
from tests.fakes.server import Call, LoopbackServer, apply_failure

CONFIDENCE = 0.97


def parse_result(text: str) -> dict[str, Any]:
    """A ``/model/parse`` answer for ``text``."""
    local = fallback.classify(text)
    intent = {"name": local.intent, "confidence": CONFIDENCE}
    ranking = [intent, {"name": "out_of_scope" if local.intent != "out_of_scope" else "greet",
                        "confidence": round(1 - CONFIDENCE, 3)}]
    entities = [{"entity": e.entity, "value": e.value, "start": e.start, "end": e.end,
                 "confidence_entity": CONFIDENCE, "extractor": "RegexEntityExtractor"}
                for e in local.entities]
    return {"text": text, "intent": intent, "entities": entities, "intent_ranking": ranking,
            "response_selector": {}}


class FakeRasa(LoopbackServer):
    """``with FakeRasa() as rasa: ...``; ``rasa.parses`` counts the answered parses."""

    def __init__(self) -> None:
        super().__init__()
        self.parses = 0

    def build_app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/", self._hello)
        app.router.add_get("/status", self._status)
        app.router.add_post("/model/parse", self._parse)
        return app

    async def _hello(self, request: web.Request) -> web.Response:
        return web.Response(text="Hello from Rasa: 3.6.21 (fake)")

    async def _status(self, request: web.Request) -> web.Response:
        return web.json_response({"model_file": "fake.tar.gz", "num_active_training_jobs": 0})

    async def _parse(self, request: web.Request) -> web.Response:
        body = await request.json()
        text = str(body.get("text", ""))
        injected = await apply_failure(self.failures.take("parse"))
        if injected is not None:
            self.journal.record(Call("parse", {"text": text}, injected.status))
            return injected
        self.parses += 1
        self.journal.record(Call("parse", {"text": text}, 200))
        return web.json_response(parse_result(text))
