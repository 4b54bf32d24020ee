"""One pass over the table per day: the kernel for a complete (dense) MRIO.

Same equations and order of operations as :mod:`kernel` (BoARIO's), for a table where
every industry sells to every industry and nothing has state on flows (no gates, lead
times, candidates or substitutes). Two things make it fast:

- the flows are the dense matrix ``Z[i, j]`` (no index arrays), and
- the two passes of a day are fused into one read of ``Z``: row ``i`` first finishes
  yesterday's demand ``D_i = y_i + pr_i sum_j Z_ij q_(s_i, j)``, which is all node ``i``
  needs to produce today (its own inputs' stocks were updated at the end of yesterday),
  and then adds node ``i``'s deliveries and capacity weights to today's slot sums
  ``add[s_i, :]`` and ``W[s_i, :]``. A day therefore streams ``Z`` once instead of twice.

Rows are grouped by sector ``s`` (rows ``r * S + s``): each group writes only its own
``add[s, :]`` and ``W[s, :]``, so the groups run in parallel without races.
"""

from __future__ import annotations

import math
import types

import numba as nb
import numpy as np

_FASTMATH = {"reassoc", "contract", "nsz"}


def _run_dense_py(
    n_regions,
    n_steps,
    Z,
    x0,
    cap0,
    y,
    slot_a,
    slot_s,
    slot_s_constr,
    slot_tau,
    slot_active,
    shock_nodes,
    shock_delta,
    psi,
    alpha_base,
    alpha_max,
    alpha_rate,
    alt_orders,
    boario_compat,
    D0,
    inv0,
    rec_nodes,
    rec_x,
    rec_D,
    rec_xopt,
    rec_fd,
    rec_cov,
):
    """One run on a dense MRIO; slots are ``k = j * S + s``, nodes ``i = r * S + s``.

    ``Z`` has shape (n, n), units/day (float64 or float32). Records have shape
    (n_steps, n_recorded).
    """
    n = x0.shape[0]
    R = n_regions
    S = n // R
    K = n * S
    alpha = np.full(n, alpha_base)
    x = x0.copy()
    D = D0.copy()
    inv = inv0.copy()
    q = np.ones(K)
    qT = np.ones((S, n))
    pr_ord = np.ones(n)
    delta = np.zeros(n)
    xopt = np.empty(n)
    dem = np.empty(n)
    u = np.empty(n)
    addT = np.zeros((S, n))
    WT = np.zeros((S, n))
    use = np.empty(K)
    gap = np.empty(K)
    for t in range(n_steps):
        for j in range(shock_nodes.shape[0]):
            delta[shock_nodes[j]] = shock_delta[t, j]
        for s in nb.prange(S):
            a_row = addT[s]
            w_row = WT[s]
            q_row = qT[s]
            for j in range(n):
                a_row[j] = 0.0
                w_row[j] = 0.0
            # rows in blocks of 4: the block's rows stay in cache between their demand
            # (dot products) and their deliveries (one fused update of 4 rows), which
            # quarters the traffic on the slot accumulators
            vb = np.empty(4)
            pb = np.empty(4)
            for rb in range(0, R, 4):
                nb_ = min(4, R - rb)
                for b in range(nb_):
                    i = (rb + b) * S + s
                    row = Z[i]
                    # yesterday's orders: demand addressed to i
                    if t > 0:
                        acc = 0.0
                        for j in range(n):
                            acc += row[j] * q_row[j]
                        D[i] = y[i] + pr_ord[i] * acc
                    # overproduction from the third step on, then production
                    if t > 1:
                        sc = 0.0
                        if D[i] != 0.0:
                            sc = (D[i] - x[i]) / D[i]
                        is0 = 1.0 if sc == 0.0 else 0.0
                        alpha[i] += (alpha_max - alpha[i]) * sc * alpha_rate + (
                            alpha_base - alpha[i]
                        ) * is0 * alpha_rate
                        if alpha[i] < 1.0:
                            alpha[i] = 1.0
                    c = cap0[i] * (1.0 - delta[i])
                    c = c * alpha[i]
                    dem[i] = D[i]
                    xo = min(D[i], c)
                    xopt[i] = xo
                    rmin = 1.0
                    for sk in range(S):
                        k = i * S + sk
                        if slot_active[k]:
                            con = xo * slot_a[k] * psi * slot_s_constr[k]
                            if con != 0.0:
                                rr = inv[k] / con
                                if rr < rmin:
                                    rmin = rr
                    x[i] = xo * rmin
                    pr_i = 1.0
                    if x0[i] != 0.0 and alt_orders:
                        pr_i = c / x0[i]
                    u_i = x[i] / D[i] if D[i] != 0.0 else 0.0
                    u[i] = u_i
                    # deliveries from i weigh orders of yesterday (pr_ord), W today's pr
                    vb[b] = pr_ord[i] * u_i
                    pb[b] = pr_i
                    pr_ord[i] = pr_i
                i0 = rb * S + s
                if nb_ == 4:
                    r0 = Z[i0]
                    r1 = Z[i0 + S]
                    r2 = Z[i0 + 2 * S]
                    r3 = Z[i0 + 3 * S]
                    v0, v1, v2, v3 = vb[0], vb[1], vb[2], vb[3]
                    p0, p1, p2, p3 = pb[0], pb[1], pb[2], pb[3]
                    for j in range(n):
                        z0 = r0[j]
                        z1 = r1[j]
                        z2 = r2[j]
                        z3 = r3[j]
                        a_row[j] += z0 * v0 + z1 * v1 + z2 * v2 + z3 * v3
                        w_row[j] += z0 * p0 + z1 * p1 + z2 * p2 + z3 * p3
                else:
                    for b in range(nb_):
                        row = Z[i0 + b * S]
                        vv = vb[b]
                        pp = pb[b]
                        for j in range(n):
                            zz = row[j]
                            a_row[j] += zz * vv
                            w_row[j] += zz * pp
        # inventories (BoARIO skips the update when all arrivals match all uses)
        n_far = 0
        for k in nb.prange(K):
            j = k // S
            use[k] = x[j] * slot_a[k]
            ad = q[k] * addT[k - j * S, j]
            gap[k] = ad  # keep arrivals until the update below
            if abs(ad - use[k]) > 1e-8 + 1e-5 * abs(use[k]):
                n_far += 1
        if not (boario_compat and n_far == 0):
            for k in nb.prange(K):
                nv = inv[k] - use[k] + gap[k]
                if not boario_compat and nv < 0.0:
                    nv = 0.0
                inv[k] = nv
        # orders
        n_off = 0
        if boario_compat:
            for k in nb.prange(K):
                goal = xopt[k // S] * slot_a[k] * slot_s[k]
                a_ = inv[k]
                if math.isinf(a_) or math.isinf(goal) or math.isnan(goal):
                    if not (a_ == goal):
                        n_off += 1
                elif abs(a_ - goal) > 1e-8 + 1e-5 * abs(goal):
                    n_off += 1
        no_gap = boario_compat and n_off == 0
        for k in nb.prange(K):
            j = k // S
            g_ = 0.0
            if not no_gap:
                goal = xopt[j] * slot_a[k] * slot_s[k]
                if math.isfinite(goal):
                    g_ = goal - inv[k]
                    if g_ < 0.0:
                        g_ = 0.0
            g_ = g_ * slot_tau[k] + x[j] * slot_a[k]
            w = WT[k - j * S, j]
            q[k] = g_ / w if w != 0.0 else 0.0
        for s in nb.prange(S):
            for j in range(n):
                qT[s, j] = q[j * S + s]
        for rr_ in nb.prange(rec_nodes.shape[0]):
            i = rec_nodes[rr_]
            rec_x[t, rr_] = x[i]
            rec_D[t, rr_] = dem[i]
            rec_xopt[t, rr_] = xopt[i]
            rec_fd[t, rr_] = y[i] * (1.0 - u[i]) if dem[i] != 0.0 else 0.0
            cover = np.inf
            for sk in range(S):
                k = i * S + sk
                if slot_active[k] and slot_a[k] > 0.0 and x0[i] > 0.0:
                    cv = inv[k] / (slot_a[k] * x0[i])
                    if cv < cover:
                        cover = cv
            rec_cov[t, rr_] = cover
    return 0


def _renamed(fn, name):  # type: ignore[no-untyped-def]
    clone = types.FunctionType(fn.__code__, fn.__globals__, name, fn.__defaults__, fn.__closure__)
    clone.__qualname__ = name
    return clone


#: Serial loops (robust on a shared, loaded machine).
run_dense_serial = nb.njit(cache=True, fastmath=_FASTMATH)(
    _renamed(_run_dense_py, "run_dense_serial")
)
#: Row groups (sectors) and slot loops on all numba threads.
run_dense_parallel = nb.njit(cache=True, parallel=True, fastmath=_FASTMATH)(
    _renamed(_run_dense_py, "run_dense_parallel")
)
