"""Scenarios: spec files, the bundled library, the runner, summaries and the backtest.

    from chokepoints.scenarios import load_scenario, run_scenario, summarize
    spec = load_scenario("status-quo")          # bundled name or a YAML path
    ds = run_scenario(spec, runs=20)            # xarray.Dataset (run, time, node)
    table = summarize(ds)                       # per country and end-use sector

See docs/scenarios.md.
"""

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
