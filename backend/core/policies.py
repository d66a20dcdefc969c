"""Rules several features share: discreet (PPA) cases, emergencies, WhatsApp's 24-hour window."""

from __future__ import annotations

from datetime import datetime, timedelta

from backend.core.catalog.schema import ServiceDefinition
from backend.core.messages import Channel

PPA_SERVICE = "ppa-pengaduan"  # the PPA report (violence against women and children)
PPA_AGENCY = "dp3a"
DAMKAR_AGENCY = "damkar"
DAMKAR_UNIT = "damkar"  # duty rosters and incidents: the fire and rescue piket
PPA_UNIT = "ppa"  # the PPA on-call, alerted by life-threatening reports
FIRE_SERVICE = "damkar-kebakaran"
RESCUE_SERVICE = "damkar-evakuasi"
COMPLAINT_SERVICE = "pengaduan-masyarakat"
INCIDENT_KINDS = {FIRE_SERVICE: "fire", RESCUE_SERVICE: "rescue"}  # service -> incident kind
DISCREET_CATEGORIES = frozenset({"ppa", "perlindungan-anak", "kekerasan"})
COMPLAINT_CATEGORY = "pengaduan"  # the catalog's complaint channels (PDAM, health, Satpol PP...)
UNIT_AGENCY = {DAMKAR_UNIT: DAMKAR_AGENCY, PPA_UNIT: PPA_AGENCY}  # duty rosters: unit -> its agency
EMERGENCY_KINDS = {"report_fire": "fire", "report_rescue": "rescue"}  # intent -> incident kind
EMERGENCY_INTENTS = frozenset(EMERGENCY_KINDS)
# Intents served by one catalog service: the reports and the complaint.
INTENT_SERVICES = {"report_fire": FIRE_SERVICE, "report_rescue": RESCUE_SERVICE,
                   "report_violence": PPA_SERVICE, "complaint": COMPLAINT_SERVICE}
URGENT_INTENTS = EMERGENCY_INTENTS | {"report_violence"}  # jump the inbox queue
WHATSAPP_WINDOW = timedelta(hours=24)  # free-form messages only this long after the citizen's


def discreet(definition: ServiceDefinition) -> bool:
    """PPA and similar services: the chat never carries their cases' content."""
    return definition.agency == PPA_AGENCY or definition.category in DISCREET_CATEGORIES


def needs_template(channel: str, last_heard: datetime | None, now: datetime) -> bool:
    """WhatsApp outside the 24-hour customer window: only an approved template goes out."""
    return channel == Channel.WHATSAPP.value and (
        last_heard is None or now - last_heard > WHATSAPP_WINDOW)
