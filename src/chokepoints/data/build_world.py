"""Build the bundled rare-earth world from the raw public data in ``data/raw``.

Run ``python -m chokepoints.data.build_world`` to regenerate ``data/world/``;
``tests/world/test_build.py`` checks that the result equals the bundled files, so the
bundled numbers can always be traced back to this script and its raw inputs.

The world models the magnet chain (ore -> NdPr, Dy, Tb, Sm oxide -> metal -> NdFeB
with and without Dy/Tb, SmCo -> components -> end-use sectors), base year 2024, in
t REO (ore, oxide, metal), t of magnet (magnets) and t of magnet embodied
(components, sectors). Every estimate is named in ``method``; ``docs/data.md``
explains each step with its sources. The steps:

1. **Ore** (t REO/yr): USGS MCS 2025 mine production 2024 by country (primary).
2. **Magnets** (t/yr): world NdFeB = IEA magnet rare-earth demand 2023 (93,000 t)
   / 0.36 t REO per t magnet (Adamas: 31 wt% RE metal = 36 wt% REO). China's share
   94% (IEA via REEx, 2025). The non-China 6% is split: Vietnam 2,200 t (Shin-Etsu
   capacity), the rest Japan : Europe as 19.3 : 1.3 (2010 shares). SmCo: China's
   2,400 t (MIIT/CREIA 2019), the only figure found.
3. **Magnet grades**: Dy is 5% and Tb 0.2% of the rare earths in NdFeB (Argus); a
   Dy-bearing grade holds 4 wt% Dy (Heim & Vander Wal 2023). Solving for the mass of
   Dy-bearing magnets gives their share; Tb is assumed to sit in the same grades.
4. **Recipes** (t REO per t magnet): from the composition above, converting metal to
   oxide mass with the molar ratios of Nd2O3, Dy2O3, Tb4O7 and Sm2O3.
5. **Metal** is made where the oxide is separated (no country data on metal making).
6. **Oxide** (t REO/yr) = what the magnets need, split by country with the EU CRM 2023
   processing shares of each element.
7. **Ore -> oxide**: the element content each miner supplies is the element's volume
   times the miner's share (USGS 2024 shares for Nd/Pr/Sm; EU CRM 2023 extraction
   shares for Dy/Tb). A separator uses domestic ore first; surpluses go to deficits in
   proportion (an independence estimate).
8. **Metal -> magnet makers**: each maker buys from the world pool in proportion to
   each producer's output (no bilateral data).
9. **Magnets -> component makers**: China's exports 2024 by destination from customs
   figures quoted by Reuters/Bloomberg (US: 2025 total and its y/y change; EU: H1-2025
   and its y/y change, doubled; Korea, Vietnam, Japan: September 2025 and its y/y
   change, times 12; rest of world: the remainder of the 58,152 t total). China's own
   use is its output less exports. US imports from non-China makers follow the
   non-China share of US import value (UN Comtrade HS 8505.11, 2024). Other non-China
   output is used at home.
10. **Components and sectors**: Dy-bearing magnets go to traction motors and wind
    generators as 35 : 3.9 (CREIA 2024 NEV and wind shares), others to electronics and
    industrial motors as 30 : 31.1 (electronics ~30%; industrial the rest), SmCo to
    aerospace and defence actuators. Components are used in the country that makes them.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pycountry

from chokepoints.world.io import save_world
from chokepoints.world.model import World
from chokepoints.world.schema import TABLES_BY_NAME
from chokepoints.world.vocabulary import PRODUCTS, PRODUCTS_BY_ID

BASE_YEAR = 2024
DATA_VERSION = "2026.12-1"

#: Molar mass ratios oxide/metal per rare-earth atom (IUPAC atomic weights).
OXIDE_PER_METAL = {
    "NdPr": 336.48 / (2 * 144.24),  # Nd2O3 / 2 Nd (Pr2O3/2 Pr is within 0.3%)
    "Dy": 372.998 / (2 * 162.500),  # Dy2O3 / 2 Dy
    "Tb": 747.70 / (4 * 158.925),  # Tb4O7 / 4 Tb
    "Sm": 348.72 / (2 * 150.36),  # Sm2O3 / 2 Sm
}

#: Aggregates used as actors besides ISO 3166 countries.
AGGREGATES = {
    "EU27": "European Union (27) less Germany, France and Italy",
    "ROW": "Rest of world",
}

EU27 = {
    "AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC",
    "HUN", "IRL", "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK",
    "SVN", "ESP", "SWE",
}  # fmt: skip

#: Names used in the raw files that pycountry does not resolve by itself.
NAME_FIXES = {"Burma": "MMR", "Myanmar": "MMR", "Russia": "RUS", "Vietnam": "VNM", "Other": "ROW"}

#: EU members other than Germany in the OICA 2024 production table read (literature rows
#: 'vehicle_production'); members below Poland were not in the excerpt.
EU_CAR_MAKERS = ("Spain", "Czechia", "Slovakia", "France", "Italy", "Romania", "Poland")
#: World regions with their own vehicle-production row (the rest of the world is ROW).
VEHICLE_REGIONS = {
    "CHN": "China", "USA": "United States", "JPN": "Japan", "IND": "India",
    "KOR": "South Korea", "DEU": "Germany", "FRA": "France", "ITA": "Italy",
}  # fmt: skip
VEHICLE_SOURCES = (
    "oica2024;acea2024;eia_wards2024;iea_gevo2025;jp_kr_hybrids;zj_magnets;yaan_xinkuang"
)


def raw_dir() -> Path:
    return Path(str(resources.files("chokepoints") / "data" / "raw"))


def iso3(name: str) -> str:
    if name in NAME_FIXES:
        return NAME_FIXES[name]
    return str(pycountry.countries.lookup(name).alpha_3)


def country_name(code: str) -> str:
    if code in AGGREGATES:
        return AGGREGATES[code]
    c = pycountry.countries.get(alpha_3=code)
    return str(getattr(c, "common_name", None) or c.name) if c else code


# --------------------------------------------------------------------------------------
# sources


def _literature(raw: Path) -> pd.DataFrame:
    return pd.read_csv(raw / "literature" / "supply_chain_parameters.csv")


def lit_value(lit: pd.DataFrame, parameter: str, subject: str, year: int | None = None) -> float:
    """One value of the literature table, found by parameter and subject."""
    sel = lit[(lit["parameter"] == parameter) & (lit["subject"] == subject)]
    if year is not None:
        sel = sel[sel["year"].astype(str) == str(year)]
    if len(sel) != 1:
        raise KeyError(f"literature row {parameter!r}/{subject!r}/{year}: found {len(sel)}")
    return float(sel["value"].iloc[0])


SOURCES = [
    ("usgs_mcs2025", "U.S. Geological Survey", "Mineral Commodity Summaries 2025: Rare Earths",
     "https://pubs.usgs.gov/periodicals/mcs2025/mcs2025-rare-earths.pdf", "2025-01",
     "public domain (US Government work)", "t REO; US$/kg", "primary",
     "World mine production 2024 by country; oxide prices 2024 (Argus)."),
    ("eu_crm2023", "European Commission", "Study on the critical raw materials for the EU 2023, Appendix 7",
     "https://data.europa.eu/doi/10.2873/725585", "2023-03", "Commission reuse policy (attribution)",
     "% of global supply", "primary", "Per-element extraction and processing shares by country."),
    ("iea_2025_reex", "IEA (via Rare Earth Exchanges)", "IEA commentary on rare-earth export controls",
     "https://rareearthexchanges.com/news/the-mineral-chessboard-iea-sounds-alarm-as-china-tightens-its-grip",
     "2025-10-24", "facts only", "%", "secondary",
     "China 91% of separation/refining, 94% of permanent-magnet manufacturing."),
    ("iea_gcmo2024", "IEA (via SEAISI)", "Global Critical Minerals Outlook 2024",
     "https://seaisi.org/details/24787?type=news-rooms", "2024-06-03", "facts only", "t", "secondary",
     "Magnet rare-earth demand 2023: 93,000 t."),
    ("adamas_ndfeb", "Adamas Intelligence", "NdFeB alloy rare-earth content (blog, 2021-03-24)",
     "http://www.adamasintel.com/ubs-ndpr-forecasts-miss-mark/", "2021-03-24", "facts only",
     "wt%", "secondary", "NdFeB holds ~31 wt% RE metal, ~36 wt% as REO."),
    ("argus_ndfeb_split", "Argus Media", "Element shares of rare earths used in NdFeB (2018-02-02)",
     "https://www.argusmedia.com/pages/NewsBody.aspx?id=1619387&menu=yes", "2018-02-02", "facts only",
     "% of RE in NdFeB", "secondary", "Nd 67, Pr 22, Dy 5, Gd 2, Tb 0.2."),
    ("heim2023", "Heim & Vander Wal, Minerals 13(10):1274", "NdFeB magnet review (2023)",
     "https://encyclopedia.pub/entry/50309", "2023", "CC BY 4.0", "wt%", "secondary",
     "Dy ~4 wt% in high-temperature grades; consumer electronics ~30% of demand."),
    ("smco_brm", "BRM Metal / Courage Magnet", "SmCo composition",
     "https://www.couragemagnet.com/magnet-blog/366.html", "2020", "facts only", "wt%", "secondary",
     "Sm2Co17 ~25 wt% Sm."),
    ("creia_smco2019", "MIIT/CREIA via Adamas", "China magnet output 2019",
     "https://www.adamasintel.com/china-ndfeb-production-2019/", "2020-02-18", "facts only", "t",
     "secondary", "China SmCo magnets 2,400 t in 2019."),
    ("smm_magnets2023", "SMM (Shanghai Metals Market)", "China rare-earth magnet production 2023",
     "https://news.metal.com/newscontent/102788751/smm-ndfeb-production-to-continue-rising-in-2024-outlook-for-rare-earth-dem",
     "2024-06-05", "facts only", "t", "secondary", "240,000 t of RE permanent magnets in 2023 (cross-check)."),
    ("smm_operating2025", "SMM (Shanghai Metals Market)", "China sintered NdFeB output and operating rate, August 2025",
     "https://news.metal.com/newscontent/103528985/Rising-Costs-Decline-in-Demand%EF%BC%8CNdFeB-Production-Declined-in-August%E3%80%90SMM-Analysis%E3%80%91",
     "2025-09", "facts only", "% of capacity", "secondary",
     "National average operating rate 69.24% (output 29,599 t in August 2025)."),
    ("magnet_share_2010", "China.org.cn", "World sintered NdFeB 2010 by region",
     "http://japanese.china.org.cn/business/txt/2013-08/12/content_29694121_2.htm", "2013-08-12",
     "facts only", "%", "secondary", "China 79.4, Japan 19.3, Europe 1.3 (%)."),
    ("shinetsu_vn", "see literature table", "Shin-Etsu Vietnam sintered NdFeB capacity",
     "", "", "facts only", "t/yr", "secondary", "2,200 t/yr."),
    ("gac_magnets_press", "China GAC via Reuters/Bloomberg", "China's monthly magnet exports 2024-2025",
     "https://www.timeslive.co.za/news/world/2025-07-20-chinas-exports-of-rare-earth-magnets-to-the-us-skyrocket-in-june/",
     "2025-2026", "facts only", "t", "secondary", "Destination tonnages and y/y changes; see raw file per row."),
    ("adamas_exports2024", "Adamas Intelligence from GAC", "China magnet exports 2024",
     "https://www.adamasintel.com/record-rare-earth-magnet-exports-from-china-in-2024/", "2025",
     "facts only", "t; US$/kg", "secondary", "58,152 t; US$49.18/kg average."),
    ("comtrade_us", "UN Comtrade (via akashok1 repo)", "US imports by partner, HS 8505.11, 2024",
     "https://comtradeplus.un.org/", "2026", "UN Comtrade terms (attribution)", "US$", "primary",
     "US import values by partner."),
    ("creia_enduse2024", "CREIA (Chen Zhanheng) via Metalnomist", "NdFeB demand by end use 2024",
     "https://metalnomist.com/2024/12/global-magnet-demand-trends-and.html", "2024-12", "facts only",
     "t; %", "secondary", "NEV 35%; wind 4,848 t of 122,909 t implied total."),
    ("shipping_politico", "Politico Europe", "Container shipping China-Europe takes four to six weeks",
     "https://www.politico.eu/article/europe-car-makers-sideswiped-us-china-trump-trade-war/", "2025-06",
     "facts only", "days", "secondary", "35 days (28-42)."),
    ("inventory_press", "Stratton Products; Reuters (CLEPA)", "Carmakers' magnet inventory 4-6 weeks",
     "http://www.strattonproducts.uk/china_supply_issues.html", "2025", "facts only", "weeks",
     "secondary", "5 weeks (4-6)."),
    ("ionic_clay_grade", "chemistry reference page (secondary)", "Dysprosium in high-yttrium ion-adsorption clay ores",
     "https://dirkncl.github.io/cp-tabel/data/atomic/..\\production\\66.htm", "", "facts only", "% of concentrate",
     "secondary", "Dy up to 7-8% of the concentrate: upper bound on any country's Dy+Tb grade."),
    ("oica2024", "OICA via Visual Capitalist (TalkMarkets reprint); Bosson Research", "World motor vehicle production by country 2024",
     "https://talkmarkets.com/content/mapped-global-vehicle-production-by-country?post=515804", "2025",
     "facts only", "vehicles", "secondary",
     "Vehicles made in 2024 by country (China 31.3 M ... Italy 0.59 M); world 92.5 M (bossonresearch.com)."),
    ("acea2024", "ACEA via eletric-vehicles.com", "EU new car registrations by power source, full year 2024",
     "https://eletric-vehicles.com/nio/eu-car-sales-increase-0-8-in-2024-bevs-fall-6-8-to-1-44-million-units",
     "2025-01", "facts only", "% of registrations", "secondary", "Petrol 33.3, HEV 30.9, BEV 13.6, diesel 11.9 (%)."),
    ("eia_wards2024", "EIA from Wards Intelligence, via Business Upturn", "US light-duty sales by powertrain, Q2 2024",
     "https://www.businessupturn.com/usa/?p=48729", "2024", "facts only", "% of sales", "secondary",
     "HEV 9.6%, PHEV 2.0%, BEV 7.1%; electric and hybrid together 18.7%."),
    ("iea_gevo2025", "IEA Global EV Outlook 2025 (via Mirage News); ACEA (via ECG)", "China electric-car and all-car sales 2024",
     "https://www.miragenews.com/electric-cars-top-25-of-global-sales-in-2023-1459965", "2025-05", "facts only",
     "vehicles", "secondary", "More than 11 million electric cars sold in China; nearly 23 million cars in all (ACEA)."),
    ("jp_kr_hybrids", "Nikkei/Bloomberg via Xataka On; MOLIT via AjuPress; Yonhap via Lokmat Times",
     "Hybrid shares of new-car sales: Japan 2023, South Korea 2024",
     "https://xatakaon.com/mobility/while-much-of-the-world-is-obsessed-with-electric-cars-japan-holds-back-and-remains-committed-to-hybrid-vehicles",
     "2025-2026", "facts only", "% of sales; vehicles", "secondary",
     "Japan: 1.5 M of 2.7 M cars sold in 2023 hybrids (55%). Korea: hybrids 26.5% of 2024 domestic sales "
     "(https://m.ajupress.com/view/20260208150070413); hybrids 356,058 and EVs 91,385 (Yonhap)."),
    ("zj_magnets", "ZJ Magnets (maker web page)", "Cars with neodymium-iron-boron magnets",
     "http://m.zjmagnets.com/info/cars-with-neodymium-iron-boron-518071.html", "2012", "facts only",
     "kg per vehicle", "secondary", "102 g NdFeB per car in small motors (weak source)."),
    ("yaan_xinkuang", "Yaan Xinkuang (company web page)", "Transition to clean energy",
     "https://yaan-xinkuang.com/en/transition-to-clean-energy.php", "2023", "facts only", "kg per vehicle",
     "secondary", "0.42 kg NdFeB per hybrid (weak source)."),
    ("chokepoints_build", "chokepoints", "build_world.py (this package)", "", DATA_VERSION, "Apache-2.0",
     "", "derived", "Derivations and estimates made by the build script; see docs/data.md."),
]  # fmt: skip


def sources_table() -> pd.DataFrame:
    cols = TABLES_BY_NAME["sources"].column_names
    return pd.DataFrame(SOURCES, columns=cols)


# --------------------------------------------------------------------------------------
# allocation helpers


def allocate(
    supply: dict[str, float], demand: dict[str, float], *, domestic_first: bool
) -> dict[tuple[str, str], float]:
    """Bilateral flows meeting ``demand`` from ``supply`` (totals must match).

    With ``domestic_first`` a country covers its own demand from its own supply; what is
    left is spread in proportion to the residual supplies (independence estimate).
    """
    flows: dict[tuple[str, str], float] = {}
    s = {k: v for k, v in supply.items() if v > 0}
    d = {k: v for k, v in demand.items() if v > 0}
    if domestic_first:
        for c in list(d):
            own = min(s.get(c, 0.0), d[c])
            if own > 0:
                flows[(c, c)] = own
                s[c] -= own
                d[c] -= own
    total_s = sum(s.values())
    for c, need in d.items():
        if need <= 1e-12:
            continue
        for m, avail in s.items():
            if avail > 1e-12:
                q = need * avail / total_s
                flows[(m, c)] = flows.get((m, c), 0.0) + q
    return flows


def cap_and_redistribute(
    volume: float, shares: dict[str, float], room: dict[str, float]
) -> dict[str, float]:
    """Split ``volume`` by ``shares`` without exceeding each country's ``room``.

    Countries at their cap keep the cap; the excess is spread over the others in
    proportion to their shares (water-filling). Raises if the rooms cannot hold it all.
    """
    if sum(room.values()) < volume * (1 - 1e-12):
        raise AssertionError("the caps cannot hold the volume")
    alloc: dict[str, float] = {}
    free = {c: s for c, s in shares.items() if s > 0}
    left = volume
    while free:
        total = sum(free.values())
        trial = {c: left * s / total for c, s in free.items()}
        over = {c for c, q in trial.items() if q > room[c]}
        if not over:
            alloc.update(trial)
            break
        for c in over:
            alloc[c] = room[c]
            left -= room[c]
            del free[c]
    return alloc


def vehicle_magnets(
    lit: pd.DataFrame,
) -> tuple[dict[str, dict[str, float]], dict[str, dict[str, str]]]:
    """Magnets in the conventional and hybrid vehicles each region makes (t/yr), and how.

    Vehicles = OICA 2024 motor-vehicle output; the EU27 aggregate sums the other EU
    members of the table read and ROW is the world total less the named regions. Each
    region's output is split by powertrain with its new-car sales shares where sourced
    (EU: ACEA 2024; US: Wards Q2 2024; Japan: Nikkei 2023; Korea: MOLIT and Yonhap 2024;
    China: IEA EV sales / all car sales), else all of it is counted as conventional
    (hybrids not sized). Magnets per vehicle: 0.102 kg
    NdFeB (conventional) and 0.42 kg (hybrid), maker pages (weak sources).
    """
    kg_conv = lit_value(lit, "magnet_mass_per_unit", "Conventional car (small motors)")
    kg_hyb = lit_value(lit, "magnet_mass_per_unit", "Hybrid car")
    made = {iso: lit_value(lit, "vehicle_production", n) for iso, n in VEHICLE_REGIONS.items()}
    made["EU27"] = sum(lit_value(lit, "vehicle_production", n) for n in EU_CAR_MAKERS
                       if n not in ("France", "Italy"))  # fmt: skip
    made["ROW"] = lit_value(lit, "vehicle_production", "World") - sum(made.values())
    share = lambda subject: lit_value(lit, "car_sales_powertrain_share", subject)  # noqa: E731
    eu = (share("EU, petrol") + share("EU, diesel"), share("EU, hybrid-electric (HEV)"),
          "EU new-car registrations 2024 (ACEA): petrol+diesel 45.2%, HEV 30.9%")  # fmt: skip
    cn_ev = lit_value(lit, "car_sales", "China, electric cars") / lit_value(
        lit, "car_sales", "China, all cars"
    )
    kr_ev = (
        lit_value(lit, "car_sales", "South Korea, EVs of the five makers")
        * share("South Korea, hybrid")
        / 100
        / lit_value(lit, "car_sales", "South Korea, hybrids of the five makers")
    )
    mix = {
        "DEU": eu, "FRA": eu, "ITA": eu, "EU27": eu,
        "USA": (100 - share("United States, electric and hybrid (HEV+PHEV+BEV)"),
                share("United States, hybrid-electric (HEV)"),
                "US light-duty sales Q2 2024 (Wards): conventional 81.3%, HEV 9.6%"),
        "JPN": (100 - share("Japan, hybrid"), share("Japan, hybrid"),
                "Japan new-car sales 2023 (Nikkei): hybrid 55%, the rest (gasoline 36%, diesel, "
                "EVs) counted as conventional"),
        "KOR": (100 - share("South Korea, hybrid") - 100 * kr_ev, share("South Korea, hybrid"),
                f"Korean makers' domestic sales 2024 (MOLIT, Yonhap): hybrid 26.5%, EV {kr_ev:.1%} "
                "(= EVs 91,385 x 26.5% / hybrids 356,058)"),
        "CHN": (100 * (1 - cn_ev), 0.0,
                f"China: 1 - EV sales 11 M / car sales 23 M (IEA, ACEA) = {1 - cn_ev:.1%} conventional; "
                "hybrid share not found (not sized)"),
    }  # fmt: skip
    out: dict[str, dict[str, float]] = {}
    how: dict[str, dict[str, str]] = {}
    for region, n in made.items():
        conv, hyb, said = mix.get(
            region, (100.0, 0.0, "no powertrain split found: all vehicles counted as conventional")
        )
        out[region] = {
            "sector:conventional_vehicles": n * conv / 100 * kg_conv / 1000,
            "sector:hybrid_vehicles": n * hyb / 100 * kg_hyb / 1000,
        }
        base = f"OICA 2024 vehicles {n:,.0f}"
        if region == "EU27":
            base += " (EU members of the OICA table read, less DEU, FRA, ITA)"
        elif region == "ROW":
            base += " (world 92,504,338 less the named regions)"
        how[region] = {
            "sector:conventional_vehicles": f"{base} x {conv:.1f}% conventional x {kg_conv} kg NdFeB; {said}",
            "sector:hybrid_vehicles": f"{base} x {hyb:.1f}% hybrid x {kg_hyb} kg NdFeB; {said}",
        }
    return out, how


def _shares(df: pd.DataFrame, material: str, stage: str) -> dict[str, float]:
    sel = df[(df["material"] == material) & (df["stage"] == stage)]
    out: dict[str, float] = {}
    for name, pct in zip(sel["country"], sel["share_pct_as_published"], strict=True):
        out[iso3(str(name))] = out.get(iso3(str(name)), 0.0) + float(pct)
    total = sum(out.values())
    return {k: v / total for k, v in out.items()}


# --------------------------------------------------------------------------------------
# the build


class _Tables:
    def __init__(self) -> None:
        self.nodes: list[dict[str, Any]] = []
        self.flows: list[dict[str, Any]] = []
        self.recipes: list[dict[str, Any]] = []

    def node(self, actor: str, product: str, output: float, inventory_days: float,
             price: float, source: str, status: str, method: str = "",
             capacity: float | None = None) -> None:  # fmt: skip
        self.nodes.append(
            {
                "node_id": f"{actor}:{product}",
                "actor": actor,
                "country": actor,
                "product_id": product,
                "production_t_per_yr": output,
                "capacity_t_per_yr": output if capacity is None else capacity,
                "inventory_days": inventory_days,
                "price_usd_per_t": price,
                "source": source,
                "status": status,
                "method": method,
            }
        )

    def flow(self, sup: str, cust: str, product: str, qty: float, price: float, lead: float,
             source: str, status: str, method: str) -> None:  # fmt: skip
        if qty <= 0:
            return
        s, c = f"{sup}:{product}", cust
        self.flows.append(
            {
                "flow_id": f"{s}>{c}",
                "supplier_node": s,
                "customer_node": c,
                "product_id": product,
                "quantity_t_per_yr": qty,
                "value_usd_per_yr": qty * price if np.isfinite(price) else np.nan,
                "lead_time_days": lead if sup != c.split(":")[0] else 0.0,
                "source": source,
                "status": status,
                "method": method,
            }
        )

    def recipe(
        self, out: str, inp: str, coef: float, source: str, status: str, method: str
    ) -> None:
        self.recipes.append(
            {
                "recipe_id": f"{out}<{inp}",
                "output_product_id": out,
                "input_product_id": inp,
                "input_per_output": coef,
                "substitute_for": "",
                "substitution_penalty": 0.0,
                "source": source,
                "status": status,
                "method": method,
            }
        )


def build_world(raw: Path | None = None) -> World:
    """Build the bundled world from the raw folder (default: the package's ``data/raw``)."""
    raw = raw or raw_dir()
    lit = _literature(raw)
    t = _Tables()

    # 1. ore ----------------------------------------------------------------------------
    usgs = pd.read_csv(
        raw / "usgs_mcs2025_rare_earths" / "world_mine_production_reserves_mcs2025.csv"
    )
    mine = usgs[
        (usgs["metric"] == "mine_production") & (usgs["year"].astype(str) == str(BASE_YEAR))
    ]
    mine = mine[~mine["country"].str.startswith("World")]
    ore: dict[str, float] = {}
    for name, v in zip(mine["country"], mine["value_t_REO"], strict=True):
        if float(v) > 0:
            ore[iso3(str(name))] = float(v)
    salient = pd.read_csv(raw / "usgs_mcs2025_rare_earths" / "us_salient_statistics_mcs2025.csv")

    def usgs_price(item: str) -> float:
        sel = salient[(salient["item"] == item) & (salient["year"] == BASE_YEAR)]
        return float(sel["value"].iloc[0]) * 1000.0  # US$/kg -> US$/t

    price = {
        "oxide:NdPr": usgs_price("neodymium oxide 99.5% min"),
        "oxide:Dy": usgs_price("dysprosium oxide 99.5% min"),
        "oxide:Tb": usgs_price("terbium oxide 99.99% min"),
        "oxide:Sm": np.nan,
        "ore": np.nan,
    }
    for el in ("NdPr", "Dy", "Tb", "Sm"):
        price[f"metal:{el}"] = np.nan
    magnet_price = (
        lit_value(
            lit, "export_unit_value", "China RE permanent magnets + alloys (nearly all NdFeB)"
        )
        * 1000
    )
    for p in ("magnet:ndfeb_hre", "magnet:ndfeb", "magnet:smco"):
        price[p] = magnet_price if p != "magnet:smco" else np.nan

    # 2-3. magnets and grades ---------------------------------------------------------
    re_demand = float(
        pd.read_csv(raw / "supply_chain_shares" / "processing_magnet_mining_shares.csv")
        .query("indicator == 'magnet REE demand' and year == '2023'")["share_pct_or_value"]
        .iloc[0]
    )
    reo_per_t = (
        lit_value(
            lit, "magnet_composition", "NdFeB alloy/powder, total rare earths as REO equivalent"
        )
        / 100
    )
    world_ndfeb = re_demand / reo_per_t
    china_share = 0.94
    vnm = lit_value(lit, "magnet_capacity_nonChina", "Shin-Etsu Vietnam sintered NdFeB")
    jp10 = lit_value(lit, "magnet_production_share", "World sintered NdFeB, Japan")
    eu10 = lit_value(lit, "magnet_production_share", "World sintered NdFeB, Europe")
    rest = world_ndfeb * (1 - china_share) - vnm
    magnet_out = {
        "CHN": world_ndfeb * china_share,
        "JPN": rest * jp10 / (jp10 + eu10),
        "EU27": rest * eu10 / (jp10 + eu10),
        "VNM": vnm,
    }
    dy_share = lit_value(lit, "RE_element_share_in_NdFeB", "Dy") / 100
    tb_share = lit_value(lit, "RE_element_share_in_NdFeB", "Tb") / 100
    dy_wt = lit_value(lit, "magnet_composition", "NdFeB (wind-grade), Dy") / 100
    dy_reo_per_t = dy_wt * OXIDE_PER_METAL["Dy"]
    dy_total = re_demand * dy_share
    hre_mass = dy_total / dy_reo_per_t
    hre_frac = hre_mass / world_ndfeb
    tb_reo_per_t = re_demand * tb_share / hre_mass
    smco_china = lit_value(lit, "magnet_production", "China SmCo magnets")
    sm_reo_per_t = lit_value(lit, "magnet_composition", "Sm2Co17, Sm") / 100 * OXIDE_PER_METAL["Sm"]

    # China's sintered NdFeB plants ran at 69.24% of capacity on average (SMM, August
    # 2025): capacity = output / operating rate. No such figure was found for other makers.
    cn_rate = lit_value(lit, "magnet_operating_rate", "China sintered NdFeB (national average)")
    cn_cap = (f"; capacity = output / {cn_rate:g}% average operating rate "
              "(SMM, August 2025)")  # fmt: skip
    m_grades = "magnet output split by grade: Dy-bearing share = (Dy 5% of RE in NdFeB x 93,000 t) / (4 wt% Dy x 1.148 REO/metal) / world NdFeB"
    for actor, out in magnet_out.items():
        status = "derived" if actor == "CHN" else "estimated"
        how = (
            "IEA magnet RE demand 93,000 t (2023, used for base year 2024) / 0.36 t REO per t x China 94%"
            if actor == "CHN"
            else "non-China 6% of world NdFeB: VNM = Shin-Etsu capacity; rest JPN:EU = 19.3:1.3 (2010 shares)"
        )
        src = "iea_gcmo2024;adamas_ndfeb;iea_2025_reex;argus_ndfeb_split;heim2023;chokepoints_build"
        if actor != "CHN":
            src += ";magnet_share_2010;shinetsu_vn"
        else:
            src += ";smm_operating2025"
        cap = 100.0 / cn_rate if actor == "CHN" else 1.0
        note = f"{how}; {m_grades}" + (cn_cap if actor == "CHN" else "")
        t.node(
            actor,
            "magnet:ndfeb_hre",
            out * hre_frac,
            30,
            price["magnet:ndfeb_hre"],
            src,
            status,
            note,
            capacity=out * hre_frac * cap,
        )
        t.node(
            actor,
            "magnet:ndfeb",
            out * (1 - hre_frac),
            30,
            price["magnet:ndfeb"],
            src,
            status,
            note,
            capacity=out * (1 - hre_frac) * cap,
        )
    t.node("CHN", "magnet:smco", smco_china, 30, price["magnet:smco"], "creia_smco2019", "secondary",
           "2019 output (latest found); non-China SmCo output not found, so not modelled")  # fmt: skip

    # 4. recipes (t REO per t magnet; 1:1 downstream) ---------------------------------
    ndpr_hre = reo_per_t - dy_reo_per_t - tb_reo_per_t
    rs, rm = "adamas_ndfeb;argus_ndfeb_split;heim2023;chokepoints_build", "derived"
    t.recipe(
        "magnet:ndfeb_hre", "metal:NdPr", ndpr_hre, rs, rm, "0.36 t REO per t magnet less Dy and Tb"
    )
    t.recipe("magnet:ndfeb_hre", "metal:Dy", dy_reo_per_t, rs, rm, "4 wt% Dy x Dy2O3/2Dy")
    t.recipe(
        "magnet:ndfeb_hre",
        "metal:Tb",
        tb_reo_per_t,
        rs,
        rm,
        "Tb = 0.2% of RE in NdFeB, all in Dy-bearing grades",
    )
    t.recipe(
        "magnet:ndfeb",
        "metal:NdPr",
        reo_per_t,
        "adamas_ndfeb",
        "derived",
        "36 wt% REO-equivalent, all NdPr",
    )
    t.recipe(
        "magnet:smco",
        "metal:Sm",
        sm_reo_per_t,
        "smco_brm",
        "derived",
        "25 wt% Sm (Sm2Co17) x Sm2O3/2Sm",
    )
    for el in ("NdPr", "Dy", "Tb", "Sm"):
        t.recipe(
            f"metal:{el}",
            f"oxide:{el}",
            1.0,
            "chokepoints_build",
            "derived",
            "metal counted in t REO of its oxide",
        )
        t.recipe(f"oxide:{el}", "ore", 1.0, "chokepoints_build", "derived",
                 "1 t REO of the element's content in ore per t REO of separated oxide (separation losses not modelled)")  # fmt: skip

    # 5-6. metal and oxide: sized by magnet needs, split by EU CRM processing shares --
    coef = {
        (r["output_product_id"], r["input_product_id"]): r["input_per_output"] for r in t.recipes
    }
    need: dict[str, dict[str, float]] = {el: {} for el in ("NdPr", "Dy", "Tb", "Sm")}
    for n in t.nodes:
        for el in need:
            k = coef.get((str(n["product_id"]), f"metal:{el}"), 0.0)
            if k:
                need[el][str(n["actor"])] = (
                    need[el].get(str(n["actor"]), 0.0) + float(n["production_t_per_yr"]) * k
                )
    crm = pd.read_csv(raw / "eu_crm2023" / "eu_crm2023_ree_global_supply_shares.csv")
    crm_name = {"NdPr": "Neodymium", "Dy": "Dysprosium", "Tb": "Terbium", "Sm": "Samarium"}
    mine_share = {k: v / sum(ore.values()) for k, v in ore.items()}
    content_used: dict[str, float] = {}
    hre_used: dict[str, float] = {}
    hre_cap = (
        lit_value(
            lit,
            "max_element_share_of_concentrate",
            "Dy, high-yttrium ion-adsorption clay concentrate",
        )
        / 100
    )
    for el, by_maker in need.items():
        volume = sum(by_maker.values())
        proc = _shares(crm, crm_name[el], "processing")
        metal_out = {c: volume * s for c, s in proc.items()}
        for c, q in metal_out.items():
            meth = f"{el} needed by magnet makers x EU CRM 2023 processing share ({proc[c]:.1%}); metal made where oxide is separated"
            if el == "Dy":
                meth += "; world Dy sized from magnet demand (4,650 t) exceeds published output estimates (1,850-3,126 t): see docs/data.md"
            t.node(
                c,
                f"oxide:{el}",
                q,
                30,
                price[f"oxide:{el}"],
                "eu_crm2023;chokepoints_build",
                "derived",
                meth,
            )
            t.node(
                c,
                f"metal:{el}",
                q,
                30,
                price[f"metal:{el}"],
                "eu_crm2023;chokepoints_build",
                "estimated",
                meth,
            )
            t.flow(c, f"{c}:metal:{el}", f"oxide:{el}", q, price[f"oxide:{el}"], 0.0,
                   "chokepoints_build", "estimated", "oxide reduced to metal in the same country")  # fmt: skip
        # 8. metal -> magnet makers: world pool
        for (sup, maker), q in allocate(metal_out, by_maker, domestic_first=False).items():
            for grade in ("magnet:ndfeb_hre", "magnet:ndfeb", "magnet:smco"):
                k = coef.get((grade, f"metal:{el}"), 0.0)
                node = next((n for n in t.nodes if n["node_id"] == f"{maker}:{grade}"), None)
                if not k or node is None:
                    continue
                share = float(node["production_t_per_yr"]) * k / by_maker[maker]
                t.flow(sup, f"{maker}:{grade}", f"metal:{el}", q * share, price[f"metal:{el}"], 35.0,
                       "eu_crm2023;shipping_politico;chokepoints_build", "estimated",
                       "world-pool estimate: a maker buys from each producer in proportion to its output")  # fmt: skip
        # 7. ore -> separators
        if el in ("Dy", "Tb"):
            ext = _shares(crm, crm_name[el], "extraction")
            ext = {c: s for c, s in ext.items() if c in ore}
            # No country may be given more Dy+Tb than the richest known ores hold (8% of
            # REO in high-yttrium ionic clays): cap each draw and spread the excess.
            room = {c: max(hre_cap * ore[c] - hre_used.get(c, 0.0), 0.0) for c in ext}
            supply = cap_and_redistribute(volume, ext, room)
            for c, q in supply.items():
                hre_used[c] = hre_used.get(c, 0.0) + q
            how = (
                "EU CRM 2023 extraction shares, each country's Dy+Tb capped at "
                f"{hre_cap:.0%} of its 2024 USGS output and the excess spread over the others"
            )
            src = "eu_crm2023;usgs_mcs2025;ionic_clay_grade;chokepoints_build"
        else:
            ext = mine_share
            supply = {c: volume * s for c, s in ext.items()}
            how = "USGS 2024 mine shares"
            src = "usgs_mcs2025;eu_crm2023;chokepoints_build"
        for (m, c), q in allocate(supply, metal_out, domestic_first=True).items():
            content_used[m] = content_used.get(m, 0.0) + q
            t.flow(m, f"{c}:oxide:{el}", "ore", q, price["ore"], 35.0, src, "estimated",
                   f"{el} content of ore by {how}; separators use domestic ore first, surpluses spread in proportion")  # fmt: skip
    for c, q in ore.items():
        t.node(c, "ore", q, 30, price["ore"], "usgs_mcs2025", "primary",
               "output: USGS 2024 (all elements, t REO); the magnet chain draws only its elements' content, "
               "the rest goes to uses not modelled; capacity = output and 30 inventory days are assumptions (no data)")  # fmt: skip
        if content_used.get(c, 0.0) > q * (1 + 1e-9):
            raise AssertionError(f"ore content drawn from {c} exceeds its mine output")

    # 9. magnets -> component makers ----------------------------------------------------
    mon = pd.read_csv(
        raw
        / "china_magnet_exports_customs_news"
        / "china_rare_earth_magnet_exports_monthly_2024_2026.csv"
    )

    def mrow(period: str, dest: str) -> pd.Series:
        sel = mon[(mon["period"] == period) & (mon["destination"] == dest)]
        if len(sel) != 1:
            raise KeyError((period, dest))
        return sel.iloc[0]

    def base_year(period: str, dest: str, factor: float) -> float:
        r = mrow(period, dest)
        return float(r["tonnes"]) / (1 + float(r["yoy_pct"]) / 100) * factor

    china_exports_total = lit_value(lit, "magnet_exports", "China RE permanent magnets + alloys")
    exports = {
        "USA": base_year("2025", "United States", 1.0),
        "EU27": base_year("2025-H1", "EU", 2.0),
        "KOR": base_year("2025-09", "South Korea", 12.0),
        "VNM": base_year("2025-09", "Vietnam", 12.0),
        "JPN": base_year("2025-09", "Japan", 12.0),
    }
    exports["IND"] = base_year("2025-07", "India", 12.0)
    # Germany, France and Italy out of the EU's tonnes: Germany from its own customs
    # figure; France and Italy (no customs figure found) take the rest of the EU's
    # tonnes in proportion to their 2024 motor-vehicle output among the EU members of
    # the OICA table read (members not in it count as zero, so these are upper bounds).
    eu_total = exports.pop("EU27")
    exports["DEU"] = base_year("2025-09", "Germany", 12.0)
    eu_cars = {iso3(n): lit_value(lit, "vehicle_production", n) for n in EU_CAR_MAKERS}
    eu_rest = eu_total - exports["DEU"]
    for c in ("FRA", "ITA"):
        exports[c] = eu_rest * eu_cars[c] / sum(eu_cars.values())
    exports["EU27"] = eu_total - exports["DEU"] - exports["FRA"] - exports["ITA"]
    exports["ROW"] = china_exports_total - sum(exports.values())
    car_split = (
        "EU less DEU split by 2024 vehicle output among the EU members in the OICA table read"
    )
    export_method = {
        "USA": "2025 US total 5,933 t / (1 - 20.3%)",
        "EU27": f"H1-2025 EU 8,360 t / (1 - 22.4%) x 2, less DEU, FRA, ITA ({car_split})",
        "DEU": "Sep-2025 1,288 t / 1.278 x 12",
        "FRA": f"{car_split}: France {eu_cars['FRA'] / sum(eu_cars.values()):.1%}",
        "ITA": f"{car_split}: Italy {eu_cars['ITA'] / sum(eu_cars.values()):.1%}",
        "IND": "Jul-2025 418 t / 1.60 x 12",
        "KOR": "Sep-2025 854 t / 1.845 x 12",
        "VNM": "Sep-2025 456 t / 1.183 x 12",
        "JPN": "Sep-2025 228 t / 1.208 x 12",
        "ROW": "58,152 t 2024 total less the named destinations",
    }
    ndfeb_chn = magnet_out["CHN"]
    chn_total = ndfeb_chn + smco_china
    grade_share = {
        "magnet:ndfeb_hre": ndfeb_chn * hre_frac / chn_total,
        "magnet:ndfeb": ndfeb_chn * (1 - hre_frac) / chn_total,
        "magnet:smco": smco_china / chn_total,
    }
    receipts: dict[str, dict[str, dict[str, float]]] = {}  # consumer -> grade -> supplier -> t

    def receive(cons: str, grade: str, sup: str, q: float) -> None:
        receipts.setdefault(cons, {}).setdefault(grade, {})
        receipts[cons][grade][sup] = receipts[cons][grade].get(sup, 0.0) + q

    for dest, q in exports.items():
        for g, s in grade_share.items():
            receive(dest, g, "CHN", q * s)
    for g, s in grade_share.items():
        receive("CHN", g, "CHN", (chn_total - china_exports_total) * s)
    comtrade = pd.read_csv(
        raw
        / "us_imports_comtrade_via_akashok1"
        / "us_imports_by_partner_rare_earths_magnets_2018_2025.csv"
    )
    us24 = comtrade[(comtrade["hs6"] == 850511) & (comtrade["year"] == BASE_YEAR)]
    china_value_share = float(
        us24.loc[us24["partner_iso3"].isin(["CHN", "HKG"]), "share_of_us_imports"].sum()
    )
    us_nonchina = exports["USA"] * (1 - china_value_share) / china_value_share
    nonchina_total = sum(v for k, v in magnet_out.items() if k != "CHN")
    for maker in ("JPN", "EU27", "VNM"):
        to_us = us_nonchina * magnet_out[maker] / nonchina_total
        for g in ("magnet:ndfeb_hre", "magnet:ndfeb"):
            frac = hre_frac if g == "magnet:ndfeb_hre" else 1 - hre_frac
            receive("USA", g, maker, to_us * frac)
            receive(maker, g, maker, (magnet_out[maker] - to_us) * frac)

    # 10. components and sectors --------------------------------------------------------
    ev = lit_value(lit, "NdFeB_end_use_share", "New-energy vehicles (NEV)")
    wind = (
        100
        * lit_value(lit, "NdFeB_demand", "Wind turbines")
        / lit_value(lit, "NdFeB_demand", "World total implied by CREIA NEV share")
    )
    elec = lit_value(lit, "NdFeB_end_use_share", "Consumer electronics")
    ind = 100 - ev - wind - elec
    use_split = {
        "magnet:ndfeb_hre": {"component:traction_motor": ev, "component:wind_generator": wind},
        "magnet:ndfeb": {"component:electronics": elec, "component:industrial_motor": ind},
        "magnet:smco": {"component:actuator": 1.0},
    }
    vehicle_t, vehicle_how = vehicle_magnets(lit)
    sector_of = {
        "component:traction_motor": "sector:ev",
        "component:wind_generator": "sector:wind",
        "component:electronics": "sector:electronics",
        "component:industrial_motor": "sector:industrial",
        "component:actuator": "sector:aerospace_defense",
    }
    inv_days = 7 * lit_value(lit, "inventory_cover", "Carmakers' magnet inventory")
    # China->Europe sea freight (4-6 weeks) is used for every cross-border magnet route; the
    # 60-day US importer *order* lead time in the literature table includes production, so
    # it is not a transit time and is not used here.
    lead = lit_value(lit, "shipping_lead_time", "China -> Europe, container ship")
    use_src = "creia_enduse2024;heim2023;chokepoints_build"
    t.recipe("component:vehicle_motor", "magnet:ndfeb_hre", 1.0, "chokepoints_build;heim2023", "estimated",
             "components counted in t of magnet embodied; car motors taken as Dy-bearing (high-temperature) grades")  # fmt: skip
    for sector in ("sector:conventional_vehicles", "sector:hybrid_vehicles"):
        t.recipe(sector, "component:vehicle_motor", 1.0, "chokepoints_build", "derived",
                 "sectors counted in t of magnet embodied")  # fmt: skip
    for comp, sector in sector_of.items():
        t.recipe(comp, next(g for g, u in use_split.items() if comp in u), 1.0, "chokepoints_build", "derived",
                 "components counted in t of magnet embodied")  # fmt: skip
        t.recipe(
            sector,
            comp,
            1.0,
            "chokepoints_build",
            "derived",
            "sectors counted in t of magnet embodied",
        )
    for cons in sorted(receipts):
        comp_out: dict[str, float] = {}
        # Cars made here take their magnets (vehicles x kg per vehicle) out of the
        # Dy-bearing magnets received, before the traction : wind split of the rest.
        cars = vehicle_t.get(cons, {})
        hre_in = sum(receipts[cons].get("magnet:ndfeb_hre", {}).values())
        car_frac = sum(cars.values()) / hre_in if hre_in > 0 else 0.0
        if car_frac >= 1.0:
            raise AssertionError(f"{cons}: car magnets exceed the Dy-bearing magnets received")
        region_split = dict(use_split)
        if car_frac > 0:
            region_split["magnet:ndfeb_hre"] = {
                "component:traction_motor": ev * (1 - car_frac),
                "component:wind_generator": wind * (1 - car_frac),
                "component:vehicle_motor": (ev + wind) * car_frac,
            }
        for g, by_sup in receipts[cons].items():
            total_g = sum(by_sup.values())
            split = region_split[g]
            for comp, w in split.items():
                frac = w / sum(split.values())
                comp_out[comp] = comp_out.get(comp, 0.0) + total_g * frac
                for sup, q in by_sup.items():
                    status = "estimated"
                    src = "gac_magnets_press;adamas_exports2024;shipping_politico;" + use_src
                    how = (
                        f"China's exports to {cons}: {export_method[cons]}; grade mix as China's output; "
                        f"end-use split {frac:.1%}"
                        if sup == "CHN" and cons != "CHN"
                        else f"supplier's output less exports, used at home; end-use split {frac:.1%}"
                        if sup == cons
                        else f"US non-China imports = China tonnage x non-China/China value share of US HS 8505.11 imports 2024 ({1 - china_value_share:.1%}), split by makers' output; end-use split {frac:.1%}"
                    )
                    if sup == "USA" or (cons == "USA" and sup != "CHN"):
                        src += ";comtrade_us"
                    t.flow(sup, f"{cons}:{comp}", g, q * frac, price[g], lead, src, status, how)
        for comp, q in comp_out.items():
            t.node(cons, comp, q, inv_days, np.nan, use_src + ";inventory_press", "estimated",
                   "output = magnets received (t magnet-equivalent); inventory = 5 weeks of magnet stock (press)")  # fmt: skip
            if comp == "component:vehicle_motor":
                uses = {s: v for s, v in cars.items() if v > 0}
                src, said = use_src + ";" + VEHICLE_SOURCES, vehicle_how[cons]
            else:
                uses = {sector_of[comp]: q}
                src, said = use_src, {sector_of[comp]: "final use of the components made at home"}
            for sector, qs in uses.items():
                t.node(cons, sector, qs, 0.0, np.nan, src, "estimated", said[sector])
                t.flow(cons, f"{cons}:{sector}", comp, qs, np.nan, 0.0, src, "estimated",
                       "components used in the country that makes them (no component trade data)")  # fmt: skip

    return _assemble(t)


def _assemble(t: _Tables) -> World:
    nodes = pd.DataFrame(t.nodes)
    flows = pd.DataFrame(t.flows)
    recipes = pd.DataFrame(t.recipes).drop_duplicates("recipe_id")
    actors: Iterable[str] = sorted(set(nodes["actor"]))
    countries = pd.DataFrame(
        [
            {
                "iso3": a,
                "name": country_name(a),
                "source": "chokepoints_build",
                "status": "derived",
                "method": "ISO 3166 names from pycountry; EU27 and ROW are aggregates",
            }
            for a in actors
        ]
    )
    products = pd.DataFrame(
        [
            {
                "product_id": p.product_id,
                "stage": p.stage,
                "name": p.name,
                "unit": p.unit,
                "elements": ";".join(p.elements),
                "hs_codes": ";".join(p.hs_codes),
                "description": p.description,
                "source": "chokepoints_build",
                "status": "derived",
                "method": "product catalogue of chokepoints.world.vocabulary (HS 2022 headings)",
            }
            for p in PRODUCTS
        ]
    )
    used = set(nodes["product_id"])
    products = products[products["product_id"].isin(used)]
    tables = {
        "sources": sources_table(),
        "countries": countries,
        "products": products,
        "nodes": nodes.sort_values("node_id", key=lambda s: s.map(_node_order)),
        "flows": flows.sort_values("flow_id"),
        "recipes": recipes,
    }
    for name, df in tables.items():
        schema = TABLES_BY_NAME[name]
        df = df[schema.column_names].reset_index(drop=True)
        df.index = pd.Index(df[schema.key], name=None)
        tables[name] = df
    meta = {
        "data_version": DATA_VERSION,
        "base_year": BASE_YEAR,
        "built_by": "chokepoints.data.build_world",
    }
    return World(name="bundled", meta=meta, **tables)


def _node_order(node_id: str) -> tuple[int, str]:
    actor, product = node_id.split(":", 1)
    order = [p.product_id for p in PRODUCTS]
    return (order.index(product) if product in PRODUCTS_BY_ID else 99, actor)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--raw", type=Path, default=None, help="raw data folder (default: package data/raw)"
    )
    parser.add_argument(
        "--out", type=Path, default=None, help="output folder (default: package data/world)"
    )
    args = parser.parse_args(argv)
    world = build_world(args.raw)
    from chokepoints.world.validate import validate_world

    validate_world(world)
    out = args.out or Path(str(resources.files("chokepoints") / "data" / "world"))
    save_world(world, out)
    print(json.dumps({"out": str(out), **world.describe()}))


if __name__ == "__main__":
    main()
