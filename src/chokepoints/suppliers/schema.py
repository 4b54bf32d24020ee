"""Written schema of a supplier map: one table per CSV file or XLSX sheet.

A supplier map describes one firm's multi-tier supply of controlled rare-earth
content. The tables, their columns (dtype, unit, required, default, meaning) are
listed here once; the reader, the validator, ``chokepoints suppliers template`` and
``docs/suppliers.md`` all use this description.

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

from dataclasses import dataclass, field

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


@dataclass(frozen=True)
class Column:
    """One column of a supplier-map table."""

    name: str
    dtype: str  # "str", "float", "bool"
    unit: str
    description: str
    required: bool = True
    default: object = None
    allowed: tuple[str, ...] | None = None
    min: float | None = None
    max: float | None = None
    example: object = None


@dataclass(frozen=True)
class Table:
    """One supplier-map table (a CSV file ``<name>.csv`` or an XLSX sheet ``<name>``)."""

    name: str
    description: str
    columns: tuple[Column, ...] = field(default_factory=tuple)
    required: bool = True

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


SITES = Table(
    "sites",
    "Plants and firms, each with the country where it produces.",
    (
        Column(
            "site_id", "str", "", "Stable id of the plant, e.g. 'ACME-LEIPZIG'.", example="OEM-DE"
        ),
        Column("firm", "str", "", "Firm that runs the plant.", example="Example Motors"),
        Column(
            "country",
            "str",
            "ISO3",
            "ISO 3166-1 alpha-3 code of the plant's country.",
            example="DEU",
        ),
        Column("description", "str", "", "Free text.", required=False, default=""),
    ),
)

PARTS = Table(
    "parts",
    "Parts and materials, their counting unit and the world product they correspond to.",
    (
        Column(
            "part_id", "str", "", "Stable id of the part, e.g. 'MOTOR-T1'.", example="MAGNET-SH"
        ),
        Column("name", "str", "", "Human-readable name.", example="sintered NdFeB, Dy-bearing"),
        Column("unit", "str", "", "Unit the part is counted in.", allowed=PART_UNITS, example="kg"),
        Column(
            "world_product",
            "str",
            "",
            "Product id of the bundled world this part is (e.g. 'magnet:ndfeb_hre', "
            "'component:traction_motor'); empty if none. Policy measures and inferred "
            "upstream tiers are found through it.",
            required=False,
            default="",
            example="magnet:ndfeb_hre",
        ),
        Column(
            "unit_cost_usd",
            "float",
            "US$ per part unit",
            "Purchase cost of one unit, used to cost extra stock (NaN if unknown).",
            required=False,
            default=float("nan"),
            min=0.0,
            example=80.0,
        ),
    ),
)

LINES = Table(
    "lines",
    "Product lines: a part made at a site for sale, with its daily output.",
    (
        Column("line_id", "str", "", "Stable id of the product line.", example="EV-SEDAN"),
        Column("site_id", "str", "", "Site (of sites) where the line runs.", example="OEM-DE"),
        Column("part_id", "str", "", "Part (of parts) the line makes.", example="CAR-EV"),
        Column(
            "output_per_day",
            "float",
            "part unit per day",
            "Baseline output.",
            min=0.0,
            example=800.0,
        ),
        Column(
            "value_usd_per_unit",
            "float",
            "US$ per part unit",
            "Value of one unit of output, used to value output lost (NaN if unknown).",
            required=False,
            default=float("nan"),
            min=0.0,
            example=42000.0,
        ),
    ),
)

BOM = Table(
    "bom",
    "Bill of materials: how much of a child part one unit of a parent part uses.",
    (
        Column("parent_part", "str", "", "Part made (of parts).", example="MOTOR-T1"),
        Column("child_part", "str", "", "Part used (of parts).", example="MAGNET-SH"),
        Column(
            "quantity",
            "float",
            "child unit per parent unit",
            "Quantity of child per unit of parent.",
            min=0.0,
            example=1.75,
        ),
        Column(
            "unit",
            "str",
            "",
            "Unit of 'quantity'; must equal the child part's unit.",
            allowed=PART_UNITS,
            example="kg",
        ),
    ),
)

CONTENTS = Table(
    "contents",
    "Controlled-element content of one unit of a part, where the user knows it. A part "
    "without a row gets the sum over its bill of materials; a row overrides that sum.",
    (
        Column("part_id", "str", "", "Part (of parts).", example="MAGNET-SH"),
        Column(
            "element",
            "str",
            "",
            "Element or magnet material: Dy, Tb, NdPr (Nd, Pr), Sm, NdFeB or SmCo (magnet mass).",
            allowed=CONTENT_ITEMS,
            example="Dy",
        ),
        Column(
            "quantity",
            "float",
            "'unit' per part unit",
            "Content per unit of the part.",
            min=0.0,
            example=0.04,
        ),
        Column(
            "unit", "str", "", "Mass unit of 'quantity'.", allowed=tuple(MASS_UNITS), example="kg"
        ),
    ),
)

LINKS = Table(
    "links",
    "Deliveries of a part from a supplier site to a customer site. For one (customer "
    "site, part) the shares should sum to 1.",
    (
        Column("supplier_site", "str", "", "Site (of sites) that ships.", example="MAG-JP"),
        Column("customer_site", "str", "", "Site (of sites) that receives.", example="MOT-DE"),
        Column("part_id", "str", "", "Part delivered (of parts).", example="MAGNET-SH"),
        Column(
            "share",
            "float",
            "fraction",
            "Share of the customer's need of this part the supplier covers, 0..1.",
            min=0.0,
            max=1.0,
            example=1.0,
        ),
        Column(
            "volume",
            "float",
            "'volume_unit' per day",
            "Baseline volume per day (informational; the need follows from lines and bom).",
            required=False,
            default=float("nan"),
            min=0.0,
            example=1400.0,
        ),
        Column(
            "volume_unit",
            "str",
            "",
            "Unit of 'volume'; must equal the part's unit.",
            required=False,
            default="",
            example="kg",
        ),
        Column(
            "lead_time_days",
            "float",
            "days",
            "Days from shipment to arrival.",
            required=False,
            default=0.0,
            min=0.0,
            example=35.0,
        ),
    ),
)

INVENTORY = Table(
    "inventory",
    "Stock of a part on hand at a site, in days of use or in the part's unit.",
    (
        Column("site_id", "str", "", "Site (of sites) holding the stock.", example="MOT-DE"),
        Column("part_id", "str", "", "Part (of parts).", example="MAGNET-SH"),
        Column("quantity", "float", "'unit'", "Stock on hand.", min=0.0, example=35.0),
        Column(
            "unit",
            "str",
            "",
            "'days' (of baseline use) or the part's unit.",
            allowed=("days", *PART_UNITS),
            example="days",
        ),
    ),
    required=False,
)

ALTERNATIVES = Table(
    "alternatives",
    "Alternative suppliers of a part for a customer site (not used at baseline).",
    (
        Column("customer_site", "str", "", "Site (of sites) that would buy.", example="MOT-DE"),
        Column("part_id", "str", "", "Part (of parts).", example="MAGNET-SH"),
        Column(
            "alternative_site", "str", "", "Site (of sites) that could supply.", example="MAG-VN"
        ),
        Column(
            "capacity_share",
            "float",
            "fraction",
            "Share of the customer's need the alternative could cover, 0..1.",
            min=0.0,
            max=1.0,
            example=0.5,
        ),
        Column(
            "qualification_days",
            "float",
            "days",
            "Days to qualify it (0 if already qualified).",
            min=0.0,
            example=90.0,
        ),
        Column(
            "lead_time_days",
            "float",
            "days",
            "Days from shipment to arrival.",
            required=False,
            default=0.0,
            min=0.0,
            example=30.0,
        ),
        Column(
            "cost_usd",
            "float",
            "US$",
            "One-off cost of qualifying plus the price premium over the horizon.",
            required=False,
            default=0.0,
            min=0.0,
            example=250000.0,
        ),
    ),
    required=False,
)

SUBSTITUTES = Table(
    "substitutes",
    "Parts that can replace another (a Dy-free magnet grade, a ferrite motor).",
    (
        Column("part_id", "str", "", "Part replaced (of parts).", example="MAGNET-SH"),
        Column("substitute_part", "str", "", "Replacement (of parts).", example="MAGNET-DYFREE"),
        Column(
            "site_id",
            "str",
            "",
            "Site using it (of sites); empty: every site using the part.",
            required=False,
            default="",
            example="MOT-DE",
        ),
        Column(
            "supplier_site",
            "str",
            "",
            "Site (of sites) that would supply the substitute; empty: no named supplier "
            "(a supplier outside the controls is assumed).",
            required=False,
            default="",
            example="MAG-JP",
        ),
        Column(
            "penalty",
            "float",
            "fraction",
            "Share of output lost while the substitute is used (performance, yield), 0..1.",
            min=0.0,
            max=1.0,
            example=0.1,
        ),
        Column(
            "qualification_days",
            "float",
            "days",
            "Days to qualify the substitute.",
            min=0.0,
            example=180.0,
        ),
        Column(
            "cost_usd",
            "float",
            "US$",
            "One-off cost of qualifying and switching.",
            required=False,
            default=0.0,
            min=0.0,
            example=1500000.0,
        ),
    ),
    required=False,
)

#: All tables, in the order they are read and validated.
TABLES: tuple[Table, ...] = (
    SITES,
    PARTS,
    LINES,
    BOM,
    CONTENTS,
    LINKS,
    INVENTORY,
    ALTERNATIVES,
    SUBSTITUTES,
)
TABLES_BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}
