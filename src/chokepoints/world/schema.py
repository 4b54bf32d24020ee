"""Written schema of the world tables.

Every table of a :class:`~chokepoints.world.model.World` is described here, column by
column (dtype, unit, required, default, allowed values, meaning). The loader, the
validator and ``docs/data.md`` all read this one description, so they cannot drift
apart (PyPSA keeps its component attributes the same way).
"""

from __future__ import annotations

from dataclasses import dataclass, field

STATUSES: tuple[str, ...] = ("primary", "secondary", "derived", "estimated")


@dataclass(frozen=True)
class Column:
    """One column of a world table."""

    name: str
    dtype: str  # "str", "float", "bool"
    unit: str
    description: str
    required: bool = True
    default: object = None
    allowed: tuple[str, ...] | None = None
    nonnegative: bool = False


@dataclass(frozen=True)
class TableSchema:
    """One world table: its key column and its columns, in file order."""

    name: str
    key: str
    description: str
    columns: tuple[Column, ...] = field(default_factory=tuple)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


_PROVENANCE = (
    Column(
        "source",
        "str",
        "",
        "Source id(s) from sources.csv, separated by ';'.",
    ),
    Column(
        "status",
        "str",
        "",
        "How the row was obtained: primary (an official statistic), secondary (press "
        "or a summary of a primary source), derived (computed from sourced numbers by the "
        "build script), estimated (a modelling estimate; see method).",
        allowed=STATUSES,
    ),
    Column(
        "method",
        "str",
        "",
        "How a derived or estimated value was obtained (empty for primary rows).",
        required=False,
        default="",
    ),
)

COUNTRIES = TableSchema(
    "countries",
    "iso3",
    "Countries and aggregates that appear as actors.",
    (
        Column("iso3", "str", "", "ISO 3166-1 alpha-3 code, or ROW for the rest of the world."),
        Column("name", "str", "", "Short English name."),
        *_PROVENANCE,
    ),
)

PRODUCTS = TableSchema(
    "products",
    "product_id",
    "Products along the stage chain, with their unit, element content and HS codes.",
    (
        Column("product_id", "str", "", "Stable id '<stage>:<name>', e.g. 'oxide:Dy'."),
        Column(
            "stage",
            "str",
            "",
            "Stage of the chain.",
            allowed=("ore", "oxide", "metal", "magnet", "component", "sector"),
        ),
        Column("name", "str", "", "Human-readable name."),
        Column("unit", "str", "", "Unit of every quantity of this product."),
        Column("elements", "str", "", "Rare-earth elements contained, ';'-separated symbols."),
        Column("hs_codes", "str", "", "HS 2022 codes, ';'-separated.", required=False, default=""),
        Column("description", "str", "", "What the product is.", required=False, default=""),
        *_PROVENANCE,
    ),
)

NODES = TableSchema(
    "nodes",
    "node_id",
    "Actors (a country aggregate or a firm's plant) making one product.",
    (
        Column("node_id", "str", "", "Stable id '<actor>:<product_id>', e.g. 'CHN:oxide:Dy'."),
        Column("actor", "str", "", "ISO3 country code, or 'firm:<ID>' for a firm's plant."),
        Column("country", "str", "", "ISO3 code of the country where the node produces."),
        Column("product_id", "str", "", "Product made (a product_id of products.csv)."),
        Column(
            "production_t_per_yr",
            "float",
            "product unit per year",
            "Baseline output in the product's unit (t REO, t product, t magnet-equivalent).",
            nonnegative=True,
        ),
        Column(
            "capacity_t_per_yr",
            "float",
            "product unit per year",
            "Maximum output; equal to baseline output where no capacity data exist.",
            nonnegative=True,
        ),
        Column(
            "inventory_days",
            "float",
            "days",
            "Stock of each input held, in days of baseline use.",
            required=False,
            default=30.0,
            nonnegative=True,
        ),
        Column(
            "price_usd_per_t",
            "float",
            "US$ per product unit",
            "Baseline price, used to value lost output (NaN if unknown).",
            required=False,
            default=float("nan"),
            nonnegative=True,
        ),
        *_PROVENANCE,
    ),
)

FLOWS = TableSchema(
    "flows",
    "flow_id",
    "Supplier node -> customer node deliveries of the supplier's product.",
    (
        Column("flow_id", "str", "", "Stable id '<supplier_node>><customer_node>'."),
        Column("supplier_node", "str", "", "node_id of the supplier."),
        Column("customer_node", "str", "", "node_id of the customer (uses it as an input)."),
        Column("product_id", "str", "", "Product delivered (the supplier's product)."),
        Column(
            "quantity_t_per_yr",
            "float",
            "product unit per year",
            "Baseline quantity delivered per year.",
            nonnegative=True,
        ),
        Column(
            "value_usd_per_yr",
            "float",
            "US$ per year",
            "Baseline value per year (NaN if not observed).",
            required=False,
            default=float("nan"),
            nonnegative=True,
        ),
        Column(
            "lead_time_days",
            "float",
            "days",
            "Days from shipment to arrival.",
            required=False,
            default=0.0,
            nonnegative=True,
        ),
        *_PROVENANCE,
    ),
)

RECIPES = TableSchema(
    "recipes",
    "recipe_id",
    "Inputs needed per unit of output, for every node making the output product.",
    (
        Column("recipe_id", "str", "", "Stable id '<output_product_id><<input_product_id>'."),
        Column("output_product_id", "str", "", "Product made."),
        Column("input_product_id", "str", "", "Product used."),
        Column(
            "input_per_output",
            "float",
            "input unit per output unit",
            "Quantity of input per unit of output (e.g. t REO of Dy oxide per t REO Dy metal).",
            nonnegative=True,
        ),
        Column(
            "substitute_for",
            "str",
            "",
            "If set, this input can replace the named input when that runs short.",
            required=False,
            default="",
        ),
        Column(
            "substitution_penalty",
            "float",
            "fraction",
            "Share of output lost per unit of output made with the substitute (0..1).",
            required=False,
            default=0.0,
            nonnegative=True,
        ),
        *_PROVENANCE,
    ),
)

SOURCES = TableSchema(
    "sources",
    "source_id",
    "Where the numbers come from: one row per source, referred to by every table.",
    (
        Column("source_id", "str", "", "Short id used in the 'source' columns."),
        Column("publisher", "str", "", "Who published it."),
        Column("title", "str", "", "Title of the publication or table."),
        Column("url", "str", "", "Address where it was read.", required=False, default=""),
        Column("date", "str", "", "Publication or data date.", required=False, default=""),
        Column("licence", "str", "", "Terms of reuse.", required=False, default=""),
        Column("units", "str", "", "Units of the figures used.", required=False, default=""),
        Column("status", "str", "", "primary|secondary|derived|estimated", allowed=STATUSES),
        Column("note", "str", "", "What was taken from it.", required=False, default=""),
    ),
)

#: All tables in load order (a table may refer only to tables before it).
TABLES: tuple[TableSchema, ...] = (SOURCES, COUNTRIES, PRODUCTS, NODES, FLOWS, RECIPES)
TABLES_BY_NAME: dict[str, TableSchema] = {t.name: t for t in TABLES}


def schema_markdown() -> str:
    """The column reference of every world table as Markdown (used in docs/data.md)."""
    lines: list[str] = []
    for t in TABLES:
        lines.append(f"### `{t.name}.csv`\n")
        lines.append(f"{t.description} Key: `{t.key}`.\n")
        lines.append("| column | type | unit | required | default | allowed / meaning |")
        lines.append("|---|---|---|---|---|---|")
        for c in t.columns:
            default = "" if c.default is None else repr(c.default)
            meaning = c.description
            if c.allowed:
                meaning = f"one of {', '.join(c.allowed)}. " + meaning
            if c.nonnegative:
                meaning += " Must be >= 0."
            req = "yes" if c.required else "no"
            lines.append(f"| `{c.name}` | {c.dtype} | {c.unit} | {req} | {default} | {meaning} |")
        lines.append("")
    return "\n".join(lines)
