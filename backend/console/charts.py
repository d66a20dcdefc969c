"""Server-rendered SVG charts (no script, no library): horizontal bars and weekly columns."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from markupsafe import Markup

WIDTH, LABEL_W, ROW_H = 640, 220, 26


@dataclass(frozen=True)
class Bar:
    """One row: a value, an optional second (lighter) value, an optional marker line."""

    label: str
    value: float
    second: float | None = None
    marker: float | None = None
    text: str = ""
    tone: str = "main"


def _number(value: float) -> str:
    return f"{value:g}"


def hbars(title: str, bars: list[Bar], *, maximum: float | None = None) -> Markup:
    """Horizontal bars with labels; ``second`` draws behind ``value`` (e.g. p90 behind median)."""
    if not bars:
        return Markup("")
    top = maximum or max(max(b.value, b.second or 0, b.marker or 0) for b in bars) or 1
    span = WIDTH - LABEL_W - 70
    height = ROW_H * len(bars) + 10
    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
             f'aria-label="{escape(title)}" preserveAspectRatio="xMinYMin meet">'
             f"<title>{escape(title)}</title>"]
    for n, bar in enumerate(bars):
        y = 5 + n * ROW_H
        parts.append(f'<text x="{LABEL_W - 6}" y="{y + 16}" text-anchor="end" '
                     f'class="chart-label">{escape(bar.label[:34])}</text>')
        if bar.second is not None:
            parts.append(f'<rect x="{LABEL_W}" y="{y + 3}" height="{ROW_H - 8}" '
                         f'width="{span * bar.second / top:.1f}" class="bar-second"/>')
        parts.append(f'<rect x="{LABEL_W}" y="{y + 6}" height="{ROW_H - 14}" '
                     f'width="{span * bar.value / top:.1f}" class="bar-{escape(bar.tone)}"/>')
        if bar.marker is not None:
            x = LABEL_W + span * bar.marker / top
            parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y}" y2="{y + ROW_H - 2}" '
                         'class="bar-marker"/>')
        end = LABEL_W + span * max(bar.value, bar.second or 0) / top + 4
        parts.append(f'<text x="{end:.1f}" y="{y + 16}" class="chart-value">'
                     f"{escape(bar.text or _number(bar.value))}</text>")
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every interpolated text is escaped above


def columns(title: str, points: list[tuple[str, float]]) -> Markup:
    """Vertical columns, one per label (e.g. one per week)."""
    if not points:
        return Markup("")
    height, base, gap = 220, 190, 4
    top = max(v for _, v in points) or 1
    width = min((WIDTH - 20) / len(points), 80)
    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
             f'aria-label="{escape(title)}"><title>{escape(title)}</title>'
             f'<line x1="10" x2="{WIDTH - 10}" y1="{base}" y2="{base}" class="axis"/>']
    for n, (label, value) in enumerate(points):
        x = 10 + n * width
        h = (base - 20) * value / top
        parts.append(f'<rect x="{x + gap:.1f}" y="{base - h:.1f}" width="{width - 2 * gap:.1f}" '
                     f'height="{h:.1f}" class="bar-main"/>')
        parts.append(f'<text x="{x + width / 2:.1f}" y="{base - h - 4:.1f}" '
                     f'text-anchor="middle" class="chart-value">{_number(value)}</text>')
        parts.append(f'<text x="{x + width / 2:.1f}" y="{base + 16}" text-anchor="middle" '
                     f'class="chart-label">{escape(label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every interpolated text is escaped above
