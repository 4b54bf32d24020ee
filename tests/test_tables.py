"""The schema and reader layer: one reader for CSV, XLSX and YAML, one meaning of row."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from pydantic import BaseModel, ConfigDict, ValidationError

from chokepoints.errors import DataError, Problem
from chokepoints.tables import (
    Column,
    TableSchema,
    load_group,
    pydantic_problems,
    read_table,
    read_tables,
)
from chokepoints.tables.schema import update_markdown

SCHEMA = TableSchema(
    "flows",
    "flow_id",
    "test table",
    (
        Column("flow_id", "str", "", "id"),
        Column("kind", "str", "", "kind", allowed=("road", "sea")),
        Column("quantity_t", "float", "t", "quantity", min=0.0),
        Column("share", "float", "fraction", "share", required=False, default=1.0, min=0, max=1),
        Column("lead_time_days", "float", "days", "lead", required=False, default=0.0, min=0),
        Column("express", "bool", "", "express", required=False, default=False),
    ),
)

ROWS = [
    ["flow_id", "kind", "quantity_t", "lead_time_dys", "express"],
    ["a", "road", "1.5", "3", "yes"],
    ["b", "air", "-2", "", "no"],
    ["", "", "", "", ""],  # a blank row keeps its number
    ["a", "sea", "many", "1", "maybe"],
]

EXPECTED = [
    "flows, row 1, field 'lead_time_dys': is not a column of flows; did you mean "
    "'lead_time_days'?; rename it or prefix it with '#' to keep it as a comment",
    "flows, row 3, field 'kind': 'air' is not allowed (expected one of road, sea)",
    "flows, row 3, field 'quantity_t': '-2' is negative (expected a number >= 0 t)",
    "flows, row 5, field 'quantity_t': 'many' is not a number (expected a number >= 0 t)",
    "flows, row 5, field 'express': 'maybe' is not a boolean (expected true or false)",
    "flows, row 5, field 'flow_id': 'a' is a duplicate id (first on row 2; ids must be unique)",
]


def _csv(tmp_path: Path) -> Path:
    path = tmp_path / "flows.csv"
    path.write_text("\n".join(",".join(r) for r in ROWS) + "\n", encoding="utf-8")
    return path


def _xlsx(tmp_path: Path) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "flows"
    for r in ROWS:
        ws.append([None if c == "" else c for c in r])
    path = tmp_path / "flows.xlsx"
    wb.save(path)
    return path


def _messages(problems: list[Problem], where: str) -> list[str]:
    return [str(p).replace(where, "flows", 1) for p in problems]


def test_csv_and_xlsx_give_the_same_problems_with_spreadsheet_rows(tmp_path: Path) -> None:
    got = {}
    for name, path, where in [
        ("csv", _csv(tmp_path), "flows.csv"),
        ("xlsx", _xlsx(tmp_path), "flows.xlsx, sheet 'flows'"),
    ]:
        problems: list[Problem] = []
        read_table(path, SCHEMA, problems, index_by_key=True)
        msgs = _messages(problems, where)
        got[name] = [m.replace(" (column D)", "").replace(" (column E)", "") for m in msgs]
        got[name] = [m.replace(" (column B)", "").replace(" (column C)", "") for m in got[name]]
        got[name] = [m.replace(" (column A)", "") for m in got[name]]
    assert got["csv"] == EXPECTED
    assert got["xlsx"] == EXPECTED


def test_xlsx_names_the_column_letter(tmp_path: Path) -> None:
    problems: list[Problem] = []
    read_table(_xlsx(tmp_path), SCHEMA, problems)
    assert "flows.xlsx, sheet 'flows', row 3, field 'quantity_t (column C)': '-2'" in str(
        problems[2]
    )


def test_yaml_rows_are_the_line_an_entry_starts_on(tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_text(
        "flows:\n"
        "  - flow_id: a\n"
        "    kind: road\n"
        "    quantity_t: 1\n"
        "  - flow_id: b\n"
        "    kind: rail\n"
        "    quantity_t: 2\n",
        encoding="utf-8",
    )
    problems: list[Problem] = []
    df = read_table(path, SCHEMA, problems)
    assert [str(p) for p in problems] == [
        "w.yaml, row 5, field 'kind': 'rail' is not allowed (expected one of road, sea)"
    ]
    assert df["quantity_t"].tolist() == [1.0, 2.0]
    assert df["share"].tolist() == [1.0, 1.0]  # the schema's default


def test_values_are_typed_and_defaults_filled(tmp_path: Path) -> None:
    path = tmp_path / "flows.csv"
    path.write_text("flow_id,kind,quantity_t,# note\nx,sea,2,hello\n", encoding="utf-8")
    problems: list[Problem] = []
    df = read_table(path, SCHEMA, problems, keep_rows=True)
    assert problems == []
    row = df.iloc[0]
    assert (row["quantity_t"], row["share"], row["lead_time_days"]) == (2.0, 1.0, 0.0)
    assert not row["express"] and row["src_row"] == 2
    assert list(df.columns) == [*SCHEMA.column_names, "src_row"]


def test_missing_required_column_names_the_header(tmp_path: Path) -> None:
    path = tmp_path / "flows.csv"
    path.write_text("flow_id,kind\nx,sea\n", encoding="utf-8")
    problems: list[Problem] = []
    df = read_table(path, SCHEMA, problems)
    assert [str(p) for p in problems] == [
        "flows.csv, row 1, field 'quantity_t': required column is missing "
        "(the header has: flow_id, kind)"
    ]
    assert df.empty and list(df.columns) == SCHEMA.column_names


def test_group_from_one_yaml_file_reports_unknown_tables(tmp_path: Path) -> None:
    path = tmp_path / "g.yaml"
    path.write_text("flow:\n  - flow_id: a\n", encoding="utf-8")
    problems: list[Problem] = []
    read_tables(path, [SCHEMA], problems)
    assert [str(p) for p in problems] == [
        "g.yaml, field 'flow': is not a table of this input; did you mean 'flows'?",
        "g.yaml, field 'flows': table is missing",
    ]


def test_not_a_table_source(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="is not a folder of CSV files, an .xlsx workbook"):
        read_tables(tmp_path / "x.txt", [SCHEMA], [])


def test_bundled_schemas_are_well_formed() -> None:
    for group in ("world", "suppliers"):
        tables = load_group(group)
        assert tables
        for t in tables:
            assert t.group == group
            assert len(set(t.column_names)) == len(t.columns), t.name
            if t.key:
                assert t.column(t.key).required, (group, t.name)
            for c in t.columns:
                assert c.description, (t.name, c.name)
                if c.required:
                    assert c.default is None, (t.name, c.name)
                elif c.dtype == "float":
                    assert isinstance(c.default, float), (t.name, c.name)
    nodes = {t.name: t for t in load_group("world")}["nodes"]
    assert math.isnan(nodes.column("price_usd_per_t").default)
    assert nodes.column("inventory_days").default == 30.0
    assert nodes.column("production_t_per_yr").unit == "product unit per year"


def test_supplier_constants_agree_with_the_schema_files() -> None:
    from chokepoints.suppliers.schema import (
        CONTENT_ITEMS,
        MASS_UNITS,
        PART_UNITS,
        TABLES_BY_NAME,
    )

    assert TABLES_BY_NAME["parts"].column("unit").allowed == PART_UNITS
    assert TABLES_BY_NAME["bom"].column("unit").allowed == PART_UNITS
    assert TABLES_BY_NAME["contents"].column("element").allowed == CONTENT_ITEMS
    assert TABLES_BY_NAME["contents"].column("unit").allowed == tuple(MASS_UNITS)
    assert TABLES_BY_NAME["inventory"].column("unit").allowed == ("days", *PART_UNITS)


class _Measure(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    rate: float
    start: pd.Timestamp | None = None
    model_config["arbitrary_types_allowed"] = True


def test_pydantic_errors_are_worded_like_the_reader() -> None:
    with pytest.raises(ValidationError) as err:
        _Measure.model_validate({"rate": "high", "sourse": "x"})
    got = [
        str(p)
        for p in pydantic_problems(
            err.value, "m.yaml", row=3, prefix="measures[0]", known_fields=["id", "rate", "source"]
        )
    ]
    assert got == [
        "m.yaml, row 3, field 'measures[0].id': is required but missing",
        "m.yaml, row 3, field 'measures[0].rate': 'high' is not a number (expected a number)",
        "m.yaml, row 3, field 'measures[0].sourse': is not a known field; did you mean 'source'?",
    ]


def test_update_markdown_fills_marked_sections() -> None:
    text = "intro\n<!-- schema:suppliers start -->\nSTALE\n<!-- schema:suppliers end -->\nend\n"
    new = update_markdown(text)
    assert "STALE" not in new and "### `links.csv`" in new and new.endswith("end\n")
    assert update_markdown(new) == new


def test_a_misnamed_table_file_is_suggested(tmp_path: Path) -> None:
    (tmp_path / "flow.csv").write_text("flow_id,kind,quantity_t\na,road,1\n", encoding="utf-8")
    problems: list[Problem] = []
    read_tables(tmp_path, [SCHEMA], problems)
    assert [str(p) for p in problems] == [
        f"flows.csv: file is missing from {tmp_path}; did you mean 'flow.csv'?"
    ]


def test_a_ragged_csv_is_one_problem_and_blank_rows_keep_numbers(tmp_path: Path) -> None:
    path = tmp_path / "flows.csv"
    path.write_text("flow_id,kind,quantity_t\na,road,1,extra\n", encoding="utf-8")
    problems: list[Problem] = []
    read_table(path, SCHEMA, problems)
    assert len(problems) == 1 and problems[0].reason.startswith("cannot be read as CSV")
    path.write_text('flow_id,kind,quantity_t\n\n"a\nb",sea,x\n,,\nc,road,2\n', encoding="utf-8")
    problems = []
    df = read_table(path, SCHEMA, problems, keep_rows=True)
    assert [str(p) for p in problems] == [
        "flows.csv, row 3, field 'quantity_t': 'x' is not a number (expected a number >= 0 t)"
    ]
    assert df["src_row"].tolist() == [3, 5] and df["flow_id"].tolist() == ["a\nb", "c"]


def test_python_dash_m_tables_rewrites_stale_sections(tmp_path: Path) -> None:
    from chokepoints.tables.__main__ import main

    doc = tmp_path / "doc.md"
    doc.write_text("<!-- schema:world start -->\nSTALE\n<!-- schema:world end -->\n")
    assert main([str(doc)]) == 0
    text = doc.read_text()
    assert "STALE" not in text and "### `flows.csv`" in text
    assert main([]) == 1
