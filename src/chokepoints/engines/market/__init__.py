"""Market engine: partial-equilibrium (Armington, GSIM-style) prices and bilateral flows.

Pure kernels live in :mod:`.kernel`; :mod:`.model` compiles a :class:`MarketSpec` and
labels results as an ``xarray.Dataset``. See ``docs/market.md`` for the equations.
"""

from chokepoints.engines.market.kernel import (
    MarketSolution,
    MarketSolveError,
    Welfare,
    calc_expenditure_shares,
    calc_welfare,
    solve_equilibrium,
    solve_gsim_linear,
)
from chokepoints.engines.market.model import (
    ELASTICITY_GROUPS,
    MarketSpec,
    calc_sensitivity,
    linear_world_price_change,
    simulate_market,
)

__all__ = [
    "ELASTICITY_GROUPS",
    "MarketSolution",
    "MarketSolveError",
    "MarketSpec",
    "Welfare",
    "calc_expenditure_shares",
    "calc_sensitivity",
    "calc_welfare",
    "linear_world_price_change",
    "simulate_market",
    "solve_equilibrium",
    "solve_gsim_linear",
]
