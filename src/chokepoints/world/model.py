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

import logging
import os
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from chokepoints.errors import NotFoundError
from chokepoints.world.vocabulary import STAGES

#: Logger of notes for the user (an input was read in a way worth saying, not an error).
NOTES_LOGGER = "chokepoints.notes"


@dataclass(repr=False)
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
        """The world's region for ``iso3`` (upper-cased), else raise NotFoundError.

        An EU member the world does not hold as a country of its own (``ESP`` in the
        bundled world) maps to ``EU27``, and a note saying so is logged to the
        ``chokepoints.notes`` logger (the CLI prints it as ``Note: ...`` on stderr).
        """
        from chokepoints.world.vocabulary import resolve_region

        code, note = resolve_region(iso3, self.countries.index, self.name)
        if code not in self.countries.index:
            raise NotFoundError("country", iso3, self.countries.index)
        if note:
            logging.getLogger(NOTES_LOGGER).warning(note)
        return code

    # -- the front door ------------------------------------------------------------
    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None, *, validate: bool = True) -> World:
        """Load the bundled world (no ``path``) or a user world (folder, .xlsx or .yaml).

        Same as :func:`chokepoints.world.load_world`.

        Examples
        --------
        >>> from chokepoints import World
        >>> World.load().describe()["countries"] > 10
        True
        """
        from chokepoints.world.io import load_world

        return load_world(path, validate=validate)

    @property
    def vocabulary(self) -> dict[str, Any]:
        """Product id -> :class:`~chokepoints.world.vocabulary.ProductSpec` of this world."""
        from chokepoints.world.vocabulary import products_from_table

        return products_from_table(self.products)

    def __repr__(self) -> str:
        counts = ", ".join(f"{k}={v}" for k, v in self.describe().items())
        version = self.meta.get("data_version")
        extra = f", data_version={version!r}" if version else ""
        return f"<World {self.name!r}: {counts}{extra}>"

    def _repr_html_(self) -> str:
        from html import escape

        rows = "".join(
            f"<tr><td>{escape(k)}</td><td style='text-align:right'>{v}</td></tr>"
            for k, v in self.describe().items()
        )
        stages = self.products["stage"].value_counts().reindex(STAGES).dropna()
        chain = " &rarr; ".join(f"{escape(str(s))} ({int(n)})" for s, n in stages.items())
        return (
            f"<div><strong>World {escape(self.name)}</strong>"
            f"<p>products by stage: {chain}</p>"
            f"<table><tr><th>table</th><th>rows</th></tr>{rows}</table></div>"
        )

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
