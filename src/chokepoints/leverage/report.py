"""HTML fragment (one ``<section>``) for the leverage results; no external assets."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any


def _bn(x: float | None) -> str:
    return "n/a" if x is None else f"{x / 1e9:,.2f}"


def _band(t: list[float]) -> str:
    return f"{_bn(t[1])} <small>({_bn(t[0])}&ndash;{_bn(t[2])})</small>"


def _table(header: list[str], rows: Iterable[list[str]]) -> list[str]:
    """HTML lines of a table: ``header`` cells are plain text (escaped here); ``rows``
    cells are HTML already (escaped or formatted by the caller)."""
    lines = [
        "<table><tr>" + "".join(f"<th>{escape(c, quote=False)}</th>" for c in header) + "</tr>"
    ]
    lines += ["<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows]
    lines.append("</table>")
    return lines


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
        levers = ("other_controls", "other_tariffs", "own_controls", "own_tariffs")
        h += _table(
            [
                "sufferer",
                "other side's controls",
                "other side's tariffs",
                "own controls",
                "own tariffs",
            ],
            ([escape(p)] + [_band(row[k]) for k in levers] for p, row in s["matrix_usd"].items()),
        )
        b = s["bargaining"]
        h.append(
            f"<p>Nash transfer USA&rarr;CHN: {_bn(b['nash_transfer_usa_to_chn_usd'])} bn US$.</p>"
        )
        h += _table(
            ["conceded by", "lever", "value to the other side", "moves the transfer"],
            (
                [
                    escape(c["conceded_by"]),
                    escape(c["title"]),
                    _bn(c["value_to_other_usd"]),
                    _bn(c["transfer_shift_usd"]),
                ]
                for c in b["concessions"]
            ),
        )
        net = s.get("dependence_network")
        if net:
            h += _table(
                ["good", "from", "to (Chinese user)", "trade lost", "Chinese value added lost"],
                (
                    [
                        escape(e["good"]),
                        escape(e["from"]),
                        escape(e["to"]),
                        _band(e["trade_lost_usd"]),
                        _band(e["chinese_value_added_lost_usd"]),
                    ]
                    for e in net["edges"]
                ),
            )
    ng = rep.get("nash_grid")
    if ng:
        h.append(
            "<p>Non-TU Nash solution over the scenarios named (no side payments): "
            f"<b>{escape(str(ng['solution'] or 'none'))}</b>.</p>"
        )
    h.append("</section>")
    return "\n".join(h) + "\n"
