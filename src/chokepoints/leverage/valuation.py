"""Both sides' losses on one basis: value added lost, US$, read off the WIOD 2011 table.

China's rare-earth controls are valued (``chokepoints.economy``) as the direct value added
of the products the missing magnets stop. The US controls get the same treatment here:
a missing input stops the output of the Chinese industry that uses it, in fixed
proportions, and that output's value added is lost. Per US$ of controlled input lost,
the Chinese user ``j`` (``data/leverage/users.csv``) loses, as a band:

- **low** ``v_j``: one US$ of output per US$ of input (the rest is made good somehow);
- **central** ``v_j / a_all``: output falls by the lost input over the input's cost share
  ``a_all`` = inputs of the supplying WIOD industry from **all** origins (China included)
  per US$ of ``j``'s output (fixed proportions, the missing input not replaced);
- **high** ``v_j / a_imp``: the same with the **imported** inputs of that industry only
  (domestic output of the industry is no substitute for the controlled good);

``v_j`` the value-added share of ``j``'s output. A capital good (chip-making tools) is not
in the table's intermediate flows, so it gets the low end throughout. The owner's side
on the same basis: the exporter's lost sales x the value-added share of the exporting
industry (``USA`` row of the supplying industry; for tariffs the value-added share of
the exporter's 2011 exports to the partner, weighted by industry). Tariffs' own cost
(deadweight loss) is already a surplus measure and is kept.

All shares are 2011 (the bundled table); the trade values they multiply are 2022-2025.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from chokepoints.errors import DataError

FILE = "chokepoints/data/leverage/users.csv"
KINDS = ("intermediate", "capital")


@dataclass(frozen=True)
class Use:
    """Which Chinese industry uses a good and which WIOD industry supplies it."""

    good: str
    supplier_industry: str
    user_country: str
    user_industry: str
    kind: str
    note: str


@lru_cache(maxsize=1)
def load_users() -> dict[str, Use]:
    """``users.csv`` by good, industries checked against the bundled WIOD table."""
    from chokepoints.economy.table import load_wiod

    text = (resources.files("chokepoints.data") / "leverage" / "users.csv").read_text("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    sectors = set(load_wiod().sectors)
    out: dict[str, Use] = {}
    for i, r in enumerate(rows, start=2):
        for f in ("supplier_industry", "user_industry"):
            if r.get(f) not in sectors:
                raise DataError(
                    "must be a WIOD industry code (c1..c35)", file=FILE, row=i, field=f,
                    value=r.get(f),
                )  # fmt: skip
        if r.get("kind") not in KINDS:
            raise DataError(
                f"must be one of {list(KINDS)}", file=FILE, row=i, field="kind", value=r.get("kind")
            )
        out[r["good"]] = Use(
            r["good"], r["supplier_industry"], r["user_country"], r["user_industry"], r["kind"],
            r.get("note", ""),
        )  # fmt: skip
    return out


@lru_cache(maxsize=64)
def va_share(country: str, industry: str) -> float:
    """Value-added share of output of ``(country, industry)`` in WIOD 2011, 0..1."""
    from chokepoints.economy.table import load_wiod

    return float(load_wiod().value_added_coefficients()[(country, industry)])


@lru_cache(maxsize=64)
def input_coefficients(supplier: str, country: str, user: str) -> tuple[float, float]:
    """``(a_all, a_imp)``: inputs of industry ``supplier`` from all origins and from
    outside ``country``, per US$ of output of ``(country, user)`` (WIOD 2011)."""
    from chokepoints.economy.table import load_wiod

    t = load_wiod()
    col = t.Z[(country, user)].xs(supplier, level=1)
    x = float(t.x[(country, user)])
    return float(col.sum()) / x, float(col.drop(country).sum()) / x


def input_multiplier(good: str) -> tuple[float, float, float]:
    """Value added lost by the Chinese user per US$ of ``good`` not delivered (low,
    central, high); see the module docstring."""
    u = load_users()[good]
    v = va_share(u.user_country, u.user_industry)
    if u.kind == "capital":
        return (v, v, v)
    a_all, a_imp = input_coefficients(u.supplier_industry, u.user_country, u.user_industry)
    return (v, v / a_all if a_all > 0 else v, v / a_imp if a_imp > 0 else v)


def supplier_va_share(good: str, origin: str = "USA") -> float:
    """Value-added share of the exporting industry of ``good`` in ``origin``."""
    return va_share(origin, load_users()[good].supplier_industry)


@lru_cache(maxsize=8)
def export_va_share(origin: str, destination: str) -> float:
    """Value added per US$ of ``origin``'s 2011 exports (intermediate and final) to
    ``destination``, weighted by exporting industry (WIOD 2011)."""
    from chokepoints.economy.table import load_wiod

    t = load_wiod()
    v = t.value_added_coefficients()
    rows = t.Z.loc[origin]
    inter = rows.loc[:, rows.columns.get_level_values(0) == destination].sum(axis=1)
    fd = t.Y.loc[origin, [c for c in t.Y.columns if str(c).startswith(destination + "_")]]
    exports = inter + fd.sum(axis=1)
    total = float(exports.sum())
    if total <= 0:
        raise DataError(f"WIOD 2011 has no exports from {origin} to {destination}")
    return float((exports * v.loc[origin]).sum()) / total


#: WIOD industry of China's magnet makers (sintered NdFeB is a metal product).
MAGNET_INDUSTRY = ("CHN", "c12")


_ARIO: dict[str, Any] = {}


def china_economy_wide_ratio(
    lost_output_usd: dict[str, float], horizon_days: int, *, tail_days: int = 90
) -> tuple[float, float]:
    """China's economy-wide value added lost over its direct value added lost, for a
    shock of lost output on Chinese industries (ARIO on the WIOD 2011 table).

    ``lost_output_usd``: Chinese WIOD industry -> output not made over the horizon (US$),
    spread evenly over ``horizon_days`` as a capacity shock (as
    ``chokepoints.economy.losses.economy_losses`` does for the products the magnets
    stop), then ``tail_days`` of recovery. Returns ``(total_usd, direct_usd)``: value
    added lost in China's industries (direct + indirect), and the direct part (the
    shocked output x its value-added share). Other countries' losses are not counted.
    """
    import numpy as np

    from chokepoints.economy.losses import compiled_nodes
    from chokepoints.economy.table import load_wiod
    from chokepoints.engines import economy as eng
    from chokepoints.engines.dynamics import simulate_arrays
    from chokepoints.engines.dynamics.simulate import CapacityShock

    t = load_wiod()
    c, pos, v = compiled_nodes(t)  # the same cached compile as the economy's runs
    items = [(pos[("CHN", j)], x) for j, x in sorted(lost_output_usd.items()) if x > 0]
    if not items:
        return 0.0, 0.0
    idx = np.array([i for i, _ in items], dtype=np.int64)
    per_day = np.array([x for _, x in items]) / t.money_unit_usd / max(horizon_days, 1)
    n_steps = horizon_days + tail_days
    key = f"base:{n_steps}"
    if key not in _ARIO:
        _ARIO[key] = simulate_arrays(c, n_steps=n_steps, n_runs=1, seed=0)["production"][0]
    base = _ARIO[key]
    delta, _ = eng.capacity_loss_share(np.tile(per_day, (horizon_days, 1)), c.x0[idx])
    delta = np.vstack([delta, np.zeros((tail_days, idx.size))])
    res = simulate_arrays(
        c, n_steps=n_steps, n_runs=1, seed=0, shock=CapacityShock(idx, np.round(delta, 9))
    )
    lost_out = (base - res["production"][0]).sum(axis=0)
    applied = np.zeros(c.n_nodes)
    applied[idx] = (delta[:horizon_days] * c.x0[idx][None, :]).sum(axis=0)
    va = eng.value_added_losses(lost_out, v, applied)
    china = np.array(c.node_region.tolist()) == "CHN"
    unit = t.money_unit_usd
    return float(va["total"][china].sum()) * unit, float(va["direct"][china].sum()) * unit
