"""The sensitivity result as one merged table, JSON-ready dict, and HTML.

:func:`sensitivity_section` is an HTML fragment (one table per outcome, bars for
``mu_star`` and ``ST`` with their 95% intervals) that a scenario report can embed;
:func:`sensitivity_report` wraps it in a page of its own.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from chokepoints.sensitivity.analysis import OUTPUTS, Factor

_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px auto;
max-width:1100px;color:#222;padding:0 16px}h2{margin-top:1.4em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;font-size:.85em;margin-bottom:1em}
td,th{padding:3px 8px;border-bottom:1px solid #eee;text-align:right}th{background:#f5f5f5}
td.l,th.l{text-align:left}.bar{position:relative;width:160px;height:10px;background:#f3f3f3}
.bar span{position:absolute;top:0;height:10px;background:#4C72B0}
.bar i{position:absolute;top:4px;height:2px;background:#C44E52}.meta{color:#555;font-size:.9em}
"""


def merged_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per outcome and factor with the Morris and Sobol columns side by side.

    Rows are ordered by outcome, then by Sobol ``ST`` (or Morris ``mu_star`` when only
    Morris ran), largest first; ``rank`` is that order within the outcome.
    """
    by: dict[tuple[str, str], dict[str, Any]] = {}
    for method in ("morris", "sobol"):
        for r in (result.get(method) or {}).get("rows", []):
            row = by.setdefault((r["output"], r["factor"]), {"output": r["output"],
                                                              "factor": r["factor"]})  # fmt: skip
            for k, v in r.items():
                if k not in ("output", "factor", "rank"):
                    row[k] = v
                elif k == "rank":
                    row[f"{method}_rank"] = v
    key = "sobol_rank" if result.get("sobol") else "morris_rank"
    order = {o: i for i, o in enumerate(OUTPUTS)}
    rows = sorted(by.values(), key=lambda r: (order.get(r["output"], 99), r.get(key, 99)))
    for r in rows:
        r["rank"] = r.get(key)
    return rows


def display_table(result: dict[str, Any]) -> Any:
    """:func:`merged_rows` as text columns for the terminal: value ± 95% half-width."""
    import pandas as pd

    out = []
    for r in merged_rows(result):
        row = {"output": r["output"], "rank": r["rank"], "factor": r["factor"]}
        if result.get("morris"):
            row["mu_star"] = _num(r.get("mu_star"), r.get("mu_star_conf"))
            row["sigma"] = _num(r.get("sigma"))
        if result.get("sobol"):
            row["S1"] = _num(r.get("S1"), r.get("S1_conf"))
            row["ST"] = _num(r.get("ST"), r.get("ST_conf"))
        out.append(row)
    return pd.DataFrame(out)


def to_dict(result: dict[str, Any]) -> dict[str, Any]:
    """The JSON form: settings, factors with ranges and sources, outcomes, rows."""
    out = {k: v for k, v in result.items() if k not in ("morris", "sobol", "factors")}
    out["factors"] = [
        {"name": f.name, "low": f.low, "high": f.high, "unit": f.unit, "meaning": f.meaning,
         "source": f.source, "binary": f.binary}
        for f in result["factors"]
    ]  # fmt: skip
    names = result.get("outputs") or [
        o for o in OUTPUTS if any(r["output"] == o for r in merged_rows(result))
    ]
    out["outputs"] = {o: OUTPUTS[o] for o in names}
    for method in ("morris", "sobol"):
        part = result.get(method)
        if part:
            out[method] = {k: v for k, v in part.items() if k not in ("X", "Y")}
    out["rows"] = merged_rows(result)
    return out


def _fmt(v: float) -> str:
    return f"{v:,.0f}" if abs(v) >= 100 else f"{v:.3g}"


def _num(v: Any, conf: Any = None) -> str:
    if v is None:
        return "-"
    return _fmt(v) if conf is None else f"{_fmt(v)} ± {_fmt(conf)}"


def _bar(v: Any, conf: Any, top: float) -> str:
    if v is None or top <= 0:
        return ""
    w = max(0.0, min(1.0, v / top)) * 100
    c = 0.0 if conf is None else conf
    lo, hi = max(0.0, (v - c) / top) * 100, min(1.0, (v + c) / top) * 100
    return (f'<div class="bar"><span style="left:0;width:{w:.1f}%"></span>'
            f'<i style="left:{lo:.1f}%;width:{max(hi - lo, 0.5):.1f}%"></i></div>')  # fmt: skip


def sensitivity_section(result: dict[str, Any]) -> str:
    """HTML fragment: per outcome, the factors ranked, with 95% intervals and bars."""
    rows = merged_rows(result)
    morris, sobol = result.get("morris"), result.get("sobol")
    parts = ['<section class="sensitivity"><h2>Which assumptions matter</h2>']
    bits = [f"scenario <code>{html.escape(str(result.get('scenario')))}</code>",
            f"{result.get('runs_per_sample')} runs per sample, seed {result.get('seed')}"]  # fmt: skip
    if result.get("market"):
        bits.append(f"prices: market <code>{html.escape(str(result['market']))}</code>, "
                    f"region {html.escape(str(result.get('price_region')))}")  # fmt: skip
    if morris:
        bits.append(f"Morris: {morris['samples']} samples ({morris['trajectories']} trajectories)")
    if sobol:
        bits.append(f"Sobol: {sobol['samples']} samples (base {sobol['base_samples']})")
    parts.append(f'<p class="meta">{" · ".join(bits)}. Intervals: bootstrap 95%.</p>')
    for note in result.get("notes", []):
        parts.append(f'<p class="meta">Note: {html.escape(note)}</p>')
    for out, unit in OUTPUTS.items():
        sub = [r for r in rows if r["output"] == out]
        if not sub:
            continue
        top_mu = max((r.get("mu_star") or 0) + (r.get("mu_star_conf") or 0) for r in sub)
        head = ['<th class="l">rank</th>', '<th class="l">factor</th>']
        if morris:
            head += ["<th>μ* ± 95%</th>", "<th></th>", "<th>σ</th>"]
        if sobol:
            head += ["<th>S1 ± 95%</th>", "<th>ST ± 95%</th>", "<th></th>"]
        body = []
        for r in sub:
            cells = [f'<td class="l">{r.get("rank")}</td>',
                     f'<td class="l">{html.escape(r["factor"])}</td>']  # fmt: skip
            if morris:
                cells += [f"<td>{_num(r.get('mu_star'), r.get('mu_star_conf'))}</td>",
                          f"<td>{_bar(r.get('mu_star'), r.get('mu_star_conf'), top_mu)}</td>",
                          f"<td>{_num(r.get('sigma'))}</td>"]  # fmt: skip
            if sobol:
                cells += [f"<td>{_num(r.get('S1'), r.get('S1_conf'))}</td>",
                          f"<td>{_num(r.get('ST'), r.get('ST_conf'))}</td>",
                          f"<td>{_bar(r.get('ST'), r.get('ST_conf'), 1.0)}</td>"]  # fmt: skip
            body.append("<tr>" + "".join(cells) + "</tr>")
        parts.append(f"<h3>{html.escape(out)} <small>({html.escape(unit)})</small></h3>")
        parts.append(f"<table><tr>{''.join(head)}</tr>{''.join(body)}</table>")
    parts.append(_factor_table(result["factors"]))
    parts.append("</section>")
    return "\n".join(parts)


def _factor_table(factors: Sequence[Factor]) -> str:
    rows = "".join(
        f'<tr><td class="l">{html.escape(f.name)}</td><td>{f.low:.3g}</td><td>{f.high:.3g}</td>'
        f'<td class="l">{html.escape(f.unit)}</td><td class="l">{html.escape(f.meaning)}</td>'
        f'<td class="l">{html.escape(f.source)}</td></tr>'
        for f in factors
    )
    head = ('<tr><th class="l">factor</th><th>low</th><th>high</th><th class="l">unit</th>'
            '<th class="l">changes</th><th class="l">range from</th></tr>')  # fmt: skip
    return f"<h3>Factors and their ranges</h3><table>{head}{rows}</table>"


def sensitivity_report(result: dict[str, Any]) -> str:
    """A standalone HTML page of :func:`sensitivity_section`."""
    title = f"Sensitivity - {html.escape(str(result.get('scenario')))}"
    return (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}"
            f"</title><style>{_CSS}</style></head><body><h1>{title}</h1>\n"
            f"{sensitivity_section(result)}\n</body></html>\n")  # fmt: skip
