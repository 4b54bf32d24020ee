"""CLI commands over supplier maps: ``chokepoints suppliers template|check|exposure|run|mitigate``.

Every command reading a map takes ``MAP`` (a folder of CSV files or an ``.xlsx``
workbook) and ``--format table|json|csv|ndjson``. Status goes to stderr, results to stdout.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from chokepoints.limits import finite_option
from chokepoints.output import (
    FORMAT_OPTION,
    OutputFormat,
    format_table,
    is_machine,
    render_frame,
    to_json,
)

if TYPE_CHECKING:
    import pandas as pd

    from chokepoints.suppliers.link import LinkedNetwork
    from chokepoints.suppliers.run import RunSettings
    from chokepoints.world.model import World

# pandas, numpy, the engines and the world are imported inside the commands, so that
# ``import chokepoints.cli`` (every command's --help) stays fast.

MAP_ARGUMENT = typer.Argument(
    ..., metavar="MAP", help="Supplier map: CSV folder or .xlsx workbook."
)
WORLD_OPTION = typer.Option(
    None, "--world", help="Folder of world CSV files (default: the bundled world)."
)


class ExposureView(StrEnum):
    summary = "summary"
    countries = "countries"
    paths = "paths"


def _emit_tables(
    tables: dict[str, pd.DataFrame],
    fmt: OutputFormat,
    csv_table: str,
    share_cols: tuple[str, ...],
    header: str = "",
) -> None:
    if fmt is OutputFormat.json:
        typer.echo(to_json(tables))
        return
    if is_machine(fmt):
        typer.echo(render_frame(tables[csv_table], fmt))
        return
    if header:
        typer.echo(header)
    for i, (name, df) in enumerate(tables.items()):
        if i or header:
            typer.echo("")
        typer.echo(f"== {name} ==")
        typer.echo(format_table(df, floatfmt="{:,.4g}", share_cols=share_cols))


def _cell(value: object, *, share: bool = False) -> str:
    """One value of a transposed table as text (numbers with 4 significant digits)."""
    if isinstance(value, float):
        if value != value:  # NaN
            return "-"
        return f"{100 * value:.0f}%" if share else f"{value:,.4g}"
    return str(value)


def _linked(map_path: Path, world: Path | None) -> tuple[World, LinkedNetwork]:
    """Load the world and a supplier map, and link the map into the world."""
    from chokepoints.suppliers.io import read_map
    from chokepoints.suppliers.link import link_map
    from chokepoints.world.io import load_world

    w = load_world(world)
    return w, link_map(read_map(map_path), w)


def _prepare_run(
    map_path: Path,
    world: Path | None,
    scenario: str,
    runs: int | None,
    seed: int | None,
    horizon: int | None,
) -> tuple[World, LinkedNetwork, RunSettings]:
    """What ``run`` and ``mitigate`` share: world, linked map and resolved run settings."""
    from chokepoints.suppliers.run import resolve_scenario

    w, linked = _linked(map_path, world)
    settings = resolve_scenario(scenario, runs=runs, seed=seed, horizon_days=horizon)
    return w, linked, settings


def _emit_run(
    fmt: OutputFormat, payload: dict[str, object], table: pd.DataFrame, notes: list[str]
) -> bool:
    """Print ``payload`` (JSON) or ``table`` (CSV, NDJSON); True if done, False for the table view."""
    if fmt is OutputFormat.json:
        typer.echo(to_json({**payload, "assumptions": notes}))
        return True
    if is_machine(fmt):
        typer.echo(render_frame(table, fmt))
        return True
    return False


def register(app: typer.Typer) -> None:
    """Add the ``suppliers`` command group to the root app."""
    sup = typer.Typer(
        help="A firm's multi-tier supplier map: exposure, line stops, mitigations.",
        no_args_is_help=True,
    )
    app.add_typer(sup, name="suppliers")
    register_run(sup)

    @sup.command("template")
    def template(
        path: Path = typer.Argument(..., help="Folder for CSV files, or a FILE.xlsx workbook."),
    ) -> None:
        """Write the documented supplier-map template (CSV folder or XLSX workbook).

        Example: chokepoints suppliers template my_map.xlsx
        """
        from chokepoints.suppliers.io import write_template

        out = write_template(path)
        typer.echo(f"Wrote the supplier-map template to {out} (see docs/suppliers.md).", err=True)

    @sup.command("check")
    def check(
        map_path: Path = MAP_ARGUMENT,
        world: Path | None = WORLD_OPTION,
        fmt: OutputFormat = FORMAT_OPTION,
    ) -> None:
        """Validate a map and show its linked network: nodes, inferred nodes, edges.

        Example: chokepoints suppliers check examples/suppliers/ev_ebike
        """
        import pandas as pd

        _, linked = _linked(map_path, world)
        smap = linked.smap
        nodes = linked.nodes
        rows = pd.DataFrame(
            [{"table": k, "rows": v} for k, v in smap.describe().items()]
            + [
                {"table": "linked nodes (user)", "rows": int((~nodes["inferred"]).sum())},
                {
                    "table": "linked nodes (inferred from world)",
                    "rows": int(nodes["inferred"].sum()),
                },
                {"table": "linked edges", "rows": len(linked.edges)},
                {
                    "table": "linked edges crossing a border",
                    "rows": int(linked.edges["cross_border"].sum()),
                },
            ]
        )
        if fmt is OutputFormat.table:
            typer.echo(f"Supplier map {smap.name}: OK")
        typer.echo(render_frame(rows, fmt))

    @sup.command("exposure")
    def exposure_cmd(
        map_path: Path = MAP_ARGUMENT,
        world: Path | None = WORLD_OPTION,
        fmt: OutputFormat = FORMAT_OPTION,
        view: ExposureView = typer.Option(
            ExposureView.summary,
            "--view",
            help="Table printed with --format csv or ndjson (table and json print all).",
        ),
        paths: int = typer.Option(
            5, "--paths", min=0, help="Paths shown per line and element in the table view."
        ),
    ) -> None:
        """Per product line: controlled-element content and the share through each country, by tier and path.

        Example: chokepoints suppliers exposure examples/suppliers/ev_ebike
        """
        from chokepoints.suppliers.exposure import supplier_exposure

        w, linked = _linked(map_path, world)
        smap = linked.smap
        res = supplier_exposure(linked, w)
        tables = {"summary": res.summary, "countries": res.by_country, "paths": res.paths}
        if fmt is OutputFormat.table:
            by = res.by_country
            tables = {
                "summary": res.summary,
                "countries (tier 0 = line plant, origin = where the element's oxide or the magnet was made, any = anywhere on the path)": by[
                    by["share"] >= 0.001
                ],
                f"paths (top {paths} per line and element)": res.paths.groupby(
                    ["line_id", "element"], sort=False
                ).head(paths),
            }
        _emit_tables(
            tables,
            fmt,
            view.value,
            ("share", "inferred_share", "top_origin_share", "china_share"),
            header=f"Supplier map {smap.name}: content per unit of each product line (kg) and where it passes."
            if fmt is OutputFormat.table
            else "",
        )


SCENARIO_OPTION = typer.Option(
    "status-quo",
    "--scenario",
    help="Bundled scenario name or YAML file (status-quo, ...), or a built-in stress test: "
    "'ban' (China's deliveries of controlled products closed from day 0) or 'open'.",
)
RUNS_OPTION = typer.Option(
    None, "--runs", min=1, help="Monte Carlo runs (default: the scenario's; 1 for built-ins)."
)
SEED_OPTION = typer.Option(None, "--seed", min=0, help="Root seed (default: the scenario's).")
HORIZON_OPTION = typer.Option(
    None, "--horizon", min=1, help="Days simulated (default: the scenario's, 365)."
)


def register_run(sup: typer.Typer) -> None:
    """Add ``suppliers run`` and ``suppliers mitigate``."""

    @sup.command("run")
    def run_cmd(
        map_path: Path = MAP_ARGUMENT,
        scenario: str = SCENARIO_OPTION,
        runs: int | None = RUNS_OPTION,
        seed: int | None = SEED_OPTION,
        horizon: int | None = HORIZON_OPTION,
        world: Path | None = WORLD_OPTION,
        fmt: OutputFormat = FORMAT_OPTION,
    ) -> None:
        """Per product line: days until line stop, output lost, recovery date, with Monte Carlo bands.

        Example: chokepoints suppliers run examples/suppliers/ev_ebike --scenario ban
        """
        import pandas as pd

        from chokepoints.suppliers.run import assumptions, run_map

        _, linked, settings = _prepare_run(map_path, world, scenario, runs, seed, horizon)
        typer.echo(
            f"Simulating {settings.runs} run(s) of {settings.horizon_days} days ...", err=True
        )
        table, _, _ = run_map(linked, settings)
        notes = assumptions(settings)
        payload: dict[str, object] = {
            "map": linked.smap.name,
            "scenario": settings.scenario,
            "start": settings.start.isoformat(),
            "lines": table,
        }
        if _emit_run(fmt, payload, table, notes):
            return
        shown = table[
            [
                "line_id",
                "site_id",
                "baseline_per_day",
                "share_of_runs_stopped",
                "days_to_stop_p05",
                "days_to_stop_p50",
                "days_to_stop_p95",
                "stop_date_p50",
                "output_lost_days_p05",
                "output_lost_days_p50",
                "output_lost_days_p95",
                "output_lost_usd_p50",
                "recovery_date_p50",
            ]
        ]
        typer.echo(
            f"Supplier map {linked.smap.name}, scenario {settings.scenario} from {settings.start.isoformat()}:"
        )
        wide = {"metric": list(shown.columns[1:])}
        for r in shown.itertuples(index=False):
            wide[str(r[0])] = [
                _cell(v, share=(name == "share_of_runs_stopped"))
                for name, v in zip(shown.columns[1:], r[1:], strict=True)
            ]
        typer.echo(format_table(pd.DataFrame(wide)))
        typer.echo("\nAssumptions:")
        for line in notes:
            typer.echo(f"  - {line}")

    @sup.command("mitigate")
    def mitigate_cmd(
        map_path: Path = MAP_ARGUMENT,
        scenario: str = SCENARIO_OPTION,
        runs: int | None = RUNS_OPTION,
        seed: int | None = SEED_OPTION,
        horizon: int | None = HORIZON_OPTION,
        stock_days: float = typer.Option(
            30.0,
            "--stock-days",
            min=0,
            callback=finite_option,
            help="Extra stock tried at each plant, days.",
        ),
        top: int = typer.Option(0, "--top", min=0, help="Show only the best N (0: all)."),
        world: Path | None = WORLD_OPTION,
        fmt: OutputFormat = FORMAT_OPTION,
    ) -> None:
        """Candidate mitigations, each simulated, ranked by production-days saved per million US$.

        Example: chokepoints suppliers mitigate examples/suppliers/ev_ebike --scenario ban
        """
        from chokepoints.suppliers.mitigate import evaluate
        from chokepoints.suppliers.run import assumptions

        w, linked, settings = _prepare_run(map_path, world, scenario, runs, seed, horizon)
        typer.echo(
            f"Simulating the baseline and each mitigation ({settings.runs} run(s) each) ...",
            err=True,
        )
        ranking, base = evaluate(linked, settings, world=w, stock_days=stock_days)
        if top:
            ranking = ranking.head(top)
        notes = assumptions(settings)
        payload: dict[str, object] = {
            "map": linked.smap.name,
            "scenario": settings.scenario,
            "baseline": base,
            "mitigations": ranking,
        }
        if _emit_run(fmt, payload, ranking, notes):
            return
        typer.echo(
            f"Supplier map {linked.smap.name}, scenario {settings.scenario}: production-days lost without mitigation"
        )
        typer.echo(format_table(base, floatfmt="{:,.4g}"))
        typer.echo("\nMitigations ranked by production-days saved per million US$:")
        cols = [c for c in ranking.columns if c not in ("assumptions", "mitigation_id")]
        shown = ranking[cols].copy()
        shown["cost_usd"] = shown["cost_usd"].round().astype("Int64").map(lambda v: f"{v:,}")
        typer.echo(format_table(shown, floatfmt="{:,.1f}"))
        typer.echo("\nAssumptions of each mitigation:")
        for r in ranking.itertuples():
            typer.echo(f"  {r.rank}. {r.mitigation}: {r.assumptions}")
        typer.echo("\nAssumptions of the run:")
        for line in notes:
            typer.echo(f"  - {line}")
