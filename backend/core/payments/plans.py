"""Which services charge and at which SOP steps (``catalog/payments.yml``), as data."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

from backend.core.catalog.loader import Catalog
from backend.core.payments.gateway import PaymentGateway


class PaymentPlan(BaseModel):
    """The steps of one charging service: tariff approved, e-billing issued, payment checked."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    tariff_step: str
    tariff_role: str
    billing_step: str
    billing_role: str
    verify_step: str
    verify_role: str
    basis: str  # the regulation the tariff follows, shown to officers


def load_plans(path: Path, catalog: Catalog | None = None) -> dict[str, PaymentPlan]:
    """The plans per service code; with ``catalog``, every service, step and role checked."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    plans = {code: PaymentPlan(**entry) for code, entry in (raw.get("services") or {}).items()}
    for code, plan in plans.items():
        if catalog is None:
            continue
        definition = catalog.get(code)
        steps = {s.id: s.actor for s in definition.steps}
        for step, role in ((plan.tariff_step, plan.tariff_role),
                           (plan.billing_step, plan.billing_role),
                           (plan.verify_step, plan.verify_role)):
            if steps.get(step) != role:
                raise ValueError(f"{path.name}: {code} step {step} is not done by {role}")
    return plans


class PaymentDesk:
    """What the payment actions need: the plans, the gateway, the billing validity."""

    def __init__(self, plans: dict[str, PaymentPlan], gateway: PaymentGateway, *,
                 valid_hours: int, demo_payments: bool) -> None:
        self.plans = plans
        self.gateway = gateway
        self.valid_hours = valid_hours
        self.demo_payments = demo_payments  # the embedded gateway, outside production
