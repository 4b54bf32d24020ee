"""What shortages are measured against: the no-controls counterfactual of the same run.

A scenario result carries two references per node:

- ``baseline_production`` (node), t/day: the world's 2024 output (the compiled ``x0``).
  It describes the world the scenario starts from and is kept for charts of output
  relative to 2024 (:func:`chokepoints.scenarios.summary.group_series`) and for sizes
  (``baseline_t_per_yr``).
- ``counterfactual_production`` (run, time, node), t/day: the output of the same
  scenario with every export control lifted (:func:`chokepoints.scenarios.runner.
  open_gates`): same world, demand factors, closures, capacities and engine parameters
  (for a posterior run, the run's own parameter draw), every gate open. With the gates
  open the engine draws nothing at random, so it is simulated once per parameter set and
  shared by that set's runs.

Shortage, lost output, ``first_shortage_day``, the shares of runs short and the
simulated onsets of the observed disruptions are all measured against the
counterfactual, through :func:`shortfall_arrays`, the one function every consumer calls
(scenario summary, Dask ensemble statistics, leverage pain, economy losses,
disruption onsets). Measuring against 2024 output instead would leave the first part of a
shortfall uncounted whenever the scenario's demand runs above 2024 (``backtest-2025``
and every scenario extending it raise foreign final demand to about 1.2 times 2024)
and would make shortages depend on the demand level rather than on the controls.

Stored results (``result.nc`` of ``chokepoints run`` and ``chokepoints ensemble``, the
API's NetCDF) hold each distinct counterfactual series once (:func:`compact_counterfactual`):
``counterfactual_production`` (counterfactual_set, time, node) and
``counterfactual_index`` (run), the set each run uses; :func:`reference_production`
reads either form, so a result opened with ``xarray.open_dataset`` is summarised as the
in-memory one (:func:`expand_counterfactual` restores the (run, time, node) array).

Results without the counterfactual (stored before 2026-12-03, or built by hand) are
refused with a :class:`~chokepoints.errors.DataError`; :func:`with_baseline_reference`
adds 2024 output as the reference explicitly, recorded in the attrs
(``shortage_reference``), for a caller who wants the old measure.
"""

from __future__ import annotations

import hashlib

import numpy as np
import xarray as xr

from chokepoints.conventions import SHORTAGE_THRESHOLD
from chokepoints.errors import DataError

#: Name of the counterfactual variable of a scenario result.
COUNTERFACTUAL = "counterfactual_production"

#: Dimension of the distinct counterfactual series of a compact result.
COUNTERFACTUAL_SET = "counterfactual_set"

#: Variable (run) of a compact result: the counterfactual series each run uses.
COUNTERFACTUAL_INDEX = "counterfactual_index"

#: ``attrs["shortage_reference"]`` of a result whose counterfactual is simulated.
REFERENCE_COUNTERFACTUAL = "no-controls counterfactual (every export-control gate open)"

#: ``attrs["shortage_reference"]`` set by :func:`with_baseline_reference`.
REFERENCE_BASELINE = "baseline_production (2024 output), set by with_baseline_reference"


def reference_production(ds: xr.Dataset, node_index: np.ndarray | None = None) -> np.ndarray:
    """The output shortages are measured against, shape (run, time, k), t/day, float64.

    Parameters
    ----------
    ds : xarray.Dataset
        A scenario result with ``production`` and ``counterfactual_production``
        (run, time, node).
    node_index : ndarray of int, optional
        Positions of the nodes wanted (all by default).

    Raises
    ------
    DataError
        When ``ds`` has no ``counterfactual_production`` (see the module docstring).
    """
    if COUNTERFACTUAL not in ds.variables:
        raise DataError(
            "is missing (expected in every result of this version: shortages are "
            "measured against the no-controls run of the same scenario; results stored "
            "before 2026-12-03 lack it). Rerun the scenario, or call "
            "chokepoints.scenarios.reference.with_baseline_reference(ds) to measure "
            "against 2024 output explicitly",
            file=f"result of scenario {ds.attrs.get('scenario', '(unnamed)')}",
            field=COUNTERFACTUAL,
        )
    ref = ds[COUNTERFACTUAL]
    if ref.dims == (COUNTERFACTUAL_SET, "time", "node"):
        vals = ref.values if node_index is None else ref.values[:, :, np.asarray(node_index)]
        return np.asarray(vals[_set_of_run(ds, ref.shape[0])], dtype=np.float64)
    if ref.dims != ("run", "time", "node"):
        raise DataError(
            f"has dimensions {ref.dims} (expected ('run', 'time', 'node') or "
            f"('{COUNTERFACTUAL_SET}', 'time', 'node'))",
            field=COUNTERFACTUAL,
            value=str(ref.shape),
        )
    arr = ref.values if node_index is None else ref.values[:, :, np.asarray(node_index)]
    return np.asarray(arr, dtype=np.float64)


def _set_of_run(ds: xr.Dataset, n_sets: int) -> np.ndarray:
    """``counterfactual_index`` of a compact result, checked against the sets stored."""
    if COUNTERFACTUAL_INDEX not in ds.variables:
        raise DataError("is missing (expected with a compact counterfactual_production)",
                        field=COUNTERFACTUAL_INDEX)  # fmt: skip
    idx = np.asarray(ds[COUNTERFACTUAL_INDEX].values)
    if idx.shape != (ds.sizes["run"],) or not np.issubdtype(idx.dtype, np.integer):
        raise DataError(f"has shape {idx.shape} and type {idx.dtype} (expected one integer "
                        "per run)", field=COUNTERFACTUAL_INDEX)  # fmt: skip
    if idx.size and (idx.min() < 0 or idx.max() >= n_sets):
        raise DataError(f"holds {idx.min()}..{idx.max()} (expected 0..{n_sets - 1}, the "
                        "counterfactual sets stored)", field=COUNTERFACTUAL_INDEX)  # fmt: skip
    return idx.astype(np.int64)


def compact_counterfactual(ds: xr.Dataset) -> xr.Dataset:
    """``ds`` with each distinct counterfactual series stored once (for writing).

    ``counterfactual_production`` (run, time, node) becomes (counterfactual_set, time,
    node), the distinct series in order of first use, and ``counterfactual_index``
    (run, int32) says which one each run uses. Runs of one parameter set share one
    series (the engine draws nothing with every gate open), so a scenario run stores one
    series instead of one per run; a posterior run one per draw. Values are unchanged
    (:func:`reference_production` reads both forms). A result without the variable, or
    already compact, is returned as it is.
    """
    if COUNTERFACTUAL not in ds.variables or ds[COUNTERFACTUAL].dims != ("run", "time", "node"):
        return ds
    var = ds[COUNTERFACTUAL]
    cf = var.values
    sets: list[np.ndarray] = []
    seen: dict[bytes, list[int]] = {}
    idx = np.empty(cf.shape[0], dtype=np.int32)
    for i in range(cf.shape[0]):
        series = np.ascontiguousarray(cf[i])
        key = hashlib.blake2b(series.tobytes(), digest_size=16).digest()
        match = next((j for j in seen.get(key, []) if np.array_equal(sets[j], series)), None)
        if match is None:
            match = len(sets)
            sets.append(series)
            seen.setdefault(key, []).append(match)
        idx[i] = match
    attrs = {**var.attrs, "stored_as": f"one series per {COUNTERFACTUAL_SET}; "
             f"{COUNTERFACTUAL_INDEX} gives each run's"}  # fmt: skip
    out = ds.drop_vars(COUNTERFACTUAL)
    return out.assign(
        {
            COUNTERFACTUAL: ((COUNTERFACTUAL_SET, "time", "node"), np.stack(sets), attrs),
            COUNTERFACTUAL_INDEX: ("run", idx, {"long_name": f"{COUNTERFACTUAL_SET} of each run"}),
        }
    )


def expand_counterfactual(ds: xr.Dataset) -> xr.Dataset:
    """A compact result (:func:`compact_counterfactual`) with ``counterfactual_production``
    as (run, time, node) again, in the result's dtype; other results unchanged."""
    if COUNTERFACTUAL not in ds.variables or ds[COUNTERFACTUAL].dims[0] != COUNTERFACTUAL_SET:
        return ds
    var = ds[COUNTERFACTUAL]
    full = var.values[_set_of_run(ds, var.shape[0])]
    attrs = {k: v for k, v in var.attrs.items() if k != "stored_as"}
    out = ds.drop_vars([COUNTERFACTUAL, COUNTERFACTUAL_INDEX])
    return out.assign({COUNTERFACTUAL: (("run", "time", "node"), full, attrs)})


def shortfall_arrays(
    ds: xr.Dataset, node_index: np.ndarray | None = None, threshold: float = SHORTAGE_THRESHOLD
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Output, reference, ratio and shortage days of the selected nodes.

    The one definition of a shortage day: output below ``threshold`` (0.99) times the
    counterfactual output of the same run and day (:func:`reference_production`).

    Returns
    -------
    x : ndarray, shape (run, time, k)
        Output, t/day.
    ref : ndarray, shape (run, time, k)
        Counterfactual output, t/day.
    ratio : ndarray, shape (run, time, k)
        ``x / ref`` (1 where ``ref`` is 0: a node that would make nothing is not short).
    short : ndarray of bool, shape (run, time, k)
        ``ratio < threshold``.
    """
    prod = ds["production"].values
    x = np.asarray(prod if node_index is None else prod[:, :, np.asarray(node_index)],
                   dtype=np.float64)  # fmt: skip
    ref = reference_production(ds, node_index)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(ref > 0, x / np.where(ref > 0, ref, 1.0), 1.0)
    return x, ref, ratio, ratio < threshold


def with_baseline_reference(ds: xr.Dataset) -> xr.Dataset:
    """``ds`` with 2024 output (``baseline_production``) as its shortage reference.

    For results that lack ``counterfactual_production``: shortages are then measured
    against 2024 output (the measure before 2026-12-03), and ``attrs
    ["shortage_reference"]`` says so. A result that has a counterfactual is refused.
    """
    if COUNTERFACTUAL in ds.variables:
        raise DataError("is already present (expected a result without it)",
                        field=COUNTERFACTUAL)  # fmt: skip
    base = np.asarray(ds["baseline_production"].values, dtype=np.float32)
    shape = ds["production"].shape
    ref = np.broadcast_to(base[None, None, :], shape)
    out = ds.assign({COUNTERFACTUAL: (("run", "time", "node"), ref,
                                      {"units": ds["production"].attrs.get("units", "t/day"),
                                       "long_name": "2024 output (baseline reference)"})})  # fmt: skip
    out.attrs["shortage_reference"] = REFERENCE_BASELINE
    return out
