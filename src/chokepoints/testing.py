"""Helpers for tests of chokepoints and of code built on it (like ``xarray.testing``).

- :func:`make_small_world`: a hand-checkable three-stage world (ore -> NdPr oxide ->
  magnet -> EV sector in three made-up countries ``AAA``, ``BBB``, ``CCC``);
- :func:`write_small_world`: the same world as a folder of CSV files;
- :data:`HAND_SUPPLIER_MAP` and :func:`write_supplier_map`: a hand-checked supplier map;
- :data:`SMALL_SCENARIO` and :func:`write_small_scenario`: a scenario on the small world;
- :func:`assert_results_equal`: two result Datasets hold the same numbers, labels,
  units and provenance (the run's time stamps in ``history`` aside);
- :func:`temporary_store_url`: an empty SQLite or PostgreSQL database for store tests.

The numbers in these worlds are made up for checking arithmetic by hand; they are not
data about any country.
"""

from __future__ import annotations

import contextlib
import copy
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from chokepoints.world.model import World

if TYPE_CHECKING:
    import xarray as xr

__all__ = [
    "HAND_SUPPLIER_MAP",
    "SMALL_SCENARIO",
    "assert_results_equal",
    "cli_commands",
    "hand_supplier_tables",
    "make_small_world",
    "write_small_scenario",
    "write_small_world",
    "write_supplier_map",
]


def cli_commands() -> list[tuple[tuple[str, ...], Any]]:
    """Every leaf command of the ``chokepoints`` CLI (click objects), with its path of names.

    ``[(("run",), <command>), (("suppliers", "check"), <command>), ...]``, sorted by name
    within each group; for tests that check every command (help, ``--format``).
    """
    import typer

    from chokepoints.cli import app

    def walk(cmd: Any, path: tuple[str, ...]) -> list[tuple[tuple[str, ...], Any]]:
        subs = getattr(cmd, "commands", None)
        if not subs:
            return [(path, cmd)]
        return [leaf for name in sorted(subs) for leaf in walk(subs[name], (*path, name))]

    return walk(typer.main.get_command(app), ())


def make_small_world() -> World:
    """A three-stage chain: ore in A and B -> oxide in A -> magnet in C, used in C.

    Hand-checkable: C's magnets (100 t) need 36 t REO of NdPr oxide, all made in A,
    whose ore comes 2/3 from A and 1/3 from B.
    """
    src = pd.DataFrame(
        [{"source_id": "t", "publisher": "test", "title": "test data", "url": "", "date": "",
          "licence": "", "units": "", "status": "primary", "note": ""}]
    )  # fmt: skip
    countries = pd.DataFrame(
        [
            {"iso3": c, "name": c, "source": "t", "status": "primary", "method": ""}
            for c in ("AAA", "BBB", "CCC")
        ]
    )
    products = pd.DataFrame(
        [
            {"product_id": p, "stage": s, "name": p, "unit": u, "elements": "Nd;Pr", "hs_codes": h,
             "description": "", "source": "t", "status": "primary", "method": ""}
            for p, s, u, h in [
                ("ore", "ore", "t REO", "2530.90"),
                ("oxide:NdPr", "oxide", "t REO", "2846.90"),
                ("magnet:ndfeb", "magnet", "t product", "8505.11"),
                ("sector:ev", "sector", "t magnet-equivalent", ""),
            ]
        ]
    )  # fmt: skip

    def node(actor: str, product: str, out: float) -> dict[str, object]:
        return {"node_id": f"{actor}:{product}", "actor": actor, "country": actor, "product_id": product,
                "production_t_per_yr": out, "capacity_t_per_yr": out, "inventory_days": 30.0,
                "price_usd_per_t": float("nan"), "source": "t", "status": "primary", "method": ""}  # fmt: skip

    nodes = pd.DataFrame(
        [
            node("AAA", "ore", 100.0),
            node("BBB", "ore", 50.0),
            node("AAA", "oxide:NdPr", 36.0),
            node("CCC", "magnet:ndfeb", 100.0),
            node("CCC", "sector:ev", 100.0),
        ]
    )

    def flow(s: str, c: str, p: str, q: float) -> dict[str, object]:
        return {"flow_id": f"{s}>{c}", "supplier_node": s, "customer_node": c, "product_id": p,
                "quantity_t_per_yr": q, "value_usd_per_yr": float("nan"), "lead_time_days": 10.0,
                "source": "t", "status": "primary", "method": ""}  # fmt: skip

    flows = pd.DataFrame(
        [
            flow("AAA:ore", "AAA:oxide:NdPr", "ore", 24.0),
            flow("BBB:ore", "AAA:oxide:NdPr", "ore", 12.0),
            flow("AAA:oxide:NdPr", "CCC:magnet:ndfeb", "oxide:NdPr", 36.0),
            flow("CCC:magnet:ndfeb", "CCC:sector:ev", "magnet:ndfeb", 100.0),
        ]
    )

    def recipe(o: str, i: str, k: float) -> dict[str, object]:
        return {"recipe_id": f"{o}<{i}", "output_product_id": o, "input_product_id": i,
                "input_per_output": k, "substitute_for": "", "substitution_penalty": 0.0,
                "source": "t", "status": "primary", "method": ""}  # fmt: skip

    recipes = pd.DataFrame(
        [
            recipe("oxide:NdPr", "ore", 1.0),
            recipe("magnet:ndfeb", "oxide:NdPr", 0.36),
            recipe("sector:ev", "magnet:ndfeb", 1.0),
        ]
    )
    tables = {
        "sources": src,
        "countries": countries,
        "products": products,
        "nodes": nodes,
        "flows": flows,
        "recipes": recipes,
    }
    keys = {
        "sources": "source_id",
        "countries": "iso3",
        "products": "product_id",
        "nodes": "node_id",
        "flows": "flow_id",
        "recipes": "recipe_id",
    }
    for k, df in tables.items():
        df.index = pd.Index(df[keys[k]], name=None)
    return World(name="small", **tables)


def write_small_world(folder: str | os.PathLike[str]) -> Path:
    """Write :func:`make_small_world` as a world folder (CSV files) and return its path."""
    from chokepoints.world.io import save_world

    return save_world(make_small_world(), folder)


#: Hand-checked map (see test_exposure.py): line L at DEU makes P, each P holds 2 kg of
#: magnet M with 0.05 kg Dy per kg (0.1 kg Dy per P). M comes 75% from a Japanese and 25%
#: from a Chinese magnet maker; the Japanese maker buys its Dy oxide half from a Chinese,
#: half from a Myanmar separator, the Chinese maker all from the Chinese one.
HAND_SUPPLIER_MAP: dict[str, list[dict[str, Any]]] = {
    "sites": [
        {"site_id": "L", "firm": "Line", "country": "DEU"},
        {"site_id": "MJ", "firm": "Mag JP", "country": "JPN"},
        {"site_id": "MC", "firm": "Mag CN", "country": "CHN"},
        {"site_id": "OC", "firm": "Oxide CN", "country": "CHN"},
        {"site_id": "OM", "firm": "Oxide MM", "country": "MMR"},
    ],
    "parts": [
        {"part_id": "P", "name": "product", "unit": "piece", "world_product": ""},
        {"part_id": "M", "name": "magnet", "unit": "kg", "world_product": "magnet:ndfeb_hre"},
        {"part_id": "O", "name": "Dy oxide", "unit": "kg", "world_product": "oxide:Dy"},
    ],
    "lines": [{"line_id": "LINE", "site_id": "L", "part_id": "P", "output_per_day": 100}],
    "bom": [
        {"parent_part": "P", "child_part": "M", "quantity": 2, "unit": "kg"},
        {"parent_part": "M", "child_part": "O", "quantity": 0.05, "unit": "kg"},
    ],
    "contents": [{"part_id": "O", "element": "Dy", "quantity": 1000, "unit": "g"}],
    "links": [
        {
            "supplier_site": "MJ",
            "customer_site": "L",
            "part_id": "M",
            "share": 0.75,
            "lead_time_days": 30,
        },
        {
            "supplier_site": "MC",
            "customer_site": "L",
            "part_id": "M",
            "share": 0.25,
            "lead_time_days": 30,
        },
        {
            "supplier_site": "OC",
            "customer_site": "MJ",
            "part_id": "O",
            "share": 0.5,
            "lead_time_days": 10,
        },
        {
            "supplier_site": "OM",
            "customer_site": "MJ",
            "part_id": "O",
            "share": 0.5,
            "lead_time_days": 10,
        },
        {
            "supplier_site": "OC",
            "customer_site": "MC",
            "part_id": "O",
            "share": 1.0,
            "lead_time_days": 2,
        },
    ],
    "inventory": [],
    "alternatives": [],
    "substitutes": [],
}


def hand_supplier_tables() -> dict[str, list[dict[str, Any]]]:
    """A fresh copy of :data:`HAND_SUPPLIER_MAP` (safe to edit)."""
    return copy.deepcopy(HAND_SUPPLIER_MAP)


def write_supplier_map(
    folder: str | os.PathLike[str], tables: dict[str, list[dict[str, Any]]]
) -> Path:
    """Write ``tables`` as a supplier map folder of CSV files (every schema column present)."""
    from chokepoints.suppliers.schema import TABLES_BY_NAME

    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        cols = TABLES_BY_NAME[name].column_names
        pd.DataFrame(rows, columns=cols).to_csv(out / f"{name}.csv", index=False)
    return out


#: A scenario on the small world: from 2025-02-01, AAA licenses its NdPr oxide exports
#: (approval probability 0.5, 40-day reviews). ``{world}`` is the world folder.
SMALL_SCENARIO = """\
name: small-ban
title: Ban on AAA's NdPr oxide to CCC
world: {world}
timeline:
  cutoff: 2024-12-31
start: 2025-01-01
horizon_days: 200
runs: 8
seed: 7
assumptions:
  inventory_days: {{oxide: 30, magnet: 30, sector: 15}}
  review_delay: exponential
overrides:
  - action: add
    date: 2025-02-01
    entry:
      id: aaa-licence
      title: AAA licence on NdPr oxide
      kind: licence
      issuer: AAA
      coverage: {{products: ["oxide:NdPr"]}}
      parameters:
        approval_probability: 0.5
        review_time: {{distribution: fixed, unit: calendar_days, mean: 40}}
      source: test
      status: estimated
"""


def write_small_scenario(folder: str | os.PathLike[str], world_dir: str | os.PathLike[str]) -> Path:
    """Write :data:`SMALL_SCENARIO` on the world in ``world_dir`` to ``folder/small.yaml``."""
    out = Path(folder) / "small.yaml"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(SMALL_SCENARIO.format(world=Path(world_dir)), encoding="utf-8")
    return out


def assert_results_equal(
    a: xr.Dataset,
    b: xr.Dataset,
    *,
    rtol: float = 0.0,
    atol: float = 0.0,
    ignore_attrs: Iterable[str] = ("history",),
) -> None:
    """Assert two results have equal variables, coordinates, units and attrs.

    Parameters
    ----------
    a, b : xarray.Dataset
        The results.
    rtol, atol : float
        Tolerances for the data variables (exact by default: same seed, same numbers).
    ignore_attrs : iterable of str
        Dataset attrs left out of the comparison (``history`` holds time stamps).

    Raises
    ------
    AssertionError
        Naming the first difference found.
    """
    import numpy as np
    import xarray as xr

    ignore = set(ignore_attrs)
    attrs_a = {k: v for k, v in a.attrs.items() if k not in ignore}
    attrs_b = {k: v for k, v in b.attrs.items() if k not in ignore}
    if attrs_a != attrs_b:
        diff = sorted(
            str(k) for k in set(attrs_a) | set(attrs_b) if attrs_a.get(k) != attrs_b.get(k)
        )
        raise AssertionError(f"results differ in attrs: {', '.join(diff)}")
    if set(a.data_vars) != set(b.data_vars):
        raise AssertionError(
            f"results have different variables: {sorted(map(str, a.data_vars))} vs "
            f"{sorted(map(str, b.data_vars))}"
        )
    for name in a.data_vars:
        if a[name].attrs.get("units") != b[name].attrs.get("units"):
            raise AssertionError(
                f"variable {name!r} has units {a[name].attrs.get('units')!r} vs "
                f"{b[name].attrs.get('units')!r}"
            )
    xr.testing.assert_equal(a.drop_vars(list(a.data_vars)), b.drop_vars(list(b.data_vars)))
    for name in a.data_vars:
        if rtol == 0.0 and atol == 0.0:
            xr.testing.assert_equal(a[name], b[name])
        else:
            np.testing.assert_allclose(
                a[name].values, b[name].values, rtol=rtol, atol=atol, err_msg=str(name)
            )


@contextlib.contextmanager
def temporary_store_url(kind: str, folder: str | os.PathLike[str], *, prefix: str) -> Iterator[str]:
    """SQLAlchemy URL of an empty database of its own, dropped afterwards.

    Parameters
    ----------
    kind : {"sqlite", "postgresql"}
        A SQLite file in ``folder``, or a new database on the PostgreSQL server of
        ``$CHOKEPOINTS_TEST_POSTGRES_URL`` (``.ci/run`` starts one and sets it).
    folder : path
        Where the SQLite file goes.
    prefix : str
        Start of the file and database names (``news_test``, ``api_test``).

    Notes
    -----
    Without ``$CHOKEPOINTS_TEST_POSTGRES_URL`` the PostgreSQL variant is skipped, except
    under CI (``$CI`` set), where it fails: a skipped test is not a passed one.
    """
    if kind == "sqlite":
        yield f"sqlite:///{Path(folder) / f'{prefix}.sqlite'}"
        return
    import uuid

    import pytest
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = os.environ.get("CHOKEPOINTS_TEST_POSTGRES_URL")
    if not base:
        if os.environ.get("CI"):
            pytest.fail("CHOKEPOINTS_TEST_POSTGRES_URL is not set under CI")
        pytest.skip("no PostgreSQL server: set CHOKEPOINTS_TEST_POSTGRES_URL")
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
