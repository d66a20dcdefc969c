"""Where the held-out PPA messages end: each one is the first message of a fresh chat, run
through the real dialog engine with the app's understander (Rasa + fallback + screen).

Per file of ``nlu/heldout``: the classifier's ``report_violence`` recall and precision (the
app's NluClient: Rasa with the fallback's emergency net), the routing recall (violence
reports that end in the PPA report or the discreet question) and the false-question rate
(near-misses that get the question or the report). ``--sweep`` also scores the thresholds of
``violence_check.VIOLENCE_RANK`` on the files named (choose it on ppa_dev only).

    python bench/ppa_routing.py --url http://127.0.0.1:5005 [--sweep ppa_dev]
"""

from __future__ import annotations

import argparse
import asyncio
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from backend.app.understanding import NluUnderstander
from backend.core.catalog.loader import load_catalog
from backend.core.messages import Channel, InboundMessage
from dialogs.engine import DialogEngine
from dialogs.pbb.synthetic import SyntheticPbbGateway
from dialogs.ports import CaseView, DialogContext, OpenedCase, Understanding
from dialogs.state import DialogState, Flow, StoredDocument
from dialogs.violence_check import Route, route
from nlu import heldout
from nlu.client import NluClient

TARGET = "report_violence"
RESULTS = Path(__file__).parent / "results" / "ppa_routing.json"
SWEEP = (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4)
NOW = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)  # 10:00 WIB, a working day


class NullOffice:
    """Opens nothing real: the bench only looks at where the dialog ends."""

    def open_case(self, service_code: str, fields: Mapping[str, str],
                  documents: Sequence[StoredDocument]) -> OpenedCase:
        return OpenedCase(number="HL-2026-000001", service_name=service_code, expected="-")

    def citizen_cases(self) -> list[CaseView]:
        return []

    def supply(self, number: str, notes: Sequence[str],
               documents: Sequence[StoredDocument]) -> bool:
        return True

    def survey(self, number: str, answers: Mapping[str, int], comment: str | None) -> bool:
        return True

    def update_case(self, number: str, fields: Mapping[str, str],
                    documents: Sequence[StoredDocument] = ()) -> None:
        return None


class Recording(NluUnderstander):
    """The app's understander, remembering the first understanding of each message."""

    first: Understanding | None = None

    async def understand(self, text: str) -> Understanding:
        meaning = await super().understand(text)
        self.first = self.first or meaning
        return meaning


@dataclass
class Outcome:
    text: str
    violent: bool
    intent: str
    ends: str  # "report" | "ask" | "serve"
    routed: dict[float, bool] = field(default_factory=dict)


async def run_one(engine: DialogEngine, understander: Recording, context: DialogContext,
                  item: heldout.Labelled, number: int) -> Outcome:
    understander.first = None
    state = DialogState()
    message = InboundMessage(channel=Channel.TELEGRAM, platform_id=str(number), sender="bench",
                             text=item.text)
    await engine.handle(state, message, context)
    ends = {Flow.PPA_REPORT: "report", Flow.PPA_CHECK: "ask"}.get(state.flow, "serve") \
        if state.flow else "serve"
    meaning = understander.first
    signs = understander.violence_signs(item.text)
    routed: dict[float, bool] = {}
    if meaning is not None:
        for threshold in SWEEP:
            scaled = route(meaning, signs, threshold)
            routed[threshold] = meaning.intent == TARGET or scaled is not Route.SERVE
    return Outcome(item.text, item.intent == TARGET, meaning.intent if meaning else "-", ends,
                   routed)


def ratio(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def summary(outcomes: list[Outcome]) -> dict[str, Any]:
    violent = [o for o in outcomes if o.violent]
    near = [o for o in outcomes if not o.violent]
    said = [o for o in outcomes if o.intent == TARGET]
    hits = sum(o.violent for o in said)
    return {
        "messages": len(outcomes), "violence": len(violent), "near_misses": len(near),
        "classifier_recall": ratio(hits, len(violent)),
        "classifier_precision": ratio(hits, len(said)),
        "routing_recall": ratio(sum(o.ends != "serve" for o in violent), len(violent)),
        "routed_to_report_at_once": ratio(sum(o.ends == "report" for o in violent), len(violent)),
        "false_question_rate": ratio(sum(o.ends != "serve" for o in near), len(near)),
        "near_misses_into_report": sum(o.ends == "report" for o in near),
        "missed": [o.text for o in violent if o.ends == "serve"],
        "questioned_near_misses": [f"{o.ends}: {o.text}" for o in near if o.ends != "serve"],
    }


def sweep(outcomes: list[Outcome]) -> dict[str, dict[str, float]]:
    violent = [o for o in outcomes if o.violent]
    near = [o for o in outcomes if not o.violent]
    return {str(threshold): {
        "routing_recall": ratio(sum(o.routed.get(threshold, False) for o in violent),
                                len(violent)),
        "false_question_rate": ratio(sum(o.routed.get(threshold, False) for o in near),
                                     len(near)),
    } for threshold in SWEEP}


async def main(url: str, timeout_ms: int, files: list[Path], swept: set[str]) -> None:
    catalog = load_catalog()
    engine = DialogEngine()
    async with NluClient(url, timeout_ms) as client:
        understander = Recording(client)
        context = DialogContext(catalog=catalog, office=NullOffice(), understander=understander,
                                pbb=SyntheticPbbGateway(), now=NOW, today=date(2026, 12, 2))
        report: dict[str, Any] = {"command": f"python bench/ppa_routing.py --url {url}",
                                  "files": {}}
        for path in files:
            items = heldout.load(path)
            outcomes = [await run_one(engine, understander, context, item, n)
                        for n, item in enumerate(items)]
            figures = summary(outcomes)
            if path.stem in swept:
                figures["sweep"] = sweep(outcomes)
            report["files"][path.stem] = figures
            print(render(path.stem, figures))
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def render(name: str, f: Mapping[str, Any]) -> str:
    lines = [
        f"{name}: {f['messages']} messages, {f['violence']} violence, {f['near_misses']} not",
        f"  classifier recall {f['classifier_recall']:.3f} precision "
        f"{f['classifier_precision']:.3f}",
        f"  routing recall {f['routing_recall']:.3f} (report at once "
        f"{f['routed_to_report_at_once']:.3f}); false-question rate "
        f"{f['false_question_rate']:.3f} ({f['near_misses_into_report']} near-misses into the "
        "report)",
    ]
    for threshold, scores in (f.get("sweep") or {}).items():
        lines.append(f"  threshold {threshold}: routing recall {scores['routing_recall']:.3f}, "
                     f"false-question rate {scores['false_question_rate']:.3f}")
    lines += [f"  missed: {text}" for text in f["missed"]]
    lines += [f"  questioned: {text}" for text in f["questioned_near_misses"]]
    return "\n".join(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:5005")
    parser.add_argument("--timeout-ms", type=int, default=5000)
    parser.add_argument("--sweep", nargs="*", default=["ppa_dev"],
                        help="files whose thresholds are scored (choose on ppa_dev only)")
    parser.add_argument("files", nargs="*", type=Path)
    args = parser.parse_args()
    chosen = args.files or sorted(heldout.HELDOUT_DIR.glob("*.yml"))
    asyncio.run(main(args.url, args.timeout_ms, chosen, set(args.sweep)))
