"""``chokepoints criticality``: static and dynamic criticality of one rare earth.

Imports only the standard library and typer at module level (``chokepoints --help``
loads it); the computations import NumPy and the world inside the command.
"""

from __future__ import annotations

import csv
import io
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


def criticality_report(
    element: str,
    *,
    dynamic: bool = True,
    wgi_year: int | None = None,
    params: Any = None,
    horizon_days: int = 180,
    runs: int = 2,
    mode: str = "exports",
) -> dict[str, Any]:
    """Everything ``chokepoints criticality`` prints, as a JSON-ready dict."""
    from chokepoints.criticality import static

    year = static.DEFAULT_WGI_YEAR if wgi_year is None else wgi_year
    sym = static._symbol(element)
    report: dict[str, Any] = {
        "element": sym,
        "units": {
            "hhi": "0..1 (sum of squared shares)",
            "hhi_points": "0..10,000",
            "hhi_wgi": "0..10 (EU: shares squared x WGI rescaled 0..10, 10 = poorest)",
            "supply_risk": "EU CRM scale",
            "economic_importance": "EU CRM scale 0..10",
            "lost_output": "t magnet-equivalent over the horizon (end-use sectors)",
        },
        "world_concentration": static.world_concentration(sym, wgi_year=year),
    }
    try:
        report["eu_crm"] = static.eu_crm_indicators(sym, params=params, wgi_year=year)
    except LookupError as e:
        report["eu_crm"] = {"error": str(e)}
    report["eu_groups_vs_published_2023"] = static.compare_with_published(
        params=params, wgi_year=year
    )
    report["eu_groups_vs_published_2023_with_2017_parameters"] = static.compare_with_published(
        wgi_year=year, parameters_from_2017=True
    )
    report["eu_2017_supply_risk_reproduction"] = static.reproduce_2017_supply_risk()
    report["eu_2023_supply_risk_reproduction"] = static.reproduce_2023_supply_risk(year)
    if dynamic:
        from chokepoints.criticality.dynamic import dynamic_criticality

        report["dynamic"] = dynamic_criticality(
            sym, horizon_days=horizon_days, n_runs=runs, mode=mode
        )
    return _clean(report)


def _long_rows(rep: dict[str, Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for r in rep["world_concentration"]:
        for k in ("output_t_per_yr", "hhi", "hhi_points", "hhi_wgi", "top_share"):
            rows.append({"section": "world", "stage": r["stage"], "indicator": k, "value": r[k]})
    eu = rep.get("eu_crm", {})
    for r in eu.get("stages", []):
        for k in ("hhi_global", "hhi_wgi_global", "hhi_wgi_eu_sourcing", "supply_risk"):
            rows.append({"section": "eu_crm", "stage": r["stage"], "indicator": k, "value": r[k]})
    if "supply_risk" in eu:
        rows.append(
            {"section": "eu_crm", "stage": eu["supply_risk_stage"], "indicator": "SR",
             "value": eu["supply_risk"]}
        )  # fmt: skip
        rows.append(
            {"section": "eu_crm", "stage": "", "indicator": "EI",
             "value": eu["economic_importance"]}
        )  # fmt: skip
    for r in rep.get("dynamic", []):
        for k in (
            "days_to_first_line_stop",
            "lost_output_outside_origin_t_mean",
            "lost_value_added_direct_outside_origin_usd_m",
        ):
            rows.append(
                {"section": f"dynamic:{r['origin']}:{r['mode']}", "stage": r["stage"],
                 "indicator": k, "value": r[k]}
            )  # fmt: skip
    return rows


def _table(rep: dict[str, Any]) -> str:
    out = [f"Criticality of {rep['element']}", "", "Bundled world, per stage:"]
    out.append(f"  {'stage':<10} {'output t/yr':>12} {'HHI':>6} {'HHI-WGI':>8}  top")
    for r in rep["world_concentration"]:
        out.append(
            f"  {r['stage']:<10} {r['output_t_per_yr']:>12,.0f} {r['hhi']:>6.3f} "
            f"{r['hhi_wgi']:>8.2f}  {r['top_country']} {100 * r['top_share']:.0f}%"
        )
    eu = rep.get("eu_crm", {})
    out += ["", "EU CRM method on the EU 2023 tables:"]
    if "error" in eu:
        out.append(f"  {eu['error']}")
    else:
        for r in eu["stages"]:
            out.append(
                f"  {r['stage']:<10} HHI-WGI global {r['hhi_wgi_global']:.2f}, "
                f"EU sourcing {r['hhi_wgi_eu_sourcing']:.2f} -> SR {r['supply_risk']:.2f}"
            )
        ei = eu["economic_importance"]
        out.append(
            f"  SR {eu['supply_risk']:.2f} ({eu['supply_risk_stage']}), EI "
            + ("n/a" if ei is None else f"{ei:.2f}")
        )
        for k, v in eu["parameters"].items():
            out.append(f"    {k} = {v['value']} ({v['note']})")
    out += ["", "EU groups, computed vs published 2023:"]
    for g in rep["eu_groups_vs_published_2023"]:
        ei = g["economic_importance_mean"]
        out.append(
            f"  {g['group']:<8} SR {g['supply_risk_mean']:.2f} "
            f"[{g['supply_risk_min']:.2f}-{g['supply_risk_max']:.2f}] vs "
            f"{g['published_2023_supply_risk']}; EI "
            + ("n/a" if ei is None else f"{ei:.2f}")
            + f" vs {g['published_2023_economic_importance']}"
        )
    out += ["", "EU groups with the 2017 EOL-RIR and SI (vintage proxy) vs published 2023:"]
    for g in rep.get("eu_groups_vs_published_2023_with_2017_parameters", []):
        out.append(
            f"  {g['group']:<8} SR {g['supply_risk_mean']:.2f} vs {g['published_2023_supply_risk']}"
        )
    rep23 = rep.get("eu_2023_supply_risk_reproduction")
    if rep23:
        eol = rep23["assumptions"]["eol_rir"]
        out += [
            "",
            f"EU 2023 group SR with the 2017 SI_SR and EOL-RIR {eol:.0%} (recycling under 1%):",
        ]
        for g, c in rep23["checks"].items():
            ok = "reproduced" if c["rounds_to_published"] else "not reproduced"
            out.append(f"  {g:<8} SR {c['computed_mean']:.2f} vs {c['published']} ({ok})")
    if rep.get("dynamic"):
        out += ["", "Dynamic (one country stops supplying a stage):"]
        for r in rep["dynamic"]:
            d = r["days_to_first_line_stop"]
            out.append(
                f"  {r['origin']} {r['mode']:<7} {r['stage']:<10} first line stop "
                + ("none" if d is None else f"day {d}")
                + f", lost end-use output outside {r['origin']} "
                f"{r['lost_output_outside_origin_t_mean']:,.0f} t in {r['horizon_days']} d, "
                f"direct value added US$ {r['lost_value_added_direct_outside_origin_usd_m']:,.0f} m"
            )
    return "\n".join(out)


def register(app: typer.Typer) -> None:
    """Add the ``criticality`` command to the root app."""

    @app.command("criticality")
    def criticality(
        element: str = typer.Option(..., "--element", help="Rare earth: Dy, Tb, Nd, ..."),
        output_format: OutputFormat = FORMAT_OPTION,
        dynamic: bool = typer.Option(
            True, "--dynamic/--no-dynamic", help="Also run the dynamics engine (a few s)."
        ),
        mode: str = typer.Option(
            "exports", "--mode", help="exports (ban the origin's exports) or output."
        ),
        horizon: int = typer.Option(180, "--horizon", help="Days simulated per stage."),
        runs: int = typer.Option(2, "--runs", help="Monte Carlo runs per stage."),
        wgi_year: int = typer.Option(2023, "--wgi-year", help="WGI year (2010-2023)."),
        import_reliance: float = typer.Option(
            1.0, "--import-reliance", help="EU import reliance, fraction (sourced: 1.0)."
        ),
        eol_rir: float = typer.Option(
            None, "--eol-rir", help="End-of-life recycling input rate, fraction (unsourced)."
        ),
        si_sr: float = typer.Option(None, "--si-sr", help="Substitution index for SR."),
        si_ei: float = typer.Option(None, "--si-ei", help="Substitution index for EI."),
        max_va: float = typer.Option(
            None, "--max-value-added", help="max(Q), million EUR (largest NACE-2 sector)."
        ),
    ) -> None:
        """How critical a rare earth is: HHI, WGI-weighted HHI, EU CRM supply risk and
        economic importance, and the model's own dynamic criticality (days to a first line
        stop and lost end-use output if CHN stops supplying each stage).

        Example: chokepoints criticality --element Dy --format json
        """
        from chokepoints.criticality.static import EUParameters

        if mode not in ("exports", "output"):
            raise DataError(f"--mode: {mode!r} is not one of exports, output")
        for name, v in (("--import-reliance", import_reliance), ("--eol-rir", eol_rir)):
            if v is not None and not 0.0 <= v <= 1.0:
                raise DataError(f"{name}: {v!r} is not a fraction (expected 0..1)")
        for name, v in (("--horizon", horizon), ("--runs", runs)):
            if v < 1:
                raise DataError(f"{name}: {v!r} is below 1 (expected an integer >= 1)")
        params = EUParameters(import_reliance, eol_rir, si_sr, si_ei, max_va)
        rep = criticality_report(
            element,
            dynamic=dynamic,
            wgi_year=wgi_year,
            params=params,
            horizon_days=horizon,
            runs=runs,
            mode=mode,
        )
        if output_format == "json":
            typer.echo(json.dumps(rep, indent=2))
        elif output_format == "ndjson":
            echo(to_ndjson(list(_long_rows(rep))))
        elif output_format == "csv":
            buf = io.StringIO()
            w = csv.DictWriter(buf, fieldnames=["section", "stage", "indicator", "value"])
            w.writeheader()
            w.writerows(_long_rows(rep))
            typer.echo(buf.getvalue().rstrip("\n"))
        else:
            typer.echo(_table(rep))
