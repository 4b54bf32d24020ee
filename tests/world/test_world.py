"""The bundled world, the loader, validation errors and the data build."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from chokepoints.data.build_world import build_world
from chokepoints.errors import DataErrors
from chokepoints.world import World, bundled_world_path, load_world, save_world, validate_world


def test_bundled_world_loads_and_validates(bundled_world: World) -> None:
    validate_world(bundled_world)
    assert bundled_world.describe()["nodes"] > 50
    # USGS MCS 2025: China mined 270,000 t REO in 2024
    assert bundled_world.nodes.loc["CHN:ore", "production_t_per_yr"] == 270_000
    assert bundled_world.nodes.loc["CHN:ore", "status"] == "primary"


def test_every_row_has_provenance(bundled_world: World) -> None:
    for name, df in bundled_world.tables().items():
        assert df["status"].isin(["primary", "secondary", "derived", "estimated"]).all(), name
        if name != "sources":
            est = df[df["status"].isin(["derived", "estimated"])]
            assert (est["method"].str.len() > 0).all(), name


def test_build_reproduces_bundled_files(tmp_path: Path) -> None:
    out = save_world(build_world(), tmp_path / "rebuilt")
    for name in ("sources", "countries", "products", "nodes", "flows", "recipes"):
        a = pd.read_csv(out / f"{name}.csv")
        b = pd.read_csv(bundled_world_path() / f"{name}.csv")
        pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-9)


def test_magnet_recipe_matches_composition(bundled_world: World) -> None:
    r = bundled_world.recipes
    # NdFeB without Dy: 36 wt% REO equivalent (Adamas)
    assert r.loc["magnet:ndfeb<metal:NdPr", "input_per_output"] == pytest.approx(0.36)
    total_hre = r[r["output_product_id"] == "magnet:ndfeb_hre"]["input_per_output"].sum()
    assert total_hre == pytest.approx(0.36)


def test_roundtrip(small_world_dir: Path, small_world: World) -> None:
    again = load_world(small_world_dir)
    for name, df in small_world.tables().items():
        pd.testing.assert_frame_equal(
            again.table(name).reset_index(drop=True), df.reset_index(drop=True), check_dtype=False
        )


def _edit(folder: Path, table: str, row: int, field: str, value: str) -> None:
    """Set one cell; ``row`` as a spreadsheet shows it (header row 1, first data row 2)."""
    df = pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False)
    df.loc[row - 2, field] = value
    df.to_csv(folder / f"{table}.csv", index=False)


def test_bad_number_names_file_row_field(small_world_dir: Path) -> None:
    _edit(small_world_dir, "flows", 3, "quantity_t_per_yr", "twelve")
    with pytest.raises(DataErrors) as err:
        load_world(small_world_dir)
    msg = str(err.value)
    assert (
        "flows.csv, row 3, field 'quantity_t_per_yr': 'twelve' is not a number "
        "(expected a number >= 0 product unit per year)" in msg
    )
    assert err.value.problems[0].row == 3


def test_negative_and_unknown_reported_together(small_world_dir: Path) -> None:
    _edit(small_world_dir, "nodes", 2, "production_t_per_yr", "-5")
    _edit(small_world_dir, "nodes", 3, "status", "primery")
    with pytest.raises(DataErrors) as err:
        load_world(small_world_dir)
    text = str(err.value)
    assert "nodes.csv, row 2, field 'production_t_per_yr': '-5' is negative" in text
    assert (
        "nodes.csv, row 3, field 'status': 'primery' is not allowed; did you mean 'primary'? "
        "(expected one of primary, secondary, derived, estimated)" in text
    )


def test_unknown_reference_suggests_match(small_world_dir: Path) -> None:
    _edit(small_world_dir, "flows", 2, "supplier_node", "AAA:oar")
    with pytest.raises(DataErrors) as err:
        load_world(small_world_dir)
    assert "flows.csv, row 2, field 'supplier_node': 'AAA:oar' is not a known node_id" in str(
        err.value
    )
    assert "did you mean 'AAA:ore'" in str(err.value)


def test_missing_column_and_file(small_world_dir: Path) -> None:
    df = pd.read_csv(small_world_dir / "recipes.csv").drop(columns=["input_per_output"])
    df.to_csv(small_world_dir / "recipes.csv", index=False)
    (small_world_dir / "countries.csv").unlink()
    with pytest.raises(DataErrors) as err:
        load_world(small_world_dir)
    text = str(err.value)
    assert "countries.csv: file is missing" in text
    assert "recipes.csv, row 1, field 'input_per_output': required column is missing" in text


def test_misspelled_optional_column_is_reported_with_near_match(small_world_dir: Path) -> None:
    """An optional column spelled wrong used to vanish (lead times silently became 0)."""
    df = pd.read_csv(small_world_dir / "flows.csv").rename(
        columns={"lead_time_days": "lead_time_dys"}
    )
    df.to_csv(small_world_dir / "flows.csv", index=False)
    with pytest.raises(DataErrors) as err:
        load_world(small_world_dir)
    assert err.value.problems[0].as_dict() == {
        "file": "flows.csv",
        "row": 1,
        "field": "lead_time_dys",
        "value": None,
        "reason": "is not a column of flows; did you mean 'lead_time_days'?; rename it or "
        "prefix it with '#' to keep it as a comment",
    }


def test_comment_columns_are_ignored(small_world_dir: Path, small_world: World) -> None:
    df = pd.read_csv(small_world_dir / "flows.csv")
    df["# note"] = "checked"
    df.to_csv(small_world_dir / "flows.csv", index=False)
    assert list(load_world(small_world_dir).flows.columns) == list(small_world.flows.columns)


def test_imbalance_is_reported(small_world_dir: Path) -> None:
    _edit(small_world_dir, "flows", 4, "quantity_t_per_yr", "20")  # magnets need 36 t oxide
    with pytest.raises(DataErrors) as err:
        load_world(small_world_dir)
    assert "below the 36 its output needs" in str(err.value)


def test_duplicate_ids(small_world_dir: Path) -> None:
    df = pd.read_csv(small_world_dir / "countries.csv")
    pd.concat([df, df.iloc[[0]]]).to_csv(small_world_dir / "countries.csv", index=False)
    with pytest.raises(
        DataErrors, match=r"row 5, field 'iso3': 'AAA' is a duplicate id \(first on row 2;"
    ):
        load_world(small_world_dir)


def test_save_is_atomic_on_failure(small_world_dir: Path, small_world: World) -> None:
    before = (small_world_dir / "nodes.csv").read_text()
    broken = World(**{**small_world.tables(), "nodes": small_world.nodes.drop(columns=["status"])})
    with pytest.raises(KeyError):
        save_world(broken, small_world_dir)
    assert (small_world_dir / "nodes.csv").read_text() == before
    assert not [p for p in small_world_dir.parent.iterdir() if p.name.startswith(".small.")]


def test_docs_data_md_matches_schema() -> None:
    from chokepoints.tables.schema import update_markdown
    from chokepoints.world.schema import schema_markdown

    doc = (Path(__file__).parents[2] / "docs" / "data.md").read_text(encoding="utf-8")
    assert schema_markdown() in doc
    assert update_markdown(doc) == doc, (
        "docs/data.md is stale: python -m chokepoints.tables docs/data.md"
    )


def test_heavy_rare_earth_grades_are_physical(bundled_world: World) -> None:
    """No country's ore gives more Dy+Tb than the richest known ores hold (8% of REO)."""
    f = bundled_world.flows
    hre = f[(f["product_id"] == "ore") & f["customer_node"].str.contains(r"oxide:(?:Dy|Tb)$")]
    drawn = hre.groupby("supplier_node")["quantity_t_per_yr"].sum()
    output = bundled_world.nodes.loc[drawn.index, "production_t_per_yr"]
    assert (drawn / output <= 0.08 + 1e-9).all(), (drawn / output).sort_values().tail()


def test_cap_and_redistribute_water_fills() -> None:
    from chokepoints.data.build_world import cap_and_redistribute

    alloc = cap_and_redistribute(
        100.0, {"A": 0.5, "B": 0.3, "C": 0.2}, {"A": 10.0, "B": 1e9, "C": 1e9}
    )
    assert alloc["A"] == 10.0
    assert alloc["B"] == pytest.approx(90 * 0.6) and alloc["C"] == pytest.approx(90 * 0.4)
    with pytest.raises(AssertionError):
        cap_and_redistribute(100.0, {"A": 1.0}, {"A": 5.0})


def test_world_round_trips_through_one_workbook_and_one_yaml_file(
    small_world: World, tmp_path: Path
) -> None:
    """The same tables as sheets of an .xlsx workbook or lists of a YAML file."""
    for name in ("world.xlsx", "world.yaml"):
        again = load_world(save_world(small_world, tmp_path / name))
        for table, df in small_world.tables().items():
            pd.testing.assert_frame_equal(
                again.table(table).reset_index(drop=True),
                df.reset_index(drop=True),
                check_dtype=False,
            )


def test_workbook_errors_name_sheet_row_and_column_letter(
    small_world: World, tmp_path: Path
) -> None:
    from chokepoints.world.schema import TABLES

    book = tmp_path / "world.xlsx"
    with pd.ExcelWriter(book) as writer:
        for t in TABLES:
            df = small_world.table(t.name)[t.column_names].copy()
            if t.name == "flows":
                df["lead_time_days"] = df["lead_time_days"].astype(object)
                df.loc[df.index[1], "lead_time_days"] = "soon"
            df.to_excel(writer, sheet_name=t.name, index=False)
    with pytest.raises(DataErrors) as err:
        load_world(book)
    assert [str(p) for p in err.value.problems] == [
        "world.xlsx, sheet 'flows', row 3, field 'lead_time_days (column G)': 'soon' is not "
        "a number (expected a number >= 0 days)"
    ]
