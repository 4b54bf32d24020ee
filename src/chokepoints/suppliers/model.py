"""The SupplierMap: a firm's multi-tier supplier map as validated tables.

Each table has the columns of :mod:`chokepoints.suppliers.schema` (plus ``_row``, the
row number in its file or sheet, used to name locations in later messages).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from chokepoints.suppliers.schema import TABLES


@dataclass
class SupplierMap:
    """A firm's supplier map.

    Parameters
    ----------
    sites, parts, lines, bom, contents, links, inventory, alternatives, substitutes
        pandas DataFrames with the columns of :mod:`chokepoints.suppliers.schema`.
    name : str
        Label shown in outputs (the folder or workbook it was read from).
    locations : dict
        Table name -> how to name it in messages (``"links.csv"`` or
        ``"map.xlsx, sheet 'links'"``).
    meta : dict
        Free-form provenance (e.g. ``synthetic: True`` for generated maps).
    """

    sites: pd.DataFrame
    parts: pd.DataFrame
    lines: pd.DataFrame
    bom: pd.DataFrame
    contents: pd.DataFrame
    links: pd.DataFrame
    inventory: pd.DataFrame
    alternatives: pd.DataFrame
    substitutes: pd.DataFrame
    name: str = "supplier map"
    locations: dict[str, str] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table by name, in schema order."""
        return {t.name: getattr(self, t.name) for t in TABLES}

    def where(self, table: str) -> str:
        """How messages name ``table`` (file or workbook sheet)."""
        return self.locations.get(table, f"{table}.csv")

    def describe(self) -> dict[str, int]:
        """Row count of each table."""
        return {k: len(v) for k, v in self.tables().items()}
