"""Read supplier maps (a folder of CSV files or an XLSX workbook) and write the template.

A map is a folder holding ``sites.csv``, ``parts.csv``, ``lines.csv``, ``bom.csv``,
``contents.csv``, ``links.csv`` and optionally ``inventory.csv``, ``alternatives.csv``
and ``substitutes.csv``; or a workbook with one sheet per table, same names. Columns
are those of :mod:`chokepoints.suppliers.schema`.

Reading goes through the shared reader of :mod:`chokepoints.tables` (a YAML file
mapping table names to lists of rows is read too). Every problem found is reported at
once as :class:`~chokepoints.errors.DataErrors`, each naming the file (and sheet), the
row and the column. Rows are numbered as a spreadsheet shows them, in CSV files and
workbooks alike: the header is row 1, the first data row row 2; in a workbook the column
letter is given with the column name.
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
from chokepoints.suppliers.schema import TABLES, Table
from chokepoints.tables.reader import empty_frame, read_tables


def empty_table(table: Table) -> pd.DataFrame:
    """A table with the schema's columns, ``src_row`` and no rows."""
    return empty_frame(table, keep_rows=True)


def read_map(path: str | os.PathLike[str], *, validate: bool = True) -> SupplierMap:
    """Read a supplier map from a CSV folder, an ``.xlsx`` workbook or a YAML file.

    Parameters
    ----------
    path : path-like
        Folder of ``<table>.csv`` files, a workbook with one sheet per table, or a YAML
        file mapping each table name to its list of rows.
    validate : bool
        Also run the cross-table checks of :func:`chokepoints.suppliers.validate.validate_map`
        (unknown ids, shares, cycles, orphan parts, unit mismatches).

    Raises
    ------
    DataErrors
        Listing every problem, each naming file (and sheet), row and column. Rows are
        numbered as a spreadsheet shows them (header row 1, first data row 2).
    """
    p = Path(path)
    problems: list[Problem] = []
    suffix = p.suffix.lower()
    if p.is_dir():
        for table in TABLES:
            if table.required and not (p / f"{table.name}.csv").exists():
                problems.append(
                    Problem(
                        f"{table.name}.csv",
                        None,
                        None,
                        None,
                        f"file is missing from {p} (see `chokepoints suppliers template`)",
                    )
                )
        locations = {t.name: f"{t.name}.csv" for t in TABLES}
    elif suffix == ".xlsx" and p.is_file():
        locations = {t.name: f"{p.name}, sheet {t.name!r}" for t in TABLES}
    elif suffix in (".yaml", ".yml") and p.is_file():
        locations = {t.name: f"{p.name}, table {t.name!r}" for t in TABLES}
    elif suffix in (".xlsx", ".xls", ".xlsm"):
        raise DataError("does not exist or is not an .xlsx workbook", file=str(p))
    else:
        raise DataError(
            "is not a folder of supplier-map CSV files, an .xlsx workbook or a YAML file",
            file=str(p),
        )
    missing_files = list(problems)
    tables = read_tables(p, TABLES, problems, keep_rows=True)
    # The folder reader reports a missing file itself; keep the message that names the template.
    problems = missing_files + [
        q
        for q in problems[len(missing_files) :]
        if not q.reason.startswith(f"file is missing from {p}")
    ]
    raise_if_problems(problems, context=f"supplier map {p}")
    smap = SupplierMap(name=p.name, locations=locations, **tables)
    if validate:
        from chokepoints.suppliers.validate import validate_map

        validate_map(smap)
    return smap


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
