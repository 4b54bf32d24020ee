"""CLI commands over supplier maps: ``chokepoints suppliers template|check|exposure|run|mitigate``.

Every command reading a map takes ``MAP`` (a folder of CSV files or an ``.xlsx``
workbook) and ``--format table|json|csv``. Status goes to stderr, results to stdout.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import pandas as pd
import typer

from chokepoints.output import OutputFormat, format_table, render_frame, to_json

FORMAT_OPTION = typer.Option(OutputFormat.table, "--format", help="Output format.")
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
    if fmt is OutputFormat.csv:
        typer.echo(render_frame(tables[csv_table], fmt))
        return
    if header:
        typer.echo(header)
    for i, (name, df) in enumerate(tables.items()):
        if i or header:
            typer.echo("")
        typer.echo(f"== {name} ==")
        typer.echo(format_table(df, floatfmt="{:,.4g}", share_cols=share_cols))


def register(app: typer.Typer) -> None:
    """Add the ``suppliers`` command group to the root app."""
    sup = typer.Typer(
        help="A firm's multi-tier supplier map: exposure, line stops, mitigations.",
        no_args_is_help=True,
    )
    app.add_typer(sup, name="suppliers")

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
        map_path: Path = typer.Argument(
            ..., metavar="MAP", help="Supplier map: CSV folder or .xlsx workbook."
        ),
        world: Path | None = WORLD_OPTION,
        fmt: OutputFormat = FORMAT_OPTION,
    ) -> None:
        """Validate a map and show its linked network: nodes, inferred nodes, edges.

        Example: chokepoints suppliers check examples/suppliers/ev_ebike
        """
        from chokepoints.suppliers.io import read_map
        from chokepoints.suppliers.link import link_map
        from chokepoints.world.io import load_world

        smap = read_map(map_path)
        linked = link_map(smap, load_world(world))
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
        map_path: Path = typer.Argument(
            ..., metavar="MAP", help="Supplier map: CSV folder or .xlsx workbook."
        ),
        world: Path | None = WORLD_OPTION,
        fmt: OutputFormat = FORMAT_OPTION,
        view: ExposureView = typer.Option(
            ExposureView.summary,
            "--view",
            help="Table printed with --format csv (table and json print all).",
        ),
        paths: int = typer.Option(
            5, "--paths", help="Paths shown per line and element in the table view."
        ),
    ) -> None:
        """Per product line: controlled-element content and the share through each country, by tier and path.

        Example: chokepoints suppliers exposure examples/suppliers/ev_ebike
        """
        from chokepoints.suppliers.exposure import supplier_exposure
        from chokepoints.suppliers.io import read_map
        from chokepoints.suppliers.link import link_map
        from chokepoints.world.io import load_world

        w = load_world(world)
        smap = read_map(map_path)
        res = supplier_exposure(link_map(smap, w), w)
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
