"""The fixed vocabulary of the rare-earth world: stages, elements and products.

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

from dataclasses import dataclass

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
        "sector:ev",
        "sector",
        "electric vehicles",
        ("Nd", "Pr", "Dy", "Tb"),
        (),
        "End-use sector: battery-electric and hybrid vehicles.",
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
)

PRODUCT_IDS: tuple[str, ...] = tuple(p.product_id for p in PRODUCTS)
PRODUCTS_BY_ID: dict[str, ProductSpec] = {p.product_id: p for p in PRODUCTS}


def product_stage(product_id: str) -> str:
    """Stage of a product id (``'oxide:Dy'`` -> ``'oxide'``; ``'ore'`` -> ``'ore'``)."""
    return product_id.split(":", 1)[0]


def node_id(actor: str, product_id: str) -> str:
    """Node identifier of an actor (ISO3 country or ``firm:<ID>``) making a product."""
    return f"{actor}:{product_id}"
