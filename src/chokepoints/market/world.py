"""Build a single-product market from the world network (baseline flows in value).

The world's ``flows`` table links nodes; the market model needs a country x country
matrix of one product's baseline trade in value. Each flow's value is its
``value_usd_per_yr`` where given, else ``quantity_t_per_yr`` times the supplier node's
``price_usd_per_t``. Flows between nodes of one country (including firm plants) add to
that country's domestic sales (the diagonal).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from chokepoints.engines.market.model import MarketSpec
from chokepoints.errors import NotFoundError, Problem, raise_if_problems

#: GSIM default elasticities (Francois and Hall 2003), used unless overridden.
GSIM_DEFAULTS = {"substitution": 5.0, "composite_demand": -1.25, "export_supply": 1.5}
GSIM_CITATION = "GSIM default (Francois and Hall 2003); no rare-earth estimate found"


def market_spec_from_world(
    world: Any,
    product_id: str,
    *,
    elasticities: Mapping[str, float] | None = None,
) -> MarketSpec:
    """Compile one product's country-level market from a :class:`~chokepoints.world.World`.

    Parameters
    ----------
    world : chokepoints.world.World
        The network (``load_world()`` for the bundled one).
    product_id : str
        Product id, e.g. ``magnet:ndfeb``.
    elasticities : mapping, optional
        ``substitution``, ``composite_demand`` (<= 0) and ``export_supply``; GSIM
        defaults for any not given.

    Returns
    -------
    MarketSpec
        Values in USD per year; no measures in the baseline and none new (apply a
        scenario with ``chokepoints.market.io.apply_measures``).

    Raises
    ------
    NotFoundError
        If the product has no flows in the world.
    DataErrors
        If a flow has neither a value nor a quantity with a supplier price.
    """
    flows = world.flows[world.flows["product_id"] == product_id]
    if flows.empty:
        traded = sorted(set(world.flows["product_id"]))
        raise NotFoundError("product with flows in the world", product_id, traded)
    nodes = world.nodes
    src = flows["supplier_node"].map(nodes["country"])
    dst = flows["customer_node"].map(nodes["country"])
    price = flows["supplier_node"].map(nodes["price_usd_per_t"])
    value = flows["value_usd_per_yr"].astype(float)
    derived = flows["quantity_t_per_yr"].astype(float) * price.astype(float)
    value = value.where(value.notna(), derived)
    problems = [
        Problem(
            file="flows.csv",
            row=int(flows.index.get_loc(fid)) + 1 if fid in flows.index else None,
            field="value_usd_per_yr",
            value=None,
            reason=(
                f"flow {fid!r} has no value and its supplier node has no price_usd_per_t "
                "(expected one of them to value the market baseline)"
            ),
        )
        for fid, v in value.items()
        if not np.isfinite(v)
    ]
    raise_if_problems(problems, context=f"the world's {product_id} flows")
    regions = sorted(set(src) | set(dst))
    index = {r: k for k, r in enumerate(regions)}
    n = len(regions)
    value0 = np.zeros((n, n))
    for s, d, v in zip(src, dst, value, strict=True):
        value0[index[s], index[d]] += v
    el = {**GSIM_DEFAULTS, **(elasticities or {})}
    zeros = np.zeros((n, n))
    return MarketSpec(
        regions=tuple(regions),
        value0=value0,
        tariff0=zeros,
        tariff1=zeros.copy(),
        export_tax0=zeros.copy(),
        export_tax1=zeros.copy(),
        quota_share=np.full((n, n), np.inf),
        substitution=np.full(n, float(el["substitution"])),
        composite_demand=np.full(n, float(el["composite_demand"])),
        export_supply=np.full(n, float(el["export_supply"])),
        product=product_id,
        value_unit="USD per year",
        rent_to_exporter=np.ones((n, n), dtype=bool),
        measure_kind=np.full((n, n), ""),
        citations={g: GSIM_CITATION for g in GSIM_DEFAULTS if g not in (elasticities or {})},
        name=f"world / {product_id}",
    )
