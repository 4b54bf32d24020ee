"""The bundled multi-regional input-output table and the maps onto it.

The table is the WIOD world input-output table for 2011 (2013 release): 40 countries and
a rest of the world, 35 industries, million current US$ (``data/economy/``, built from the
shared raw CSVs by ``build_wiod.py``). :func:`load_wiod` returns it as a small object with
``Z``, ``Y`` (pandas, indexed by (region, sector)) and ``x``, the form
:func:`chokepoints.engines.dynamics.compile_mrio` takes (a pymrio ``IOSystem`` has the same
attributes, so a newer table from pymrio plugs in the same way: see docs/economy.md).
"""

from __future__ import annotations

import csv
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd

from chokepoints.engines import economy as eng
from chokepoints.errors import DataError

#: EU member states (EU27 of 2020) that WIOD 2013 lists; Croatia is not in WIOD (its
#: part of an ``EU27`` shock goes nowhere: said in docs/economy.md). Romania is ``ROM``.
EU27_IN_WIOD = (
    "AUT BEL BGR CYP CZE DEU DNK ESP EST FIN FRA GRC HUN IRL ITA LTU LUX LVA MLT NLD POL "
    "PRT ROM SVK SVN SWE"
).split()
#: World codes whose WIOD code differs.
WIOD_CODE = {"ROU": "ROM", "ROW": "RoW"}


@dataclass
class MRIOTable:
    """An MRIO in the form ``compile_mrio`` takes, plus labels and value added.

    Attributes
    ----------
    Z, Y : pandas.DataFrame
        Intermediate flows (n x n) and final demand (n x categories), indexed by
        (region, sector), the table's money unit per year.
    x : pandas.Series
        Gross output, same index (row sums of Z and Y for the bundled table, so it is
        balanced; ``x_published`` keeps the table's own).
    name : str
        What the table is (shown in results).
    money_unit_usd : float
        US$ per unit of the table's values (1e6 for million US$).
    sector_names : dict
        Sector code -> name.
    industry_of : dict, optional
        World end-use sector (``ev``, ``wind``...) -> this table's industry label, for a
        table other than WIOD (default: the WIOD codes of ``sector_mapping.csv``).
    region_of : dict, optional
        World country (``EU27``, ``VNM``...) -> {table region: share}, overriding
        :func:`region_weights`' rules (needed for tables without a ``RoW`` region,
        e.g. EXIOBASE's five rest-of-world regions).
    """

    Z: pd.DataFrame
    Y: pd.DataFrame
    x: pd.Series
    name: str
    money_unit_usd: float = 1e6
    sector_names: dict[str, str] = field(default_factory=dict)
    A: Any = None
    x_published: pd.Series | None = None
    industry_of: dict[str, str] = field(default_factory=dict)
    region_of: dict[str, dict[str, float]] = field(default_factory=dict)

    def industry(self, world_sector: str, default: str) -> str:
        """The table's industry for a world end-use sector (``industry_of`` or the
        WIOD code of ``sector_mapping.csv``)."""
        return self.industry_of.get(world_sector, default)

    @property
    def regions(self) -> list[str]:
        return sorted(set(self.Z.index.get_level_values(0)))

    @property
    def sectors(self) -> list[str]:
        return sorted(set(self.Z.index.get_level_values(1)))

    def value_added_coefficients(self) -> pd.Series:
        """Value added per unit of output (x minus column sums of Z, over x), 0..1."""
        v, _ = eng.value_added_coefficients(self.Z.to_numpy(), self.x.to_numpy())
        return pd.Series(v, index=self.x.index)


@lru_cache(maxsize=1)
def load_wiod() -> MRIOTable:
    """The bundled WIOD 2011 table (41 regions x 35 industries, million US$)."""
    path = resources.files("chokepoints.data").joinpath("economy", "wiod2013_2011.npz")
    with path.open("rb") as f:
        d = np.load(f)
        idx = pd.MultiIndex.from_arrays(
            [d["row_region"].astype(str), d["row_sector"].astype(str)], names=["region", "sector"]
        )
        Z = pd.DataFrame(d["Z"].astype(np.float64), index=idx, columns=idx)
        Y = pd.DataFrame(d["Y"].astype(np.float64), index=idx, columns=d["y_columns"].astype(str))
        published = pd.Series(d["x"].astype(np.float64), index=idx, name="gross_output")
        names = dict(zip(d["sectors"].astype(str), d["sector_names"].astype(str), strict=True))
    # The packaged values are whole millions, so published x differs from Z + Y by up to
    # 108 per row; an unbalanced table drifts in the ARIO engine with no shock at all. Use
    # the balanced output x = row sums of Z + row sums of Y (the published x is kept).
    x = (Z.sum(axis=1) + Y.sum(axis=1)).rename("gross_output")
    return MRIOTable(
        Z=Z,
        Y=Y,
        x=x,
        name="WIOD 2013 release, year 2011",
        sector_names=names,
        x_published=published,
    )


def region_weights(
    table: MRIOTable, world_region: str, sector: str, held_separately: Collection[str] = ()
) -> dict[str, float]:
    """How a world region's shock to ``sector`` is split over the table's regions.

    A region the table has gets all of it; ``EU27`` is split over the EU members in the
    table by their 2011 gross output of the sector, leaving out the members the world
    holds as regions of their own (``held_separately``, world codes such as ``DEU``):
    there ``EU27`` means the rest of the EU. Any other region goes to ``RoW``.
    """
    if world_region in table.region_of:
        return dict(table.region_of[world_region])
    regions = set(table.regions)
    code = WIOD_CODE.get(world_region, world_region)
    if code in regions:
        return {code: 1.0}
    if world_region == "EU27":
        own = {WIOD_CODE.get(c, c) for c in held_separately}
        members = [r for r in EU27_IN_WIOD if r in regions and r not in own]
        out = np.array([float(table.x.get((r, sector), 0.0)) for r in members])
        if out.sum() <= 0:
            raise DataError(
                f"{table.name}: the EU members (other than {sorted(own)}) have no output of "
                f"sector {sector!r}; cannot split an EU27 shock"
            )
        return dict(zip(members, (out / out.sum()).tolist(), strict=True))
    if "RoW" in regions:
        return {"RoW": 1.0}
    raise DataError(f"{table.name}: no region for {world_region!r} and no 'RoW' region")


def _read(name: str) -> list[dict[str, str]]:
    path = resources.files("chokepoints.data").joinpath("economy", name)
    with path.open("r", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@lru_cache(maxsize=1)
def products() -> dict[str, dict[str, Any]]:
    """Sourced magnet content and unit value of products (``data/economy/products.csv``).

    Each entry: ``unit``, ``magnet_kg_per_unit`` and ``magnet_kg_range`` (low, high; the
    central value twice where the source gives no range), ``unit_value_usd``,
    ``value_year``, ``usd_per_t_magnet`` (unit value / magnet t per unit) with
    ``usd_per_t_magnet_low`` / ``_high`` at the ends of the range, and the sources.
    """
    out: dict[str, dict[str, Any]] = {}
    for i, r in enumerate(_read("products.csv"), start=2):
        try:
            kg = float(r["magnet_kg_per_unit"])
            value = float(r["unit_value_usd"])
        except ValueError as e:
            raise DataError(f"products.csv, row {i}: {e} (expected numbers)") from e
        if kg <= 0 or value <= 0:
            raise DataError(f"products.csv, row {i}: magnet kg and unit value must be > 0")
        lo_hi = []
        for name in ("magnet_kg_low", "magnet_kg_high"):
            raw = (r.get(name) or "").strip()
            try:
                lo_hi.append(float(raw) if raw else kg)
            except ValueError as e:
                raise DataError(
                    f"products.csv, row {i}, field {name!r}: {raw!r} (expected a number)"
                ) from e
        if not 0 < lo_hi[0] <= kg <= lo_hi[1]:
            raise DataError(
                f"products.csv, row {i}: magnet kg range {lo_hi} must hold the central "
                f"value {kg} (expected 0 < low <= central <= high)"
            )
        entry: dict[str, Any] = dict(r)
        entry["magnet_kg_per_unit"] = kg
        entry["magnet_kg_range"] = (lo_hi[0], lo_hi[1])
        entry["unit_value_usd"] = value
        entry["usd_per_t_magnet"] = value / (kg / 1000.0)
        # the value per t of magnet at the ends of the magnet-content range: more kg per
        # unit -> fewer units -> less value (the band's low end)
        entry["usd_per_t_magnet_low"] = value / (lo_hi[1] / 1000.0)
        entry["usd_per_t_magnet_high"] = value / (lo_hi[0] / 1000.0)
        out[r["product"]] = entry
    return out


@lru_cache(maxsize=1)
def sector_mapping() -> dict[str, dict[str, Any]]:
    """World end-use sector -> product, WIOD industry, whether valued by default, and the
    product and industry used instead when the sector is named in ``include``
    (``include_product``, ``include_wiod_sector``; None where there is none)."""
    out: dict[str, dict[str, Any]] = {}
    prods = products()
    for i, r in enumerate(_read("sector_mapping.csv"), start=2):
        for name in ("product", "include_product"):
            val = (r.get(name) or "").strip()
            if val and val not in prods:
                raise DataError(
                    f"sector_mapping.csv, row {i}, field {name!r}: {val!r} is not in products.csv"
                )
        inc = (r.get("include_product") or "").strip() or None
        out[r["world_sector"]] = {
            "product": r["product"] or None,
            "wiod_sector": r["wiod_sector"],
            "valued_by_default": r["valued_by_default"].strip().lower() == "true",
            "include_product": inc,
            "include_wiod_sector": (r.get("include_wiod_sector") or "").strip() or None,
            "reason": r["reason"],
        }
        if inc and not out[r["world_sector"]]["include_wiod_sector"]:
            raise DataError(
                f"sector_mapping.csv, row {i}, field 'include_wiod_sector': empty, but "
                f"include_product is {inc!r} (expected the WIOD industry that makes it)"
            )
    return out
