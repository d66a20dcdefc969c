"""Prometheus metrics (``GET /metrics``): traffic, queues, latencies, NLU, alerts, SLA.

With several worker processes (``halo serve --workers N``) every process writes its samples
to ``PROMETHEUS_MULTIPROC_DIR`` and a scrape of any worker sums them (prometheus_client's
multiprocess mode); the queue depths are read from the database at scrape time.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import REGISTRY, Collector
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from backend.core.models import InboundRecord, InboundStatus, OutboxMessage, OutboxStatus

LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
NLU_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0)

INBOUND = Counter("halo_inbound_messages_total", "Webhook deliveries by outcome",
                  ["channel", "outcome"])  # stored | duplicate | spooled | replayed
PROCESSED = Counter("halo_inbound_processed_total", "Dialog turns by outcome",
                    ["outcome"])  # processed | retry
OUTBOUND = Counter("halo_outbound_messages_total", "Outbox sends by outcome",
                   ["channel", "outcome"])  # sent | retry | failed
PROCESSING_DELAY = Histogram("halo_processing_delay_seconds",
                             "From webhook receipt to the dialog turn committed",
                             buckets=LATENCY_BUCKETS)
REPLY_LATENCY = Histogram("halo_reply_latency_seconds",
                          "From a citizen's message at the webhook to the bot's answer sent",
                          buckets=LATENCY_BUCKETS)
SEND_DELAY = Histogram("halo_send_delay_seconds", "From queued to sent, by kind of message",
                       ["kind"], buckets=LATENCY_BUCKETS)
ALERT_LATENCY = Histogram("halo_alert_latency_seconds",
                          "From queued (the webhook, for a first alert) to sent to the crew",
                          buckets=LATENCY_BUCKETS)
NLU_LATENCY = Histogram("halo_nlu_parse_seconds", "NLU parse time by source", ["source"],
                        buckets=NLU_BUCKETS)
NLU_PARSES = Counter("halo_nlu_parses_total", "NLU parses by source", ["source"])  # rasa|fallback
SLA_BREACHES = Counter("halo_sla_breaches_total", "Case steps that passed their due time")
REDIS_ERRORS = Counter("halo_redis_errors_total", "Redis calls that failed (degraded mode)")


class QueueDepth(Collector):
    """Pending inbound and outbound messages, counted when scraped."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions

    def collect(self) -> Iterator[GaugeMetricFamily]:
        gauge = GaugeMetricFamily("halo_queue_depth", "Messages waiting", labels=["queue"])
        with self.sessions() as session:
            inbox = session.scalar(select(func.count()).select_from(InboundRecord)
                                   .where(InboundRecord.status == InboundStatus.PENDING))
            outbox = session.scalar(select(func.count()).select_from(OutboxMessage)
                                    .where(OutboxMessage.status == OutboxStatus.PENDING))
        gauge.add_metric(["inbox"], float(inbox or 0))
        gauge.add_metric(["outbox"], float(outbox or 0))
        yield gauge


def exposition(sessions: sessionmaker[Session]) -> tuple[bytes, str]:
    """The text exposition of every metric (all worker processes) and its content type."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        samples = CollectorRegistry()
        MultiProcessCollector(samples)  # type: ignore[no-untyped-call]
    else:
        samples = REGISTRY
    queues = CollectorRegistry()
    queues.register(QueueDepth(sessions))
    return generate_latest(samples) + generate_latest(queues), CONTENT_TYPE_LATEST
