"""Labelled layer over the market kernels: a compiled market spec in, an xarray Dataset out.

``MarketSpec`` holds one single-product market as plain arrays with the region labels;
:func:`simulate_market` runs the kernel and labels the answer; :func:`calc_sensitivity`
re-runs it with each elasticity group scaled. Nothing here reads files (see
``chokepoints.market.io`` for the YAML input).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import xarray as xr

from chokepoints import __version__
from chokepoints.engines.market.kernel import (
    FloatArray,
    calc_welfare,
    solve_equilibrium,
    solve_gsim_linear,
)

#: Elasticity groups that :func:`calc_sensitivity` scales.
ELASTICITY_GROUPS = ("substitution", "composite_demand", "export_supply")


@dataclass(frozen=True)
class MarketSpec:
    """One single-product market, compiled to arrays (regions are sources and markets).

    Attributes
    ----------
    regions : tuple of str
        Region ids; rows (exporters) and columns (importers) of every matrix.
    value0 : ndarray, shape (n, n)
        Baseline bilateral values at world prices, ``value_unit``.
    tariff0, tariff1 : ndarray, shape (n, n)
        Import tariff rate (fraction) of importer j on goods from exporter i, before/after.
    export_tax0, export_tax1 : ndarray, shape (n, n)
        Export tax rate of exporter i on sales to j, before/after.
    quota_share : ndarray, shape (n, n)
        New cap on each flow as a share of its baseline quantity (``inf`` = none). A
        licence regime enters here as its approved share; a ban as 0.
    substitution : ndarray, shape (n,)
        Armington substitution elasticity per importer (GSIM ``E_s`` > 0).
    composite_demand : ndarray, shape (n,)
        Composite demand elasticity per importer, GSIM sign (``E_m`` <= 0).
    export_supply : ndarray, shape (n,)
        Export supply elasticity per exporter (GSIM ``E_x`` >= 0; ``inf`` = flat supply).
    product : str
        Product id (for example ``oxide:Dy``).
    value_unit : str
        Unit of ``value0`` (for example ``USD million per year``).
    rent_to_exporter : ndarray of bool, shape (n, n)
        Who holds the licences of each capped flow (exporter by default).
    reference_prices : dict
        Optional observed baseline price level per market, ``{region: (value, unit)}``,
        used only to print price levels next to the ratios.
    measure_kind : ndarray of str, shape (n, n)
        Label of the cap on each flow: ``""``, ``"quota"``, ``"licence"`` or ``"ban"``.
    citations : dict
        Source of each elasticity group (text), carried into the result's attrs.
    name : str
        Case name.
    quota_groups : tuple of (mask, cap)
        Caps on the total of several flows (bool mask, shape (n, n); cap in baseline
        value units) with one common rent, e.g. a global export quota.
    """

    regions: tuple[str, ...]
    value0: FloatArray
    tariff0: FloatArray
    tariff1: FloatArray
    export_tax0: FloatArray
    export_tax1: FloatArray
    quota_share: FloatArray
    substitution: FloatArray
    composite_demand: FloatArray
    export_supply: FloatArray
    product: str = "product"
    value_unit: str = "value units"
    rent_to_exporter: np.ndarray | None = None
    reference_prices: dict[str, tuple[float, str]] = field(default_factory=dict)
    measure_kind: np.ndarray | None = None
    citations: dict[str, str] = field(default_factory=dict)
    name: str = "market"
    quota_groups: tuple[tuple[np.ndarray, float], ...] = ()

    @property
    def tau0(self) -> FloatArray:
        """Baseline wedge between world and buyer price, ``(1+t0)(1+x0)``."""
        return (1 + self.tariff0) * (1 + self.export_tax0)

    @property
    def tau1(self) -> FloatArray:
        """New wedge before any quota rent, ``(1+t1)(1+x1)``."""
        return (1 + self.tariff1) * (1 + self.export_tax1)

    def with_elasticities(self, **scale: float) -> MarketSpec:
        """Copy with elasticity groups multiplied, e.g. ``with_elasticities(substitution=2)``."""
        changes: dict[str, Any] = {}
        for group, factor in scale.items():
            if group not in ELASTICITY_GROUPS:
                raise ValueError(
                    f"unknown elasticity group {group!r}; expected {ELASTICITY_GROUPS}"
                )
            changes[group] = getattr(self, group) * factor
        return replace(self, **changes)

    def with_elasticity(self, group: str, value: float, region: str | None = None) -> MarketSpec:
        """Copy with one elasticity group set to ``value`` (for one region or all).

        ``composite_demand`` uses GSIM's sign (<= 0); ``export_supply`` may be ``inf``.
        """
        if group not in ELASTICITY_GROUPS:
            raise ValueError(f"unknown elasticity group {group!r}; expected {ELASTICITY_GROUPS}")
        arr = getattr(self, group).astype(float).copy()
        if region is None:
            arr[:] = value
        elif region in self.regions:
            arr[self.regions.index(region)] = value
        else:
            raise ValueError(f"unknown region {region!r}; expected one of {list(self.regions)}")
        return replace(self, **{group: arr})

    def without_measures(self) -> MarketSpec:
        """Copy where the new measures equal the initial ones (nothing changes)."""
        n = len(self.regions)
        return replace(
            self,
            tariff1=self.tariff0.copy(),
            export_tax1=self.export_tax0.copy(),
            quota_share=np.full((n, n), np.inf),
            quota_groups=(),
        )


def _solve(spec: MarketSpec):  # type: ignore[no-untyped-def]
    capped = np.isfinite(spec.quota_share)
    quota = np.where(capped, np.where(capped, spec.quota_share, 0.0) * spec.value0, np.inf)
    banned = (spec.quota_share <= 0) & (spec.value0 > 0)
    return solve_equilibrium(
        spec.value0,
        spec.tau0,
        spec.tau1,
        spec.substitution,
        -spec.composite_demand,
        spec.export_supply,
        quota=quota,
        banned=banned,
        quota_groups=spec.quota_groups,
    )


def simulate_market(spec: MarketSpec) -> xr.Dataset:
    """Solve the market after the new measures and return labelled results.

    Parameters
    ----------
    spec : MarketSpec
        The compiled market.

    Returns
    -------
    xarray.Dataset
        Dimensions ``exporter``, ``importer`` (bilateral) and ``region`` (per-region
        prices and welfare). Variables carry ``units`` and ``long_name``; ``attrs`` record
        product, value unit, elasticities, their citations, solver residual and version.

    Examples
    --------
    >>> from chokepoints.market.io import load_builtin_market
    >>> ds = simulate_market(load_builtin_market("dysprosium-oxide", "april-2025-licensing"))
    >>> round(float(ds["price_index_ratio"].sel(region="EUR")), 2)
    3.04
    """
    sol = _solve(spec)
    welfare = calc_welfare(
        spec.value0,
        spec.tariff0,
        spec.export_tax0,
        spec.tariff1,
        spec.export_tax1,
        spec.substitution,
        -spec.composite_demand,
        spec.export_supply,
        sol,
        rent_to_exporter=spec.rent_to_exporter,
    )
    regions = list(spec.regions)
    bil = ("exporter", "importer")
    buyer0 = spec.tau0
    with np.errstate(divide="ignore", invalid="ignore"):
        buyer_ratio = np.where(spec.value0 > 0, sol.p_internal / buyer0, np.nan)
        flow_pct = np.where(spec.value0 > 0, 100.0 * (sol.quantity / spec.value0 - 1.0), np.nan)
    pw = sol.p_world
    value1 = np.nan_to_num(pw, nan=0.0)[:, None] * sol.quantity
    imports0 = spec.value0.sum(axis=0)
    ds = xr.Dataset(
        {
            "world_price_ratio": (
                "region",
                pw,
                {"units": "1", "long_name": "exporter price after / before (NaN: no supply)"},
            ),
            "price_index_ratio": (
                "region",
                np.where(imports0 > 0, sol.price_index, np.nan),
                {"units": "1", "long_name": "composite buyer price in market after / before"},
            ),
            "supply_ratio": (
                "region",
                np.divide(
                    sol.supply,
                    spec.value0.sum(axis=1),
                    out=np.full(len(regions), np.nan),
                    where=spec.value0.sum(axis=1) > 0,
                ),
                {"units": "1", "long_name": "quantity supplied after / before"},
            ),
            "buyer_price_ratio": (
                bil,
                buyer_ratio,
                {
                    "units": "1",
                    "long_name": "buyer price of exporter's good in market, after / before",
                },
            ),
            "quantity_baseline": (
                bil,
                spec.value0,
                {"units": spec.value_unit, "long_name": "baseline flow (value at world prices)"},
            ),
            "quantity_new": (
                bil,
                sol.quantity,
                {"units": spec.value_unit + " at baseline prices", "long_name": "new flow volume"},
            ),
            "value_new": (
                bil,
                value1,
                {"units": spec.value_unit, "long_name": "new flow value at new world prices"},
            ),
            "flow_change_pct": (
                bil,
                flow_pct,
                {"units": "%", "long_name": "change of flow volume"},
            ),
            "rent_rate": (
                bil,
                sol.rent_rate,
                {"units": "1", "long_name": "quota/licence rent as a share of the border price"},
            ),
            "quota_binding": (bil, sol.binding, {"long_name": "cap binds"}),
        },
        coords={"region": regions, "exporter": regions, "importer": regions},
    )
    for name, arr, long in (
        ("consumer_surplus_change", welfare.consumer_surplus, "consumer surplus change"),
        ("producer_surplus_change", welfare.producer_surplus, "producer surplus change"),
        ("tariff_revenue_change", welfare.tariff_revenue, "tariff revenue change"),
        ("export_tax_revenue_change", welfare.export_tax_revenue, "export tax revenue change"),
        ("quota_rent", welfare.quota_rent, "quota/licence rent received"),
        ("welfare_change", welfare.total, "net welfare change (sum of the pieces)"),
    ):
        ds[name] = ("region", arr, {"units": spec.value_unit, "long_name": long})
    if spec.reference_prices:
        ref = np.array(
            [spec.reference_prices.get(r, (np.nan, ""))[0] for r in regions], dtype=float
        )
        units = {u for _, u in spec.reference_prices.values()}
        unit = units.pop() if len(units) == 1 else "mixed (see reference_price_unit)"
        ds["reference_price"] = (
            "region",
            ref,
            {"units": unit, "long_name": "observed baseline price"},
        )
        ds["reference_price_new"] = (
            "region",
            ref * ds["price_index_ratio"].values,
            {"units": unit, "long_name": "baseline price x simulated price ratio"},
        )
        ds["reference_price_unit"] = (
            "region",
            [spec.reference_prices.get(r, (np.nan, ""))[1] for r in regions],
        )
    if spec.measure_kind is not None:
        ds["cap_kind"] = (bil, spec.measure_kind.astype(str), {"long_name": "cap on the flow"})
    ds.attrs.update(
        {
            "name": spec.name,
            "product": spec.product,
            "value_unit": spec.value_unit,
            "model": "Armington partial equilibrium (GSIM, Francois and Hall 2003), non-linear",
            "substitution": _fmt(spec.substitution),
            "composite_demand": _fmt(spec.composite_demand),
            "export_supply": _fmt(spec.export_supply),
            "solver_max_log_residual": sol.max_residual,
            "solver_active_set_passes": sol.iterations,
            "chokepoints_version": __version__,
        }
    )
    for group, text in spec.citations.items():
        ds.attrs[f"citation_{group}"] = text
    return ds


def _fmt(arr: FloatArray) -> str:
    vals = np.unique(arr)
    return f"{vals[0]:g}" if vals.size == 1 else ", ".join(f"{v:g}" for v in arr)


def linear_world_price_change(spec: MarketSpec) -> xr.DataArray:
    """GSIM's linearised world-price changes (fractions) for a spec without quotas.

    Parameters
    ----------
    spec : MarketSpec
        Tariff and export-tax changes only (quotas are ignored).

    Returns
    -------
    xarray.DataArray
        Dimension ``region``; ``0.0792`` means +7.92 %.
    """
    x = solve_gsim_linear(
        spec.value0,
        spec.tau0,
        spec.tau1,
        spec.substitution,
        -spec.composite_demand,
        spec.export_supply,
    )
    return xr.DataArray(
        x,
        dims="region",
        coords={"region": list(spec.regions)},
        name="world_price_change_linear",
        attrs={"units": "1", "long_name": "GSIM linear world price change"},
    )


def calc_sensitivity(spec: MarketSpec, factors: tuple[float, ...] = (0.5, 2.0)) -> xr.Dataset:
    """Re-solve with each elasticity group scaled by each factor.

    Parameters
    ----------
    spec : MarketSpec
        The case.
    factors : tuple of float
        Multipliers applied to one group at a time (others at their values).

    Returns
    -------
    xarray.Dataset
        ``price_index_ratio`` and ``world_price_ratio`` with dims
        (``elasticity``, ``factor``, ``region``); factor 1 is the central case.
    """
    all_factors = tuple(sorted({1.0, *factors}))
    p_index = np.empty((len(ELASTICITY_GROUPS), len(all_factors), len(spec.regions)))
    p_world = np.empty_like(p_index)
    welfare = np.empty_like(p_index)
    for g, group in enumerate(ELASTICITY_GROUPS):
        for f, factor in enumerate(all_factors):
            ds = simulate_market(spec.with_elasticities(**{group: factor}))
            p_index[g, f] = ds["price_index_ratio"].values
            p_world[g, f] = ds["world_price_ratio"].values
            welfare[g, f] = ds["welfare_change"].values
    coords = {
        "elasticity": list(ELASTICITY_GROUPS),
        "factor": list(all_factors),
        "region": list(spec.regions),
    }
    dims = ("elasticity", "factor", "region")
    return xr.Dataset(
        {
            "price_index_ratio": (dims, p_index, {"units": "1"}),
            "world_price_ratio": (dims, p_world, {"units": "1"}),
            "welfare_change": (dims, welfare, {"units": spec.value_unit}),
        },
        coords=coords,
        attrs={"name": spec.name, "product": spec.product},
    )
