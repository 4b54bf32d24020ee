"""Policy: export-control measures, the dated timeline, regime queries and flow gates.

Public API::

    from chokepoints.policy import Timeline, compile_gates
    tl = Timeline.load(user_file=None)
    tl.regime(date, "magnet:ndfeb_hre", "CHN", "USA")   # -> Regime (gate + measures)
    tl.in_force(date, issuer="CHN")                      # -> list[Measure]
    tl.upcoming(after)                                   # -> list[Upcoming]
    compile_gates(tl, origins, destinations, products, start, end)  # -> GateArrays

See docs/policy.md.

The names are imported on first use (PEP 562 ``__getattr__``), so importing
``chokepoints.policy.cli`` to register the commands does not load pydantic or numpy.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from chokepoints.policy.countries import check_country
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

_WHERE = {
    "GATE_CODES": "timeline",
    "Event": "models",
    "FlowQuery": "timeline",
    "Gate": "timeline",
    "GateArrays": "gates",
    "Measure": "models",
    "MeasureRole": "timeline",
    "Regime": "timeline",
    "Timeline": "timeline",
    "Upcoming": "timeline",
    "check_country": "countries",
    "compile_gates": "gates",
    "compose": "timeline",
    "resolve_products": "timeline",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(list(globals()) + list(_WHERE))


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
    "check_country",
    "compile_gates",
    "compose",
    "resolve_products",
]
