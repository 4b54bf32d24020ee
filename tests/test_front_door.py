"""The Python front door: chokepoints.World / Scenario / run, results, testing helpers."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import chokepoints as cp
from chokepoints.errors import DataError, NotFoundError
from chokepoints.results import export_summary, export_table, selectable, summary_table, tidy
from chokepoints.testing import (
    assert_results_equal,
    make_small_world,
    write_small_scenario,
    write_small_world,
)


@pytest.fixture(scope="module")
def small_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    folder = tmp_path_factory.mktemp("front")
    path = write_small_scenario(folder, write_small_world(folder / "world"))
    # The result contract does not depend on the override (a licence issued by the
    # made-up country AAA), so it is left out: the run is the small world's baseline.
    text = path.read_text(encoding="utf-8")
    path.write_text(text.split("overrides:")[0], encoding="utf-8")
    return path, cp.run(path, runs=3, seed=11)


def test_import_is_light_and_names_are_lazy() -> None:
    code = (
        "import sys, chokepoints as cp; "
        "assert 'pandas' not in sys.modules and 'xarray' not in sys.modules, 'heavy import'; "
        "assert {'World', 'Scenario', 'run'} <= set(dir(cp))"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_python_dash_m_runs_the_cli() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "chokepoints", "--version"], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout == f"chokepoints {cp.__version__}\n"


def test_world_load_bundled_and_user(tmp_path: Path) -> None:
    world = cp.World.load()
    assert world is not None and world.name == "bundled"
    assert repr(world).startswith("<World 'bundled': sources=")
    assert "<table>" in world._repr_html_()
    small = cp.World.load(write_small_world(tmp_path / "w"))
    assert small.describe() == make_small_world().describe()
    assert set(small.vocabulary) == set(small.products.index)


def test_scenario_load_by_name_and_from_file(small_run: tuple[Path, object]) -> None:
    sq = cp.Scenario.load("status-quo", runs=4)
    assert isinstance(sq, cp.Scenario) and sq.runs == 4
    assert repr(sq).startswith("<Scenario 'status-quo': start ")
    assert "status-quo" in cp.Scenario.names()
    assert "<table>" in sq._repr_html_()
    path, _ = small_run
    assert cp.Scenario.load(path).name == "small-ban"
    with pytest.raises(NotFoundError, match="Did you mean 'status-quo'"):
        cp.Scenario.load("status-qou")


def test_run_result_contract(small_run: tuple[Path, object]) -> None:
    import json

    _, ds = small_run
    assert dict(ds.sizes) == {"run": 3, "time": 200, "node": 5}
    assert ds["production"].attrs["units"] == "t REO/day" or ds["production"].attrs["units"]
    for name in ds.data_vars:
        assert ds[name].attrs.get("units"), name
    ccc = ds.production.sel(region="CCC")
    assert set(ccc["node"].values) == {"CCC:magnet:ndfeb", "CCC:sector:ev"}
    assert list(ds.sel(product="ore")["node"].values) == ["AAA:ore", "BBB:ore"]
    assert ds.attrs["scenario"] == "small-ban" and ds.attrs["seed"] == 11
    assert ds.attrs["package_version"] == cp.__version__
    (step,) = json.loads(ds.attrs["history"])
    assert (step["step"], step["runs"], step["seed"]) == ("run", 3, 11)


def test_same_seed_same_result_and_assert_results_equal(small_run: tuple[Path, object]) -> None:
    path, ds = small_run
    again = cp.Scenario.load(path).run(runs=3, seed=11)
    assert_results_equal(ds, again)
    other = cp.run(path, runs=3, seed=12)
    with pytest.raises(AssertionError, match="attrs: .*seed"):
        assert_results_equal(ds, other)
    changed = ds.copy(deep=True)
    changed["production"][0, 0, 0] += 1.0
    with pytest.raises(AssertionError):
        assert_results_equal(ds, changed)
    assert_results_equal(ds, changed, atol=1.0)
    changed["production"].attrs["units"] = "kg/day"
    with pytest.raises(AssertionError, match="has units"):
        assert_results_equal(ds, changed, atol=1.0)


@pytest.mark.parametrize("suffix", [".parquet", ".csv", ".xlsx"])
def test_summary_exports_round_trip(
    small_run: tuple[Path, object], tmp_path: Path, suffix: str
) -> None:
    _, ds = small_run
    table = summary_table(ds)
    path = export_summary(ds, tmp_path / f"summary{suffix}")
    back = {
        ".parquet": pd.read_parquet,
        ".csv": pd.read_csv,
        ".xlsx": pd.read_excel,
    }[suffix](path)
    assert list(back.columns) == list(table.columns)
    assert len(back) == len(table) > 0
    assert (back["scenario"] == "small-ban").all()
    pd.testing.assert_series_equal(
        back.select_dtypes("number").iloc[:, 0],
        table.select_dtypes("number").iloc[:, 0].reset_index(drop=True),
        check_dtype=False,
    )


def test_export_refuses_unknown_suffix(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"unknown suffix '\.txt' \(expected one of \.parquet"):
        export_table(pd.DataFrame({"a": [1]}), tmp_path / "x.txt")


def test_tidy_puts_units_in_column_names(small_run: tuple[Path, object]) -> None:
    _, ds = small_run
    df = tidy(ds.isel(time=slice(0, 2)))
    unit = ds["production"].attrs["units"]
    assert f"production [{unit}]" in df.columns
    assert len(df) == 3 * 2 * 5
    assert {"run", "time", "node", "region", "product"} <= set(df.columns)


def test_selectable_keeps_node_ids() -> None:
    import numpy as np
    import xarray as xr

    ds = xr.Dataset(
        {"x": ("node", np.arange(3.0), {"units": "t"})},
        coords={"node": ["a", "b", "c"], "region": ("node", ["CHN", "CHN", "USA"])},
    )
    sel = selectable(ds)
    assert list(sel.sel(region="CHN")["node"].values) == ["a", "b"]
    assert float(sel.sel(node="c")["x"]) == 2.0


def test_eu_member_maps_to_eu27_with_a_note(caplog: pytest.LogCaptureFixture) -> None:
    from chokepoints.exposure import exposure

    world = cp.World.load()
    # Since world data 2026.12-1 the bundled world holds DEU, FRA and ITA of their own;
    # other EU members (here Spain) still map to the EU27 aggregate.
    with caplog.at_level(logging.WARNING, logger="chokepoints.notes"):
        assert world.check_country("DEU") == "DEU"
        assert world.check_country("ita") == "ITA"
        assert caplog.messages == []
        esp = exposure(world, "ESP", "magnet")
    assert caplog.messages == ["ESP is part of EU27 in the bundled world; using EU27"]
    assert esp["importer"] == exposure(world, "EU27", "magnet")["importer"] == "EU27"


def test_eu_member_of_its_own_is_not_mapped() -> None:
    world = make_small_world()
    assert world.check_country("aaa") == "AAA"
    with pytest.raises(NotFoundError, match="No country named 'DEU'"):
        world.check_country("DEU")  # no EU27 aggregate in this world: no mapping
    countries = world.countries.copy()
    for code in ("DEU", "EU27"):
        countries.loc[code] = {**countries.iloc[0].to_dict(), "iso3": code, "name": code}
    world.countries = countries
    assert world.check_country("DEU") == "DEU"
    assert world.check_country("Germany") == "DEU"
    assert world.check_country("FRA") == "EU27"


def test_country_names_are_read_as_codes(caplog: pytest.LogCaptureFixture) -> None:
    world = cp.World.load()
    with caplog.at_level(logging.WARNING, logger="chokepoints.notes"):
        assert world.check_country("Japan") == "JPN"
        assert world.check_country("Germany") == "DEU"
        assert world.check_country("Spain") == "EU27"
    assert caplog.messages[0] == "'Japan' is JPN; using JPN"
    assert caplog.messages[1:] == [
        "'Germany' is DEU; using DEU",
        "'Spain' is ESP; ESP is part of EU27 in the bundled world; using EU27",
    ]
    with pytest.raises(NotFoundError, match="No country named 'Atlantis'"):
        world.check_country("Atlantis")
