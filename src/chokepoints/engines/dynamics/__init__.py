"""Dynamics engine: day-by-day shortage propagation (ARIO family) with policy gates.

Compile a network once, then simulate::

    from chokepoints.engines.dynamics import compile_world, simulate
    cm = compile_world(world)
    ds = simulate(cm, n_steps=365, n_runs=100, seed=1, gates=gates)

See ``docs/model.md`` for the equations and ``docs/benchmarks.md`` for speed against
BoARIO 0.7.2.
"""

from chokepoints.engines.dynamics.compile import (
    CompiledModel,
    compile_arrays,
    compile_mrio,
    compile_network,
    compile_world,
)
from chokepoints.engines.dynamics.simulate import (
    CapacityShock,
    Gates,
    Params,
    capacity_shock,
    run_seeds,
    simulate,
    simulate_arrays,
)
from chokepoints.engines.dynamics.synthetic import synthetic_mrio

__all__ = [
    "CapacityShock",
    "CompiledModel",
    "Gates",
    "Params",
    "capacity_shock",
    "compile_arrays",
    "compile_mrio",
    "compile_network",
    "compile_world",
    "run_seeds",
    "simulate",
    "simulate_arrays",
    "synthetic_mrio",
]
