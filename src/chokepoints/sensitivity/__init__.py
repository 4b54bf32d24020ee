"""Global sensitivity of scenario outcomes to the assumptions (docs/sensitivity.md).

``morris(model)`` screens and ``sobol(model)`` apportions the variance of line stops,
lost output and (with ``market=``) the market's prices among the :data:`FACTORS`
(approval rates, review times, inventory days, rerouting delay, substitution) and the
market's :data:`DEMAND_ELASTICITY`, with SALib. Names are imported on first use.
"""

from __future__ import annotations

import importlib
from typing import Any

_LAZY = {
    "DEMAND_ELASTICITY": "analysis",
    "DYNAMICS_OUTPUTS": "analysis",
    "PRICE_OUTPUTS": "analysis",
    "price_outcomes": "analysis",
    "run_sensitivity": "analysis",
    "FACTORS": "analysis",
    "OUTPUTS": "analysis",
    "Factor": "analysis",
    "apply_factors": "analysis",
    "evaluate": "analysis",
    "morris": "analysis",
    "outcomes": "analysis",
    "sobol": "analysis",
    "sensitivity_report": "report",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module = importlib.import_module(f"chokepoints.sensitivity.{_LAZY[name]}")
        return getattr(module, name)
    raise AttributeError(f"module 'chokepoints.sensitivity' has no attribute {name!r}")


__all__ = sorted(_LAZY)
