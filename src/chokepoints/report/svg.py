"""Small inline-SVG charts (no JavaScript, no dependency): lines with bands over dates.

Each function returns one ``<svg>`` element as text, sized in CSS pixels, with a
``<title>`` per series so a browser shows the name on hover. Colours come from a
colour-blind-safe palette (Okabe & Ito 2008).
"""

from __future__ import annotations

import datetime as dt
import html
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

#: Okabe-Ito palette.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")


@dataclass
class Series:
    """One line (and optional band) on a chart.

    ``x`` are dates; ``y``, ``lo``, ``hi`` numbers of the same length (``lo``/``hi`` the
    band, e.g. the 5% and 95% quantiles over Monte Carlo runs). ``markers`` draws
    points instead of a line (observed data).
    """

    name: str
    x: Sequence[dt.date]
    y: Sequence[float]
    lo: Sequence[float] | None = None
    hi: Sequence[float] | None = None
    color: str | None = None
    markers: bool = False
    dashed: bool = False


@dataclass
class Marker:
    """A vertical marker on the time axis (a dated label; not a timeline or news event)."""

    date: dt.date
    label: str
    kind: str = ""


@dataclass
class Chart:
    """A time chart: series, events, axis range and labels."""

    title: str
    series: list[Series]
    events: list[Marker] = field(default_factory=list)
    y_label: str = ""
    y_min: float | None = None
    y_max: float | None = None
    y_percent: bool = False
    width: int = 460
    height: int = 240


def _ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    if hi <= lo:
        hi = lo + 1.0
    raw = (hi - lo) / n
    mag = 10 ** math.floor(math.log10(raw))
    step = min((s * mag for s in (1, 2, 2.5, 5, 10) if s * mag >= raw), default=raw)
    start = math.ceil(lo / step) * step
    return [start + i * step for i in range(int((hi - start) / step + 1e-9) + 1)]


def tick_label(value: float, step: float, percent: bool) -> str:
    """A y tick as text with as many decimals as the tick step needs.

    Percent axes keep decimals below 1% (``0.2%``, ``99.5%``), so sub-percent ticks do
    not all read ``0%``; other axes use thousands separators from 10 up.

    >>> tick_label(0.995, 0.0025, True), tick_label(0.5, 0.25, True), tick_label(1500.0, 500.0, False)
    ('99.50%', '50%', '1,500')
    """
    if percent:
        return f"{100 * value:.{_decimals(100 * step)}f}%"
    if abs(value) >= 10 and _decimals(step) == 0:
        return f"{value:,.0f}"
    return f"{value:.{_decimals(step)}f}"


def _decimals(step: float) -> int:
    """Fewest decimals (at most 6) that write ``step`` exactly, e.g. 0.25 -> 2."""
    for d in range(7):
        if abs(round(step, d) - step) <= 1e-9 * max(1.0, abs(step)):
            return d
    return 6


def fit_range(
    values: Sequence[float], *, min_span: float = 0.0, pad: float = 0.06
) -> tuple[float, float]:
    """A y range that fits ``values`` (non-finite ones ignored), padded by ``pad`` of the span.

    A span below ``min_span`` is widened around the middle, so a flat line near 100%
    is drawn within a sensible band instead of magnifying rounding noise.
    """
    finite = [float(v) for v in values if v is not None and math.isfinite(v)]
    if not finite:
        return 0.0, 1.0
    lo, hi = min(finite), max(finite)
    if hi - lo < min_span:
        mid = (hi + lo) / 2
        lo, hi = mid - min_span / 2, mid + min_span / 2
    span = (hi - lo) or 1.0
    return lo - pad * span, hi + pad * span


def _months(a: dt.date, b: dt.date) -> list[dt.date]:
    out = []
    d = dt.date(a.year, a.month, 1)
    if d < a:
        d = dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    while d <= b:
        out.append(d)
        d = dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return out


def render(chart: Chart) -> str:
    """The chart as an ``<svg>`` element."""
    W, H = chart.width, chart.height
    left, right, top, bottom = 52, 12, 26, 34
    pw, ph = W - left - right, H - top - bottom
    xs = [d for s in chart.series for d in s.x]
    if not xs:
        return f'<svg width="{W}" height="{H}" role="img"><text x="10" y="20">no data</text></svg>'
    x0, x1 = min(xs), max(xs)
    span = max((x1 - x0).days, 1)
    vals = [v for s in chart.series for arr in (s.y, s.lo, s.hi) if arr is not None for v in arr]
    finite = [v for v in vals if v is not None and math.isfinite(v)]
    y_lo = chart.y_min if chart.y_min is not None else (min(finite) if finite else 0.0)
    y_hi = chart.y_max if chart.y_max is not None else (max(finite) if finite else 1.0)
    if chart.y_max is None:
        y_hi = y_hi + 0.05 * (y_hi - y_lo or 1.0)
    if y_hi <= y_lo:
        y_hi = y_lo + 1.0

    def X(d: dt.date) -> float:
        return left + pw * (d - x0).days / span

    def Y(v: float) -> float:
        v = min(max(v, y_lo), y_hi)
        return top + ph * (1 - (v - y_lo) / (y_hi - y_lo))

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" '
           f'viewBox="0 0 {W} {H}" role="img" class="chart">',
           f"<title>{html.escape(chart.title)}</title>",
           f'<text x="{left}" y="16" class="ct">{html.escape(chart.title)}</text>']  # fmt: skip
    ticks = _ticks(y_lo, y_hi)
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 0.0
    for t in ticks:
        y = Y(t)
        lab = tick_label(t, step, chart.y_percent)
        out.append(f'<line x1="{left}" x2="{left + pw}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>')
        out.append(
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" class="tk">{lab}</text>'
        )
    months = _months(x0, x1)
    every = max(1, math.ceil(len(months) / 8))
    for i, m in enumerate(months):
        x = X(m)
        out.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top + ph}" y2="{top + ph + 4}" class="ax"/>'
        )
        if i % every == 0:
            # Four-digit years: "Nov 26" would read as the 26th of November.
            lab = m.strftime("%b %Y") if m.month == 1 or i == 0 else m.strftime("%b")
            out.append(f'<text x="{x:.1f}" y="{top + ph + 16}" text-anchor="middle" '
                       f'class="tk">{lab}</text>')  # fmt: skip
    out.append(f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" class="frame"/>')
    if chart.y_label:
        out.append(f'<text x="12" y="{top + ph / 2:.0f}" transform="rotate(-90 12 {top + ph / 2:.0f})" '
                   f'text-anchor="middle" class="tk">{html.escape(chart.y_label)}</text>')  # fmt: skip
    for ev in chart.events:
        if x0 <= ev.date <= x1:
            x = X(ev.date)
            out.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{top + ph}" class="ev">'
                       f"<title>{ev.date.isoformat()}: {html.escape(ev.label)}</title></line>")  # fmt: skip
    for k, s in enumerate(chart.series):
        color = s.color or PALETTE[k % len(PALETTE)]
        name = html.escape(s.name)
        if s.lo is not None and s.hi is not None:
            up = [
                f"{X(d):.1f},{Y(v):.1f}" for d, v in zip(s.x, s.hi, strict=True) if math.isfinite(v)
            ]
            dn = [
                f"{X(d):.1f},{Y(v):.1f}" for d, v in zip(s.x, s.lo, strict=True) if math.isfinite(v)
            ]
            if up and dn:
                pts = " ".join(up + dn[::-1])
                out.append(f'<polygon points="{pts}" fill="{color}" fill-opacity="0.18" '
                           f'stroke="none"><title>{name}: 5-95% band</title></polygon>')  # fmt: skip
        pts_list = [(X(d), Y(v)) for d, v in zip(s.x, s.y, strict=True) if math.isfinite(v)]
        if s.markers:
            for px, py in pts_list:
                out.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.2" fill="{color}">'
                           f"<title>{name}</title></circle>")  # fmt: skip
        elif pts_list:
            dash = ' stroke-dasharray="5 3"' if s.dashed else ""
            pts = " ".join(f"{px:.1f},{py:.1f}" for px, py in pts_list)
            out.append(f'<polyline points="{pts}" fill="none" stroke="{color}" stroke-width="1.8"'
                       f"{dash}><title>{name}</title></polyline>")  # fmt: skip
    # legend
    longest = max((len(s.name) for s in chart.series), default=0)
    lx = left + pw - 22 - 6 * longest
    ly = top + 12
    for k, s in enumerate(chart.series):
        if len(chart.series) == 1:
            break
        color = s.color or PALETTE[k % len(PALETTE)]
        out.append(f'<rect x="{lx - 2}" y="{ly - 10}" width="{18 + 6 * longest}" height="14" '
                   'fill="white" fill-opacity="0.8"/>')  # fmt: skip
        out.append(f'<rect x="{lx}" y="{ly - 8}" width="10" height="10" fill="{color}"/>')
        out.append(f'<text x="{lx + 14}" y="{ly + 1}" class="lg">{html.escape(s.name)}</text>')
        ly += 14
    out.append("</svg>")
    return "".join(out)


def dates_of(values: np.ndarray) -> list[dt.date]:
    """numpy datetime64 values as ``datetime.date``."""
    return [dt.date.fromisoformat(str(v)[:10]) for v in np.asarray(values)]
