"""Run a scenario's Monte Carlo ensemble on a Dask cluster.

The single-machine runner (:func:`chokepoints.scenarios.runner.run_compiled`) splits a
result into chunks of :data:`~chokepoints.scenarios.runner.CHUNK_RUNS` runs, chunk ``k``
drawing from child ``k`` of ``SeedSequence(seed)`` (:func:`~chokepoints.scenarios.runner.
chunk_plan`). Here each chunk is one Dask task that calls the same
:func:`~chokepoints.scenarios.runner.simulate_chunk` on a worker, so a chunk is the unit
of work and of retry, a network is never split across workers, and the stacked chunks
labelled by :func:`~chokepoints.scenarios.runner.label_result` are *identical* to the
single-machine result for the same seed.

The compiled scenario (about 6 MB for the bundled world) is sent to every worker once
(``Client.scatter(..., broadcast=True)``); each task then ships only its chunk's seed and
returns its chunk's output. At most ``max_in_flight`` chunks are submitted at a time, so
neither the workers nor the client hold more than that many unfetched chunks.

Two kinds of result:

- ``statistics=False`` (default): the full ``production`` Dataset (run, time, node), as
  :func:`~chokepoints.scenarios.runner.run_compiled` returns it;
- ``statistics=True``: each worker reduces its chunk to the per-run statistics of
  :func:`chokepoints.scenarios.summary.run_statistics` (run, node); about 1/1,000 of the
  bytes, for ensembles whose full output would not fit in memory (10^5 runs and up).

Failures: a task that raises is retried ``retries`` times; a task whose worker dies (a
crash, the nanny killing it at ``memory_limit``) is rescheduled on another worker by the
scheduler (up to ``distributed.scheduler.allowed-failures``, 3 by default).
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import numpy as np
import xarray as xr

from chokepoints.scenarios.reference import COUNTERFACTUAL
from chokepoints.scenarios.runner import (
    CompiledScenario,
    ProgressFn,
    chunk_plan,
    counterfactual_output,
    label_result,
    simulate_chunk,
)

if TYPE_CHECKING:
    from distributed import Client

#: Memory a LocalCluster worker may use before its nanny restarts it (Dask's notation).
DEFAULT_MEMORY_LIMIT = "2GiB"

#: Default workers of a LocalCluster.
DEFAULT_WORKERS = 2


def _set_threads(threads: int | None) -> None:
    # numba runs a chunk's runs on its own thread pool, sized to all cores by default;
    # with several worker processes on one machine that oversubscribes the cores.
    if threads is None:
        return
    import numba

    most = int(getattr(numba.config, "NUMBA_NUM_THREADS", 1))
    numba.set_num_threads(max(1, min(int(threads), most)))


def chunk_task(
    model: CompiledScenario,
    first: int,
    n_runs: int,
    seed: np.random.SeedSequence,
    record_nodes: np.ndarray,
    statistics: bool,
    numba_threads: int | None,
) -> tuple[int, Any]:
    """Simulate one chunk on a worker: ``(first run, output)``.

    The output is the chunk's ``production`` array (n_runs, horizon_days, n_recorded),
    float32 t/day, or with ``statistics`` its per-run statistics Dataset (run, node).
    """
    _set_threads(numba_threads)
    prod = simulate_chunk(model, n_runs, seed, record_nodes)
    if not statistics:
        return first, prod
    from chokepoints.scenarios.summary import run_statistics

    return first, run_statistics(chunk_dataset(model, prod, first, record_nodes))


def chunk_dataset(
    model: CompiledScenario, prod: np.ndarray, first: int, rec: np.ndarray
) -> xr.Dataset:
    """The part of ``label_result``'s Dataset that ``run_statistics`` reads, runs from
    ``first`` on; without the attrs (scenario JSON, policy events, timeline hash), which
    cost more than a chunk's statistics. The no-controls counterfactual
    (:func:`~chokepoints.scenarios.runner.counterfactual_output`, one run, cached per
    model on each worker) is its shortage reference, as in ``label_result``."""
    c = model.compiled
    cf = np.broadcast_to(counterfactual_output(model, rec)[None], prod.shape)
    return xr.Dataset(
        {
            "production": (("run", "time", "node"), prod),
            COUNTERFACTUAL: (("run", "time", "node"), cf),
        },  # fmt: skip
        coords={
            "run": np.arange(first, first + prod.shape[0]),
            "node": c.node_ids[rec],
            "region": ("node", c.node_region[rec]),
            "product": ("node", c.node_product[rec]),
            "stage": ("node", model.node_stage[rec]),
            "baseline_production": ("node", c.x0[rec]),
            "price_usd_per_t": ("node", c.price_usd_per_unit[rec]),
        },
    )


def _task_group(
    task: Callable[..., tuple[int, Any]],
    model: CompiledScenario,
    chunks: list[tuple[int, int, np.random.SeedSequence]],
    record_nodes: np.ndarray,
    statistics: bool,
    numba_threads: int | None,
) -> list[tuple[int, Any]]:
    """Run ``task`` on consecutive chunks in one Dask task (fewer, longer tasks)."""
    return [
        task(model, first, m, child, record_nodes, statistics, numba_threads)
        for first, m, child in chunks
    ]


@contextlib.contextmanager
def open_client(
    address: str | None = None,
    *,
    workers: int = DEFAULT_WORKERS,
    memory_limit: str | int = DEFAULT_MEMORY_LIMIT,
) -> Iterator[Client]:
    """A Dask client: of the scheduler at ``address``, or of a new LocalCluster.

    Parameters
    ----------
    address : str, optional
        Scheduler address of an existing cluster, e.g. ``tcp://10.0.0.5:8786``.
    workers : int
        Worker processes of the LocalCluster (one thread each); ignored with ``address``.
    memory_limit : str or int
        Memory per LocalCluster worker ("2GiB", bytes); its nanny restarts a worker
        that goes above 95% of it, and the chunk is rerun elsewhere.
    """
    from distributed import Client, LocalCluster

    if address is not None:
        with Client(address) as client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            memory_limit=memory_limit,
            dashboard_address=":0",  # its HTTP server always starts; any free port
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def run_dask(
    model: CompiledScenario,
    client: Client,
    *,
    runs: int | None = None,
    seed: int | None = None,
    statistics: bool = False,
    record_nodes: np.ndarray | None = None,
    progress: ProgressFn | None = None,
    retries: int = 2,
    max_in_flight: int | None = None,
    numba_threads: int | None = 1,
    chunks_per_task: int = 1,
    task: Callable[..., tuple[int, Any]] = chunk_task,
) -> xr.Dataset:
    """Simulate a compiled scenario's runs chunk by chunk on a Dask cluster.

    Parameters
    ----------
    model : CompiledScenario
        From :func:`chokepoints.scenarios.runner.compile_scenario`.
    client : distributed.Client
        E.g. from :func:`open_client`.
    runs, seed : int, optional
        Override the scenario's Monte Carlo runs and seed.
    statistics : bool
        Return per-run statistics of the sector nodes (run, node) instead of the full
        output; equal to ``run_statistics(run_compiled(model, ...))``.
    record_nodes : ndarray of int, optional
        Node positions to record (all by default).
    progress : callable(done, total), optional
        Called with runs done after each chunk arrives (in completion order).
    retries : int
        Times a chunk whose task raised is resubmitted.
    max_in_flight : int, optional
        Tasks submitted but not yet fetched; default four per worker thread.
    numba_threads : int, optional
        numba threads of a chunk on its worker (1 by default: the workers are the
        parallelism); ``None`` leaves numba's default (all cores).
    chunks_per_task : int
        Consecutive chunks simulated by one Dask task (1: one task per chunk of
        ``CHUNK_RUNS`` runs). More per task means fewer tasks (Dask spends about a
        millisecond on each) for very large sweeps; the result is the same.
    task : callable
        The chunk function (:func:`chunk_task`); tests pass one that fails once.

    Returns
    -------
    xarray.Dataset
        The same Dataset :func:`~chokepoints.scenarios.runner.run_compiled` returns for
        these runs and seed (or its :func:`~chokepoints.scenarios.summary.run_statistics`).
    """
    from distributed import as_completed

    s = model.scenario
    n_runs = int(runs if runs is not None else s.runs)
    root_seed = int(seed if seed is not None else s.seed)
    c = model.compiled
    if record_nodes is not None:
        rec = np.asarray(record_nodes, np.int64)
    elif statistics:  # the statistics read the sector nodes' output and magnet prices
        rec = np.nonzero(np.isin(model.node_stage, ("sector", "magnet")))[0].astype(np.int64)
    else:
        rec = np.arange(c.n_nodes)
    plan = chunk_plan(n_runs, root_seed)
    if chunks_per_task < 1:
        raise ValueError(f"chunks_per_task is {chunks_per_task} (expected >= 1)")
    if max_in_flight is None:
        max_in_flight = 4 * max(1, sum(client.nthreads().values()))
    [model_f] = client.scatter([model], broadcast=True, hash=False)
    tag = uuid.uuid4().hex[:8]

    groups = [plan[i : i + chunks_per_task] for i in range(0, len(plan), chunks_per_task)]

    def submit(k: int) -> Any:
        return client.submit(_task_group, task, model_f, groups[k], rec, statistics,
                             numba_threads, key=f"chokepoints-chunks-{tag}-{k}",
                             retries=retries, pure=False)  # fmt: skip

    prod = None if statistics else np.empty((n_runs, s.horizon_days, rec.size), np.float32)
    parts: dict[int, xr.Dataset] = {}
    nxt = min(max_in_flight, len(groups))
    pending = as_completed([submit(k) for k in range(nxt)])
    done = 0
    if progress:
        progress(0, n_runs)
    for fut in pending:
        for first, out in fut.result():
            if prod is not None:
                prod[first : first + out.shape[0]] = out
                done += out.shape[0]
            else:
                parts[first] = out
                done += out.sizes["run"]
        fut.release()
        if nxt < len(groups):
            pending.add(submit(nxt))
            nxt += 1
        if progress:
            progress(done, n_runs)
    client.cancel([model_f])
    if prod is not None:
        return label_result(model, prod, root_seed, rec)
    stats = xr.concat([parts[k] for k in sorted(parts)], dim="run")
    return stats.assign_attrs(seed=root_seed, runs=n_runs, scenario=s.name)
