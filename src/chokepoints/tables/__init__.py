"""One schema and reader layer for every input table.

- :mod:`chokepoints.tables.schema`: table schemas as data (``schemas/<group>/*.csv``:
  column, dtype, unit, required, default, allowed, bounds, example, description).
- :mod:`chokepoints.tables.reader`: one reader for CSV, XLSX and YAML that applies a
  schema, with one meaning of "row" (the row number a spreadsheet shows; the header is
  row 1), unknown columns reported with the near match, and pydantic errors in the
  same words.

Examples
--------
>>> from chokepoints.tables import load_group
>>> [t.name for t in load_group("world")]
['sources', 'countries', 'products', 'nodes', 'flows', 'recipes']
"""

from chokepoints.tables.reader import (
    HEADER_ROW,
    ROW_COLUMN,
    coerce_rows,
    did_you_mean,
    empty_frame,
    pydantic_problems,
    read_table,
    read_tables,
)
from chokepoints.tables.schema import Column, TableSchema, load_group, schema_markdown

__all__ = [
    "HEADER_ROW",
    "ROW_COLUMN",
    "Column",
    "TableSchema",
    "coerce_rows",
    "did_you_mean",
    "empty_frame",
    "load_group",
    "pydantic_problems",
    "read_table",
    "read_tables",
    "schema_markdown",
]
