"""The load run's result: the summary of stats and meters, the bottleneck it points to, and
the Markdown report."""

from __future__ import annotations

import os
from typing import Any

from harness import percentiles
from load_meters import Meters
from load_run import Stats


def summarize(stats: Stats, before: Meters, after: Meters, samples: list[dict[str, Any]],
              window: tuple[float, float], config: dict[str, Any],
              processed: dict[str, Any] | None = None) -> dict[str, Any]:
    elapsed = after.wall - before.wall
    start, end = window
    in_window = sum(1 for t in stats.acked_at if start <= t <= end)
    cores = os.cpu_count() or 1
    cpu = {"app": after.app - before.app, "postgres": after.postgres - before.postgres,
           "redis": after.redis - before.redis,
           "generator_and_fakes": after.generator - before.generator}
    busy = after.machine_busy - before.machine_busy
    cpu["other_processes"] = max(0.0, busy - sum(cpu.values()))
    cpu["idle"] = max(0.0, (after.machine_total - before.machine_total) - busy)
    cpu = {k: round(v, 1) for k, v in cpu.items()}
    pg_rates = {f"{k}_per_s": round((after.pg.get(k, 0) - before.pg.get(k, 0)) / elapsed, 1)
                for k in after.pg}
    activity = [s["pg_activity"] for s in samples if "pg_activity" in s]
    totals = [sum(a.values()) for a in activity]
    actives = [a.get("active", 0) for a in activity]
    depth = [s.get("inbound_pending", 0) for s in samples if "inbound_pending" in s]
    ranked = sorted(((v, k) for k, v in cpu.items() if k != "idle"), reverse=True)
    capacity = elapsed * cores
    result = {
        "config": config,
        "elapsed_s": round(elapsed, 1),
        "window_s": round(end - start, 1),
        "sessions": dict(stats.sessions),
        "sessions_completed": dict(stats.completed),
        "messages_acknowledged": len(stats.acked_at),
        "messages_by_channel": dict(stats.channels),
        "sustained_inbound_msg_per_s": round(in_window / max(end - start, 1e-9), 1),
        "inbound_processed": processed or {},
        "replies_timed": len(stats.latencies),
        "reply_latency_ms": percentiles(stats.latencies),
        "fire_reports": stats.fire_reports,
        "alert_latency_ms": percentiles(stats.alert_latencies),
        "alerts_missed": stats.alerts_missed,
        "kia_confirmed": stats.kia_confirmed,
        "errors": dict(stats.errors),
        "postgres": {**pg_rates,
                     "connections_max": max(totals, default=0),
                     "connections_active_mean": round(sum(actives) / len(actives), 1)
                     if actives else 0},
        "redis": {"commands_per_s": round((after.redis_commands - before.redis_commands)
                                          / elapsed, 1),
                  "ops_per_sec_max": max((s.get("redis_ops_per_sec") or 0 for s in samples),
                                         default=0)},
        "queue": {"inbound_pending_max": max(depth, default=0),
                  "inbound_pending_end": depth[-1] if depth else None},
        "cpu_seconds": cpu,
        "cpu_capacity_s": round(capacity, 1),
        "cpu_share": {k: round(v / capacity, 3) for k, v in cpu.items()},
        "bottleneck": bottleneck(cpu, capacity, config, ranked, depth),
        "samples": samples,
    }
    return result


def bottleneck(cpu: dict[str, float], capacity: float, config: dict[str, Any],
               ranked: list[tuple[float, str]], depth: list[int]) -> str:
    """A plain reading of the CPU figures (what limited this run)."""
    idle_share = cpu["idle"] / capacity if capacity else 0
    top_value, top = ranked[0] if ranked else (0.0, "?")
    backlog = bool(depth) and max(depth) > 50
    words = (f"{top} used the most CPU ({top_value:.0f} of {capacity:.0f} core-seconds, "
             f"{top_value / capacity:.0%}); machine idle {idle_share:.0%}")
    if config.get("rate") and not backlog:
        return words + "; offered load was capped by --rate and the queue stayed short, so " \
                       "this run measured latency below capacity, not the limit"
    if idle_share < 0.1:
        words += "; the 2 cores were saturated"
        if cpu.get("other_processes", 0) > 0.2 * capacity:
            words += " (other jobs on the machine took a large share)"
    app_cores = cpu["app"] / (capacity / (os.cpu_count() or 1))
    if top == "app" and config.get("workers_running", 1) == 1 and app_cores > 0.8:
        words += "; one app process at ~1 core (its event loop / GIL) is the limit"
    if top == "generator_and_fakes":
        words += "; the load generator itself is the bottleneck, figures understate the app"
    if backlog:
        words += f"; inbound queue grew to {max(depth)} pending: processing is the limit"
    return words


def render_markdown(result: dict[str, Any], json_name: str) -> str:
    r = result
    lat, alert = r["reply_latency_ms"], r["alert_latency_ms"]
    cfg = r["config"]
    lines = [
        "# Load test — latest run",
        "",
        f"Written by `bench/load.py` at {cfg['started_at']} (figures as measured; raw: "
        f"`bench/results/{json_name}`).",
        "",
        f"Command: `{cfg['command']}`",
        "",
        f"Setup: {cfg['citizens']} citizens, {cfg['seconds']} s, database {cfg['db']}, "
        f"app processes {cfg['workers_running']} (asked {cfg['workers']}"
        f"{'' if cfg['workers_supported'] else '; this runtime has no --workers'}), Redis "
        f"{'on' if cfg['redis'] else 'off'}, NLU {cfg['nlu']}, rate cap "
        f"{cfg['rate'] or 'none'}, think x{cfg['think']}; machine: {cfg['cores']} cores, load "
        f"average at start {cfg['loadavg_start']}.",
        "",
        "| figure | value |",
        "|---|---|",
        f"| sustained inbound | {r['sustained_inbound_msg_per_s']} msg/s "
        f"({r['messages_acknowledged']} acknowledged in {r['window_s']} s) |",
        f"| processed by the app | {r['inbound_processed']} |",
        f"| reply latency (POST → reply at fake) | p50 {lat['p50']} ms, p95 {lat['p95']} ms, "
        f"p99 {lat['p99']} ms, max {lat['max']} ms ({lat['count']} replies) |",
        f"| alert latency (fire POST → piket sendMessage) | p50 {alert['p50']} ms, p99 "
        f"{alert['p99']} ms ({alert['count']} of {r['fire_reports']} reports, "
        f"{r['alerts_missed']} missed) |",
        f"| errors | {r['errors'] or 'none'} |",
        f"| sessions (completed) | {r['sessions']} ({r['sessions_completed']}) |",
        f"| PostgreSQL | {r['postgres']} |",
        f"| Redis | {r['redis']} |",
        f"| inbound queue | {r['queue']} |",
        f"| CPU seconds | {r['cpu_seconds']} of {r['cpu_capacity_s']} |",
        f"| after the run (queues) | {r.get('after_run')} |",
        "",
        f"Bottleneck: {r['bottleneck']}.",
        "",
    ]
    return "\n".join(lines)
