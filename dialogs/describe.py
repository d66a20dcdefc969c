"""How a service is described to citizens: expected time, fee, requirements."""

from __future__ import annotations

import re
from datetime import datetime

from backend.core.catalog.schema import ServiceDefinition, Urgency
from backend.core.catalog.sources import Basis
from backend.core.catalog.steps import RoleKind, Step
from backend.core.catalog.timestd import parse_time_standard
from dialogs.texts import t

ROLE_WORDS = {"kabid": "Kepala Bidang", "kadis": "Kepala Dinas", "kasi": "Kepala Seksi",
              "kasie": "Kepala Seksi", "kasubag": "Kepala Subbagian",
              "kasubbag": "Kepala Subbagian", "tu": "Tata Usaha", "sekda": "Sekretaris Daerah",
              "sekdis": "Sekretaris Dinas", "kaban": "Kepala Badan", "kades": "Kepala Desa",
              "spv": "Supervisor", "jabfung": "Pejabat Fungsional", "pd": "Perangkat Daerah",
              "ppk": "Pejabat Pembuat Komitmen", "thls": "Tenaga Harian Lepas",
              "bkd": "Badan Kepegawaian Daerah"}
ROLE_WORD = re.compile(r"\b(" + "|".join(ROLE_WORDS) + r")\b", re.IGNORECASE)
DAYS_ID = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
DAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def expected_time(
    service: ServiceDefinition, language: str, *, starts: datetime | None = None
) -> str:
    """The SOP's total time standard in words, or a neutral phrase when it has none.

    An office service counts office hours (piket services the clock); ``starts`` is when the
    office next opens, given when the request arrives while it is closed.
    """
    standard = service.total_standard
    if not standard.has_deadline:
        return t("time_unknown", language)
    words = standard.describe_id() if language == "id" else (
        parse_time_standard(service.total_time).describe_id()
        .replace("hari kerja", "working days").replace("jam", "hours").replace("menit", "minutes")
    )
    if service.urgency is Urgency.PIKET_24H:
        return words
    words = t("time_office_hours", language, time=words)
    if service.total_from:
        step = service.step(service.total_from)
        words += " " + t("time_counted_from", language, what=step.output or step.description)
    if starts is not None:
        day = (DAYS_EN if language == "en" else DAYS_ID)[starts.weekday()]
        words += " " + t("time_starts_at_opening", language,
                         when=f"{day} {starts:%d/%m} {starts:%H.%M}")
    return words


def fee(service: ServiceDefinition, language: str) -> str:
    """The fee as the SOP states it; one that is our assumption says it awaits confirmation."""
    if not service.fee:
        return t("fee_unknown", language)
    if service.fee.strip().lower() in ("gratis", "free", "tidak dipungut biaya", "rp 0"):
        shown = t("fee_free", language)
    else:
        shown = service.fee
    provenance = service.provenance_of("fee")
    if provenance is not None and provenance.basis is Basis.ASSUMPTION:
        shown += " " + t("value_unconfirmed", language)
    return shown


def _later(service: ServiceDefinition, step_id: str | None, language: str) -> str:
    """' — diminta nanti, pada langkah 9' for a document asked after the intake."""
    if step_id is None:
        return ""
    return " " + t("document_asked_later", language, step=service.step(step_id).number)


def service_name(service: ServiceDefinition, language: str) -> str:
    return service.name.en if language == "en" else service.name.id


def documents_text(service: ServiceDefinition, language: str) -> str:
    """The service's documents, one line each (optional ones and later ones said so)."""
    return "\n".join(
        f"- {d.label}" + (f" ({d.condition})" if d.condition else "")
        + ("" if d.required else " — jika ada") + _later(service, d.at_step, language)
        for d in service.documents
    ) or t("requirements_none", language)


def requirements_text(service: ServiceDefinition, agency_name: str, language: str) -> str:
    """Documents, data asked, time and fee of a service, without starting it."""
    documents = documents_text(service, language)
    fields = ", ".join(f.label for f in service.fields if f.required) or "-"
    return t("requirements", language, service=service_name(service, language), agency=agency_name,
             documents=documents, fields=fields, time=expected_time(service, language),
             fee=fee(service, language))


def plain_role(text: str) -> str:
    """SOP abbreviations in words: "KABID" -> "Kepala Bidang", "Kasubag Tu" -> "Kepala
    Subbagian Tata Usaha"; the first letter capitalised."""
    words = ROLE_WORD.sub(lambda found: ROLE_WORDS[found.group(1).lower()], text.strip())
    return words[:1].upper() + words[1:]


def step_in_words(service: ServiceDefinition, step: Step, language: str) -> str:
    """Who does a step and what it yields, for citizens: "Kepala Bidang (Laporan tersampaikan
    kepada Kepala Dinas)"; the applicant's own step is "Anda"."""
    role = service.roles[step.actor]
    who = t("role_you", language) if role.kind is RoleKind.APPLICANT else plain_role(role.label)
    return f"{who} ({plain_role(step.output)})" if step.output else who
