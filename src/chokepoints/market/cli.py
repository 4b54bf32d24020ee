"""``chokepoints market``: prices, flows, rents and welfare of a single-product market.

Importing this module (which ``chokepoints --help`` does) loads only the standard
library and typer: NumPy, xarray, SciPy (through the engine) and the world loader are
imported inside the functions that need them.
"""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import typer

from chokepoints.errors import NotFoundError

if TYPE_CHECKING:
    import xarray as xr

    from chokepoints.engines.market.model import MarketSpec

FORMATS = ("table", "json", "csv")
#: Same as ``chokepoints.engines.market.model.ELASTICITY_GROUPS`` (kept here so that
#: importing the CLI does not import the engine; a test checks they agree).
ELASTICITY_GROUPS = ("substitution", "composite_demand", "export_supply")


def _num(x: Any) -> Any:
    """JSON-safe number: NaN -> null, +/-inf -> "inf"/"-inf"."""
    import numpy as np

    if isinstance(x, bool | np.bool_):
        return bool(x)
    if isinstance(x, int | np.integer):
        return int(x)
    if isinstance(x, float | np.floating):
        f = float(x)
        if math.isnan(f):
            return None
        if math.isinf(f):
            return "inf" if f > 0 else "-inf"
        return round(f, 6)
    return x


def _pct(ratio: float) -> float:
    return 100.0 * (ratio - 1.0)


def result_to_dict(ds: xr.Dataset, sensitivity: xr.Dataset | None = None) -> dict[str, Any]:
    """The JSON form of a market result (what ``--format json`` prints)."""
    regions = []
    for r in ds["region"].values:
        d = ds.sel(region=r)
        row: dict[str, Any] = {
            "region": str(r),
            "price_change_pct": _num(_pct(float(d["price_index_ratio"]))),
            "world_price_change_pct": _num(_pct(float(d["world_price_ratio"]))),
            "supply_change_pct": _num(_pct(float(d["supply_ratio"]))),
        }
        if "reference_price" in ds:
            row["reference_price"] = _num(float(d["reference_price"]))
            row["reference_price_new"] = _num(float(d["reference_price_new"]))
            row["reference_price_unit"] = str(d["reference_price_unit"].values) or None
        for name in (
            "consumer_surplus_change",
            "producer_surplus_change",
            "tariff_revenue_change",
            "export_tax_revenue_change",
            "quota_rent",
            "welfare_change",
        ):
            row[name] = _num(float(d[name]))
        regions.append(row)
    flows = []
    base = ds["quantity_baseline"]
    for i in ds["exporter"].values:
        for j in ds["importer"].values:
            if float(base.sel(exporter=i, importer=j)) <= 0:
                continue
            cell = ds.sel(exporter=i, importer=j)
            flows.append(
                {
                    "exporter": str(i),
                    "importer": str(j),
                    "baseline": _num(float(cell["quantity_baseline"])),
                    "new_volume": _num(float(cell["quantity_new"])),
                    "new_value": _num(float(cell["value_new"])),
                    "change_pct": _num(float(cell["flow_change_pct"])),
                    "buyer_price_change_pct": _num(_pct(float(cell["buyer_price_ratio"]))),
                    "rent_rate": _num(float(cell["rent_rate"])),
                    "cap": (str(cell["cap_kind"].values) or None) if "cap_kind" in ds else None,
                    "cap_binding": bool(cell["quota_binding"]),
                }
            )
    out: dict[str, Any] = {
        "case": ds.attrs.get("name"),
        "product": ds.attrs.get("product"),
        "value_unit": ds.attrs.get("value_unit"),
        "elasticities": {
            g: {
                "value": ds.attrs.get(g),
                "citation": ds.attrs.get(f"citation_{g}"),
            }
            for g in ELASTICITY_GROUPS
        },
        "regions": regions,
        "flows": flows,
        "solver": {
            "max_log_residual": _num(ds.attrs.get("solver_max_log_residual")),
            "active_set_passes": _num(ds.attrs.get("solver_active_set_passes")),
        },
    }
    if sensitivity is not None:
        sens = []
        for g in sensitivity["elasticity"].values:
            for f in sensitivity["factor"].values:
                for r in sensitivity["region"].values:
                    v = sensitivity["price_index_ratio"].sel(elasticity=g, factor=f, region=r)
                    sens.append(
                        {
                            "elasticity": str(g),
                            "factor": _num(float(f)),
                            "region": str(r),
                            "price_change_pct": _num(_pct(float(v))),
                        }
                    )
        out["sensitivity"] = sens
    return out


def _fmt(x: Any, spec: str = ".1f") -> str:
    if x is None:
        return "-"
    if isinstance(x, str):
        return x
    return format(x, spec)


def _table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [
        max(len(h), *(len(r[k]) for r in rows)) if rows else len(h) for k, h in enumerate(headers)
    ]
    lines = [
        "  ".join(
            h.ljust(w) if k == 0 else h.rjust(w)
            for k, (h, w) in enumerate(zip(headers, widths, strict=True))
        )
    ]
    for r in rows:
        lines.append(
            "  ".join(
                c.ljust(w) if k == 0 else c.rjust(w)
                for k, (c, w) in enumerate(zip(r, widths, strict=True))
            )
        )
    return "\n".join(lines)


def render_table(res: dict[str, Any]) -> str:
    """Human-readable form of :func:`result_to_dict`."""
    parts = [f"{res['case']}  product {res['product']}  (values: {res['value_unit']})", ""]
    has_ref = any("reference_price" in r for r in res["regions"])
    headers = ["region", "price %", "exporter price %", "supply %"]
    if has_ref:
        headers += ["ref price", "ref price new", "unit"]
    rows = []
    for r in res["regions"]:
        row = [
            r["region"],
            _fmt(r["price_change_pct"]),
            _fmt(r["world_price_change_pct"]),
            _fmt(r["supply_change_pct"]),
        ]
        if has_ref:
            row += [
                _fmt(r.get("reference_price"), ",.0f"),
                _fmt(r.get("reference_price_new"), ",.0f"),
                r.get("reference_price_unit") or "-",
            ]
        rows.append(row)
    parts += [
        "Prices (composite price in each market; exporter = world price)",
        _table(headers, rows),
        "",
    ]
    rows = [
        [
            f"{f['exporter']}->{f['importer']}",
            _fmt(f["baseline"], ".2f"),
            _fmt(f["new_volume"], ".2f"),
            _fmt(f["change_pct"]),
            _fmt(f["buyer_price_change_pct"]),
            _fmt(None if f["rent_rate"] is None else 100 * f["rent_rate"])
            if not isinstance(f["rent_rate"], str)
            else f["rent_rate"],
            (f["cap"] or "-") + ("*" if f["cap_binding"] else ""),
        ]
        for f in res["flows"]
    ]
    parts += [
        "Flows (volume at baseline prices; rent % of border price; * = cap binds)",
        _table(["flow", "baseline", "new", "change %", "buyer price %", "rent %", "cap"], rows),
        "",
    ]
    rows = [
        [
            r["region"],
            _fmt(r["consumer_surplus_change"], ".2f"),
            _fmt(r["producer_surplus_change"], ".2f"),
            _fmt(r["tariff_revenue_change"], ".2f"),
            _fmt(r["export_tax_revenue_change"], ".2f"),
            _fmt(r["quota_rent"], ".2f"),
            _fmt(r["welfare_change"], ".2f"),
        ]
        for r in res["regions"]
    ]
    parts += [
        f"Welfare change ({res['value_unit']})",
        _table(
            ["region", "consumer", "producer", "tariff rev", "export tax rev", "rent", "total"],
            rows,
        ),
    ]
    if "sensitivity" in res:
        parts += ["", "Sensitivity: price change % when one elasticity group is scaled"]
        rows = [
            [s["elasticity"], _fmt(s["factor"], "g"), s["region"], _fmt(s["price_change_pct"])]
            for s in res["sensitivity"]
        ]
        parts.append(_table(["elasticity", "factor", "region", "price %"], rows))
    return "\n".join(parts)


def render_csv(res: dict[str, Any]) -> str:
    """Per-region rows (prices and welfare) as CSV."""
    buf = io.StringIO()
    fields = list(res["regions"][0].keys())
    writer = csv.DictWriter(buf, fieldnames=["case", "product", *fields], lineterminator="\n")
    writer.writeheader()
    for r in res["regions"]:
        writer.writerow({"case": res["case"], "product": res["product"], **r})
    return buf.getvalue()


def _apply_overrides(spec: MarketSpec, overrides: list[str]) -> MarketSpec:
    for item in overrides:
        key, sep, value = item.partition("=")
        group, _, region = key.partition(".")
        if not sep or group not in ELASTICITY_GROUPS:
            raise typer.BadParameter(
                f"{item!r} is not GROUP[.REGION]=VALUE with GROUP one of {list(ELASTICITY_GROUPS)}",
                param_hint="--elasticity",
            )
        try:
            num = float(value)
        except ValueError:
            raise typer.BadParameter(
                f"{value!r} in {item!r} is not a number (e.g. -0.8 or inf)",
                param_hint="--elasticity",
            ) from None
        if region and region not in spec.regions:
            raise typer.BadParameter(
                f"region {region!r} in {item!r} is not one of {list(spec.regions)}",
                param_hint="--elasticity",
            )
        spec = spec.with_elasticity(group, num, region or None)
    return spec


def _specs_for(products: list[str], scenario: str | None) -> list[MarketSpec]:
    """Bundled markets by name; any other id with a ':' is built from the bundled world."""
    from chokepoints.market.io import (
        apply_measures,
        builtin_markets,
        builtin_scenarios,
        load_builtin_market,
    )
    from chokepoints.market.world import market_spec_from_world

    specs = []
    bundled = builtin_markets()
    for product in products:
        if product in bundled or ":" not in product:
            specs.append(load_builtin_market(product, scenario))
            continue
        from chokepoints.world import load_world

        spec = market_spec_from_world(load_world(), product)
        if scenario is not None:
            scenarios = builtin_scenarios()
            if scenario not in scenarios:
                raise NotFoundError("market scenario", scenario, scenarios)
            spec = apply_measures(
                spec, scenarios[scenario].get("new") or {}, file=f"scenarios.yaml ({scenario})"
            )
            spec = replace(spec, name=f"{scenario} / {product} (world)")
        specs.append(spec)
    return specs


def register(app: typer.Typer) -> None:
    """Add the ``market`` command to the root app."""

    @app.command("market")
    def market(
        scenario: str = typer.Argument(
            None, help="Built-in policy case, e.g. april-2025-licensing (see --list)."
        ),
        product: list[str] = typer.Option(
            [],
            "--product",
            help=(
                "Built-in market (dysprosium-oxide, ...) or a world product id "
                "(magnet:ndfeb) to build from the bundled world; repeatable."
            ),
        ),
        input_file: str = typer.Option(
            None, "--input", help="A market input file (YAML; format in docs/market.md)."
        ),
        output_format: str = typer.Option("table", "--format", help="table, json or csv."),
        elasticity: list[str] = typer.Option(
            [],
            "--elasticity",
            help="Override, e.g. composite_demand=-0.8 or export_supply.CHN=inf (repeatable).",
        ),
        sensitivity: bool = typer.Option(
            False, "--sensitivity", help="Also re-solve with each elasticity group x0.5 and x2."
        ),
        list_cases: bool = typer.Option(False, "--list", help="List built-in markets and cases."),
    ) -> None:
        """Prices, flows, rents and welfare of one product's market after new measures.

        Several products (repeated --product, or `products:` in the input file) are
        solved independently.

        Example:

            chokepoints market april-2025-licensing --product dysprosium-oxide

            chokepoints market --input my_market.yaml --format json
        """
        from chokepoints.engines.market.model import calc_sensitivity, simulate_market
        from chokepoints.market.io import builtin_markets, builtin_scenarios, load_markets

        if output_format not in FORMATS:
            raise typer.BadParameter(
                f"{output_format!r} is not one of {list(FORMATS)}", param_hint="--format"
            )
        if list_cases:
            typer.echo("markets:   " + ", ".join(builtin_markets()))
            typer.echo("           (or a world product id such as magnet:ndfeb)")
            for name, case in builtin_scenarios().items():
                desc = " ".join(str(case.get("description", "")).split())
                typer.echo(f"scenario:  {name}: {desc}")
            return
        if input_file and (scenario or product):
            raise typer.BadParameter(
                "give either --input FILE or SCENARIO --product NAME, not both"
            )
        if input_file:
            specs = load_markets(input_file)
        elif product:
            specs = _specs_for(product, scenario)
        else:
            raise typer.BadParameter(
                "nothing to run: give --input FILE, or SCENARIO --product NAME (see --list)"
            )
        results = []
        for spec in specs:
            spec = _apply_overrides(spec, elasticity)
            ds = simulate_market(spec)
            sens = calc_sensitivity(spec) if sensitivity else None
            results.append(result_to_dict(ds, sens))
        if output_format == "json":
            payload: Any = results[0] if len(results) == 1 else {"markets": results}
            typer.echo(json.dumps(payload, indent=2))
        elif output_format == "csv":
            text = "".join(render_csv(r) for r in results)
            lines = text.splitlines(keepends=True)
            header = lines[0]
            typer.echo(header + "".join(x for x in lines[1:] if x != header), nl=False)
        else:
            typer.echo("\n\n".join(render_table(r) for r in results))
