"""Monte Carlo ensembles of a scenario on a Dask cluster (docs/scaling.md).

``run_dask(model, client, runs=...)`` returns the same Dataset as
:func:`chokepoints.scenarios.runner.run_compiled` for the same seed, with the chunks of
runs simulated on the cluster's workers; ``open_client()`` starts a LocalCluster or
connects to a running scheduler. Names are imported on first use, so the CLI starts fast.
"""

from __future__ import annotations

import importlib
from typing import Any

_LAZY = {"DEFAULT_MEMORY_LIMIT", "DEFAULT_WORKERS", "chunk_task", "open_client", "run_dask"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module("chokepoints.ensemble.runner"), name)
    raise AttributeError(f"module 'chokepoints.ensemble' has no attribute {name!r}")


__all__ = sorted(_LAZY)
