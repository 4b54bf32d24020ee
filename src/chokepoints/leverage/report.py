"""HTML fragment (one ``<section>``) for the leverage results; no external assets."""

from __future__ import annotations

from html import escape
from typing import Any


def _bn(x: float | None) -> str:
    return "n/a" if x is None else f"{x / 1e9:,.2f}"


def _band(t: list[float]) -> str:
    return f"{_bn(t[1])} <small>({_bn(t[0])}&ndash;{_bn(t[2])})</small>"


def html_fragment(rep: dict[str, Any]) -> str:
    """A ``<section class="leverage">`` with the pain matrix and concessions per scenario."""
    h = [
        '<section class="leverage">',
        "<h2>Negotiation leverage</h2>",
        "<p>Pain in bn US$ over each scenario's horizon, central (low&ndash;high); basis "
        f"{escape(str(rep.get('basis', 'trade')))}; dependence "
        f"multiplier {escape(str(rep['dependence_multiplier'] or 1))}; rare earths valued at "
        f"{escape(str(rep.get('rare_earth_valuation', 'magnet value')))}. Breakdown: "
        f"{escape(rep['breakdown']['definition'])}. Assumptions: docs/leverage.md.</p>",
    ]
    for s in rep["scenarios"]:
        h.append(f"<h3>{escape(s['scenario'])} <small>from {escape(s['start'])}</small></h3>")
        h.append(
            "<table><tr><th>sufferer</th><th>other side's controls</th>"
            "<th>other side's tariffs</th><th>own controls</th><th>own tariffs</th></tr>"
        )
        for p, row in s["matrix_usd"].items():
            h.append(
                f"<tr><td>{escape(p)}</td><td>{_band(row['other_controls'])}</td>"
                f"<td>{_band(row['other_tariffs'])}</td><td>{_band(row['own_controls'])}</td>"
                f"<td>{_band(row['own_tariffs'])}</td></tr>"
            )
        h.append("</table>")
        b = s["bargaining"]
        h.append(
            f"<p>Nash transfer USA&rarr;CHN: {_bn(b['nash_transfer_usa_to_chn_usd'])} bn US$.</p>"
        )
        h.append(
            "<table><tr><th>conceded by</th><th>lever</th><th>value to the other side</th>"
            "<th>moves the transfer</th></tr>"
        )
        for c in b["concessions"]:
            h.append(
                f"<tr><td>{escape(c['conceded_by'])}</td><td>{escape(c['title'])}</td>"
                f"<td>{_bn(c['value_to_other_usd'])}</td><td>{_bn(c['transfer_shift_usd'])}</td></tr>"
            )
        h.append("</table>")
        net = s.get("dependence_network")
        if net:
            h.append(
                "<table><tr><th>good</th><th>from</th><th>to (Chinese user)</th>"
                "<th>trade lost</th><th>Chinese value added lost</th></tr>"
            )
            for e in net["edges"]:
                h.append(
                    f"<tr><td>{escape(e['good'])}</td><td>{escape(e['from'])}</td>"
                    f"<td>{escape(e['to'])}</td><td>{_band(e['trade_lost_usd'])}</td>"
                    f"<td>{_band(e['chinese_value_added_lost_usd'])}</td></tr>"
                )
            h.append("</table>")
    ng = rep.get("nash_grid")
    if ng:
        h.append(
            "<p>Non-TU Nash solution over the scenarios named (no side payments): "
            f"<b>{escape(str(ng['solution'] or 'none'))}</b>.</p>"
        )
    h.append("</section>")
    return "\n".join(h) + "\n"
