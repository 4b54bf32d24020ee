"""Written schema of the world tables.

The columns of every table of a :class:`~chokepoints.world.model.World` (dtype, unit,
required, default, allowed values, bounds, meaning) are data, in
``chokepoints/tables/schemas/world/*.csv``; this module loads them and keeps the names
the rest of the package uses. The loader (:mod:`chokepoints.world.io`, through
:mod:`chokepoints.tables`), the validator and ``docs/data.md`` all read this one
description, so they cannot drift apart (PyPSA keeps its component attributes the same
way).
"""

from __future__ import annotations

from chokepoints.tables.schema import Column, TableSchema, load_group
from chokepoints.tables.schema import schema_markdown as _markdown

__all__ = [
    "COUNTRIES",
    "FLOWS",
    "NODES",
    "PRODUCTS",
    "RECIPES",
    "SOURCES",
    "STATUSES",
    "TABLES",
    "TABLES_BY_NAME",
    "Column",
    "TableSchema",
    "schema_markdown",
]

#: All tables in load order (a table may refer only to tables before it).
TABLES: tuple[TableSchema, ...] = load_group("world")
TABLES_BY_NAME: dict[str, TableSchema] = {t.name: t for t in TABLES}
SOURCES, COUNTRIES, PRODUCTS, NODES, FLOWS, RECIPES = (
    TABLES_BY_NAME[n] for n in ("sources", "countries", "products", "nodes", "flows", "recipes")
)
#: How a row was obtained (the ``status`` column of every table).
STATUSES: tuple[str, ...] = SOURCES.column("status").allowed or ()


def schema_markdown() -> str:
    """The column reference of every world table as Markdown (used in docs/data.md)."""
    return _markdown("world")
