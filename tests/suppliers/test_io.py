"""Import of supplier maps (CSV and XLSX), the template, and each class of input error."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from chokepoints.errors import DataError, DataErrors
from chokepoints.suppliers.io import read_map, write_map, write_template


def _reasons(exc: DataErrors) -> list[str]:
    return [str(p) for p in exc.problems]


def test_template_csv_and_xlsx_read_back(tmp_path: Path) -> None:
    csv = read_map(write_template(tmp_path / "t"))
    xlsx = read_map(write_template(tmp_path / "t.xlsx"))
    assert csv.describe() == xlsx.describe()
    assert csv.describe()["links"] == 2
    wb = load_workbook(tmp_path / "t.xlsx")
    assert wb.sheetnames[0] == "README"
    assert (tmp_path / "t" / "README.md").exists()


def test_writes_are_atomic_and_replace_only_a_map(
    example_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pandas as pd

    out = tmp_path / "m"
    write_template(out)
    write_map(read_map(example_path), out)  # a folder holding a map is replaced whole
    assert not (out / "README.md").exists()
    assert read_map(out).describe() == read_map(example_path).describe()
    write_map(read_map(example_path), tmp_path / "m.xlsx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m", "m.xlsx"]  # no temp files

    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_csv", broken)
    with pytest.raises(OSError, match="disk full"):
        write_template(out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m", "m.xlsx"]
    monkeypatch.undo()

    other = tmp_path / "notes"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    with pytest.raises(DataError, match="already holds other files"):
        write_template(other)
    assert [p.name for p in other.iterdir()] == ["notes.txt"]


def test_example_map_round_trips_through_xlsx(example_path: Path, tmp_path: Path) -> None:
    smap = read_map(example_path)
    back = read_map(write_map(smap, tmp_path / "ev.xlsx"))
    for name, df in smap.tables().items():
        a = df.drop(columns="src_row").reset_index(drop=True)
        b = back.tables()[name].drop(columns="src_row").reset_index(drop=True)
        assert a.equals(b), name


def test_missing_file_and_column(map_writer, hand_tables, tmp_path: Path) -> None:
    folder = map_writer(hand_tables)
    (folder / "links.csv").unlink()
    text = (folder / "bom.csv").read_text().replace("quantity,", "qty,")
    (folder / "bom.csv").write_text(text)
    with pytest.raises(DataErrors) as err:
        read_map(folder)
    msgs = _reasons(err.value)
    assert any(m.startswith("links.csv: file is missing") for m in msgs)
    assert any("bom.csv, row 1, field 'quantity': required column is missing" in m for m in msgs)
    assert any(
        "bom.csv, row 1, field 'qty': is not a column of bom "
        "(expected: parent_part, child_part, quantity, unit)" in m
        for m in msgs
    )


def test_cell_errors_name_file_row_and_column(map_writer, hand_tables) -> None:
    hand_tables["links"][1]["share"] = "lots"
    hand_tables["links"][2]["share"] = 1.5
    hand_tables["parts"][1]["unit"] = "pound"
    hand_tables["lines"][0]["output_per_day"] = ""
    with pytest.raises(DataErrors) as err:
        read_map(map_writer(hand_tables))
    msgs = _reasons(err.value)
    assert (
        "links.csv, row 3, field 'share': 'lots' is not a number (expected a number in [0, 1] fraction)"
        in msgs
    )
    assert (
        "links.csv, row 4, field 'share': '1.5' is above 1 (expected a number in [0, 1] fraction)"
        in msgs
    )
    assert any(m.startswith("parts.csv, row 3, field 'unit': 'pound' is not allowed") for m in msgs)
    assert any(m.startswith("lines.csv, row 2, field 'output_per_day': is empty") for m in msgs)


def test_xlsx_errors_name_sheet_row_and_column_letter(
    map_writer, hand_tables, tmp_path: Path
) -> None:
    smap = read_map(map_writer(hand_tables))
    path = write_map(smap, tmp_path / "m.xlsx")
    wb = load_workbook(path)
    wb["links"]["D3"] = "half"  # column D is 'share', row 3 the second data row
    wb.save(path)
    with pytest.raises(DataErrors) as err:
        read_map(path)
    assert _reasons(err.value) == [
        "m.xlsx, sheet 'links', row 3, field 'share (column D)': 'half' is not a number "
        "(expected a number in [0, 1] fraction)"
    ]


def test_reference_country_product_and_duplicate_errors(map_writer, hand_tables) -> None:
    hand_tables["links"][0]["supplier_site"] = "MJJ"
    hand_tables["sites"][4]["country"] = "XXX"
    hand_tables["parts"][2]["world_product"] = "oxide:Dyy"
    hand_tables["sites"].append(dict(hand_tables["sites"][0]))
    with pytest.raises(DataErrors) as err:
        read_map(map_writer(hand_tables))
    msgs = _reasons(err.value)
    assert (
        "links.csv, row 2, field 'supplier_site': 'MJJ' is not a site of sites.csv; did you mean 'MJ'?"
        in msgs
    )
    assert any("sites.csv, row 6, field 'country': 'XXX' is not an ISO 3166-1" in m for m in msgs)
    assert any(
        "'oxide:Dyy' is not a product of the bundled world; did you mean 'oxide:Dy'?" in m
        for m in msgs
    )
    assert any("sites.csv, row 7, field 'site_id': 'L' is a duplicate id" in m for m in msgs)


def test_unit_mismatches_are_reported(map_writer, hand_tables) -> None:
    hand_tables["bom"][0]["unit"] = "g"
    hand_tables["links"][0]["volume_unit"] = "piece"
    hand_tables["inventory"] = [{"site_id": "L", "part_id": "M", "quantity": 5, "unit": "t"}]
    with pytest.raises(DataErrors) as err:
        read_map(map_writer(hand_tables))
    msgs = _reasons(err.value)
    assert (
        "bom.csv, row 2, field 'unit': 'g' does not match the unit of part M (expected 'kg')"
        in msgs
    )
    assert (
        "links.csv, row 2, field 'volume_unit': 'piece' does not match the unit of part M (expected 'kg')"
        in msgs
    )
    assert (
        "inventory.csv, row 2, field 'unit': 't' does not match part M (expected 'days' or 'kg')"
        in msgs
    )


def test_shares_above_one(map_writer, hand_tables) -> None:
    hand_tables["links"][1]["share"] = 0.5
    with pytest.raises(DataErrors) as err:
        read_map(map_writer(hand_tables))
    (msg,) = _reasons(err.value)
    assert (
        msg
        == "links.csv, row 2, field 'share': '1.25' shares of part M into site L sum above 1 (rows 2, 3; expected a total <= 1)"
    )


def test_cycles_are_reported_not_crashed_on(map_writer, hand_tables) -> None:
    hand_tables["bom"].append(
        {"parent_part": "O", "child_part": "P", "quantity": 1, "unit": "piece"}
    )
    with pytest.raises(DataErrors) as err:
        read_map(map_writer(hand_tables))
    msgs = _reasons(err.value)
    assert any(
        "closes a cycle in the bill of materials: " in m and "P -> M -> O -> P" in m for m in msgs
    )


def test_supply_cycle_between_sites(map_writer, hand_tables) -> None:
    # OC makes O from M, and MC makes M from O: each needs the other
    hand_tables["bom"].append({"parent_part": "O", "child_part": "M", "quantity": 1, "unit": "kg"})
    hand_tables["links"].append(
        {"supplier_site": "MC", "customer_site": "OC", "part_id": "M", "share": 1}
    )
    with pytest.raises(DataErrors) as err:
        read_map(map_writer(hand_tables))
    msgs = _reasons(err.value)
    assert any("cycle" in m for m in msgs)


def test_orphans(map_writer, hand_tables) -> None:
    hand_tables["parts"].append({"part_id": "X", "name": "unused", "unit": "kg"})
    hand_tables["links"].append(
        {"supplier_site": "OC", "customer_site": "L", "part_id": "O", "share": 1}
    )
    with pytest.raises(DataErrors) as err:
        read_map(map_writer(hand_tables))
    msgs = _reasons(err.value)
    assert any(
        m.startswith("parts.csv, row 5, field 'part_id': 'X' is an orphan part") for m in msgs
    )
    assert any(
        m.startswith(
            "links.csv, row 7, field 'part_id': 'O' is delivered to site L, which makes nothing"
        )
        for m in msgs
    )


def test_not_a_map(tmp_path: Path) -> None:
    from chokepoints.errors import DataError

    with pytest.raises(DataError, match="is not a folder of supplier-map CSV files"):
        read_map(tmp_path / "nothing.txt")


def test_docs_list_every_column() -> None:
    from chokepoints.suppliers.schema import TABLES

    text = (Path(__file__).resolve().parents[2] / "docs" / "suppliers.md").read_text(
        encoding="utf-8"
    )
    for t in TABLES:
        assert f"### `{t.name}`" in text, t.name
        for c in t.columns:
            assert f"| `{c.name}` |" in text, (t.name, c.name)
