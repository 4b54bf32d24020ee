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
from chokepoints.output import FORMAT_OPTION, OutputFormat

if TYPE_CHECKING:
    import xarray as xr

    from chokepoints.engines.market.model import MarketSpec

#: The ``--format`` choices (the shared option of :mod:`chokepoints.output`).
FORMATS = tuple(f.value for f in OutputFormat)
#: Same as ``chokepoints.engines.market.model.ELASTICITY_GROUPS`` (kept here so that
#: importing the CLI does not import the engine; a test checks they agree).
ELASTICITY_GROUPS = ("substitution", "composite_demand", "export_supply")


def _echo_rows(parts: list[str], output_format: str) -> None:
    """Print CSV ``parts`` (one per market, same header) as one CSV, or as NDJSON rows."""
    text = "".join(parts)
    lines = text.splitlines(keepends=True)
    merged = lines[0] + "".join(x for x in lines[1:] if x != lines[0])
    if output_format == "csv":
        typer.echo(merged, nl=False)
        return
    import pandas as pd

    from chokepoints.output import to_ndjson

    typer.echo(to_ndjson(pd.read_csv(io.StringIO(merged))))


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


def path_to_dict(ds: xr.Dataset) -> dict[str, Any]:
    """The JSON form of a scenario-driven market path (:func:`~chokepoints.market.path.market_path`)."""
    import numpy as np

    has_ref = "reference_price_new" in ds
    months = []
    for k, month in enumerate(ds["month"].values):
        regions = []
        for i, r in enumerate(ds["region"].values):
            ratio = float(ds["price_index_ratio"].values[k, i])
            row: dict[str, Any] = {
                "region": str(r),
                "price_index_ratio": _num(ratio),
                "price_change_pct": _num(_pct(ratio)),
                "world_price_ratio": _num(float(ds["world_price_ratio"].values[k, i])),
                "supply_ratio": _num(float(ds["supply_ratio"].values[k, i])),
            }
            if has_ref:
                row["reference_price_new"] = _num(float(ds["reference_price_new"].values[k, i]))
                row["reference_price_unit"] = str(ds["reference_price_unit"].values[i]) or None
            regions.append(row)
        flows = []
        base = ds["quantity_baseline"].values
        for i, ex in enumerate(ds["exporter"].values):
            for j, im in enumerate(ds["importer"].values):
                if base[i, j] <= 0 or i == j:
                    continue
                new = float(ds["quantity_new"].values[k, i, j])
                flows.append(
                    {
                        "exporter": str(ex),
                        "importer": str(im),
                        "cap_share": _num(float(ds["cap_share"].values[k, i, j])),
                        "tariff": _num(float(ds["tariff"].values[k, i, j])),
                        "export_tax": _num(float(ds["export_tax"].values[k, i, j])),
                        "baseline": _num(float(base[i, j])),
                        "new_volume": _num(new),
                        "change_pct": _num(100.0 * (new / float(base[i, j]) - 1.0)),
                    }
                )
        day = str(np.datetime_as_string(month, unit="M"))
        months.append({"month": day, "regions": regions, "flows": flows})
    a = ds.attrs
    return {
        "scenario": a.get("scenario"),
        "scenario_hash": a.get("scenario_hash"),
        "market": a.get("market"),
        "product": a.get("product"),
        "value_unit": a.get("value_unit"),
        "baseline_date": a.get("baseline_date"),
        "units": {
            "price_index_ratio": "1 (composite buyer price / baseline; inf: no supply)",
            "world_price_ratio": "1 (exporter price / baseline)",
            "reference_price_new": "reference_price_unit (observed baseline price x ratio)",
            "cap_share": "1 (shipments allowed / baseline, month mean)",
            "tariff": "1 (ad valorem)",
            "export_tax": "1 (ad valorem)",
            "new_volume": f"{a.get('value_unit')} at baseline prices (annual rate)",
        },
        "cap_rule": a.get("cap_rule"),
        "not_mapped": [x for x in str(a.get("not_mapped", "")).split(", ") if x],
        "months": months,
    }


def render_path_table(res: dict[str, Any]) -> str:
    """Monthly buyer price change per region (and price levels where observed)."""
    regions = [r["region"] for r in res["months"][0]["regions"]] if res["months"] else []
    head = (
        f"scenario {res['scenario']}  market {res['market']}  product {res['product']}  "
        f"(baseline: measures of {res['baseline_date']})"
    )
    rows = []
    for m in res["months"]:
        cells = [m["month"]]
        for r in m["regions"]:
            cells.append(_fmt(r["price_change_pct"]))
        rows.append(cells)
    parts = [head, "", "Buyer price change % against the baseline, per month and market",
             _table(["month", *regions], rows)]  # fmt: skip
    priced = [r["region"] for r in res["months"][0]["regions"] if r.get("reference_price_unit")]
    if priced:
        units = {r["region"]: r["reference_price_unit"] for r in res["months"][0]["regions"]}
        rows = [
            [m["month"]]
            + [
                _fmt(r["reference_price_new"], ",.0f")
                for r in m["regions"]
                if r["region"] in priced
            ]
            for m in res["months"]
        ]
        labels = [f"{p} ({units[p]})" for p in priced]
        parts += ["", "Price level (observed baseline price x simulated ratio)",
                  _table(["month", *labels], rows)]  # fmt: skip
    if res["not_mapped"]:
        parts += ["", "not applied (tonne quotas): " + ", ".join(res["not_mapped"])]
    return "\n".join(parts)


def render_path_csv(res: dict[str, Any]) -> str:
    """One row per month and region."""
    buf = io.StringIO()
    fields = ["scenario", "product", "month", "region", "price_index_ratio",
              "price_change_pct", "world_price_ratio", "supply_ratio",
              "reference_price_new", "reference_price_unit"]  # fmt: skip
    writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for m in res["months"]:
        for r in m["regions"]:
            writer.writerow(
                {"scenario": res["scenario"], "product": res["product"], "month": m["month"], **r}
            )
    return buf.getvalue()


def _is_scenario(name: str) -> bool:
    """Whether ``name`` is a bundled scenario or a scenario file (not an old market case)."""
    from pathlib import Path

    from chokepoints.scenarios.spec import bundled_names

    return name in bundled_names() or Path(name).suffix in (".yaml", ".yml")


def _paths_for(products: list[str], scenario: str) -> list[dict[str, Any]]:
    from chokepoints.market.path import market_path
    from chokepoints.scenarios.spec import load_scenario

    spec = load_scenario(scenario)
    return [path_to_dict(market_path(spec, p)) for p in products]


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
            if num != num:  # NaN (issue 16)
                raise ValueError(value)
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
    if scenario is not None and scenario not in builtin_scenarios():
        from chokepoints.scenarios.spec import bundled_names

        raise NotFoundError("scenario or market case", scenario,
                            [*bundled_names(), *builtin_scenarios()])  # fmt: skip
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
            None,
            help="A scenario (status-quo, escalation, ... or a scenario YAML): monthly "
            "prices from the measures in force; or an old one-step market case such as "
            "april-2025-licensing (see --list).",
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
        output_format: OutputFormat = FORMAT_OPTION,
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

        With a scenario, the market is solved once per month of the scenario's horizon
        with the licences, bans, export taxes and tariffs in force that month (the same
        timeline, cut-off and overrides as `chokepoints run`). With an old market case,
        once. Several products (repeated --product, or `products:` in the input file)
        are solved independently.

        Example:

            chokepoints market escalation --product dysprosium-oxide --format json

            chokepoints market april-2025-licensing --product dysprosium-oxide

            chokepoints market --input my_market.yaml --format json
        """
        from chokepoints.engines.market.model import calc_sensitivity, simulate_market
        from chokepoints.market.io import builtin_markets, builtin_scenarios, load_markets

        if list_cases:
            typer.echo("markets:   " + ", ".join(builtin_markets()))
            typer.echo("           (or a world product id such as magnet:ndfeb)")
            from chokepoints.scenarios.spec import bundled_names

            typer.echo("scenarios: " + ", ".join(bundled_names()) + " (monthly path)")
            for name, case in builtin_scenarios().items():
                desc = " ".join(str(case.get("description", "")).split())
                typer.echo(f"case:      {name}: {desc}")
            return
        if input_file and (scenario or product):
            raise typer.BadParameter(
                "give either --input FILE or SCENARIO --product NAME, not both"
            )
        if scenario and product and _is_scenario(scenario):
            if elasticity or sensitivity:
                raise typer.BadParameter(
                    "--elasticity and --sensitivity apply to one-step cases, not scenario paths"
                )
            paths = _paths_for(product, scenario)
            if output_format == "json":
                typer.echo(json.dumps(paths[0] if len(paths) == 1 else {"markets": paths},
                                      indent=2))  # fmt: skip
            elif output_format in ("csv", "ndjson"):
                _echo_rows([render_path_csv(r) for r in paths], output_format)
            else:
                typer.echo("\n\n".join(render_path_table(r) for r in paths))
            return
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
        elif output_format in ("csv", "ndjson"):
            _echo_rows([render_csv(r) for r in results], output_format)
        else:
            typer.echo("\n\n".join(render_table(r) for r in results))
