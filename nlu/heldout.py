"""Scoring ``report_violence`` on labelled messages no model was trained on (``nlu/heldout``).

Each message is read by every reader the app has: Rasa alone (its own intent, no safety net),
the client (Rasa with the fallback's emergency safety net), the fallback alone (Rasa down) and
the screen (``found``, ``unmistakable``). Recall and precision are for ``report_violence``
(for the screen: a sign found among violence reports / among all messages with a sign).
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Awaitable, Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx
import yaml

from nlu import fallback, project
from nlu.client import NluClient, from_rasa
from nlu.screen import screen

HELDOUT_DIR = project.NLU_DIR / "heldout"
TARGET = "report_violence"
ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]+\)|\{[^}]+\})")
START_TIMEOUT_S = 300


@dataclass(frozen=True)
class Labelled:
    text: str
    intent: str


@dataclass
class Score:
    """Recall and precision of one reader for ``report_violence``, with its mistakes."""

    reader: str
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0
    missed: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)

    def add(self, text: str, expected: bool, predicted: bool) -> None:
        if expected and predicted:
            self.true_positive += 1
        elif expected:
            self.false_negative += 1
            self.missed.append(text)
        elif predicted:
            self.false_positive += 1
            self.false_alarms.append(text)

    @property
    def recall(self) -> float:
        found = self.true_positive + self.false_negative
        return self.true_positive / found if found else 0.0

    @property
    def precision(self) -> float:
        said = self.true_positive + self.false_positive
        return self.true_positive / said if said else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "recall": round(self.recall, 4),
                "precision": round(self.precision, 4)}


def load(path: Path) -> list[Labelled]:
    """The labelled messages of one Rasa NLU file (annotations stripped)."""
    items = yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]
    return [
        Labelled(ANNOTATION.sub(r"\1", line.strip()[2:]), str(item["intent"]))
        for item in items
        if "intent" in item
        for line in item["examples"].splitlines()
        if line.strip()
    ]


Reader = Callable[[str], Awaitable[bool]]


def local_readers() -> dict[str, Reader]:
    """The readers that need no Rasa: the fallback alone and the screen."""

    async def by_fallback(text: str) -> bool:
        return fallback.classify(text).intent == TARGET

    async def found(text: str) -> bool:
        return screen(text).found

    async def unmistakable(text: str) -> bool:
        return screen(text).unmistakable

    return {"fallback": by_fallback, "screen found": found, "screen unmistakable": unmistakable}


def rasa_readers(client: NluClient, http: httpx.AsyncClient) -> dict[str, Reader]:
    """Rasa's own intent (no safety net) and the client's (with it)."""

    async def by_rasa(text: str) -> bool:
        response = await http.post("/model/parse", json={"text": text})
        response.raise_for_status()
        return from_rasa(text, response.json(), client.threshold).intent == TARGET

    async def by_client(text: str) -> bool:
        return (await client.parse(text)).intent == TARGET

    return {"rasa": by_rasa, "client": by_client}


async def score(messages: Iterable[Labelled], readers: dict[str, Reader]) -> list[Score]:
    """Every reader's score over the messages, one message at a time."""
    scores = {name: Score(name) for name in readers}
    for message in messages:
        for name, read in readers.items():
            scores[name].add(message.text, message.intent == TARGET, await read(message.text))
    return list(scores.values())


async def evaluate(
    messages: list[Labelled], url: str | None, timeout_ms: int
) -> list[Score]:
    """Scores of the local readers and, when ``url`` is given, of Rasa and the client."""
    readers = local_readers()
    if url is None:
        return await score(messages, readers)
    async with (
        NluClient(url, timeout_ms) as client,
        httpx.AsyncClient(base_url=url, timeout=timeout_ms / 1000, trust_env=False) as http,
    ):
        (await http.get("/status")).raise_for_status()
        return await score(messages, {**rasa_readers(client, http), **readers})


def run(messages: list[Labelled], url: str | None, timeout_ms: int) -> list[Score]:
    return asyncio.run(evaluate(messages, url, timeout_ms))


def render(name: str, messages: list[Labelled], scores: list[Score]) -> str:
    """Readable lines: one per reader, then each reader's mistakes."""
    violent = sum(m.intent == TARGET for m in messages)
    lines = [f"{name}: {len(messages)} messages, {violent} {TARGET}, {len(messages) - violent} not"]
    for s in scores:
        lines.append(
            f"  {s.reader:<20} recall {s.recall:.3f} ({s.true_positive}/"
            f"{s.true_positive + s.false_negative})  precision {s.precision:.3f} "
            f"({s.false_positive} false alarms)"
        )
    for s in scores:
        lines += [f"  {s.reader} missed: {text}" for text in s.missed]
        lines += [f"  {s.reader} false alarm: {text}" for text in s.false_alarms]
    return "\n".join(lines)


def write(path: Path, results: dict[str, list[Score]], command: str) -> None:
    """The scores per file as JSON (nlu/results/heldout.json)."""
    payload = {
        "command": command,
        "files": {name: [s.to_dict() for s in scores] for name, scores in results.items()},
    }
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


@contextmanager
def serving(port: int) -> Iterator[str]:
    """A Rasa server with the latest model on this loopback port, stopped afterwards."""
    import subprocess
    import time

    command = project.rasa_command(
        "run", "--enable-api", "--model", str(project.latest_model()),
        "--port", str(port), "-i", "127.0.0.1",
    )
    process = subprocess.Popen(  # noqa: S603
        command, cwd=project.NLU_DIR, env=project.rasa_env(),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not _ready(url):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"rasa did not start (exit status {process.poll()})")
            time.sleep(2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _ready(url: str) -> bool:
    try:
        return httpx.get(f"{url}/status", timeout=2, trust_env=False).status_code == 200
    except httpx.HTTPError:
        return False
