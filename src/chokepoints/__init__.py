"""chokepoints: how export controls on critical minerals move through supply chains.

The front door (names are imported on first use, so ``import chokepoints`` stays fast)::

    import chokepoints as cp
    world = cp.World.load()                      # bundled world, or World.load(path)
    scenario = cp.Scenario.load("status-quo")    # bundled scenario, or a YAML path
    ds = cp.run("status-quo", runs=20, seed=1)   # xarray.Dataset with units, provenance
    ds.production.sel(region="JPN")

The library is organised by concept:

- :mod:`chokepoints.world`     the supply network (countries, products, nodes, flows, recipes)
- :mod:`chokepoints.tables`    table schemas as data and the one reader for CSV, XLSX, YAML
- :mod:`chokepoints.policy`    export-control measures and the dated, sourced timeline
- :mod:`chokepoints.scenarios` scenario files, the runner, summaries, the backtest
- :mod:`chokepoints.engines`   pure computations over compiled arrays (exposure, dynamics, ...)
- :mod:`chokepoints.results`   the result contract and tidy exports (Parquet, CSV, XLSX)
- :mod:`chokepoints.testing`   small worlds and result comparisons for users' tests
- :mod:`chokepoints.cli`       the ``chokepoints`` command, a thin skin over the library
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

try:
    __version__ = version("chokepoints")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+unknown"

if TYPE_CHECKING:
    from chokepoints.frontdoor import Scenario, run
    from chokepoints.world.io import load_world
    from chokepoints.world.model import World

#: Public name -> module that defines it (imported on first use).
_LAZY = {
    "World": "chokepoints.world.model",
    "Scenario": "chokepoints.frontdoor",
    "run": "chokepoints.frontdoor",
    "load_world": "chokepoints.world.io",
}

__all__ = ["Scenario", "World", "__version__", "load_world", "run"]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'chokepoints' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
