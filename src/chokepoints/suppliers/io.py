"""Read supplier maps (a folder of CSV files or an XLSX workbook) and write the template.

A map is a folder holding ``sites.csv``, ``parts.csv``, ``lines.csv``, ``bom.csv``,
``contents.csv``, ``links.csv`` and optionally ``inventory.csv``, ``alternatives.csv``
and ``substitutes.csv``; or a workbook with one sheet per table, same names. Columns
are those of :mod:`chokepoints.suppliers.schema`.

Every problem found is reported at once as :class:`~chokepoints.errors.DataErrors`,
each naming the file (and sheet), the row and the column. Rows are numbered as the user
sees them: in a CSV file the first data row is row 1 (the header is row 0); in a
workbook the row is the spreadsheet's own row number (the header is row 1) and the
column letter is given with the column name.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

from chokepoints.atomic import atomic_folder, atomic_path
from chokepoints.errors import DataError, Problem, raise_if_problems
from chokepoints.suppliers.model import SupplierMap
from chokepoints.suppliers.schema import TABLES, Column, Table

TRUE_WORDS = {"true", "yes", "1", "y"}


def _letter(index: int) -> str:
    """Spreadsheet column letter of a 0-based column index (0 -> A, 26 -> AA)."""
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def empty_table(table: Table) -> pd.DataFrame:
    """A table with the schema's columns and no rows."""
    return pd.DataFrame(
        {c.name: pd.Series(dtype=_pandas_dtype(c)) for c in table.columns}
        | {"src_row": pd.Series(dtype="int64")}
    )


def _pandas_dtype(col: Column) -> str:
    return {"float": "float64", "bool": "bool"}.get(col.dtype, "object")


def _parse_cells(
    raw: pd.DataFrame,
    table: Table,
    where: str,
    problems: list[Problem],
    *,
    first_row: int,
    letters: dict[str, str] | None,
) -> pd.DataFrame:
    """Check and convert the cells of one table (raw strings or Excel values)."""
    raw.columns = [str(c).strip() for c in raw.columns]

    def field(name: str) -> str:
        if letters and name in letters:
            return f"{name} (column {letters[name]})"
        return name

    missing = [c.name for c in table.columns if c.required and c.name not in raw.columns]
    for name in missing:
        problems.append(
            Problem(
                where,
                None,
                name,
                None,
                "column is missing (expected: " + ", ".join(table.column_names) + ")",
            )
        )
    unknown = [
        c for c in raw.columns if c and c not in table.column_names and not c.startswith("#")
    ]
    for name in unknown:
        problems.append(
            Problem(
                where,
                None,
                name,
                None,
                "is not a column of this table (expected: " + ", ".join(table.column_names) + ")",
            )
        )
    out: dict[str, list[Any]] = {c.name: [] for c in table.columns}
    rows: list[int] = []
    for i, rec in enumerate(raw.to_dict(orient="records")):
        values = [v for v in rec.values() if not _blank(v)]
        if not values:
            continue  # blank line
        row = first_row + i
        rows.append(row)
        for col in table.columns:
            value = rec.get(col.name)
            out[col.name].append(_convert(value, col, where, row, field(col.name), problems))
    df = pd.DataFrame(out)
    for col in table.columns:
        if col.dtype == "float":
            df[col.name] = df[col.name].astype("float64")
    df["src_row"] = pd.Series(rows, dtype="int64")
    return df


def _blank(value: Any) -> bool:
    return (
        value is None
        or (isinstance(value, float) and math.isnan(value))
        or (isinstance(value, str) and value.strip() == "")
    )


def _convert(
    value: Any, col: Column, where: str, row: int, field: str, problems: list[Problem]
) -> Any:
    if _blank(value):
        if col.required:
            problems.append(
                Problem(where, row, field, None, f"is empty (expected {_expected(col)})")
            )
            return float("nan") if col.dtype == "float" else ""
        return col.default
    if col.dtype == "float":
        try:
            number = (
                float(str(value).strip()) if not isinstance(value, int | float) else float(value)
            )
        except ValueError:
            problems.append(
                Problem(where, row, field, value, f"is not a number (expected {_expected(col)})")
            )
            return float("nan")
        if (
            math.isnan(number)
            or (col.min is not None and number < col.min)
            or (col.max is not None and number > col.max)
        ):
            problems.append(
                Problem(where, row, field, value, f"is out of range (expected {_expected(col)})")
            )
        return number
    if col.dtype == "bool":
        return str(value).strip().lower() in TRUE_WORDS
    text = str(value).strip()
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if col.allowed is not None and text not in col.allowed:
        problems.append(
            Problem(
                where,
                row,
                field,
                text,
                f"is not allowed (expected one of {', '.join(col.allowed)})",
            )
        )
    return text


def _expected(col: Column) -> str:
    if col.dtype == "float":
        lo = "-inf" if col.min is None else f"{col.min:g}"
        hi = "inf" if col.max is None else f"{col.max:g}"
        unit = f" {col.unit}" if col.unit else ""
        return f"a number in [{lo}, {hi}]{unit}"
    if col.allowed:
        return "one of " + ", ".join(col.allowed)
    return "a value"


def read_map(path: str | os.PathLike[str], *, validate: bool = True) -> SupplierMap:
    """Read a supplier map from a CSV folder or an ``.xlsx`` workbook.

    Parameters
    ----------
    path : path-like
        Folder of ``<table>.csv`` files, or a workbook with one sheet per table.
    validate : bool
        Also run the cross-table checks of :func:`chokepoints.suppliers.validate.validate_map`
        (unknown ids, shares, cycles, orphan parts, unit mismatches).

    Raises
    ------
    DataErrors
        Listing every problem, each naming file (and sheet), row and column.
    """
    p = Path(path)
    problems: list[Problem] = []
    tables: dict[str, pd.DataFrame] = {}
    locations: dict[str, str] = {}
    if p.is_dir():
        for table in TABLES:
            file = p / f"{table.name}.csv"
            where = f"{table.name}.csv"
            locations[table.name] = where
            if not file.exists():
                tables[table.name] = _absent(
                    table,
                    where,
                    f"file is missing from {p} (see `chokepoints suppliers template`)",
                    problems,
                )
                continue
            try:
                raw = pd.read_csv(
                    file, dtype=str, keep_default_na=False, comment=None, skip_blank_lines=True
                )
            except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
                problems.append(Problem(where, None, None, None, f"cannot be read as CSV ({exc})"))
                tables[table.name] = empty_table(table)
                continue
            tables[table.name] = _parse_cells(
                raw, table, where, problems, first_row=1, letters=None
            )
    elif p.suffix.lower() == ".xlsx" and p.exists():
        tables, locations = _read_workbook(p, problems)
    elif p.suffix.lower() in (".xlsx", ".xls", ".xlsm"):
        raise DataError("does not exist or is not an .xlsx workbook", file=str(p))
    else:
        raise DataError(
            "is not a folder of supplier-map CSV files or an .xlsx workbook", file=str(p)
        )
    raise_if_problems(problems, context=f"supplier map {p}")
    smap = SupplierMap(name=p.name, locations=locations, **tables)
    if validate:
        from chokepoints.suppliers.validate import validate_map

        validate_map(smap)
    return smap


def _absent(table: Table, where: str, reason: str, problems: list[Problem]) -> pd.DataFrame:
    """A table whose file or sheet is absent: a problem if it is required; empty."""
    if table.required:
        problems.append(Problem(where, None, None, None, reason))
    return empty_table(table)


def _read_workbook(
    p: Path, problems: list[Problem]
) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(p, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for bad files
        raise DataError(
            f"cannot be read as an .xlsx workbook ({type(exc).__name__}: {exc})", file=p.name
        ) from None
    tables: dict[str, pd.DataFrame] = {}
    locations: dict[str, str] = {}
    try:
        for table in TABLES:
            where = f"{p.name}, sheet {table.name!r}"
            locations[table.name] = where
            if table.name not in wb.sheetnames:
                tables[table.name] = _absent(
                    table, where, f"sheet is missing (sheets: {', '.join(wb.sheetnames)})", problems
                )
                continue
            rows = list(wb[table.name].iter_rows(values_only=True))
            if not rows:
                problems.append(
                    Problem(where, None, None, None, "sheet is empty (expected a header row)")
                )
                tables[table.name] = empty_table(table)
                continue
            header = ["" if h is None else str(h).strip() for h in rows[0]]
            keep = [i for i, h in enumerate(header) if h]
            letters = {header[i]: _letter(i) for i in keep}
            raw = pd.DataFrame(
                [[r[i] if i < len(r) else None for i in keep] for r in rows[1:]],
                columns=[header[i] for i in keep],
            )
            tables[table.name] = _parse_cells(
                raw, table, where, problems, first_row=2, letters=letters
            )
    finally:
        wb.close()
    return tables, locations


# -- template -----------------------------------------------------------------------


#: A small, consistent map that the template carries as its example rows: a German
#: motor plant buys Dy-bearing magnets from a Japanese maker (whose own Dy supply is
#: left to be inferred from the bundled world) for an EV line. Figures are illustrative.
TEMPLATE_ROWS: dict[str, list[dict[str, Any]]] = {
    "sites": [
        {
            "site_id": "OEM-DE",
            "firm": "Example Motors",
            "country": "DEU",
            "description": "vehicle assembly",
        },
        {
            "site_id": "MOT-DE",
            "firm": "Example Drives",
            "country": "DEU",
            "description": "motor plant",
        },
        {
            "site_id": "MAG-JP",
            "firm": "Example Magnetics",
            "country": "JPN",
            "description": "magnet maker",
        },
    ],
    "parts": [
        {
            "part_id": "CAR-EV",
            "name": "electric car",
            "unit": "piece",
            "world_product": "",
            "unit_cost_usd": 30000,
        },
        {
            "part_id": "MOTOR-T1",
            "name": "traction motor",
            "unit": "piece",
            "world_product": "component:traction_motor",
            "unit_cost_usd": 1500,
        },
        {
            "part_id": "MAGNET-SH",
            "name": "sintered NdFeB, Dy-bearing",
            "unit": "kg",
            "world_product": "magnet:ndfeb_hre",
            "unit_cost_usd": 80,
        },
    ],
    "lines": [
        {
            "line_id": "EV",
            "site_id": "OEM-DE",
            "part_id": "CAR-EV",
            "output_per_day": 800,
            "value_usd_per_unit": 42000,
        },
    ],
    "bom": [
        {"parent_part": "CAR-EV", "child_part": "MOTOR-T1", "quantity": 1, "unit": "piece"},
        {"parent_part": "MOTOR-T1", "child_part": "MAGNET-SH", "quantity": 1.75, "unit": "kg"},
    ],
    "contents": [
        {"part_id": "MAGNET-SH", "element": "Dy", "quantity": 0.04, "unit": "kg"},
        {"part_id": "MAGNET-SH", "element": "NdFeB", "quantity": 1, "unit": "kg"},
    ],
    "links": [
        {
            "supplier_site": "MOT-DE",
            "customer_site": "OEM-DE",
            "part_id": "MOTOR-T1",
            "share": 1,
            "volume": 800,
            "volume_unit": "piece",
            "lead_time_days": 2,
        },
        {
            "supplier_site": "MAG-JP",
            "customer_site": "MOT-DE",
            "part_id": "MAGNET-SH",
            "share": 1,
            "volume": 1400,
            "volume_unit": "kg",
            "lead_time_days": 35,
        },
    ],
    "inventory": [
        {"site_id": "MOT-DE", "part_id": "MAGNET-SH", "quantity": 35, "unit": "days"},
    ],
    "alternatives": [],
    "substitutes": [],
}


#: The files a map folder may hold (an existing folder with only these is replaced).
MAP_FILES: frozenset[str] = frozenset({*(f"{t.name}.csv" for t in TABLES), "README.md"})


def template_tables() -> dict[str, pd.DataFrame]:
    """The template's tables: :data:`TEMPLATE_ROWS` with every schema column present."""
    return {
        t.name: pd.DataFrame(TEMPLATE_ROWS.get(t.name, []), columns=t.column_names) for t in TABLES
    }


def write_map(smap: SupplierMap, path: str | os.PathLike[str]) -> Path:
    """Write a map as a CSV folder, or as a workbook when ``path`` ends in ``.xlsx``."""
    tables = {k: v.drop(columns=["src_row"], errors="ignore") for k, v in smap.tables().items()}
    return _write_tables(tables, Path(path))


def _write_tables(tables: dict[str, pd.DataFrame], p: Path, *, readme: bool = False) -> Path:
    if p.suffix.lower() == ".xlsx":
        from openpyxl import Workbook
        from openpyxl.styles import Font

        wb = Workbook()
        first = wb.active
        if readme:
            assert first is not None
            first.title = "README"
            for line in _readme_lines():
                first.append(line)
        elif first is not None:
            wb.remove(first)
        for name, df in tables.items():
            ws = wb.create_sheet(name)
            ws.append(list(df.columns))
            for cell in ws[1]:
                cell.font = Font(bold=True)
            for rec in df.itertuples(index=False):
                ws.append([None if isinstance(v, float) and math.isnan(v) else v for v in rec])
        with atomic_path(p) as tmp:
            wb.save(tmp)
        return p
    files = {f"{name}.csv": df for name, df in tables.items()}
    with _atomic_folder(p, MAP_FILES) as tmp:
        for fname, df in files.items():
            df.to_csv(tmp / fname, index=False)
        if readme:
            (tmp / "README.md").write_text(
                "\n".join(" | ".join(str(x) for x in r) for r in _readme_lines()) + "\n",
                encoding="utf-8",
            )
    return p


@contextmanager
def _atomic_folder(target: Path, names: frozenset[str]) -> Iterator[Path]:
    """Yield a temporary folder beside ``target``; put it in place of ``target`` on success.

    A reader never sees a half-written map, and a failed write leaves the old folder as
    it was. An existing ``target`` is replaced only if it holds nothing but files of
    these ``names`` (an earlier map or template), so no other files are ever deleted.

    Raises
    ------
    DataError
        If ``target`` is a file, or a folder holding other files.
    """
    if target.exists():
        if not target.is_dir():
            raise DataError(
                "is a file (expected a folder for CSV files, or a path ending in .xlsx)",
                file=str(target),
            )
        other = sorted(x.name for x in target.iterdir() if x.name not in names)
        if other:
            raise DataError(
                f"already holds other files ({', '.join(other[:5])}"
                f"{', ...' if len(other) > 5 else ''}); expected a new or empty folder, "
                "or one holding only a supplier map",
                file=str(target),
            )
    with atomic_folder(target) as tmp:
        yield tmp


def _readme_lines() -> list[list[str]]:
    lines: list[list[str]] = [
        [
            "chokepoints supplier map template: one sheet (or CSV file) per table. Replace the example rows."
        ],
        ["Documentation: docs/suppliers.md. Columns marked required must be filled."],
        [],
        ["table", "column", "required", "unit", "allowed", "default", "meaning"],
    ]
    for t in TABLES:
        lines.append(
            [
                t.name,
                "",
                "table required" if t.required else "table optional",
                "",
                "",
                "",
                t.description,
            ]
        )
        for c in t.columns:
            default = (
                ""
                if c.default is None or (isinstance(c.default, float) and math.isnan(c.default))
                else str(c.default)
            )
            lines.append(
                [
                    t.name,
                    c.name,
                    "yes" if c.required else "no",
                    c.unit,
                    ", ".join(c.allowed or ()),
                    default,
                    c.description,
                ]
            )
    return lines


def write_template(path: str | os.PathLike[str]) -> Path:
    """Write the documented template: a CSV folder, or a workbook if ``path`` ends in ``.xlsx``.

    Each table gets one example row; a ``README`` (sheet or ``README.md``) lists every
    column with its unit, allowed values, default and meaning.
    """
    return _write_tables(template_tables(), Path(path), readme=True)
