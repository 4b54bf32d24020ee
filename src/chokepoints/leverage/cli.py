"""``chokepoints leverage SCENARIO...``: both sides' pain, threat points and concessions.

Imports only the standard library and typer at module level; the model is imported
inside the command.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import typer

from chokepoints.output import FORMAT_OPTION, OutputFormat, echo, json_safe, to_ndjson

#: The ``--format`` choices that apply (no single table, so no csv).
FORMATS = ("table", "json", "ndjson")


def _clean(x: Any) -> Any:
    """JSON-safe copy of a report (:func:`chokepoints.output.json_safe`)."""
    return json_safe(x, digits=3)


def _bn(x: float | None) -> str:
    return "n/a" if x is None else f"{x / 1e9:,.2f}"


def _band(t: list[float]) -> str:
    return f"{_bn(t[1])} ({_bn(t[0])}-{_bn(t[2])})"


def render_table(rep: dict[str, Any]) -> str:
    """Plain-text summary of :func:`chokepoints.leverage.pain.leverage_report`."""
    out = [
        "leverage: pain in bn US$ over each scenario's horizon, central (low-high); "
        f"basis {rep.get('basis', 'trade')}; "
        f"dependence multiplier {rep['dependence_multiplier'] or 1}, rare earths valued at "
        f"{rep.get('rare_earth_valuation', 'magnet value')}, {rep['runs']} runs",
        f"breakdown (threat point): {rep['breakdown']['definition']}",
    ]
    tb = rep["breakdown"]["total_pain_usd"]
    out.append(f"  breakdown pain  USA {_band(tb['USA'])}  CHN {_band(tb['CHN'])}")
    for s in rep["scenarios"]:
        out += ["", f"scenario {s['scenario']} (start {s['start']}, {s['horizon_days']} days)"]
        out.append(
            f"  {'sufferer':<8} {'other controls':>26} {'other tariffs':>26} {'own controls':>26}"
            f" {'own tariffs':>26}"
        )
        for p, row in s["matrix_usd"].items():
            out.append(
                f"  {p:<8} {_band(row['other_controls']):>26} {_band(row['other_tariffs']):>26} "
                f"{_band(row['own_controls']):>26} {_band(row['own_tariffs']):>26}"
            )
        b = s["bargaining"]
        g = b["gain_usd"]
        out.append(
            f"  gain over breakdown: USA {_band(g['USA'])}, CHN {_band(g['CHN'])}; "
            f"Nash transfer USA->CHN {_bn(b['nash_transfer_usa_to_chn_usd'])} "
            f"({_bn(b['nash_transfer_band_usd'][0])} to {_bn(b['nash_transfer_band_usd'][1])})"
        )
        net = s.get("dependence_network")
        if net:
            parts = ", ".join(f"{k} {_band(v)}" for k, v in net["by_chinese_industry_usd"].items())
            out.append(f"  China's value added lost to the US controls, by using industry: {parts}")
        out.append("  single concessions (taken off the breakdown), by value to the other side:")
        for c in b["concessions"]:
            name = ("  " if c.get("part_of") else "") + c["lever"]
            out.append(
                f"    {c['conceded_by']} {name:<24} value {_bn(c['value_to_other_usd']):>9}"
                f"  own loss back {_bn(c['own_sales_recovered_usd']):>9}"
                f"  moves transfer {_bn(c['transfer_shift_usd']):>9}"
            )
    ng = rep.get("nash_grid")
    if ng:
        out += ["", "non-TU Nash solution over the scenarios named (no side payments):"]
        for d in ng["deals"]:
            p = d["nash_product_usd"]
            out.append(
                f"  {d['scenario']:<14} gain USA {_bn(d['gain_usd']['USA'])} CHN "
                f"{_bn(d['gain_usd']['CHN'])}  Nash product "
                f"{'not individually rational' if p is None else _bn(p)}"
            )
        out.append(f"  solution: {ng['solution'] or 'none (no deal beats the breakdown)'}")
    pl = rep["plausibility_2025"]
    out += [
        "",
        "2025 rounds, per year at multiplier 1: rare-earth concession (magnet value) "
        f"{_bn(pl['rare_earth_concession_magnet_value_usd'])}; London US side "
        f"{_bn(pl['london']['us_gave_value_to_china_usd'])} (break-even multiplier "
        f"{_ratio(pl['london']['breakeven_multiplier'])}); Busan tariff cut "
        f"{_bn(pl['busan']['us_gave_value_to_china_usd'])} (break-even multiplier "
        f"{_ratio(pl['busan']['breakeven_multiplier'])})",
        "  the same concession as US direct value added saved "
        f"{_bn(pl.get('rare_earth_concession_us_value_added_usd'))}: London US side gave "
        f"{_ratio2(pl['london'].get('us_gave_per_us_value_added_saved'))} US$, Busan "
        f"{_ratio2(pl['busan'].get('us_gave_per_us_value_added_saved'))} US$ per US$ saved",
        "  on one basis (value added): China gained "
        f"{_ratio2(pl['london'].get('china_value_added_gained_per_us_value_added_saved'))} "
        "(London) and "
        f"{_ratio2(pl['busan'].get('china_value_added_gained_per_us_value_added_saved'))} "
        "(Busan) US$ of value added per US$ of US value added saved",
        *(
            [
                "  as US economy-wide value added saved "
                f"{_bn(pl['rare_earth_concession_us_economy_wide_value_added_usd'])}: London "
                f"{_ratio2(pl['london'].get('us_gave_per_us_economy_wide_value_added_saved'))}"
                ", Busan net of US deadweight loss "
                f"{_ratio2(pl['busan'].get('us_net_cost_per_us_economy_wide_value_added_saved'))}"
                " US$ per US$ saved"
            ]
            if pl.get("rare_earth_concession_us_economy_wide_value_added_usd")
            else []
        ),
        "assumptions, sources and what is left out: docs/leverage.md",
    ]
    return "\n".join(out)


def _ratio(x: float | None) -> str:
    return "n/a" if x is None else f"{x:,.0f}"


def _ratio2(x: float | None) -> str:
    return "n/a" if x is None else f"{x:,.2f}"


def leverage(
    scenarios: list[str] = typer.Argument(..., help="Bundled scenario names (each a deal)."),
    fmt: OutputFormat = FORMAT_OPTION,
    runs: int = typer.Option(20, "--runs", min=1, help="Monte Carlo runs per dynamics run."),
    multiplier: float | None = typer.Option(
        None,
        "--multiplier",
        help=(
            "Override: loss to a buyer per US$ of trade lost, also applied to the magnet "
            "value of US rare-earth losses (default: controls at trade value, rare earths "
            "at the value added of the US products not made)."
        ),
    ),
    beta: float = typer.Option(0.5, "--beta", help="US bargaining weight, 0..1."),
    economy_wide: bool = typer.Option(
        False,
        "--economy-wide/--direct",
        help="Economy-wide value added (ARIO on the WIOD table; slower): the US's loss "
        "from China's rare-earth controls and China's loss from the US controls, instead "
        "of the direct value added of the output not made.",
    ),
    basis: str = typer.Option(
        "value-added",
        "--basis",
        help="Value both sides' losses as value added lost (value-added, WIOD 2011 shares "
        "and input multipliers) or as trade value lost (trade). Both are in the JSON.",
    ),
    solution: str = typer.Option(
        "tu",
        "--solution",
        help="Bargaining solution: tu (transferable utility, the Nash transfer per scenario) "
        "or nash-grid (adds the non-TU Nash solution over the deal set of the scenarios "
        "named, no side payments).",
    ),
    report: Path | None = typer.Option(None, "--report", help="Write an HTML fragment here."),
) -> None:
    """Who hurts more from a breakdown, and what a deal is worth to each side.

    For each scenario: the pain matrix (each side's losses in US$ from the other's
    controls and tariffs and from its own controls), the gain over the breakdown, the
    transferable-utility Nash transfer and single concessions ranked by value.

    Example: chokepoints leverage status-quo escalation --format json
    """
    if fmt not in FORMATS:  # the report is nested, not one table
        raise typer.BadParameter(
            f"{fmt.value!r} does not apply (expected one of {', '.join(FORMATS)})",
            param_hint="--format",
        )
    if multiplier is not None and not (math.isfinite(multiplier) and multiplier > 0):
        raise typer.BadParameter("must be a positive number", param_hint="--multiplier")
    if basis not in ("value-added", "trade"):
        raise typer.BadParameter(
            f"{basis!r} is not a basis (expected value-added or trade)", param_hint="--basis"
        )
    if solution not in ("tu", "nash-grid"):
        raise typer.BadParameter(
            f"{solution!r} is not a solution (expected tu or nash-grid)", param_hint="--solution"
        )
    if not (math.isfinite(beta) and 0 <= beta <= 1):
        raise typer.BadParameter("must lie in [0, 1]", param_hint="--beta")
    from chokepoints.leverage.pain import leverage_report

    rep = _clean(
        leverage_report(
            list(scenarios),
            runs=runs,
            multiplier=multiplier,
            beta=beta,
            economy_wide=economy_wide,
            basis=basis,
            solution=solution,
        )
    )
    if report is not None:
        from chokepoints.atomic import write_text_atomic
        from chokepoints.leverage.report import html_fragment

        write_text_atomic(report, html_fragment(rep))
    if fmt == "ndjson":  # one object per scenario (the entries of json's "scenarios")
        echo(to_ndjson(rep["scenarios"]))
    else:
        typer.echo(json.dumps(rep, indent=2) if fmt == "json" else render_table(rep))


def register(app: typer.Typer) -> None:
    """Add ``chokepoints leverage`` to the app."""
    app.command("leverage")(leverage)
