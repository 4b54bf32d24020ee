"""Scenarios: spec files, the bundled library, the runner, summaries and the backtest.

    from chokepoints.scenarios import load_scenario, run_scenario, summarize
    spec = load_scenario("status-quo")          # bundled name or a YAML path
    ds = run_scenario(spec, runs=20)            # xarray.Dataset (run, time, node)
    table = summarize(ds)                       # per country and end-use sector

See docs/scenarios.md.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from chokepoints.scenarios.runner import (
        CompiledScenario,
        add_export_probes,
        compile_scenario,
        run_compiled,
        run_scenario,
        scenario_world,
    )
    from chokepoints.scenarios.spec import Scenario, bundled_names, load_scenario
    from chokepoints.scenarios.summary import group_series, run_statistics, summarize
    from chokepoints.scenarios.timeline import scenario_timeline

#: Public name -> submodule; imported on first use, so that ``chokepoints.scenarios.cli``
#: (and ``chokepoints --help``) does not import numpy, pandas, xarray or the engine.
_LAZY = {
    "CompiledScenario": "runner",
    "add_export_probes": "runner",
    "compile_scenario": "runner",
    "run_compiled": "runner",
    "run_scenario": "runner",
    "scenario_world": "runner",
    "Scenario": "spec",
    "bundled_names": "spec",
    "load_scenario": "spec",
    "group_series": "summary",
    "run_statistics": "summary",
    "summarize": "summary",
    "scenario_timeline": "timeline",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module = importlib.import_module(f"chokepoints.scenarios.{_LAZY[name]}")
        return getattr(module, name)
    raise AttributeError(f"module 'chokepoints.scenarios' has no attribute {name!r}")


__all__ = [
    "CompiledScenario",
    "Scenario",
    "add_export_probes",
    "bundled_names",
    "compile_scenario",
    "group_series",
    "load_scenario",
    "run_compiled",
    "run_scenario",
    "run_statistics",
    "scenario_timeline",
    "scenario_world",
    "summarize",
]
