"""``chokepoints economy``: products not made and value added lost in a scenario.

Imports only the standard library and typer at module level; the scenario runner, the
MRIO and NumPy are imported inside the command.
"""

from __future__ import annotations

import json
from typing import Any

import typer

from chokepoints.errors import DataError
from chokepoints.output import FORMAT_OPTION, OutputFormat, echo, json_safe, to_ndjson

#: The ``--format`` choices (the shared option of :mod:`chokepoints.output`).
FORMATS = tuple(f.value for f in OutputFormat)


def _clean(x: Any) -> Any:
    """JSON-safe copy of a report (:func:`chokepoints.output.json_safe`)."""
    return json_safe(x, digits=6, keep_inf=True)


def scenario_economy(
    scenario: str,
    *,
    runs: int | None = None,
    seed: int | None = None,
    mrio: bool = True,
    mrio_runs: str = "quantiles",
    tail_days: int = 90,
    include: tuple[str, ...] = (),
) -> dict[str, Any]:
    """Run a scenario and return its summary rows with the economy columns, and the
    economy-wide block (JSON-ready)."""
    from chokepoints.economy.losses import add_lost_value_added, economy_losses
    from chokepoints.scenarios.runner import run_scenario
    from chokepoints.scenarios.spec import load_scenario
    from chokepoints.scenarios.summary import summarize

    s = load_scenario(scenario)
    ds = run_scenario(s, runs=runs, seed=seed)
    rows = add_lost_value_added(summarize(ds), ds, include=include)
    out: dict[str, Any] = {
        "scenario": s.name,
        "runs": int(ds.sizes["run"]),
        "seed": ds.attrs.get("seed"),
        "units": {
            "lost_output_t": "t magnet-equivalent (end-use sectors, shortage days)",
            "units_not_made": "products (see product/unit)",
            "product_value_usd_m": "US$ million, unit prices of 2011-2025 (per product)",
            "lost_value_added_usd_m": "US$ million, direct: product value x WIOD value-added share",
        },
        "summary": rows.to_dict(orient="records"),
    }
    if mrio:
        out["economy"] = economy_losses(
            ds, mrio_runs=mrio_runs, tail_days=tail_days, include=include
        )
    return _clean(out)


def _fmt(v: Any) -> str:
    if v is None:
        return "-"
    return f"{v:,.0f}" if abs(v) >= 10 else f"{v:.1f}"


def _table(rep: dict[str, Any]) -> str:
    lines = [f"scenario {rep['scenario']}: {rep['runs']} runs, seed {rep['seed']}", ""]
    sw = max([len("sector")] + [len(str(r["sector"])) for r in rep["summary"]]) + 2
    lines.append(
        f"{'country':<8}{'sector':<{sw}}{'lost t':>10}{'units not made':>16}"
        f"{'VA lost US$m (p05-p95)':>32}"
    )
    for r in rep["summary"]:
        if not r.get("lost_output_t"):
            continue
        va = r.get("lost_value_added_usd_m")
        band = (
            "not valued"
            if va is None
            else f"{_fmt(va)} ({_fmt(r['lost_value_added_usd_m_p05'])}-"
            f"{_fmt(r['lost_value_added_usd_m_p95'])})"
        )
        units = r.get("units_not_made")
        lines.append(
            f"{r['country']:<8}{r['sector']:<{sw}}{_fmt(r['lost_output_t']):>10}"
            f"{_fmt(units) if units is not None else '-':>16}{band:>32}"
        )
    e = rep.get("economy")
    if e:
        lines += ["", f"Economy-wide ({e['table']}, ARIO, runs: {e['mrio_runs']}):"]
        for k in (
            "shock_usd_m",
            "lost_output_usd_m",
            "lost_value_added_usd_m",
            "direct_value_added_usd_m",
            "indirect_value_added_usd_m",
        ):
            b = e[k]
            lines.append(f"  {k:<28} {_fmt(b['median'])} ({_fmt(b['p05'])} / {_fmt(b['p95'])})")
        lines.append("  by region (lost value added, US$ million, median run):")
        for r in e["by_region"][:10]:
            lines.append(f"    {r['region']:<5} {_fmt(r['lost_value_added_usd_m']['median'])}")
        lines += ["  caveats:"] + [f"    - {c}" for c in e["caveats"]]
    return "\n".join(lines)


def register(app: typer.Typer) -> None:
    """Add the ``economy`` command to the root app."""

    @app.command("economy")
    def economy(
        scenario: str = typer.Argument(..., help="A bundled scenario name or a scenario YAML."),
        runs: int = typer.Option(None, "--runs", help="Monte Carlo runs (scenario default)."),
        seed: int = typer.Option(None, "--seed", help="Root seed (scenario default)."),
        output_format: OutputFormat = FORMAT_OPTION,
        mrio: bool = typer.Option(
            True, "--mrio/--no-mrio", help="Also run the WIOD table with the ARIO engine."
        ),
        mrio_runs: str = typer.Option(
            "quantiles", "--mrio-runs", help="quantiles (3 table runs) or all (one per run)."
        ),
        tail_days: int = typer.Option(90, "--tail-days", help="Recovery days after horizon."),
        include: list[str] = typer.Option(
            [],
            "--include",
            help="Value a sector with its alternative product (aerospace_defense: as "
            "F-35s instead of motors) or one left out by default.",
        ),
    ) -> None:
        """Products not made and value added lost: the scenario's lost magnet tonnes as
        EVs, wind MW, cars, motors and hard disk drives (sourced or derived magnet kg per
        unit and prices), direct value added per
        country and sector (lost_value_added_usd_m next to the tonnes), and direct plus
        indirect losses per country and industry from the ARIO engine on the WIOD 2011
        table (41 regions x 35 industries).

        Example: chokepoints economy escalation --runs 20 --format json
        """
        if mrio_runs not in ("quantiles", "all"):
            raise DataError(f"--mrio-runs: {mrio_runs!r} is not one of quantiles, all")
        if tail_days < 0:
            raise DataError(f"--tail-days: {tail_days} is negative (expected >= 0)")
        if runs is not None and runs < 1:
            raise DataError(f"--runs: {runs} is below 1 (expected an integer >= 1)")
        rep = scenario_economy(
            scenario,
            runs=runs,
            seed=seed,
            mrio=mrio and output_format not in ("csv", "ndjson"),
            mrio_runs=mrio_runs,
            tail_days=tail_days,
            include=tuple(include),
        )
        if output_format == "json":
            typer.echo(json.dumps(rep, indent=2))
        elif output_format == "ndjson":
            echo(to_ndjson(rep["summary"]))
        elif output_format == "csv":
            import pandas as pd

            typer.echo(pd.DataFrame(rep["summary"]).to_csv(index=False).rstrip("\n"))
        else:
            typer.echo(_table(rep))
