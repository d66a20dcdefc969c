"""Build the configured collaborators: channels, NLU, PBB gateway, background workers.

Each object gets its collaborators when it is constructed."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy.orm import Session, sessionmaker

from backend.app.understanding import NluUnderstander
from backend.core.case_event_signals import on_case_events
from backend.core.catalog.loader import Catalog
from backend.core.clock import Clock
from backend.core.config import Environment, Settings
from backend.core.outbox import on_queued
from backend.core.payments.gateway import EmbeddedGateway, PaymentGateway
from backend.core.payments.plans import PaymentDesk, load_plans
from backend.core.workflow.engine import Workflow
from backend.payments.bank_http import BankBillingGateway
from bot.alerts.desk import AlertDesk
from bot.alerts.timers import on_opened
from bot.channels import Channels
from bot.leases import LeaseOwner
from bot.outbox import OutboxSender
from bot.pbb import HttpPbbGateway
from bot.pipeline import InboxProcessor, Services
from bot.reception import Reception
from bot.runner import Role, Workers
from bot.spool import Spool
from dialogs.pbb.gateway import PbbGateway
from dialogs.pbb.penalty import PenaltyRule
from dialogs.pbb.synthetic import SyntheticPbbGateway
from dialogs.ports import Understander
from handoff.bus import build_bus
from handoff.desk import Desk
from nlu.client import NluClient
from nlu.fallback import urgent_intent


def build_payments(settings: Settings, catalog: Catalog) -> PaymentDesk:
    """The charging services' plans and the embedded gateway (default) or the bank's API."""
    config = settings.payments
    gateway: PaymentGateway = (
        BankBillingGateway(config.base_url, config.api_key, config.timeout_ms)
        if config.gateway == "http" else EmbeddedGateway())
    plans = load_plans(settings.resolved_path(config.plans_file), catalog)
    return PaymentDesk(plans, gateway, valid_hours=config.billing_valid_hours,
                       demo_payments=gateway.name == "embedded"
                       and settings.environment is not Environment.PRODUCTION)


def build_pbb(settings: Settings) -> PbbGateway:
    """The synthetic dataset (default) or the HTTP adapter, with the settings' penalty rule."""
    rule = PenaltyRule(rate_per_month=settings.pbb.penalty_rate_per_month,
                       max_months=settings.pbb.penalty_max_months)
    if settings.pbb.gateway == "http":
        return HttpPbbGateway(settings.pbb.base_url, settings.pbb.timeout_ms, rule=rule)
    return SyntheticPbbGateway(rule=rule)


def build_understander(settings: Settings) -> Understander:
    """Rasa over HTTP with the local fallback."""
    return NluUnderstander(NluClient(settings.nlu.url, settings.nlu.timeout_ms))


@dataclass
class Runtime:
    channels: Channels
    workers: Workers
    handoff: Desk
    reception: Reception
    alerts: AlertDesk  # the console's incident board and /readyz ask it (IncidentDesk)


def build_runtime(settings: Settings, sessions: sessionmaker[Session], workflow: Workflow,
                  clock: Clock, *, channels: Channels | None = None,
                  understander: Understander | None = None,
                  pbb: PbbGateway | None = None, handoff: Desk | None = None,
                  role: Role = Role.ALL) -> Runtime:
    """Channels and the background workers that move messages through the system; ``role``
    says which of them this process runs (see ``bot.runner.Role``)."""
    channels = channels or Channels.from_settings(settings)
    desk = handoff or Desk(settings, workflow.catalog, build_bus(settings.redis_url))
    alerts = AlertDesk(settings.alerts, workflow, workflow.calendar.zone,
                       reachable=frozenset(channels.senders()))
    services = Services(workflow=workflow,
                        understander=understander or build_understander(settings),
                        pbb=pbb or build_pbb(settings), channels=channels, clock=clock,
                        ppa_services=frozenset(settings.handoff.ppa_services),
                        handoff=desk,
                        alerts=alerts)

    def wake(urgent: bool) -> None:
        workers.wake(outbox=urgent)

    def queued(urgent: bool) -> None:
        workers.wake_outbox(urgent=urgent)

    # Whatever a committed transaction queued is sent at once: by this process, and on
    # PostgreSQL the web process (agents' replies, officers' actions) tells the processing
    # processes, whose routine lane it does not run (see bot.wakeup).
    announce = role is Role.WEB and sessions.kw["bind"].dialect.name == "postgresql"
    on_queued(sessions, queued, announce=announce)
    on_case_events(sessions, lambda: workers.wake_notifier(), announce=announce)
    on_opened(sessions, lambda: workers.wake_escalation())  # its escalation timer starts
    reception = Reception(sessions, clock, services.alerts, wake=wake,
                          spool=Spool(settings.resolved_path(settings.spool.dir)),
                          intent_of=urgent_intent, announce_stored=role is Role.WEB)
    processor = InboxProcessor(sessions, services, webhooks_waiting=reception.busy)
    # On PostgreSQL more turns run side by side, each processor with clients of its own (an
    # async client belongs to the event loop of the thread that uses it).
    shared = sessions.kw["bind"].dialect.name == "postgresql" and understander is None \
        and role is not Role.WEB
    turn_processors = [
        InboxProcessor(sessions, replace(services, understander=build_understander(settings),
                                         pbb=pbb or build_pbb(settings),
                                         channels=Channels.from_settings(settings)),
                       webhooks_waiting=reception.busy)
        for _ in range(settings.workers.inbox_concurrency - 1 if shared else 0)]
    # Sending has clients of its own: the outbox runs on its own event loop (see Workers).
    sending = Channels.from_settings(settings) if channels.telegram or channels.whatsapp \
        else channels
    outbox = OutboxSender(sessions, {**sending.senders(), **channels.extra_senders}, clock,
                          channels=sending, owner=LeaseOwner(sessions.kw["bind"]))
    workers = Workers(sessions, workflow, processor, outbox, clock,
                      turn_processors=turn_processors, role=role, reception=reception,
                      alerts=alerts)
    return Runtime(channels=channels, workers=workers, handoff=desk, reception=reception,
                   alerts=alerts)
