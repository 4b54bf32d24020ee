"""Table schemas as data: one CSV file per table, one ``_tables.csv`` per group.

A *group* is a set of tables read together (``world``, ``suppliers``). Its folder under
``chokepoints/tables/schemas/`` holds ``_tables.csv`` (``table, key, required,
description``) and one ``<table>.csv`` per table with one row per column:

=============  ==========================================================================
``column``     column name as it appears in the header of the user's file
``dtype``      ``str``, ``float``, ``int`` or ``bool``
``unit``       unit of the values (empty for identifiers and text)
``required``   ``yes``: the column must be present and every cell filled
``default``    value of an empty cell of an optional column (empty: ``""`` for text,
               NaN for numbers, ``false`` for booleans)
``allowed``    ``;``-separated list of the values allowed (empty: any)
``min, max``   bounds of a number, inclusive (empty: unbounded)
``example``    a value shown in templates and docs
``description`` what the column means
=============  ==========================================================================

The reader (:mod:`chokepoints.tables.reader`), the validators and the docs pages read
these files, so the three cannot drift apart (PyPSA keeps its component attributes the
same way, in ``pypsa/data/component_attrs/*.csv``).
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

#: Column dtypes a schema may declare.
DTYPES: tuple[str, ...] = ("str", "float", "int", "bool")
_SCHEMA_HEADER = (
    "column",
    "dtype",
    "unit",
    "required",
    "default",
    "allowed",
    "min",
    "max",
    "example",
    "description",
)


@dataclass(frozen=True)
class Column:
    """One column of a table.

    Attributes
    ----------
    name : str
        Header of the column in the user's file.
    dtype : str
        ``str``, ``float``, ``int`` or ``bool``.
    unit : str
        Unit of the values ("" for identifiers and text).
    description : str
        What the column means.
    required : bool
        Whether the column must be present and every cell filled.
    default : object
        Value of an empty cell of an optional column; ``None`` for required columns.
    allowed : tuple of str or None
        Values allowed, or ``None`` for any.
    min, max : float or None
        Inclusive bounds of a number.
    example : object
        A value for templates and docs (``None`` if none).
    """

    name: str
    dtype: str
    unit: str
    description: str
    required: bool = True
    default: Any = None
    allowed: tuple[str, ...] | None = None
    min: float | None = None
    max: float | None = None
    example: Any = None

    @property
    def nonnegative(self) -> bool:
        """Whether the column's numbers must be >= 0."""
        return self.min is not None and self.min >= 0

    def expected(self) -> str:
        """What a valid cell holds, in words (used at the end of every cell error)."""
        unit = f" {self.unit}" if self.unit else ""
        if self.dtype in ("float", "int"):
            kind = "an integer" if self.dtype == "int" else "a number"
            if self.min is not None and self.max is not None:
                return f"{kind} in [{self.min:g}, {self.max:g}]{unit}"
            if self.min is not None:
                return f"{kind} >= {self.min:g}{unit}"
            if self.max is not None:
                return f"{kind} <= {self.max:g}{unit}"
            return f"{kind}{unit}"
        if self.dtype == "bool":
            return "true or false"
        if self.allowed:
            return "one of " + ", ".join(self.allowed)
        return "a value"


@dataclass(frozen=True)
class TableSchema:
    """One table: its name, key column (may be empty), whether it is required, columns.

    Attributes
    ----------
    name : str
        Table name; the file is ``<name>.csv`` or the workbook sheet ``<name>``.
    key : str
        Column whose values identify rows ("" when rows have no id of their own).
    description : str
        What one row of the table is.
    columns : tuple of Column
        The columns, in file order.
    required : bool
        Whether the table must be present in its group.
    group : str
        The group the table belongs to (``world``, ``suppliers``).
    """

    name: str
    key: str
    description: str
    columns: tuple[Column, ...] = field(default_factory=tuple)
    required: bool = True
    group: str = ""

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        """The column called ``name``; ``KeyError`` if there is none."""
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


def _yes(text: str, where: str) -> bool:
    low = text.strip().lower()
    if low in ("yes", "true", "1"):
        return True
    if low in ("no", "false", "0", ""):
        return False
    raise ValueError(f"{where}: {text!r} is not yes/no")


def _number(text: str) -> float | None:
    return None if text.strip() == "" else float(text)


def _default(text: str, dtype: str, required: bool) -> Any:
    text = text.strip()
    if required:
        return None if text == "" else _typed(text, dtype)
    if text == "":
        return {"float": math.nan, "int": 0, "bool": False}.get(dtype, "")
    return _typed(text, dtype)


def _typed(text: str, dtype: str) -> Any:
    if dtype == "float":
        return float(text)
    if dtype == "int":
        return int(text)
    if dtype == "bool":
        return _yes(text, "default")
    return text


def _example(text: str, dtype: str) -> Any:
    if text.strip() == "":
        return None
    return _typed(text, dtype) if dtype in ("float", "int") else text


def _read_csv(group: str, name: str) -> list[dict[str, str]]:
    res = resources.files("chokepoints.tables") / "schemas" / group / f"{name}.csv"
    return list(csv.DictReader(io.StringIO(res.read_text(encoding="utf-8"))))


def parse_columns(rows: list[dict[str, str]], where: str) -> tuple[Column, ...]:
    """Columns from the rows of a schema file (dicts with the schema header's keys)."""
    out: list[Column] = []
    for i, r in enumerate(rows, start=2):
        missing = [h for h in _SCHEMA_HEADER if h not in r]
        if missing:
            raise ValueError(f"{where}, row {i}: schema columns missing: {missing}")
        dtype = r["dtype"].strip()
        if dtype not in DTYPES:
            raise ValueError(f"{where}, row {i}: dtype {dtype!r} is not one of {DTYPES}")
        required = _yes(r["required"], f"{where}, row {i}")
        allowed = tuple(a.strip() for a in r["allowed"].split(";") if a.strip()) or None
        out.append(
            Column(
                name=r["column"].strip(),
                dtype=dtype,
                unit=r["unit"].strip(),
                description=r["description"].strip(),
                required=required,
                default=_default(r["default"], dtype, required),
                allowed=allowed,
                min=_number(r["min"]),
                max=_number(r["max"]),
                example=_example(r["example"], dtype),
            )
        )
    return tuple(out)


@cache
def load_group(group: str) -> tuple[TableSchema, ...]:
    """The tables of a schema group (``"world"``, ``"suppliers"``), in reading order.

    Raises
    ------
    KeyError
        If no such group is bundled.
    """
    folder = resources.files("chokepoints.tables") / "schemas" / group
    if not folder.is_dir():
        raise KeyError(group)
    tables = []
    for t in _read_csv(group, "_tables"):
        name = t["table"].strip()
        tables.append(
            TableSchema(
                name=name,
                key=t["key"].strip(),
                description=t["description"].strip(),
                columns=parse_columns(_read_csv(group, name), f"schemas/{group}/{name}.csv"),
                required=_yes(t["required"], f"schemas/{group}/_tables.csv"),
                group=group,
            )
        )
    return tuple(tables)


def schema_markdown(group: str) -> str:
    """The column reference of every table of ``group`` as Markdown (for the docs)."""
    lines: list[str] = []
    for t in load_group(group):
        lines.append(f"### `{t.name}.csv`\n")
        key = f" Key: `{t.key}`." if t.key else ""
        optional = "" if t.required else " Optional table."
        lines.append(f"{t.description}{key}{optional}\n")
        lines.append("| column | type | unit | required | default | allowed / meaning |")
        lines.append("|---|---|---|---|---|---|")
        for c in t.columns:
            default = "" if c.required or c.default == "" else repr(c.default)
            meaning = c.description
            if c.allowed:
                meaning = f"one of {', '.join(c.allowed)}. " + meaning
            if c.min is not None or c.max is not None:
                meaning += f" Expected: {c.expected()}."
            req = "yes" if c.required else "no"
            lines.append(f"| `{c.name}` | {c.dtype} | {c.unit} | {req} | {default} | {meaning} |")
        lines.append("")
    return "\n".join(lines)


def _markers(group: str) -> tuple[str, str]:
    return f"<!-- schema:{group} start -->", f"<!-- schema:{group} end -->"


def update_markdown(text: str) -> str:
    """``text`` with every generated schema section brought up to date.

    A section sits between ``<!-- schema:<group> start -->`` and
    ``<!-- schema:<group> end -->``; its body is :func:`schema_markdown` of the group.
    ``python -m chokepoints.tables docs/data.md`` rewrites a file this way, and a test
    fails when the committed docs differ.
    """
    import re

    def fill(match: re.Match[str]) -> str:
        group = match.group(1)
        start, end = _markers(group)
        return f"{start}\n\n{schema_markdown(group)}\n{end}"

    return re.sub(
        r"<!-- schema:(\w+) start -->.*?<!-- schema:\1 end -->", fill, text, flags=re.DOTALL
    )
