"""Synthetic multi-tier supplier networks (10^4 to 10^6 firms) for tests and benchmarks.

Everything here is **synthetic**. A network has five tiers, downstream first:

====  ===========================  =================  ===========================
tier  firms                        share of firms     world product
====  ===========================  =================  ===========================
0     OEMs (product lines)         1%                 none
1     module and system suppliers  45%                none
2     motor and component makers   40%                component:traction_motor
3     magnet makers                10%                magnet:ndfeb_hre
4     Dy metal makers              4%                 metal:Dy
====  ===========================  =================  ===========================

Each firm of tier ``t < 4`` buys its one input from ``1 + Poisson(2)`` firms of tier
``t + 1`` (so 3 on average, as multi-sourcing surveys of automotive buyers report 2-4),
chosen with probability proportional to a Pareto(1.2) "size", which gives the
heavy-tailed (power-law) number of customers per supplier seen in firm-level production
networks (Bernard & Zi 2022 review; Fujiwara & Aoyama 2010 on Japanese firms: customer
counts with a tail exponent near 1.3). Shares are the normalised product of an Exp(1)
draw and the square root of the supplier's size. Countries are drawn per tier from
fixed, China-heavy-upstream mixes (:data:`TIER_COUNTRIES`; magnet makers 90% Chinese as
the bundled world's 94% share). Lead times are 2-7 days at home, 20-45 days across a
border; input cover is lognormal with median 30 days.

Generation is vectorised numpy: no Python loop over firms or links.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd
import scipy.sparse as sp

from chokepoints.suppliers.link import LinkedNetwork
from chokepoints.suppliers.model import SupplierMap
from chokepoints.suppliers.schema import TABLES

#: Share of firms in each tier, downstream first.
TIER_SHARES: tuple[float, ...] = (0.01, 0.45, 0.40, 0.10, 0.04)
#: World product of each tier ("" = none, not gated).
TIER_PRODUCTS: tuple[str, ...] = (
    "",
    "",
    "component:traction_motor",
    "magnet:ndfeb_hre",
    "metal:Dy",
)
#: Country mix of each tier (synthetic, China-heavy upstream).
TIER_COUNTRIES: tuple[dict[str, float], ...] = (
    {"CHN": 0.25, "DEU": 0.2, "USA": 0.2, "JPN": 0.15, "KOR": 0.1, "FRA": 0.05, "GBR": 0.05},
    {
        "CHN": 0.30,
        "DEU": 0.2,
        "JPN": 0.12,
        "USA": 0.12,
        "KOR": 0.08,
        "MEX": 0.08,
        "FRA": 0.05,
        "CZE": 0.05,
    },
    {
        "CHN": 0.45,
        "JPN": 0.12,
        "DEU": 0.12,
        "KOR": 0.08,
        "USA": 0.08,
        "MEX": 0.05,
        "HUN": 0.05,
        "IND": 0.05,
    },
    {"CHN": 0.90, "JPN": 0.06, "DEU": 0.02, "VNM": 0.02},
    {"CHN": 0.85, "MYS": 0.05, "JPN": 0.03, "AUS": 0.03, "USA": 0.02, "VNM": 0.02},
)
#: Mean extra suppliers per input (in-degree is 1 + Poisson of this).
EXTRA_SUPPLIERS = 2.0
#: Pareto shape of supplier sizes (sets the tail of the customers-per-supplier law).
PARETO_SHAPE = 1.2
#: Dy per unit of tier-0 output, kg (1.75 kg magnet per traction motor at 4 wt% Dy;
#: supply_chain_parameters.csv rows 'magnet_mass_per_unit' and 'magnet_composition').
DY_KG_PER_UNIT = 1.75 * 0.04


@dataclass(frozen=True)
class SyntheticNetwork:
    """A generated layered supplier network, as arrays.

    Attributes
    ----------
    tier : ndarray of int8, shape (n_firms,)
        Tier of each firm (0 = OEM ... 4 = metal maker); firms are sorted by tier.
    country : ndarray of int16, shape (n_firms,)
        Index into ``countries``.
    countries : tuple of str
        ISO3 codes.
    output_per_day : ndarray, shape (n_firms,)
        Baseline output, units per day (one unit of input per unit of output at each tier).
    inventory_days : ndarray, shape (n_firms,)
        Input cover, days.
    sup, cus : ndarray of int64, shape (n_links,)
        Supplier and customer firm of each link (customer tier + 1 = supplier tier).
    share : ndarray, shape (n_links,)
        Share of the customer's input from this supplier (sums to 1 per customer).
    quantity_per_day : ndarray, shape (n_links,)
        Baseline volume, units per day.
    lead_time_days : ndarray of int16, shape (n_links,)
    seed : int
    """

    tier: npt.NDArray[np.int8]
    country: npt.NDArray[np.int16]
    countries: tuple[str, ...]
    output_per_day: npt.NDArray[np.float64]
    inventory_days: npt.NDArray[np.float64]
    sup: npt.NDArray[np.int64]
    cus: npt.NDArray[np.int64]
    share: npt.NDArray[np.float64]
    quantity_per_day: npt.NDArray[np.float64]
    lead_time_days: npt.NDArray[np.int16]
    seed: int

    @property
    def n_firms(self) -> int:
        return int(self.tier.shape[0])

    @property
    def n_links(self) -> int:
        return int(self.sup.shape[0])


def tier_sizes(n_firms: int) -> npt.NDArray[np.int64]:
    """Firms per tier (each at least 1), summing to ``n_firms``."""
    sizes = np.maximum(np.floor(np.asarray(TIER_SHARES) * n_firms).astype(np.int64), 1)
    sizes[1] += n_firms - int(sizes.sum())
    return sizes


def generate_network(n_firms: int, *, seed: int = 0) -> SyntheticNetwork:
    """Generate a synthetic supplier network of ``n_firms`` firms (see the module docstring).

    Parameters
    ----------
    n_firms : int
        Number of firms, at least 10.
    seed : int
        Root of the random draws (``numpy.random.default_rng(seed)``).
    """
    if n_firms < 10:
        raise ValueError(f"n_firms is {n_firms} (expected at least 10).")
    rng = np.random.default_rng(seed)
    sizes = tier_sizes(n_firms)
    start = np.concatenate([[0], np.cumsum(sizes)])
    tier = np.repeat(np.arange(len(sizes), dtype=np.int8), sizes)
    countries = tuple(sorted({c for mix in TIER_COUNTRIES for c in mix}))
    cpos = {c: i for i, c in enumerate(countries)}
    country = np.empty(n_firms, dtype=np.int16)
    for t, mix in enumerate(TIER_COUNTRIES):
        codes = np.array([cpos[c] for c in mix], dtype=np.int16)
        p = np.array(list(mix.values()))
        country[start[t] : start[t + 1]] = rng.choice(codes, size=int(sizes[t]), p=p / p.sum())
    size = rng.pareto(PARETO_SHAPE, n_firms) + 1.0
    sups, cuss, weights = [], [], []
    for t in range(len(sizes) - 1):
        n_c, n_s = int(sizes[t]), int(sizes[t + 1])
        k = np.minimum(1 + rng.poisson(EXTRA_SUPPLIERS, n_c), n_s)
        cus = np.repeat(np.arange(start[t], start[t + 1]), k)
        w = size[start[t + 1] : start[t + 2]]
        sup = start[t + 1] + rng.choice(n_s, size=cus.size, p=w / w.sum())
        # one link per (customer, supplier) pair
        key = np.unique(cus * np.int64(n_firms) + sup)
        cus, sup = key // n_firms, key % n_firms
        sups.append(sup)
        cuss.append(cus)
        weights.append(rng.exponential(1.0, sup.size) * np.sqrt(size[sup]))
    sup = np.concatenate(sups)
    cus = np.concatenate(cuss)
    wgt = np.concatenate(weights)
    share = wgt / np.bincount(cus, weights=wgt, minlength=n_firms)[cus]
    out = np.zeros(n_firms)
    out[: start[1]] = rng.lognormal(np.log(500.0), 1.0, int(sizes[0]))
    qty = np.zeros(sup.size)
    for t in range(len(sizes) - 1):  # links are grouped by customer tier, in order
        sel = (cus >= start[t]) & (cus < start[t + 1])
        qty[sel] = out[cus[sel]] * share[sel]
        out += np.bincount(sup[sel], weights=qty[sel], minlength=n_firms)
    cross = country[sup] != country[cus]
    lead = np.where(cross, rng.integers(20, 46, sup.size), rng.integers(2, 8, sup.size)).astype(
        np.int16
    )
    inv = rng.lognormal(np.log(30.0), 0.5, n_firms)
    return SyntheticNetwork(
        tier=tier,
        country=country,
        countries=countries,
        output_per_day=out,
        inventory_days=inv,
        sup=sup.astype(np.int64),
        cus=cus.astype(np.int64),
        share=share,
        quantity_per_day=qty,
        lead_time_days=lead,
        seed=seed,
    )


def tier_matrices(net: SyntheticNetwork) -> list[sp.csr_matrix]:
    """Share matrices ``P_t`` (tier-t firms x tier-t+1 firms), one per tier boundary."""
    sizes = np.bincount(net.tier, minlength=len(TIER_SHARES))
    start = np.concatenate([[0], np.cumsum(sizes)])
    mats = []
    for t in range(len(sizes) - 1):
        sel = (net.cus >= start[t]) & (net.cus < start[t + 1])
        mats.append(
            sp.csr_matrix(
                (net.share[sel], (net.cus[sel] - start[t], net.sup[sel] - start[t + 1])),
                shape=(int(sizes[t]), int(sizes[t + 1])),
            )
        )
    return mats


def layered_exposure(net: SyntheticNetwork) -> dict[str, npt.NDArray[np.float64]]:
    """Share of each OEM's Dy content passing through each country at each tier.

    ``through[t]`` (n_oem x n_countries) is ``P_0 P_1 ... P_{t-1} E_t`` where ``E_t`` is
    the one-hot country matrix of tier ``t`` (products evaluated right to left, so each
    step is a sparse matrix times a dense n x n_countries block). ``through[4]`` is the
    origin of the Dy metal.

    Returns
    -------
    dict
        ``through`` (n_tiers, n_oem, n_countries) shares, ``any_china`` (n_oem,) share of
        content passing through China at any tier, ``content_kg_per_day`` (n_oem,).
    """
    mats = tier_matrices(net)
    sizes = [m.shape[0] for m in mats] + [mats[-1].shape[1]]
    start = np.concatenate([[0], np.cumsum(sizes)])
    n_c = len(net.countries)
    through = np.zeros((len(sizes), sizes[0], n_c))
    chn = net.countries.index("CHN") if "CHN" in net.countries else -1
    not_china = np.ones(sizes[-1])  # share of paths avoiding China, from the top tier down
    for t in range(len(sizes) - 1, -1, -1):
        ct = net.country[start[t] : start[t + 1]].astype(np.int64)
        block = np.zeros((sizes[t], n_c))
        block[np.arange(sizes[t]), ct] = 1.0
        for u in range(t - 1, -1, -1):
            block = mats[u] @ block
        through[t] = block
        # avoid-China probability: a path avoids China if every firm on it does
        here = (ct != chn).astype(np.float64)
        if t == len(sizes) - 1:
            not_china = here
        else:
            not_china = here * (mats[t] @ not_china)
    return {
        "through": through,
        "any_china": 1.0 - not_china,
        "content_kg_per_day": net.output_per_day[: sizes[0]] * DY_KG_PER_UNIT,
    }


def to_linked(net: SyntheticNetwork) -> LinkedNetwork:
    """The network as a :class:`~chokepoints.suppliers.link.LinkedNetwork` for the engine.

    Input cover is per firm (``nodes.inventory_days``); tier-0 firms are product lines.
    """
    n = net.n_firms
    ids = pd.Index(np.arange(n)).astype(str)
    node_id = "F" + ids
    countries = np.asarray(net.countries)[net.country]
    products = np.asarray(TIER_PRODUCTS)[net.tier]
    part = np.asarray(["oem", "module", "motor", "magnet", "dy_metal"])[net.tier]
    line = np.where(net.tier == 0, node_id, "")
    nodes = pd.DataFrame(
        {
            "node_id": node_id,
            "site_id": node_id,
            "part_id": part,
            "country": countries,
            "world_actor": countries,
            "world_product": products,
            "stage": "",
            "output_per_day": net.output_per_day,
            "unit": "unit",
            "inferred": False,
            "line_id": line,
            "line_output": np.where(net.tier == 0, net.output_per_day, 0.0),
            "value_usd_per_unit": np.where(net.tier == 0, 30000.0, np.nan),
            "unit_cost_usd": np.nan,
            "inventory_days": net.inventory_days,
        },
        index=node_id,
    )
    sup_id = node_id[net.sup]
    cus_id = node_id[net.cus]
    edges = pd.DataFrame(
        {
            "edge_id": sup_id + ">" + cus_id,
            "supplier_node": sup_id,
            "customer_node": cus_id,
            "part_id": part[net.sup],
            "child_part": part[net.sup],
            "share": net.share,
            "coefficient": 1.0,
            "quantity_per_day": net.quantity_per_day,
            "lead_time_days": net.lead_time_days.astype(np.float64),
            "origin": countries[net.sup],
            "destination": countries[net.cus],
            "world_product": products[net.sup],
            "inferred": False,
            "cross_border": net.country[net.sup] != net.country[net.cus],
        }
    )
    empty = {t.name: pd.DataFrame(columns=[*t.column_names, "src_row"]) for t in TABLES}
    smap = SupplierMap(name=f"synthetic-{n}-seed{net.seed}", meta={"synthetic": True}, **empty)
    return LinkedNetwork(
        nodes=nodes, edges=edges, inventory_days={}, smap=smap, meta={"synthetic": True}
    )
