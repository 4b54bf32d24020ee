"""Written schema of a supplier map: one table per CSV file or XLSX sheet.

A supplier map describes one firm's multi-tier supply of controlled rare-earth
content. The tables and their columns (dtype, unit, required, default, allowed values,
bounds, meaning) are data, in ``chokepoints/tables/schemas/suppliers/*.csv``; the
reader (:mod:`chokepoints.tables`), the validator, ``chokepoints suppliers template``
and the docs all use this one description. The allowed units and content items below
are the ones those files list (a test checks they agree).

Tables
------
``sites``        plants and firms with their country (ISO3).
``parts``        parts and materials with their unit and the world product they are.
``lines``        product lines: a part made at a site, with daily output and value.
``bom``          bill of materials: child parts per unit of a parent part.
``contents``     controlled-element content per unit of a part (kg Dy per motor ...).
``links``        supplier site -> customer site deliveries of a part, with share,
                 volume and lead time.
``inventory``    stock of a part held at a site, in days of use or in the part's unit.
``alternatives`` alternative suppliers of a part for a site, qualified or not.
``substitutes``  substitute parts (Dy-free grade, ferrite motor) with penalty and
                 qualification time.
"""

from __future__ import annotations

from chokepoints.tables.schema import Column, TableSchema, load_group

#: A supplier-map table (the shared :class:`~chokepoints.tables.schema.TableSchema`).
Table = TableSchema
__all__ = [
    "CONTENT_ITEMS",
    "CONTENT_ORIGIN_PRODUCTS",
    "MASS_UNITS",
    "PART_UNITS",
    "TABLES",
    "TABLES_BY_NAME",
    "Column",
    "Table",
]

#: Mass units accepted for element content, with kg per unit.
MASS_UNITS: dict[str, float] = {"mg": 1e-6, "g": 1e-3, "kg": 1.0, "t": 1000.0}
#: Units a part may be counted in (pieces or a mass unit).
PART_UNITS: tuple[str, ...] = ("piece", *MASS_UNITS)
#: Controlled elements (and magnet materials) whose content a map may declare.
#: ``NdFeB`` and ``SmCo`` are magnet mass; ``NdPr`` covers Nd and Pr together.
CONTENT_ITEMS: tuple[str, ...] = ("Dy", "Tb", "NdPr", "Nd", "Pr", "Sm", "NdFeB", "SmCo")
#: World product whose origin stands for each content item when tiers are inferred.
CONTENT_ORIGIN_PRODUCTS: dict[str, tuple[str, ...]] = {
    "Dy": ("oxide:Dy",),
    "Tb": ("oxide:Tb",),
    "NdPr": ("oxide:NdPr",),
    "Nd": ("oxide:NdPr",),
    "Pr": ("oxide:NdPr",),
    "Sm": ("oxide:Sm",),
    "NdFeB": ("magnet:ndfeb", "magnet:ndfeb_hre"),
    "SmCo": ("magnet:smco",),
}


#: The tables of a map, read from ``chokepoints/tables/schemas/suppliers/*.csv`` (one
#: row per column: dtype, unit, required, default, allowed values, bounds, example,
#: meaning), in the order they are read and validated.
TABLES: tuple[Table, ...] = load_group("suppliers")
TABLES_BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}
(
    SITES,
    PARTS,
    LINES,
    BOM,
    CONTENTS,
    LINKS,
    INVENTORY,
    ALTERNATIVES,
    SUBSTITUTES,
) = (
    TABLES_BY_NAME[n]
    for n in (
        "sites",
        "parts",
        "lines",
        "bom",
        "contents",
        "links",
        "inventory",
        "alternatives",
        "substitutes",
    )
)
