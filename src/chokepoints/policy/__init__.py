"""Policy: export-control measures, the dated timeline, regime queries and flow gates.

Public API::

    from chokepoints.policy import Timeline, compile_gates
    tl = Timeline.load(user_file=None)
    tl.regime(date, "magnet:ndfeb_hre", "CHN", "USA")   # -> Regime (gate + measures)
    tl.in_force(date, issuer="CHN")                      # -> list[Measure]
    tl.upcoming(after)                                   # -> list[Upcoming]
    compile_gates(tl, origins, destinations, products, start, end)  # -> GateArrays

See docs/policy.md.
"""

from chokepoints.policy.gates import GateArrays, compile_gates
from chokepoints.policy.models import Event, Measure
from chokepoints.policy.timeline import (
    GATE_CODES,
    FlowQuery,
    Gate,
    MeasureRole,
    Regime,
    Timeline,
    Upcoming,
    compose,
    resolve_products,
)

__all__ = [
    "GATE_CODES",
    "Event",
    "FlowQuery",
    "Gate",
    "GateArrays",
    "Measure",
    "MeasureRole",
    "Regime",
    "Timeline",
    "Upcoming",
    "compile_gates",
    "compose",
    "resolve_products",
]
