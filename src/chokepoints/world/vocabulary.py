"""The vocabulary of the rare-earth world: stages, elements and products.

The world's ``products`` table is the vocabulary. The bundled catalogue below
(:data:`PRODUCTS`) is what the bundled world's table is built from; a user world may add
products (``oxide:Ga``), and :data:`PRODUCTS_BY_ID` (what the policy gates look products
up in) sees them once the world is loaded, or inside :func:`use_vocabulary`.

Product identifiers are stable strings ``<stage>:<name>`` (``oxide:Dy``,
``magnet:ndfeb_hre``); node identifiers add the actor in front
(``CHN:oxide:Dy``, or ``firm:JLMAG:magnet:ndfeb_hre`` for a firm's plant).

Units
-----
- ``ore``, ``oxide`` and ``metal`` quantities are tonnes of rare-earth oxide
  equivalent (t REO). Metal is counted in the oxide it was made from, so a recipe
  ``metal:Dy <- oxide:Dy`` is 1:1 in t REO.
- ``magnet`` quantities are tonnes of magnet (t product).
- ``component`` and ``sector`` quantities are tonnes of magnet embodied
  (t magnet-equivalent): what matters downstream is the share of baseline
  output that can still be made, and counting in embodied magnet keeps mass
  balance exact. ``units_per_t_magnet`` converts to pieces where a sourced
  magnet mass per piece exists.

HS codes follow the 2022 Harmonized System: 2530.90 (other mineral substances,
used for rare-earth concentrates), 2805.30 (rare-earth metals, scandium and
yttrium), 2846.10 (cerium compounds), 2846.90 (other rare-earth compounds),
8505.11 (permanent magnets of metal).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

#: Stages of the chain, upstream first.
STAGES: tuple[str, ...] = ("ore", "oxide", "metal", "magnet", "component", "sector")

#: Stage -> unit of quantities at that stage.
STAGE_UNITS: dict[str, str] = {
    "ore": "t REO",
    "oxide": "t REO",
    "metal": "t REO",
    "magnet": "t product",
    "component": "t magnet-equivalent",
    "sector": "t magnet-equivalent",
}

#: Rare-earth elements (and Sc, Y) by symbol.
ELEMENTS: dict[str, str] = {
    "La": "lanthanum",
    "Ce": "cerium",
    "Pr": "praseodymium",
    "Nd": "neodymium",
    "Sm": "samarium",
    "Eu": "europium",
    "Gd": "gadolinium",
    "Tb": "terbium",
    "Dy": "dysprosium",
    "Ho": "holmium",
    "Er": "erbium",
    "Tm": "thulium",
    "Yb": "ytterbium",
    "Lu": "lutetium",
    "Sc": "scandium",
    "Y": "yttrium",
}

#: Light and heavy groups as China's controls and the EU CRM study use them.
LIGHT_RARE_EARTHS = frozenset({"La", "Ce", "Pr", "Nd", "Sm"})
HEAVY_RARE_EARTHS = frozenset(set(ELEMENTS) - LIGHT_RARE_EARTHS - {"Sc"})


@dataclass(frozen=True)
class ProductSpec:
    """One product of the catalogue (see :data:`PRODUCTS`)."""

    product_id: str
    stage: str
    name: str
    elements: tuple[str, ...]
    hs_codes: tuple[str, ...]
    description: str

    @property
    def unit(self) -> str:
        return STAGE_UNITS[self.stage]


def _oxide(symbol: str, hs: str = "2846.90") -> ProductSpec:
    return ProductSpec(
        f"oxide:{symbol}",
        "oxide",
        f"{ELEMENTS[symbol]} oxide",
        (symbol,),
        (hs,),
        f"Separated {ELEMENTS[symbol]} oxide and other {ELEMENTS[symbol]} compounds.",
    )


def _metal(symbol: str, elements: tuple[str, ...], name: str) -> ProductSpec:
    return ProductSpec(
        f"metal:{symbol}",
        "metal",
        name,
        elements,
        ("2805.30",),
        f"{name.capitalize()}, counted in t REO of the oxide it was reduced from.",
    )


#: The product catalogue, upstream first.
PRODUCTS: tuple[ProductSpec, ...] = (
    ProductSpec(
        "ore",
        "ore",
        "mixed rare-earth concentrate",
        tuple(ELEMENTS),
        ("2530.90",),
        "Mine output (bastnaesite, monazite, ionic clay) in t REO, all elements together.",
    ),
    ProductSpec(
        "oxide:NdPr",
        "oxide",
        "neodymium-praseodymium oxide",
        ("Nd", "Pr"),
        ("2846.90",),
        "Separated Nd and Pr oxides (traded as NdPr oxide), the main magnet feedstock.",
    ),
    _oxide("La"),
    _oxide("Ce", "2846.10"),
    _oxide("Sm"),
    _oxide("Gd"),
    _oxide("Tb"),
    _oxide("Dy"),
    _oxide("Lu"),
    _oxide("Sc"),
    _oxide("Y"),
    _metal("NdPr", ("Nd", "Pr"), "neodymium-praseodymium metal"),
    _metal("Dy", ("Dy",), "dysprosium metal and Dy-Fe alloy"),
    _metal("Tb", ("Tb",), "terbium metal"),
    _metal("Sm", ("Sm",), "samarium metal"),
    ProductSpec(
        "magnet:ndfeb_hre",
        "magnet",
        "sintered NdFeB magnet with Dy/Tb",
        ("Nd", "Pr", "Dy", "Tb"),
        ("8505.11",),
        "High-coercivity grades alloyed with dysprosium and/or terbium (EV motors, wind).",
    ),
    ProductSpec(
        "magnet:ndfeb",
        "magnet",
        "NdFeB magnet without Dy/Tb",
        ("Nd", "Pr"),
        ("8505.11",),
        "Grades without heavy rare earths (electronics, many industrial uses).",
    ),
    ProductSpec(
        "magnet:smco",
        "magnet",
        "samarium-cobalt magnet",
        ("Sm", "Gd"),
        ("8505.11",),
        "High-temperature magnets used in aerospace and defence.",
    ),
    ProductSpec(
        "component:traction_motor",
        "component",
        "EV traction motor",
        ("Nd", "Pr", "Dy", "Tb"),
        ("8501.33", "8501.34"),
        "Permanent-magnet synchronous traction motors for electric vehicles.",
    ),
    ProductSpec(
        "component:wind_generator",
        "component",
        "permanent-magnet wind generator",
        ("Nd", "Pr", "Dy", "Tb"),
        ("8501.64",),
        "Direct-drive and medium-speed permanent-magnet wind turbine generators.",
    ),
    ProductSpec(
        "component:electronics",
        "component",
        "electronic devices and drives",
        ("Nd", "Pr"),
        ("8471.70", "8518.29"),
        "Hard-disk drives, speakers, vibration motors and small drives.",
    ),
    ProductSpec(
        "component:industrial_motor",
        "component",
        "industrial motors, pumps and robots",
        ("Nd", "Pr", "Dy", "Tb"),
        ("8501.52",),
        "Permanent-magnet motors for industry, HVAC, robots and e-bikes.",
    ),
    ProductSpec(
        "component:actuator",
        "component",
        "aerospace and defence actuators",
        ("Nd", "Pr", "Dy", "Tb", "Sm"),
        ("8412.31",),
        "Actuators, guidance and radar drives using SmCo or high-grade NdFeB.",
    ),
    ProductSpec(
        "component:vehicle_motor",
        "component",
        "motors of conventional and hybrid cars",
        ("Nd", "Pr", "Dy", "Tb"),
        ("8501.31", "8501.32"),
        "Hybrid drive motors and the small motors, pumps, actuators and sensors of "
        "conventional and hybrid cars (power steering, braking, seats, windows).",
    ),
    ProductSpec(
        "sector:ev",
        "sector",
        "electric vehicles",
        ("Nd", "Pr", "Dy", "Tb"),
        (),
        "End-use sector: battery-electric and plug-in hybrid vehicles (in India also "
        "electric two- and three-wheelers); full hybrids are sector:hybrid_vehicles.",
    ),
    ProductSpec(
        "sector:wind",
        "sector",
        "wind power",
        ("Nd", "Pr", "Dy", "Tb"),
        (),
        "End-use sector: wind turbines.",
    ),
    ProductSpec(
        "sector:electronics",
        "sector",
        "consumer electronics and semiconductors",
        ("Nd", "Pr"),
        (),
        "End-use sector: consumer electronics, data storage, semiconductor equipment.",
    ),
    ProductSpec(
        "sector:industrial",
        "sector",
        "industrial machinery",
        ("Nd", "Pr", "Dy", "Tb"),
        (),
        "End-use sector: industrial machinery, robotics, appliances, e-bikes.",
    ),
    ProductSpec(
        "sector:aerospace_defense",
        "sector",
        "aerospace and defence",
        ("Nd", "Pr", "Dy", "Tb", "Sm"),
        (),
        "End-use sector: aircraft, missiles, military systems.",
    ),
    ProductSpec(
        "sector:conventional_vehicles",
        "sector",
        "conventional (combustion-engine) vehicles",
        ("Nd", "Pr", "Dy", "Tb"),
        (),
        "End-use sector: petrol and diesel cars and commercial vehicles (magnets in small motors).",
    ),
    ProductSpec(
        "sector:hybrid_vehicles",
        "sector",
        "hybrid (non plug-in) vehicles",
        ("Nd", "Pr", "Dy", "Tb"),
        (),
        "End-use sector: full hybrid cars (drive motor plus small motors).",
    ),
)

#: Ids of the bundled catalogue, upstream first.
PRODUCT_IDS: tuple[str, ...] = tuple(p.product_id for p in PRODUCTS)
_BUNDLED: dict[str, ProductSpec] = {p.product_id: p for p in PRODUCTS}
#: Products that worlds loaded in this process added to the bundled catalogue.
_REGISTERED: dict[str, ProductSpec] = {}
#: The products table of the world a computation runs on (see :func:`use_vocabulary`).
_ACTIVE: ContextVar[Mapping[str, ProductSpec] | None] = ContextVar(
    "chokepoints_vocabulary", default=None
)


def _split(text: Any) -> tuple[str, ...]:
    return tuple(t.strip() for t in str(text).split(";") if t.strip())


def products_from_table(products: Any) -> dict[str, ProductSpec]:
    """Product specs from a world's ``products`` table (the world's vocabulary).

    Parameters
    ----------
    products : pandas.DataFrame
        Table with the columns of ``products.csv`` (``product_id``, ``stage``, ``name``,
        ``elements`` and ``hs_codes`` as ';'-separated lists, ``description``).

    Returns
    -------
    dict of str to ProductSpec
        In table order.
    """
    out: dict[str, ProductSpec] = {}
    for r in products.to_dict(orient="records"):
        pid = str(r["product_id"])
        out[pid] = ProductSpec(
            pid,
            str(r["stage"]),
            str(r.get("name", pid)),
            _split(r.get("elements", "")),
            _split(r.get("hs_codes", "")),
            str(r.get("description", "")),
        )
    return out


def register_world_products(products: Any) -> list[str]:
    """Add the products of a world's table that the catalogue lacks; return their ids.

    :func:`~chokepoints.world.io.load_world` calls this, so a user world that adds a
    product (``oxide:Ga``) can be gated by the policy timeline like a bundled one. Ids
    already known keep their first definition here; inside :func:`use_vocabulary` the
    world's own definitions win.
    """
    added = []
    for pid, spec in products_from_table(products).items():
        if pid not in _BUNDLED:
            if pid not in _REGISTERED:
                added.append(pid)
            _REGISTERED[pid] = spec
    return added


@contextmanager
def use_vocabulary(products: Any) -> Iterator[Mapping[str, ProductSpec]]:
    """Make a world's products table the vocabulary inside a ``with`` block.

    Within the block :data:`PRODUCTS_BY_ID` (and so the policy gates and regime
    queries) look products up in this table first, then in the bundled catalogue.

    Parameters
    ----------
    products : pandas.DataFrame or World
        A ``products`` table, or a world (its ``products`` table is used).
    """
    table = getattr(products, "products", products)
    token = _ACTIVE.set(products_from_table(table))
    try:
        yield PRODUCTS_BY_ID
    finally:
        _ACTIVE.reset(token)


class _Catalogue(Mapping[str, ProductSpec]):
    """The product vocabulary in force: the active world's table, then worlds loaded in
    this process, then the bundled catalogue (:data:`PRODUCTS`)."""

    def _layers(self) -> list[Mapping[str, ProductSpec]]:
        active = _ACTIVE.get()
        return [m for m in (active, _REGISTERED, _BUNDLED) if m]

    def __getitem__(self, product_id: str) -> ProductSpec:
        for layer in self._layers():
            if product_id in layer:
                return layer[product_id]
        raise KeyError(product_id)

    def __contains__(self, product_id: object) -> bool:
        return any(product_id in layer for layer in self._layers())

    def __iter__(self) -> Iterator[str]:
        seen: dict[str, None] = {}
        for layer in reversed(self._layers()):
            seen.update(dict.fromkeys(layer))
        return iter(seen)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __repr__(self) -> str:
        return f"<product vocabulary: {len(self)} products>"


#: Product id -> spec, for the vocabulary in force (see :class:`_Catalogue`). Kept under
#: its old name: code that looks products up here sees a user world's products too.
PRODUCTS_BY_ID: Mapping[str, ProductSpec] = _Catalogue()


def product_stage(product_id: str) -> str:
    """Stage of a product id (``'oxide:Dy'`` -> ``'oxide'``; ``'ore'`` -> ``'ore'``)."""
    return product_id.split(":", 1)[0]


def node_id(actor: str, product_id: str) -> str:
    """Node identifier of an actor (ISO3 country or ``firm:<ID>``) making a product."""
    return f"{actor}:{product_id}"


#: ISO 3166-1 alpha-3 codes of the 27 EU member states since 1 February 2020 (the
#: European Union's list of member countries, european-union.europa.eu, "EU countries").
EU27_MEMBERS: frozenset[str] = frozenset(
    {
        "AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC",
        "HUN", "IRL", "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK",
        "SVN", "ESP", "SWE",
    }
)  # fmt: skip


def resolve_region(code: str, known: Iterable[str], world_name: str = "world") -> tuple[str, str]:
    """The region of a world that stands for ``code``, and a note when it is not ``code``.

    A code the world knows is returned as is. A country name or two-letter code
    (``Germany``, ``DE``, ``Japan``) is read as its ISO alpha-3 code, with a note. An EU
    member the world does not hold as a country of its own maps to ``EU27`` when the world
    has that aggregate, with a note such as ``"ESP is part of EU27 in the bundled world;
    using EU27"``. Anything else is returned upper-cased with an empty note (the caller
    decides whether it is an error).

    Parameters
    ----------
    code : str
        ISO 3166-1 alpha-3 code (any case, surrounding blanks ignored), or a country's
        name or alpha-2 code.
    known : iterable of str
        The world's region codes (its ``countries`` table).
    world_name : str
        How the note names the world.
    """
    text = " ".join(str(code).split())
    norm = text.upper()
    regions = set(known)
    if norm in regions:
        return norm, ""
    said = ""
    if norm not in EU27_MEMBERS:  # a name or two-letter code: 'Germany', 'DE', 'Japan'
        alpha3 = _alpha3_of(text)
        if alpha3 is not None:
            said = f"{text!r} is {alpha3}; "
            norm = alpha3
            if norm in regions:
                return norm, f"{said}using {norm}"
    if norm in EU27_MEMBERS and "EU27" in regions:
        return "EU27", f"{said}{norm} is part of EU27 in the {world_name} world; using EU27"
    return (norm if said else str(code).strip().upper()), ""


def _alpha3_of(text: str) -> str | None:
    """ISO 3166-1 alpha-3 code of a country name or code (pycountry), or None."""
    import pycountry

    try:
        return str(pycountry.countries.lookup(text).alpha_3)
    except LookupError:
        return None
