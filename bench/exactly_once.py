"""The exactly-once checks on the database and the fakes' journals, once the queues drained."""

from __future__ import annotations

import contextlib
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

from harness import GROUP, TELEGRAM_SENDS
from servers import PostgresCluster

from tests.fakes.telegram import FakeTelegram
from tests.fakes.twilio import FakeTwilio


@dataclass
class Check:
    name: str
    ok: bool
    detail: str


def integrity(cluster: PostgresCluster, acked: dict[str, set[str]], telegram: FakeTelegram,
              twilio: FakeTwilio, *, kia_citizens: int | None = None) -> tuple[list[Check],
                                                                            dict[str, Any]]:
    """Exactly-once checks after the queues drained.

    - every acknowledged platform id has exactly one inbound row, and it is processed;
    - no inbound row is pending or failed; each processed row has its reply rows (a turn is
      written whole or not at all);
    - no citizen has two cases of one service (one case per confirmed intake);
    - every outbox row is sent, and the fakes accepted exactly as many sends per recipient as
      the outbox has sent rows for it (nothing lost, nothing sent twice).
    """
    checks: list[Check] = []
    figures: dict[str, Any] = {}
    rows = cluster.query("SELECT channel, platform_id, status, count(*) OVER "
                         "(PARTITION BY channel, platform_id) FROM inbound_messages")
    by_id = {(c, p): (s, n) for c, p, s, n in rows}
    statuses = Counter(s for _, _, s, _ in rows)
    figures["inbound_rows"] = len(rows)
    figures["inbound_status"] = dict(statuses)
    missing, unprocessed, doubled = [], [], []
    for channel, ids in acked.items():
        for platform_id in ids:
            found = by_id.get((channel, platform_id))
            if found is None:
                missing.append(f"{channel}:{platform_id}")
            elif found[1] != 1:
                doubled.append(f"{channel}:{platform_id}")
            elif found[0] != "processed":
                unprocessed.append(f"{channel}:{platform_id}={found[0]}")
    acked_total = sum(len(v) for v in acked.values())
    figures["acknowledged"] = acked_total
    checks.append(Check("acked inbound stored once", not missing and not doubled,
                        f"{acked_total} acknowledged, {len(missing)} without a row "
                        f"{missing[:3]}, {len(doubled)} with several rows"))
    checks.append(Check("acked inbound processed", not unprocessed,
                        f"{len(unprocessed)} not processed {unprocessed[:3]}"))
    checks.append(Check("no inbound pending/failed",
                        statuses.get("pending", 0) == 0 and statuses.get("failed", 0) == 0,
                        f"statuses {dict(statuses)}"))
    replyless = cluster.query(
        "SELECT count(*) FROM inbound_messages i WHERE i.status = 'processed' "
        "AND i.channel IN ('telegram', 'whatsapp') AND i.sender <> %s AND NOT EXISTS "
        "(SELECT 1 FROM outbox o WHERE o.dedupe_key LIKE 'in:' || i.id || ':%%')", (GROUP,))
    checks.append(Check("every processed turn has its replies", replyless[0][0] == 0,
                        f"{replyless[0][0]} processed citizen messages without a reply row"))
    cases = cluster.query("SELECT citizen_id, service_code, count(*) FROM cases "
                          "WHERE citizen_id IS NOT NULL GROUP BY 1, 2")
    twice = [(c, s, n) for c, s, n in cases if n > 1 and not s.startswith("damkar")]
    kia = sum(n for _, s, n in cases if s.startswith("kia-"))
    figures["cases"] = sum(n for *_, n in cases)
    figures["kia_cases"] = kia
    detail = f"{figures['cases']} cases, {kia} KIA, {len(twice)} citizen+service twice"
    if kia_citizens is not None:
        detail += f" ({kia_citizens} KIA intakes confirmed by citizens)"
    checks.append(Check("no case created twice", not twice and
                        (kia_citizens is None or kia <= kia_citizens), detail))
    outbox = cluster.query(
        "SELECT channel, recipient, status, (payload::jsonb ->> 'edit_of') IS NOT NULL, "
        "count(*) FROM outbox WHERE channel IN ('telegram', 'whatsapp') GROUP BY 1, 2, 3, 4")
    out_status = Counter()
    expected: Counter[tuple[str, str]] = Counter()
    for channel, recipient, status, is_edit, count in outbox:
        out_status[status] += count
        if status == "sent" and not is_edit:
            expected[(channel, recipient)] += count
    figures["outbox_status"] = dict(out_status)
    checks.append(Check("every outbox row sent", set(out_status) <= {"sent"},
                        f"outbox {dict(out_status)}"))
    delivered: Counter[tuple[str, str]] = Counter()
    for call in telegram.calls():
        if call.endpoint in TELEGRAM_SENDS and call.ok:
            delivered[("telegram", str(call.params.get("chat_id")))] += 1
    for call in twilio.calls("messages"):
        if call.ok:
            delivered[("whatsapp", str(call.params.get("To")))] += 1
    lost = {k: expected[k] - delivered[k] for k in expected if delivered[k] < expected[k]}
    twice_sent = {k: delivered[k] - expected[k] for k in delivered if delivered[k] > expected[k]}
    # A send whose outcome was never recorded (the process died, or the database went away,
    # between the platform's answer and the commit) is sent again when its lease runs out:
    # the platforms take no idempotency key, so delivery is at-least-once, and a duplicate is
    # only acceptable for a row that was claimed more than once.
    resent: Counter[tuple[str, str]] = Counter()
    for channel, recipient, count in cluster.query(
            "SELECT channel, recipient, count(*) FROM outbox WHERE attempts > 1 "
            "AND channel IN ('telegram', 'whatsapp') GROUP BY 1, 2"):
        resent[(channel, recipient)] += count
    unexplained = {k: n for k, n in twice_sent.items() if n > resent[k]}
    figures["outbox_rows_attempted_more_than_once"] = sum(resent.values())
    figures["sends_expected"] = sum(expected.values())
    figures["sends_delivered"] = sum(delivered.values())
    figures["duplicates_after_a_lost_outcome"] = sum(twice_sent.values())
    checks.append(Check("each reply delivered; a duplicate only where an outcome was lost",
                        not lost and not unexplained,
                        f"{sum(expected.values())} sent rows, {sum(delivered.values())} accepted "
                        f"by the fakes; lost {sum(lost.values())} {list(lost)[:2]}, "
                        f"duplicated {sum(twice_sent.values())} (after a lost outcome), "
                        f"unexplained {sum(unexplained.values())} {list(unexplained)[:2]}"))
    return checks, figures


def wait_drained(cluster: PostgresCluster, timeout: float,
                 alive: Any = None) -> tuple[bool, dict[str, int]]:
    """Wait until nothing is pending in the inbox or the outbox (bounded; stops early when
    ``alive()`` says the app is gone)."""
    deadline = time.monotonic() + timeout
    counts: dict[str, int] = {}
    while time.monotonic() < deadline:
        if alive is not None and not alive():
            return False, {**counts, "app_exited": 1}
        with contextlib.suppress(Exception):
            row = cluster.query(
                "SELECT (SELECT count(*) FROM inbound_messages WHERE status = 'pending'), "
                "(SELECT count(*) FROM outbox WHERE status = 'pending' "
                "AND channel IN ('telegram', 'whatsapp'))")[0]
            counts = {"inbound_pending": int(row[0]), "outbox_pending": int(row[1])}
            if not any(counts.values()):
                return True, counts
        time.sleep(0.5)
    return False, counts
