"""The World: the supply network as validated, columnar tables.

A :class:`World` holds six pandas tables whose columns are written down in
:mod:`chokepoints.world.schema`: ``sources``, ``countries``, ``products``, ``nodes``,
``flows`` and ``recipes``. Country-level and firm-level networks share this one
structure: a firm's plant is a node whose ``actor`` is ``firm:<ID>`` and whose
``country`` says where it produces, so policy applies to it unchanged.

Examples
--------
>>> from chokepoints.world import load_world
>>> world = load_world()  # the bundled rare-earth world
>>> int(world.nodes.loc["CHN:ore", "production_t_per_yr"])
270000
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from chokepoints.errors import NotFoundError
from chokepoints.world.vocabulary import STAGES


@dataclass
class World:
    """The supply network. Tables are indexed by their key column (kept as a column too).

    Parameters
    ----------
    sources, countries, products, nodes, flows, recipes : pandas.DataFrame
        Tables with the columns of :mod:`chokepoints.world.schema`.
    name : str
        Label shown in outputs (``"bundled"`` or the folder the world was read from).
    meta : dict
        Free-form provenance: data version, build script, base year.
    """

    sources: pd.DataFrame
    countries: pd.DataFrame
    products: pd.DataFrame
    nodes: pd.DataFrame
    flows: pd.DataFrame
    recipes: pd.DataFrame
    name: str = "world"
    meta: dict[str, Any] = field(default_factory=dict)

    # -- lookups ---------------------------------------------------------------------
    def table(self, name: str) -> pd.DataFrame:
        """Return a table by name (``"nodes"``, ``"flows"``...)."""
        tables = self.tables()
        if name not in tables:
            raise NotFoundError("table", name, tables)
        return tables[name]

    def tables(self) -> dict[str, pd.DataFrame]:
        return {
            "sources": self.sources,
            "countries": self.countries,
            "products": self.products,
            "nodes": self.nodes,
            "flows": self.flows,
            "recipes": self.recipes,
        }

    def check_country(self, iso3: str) -> str:
        """Return ``iso3`` upper-cased if the world knows it, else raise NotFoundError."""
        code = iso3.strip().upper()
        if code not in self.countries.index:
            raise NotFoundError("country", iso3, self.countries.index)
        return code

    def resolve_products(self, product: str) -> list[str]:
        """Product ids matching ``product``: an exact id, a stage name, or a prefix.

        ``"magnet"`` gives every magnet product, ``"oxide:Dy"`` just that one,
        ``"Dy"`` every product whose id ends in ``:Dy``.
        """
        ids = list(self.products.index)
        if product in ids:
            return [product]
        if product in STAGES:
            return [p for p in ids if self.products.loc[p, "stage"] == product]
        matches = [p for p in ids if p.startswith(product + ":") or p.endswith(":" + product)]
        if not matches:
            raise NotFoundError("product", product, ids + list(STAGES))
        return matches

    def stage_of(self, product_id: str) -> str:
        return str(self.products.loc[product_id, "stage"])

    def describe(self) -> dict[str, int]:
        """Row count of each table."""
        return {name: len(df) for name, df in self.tables().items()}
