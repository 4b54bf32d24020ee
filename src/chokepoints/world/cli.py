"""CLI commands over the world: ``world summary``, ``exposure``, ``whatif``, ``data sources``.

Each command takes ``--world PATH`` (a folder of world CSV files; default the bundled
world) and ``--format table|json|csv|ndjson``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from chokepoints.output import FORMAT_OPTION, OutputFormat, render_frame, to_json

if TYPE_CHECKING:
    import pandas as pd

WORLD_OPTION = typer.Option(
    None, "--world", help="Folder of world CSV files (default: the bundled rare-earth world)."
)


def _reference_lines() -> pd.DataFrame:
    """Published reference shares bundled with the data (IEA, USGS, EU CRM)."""
    from importlib import resources

    import pandas as pd

    raw = Path(str(resources.files("chokepoints") / "data" / "raw"))
    ref = pd.read_csv(raw / "supply_chain_shares" / "processing_magnet_mining_shares.csv")
    keep = ref[ref["region"].eq("China") & ref["unit"].eq("%")]
    keep = keep[~keep["indicator"].str.contains("base case")]
    return pd.DataFrame(
        {
            "indicator": keep["indicator"],
            "year": keep["year"],
            "china_share_pct": keep["share_pct_or_value"],
            "publisher": keep["original_publisher"],
            "via": keep["via_secondary_url"].fillna(""),
        }
    )


def register(app: typer.Typer) -> None:
    """Add the world commands to the root app."""
    world_app = typer.Typer(help="Inspect the supply network.", no_args_is_help=True)
    data_app = typer.Typer(help="Bundled data and its provenance.", no_args_is_help=True)
    app.add_typer(world_app, name="world")
    app.add_typer(data_app, name="data")

    @world_app.command("summary")
    def summary(
        world: Path | None = WORLD_OPTION,
        fmt: OutputFormat = FORMAT_OPTION,
        top: int = typer.Option(5, "--top", min=1, help="Suppliers shown per product."),
    ) -> None:
        """Per stage and product: top supplier countries with shares, and HHI.

        Example: chokepoints world summary --top 3
        """
        from chokepoints.exposure import world_summary
        from chokepoints.world.io import load_world

        w = load_world(world)
        df = world_summary(w, top=top)
        if fmt is OutputFormat.json:
            typer.echo(
                to_json(
                    {
                        "world": w.name,
                        "meta": w.meta,
                        "suppliers": df,
                        "published": _reference_lines(),
                    }
                )
            )
            return
        if fmt in (OutputFormat.csv, OutputFormat.ndjson):  # machine formats: the table only
            typer.echo(render_frame(df, fmt))
            return
        cols = [
            "stage",
            "product_id",
            "rank",
            "country",
            "production_t_per_yr",
            "unit",
            "share",
            "hhi",
            "status",
        ]
        typer.echo(
            f"World: {w.name} (data {w.meta.get('data_version', '?')}, base year {w.meta.get('base_year', '?')})"
        )
        typer.echo(render_frame(df[cols], fmt, share_cols=("share",)))
        if w.name == "bundled":
            typer.echo("\nPublished China shares (for comparison):")
            typer.echo(render_frame(_reference_lines().drop(columns=["via"]), fmt))
            ore = df[(df["product_id"] == "ore") & (df["country"] == "CHN")]
            if not ore.empty:
                r = ore.iloc[0]
                typer.echo(
                    f"\nUSGS MCS 2025: China mined {r['production_t_per_yr']:,.0f} t REO in 2024 of a world "
                    f"{r['world_t_per_yr']:,.0f} t (country rows; published rounded total 390,000 t)."
                )

    @app.command("exposure")
    def exposure_cmd(
        importer: str = typer.Option(..., "--importer", help="ISO3 code of the receiving country."),
        product: str = typer.Option(
            ..., "--product", help="Product id, stage (e.g. magnet) or element."
        ),
        world: Path | None = WORLD_OPTION,
        fmt: OutputFormat = FORMAT_OPTION,
        paths: int = typer.Option(10, "--paths", min=0, help="Routes shown per upstream content."),
    ) -> None:
        """An importer's supply of a product by origin: direct, embodied content, and paths.

        Example: chokepoints exposure --importer USA --product magnet --format json
        """
        import pandas as pd

        from chokepoints.exposure import exposure
        from chokepoints.world.io import load_world

        w = load_world(world)
        res = exposure(w, importer, product, top_paths=paths)
        if fmt is OutputFormat.json:
            typer.echo(to_json(res))
            return
        rows = [
            {"kind": "direct", "content": ",".join(d["products"]), "origin": d["origin"],
             "t_per_yr": d["t_per_yr"], "share": d["share"]}
            for d in res["direct"]
        ]  # fmt: skip
        for q, lst in res["content"].items():
            label = f"{q} (element content)" if q == "ore" else q
            rows += [{"kind": "embodied", "content": label, **d} for d in lst]
        df = pd.DataFrame(rows)
        if fmt in (OutputFormat.csv, OutputFormat.ndjson):  # machine formats: the table only
            typer.echo(render_frame(df, fmt))
            return
        typer.echo(
            f"{res['importer']} receives {res['total_t_per_yr']:,.1f} {res['unit']}/yr of {product}."
        )
        typer.echo(render_frame(df, fmt, share_cols=("share",)))
        for q, lst in res["paths"].items():
            typer.echo(f"\nLargest routes for {q} content:")
            for p in lst[:5]:
                typer.echo(f"  {100 * p['share']:5.1f}%  {' -> '.join(p['route'])}")

    @app.command("whatif")
    def whatif_cmd(
        remove: str = typer.Option(
            ..., "--remove", help="ISO3 code of the country whose supply stops."
        ),
        stage: str = typer.Option(
            ..., "--stage", help="Stage at which it stops (ore, oxide, metal, magnet...)."
        ),
        world: Path | None = WORLD_OPTION,
        fmt: OutputFormat = FORMAT_OPTION,
    ) -> None:
        """Supply lost per stage and sector if one country's supply at a stage stops (no rerouting).

        Example: chokepoints whatif --remove CHN --stage oxide
        """
        from chokepoints.exposure import whatif_remove
        from chokepoints.world.io import load_world

        w = load_world(world)
        res = whatif_remove(w, remove, stage)
        if fmt is OutputFormat.json:
            typer.echo(to_json({"remove": remove.upper(), "stage": stage, **res}))
            return
        if fmt in (OutputFormat.csv, OutputFormat.ndjson):  # machine formats: the table only
            typer.echo(render_frame(res["by_country_sector"], fmt))
            return
        typer.echo(
            f"If {remove.upper()} stops supplying at the {stage} stage (first round, no rerouting):"
        )
        typer.echo(render_frame(res["by_stage"], fmt, share_cols=("lost_share",)))
        typer.echo("\nBy end-use sector:")
        typer.echo(render_frame(res["by_sector"], fmt, share_cols=("lost_share",)))

    @data_app.command("sources")
    def sources_cmd(world: Path | None = WORLD_OPTION, fmt: OutputFormat = FORMAT_OPTION) -> None:
        """List the sources behind every table, with how many rows of each table cite them.

        Example: chokepoints data sources --format csv
        """
        from chokepoints.world.io import load_world

        w = load_world(world)
        src = w.sources.copy()
        for name, df in w.tables().items():
            if name == "sources":
                continue
            counts: dict[str, int] = {}
            for cell in df["source"]:
                for sid in str(cell).split(";"):
                    if sid.strip():
                        counts[sid.strip()] = counts.get(sid.strip(), 0) + 1
            src[f"rows_{name}"] = [counts.get(s, 0) for s in src.index]
        if fmt is OutputFormat.table:
            cols = ["source_id", "publisher", "title", "date", "status", "rows_nodes", "rows_flows"]
            typer.echo(render_frame(src[cols], fmt))
        else:
            typer.echo(render_frame(src, fmt))
