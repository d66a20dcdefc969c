"""Dashboard sections: a chart, the same figures as a table, and that table as CSV."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from markupsafe import Markup
from sqlalchemy.orm import Session

from backend.console import ops_stats, stats
from backend.console.charts import Bar, Key, columns, hbars
from backend.core import ikm
from backend.core.workflow.engine import Workflow

EMPTY = "Belum ada data untuk ditampilkan."
SPREAD = (Key("main", "Median"), Key("second", "Persentil 90"))
SLA_GOOD = 0.8  # a service's share of steps on time drawn as good


@dataclass
class Section:
    key: str
    title: str
    header: list[str]
    rows: list[list[str]]
    charts: list[Markup] = field(default_factory=list)
    note: str | None = None

    @property
    def empty(self) -> bool:
        return not self.rows


@dataclass(frozen=True)
class Context:
    session: Session
    workflow: Workflow
    scope: stats.Scope
    now: datetime


def _cell(value: object) -> str:
    return "-" if value is None else str(value)


def volume(ctx: Context) -> Section:
    rows = stats.volume(ctx.session, ctx.scope, now=ctx.now)
    weekly: Counter[date] = Counter()
    per_agency: Counter[str] = Counter()
    for row in rows:
        weekly[row.week] += row.cases
        per_agency[row.agency] += row.cases
    agencies = ctx.workflow.catalog.agencies
    charts = [columns("Kasus baru per minggu",
                      [(week.strftime("%d/%m"), n) for week, n in sorted(weekly.items())],
                      legend=Key("main", "Kasus baru (minggu mulai Senin)")),
              hbars("Kasus per instansi",
                    [Bar(agencies[a].name if a in agencies else a, n)
                     for a, n in per_agency.most_common(12)],
                    legend=[Key("main", "Kasus")])]
    return Section("volume", "Kasus per layanan dan instansi (12 minggu)",
                   ["Minggu mulai", "Instansi", "Layanan", "Kasus"],
                   [[r.week.isoformat(), r.agency, r.service, str(r.cases)] for r in rows],
                   charts if rows else [])


def sla(ctx: Context) -> Section:
    rows = stats.steps(ctx.session, ctx.workflow, ctx.scope, now=ctx.now)
    services = stats.by_service(rows)
    chart = hbars("Kepatuhan SLA per layanan (%)", [
        Bar(name, round(100 * on / total, 1), text=f"{100 * on / total:.0f}%",
            tone="ok" if on / total >= SLA_GOOD else "late")
        for name, total, on in services if total], maximum=100,
        legend=[Key("ok", f"≥ {SLA_GOOD:.0%} langkah tepat waktu"),
                Key("late", f"< {SLA_GOOD:.0%} langkah tepat waktu")])
    table = [[r.service, r.step, r.role, str(r.measured), str(r.on_time), _cell(r.compliance)]
             for r in rows if r.measured]
    return Section("sla", "Kepatuhan SLA per langkah dan layanan",
                   ["Layanan", "Langkah", "Pelaksana", "Diukur", "Tepat waktu", "Kepatuhan %"],
                   table, [chart] if table else [])


def durations(ctx: Context) -> Section:
    rows = [r for r in stats.steps(ctx.session, ctx.workflow, ctx.scope, now=ctx.now)
            if r.median_minutes is not None]
    chart = hbars("Menit per langkah: median dan persentil 90 dibanding standar SOP", [
        Bar(f"{r.step}. {r.role} · {r.service}", r.median_minutes or 0, second=r.p90_minutes,
            marker=r.standard_minutes, text=f"{r.median_minutes:g} / {r.p90_minutes:g} m")
        for r in rows[:30]], legend=[*SPREAD, Key("marker", "Standar SOP")])
    return Section("durasi", "Waktu per langkah dibanding standar SOP",
                   ["Layanan", "Langkah", "Pelaksana", "Median (menit)", "P90 (menit)",
                    "Standar SOP"],
                   [[r.service, r.step, r.role, _cell(r.median_minutes), _cell(r.p90_minutes),
                     r.standard] for r in rows], [chart] if rows else [])


def _spread_rows(spreads: list[ops_stats.Spread]) -> list[list[str]]:
    return [[s.label, str(s.count), _cell(s.median), _cell(s.p90), _cell(s.within_target)]
            for s in spreads]


def handoff(ctx: Context) -> Section:
    spreads = ops_stats.handoff_waits(ctx.session, ctx.scope)
    chart = hbars("Tunggu antrean agen (menit, median / p90)", [
        Bar(s.label, s.median or 0, second=s.p90) for s in spreads], legend=SPREAD)
    return Section("antrean", "Waktu tunggu antrean agen (call center)",
                   ["Tim", "Jumlah", "Median (menit)", "P90 (menit)", "-"],
                   _spread_rows(spreads), [chart] if spreads else [])


def damkar(ctx: Context) -> Section:
    spreads = ops_stats.damkar_response(ctx.session, ctx.scope)
    target = ops_stats.DAMKAR_TARGET_MINUTES
    chart = hbars(f"Respons damkar (menit; garis = {target} menit)", [
        Bar(s.label, s.median or 0, second=s.p90, marker=target) for s in spreads],
        legend=[*SPREAD, Key("marker", f"Target {target} menit")])
    return Section("damkar", "Waktu respons damkar (terima, berangkat, tiba)",
                   ["Tahap", "Jumlah", "Median (menit)", "P90 (menit)", f"≤ {target} menit"],
                   _spread_rows(spreads), [chart] if spreads else [])


def satisfaction(ctx: Context) -> Section:
    overall, per_service = ikm.results(ctx.session, ctx.scope.agency)
    rows = [[ikm.ELEMENTS[e], f"{m:.2f}"] for e, m in overall.element_means.items()]
    charts = [hbars("Nilai rata-rata per unsur (1-4)",
                    [Bar(ikm.ELEMENTS[e], m) for e, m in overall.element_means.items()],
                    maximum=4, legend=[Key("main", "Nilai rata-rata")])] \
        if overall.responses else []
    if per_service:
        charts.append(hbars("IKM per layanan (25-100)", [
            Bar(ctx.workflow.catalog.get(code).name.id, r.index or 0) for code, r in per_service],
            maximum=100, legend=[Key("main", "IKM (25-100)")]))
    note = (f"IKM {overall.index:.2f} (mutu {overall.grade}, {overall.grade_label}) dari "
            f"{overall.responses} responden." if overall.responses else None)
    return Section("ikm", "Survei kepuasan masyarakat (IKM)", ["Unsur", "Nilai rata-rata"],
                   rows, charts, note)


BUILDERS: dict[str, Callable[[Context], Section]] = {
    "volume": volume, "sla": sla, "durasi": durations, "antrean": handoff, "damkar": damkar,
    "ikm": satisfaction,
}


def to_csv(section: Section) -> str:
    """The section's table as CSV text (header first)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(section.header)
    writer.writerows(section.rows)
    return buffer.getvalue()
