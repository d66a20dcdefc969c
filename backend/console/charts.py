"""Server-rendered SVG charts (no script, no library): horizontal bars and weekly columns, each
with a legend; a label cut to fit keeps its full text as the row's tooltip (SVG ``<title>``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

WIDTH, LABEL_W, ROW_H, LEGEND_H = 640, 220, 26, 24
LABEL_CHARS = 30  # what fits in LABEL_W at the chart's font size, wide letters too


@dataclass(frozen=True)
class Bar:
    """One row: a value, an optional second (lighter) value, an optional marker line."""

    label: str
    value: float
    second: float | None = None
    marker: float | None = None
    text: str = ""
    tone: str = "main"


@dataclass(frozen=True)
class Key:
    """One legend entry: what a bar style (``main``, ``second``, ``ok``, ``late``) or the
    ``marker`` line stands for."""

    style: str
    label: str


def _number(value: float) -> str:
    return f"{value:g}"


def fitted(label: str, limit: int = LABEL_CHARS) -> str:
    """``label`` cut to ``limit`` characters, an ellipsis showing the cut."""
    return label if len(label) <= limit else label[:limit - 1].rstrip() + "…"


def _legend(keys: Sequence[Key], y: int) -> str:
    parts, x = [], 10
    for key in keys:
        if key.style == "marker":
            parts.append(f'<line x1="{x}" x2="{x}" y1="{y}" y2="{y + 14}" class="bar-marker"/>')
        else:
            parts.append(f'<rect x="{x}" y="{y + 1}" width="12" height="12" '
                         f'class="bar-{escape(key.style)}"/>')
        parts.append(f'<text x="{x + 17}" y="{y + 12}" class="chart-label">'
                     f"{escape(key.label)}</text>")
        x += 30 + 7 * len(key.label)
    return f'<g class="legend">{"".join(parts)}</g>'


def _row(n: int, bar: Bar, top: float, span: float) -> str:
    y = LEGEND_H + 5 + n * ROW_H
    shown = bar.text or _number(bar.value)
    parts = [f'<g class="chart-row"><title>{escape(bar.label)}: {escape(shown)}</title>',
             f'<text x="{LABEL_W - 6}" y="{y + 16}" text-anchor="end" class="chart-label">'
             f"{escape(fitted(bar.label))}</text>"]
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
    parts.append(f'<text x="{end:.1f}" y="{y + 16}" class="chart-value">{escape(shown)}</text>')
    return "".join(parts) + "</g>"


def hbars(title: str, bars: list[Bar], *, legend: Sequence[Key],
          maximum: float | None = None) -> Markup:
    """Horizontal bars with labels; ``second`` draws behind ``value`` (e.g. p90 behind median)."""
    if not bars:
        return Markup("")
    top = maximum or max(max(b.value, b.second or 0, b.marker or 0) for b in bars) or 1
    span = WIDTH - LABEL_W - 70
    height = LEGEND_H + ROW_H * len(bars) + 10
    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
             f'aria-label="{escape(title)}" preserveAspectRatio="xMinYMin meet">'
             f"<title>{escape(title)}</title>", _legend(legend, 4)]
    parts.extend(_row(n, bar, top, span) for n, bar in enumerate(bars))
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every interpolated text is escaped above


def columns(title: str, points: list[tuple[str, float]], *, legend: Key) -> Markup:
    """Vertical columns, one per label (e.g. one per week)."""
    if not points:
        return Markup("")
    height, base, gap = 220 + LEGEND_H, 190 + LEGEND_H, 4
    top = max(v for _, v in points) or 1
    width = min((WIDTH - 20) / len(points), 80)
    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
             f'aria-label="{escape(title)}"><title>{escape(title)}</title>',
             _legend([legend], 4),
             f'<line x1="10" x2="{WIDTH - 10}" y1="{base}" y2="{base}" class="axis"/>']
    for n, (label, value) in enumerate(points):
        x = 10 + n * width
        h = (base - 20 - LEGEND_H) * value / top
        parts.append(f'<g class="chart-row"><title>{escape(label)}: {_number(value)} '
                     f'{escape(legend.label.lower())}</title>'
                     f'<rect x="{x + gap:.1f}" y="{base - h:.1f}" '
                     f'width="{width - 2 * gap:.1f}" height="{h:.1f}" class="bar-main"/>'
                     f'<text x="{x + width / 2:.1f}" y="{base - h - 4:.1f}" '
                     f'text-anchor="middle" class="chart-value">{_number(value)}</text>'
                     f'<text x="{x + width / 2:.1f}" y="{base + 16}" text-anchor="middle" '
                     f'class="chart-label">{escape(label)}</text></g>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every interpolated text is escaped above
