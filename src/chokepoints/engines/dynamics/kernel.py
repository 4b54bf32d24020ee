"""The per-day kernel of the dynamics engine (numba, no labels, no pandas).

The model is the ARIO family (Hallegatte 2008; Hallegatte 2014 for the inventory
constraint with ``psi``; Guan et al. 2020 for the "alt" order rule), in the exact order of
operations of BoARIO 0.7.2's ``ARIOPsiModel`` + ``Simulation.next_step`` so that, with
gates, lead times, rerouting and substitution off, trajectories coincide with BoARIO's.
The equations with units are in ``docs/model.md``; the names below follow them.

Why numba and this layout (measured, see ``docs/benchmarks.md``): orders on "plain"
flows (no gate, no lead time) are never stored. With the alt rule an order is
``o_f = gap_k * w_f / W_k`` with ``w_f = z_f * pr_i`` (``k`` the customer's inventory slot,
``i`` the supplier), so every flow-level quantity factors into a per-slot number
``q_k = gap_k / W_k`` times ``z_f`` times a per-supplier number. One step is then two
streaming passes over the flows: slot-major (stock arrivals and the normaliser ``W``) and
supplier-major (demand ``D``), each reading ``z`` (8 B) and one int32 index per flow.
Flows with state (gates, licences, lead-time pipelines, rerouting candidates) are
"special" and keep their order explicitly. numpy needs ~8 temporaries per pass and
scipy.sparse cannot fuse the gathers, both 4-10x slower on the 2,000-industry MRIO.

Random draws (licence review times and outcomes) are counter-based: a SplitMix64 hash of
(run seed, flow, application number, purpose). The run seeds come from one
``numpy.random.SeedSequence``; the same seed gives identical draws in any thread order.
"""

from __future__ import annotations

import math
import types

import numba as nb
import numpy as np

#: Gate kinds, as produced by ``chokepoints.policy.gates``.
GATE_OPEN = 0
GATE_LICENCE = 1
GATE_CLOSED = 2
GATE_QUOTA = 3

_MASK64 = np.uint64(0xFFFFFFFFFFFFFFFF)


@nb.njit(cache=True, inline="always")
def _splitmix64(z: np.uint64) -> np.uint64:
    z = z + np.uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


@nb.njit(cache=True)
def uniform_draw(seed: np.uint64, flow: int, counter: int, purpose: int) -> float:
    """A uniform number in [0, 1) keyed by (run seed, flow, counter, purpose)."""
    h = _splitmix64(seed ^ _splitmix64(np.uint64(flow) * np.uint64(4) + np.uint64(purpose)))
    h = _splitmix64(h ^ np.uint64(counter))
    return float(h >> np.uint64(11)) * (1.0 / 9007199254740992.0)


@nb.njit(cache=True)
def _review_days(mean_days: float, u: float, exponential: bool) -> int:
    if mean_days <= 0.0:
        return 0
    if not exponential:
        return int(round(mean_days))
    # exponential with the given mean, rounded to whole days
    return int(round(-mean_days * math.log(1.0 - u)))


def _simulate_run_py(
    run: int,
    seed: np.uint64,
    n_steps: int,
    # nodes
    x0,
    cap0,
    y,
    node_slot_ptr,
    # slots (sorted by node)
    slot_node,
    slot_a,
    slot_s,
    slot_s_constr,
    slot_tau,
    slot_active,
    slot_sub,
    slot_sub_rate,
    slot_base,
    # plain flows, slot-major and supplier-major
    p_slot_ptr,
    p_slot_sup,
    p_slot_z,
    p_sup_ptr,
    p_sup_slot,
    p_sup_z,
    # special flows
    s_sup,
    s_slot,
    s_z,
    s_alt,
    s_lead,
    s_pipe_off,
    s_gate,
    s_flow_id,
    # gates, (n_steps, n_gated)
    g_kind,
    g_prob,
    g_review,
    g_quota,
    # shock: (n_steps, m) deltas on nodes shock_nodes
    shock_nodes,
    shock_delta,
    # parameters
    psi,
    alpha_base,
    alpha_max,
    alpha_rate,
    alt_orders,
    boario_compat,
    licence_validity_days,
    review_exponential,
    renew_ahead,
    qualification_days,
    rerouting,
    # state in/out (1-D, this run)
    alpha,
    x,
    D,
    inv,
    q,
    pr_ord,
    s_ord,
    pipe,
    lic_until,
    review_end,
    n_apps,
    blocked_days,
    # records (n_steps, n_rec) for this run
    rec_nodes,
    rec_x,
    rec_D,
    rec_xopt,
    rec_fd_unmet,
    rec_cover,
    rec_blocked,
):
    n = x0.shape[0]
    K = slot_node.shape[0]
    S = s_sup.shape[0]
    delta = np.zeros(n)
    cap = np.empty(n)
    xopt = np.empty(n)
    pr = np.empty(n)
    u = np.empty(n)
    add = np.empty(K)
    use = np.empty(K)
    phi = np.zeros(K)
    sub_use = np.zeros(K)
    W_new = np.empty(K)
    gap = np.empty(K)
    deficit = np.zeros(K)
    s_open = np.ones(S)
    s_quota = np.full(S, np.inf)
    s_w = np.empty(S)
    slot_rerouted = np.zeros(K, dtype=np.bool_)
    blocked_orders = np.zeros(n)
    dem = np.empty(n)
    # per-node values gathered by every flow, interleaved so one cache line serves a flow:
    # [pr_ord * x / D (last orders' weight times fill rate), pr (capacity ratio), x / D]
    nodev = np.empty((n, 3))
    n_gated = 0
    for f in range(S):
        if s_gate[f] >= 0:
            n_gated += 1
    gated = np.empty(n_gated, dtype=np.int64)
    n_gated = 0
    for f in range(S):
        if s_gate[f] >= 0:
            gated[n_gated] = f
            n_gated += 1

    for t in range(n_steps):
        # -- capacity shock (share of capacity lost, 0..1) ----------------------------------
        for j in range(shock_nodes.shape[0]):
            delta[shock_nodes[j]] = shock_delta[t, j]

        # -- overproduction (BoARIO: from the third step on) ------------------------------
        if t > 1:
            for i in nb.prange(n):
                sc = 0.0
                if D[i] != 0.0:
                    sc = (D[i] - x[i]) / D[i]
                is0 = 1.0 if sc == 0.0 else 0.0
                chg = (alpha_max - alpha[i]) * sc * alpha_rate + (
                    alpha_base - alpha[i]
                ) * is0 * alpha_rate
                alpha[i] += chg
                if alpha[i] < 1.0:
                    alpha[i] = 1.0

        # -- gates on special flows: open share, quota, rerouting -------------------------
        for k in range(K):
            slot_rerouted[k] = False
        for gi in range(gated.shape[0]):
            f = gated[gi]
            g = s_gate[f]
            op = 1.0
            qu = np.inf
            if g >= 0:
                kind = g_kind[t, g]
                if kind != GATE_LICENCE:
                    review_end[f] = -1  # a pending application lapses with the regime
                if kind == GATE_CLOSED:
                    op = 0.0
                elif kind == GATE_QUOTA:
                    qu = g_quota[t, g]
                elif kind == GATE_LICENCE:
                    # apply when there is no valid licence, or (renew_ahead) when the
                    # remaining validity is at most the mean review time, so that an
                    # approved renewal starts the day the old licence ends
                    mean_rev = g_review[t, g]
                    if review_end[f] < 0 and (
                        t >= lic_until[f]
                        or (renew_ahead and lic_until[f] > 0 and lic_until[f] - t <= mean_rev)
                    ):
                        ud = uniform_draw(seed, s_flow_id[f], n_apps[f], 0)
                        review_end[f] = t + _review_days(mean_rev, ud, review_exponential)
                    while review_end[f] >= 0 and t >= review_end[f]:
                        ua = uniform_draw(seed, s_flow_id[f], n_apps[f], 1)
                        n_apps[f] += 1
                        if ua < g_prob[t, g]:
                            # a renewal runs on from the end of the licence still valid
                            lic_until[f] = max(review_end[f], lic_until[f]) + licence_validity_days
                            review_end[f] = -1
                        else:
                            # refused: the exporter applies again at once
                            ud = uniform_draw(seed, s_flow_id[f], n_apps[f], 0)
                            d = _review_days(mean_rev, ud, review_exponential)
                            review_end[f] = t + max(d, 1)
                    op = 1.0 if t < lic_until[f] else 0.0
                else:
                    op = 1.0
            s_open[f] = op
            s_quota[f] = qu
            if op == 0.0 and s_z[f] > 0.0:
                blocked_days[f] += 1
            else:
                blocked_days[f] = 0
            if rerouting and s_z[f] > 0.0 and blocked_days[f] > qualification_days:
                slot_rerouted[s_slot[f]] = True

        # -- production: capacity, demand and input inventories ---------------------------
        for i in nb.prange(n):
            c = cap0[i] * (1.0 - delta[i])
            c = c * alpha[i]
            cap[i] = c
            dem[i] = D[i]
            xo = min(D[i], c)
            xopt[i] = xo
            rmin = 1.0
            for k in range(node_slot_ptr[i], node_slot_ptr[i + 1]):
                phi[k] = 0.0
                if slot_active[k]:
                    con = xo * slot_a[k] * psi * slot_s_constr[k]
                    if con != 0.0:
                        avail = inv[k]
                        ks = slot_sub[k]
                        if ks >= 0 and inv[k] < con:
                            phi[k] = 1.0 - inv[k] / con
                            avail = inv[k] + inv[ks] / slot_sub_rate[k]
                        r = avail / con
                        if r < rmin:
                            rmin = r
            x[i] = xo * rmin
            if x0[i] != 0.0:
                pr[i] = cap[i] / x0[i] if alt_orders else 1.0
            else:
                pr[i] = 1.0
            u[i] = 0.0
            if D[i] != 0.0:
                u[i] = x[i] / D[i]
            nodev[i, 0] = pr_ord[i] * u[i]
            nodev[i, 1] = pr[i]
            nodev[i, 2] = u[i]

        # -- distribution: proportional rationing of output over orders -------------------
        # plain flows: shipment = q_k * z_f * pr_ord_i * x_i / D_i (orders of the last step)
        for k in nb.prange(K):
            acc_add = 0.0
            acc_w = 0.0
            for e in range(p_slot_ptr[k], p_slot_ptr[k + 1]):
                i = p_slot_sup[e]
                z = p_slot_z[e]
                acc_add += z * nodev[i, 0]
                acc_w += z * nodev[i, 1]
            add[k] = q[k] * acc_add
            W_new[k] = acc_w
        # special flows: explicit orders, lead-time pipelines, gates, rerouting weights
        for f in range(S):
            i = s_sup[f]
            k = s_slot[f]
            ship = s_ord[f] * nodev[i, 2]
            lead = s_lead[f]
            if lead == 0:
                add[k] += ship
            else:
                pos = s_pipe_off[f] + t % lead
                add[k] += pipe[pos]
                pipe[pos] = ship
            w = s_z[f] * nodev[i, 1]
            if s_z[f] > 0.0:
                if rerouting and blocked_days[f] > qualification_days:
                    w = 0.0
            elif (slot_rerouted[k] or not slot_base[k]) and s_open[f] > 0.0:
                # candidate link: used when the slot reroutes, or always for a slot with
                # no baseline supplier (a substitute input bought only when needed)
                w = s_alt[f] * pr[i]
            s_w[f] = w
            W_new[k] += w

        # inventories: I <- I - use + add (BoARIO skips the update when all are close)
        n_far = 0
        for k in nb.prange(K):
            use[k] = x[slot_node[k]] * slot_a[k]
            if abs(add[k] - use[k]) > 1e-8 + 1e-5 * abs(use[k]):
                n_far += 1
        if not (boario_compat and n_far == 0):
            for k in nb.prange(K):
                nv = inv[k] - use[k] + add[k]
                sub_use[k] = 0.0
                deficit[k] = 0.0
                if not boario_compat and nv < 0.0:
                    deficit[k] = -nv
                    nv = 0.0
                inv[k] = nv
            if not boario_compat:
                for k in range(K):
                    ks = slot_sub[k]
                    if ks >= 0 and deficit[k] > 0.0:
                        # the missing main input was made good from the substitute's stock
                        take = min(deficit[k] * slot_sub_rate[k], inv[ks])
                        inv[ks] -= take
                        sub_use[ks] += take

        # -- orders: meet demand and restore inventories over tau -------------------------
        n_off = 0
        if boario_compat:
            for k in nb.prange(K):
                goal = xopt[slot_node[k]] * slot_a[k] * slot_s[k]
                a_ = inv[k]
                if math.isinf(a_) or math.isinf(goal) or math.isnan(goal):
                    if not (a_ == goal):
                        n_off += 1
                elif abs(a_ - goal) > 1e-8 + 1e-5 * abs(goal):
                    n_off += 1
        no_gap = boario_compat and n_off == 0
        for k in nb.prange(K):
            i = slot_node[k]
            g_ = 0.0
            if not no_gap:
                goal = xopt[i] * slot_a[k] * slot_s[k]
                if math.isfinite(goal):
                    g_ = goal - inv[k]
                    if g_ < 0.0:
                        g_ = 0.0
            g_ = g_ * slot_tau[k]
            g_ += x[i] * slot_a[k]
            gap[k] = g_
        # substitute slots also restore what substitution drew and order ahead for it
        if not boario_compat:
            for k in range(K):
                ks = slot_sub[k]
                if ks >= 0 and phi[k] > 0.0:
                    i = slot_node[k]
                    want = phi[k] * xopt[i] * slot_a[k] * slot_sub_rate[k]
                    tgt = want * slot_s[k] - inv[ks]
                    gap[ks] += want + (tgt * slot_tau[ks] if tgt > 0.0 else 0.0)
        for k in nb.prange(K):
            g_ = gap[k] + sub_use[k]
            gap[k] = g_
            q[k] = g_ / W_new[k] if W_new[k] != 0.0 else 0.0
        for i in nb.prange(n):
            acc = 0.0
            for e in range(p_sup_ptr[i], p_sup_ptr[i + 1]):
                acc += p_sup_z[e] * q[p_sup_slot[e]]
            D[i] = y[i] + pr[i] * acc
        for i in nb.prange(n):
            pr_ord[i] = pr[i]
            blocked_orders[i] = 0.0
        for f in range(S):
            k = s_slot[f]
            o = q[k] * s_w[f]
            placed = o
            if s_gate[f] >= 0:
                placed = o * s_open[f]
                if placed > s_quota[f]:
                    placed = s_quota[f]
                blocked_orders[slot_node[k]] += o - placed
            s_ord[f] = placed
            D[s_sup[f]] += placed

        # -- records ----------------------------------------------------------------------
        for r in nb.prange(rec_nodes.shape[0]):
            i = rec_nodes[r]
            rec_x[t, r] = x[i]
            rec_xopt[t, r] = xopt[i]
            rec_fd_unmet[t, r] = y[i] * (1.0 - u[i]) if D[i] != 0.0 else 0.0
            rec_blocked[t, r] = blocked_orders[i]
            cover = np.inf
            for k in range(node_slot_ptr[i], node_slot_ptr[i + 1]):
                if slot_active[k] and slot_a[k] > 0.0 and x0[i] > 0.0:
                    cv = inv[k] / (slot_a[k] * x0[i])
                    if cv < cover:
                        cover = cv
            rec_cover[t, r] = cover
            rec_D[t, r] = dem[i]
    return 0


# fastmath without "nnan"/"ninf": infinite inventories and quotas are meaningful values
_FASTMATH = {"reassoc", "contract", "nsz"}


def _renamed(fn, name):  # type: ignore[no-untyped-def]
    """A copy of ``fn`` under another qualname, so numba caches both compilations apart."""
    clone = types.FunctionType(fn.__code__, fn.__globals__, name, fn.__defaults__, fn.__closure__)
    clone.__qualname__ = name
    return clone


#: One run, loops serial: used inside the parallel loop over Monte Carlo runs.
run_serial = nb.njit(cache=True, fastmath=_FASTMATH)(_renamed(_simulate_run_py, "run_serial"))
#: One run, loops over nodes and slots in parallel: used for one large network.
run_parallel = nb.njit(cache=True, parallel=True, fastmath=_FASTMATH)(
    _renamed(_simulate_run_py, "run_parallel")
)


@nb.njit(cache=True)
def _init_state(seed_unused, n, K, S, alpha_base, x0, D0, inv0, s_ord0, pipe0):  # type: ignore[no-untyped-def]
    alpha = np.full(n, alpha_base)
    x = x0.copy()
    D = D0.copy()
    inv = inv0.copy()
    q = np.ones(K)  # baseline orders: gap / W = 1 so that o_f = z_f
    pr_ord = np.ones(n)
    s_ord = s_ord0.copy()
    pipe = pipe0.copy()
    lic_until = np.zeros(S, dtype=np.int64)
    review_end = np.full(S, -1, dtype=np.int64)
    n_apps = np.zeros(S, dtype=np.int64)
    blocked_days = np.zeros(S, dtype=np.int32)
    return (alpha, x, D, inv, q, pr_ord, s_ord, pipe, lic_until, review_end, n_apps, blocked_days)


@nb.njit(cache=True, parallel=True)
def _batch(static, seeds, n_steps, x0, D0, inv0, s_ord0, pipe0, alpha_base, rec):  # type: ignore[no-untyped-def]
    n_runs = seeds.shape[0]
    n = x0.shape[0]
    K = inv0.shape[0]
    S = s_ord0.shape[0]
    rec_nodes, rec_x, rec_D, rec_xopt, rec_fd, rec_cov, rec_blk = rec
    for r in nb.prange(n_runs):
        st = _init_state(0, n, K, S, alpha_base, x0, D0, inv0, s_ord0, pipe0)
        run_serial(
            r,
            seeds[r],
            n_steps,
            *static,
            *st,
            rec_nodes,
            rec_x[r],
            rec_D[r],
            rec_xopt[r],
            rec_fd[r],
            rec_cov[r],
            rec_blk[r],
        )
    return 0


def simulate_batch(
    static, seeds, n_steps, x0, D0, inv0, s_ord0, pipe0, alpha_base, rec, parallel_inner
):  # type: ignore[no-untyped-def]
    """Advance ``len(seeds)`` runs for ``n_steps`` days, filling the records in place.

    ``static`` is the tuple of network and parameter arrays in ``_simulate_run_py``'s
    order (from ``x0`` to ``rerouting``); ``rec`` is (rec_nodes, then six record arrays of
    shape (n_runs, n_steps, n_recorded)). With ``parallel_inner`` (one run on a large
    network) the loops over nodes and slots run in parallel instead of the runs.
    """
    if parallel_inner and seeds.shape[0] == 1:
        n, K, S = x0.shape[0], inv0.shape[0], s_ord0.shape[0]
        st = _init_state(0, n, K, S, alpha_base, x0, D0, inv0, s_ord0, pipe0)
        rec_nodes, rec_x, rec_D, rec_xopt, rec_fd, rec_cov, rec_blk = rec
        run_parallel(
            0,
            seeds[0],
            n_steps,
            *static,
            *st,
            rec_nodes,
            rec_x[0],
            rec_D[0],
            rec_xopt[0],
            rec_fd[0],
            rec_cov[0],
            rec_blk[0],
        )
        return 0
    return _batch(static, seeds, n_steps, x0, D0, inv0, s_ord0, pipe0, alpha_base, rec)
