"""Run the dynamics engine: parameters, shocks, gates, and the labelled result.

``simulate_arrays`` is the pure array-in/array-out call; ``simulate`` wraps it into an
``xarray.Dataset`` with dimensions (run, time, node), units in every variable's attrs and
the seeds in the dataset attrs.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import xarray as xr

from chokepoints.engines.dynamics import kernel, kernel_dense
from chokepoints.engines.dynamics.compile import CompiledModel
from chokepoints.limits import check_memory, estimate_bytes

FloatArray = npt.NDArray[np.float64]

#: With ``parallel=True``, one run on at least this many flows (flow kernel) parallelises
#: over nodes and slots instead of runs (only when asked: on a shared, loaded machine the
#: barriers of the inner parallel loops cost more than they save, see docs/benchmarks.md).
PARALLEL_MIN_FLOWS = 200_000
#: With ``parallel=None`` (the default), a dense MRIO of at least this many industries
#: runs its row groups and slot chunks on all numba threads; smaller ones stay serial
#: (measured in docs/benchmarks.md: below ~400 industries a day takes under 70
#: microseconds and the fork/join of the parallel loops costs more than it saves).
DENSE_PARALLEL_MIN_NODES = 500

#: The arrays the dense kernel needs, derived from the last compiled model simulated
#: (one entry: model, key, value). Building them reads every flow (about 0.1 s at 4
#: million flows), so repeated runs of one model, e.g. a sweep of shocks, build them
#: once. Compiled models are treated as immutable.
_PREPARED: list[tuple[weakref.ref[CompiledModel], tuple[Any, ...], Any]] = []


def _prepared(c: CompiledModel, key: tuple[Any, ...], build: Callable[[], Any]) -> Any:
    """``build()`` for model ``c`` and ``key``, reused while ``c`` is the last model asked."""
    if _PREPARED:
        ref, k, value = _PREPARED[0]
        if ref() is c and k == key:
            return value
    value = build()
    _PREPARED[:] = [(weakref.ref(c), key, value)]
    return value


@dataclass(frozen=True)
class Params:
    """Behavioural parameters (defaults: BoARIO 0.7.2's ``ARIOPsiModel``).

    Parameters
    ----------
    psi : float
        Share of the target inventory below which an input constrains production
        (Hallegatte 2014 ``psi``), 0..1.
    alpha_base, alpha_max : float
        Overproduction factor at rest and at most (``alpha_max = 1`` switches it off).
    alpha_tau_days : float
        Characteristic time of overproduction, days.
    order_type : {"alt", "noalt"}
        "alt": orders split over suppliers in proportion to baseline share times current
        capacity ratio (Guan et al. 2020); "noalt": baseline shares.
    boario_compat : bool
        Reproduce BoARIO's two global ``allclose`` shortcuts (skip the stock update when
        all arrivals match all uses within 1e-5; no stock gap when all stocks match their
        targets within 1e-5). Off by default: the shortcuts break mass balance slightly.
    licence_validity_days : int
        How long an approved licence lets a flow ship, days.
    licence_renewal : {"ahead", "on_expiry"}
        "ahead": a flow with a licence applies for the next one when the remaining
        validity is at most the day's mean review time; an approved renewal starts the
        day the old licence ends, so a renewal leaves a gap only when its review runs
        longer than the mean or it is refused. "on_expiry": apply only once the licence
        has expired (a gap of about one review time per renewal; the earlier behaviour).
    review_delay : {"exponential", "fixed"}
        Shape of the licence review time around the gate's mean (the only review
        statistic the gates carry): exponential with that mean, rounded to whole days
        (default: review times vary, and with only a mean known the exponential is the
        maximum-entropy choice; it spreads approvals over time instead of deciding
        every application of a regime on the same day), or exactly the mean, rounded.
    rerouting : bool
        Customers stop ordering from a flow blocked for more than
        ``qualification_days`` days and order from the other (open) suppliers of the
        same product, candidate links included.
    qualification_days : int
        Days a customer needs to qualify another supplier.
    substitution : bool
        Use recipe substitutes when the main input runs short.
    """

    psi: float = 0.8
    alpha_base: float = 1.0
    alpha_max: float = 1.25
    alpha_tau_days: float = 365.0
    order_type: Literal["alt", "noalt"] = "alt"
    boario_compat: bool = False
    licence_validity_days: int = 365
    licence_renewal: Literal["ahead", "on_expiry"] = "ahead"
    review_delay: Literal["exponential", "fixed"] = "exponential"
    rerouting: bool = True
    qualification_days: int = 30
    substitution: bool = True

    def __post_init__(self) -> None:
        allowed = {
            "order_type": ("alt", "noalt"),
            "licence_renewal": ("ahead", "on_expiry"),
            "review_delay": ("exponential", "fixed"),
        }
        for name, values in allowed.items():
            if getattr(self, name) not in values:
                raise ValueError(
                    f"Params.{name} is {getattr(self, name)!r} (expected one of {values}; "
                    "see docs/model.md)"
                )


@dataclass(frozen=True)
class CapacityShock:
    """Share of production capacity lost per day on some nodes.

    Parameters
    ----------
    node_index : ndarray of int, shape (n_shocked,)
        Positions of the shocked nodes.
    delta : ndarray, shape (n_steps, n_shocked)
        Share of capacity lost on each day, 0..1.
    """

    node_index: npt.NDArray[np.int64]
    delta: FloatArray


@dataclass(frozen=True)
class Gates:
    """Policy gates on flows, day by day (the arrays ``chokepoints.policy.gates`` returns).

    Parameters
    ----------
    kind : ndarray of int, shape (n_steps, n_columns)
        0 open, 1 licence, 2 closed (ban), 3 quota.
    approval_prob : ndarray, shape (n_steps, n_columns)
        Probability a licence application is approved, 0..1.
    review_days : ndarray, shape (n_steps, n_columns)
        Mean licence review time, days.
    quota_t_per_day : ndarray, shape (n_steps, n_columns)
        Most that may be ordered on the flow per day, units/day (``inf``: no cap).
    flow_index : ndarray of int, shape (n_gated,), optional
        The gated flows; ``None`` means every flow, in order.
    column : ndarray of int, shape (n_gated,), optional
        Gate column of each gated flow, ``0 <= column < n_columns``. Flows with the same
        gate (same origin, destination, product ... ) can share one column, so the arrays
        grow with the distinct gates, not with the flows; each flow keeps its own licence
        state all the same. ``None``: flow ``flow_index[i]`` reads column ``i`` (then
        ``n_columns == n_gated``).
    """

    kind: npt.NDArray[np.integer[Any]]
    approval_prob: FloatArray
    review_days: FloatArray
    quota_t_per_day: FloatArray
    flow_index: npt.NDArray[np.int64] | None = None
    column: npt.NDArray[np.integer[Any]] | None = None

    @property
    def n_columns(self) -> int:
        """Number of gate columns (the arrays' second axis)."""
        return int(np.shape(self.kind)[1])

    def columns(self, n_gated: int) -> npt.NDArray[np.int32]:
        """Gate column of each of the ``n_gated`` gated flows, checked (int32)."""
        if self.column is None:
            return np.arange(n_gated, dtype=np.int32)
        col = np.asarray(self.column)
        if col.shape != (n_gated,):
            raise ValueError(f"gates.column has shape {col.shape} but expected ({n_gated},).")
        if col.size and (int(col.min()) < 0 or int(col.max()) >= self.n_columns):
            raise ValueError(
                f"gates.column has values {int(col.min())}..{int(col.max())} but expected "
                f"0..{self.n_columns - 1} (one per gate column)."
            )
        return col.astype(np.int32)


def capacity_shock(
    compiled: CompiledModel,
    nodes: str | list[str],
    share_lost: float,
    *,
    n_steps: int,
    start_day: int,
    duration_days: int,
    recovery_days: int = 1,
) -> CapacityShock:
    """A capacity loss on ``nodes`` from ``start_day``, then a linear recovery.

    The loss is ``share_lost`` on days ``start_day .. start_day + duration_days - 1``, then
    ``share_lost * (1 - e / recovery_days)`` on day ``start_day + duration_days + e - 1``
    (BoARIO's ``linear_recovery``). A BoARIO ``EventArbitraryProd`` with occurrence ``o``
    and duration ``d`` is the same shock with ``start_day = o + 1`` and
    ``duration_days = d + 2`` (BoARIO 0.7.2 cuts capacity on steps ``o+1 .. o+d+2``).
    """
    idx = compiled.node_index(nodes)
    t = np.arange(n_steps, dtype=np.float64)
    d = np.zeros(n_steps)
    on = (t >= start_day) & (t < start_day + duration_days)
    d[on] = share_lost
    end = start_day + duration_days
    rec = t >= end
    elapsed = t[rec] - end + 1.0
    d[rec] = share_lost * np.clip(1.0 - elapsed / recovery_days, 0.0, None)
    d = np.round(d, 6)
    return CapacityShock(idx, np.repeat(d[:, None], idx.size, axis=1))


def run_seeds(seed: int | np.random.SeedSequence, n_runs: int) -> npt.NDArray[np.uint64]:
    """One 64-bit key per run, spawned from one ``SeedSequence``."""
    ss = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    return np.array([c.generate_state(1, np.uint64)[0] for c in ss.spawn(n_runs)], dtype=np.uint64)


def _dense_layout(compiled: CompiledModel, dtype: Any) -> dict[str, Any] | None:
    """A complete MRIO's ``Z`` as one dense matrix, with the baseline demand, or None.

    Used when every industry buys every input from every industry (a dense table):
    then no index arrays are needed and a day is one fused pass over the rows.
    """
    c = compiled
    n = c.n_nodes
    R = int(c.meta.get("regions", 0))
    S = int(c.meta.get("sectors", 0))
    if R * S != n or n == 0 or c.n_flows != n * n or c.n_slots != n * S:
        return None
    expect_slot = np.arange(n * S)
    if not (
        np.array_equal(c.slot_node, expect_slot // S)
        and np.array_equal(c.slot_product, expect_slot % S)
        and not (c.flow_lead > 0).any()
    ):
        return None
    Zd = np.zeros((n, n), dtype=dtype)
    rows = kernel_dense.scatter_dense(c.flow_sup, c.flow_slot, c.slot_node, c.flow_z, Zd)
    D0 = np.asarray(c.final_demand + rows, dtype=np.float64)
    return {"dense_regions": R, "dz_row": Zd, "D0": D0}


def _baseline_demand(c: CompiledModel, Z: np.ndarray) -> FloatArray:
    """Day 0's demand on each industry, final plus intermediate (float64 sums)."""
    return np.asarray(c.final_demand + Z.sum(axis=1, dtype=np.float64), dtype=np.float64)


def _dense_if_plain(c: CompiledModel, p: Params, dtype: Any) -> dict[str, Any] | None:
    """The dense layout with its baseline demand when, without gates, no flow of ``c``
    needs state (lead times, rerouting candidates) and no substitute is used; else None."""
    if (c.flow_lead > 0).any() or (p.substitution and (c.slot_sub >= 0).any()):
        return None
    maybe = (c.flow_z <= 0) & (c.flow_alt > 0)  # rerouting candidates need both
    if maybe.any():
        slot_base = np.bincount(c.flow_slot, weights=c.flow_z, minlength=c.n_slots) > 0
        if (maybe & (p.rerouting | ~slot_base[c.flow_slot])).any():
            return None
    return _dense_layout(c, dtype)


def _layout(compiled: CompiledModel, special: npt.NDArray[np.bool_]) -> dict[str, Any]:
    """Split flows into plain ones (two CSR layouts) and special ones (explicit state)."""
    c = compiled
    K, n = c.n_slots, c.n_nodes
    plain = ~special
    p_slot = c.flow_slot[plain]
    p_sup = c.flow_sup[plain]
    p_z = c.flow_z[plain]
    # flows are sorted by slot at compile time
    p_slot_ptr = np.zeros(K + 1, dtype=np.int64)
    np.cumsum(np.bincount(p_slot, minlength=K), out=p_slot_ptr[1:])
    order = np.argsort(p_sup, kind="stable")
    p_sup_ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(p_sup, minlength=n), out=p_sup_ptr[1:])
    s_idx = np.nonzero(special)[0]
    lead = c.flow_lead[s_idx].astype(np.int64)
    pipe_off = np.zeros(s_idx.size, dtype=np.int64)
    if s_idx.size:
        np.cumsum(lead[:-1], out=pipe_off[1:])
    pipe0 = np.repeat(c.flow_z[s_idx], lead)  # baseline goods in transit
    return {
        "p_slot_ptr": p_slot_ptr,
        "p_slot_sup": np.ascontiguousarray(p_sup, dtype=np.int32),
        "p_slot_z": np.ascontiguousarray(p_z),
        "p_sup_ptr": p_sup_ptr,
        "p_sup_slot": np.ascontiguousarray(p_slot[order], dtype=np.int32),
        "p_sup_z": np.ascontiguousarray(p_z[order]),
        "s_sup": np.ascontiguousarray(c.flow_sup[s_idx], dtype=np.int32),
        "s_slot": np.ascontiguousarray(c.flow_slot[s_idx], dtype=np.int32),
        "s_z": np.ascontiguousarray(c.flow_z[s_idx]),
        "s_alt": np.ascontiguousarray(c.flow_alt[s_idx]),
        "s_lead": np.ascontiguousarray(lead, dtype=np.int32),
        "s_pipe_off": pipe_off,
        "s_flow_id": s_idx.astype(np.int64),
        "s_idx": s_idx,
        "pipe0": np.ascontiguousarray(pipe0, dtype=np.float64),
    }


def _simulate_dense(
    c: CompiledModel,
    p: Params,
    n_steps: int,
    n_runs: int,
    seeds: npt.NDArray[np.uint64],
    rec: npt.NDArray[np.int64],
    shock_nodes: npt.NDArray[np.int64],
    shock_delta: FloatArray,
    dense: dict[str, Any],
    parallel: bool | None,
) -> dict[str, Any]:
    """A complete MRIO with nothing random: one fused pass per day, runs all identical."""
    out = {k: np.zeros((n_runs, n_steps, rec.size)) for k in ("x", "D", "xopt", "fd", "cov")}
    D0 = dense["D0"]
    s_inv = c.slot_inv_days
    if parallel is None:
        parallel = c.n_nodes >= DENSE_PARALLEL_MIN_NODES
    run = kernel_dense.run_dense_parallel if parallel else kernel_dense.run_dense_serial
    run(
        dense["dense_regions"],
        n_steps,
        dense["dz_row"],
        c.x0,
        c.cap0,
        c.final_demand,
        c.slot_a,
        s_inv,
        np.where(np.isfinite(s_inv), s_inv, 0.0),
        1.0 / c.slot_tau_days,
        c.slot_active,
        shock_nodes,
        shock_delta,
        float(p.psi),
        float(p.alpha_base),
        float(p.alpha_max),
        1.0 / float(p.alpha_tau_days),
        p.order_type == "alt",
        bool(p.boario_compat),
        D0,
        c.inv0,
        rec,
        out["x"][0],
        out["D"][0],
        out["xopt"][0],
        out["fd"][0],
        out["cov"][0],
    )
    for key in out:
        out[key][1:] = out[key][0]
    return _result(out, np.zeros_like(out["x"]), seeds, rec)


def _result(
    out: dict[str, FloatArray],
    blocked: FloatArray,
    seeds: npt.NDArray[np.uint64],
    rec: npt.NDArray[np.int64],
) -> dict[str, Any]:
    """``simulate_arrays``'s result from the kernels' record arrays."""
    return {
        "production": out["x"],
        "demand": out["D"],
        "production_opt": out["xopt"],
        "final_demand_unmet": out["fd"],
        "inventory_cover_days": out["cov"],
        "blocked_orders": blocked,
        "seeds": seeds,
        "record_nodes": rec,
    }


def _check_shape(name: str, arr: np.ndarray, shape: tuple[int, ...]) -> None:
    if arr.shape != shape:
        raise ValueError(f"{name} has shape {arr.shape} but expected {shape}.")


def _shock_arrays(
    shock: CapacityShock | None, n_steps: int
) -> tuple[npt.NDArray[np.int64], FloatArray]:
    """The shocked nodes and their daily losses, shape (n_steps, n_shocked), checked
    (none without a shock)."""
    if shock is None:
        return np.zeros(0, dtype=np.int64), np.zeros((n_steps, 0))
    nodes = np.asarray(shock.node_index, dtype=np.int64)
    delta = np.asarray(shock.delta, dtype=np.float64)
    _check_shape("shock.delta", delta, (n_steps, nodes.size))
    return nodes, np.ascontiguousarray(delta)


def simulate_arrays(
    compiled: CompiledModel,
    *,
    n_steps: int,
    n_runs: int = 1,
    seed: int | np.random.SeedSequence = 0,
    params: Params | None = None,
    shock: CapacityShock | None = None,
    gates: Gates | None = None,
    record_nodes: npt.NDArray[np.int64] | None = None,
    dense_dtype: Any = np.float64,
    parallel: bool | None = None,
) -> dict[str, Any]:
    """Advance the network ``n_steps`` days for ``n_runs`` Monte Carlo runs.

    Pure: the result depends only on the arguments. Returns a dict of arrays of shape
    (n_runs, n_steps, n_recorded_nodes): ``production``, ``demand``, ``production_opt``,
    ``final_demand_unmet``, ``inventory_cover_days``, ``blocked_orders`` (units/day,
    days for the cover) plus ``seeds`` and ``record_nodes``.

    ``dense_dtype`` (``numpy.float64`` by default, ``numpy.float32``, or ``None`` to
    never use it): a complete MRIO's flows are stored as two dense matrices of that type
    instead of CSR arrays, with no index arrays, so a step reads fewer bytes (float32
    halves them again at ~1e-7 relative rounding of the coefficients).

    ``parallel``: run the loops of one run over nodes and slots on all numba threads.
    ``None`` (default): yes for a dense MRIO (the kernel of ``flows="dense"`` or of a
    complete table without gates) of ``DENSE_PARALLEL_MIN_NODES`` industries or more,
    no otherwise. ``True``: also for any other network of ``PARALLEL_MIN_FLOWS`` flows or
    more. Several runs always run in parallel over runs.

    The arrays the dense kernel derives from ``compiled`` (the dense table when it was
    compiled with flow arrays, and the baseline demand) are kept for the next call on the
    same model (see ``_prepared``).
    """
    p = params or Params()
    c = compiled
    n, F = c.n_nodes, c.n_flows
    if n_steps < 1 or n_runs < 1:
        raise ValueError(f"n_steps and n_runs must be >= 1 (got {n_steps}, {n_runs}).")
    n_rec = n if record_nodes is None else int(np.asarray(record_nodes).size)
    check_memory(  # six (run, day, node) float64 results; refuse before allocating
        6 * estimate_bytes(n_runs, n_steps, max(n_rec, 1)),
        what=f"simulation results ({n_runs} runs x {n_steps} days x {n_rec} nodes)",
        hint="use fewer runs or a shorter horizon",
    )
    if c.dense_z is not None:
        if gates is not None:
            raise ValueError(
                "gates need flow arrays, but this MRIO was compiled with flows='dense' "
                "(compile it with flows='sparse')."
            )
        rec = np.arange(n) if record_nodes is None else np.asarray(record_nodes, dtype=np.int64)
        sn, sd = _shock_arrays(shock, n_steps)
        dz = c.dense_z
        dense_z: dict[str, Any] = {
            "dense_regions": int(c.meta["regions"]),
            "dz_row": dz,
            "D0": _prepared(c, ("D0",), lambda: _baseline_demand(c, dz)),
        }
        return _simulate_dense(
            c,
            p,
            n_steps,
            n_runs,
            run_seeds(seed, n_runs),
            rec,
            sn,
            sd,
            dense_z,
            parallel,
        )
    if gates is None and dense_dtype is not None:
        dense0 = _prepared(
            c,
            ("dense", np.dtype(dense_dtype).str, bool(p.rerouting), bool(p.substitution)),
            lambda: _dense_if_plain(c, p, dense_dtype),
        )
        if dense0 is not None:
            sn0, sd0 = _shock_arrays(shock, n_steps)
            rec0 = np.arange(n) if record_nodes is None else np.asarray(record_nodes, np.int64)
            return _simulate_dense(
                c,
                p,
                n_steps,
                n_runs,
                run_seeds(seed, n_runs),
                rec0,
                sn0,
                sd0,
                dense0,
                parallel,
            )
    gate_of_flow = np.full(F, -1, dtype=np.int64)
    if gates is not None:
        fidx = np.arange(F) if gates.flow_index is None else np.asarray(gates.flow_index)
        G = fidx.size if gates.column is None else np.asarray(gates.kind).shape[-1]
        for name in ("kind", "approval_prob", "review_days", "quota_t_per_day"):
            _check_shape(f"gates.{name}", np.asarray(getattr(gates, name)), (n_steps, G))
        gate_of_flow[fidx] = gates.columns(fidx.size)
        g_kind = np.ascontiguousarray(gates.kind, dtype=np.int8)
        g_prob = np.ascontiguousarray(gates.approval_prob, dtype=np.float64)
        g_review = np.ascontiguousarray(gates.review_days, dtype=np.float64)
        g_quota = np.ascontiguousarray(gates.quota_t_per_day, dtype=np.float64)
    else:
        g_kind = np.zeros((n_steps, 0), dtype=np.int8)
        g_prob = g_review = g_quota = np.zeros((n_steps, 0))
    # candidates are only needed when orders can be rerouted
    slot_base = np.bincount(c.flow_slot, weights=c.flow_z, minlength=c.n_slots) > 0
    candidate = (c.flow_z <= 0) & (c.flow_alt > 0) & (p.rerouting | ~slot_base[c.flow_slot])
    special = (gate_of_flow >= 0) | (c.flow_lead > 0) | candidate
    rec = np.arange(n) if record_nodes is None else np.asarray(record_nodes, dtype=np.int64)
    seeds = run_seeds(seed, n_runs)
    shock_nodes, shock_delta = _shock_arrays(shock, n_steps)
    dense = None
    if dense_dtype is not None and not special.any():
        dense = _dense_layout(c, dense_dtype)
    if dense is not None and not (p.substitution and (c.slot_sub >= 0).any()):
        return _simulate_dense(
            c, p, n_steps, n_runs, seeds, rec, shock_nodes, shock_delta, dense, parallel
        )
    lay = _layout(c, special & ((c.flow_z > 0) | candidate))
    # flows neither plain-with-weight nor kept special carry nothing: drop zero plain ones
    s_gate = gate_of_flow[lay["s_idx"]]
    s_slot_inv = c.slot_inv_days
    s_constr = np.where(np.isfinite(s_slot_inv), s_slot_inv, 0.0)
    slot_sub = c.slot_sub if p.substitution else np.full(c.n_slots, -1, dtype=np.int32)
    D0 = c.final_demand + np.bincount(c.flow_sup, weights=c.flow_z, minlength=n)
    out = {k: np.zeros((n_runs, n_steps, rec.size)) for k in ("x", "D", "xopt", "fd", "cov", "blk")}
    static = (
        c.x0,
        c.cap0,
        c.final_demand,
        c.node_slot_ptr,
        c.slot_node,
        c.slot_a,
        s_slot_inv,
        s_constr,
        1.0 / c.slot_tau_days,
        c.slot_active,
        np.ascontiguousarray(slot_sub, dtype=np.int32),
        c.slot_sub_rate,
        slot_base,
        lay["p_slot_ptr"],
        lay["p_slot_sup"],
        lay["p_slot_z"],
        lay["p_sup_ptr"],
        lay["p_sup_slot"],
        lay["p_sup_z"],
        lay["s_sup"],
        lay["s_slot"],
        lay["s_z"],
        lay["s_alt"],
        lay["s_lead"],
        lay["s_pipe_off"],
        np.ascontiguousarray(s_gate, dtype=np.int32),
        lay["s_flow_id"],
        g_kind,
        g_prob,
        g_review,
        g_quota,
        shock_nodes,
        shock_delta,
        float(p.psi),
        float(p.alpha_base),
        float(p.alpha_max),
        1.0 / float(p.alpha_tau_days),
        p.order_type == "alt",
        bool(p.boario_compat),
        int(p.licence_validity_days),
        p.review_delay == "exponential",
        p.licence_renewal == "ahead",
        int(p.qualification_days),
        bool(p.rerouting),
    )
    records = (rec, out["x"], out["D"], out["xopt"], out["fd"], out["cov"], out["blk"])
    kernel.simulate_batch(
        static,
        seeds,
        n_steps,
        c.x0,
        D0,
        c.inv0,
        np.ascontiguousarray(lay["s_z"]),
        lay["pipe0"],
        float(p.alpha_base),
        records,
        parallel_inner=bool(parallel) and n_runs == 1 and c.n_flows >= PARALLEL_MIN_FLOWS,
    )
    return _result(out, out["blk"], seeds, rec)


def simulate(
    compiled: CompiledModel,
    *,
    n_steps: int,
    n_runs: int = 1,
    seed: int | np.random.SeedSequence = 0,
    params: Params | None = None,
    shock: CapacityShock | None = None,
    gates: Gates | None = None,
    record_nodes: npt.NDArray[np.int64] | None = None,
    start_date: str | None = None,
    parallel: bool | None = None,
) -> xr.Dataset:
    """Simulate and return an ``xarray.Dataset`` with dimensions (run, time, node).

    Parameters
    ----------
    compiled : CompiledModel
        From :func:`compile_world` or :func:`compile_mrio`.
    n_steps : int
        Days to simulate.
    n_runs : int
        Monte Carlo runs (licence outcomes and review times differ per run).
    seed : int or numpy.random.SeedSequence
        Root of the per-run seeds (stored in ``attrs["seeds"]``).
    params : Params, optional
        Behavioural parameters; BoARIO's defaults if omitted.
    shock : CapacityShock, optional
        Capacity lost per day on some nodes.
    gates : Gates, optional
        Policy gates on flows, per day.
    record_nodes : ndarray of int, optional
        Nodes to record (all by default; large networks should pick a few).
    start_date : str, optional
        ISO date of day 0; the ``time`` coordinate is then dates, else day numbers.
    parallel : bool, optional
        Threads within one run, as in :func:`simulate_arrays` (default: automatic, on
        for dense MRIOs of ``DENSE_PARALLEL_MIN_NODES`` industries or more).

    Returns
    -------
    xarray.Dataset
        ``production``, ``demand``, ``shortage`` (demand - production),
        ``input_shortfall`` (output lost to missing inputs), ``final_demand_unmet``,
        ``inventory_days`` (smallest input cover, days of baseline use),
        ``blocked_orders`` (orders the node could not place because of gates),
        ``lost_output`` (baseline - production) in units/day and ``lost_output_usd``
        in US$/day.
    """
    p = params or Params()
    res = simulate_arrays(
        compiled,
        n_steps=n_steps,
        n_runs=n_runs,
        seed=seed,
        params=p,
        shock=shock,
        gates=gates,
        record_nodes=record_nodes,
        parallel=parallel,
    )
    rec = res["record_nodes"]
    c = compiled
    unit = f"{c.unit}/day"
    x = res["production"]
    D = res["demand"]
    x0 = c.x0[rec][None, None, :]
    price = c.price_usd_per_unit[rec][None, None, :]
    time: Any = np.arange(n_steps)
    if start_date is not None:
        time = np.datetime64(start_date, "D") + np.arange(n_steps).astype("timedelta64[D]")
    dims = ("run", "time", "node")

    def var(data: np.ndarray, units: str, long_name: str) -> xr.Variable:
        return xr.Variable(dims, data, attrs={"units": units, "long_name": long_name})

    ds = xr.Dataset(
        {
            "production": var(x, unit, "output produced"),
            "demand": var(D, unit, "orders received, intermediate and final"),
            "shortage": var(D - x, unit, "orders received but not filled"),
            "input_shortfall": var(
                res["production_opt"] - x, unit, "output lost to missing inputs"
            ),
            "final_demand_unmet": var(res["final_demand_unmet"], unit, "final demand not met"),
            "inventory_days": var(
                res["inventory_cover_days"], "days", "smallest input cover, days of baseline use"
            ),
            "blocked_orders": var(
                res["blocked_orders"], unit, "orders not placed because of policy gates"
            ),
            "lost_output": var(x0 - x, unit, "baseline output minus output"),
            "lost_output_usd": var((x0 - x) * price, "USD/day", "lost output valued"),
        },
        coords={
            "run": np.arange(n_runs),
            "time": time,
            "node": c.node_ids[rec],
            "region": ("node", c.node_region[rec]),
            "product": ("node", c.node_product[rec]),
            "baseline_production": ("node", c.x0[rec], {"units": unit}),
        },
        attrs={
            "engine": "chokepoints.engines.dynamics",
            "model": "ARIO (Hallegatte 2008/2014; orders after Guan et al. 2020)",
            "seed": str(seed.entropy if isinstance(seed, np.random.SeedSequence) else seed),
            "seeds": res["seeds"].astype(str).tolist(),
            "params": str(asdict(p)),
            "source": str(c.meta.get("source", "")),
            "quantity_unit": c.unit,
        },
    )
    return ds
