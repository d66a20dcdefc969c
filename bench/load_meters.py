"""What the load run measures beside the citizens: samples of PostgreSQL and Redis while it
runs, CPU and database counters before and after, the drain and the processed rate."""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass
from typing import Any

from exactly_once import wait_drained
from processes import cpu_seconds, machine_cpu, own_cpu_seconds
from servers import AppServer, PostgresCluster, RedisServer


class Sampler:
    """Every ``interval`` s: pg_stat_activity, queue depth, Redis ops/s (in a thread)."""

    def __init__(self, cluster: PostgresCluster | None, redis: RedisServer | None,
                 interval: float = 2.0) -> None:
        self.cluster = cluster
        self.redis = redis
        self.interval = interval
        self.samples: list[dict[str, Any]] = []
        self._stop = asyncio.Event()

    def _sample(self, started: float) -> dict[str, Any]:
        sample: dict[str, Any] = {"t": round(time.perf_counter() - started, 1)}
        if self.cluster is not None:
            with contextlib.suppress(Exception):
                sample["pg_activity"] = self.cluster.activity()
                row = self.cluster.query(
                    "SELECT (SELECT count(*) FROM inbound_messages WHERE status = 'pending'), "
                    "(SELECT count(*) FROM outbox WHERE status = 'pending')")[0]
                sample["inbound_pending"], sample["outbox_pending"] = int(row[0]), int(row[1])
        if self.redis is not None:
            with contextlib.suppress(Exception):
                info = self.redis.info()
                sample["redis_ops_per_sec"] = info.get("instantaneous_ops_per_sec")
                sample["redis_clients"] = info.get("connected_clients")
        return sample

    async def run(self) -> None:
        started = time.perf_counter()
        while not self._stop.is_set():
            self.samples.append(await asyncio.to_thread(self._sample, started))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), timeout=self.interval)

    def stop(self) -> None:
        self._stop.set()


@dataclass
class Meters:
    """Counters read before and after the measured window."""

    wall: float
    machine_busy: float
    machine_total: float
    app: float
    postgres: float
    redis: float
    generator: float
    pg: dict[str, float]
    redis_commands: float


def read_meters(app: AppServer, cluster: PostgresCluster | None,
                redis: RedisServer | None) -> Meters:
    busy, total = machine_cpu()
    pg_stats: dict[str, float] = {}
    if cluster is not None:
        with contextlib.suppress(Exception):
            pg_stats = cluster.stats()
    commands = 0.0
    if redis is not None:
        with contextlib.suppress(Exception):
            commands = float(redis.info().get("total_commands_processed", 0))
    return Meters(wall=time.perf_counter(), machine_busy=busy, machine_total=total,
                  app=cpu_seconds(app.pid),
                  postgres=cpu_seconds(cluster.postmaster_pid()) if cluster else 0.0,
                  redis=cpu_seconds(redis.pid) if redis else 0.0,
                  generator=own_cpu_seconds(), pg=pg_stats, redis_commands=commands)


def drain_report(cluster: PostgresCluster | None, timeout: float) -> dict[str, Any]:
    """After the citizens stopped: how long the queues took to empty (bounded), and what was
    left in the outbox (due later, leased, errors)."""
    if cluster is None or timeout <= 0:
        return {}
    started = time.monotonic()
    drained, pending = wait_drained(cluster, timeout)
    report: dict[str, Any] = {"drained": drained, "waited_s": round(time.monotonic() - started, 1),
                              "pending": pending}
    with contextlib.suppress(Exception):
        report["outbox_pending_detail"] = [
            {"channel": c, "due_in_s": round(float(d), 1), "attempts": int(a), "rows": int(n),
             "last_error": e}
            for c, d, a, n, e in cluster.query(
                "SELECT channel, extract(epoch FROM min(next_attempt_at) - now()), attempts, "
                "count(*), max(last_error) FROM outbox WHERE status = 'pending' "
                "GROUP BY channel, attempts ORDER BY 4 DESC LIMIT 10")]
        report["outbox_status"] = dict(cluster.query(
            "SELECT status, count(*) FROM outbox GROUP BY 1"))
        report["stuck_rows_sample"] = [
            {"id": i, "kind": k, "channel": c, "recipient": r, "attempts": a, "edit_of": e,
             "age_s": round(float(age), 1), "last_error": err}
            for i, k, c, r, a, e, age, err in cluster.query(
                "SELECT id, kind, channel, recipient, attempts, payload::jsonb ->> 'edit_of', "
                "extract(epoch FROM now() - created_at), last_error FROM outbox "
                "WHERE status = 'pending' AND channel IN ('telegram', 'whatsapp') "
                "ORDER BY attempts DESC, id LIMIT 8")]
    return report


def processed_rate(cluster: PostgresCluster | None) -> dict[str, Any]:
    """Inbound rows processed, over the time from the first arrival to the last processing."""
    if cluster is None:
        return {}
    with contextlib.suppress(Exception):
        count, span = cluster.query(
            "SELECT count(*), extract(epoch FROM max(processed_at) - min(received_at)) "
            "FROM inbound_messages WHERE status = 'processed'")[0]
        return {"processed": int(count), "span_s": round(float(span or 0), 1),
                "msg_per_s": round(int(count) / float(span), 1) if span else None}
    return {}
