"""One read of the table per day: the kernel for a complete (dense) MRIO.

Same equations and order of operations as :mod:`kernel` (BoARIO's), for a table where
every industry sells to every industry and nothing has state on flows (no gates, lead
times, candidates or substitutes). What makes it fast (measured on 200 x 50, a 400 MB
float32 table, in ``docs/benchmarks.md``):

- the flows are the dense matrix ``Z[i, j]`` (no index arrays);
- the two passes of a day are fused into one read of ``Z``: row ``i`` first finishes
  yesterday's demand ``D_i = y_i + pr_i sum_j Z_ij q_(s_i, j)``, which is all node ``i``
  needs to produce today (its inputs' stocks were updated at the end of yesterday), and
  then adds node ``i``'s deliveries and capacity weights to today's slot sums
  ``add[s_i, :]`` and ``W[s_i, :]``;
- rows are taken 8 at a time (register blocking: each ``q``, ``add`` and ``W`` element
  loaded once per 8 rows instead of once per row, which had made the day bound by cache
  traffic, not by memory), and software-pipelined: one loop over the columns adds
  block ``b``'s deliveries (its rows still in cache) and computes the demand dot products
  of block ``b + 1`` (streamed from memory), so the memory stream never waits for the
  cache-bound half;
- the slot state is stored sector-major, ``[s, j]`` (the layout of ``add`` and ``W``), so
  the end-of-day inventory and order updates are contiguous loops that also compute, per
  node, tomorrow's stock limit on output ``m_j = min_s I_sj / (a_sj psi s_sj)`` and the
  inventory cover; production then needs no slot reads (``x = xopt min(1, m / xopt)``,
  equal to BoARIO's ``xopt min(1, min_s I / (xopt a psi s))`` up to round-off).

Rows are grouped by sector ``s`` (rows ``r * S + s``): each group writes only its own
``add[s, :]`` and ``W[s, :]``, so the groups run in parallel without races; the slot pass
runs in parallel over column chunks.
"""

from __future__ import annotations

import math

import numba as nb
import numpy as np

from chokepoints.engines.dynamics.kernel import _FASTMATH, _renamed

#: Columns per chunk of the (parallel) slot pass.
_CHUNK = 512


@nb.njit(cache=True, fastmath=_FASTMATH)
def _dot1(row, q):  # type: ignore[no-untyped-def]
    acc = 0.0
    for j in range(q.shape[0]):
        acc += row[j] * q[j]
    return acc


@nb.njit(cache=True, fastmath=_FASTMATH)
def _dot8(Z, i0, S, q, out):  # type: ignore[no-untyped-def]
    """``out[b] = Z[i0 + b S] . q`` for the 8 rows of a block, ``q`` read once."""
    r0 = Z[i0]
    r1 = Z[i0 + S]
    r2 = Z[i0 + 2 * S]
    r3 = Z[i0 + 3 * S]
    r4 = Z[i0 + 4 * S]
    r5 = Z[i0 + 5 * S]
    r6 = Z[i0 + 6 * S]
    r7 = Z[i0 + 7 * S]
    d0 = d1 = d2 = d3 = d4 = d5 = d6 = d7 = 0.0
    for j in range(q.shape[0]):
        qj = q[j]
        d0 += r0[j] * qj
        d1 += r1[j] * qj
        d2 += r2[j] * qj
        d3 += r3[j] * qj
        d4 += r4[j] * qj
        d5 += r5[j] * qj
        d6 += r6[j] * qj
        d7 += r7[j] * qj
    out[0] = d0
    out[1] = d1
    out[2] = d2
    out[3] = d3
    out[4] = d4
    out[5] = d5
    out[6] = d6
    out[7] = d7


@nb.njit(cache=True, fastmath=_FASTMATH)
def _axpy8(Z, i0, S, v, p, a, w):  # type: ignore[no-untyped-def]
    """``a += sum_b v_b Z[i0 + b S]``, ``w += sum_b p_b Z[i0 + b S]`` over a block of 8."""
    r0 = Z[i0]
    r1 = Z[i0 + S]
    r2 = Z[i0 + 2 * S]
    r3 = Z[i0 + 3 * S]
    r4 = Z[i0 + 4 * S]
    r5 = Z[i0 + 5 * S]
    r6 = Z[i0 + 6 * S]
    r7 = Z[i0 + 7 * S]
    v0, v1, v2, v3, v4, v5, v6, v7 = v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]
    p0, p1, p2, p3, p4, p5, p6, p7 = p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]
    for j in range(a.shape[0]):
        z0 = r0[j]
        z1 = r1[j]
        z2 = r2[j]
        z3 = r3[j]
        z4 = r4[j]
        z5 = r5[j]
        z6 = r6[j]
        z7 = r7[j]
        a[j] += ((z0 * v0 + z1 * v1) + (z2 * v2 + z3 * v3)) + (
            (z4 * v4 + z5 * v5) + (z6 * v6 + z7 * v7)
        )
        w[j] += ((z0 * p0 + z1 * p1) + (z2 * p2 + z3 * p3)) + (
            (z4 * p4 + z5 * p5) + (z6 * p6 + z7 * p7)
        )


# written out in full (not via _axpy8/_dot8): the fusion of both loops is the point
@nb.njit(cache=True, fastmath=_FASTMATH)
def _axpy8_dot8(Z, i0, i1, S, v, p, a, w, q, out):  # type: ignore[no-untyped-def]
    """:func:`_axpy8` of the block at ``i0`` and :func:`_dot8` of the block at ``i1``
    in one loop (software pipelining: cache-bound and memory-bound work overlap)."""
    r0 = Z[i0]
    r1 = Z[i0 + S]
    r2 = Z[i0 + 2 * S]
    r3 = Z[i0 + 3 * S]
    r4 = Z[i0 + 4 * S]
    r5 = Z[i0 + 5 * S]
    r6 = Z[i0 + 6 * S]
    r7 = Z[i0 + 7 * S]
    s0 = Z[i1]
    s1 = Z[i1 + S]
    s2 = Z[i1 + 2 * S]
    s3 = Z[i1 + 3 * S]
    s4 = Z[i1 + 4 * S]
    s5 = Z[i1 + 5 * S]
    s6 = Z[i1 + 6 * S]
    s7 = Z[i1 + 7 * S]
    v0, v1, v2, v3, v4, v5, v6, v7 = v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]
    p0, p1, p2, p3, p4, p5, p6, p7 = p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]
    d0 = d1 = d2 = d3 = d4 = d5 = d6 = d7 = 0.0
    for j in range(a.shape[0]):
        z0 = r0[j]
        z1 = r1[j]
        z2 = r2[j]
        z3 = r3[j]
        z4 = r4[j]
        z5 = r5[j]
        z6 = r6[j]
        z7 = r7[j]
        a[j] += ((z0 * v0 + z1 * v1) + (z2 * v2 + z3 * v3)) + (
            (z4 * v4 + z5 * v5) + (z6 * v6 + z7 * v7)
        )
        w[j] += ((z0 * p0 + z1 * p1) + (z2 * p2 + z3 * p3)) + (
            (z4 * p4 + z5 * p5) + (z6 * p6 + z7 * p7)
        )
        qj = q[j]
        d0 += s0[j] * qj
        d1 += s1[j] * qj
        d2 += s2[j] * qj
        d3 += s3[j] * qj
        d4 += s4[j] * qj
        d5 += s5[j] * qj
        d6 += s6[j] * qj
        d7 += s7[j] * qj
    out[0] = d0
    out[1] = d1
    out[2] = d2
    out[3] = d3
    out[4] = d4
    out[5] = d5
    out[6] = d6
    out[7] = d7


@nb.njit(cache=True, fastmath=_FASTMATH)
def _dots(Z, i0, S, nb_, q, out):  # type: ignore[no-untyped-def]
    if nb_ == 8:
        _dot8(Z, i0, S, q, out)
    else:
        for b in range(nb_):
            out[b] = _dot1(Z[i0 + b * S], q)


@nb.njit(cache=True, fastmath=_FASTMATH)
def _axpys(Z, i0, S, nb_, v, p, a, w):  # type: ignore[no-untyped-def]
    if nb_ == 8:
        _axpy8(Z, i0, S, v, p, a, w)
    else:
        for b in range(nb_):
            row = Z[i0 + b * S]
            vv = v[b]
            pp = p[b]
            for j in range(a.shape[0]):
                zz = row[j]
                a[j] += zz * vv
                w[j] += zz * pp


@nb.njit(cache=True, fastmath=_FASTMATH)
def _sector_rows(  # type: ignore[no-untyped-def]
    s,
    t,
    R,
    Z,
    x0,
    cap0,
    y,
    delta,
    alpha,
    alpha_base,
    alpha_max,
    alpha_rate,
    alt_orders,
    m,
    q,
    D,
    x,
    dem,
    xopt,
    u,
    pr_ord,
    add,
    W,
):
    """Rows ``r * S + s`` of one day: demand, production, deliveries into ``add``/``W``."""
    n = x0.shape[0]
    S = n // R
    for j in range(n):
        add[j] = 0.0
        W[j] = 0.0
    dots = np.empty(8)
    vb = np.empty(8)
    pb = np.empty(8)
    _dots(Z, s, S, min(8, R), q, dots)
    for rb in range(0, R, 8):
        nb_ = min(8, R - rb)
        i0 = rb * S + s
        for b in range(nb_):
            i = i0 + b * S
            # yesterday's orders: demand addressed to i
            if t > 0:
                D[i] = y[i] + pr_ord[i] * dots[b]
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
            xi = xo
            if xo > 0.0:
                rr = m[i] / xo
                if rr < 1.0:
                    xi = xo * rr
            x[i] = xi
            pr_i = 1.0
            if x0[i] != 0.0 and alt_orders:
                pr_i = c / x0[i]
            u_i = xi / D[i] if D[i] != 0.0 else 0.0
            u[i] = u_i
            # deliveries from i weigh orders of yesterday (pr_ord), W today's pr
            vb[b] = pr_ord[i] * u_i
            pb[b] = pr_i
            pr_ord[i] = pr_i
        nbn = min(8, R - rb - 8)
        if nb_ == 8 and nbn == 8:
            _axpy8_dot8(Z, i0, i0 + 8 * S, S, vb, pb, add, W, q, dots)
        else:
            _axpys(Z, i0, S, nb_, vb, pb, add, W)
            if nbn > 0:
                _dots(Z, i0 + 8 * S, S, nbn, q, dots)


@nb.njit(cache=True, fastmath=_FASTMATH)
def _slot_row0(  # type: ignore[no-untyped-def]
    floor, psi, x, xopt, x0, a_r, s_r, ts_r, add_r, w_r, qo, io, qn, inn, m, cov
):
    """The common end-of-day update of one sector's slots (``mode`` 0), branch-free.

    All arguments are one sector's row of a column chunk, indexed from 0 (a loop index
    known to be non-negative lets LLVM drop numba's wrap-around of negative indices,
    which had kept the loop scalar). Every condition is a select, so the loop vectorises
    (AVX2: 4 slots per instruction). ``ts_r`` is the restoration rate ``1 / tau`` with the
    sign of the slot's activity (negative: the input never constrains production), so
    the stock requirement ``c = a psi s`` and the baseline use ``a x0`` are computed here
    instead of being read from two more arrays. ``floor`` is ``-inf`` (BoARIO: stocks may
    go negative) or 0. Returns (n_far, n_off), BoARIO's shortcut counts.
    """
    n_far = 0
    n_off = 0
    for j in range(a_r.shape[0]):
        a = a_r[j]
        use = x[j] * a
        ad = qo[j] * add_r[j]
        n_far += abs(ad - use) > 1e-8 + 1e-5 * abs(use)
        nv = max(io[j] - use + ad, floor)
        inn[j] = nv
        sv = s_r[j]
        goal = xopt[j] * a * sv
        fin = math.isfinite(goal)
        n_off += (abs(nv - goal) > 1e-8 + 1e-5 * abs(goal)) if fin else (nv != goal)
        gap = max(goal - nv, 0.0) if fin else 0.0
        ts = ts_r[j]
        w = w_r[j]
        qn[j] = (gap * abs(ts) + use) / w if w != 0.0 else 0.0
        act = math.copysign(1.0, ts) > 0.0
        c = a * psi * sv if (act and math.isfinite(sv)) else 0.0
        m[j] = min(m[j], nv / c if c != 0.0 else np.inf)
        x0j = x0[j]
        b = a * x0j if (act and a > 0.0 and x0j > 0.0) else 0.0
        cov[j] = min(cov[j], nv / b if b != 0.0 else np.inf)
    return n_far, n_off


@nb.njit(cache=True, fastmath=_FASTMATH)
def _slot_row12(  # type: ignore[no-untyped-def]
    mode, psi, x, xopt, x0, a_r, s_r, ts_r, w_r, qn, io, inn, m, cov
):
    """The rare redo of one sector's row when a BoARIO shortcut fires: ``mode`` 1 keeps
    yesterday's stocks ``io`` (all arrivals matched all uses), 2 orders without stock
    gaps (all stocks on target; ``inn`` already holds today's). Returns n_off."""
    n_off = 0
    for j in range(a_r.shape[0]):
        a = a_r[j]
        use = x[j] * a
        if mode == 1:
            nv = io[j]
            inn[j] = nv
        else:
            nv = inn[j]
        sv = s_r[j]
        goal = xopt[j] * a * sv
        gap = 0.0
        if math.isfinite(goal):
            if abs(nv - goal) > 1e-8 + 1e-5 * abs(goal):
                n_off += 1
            if mode == 1:
                gap = max(goal - nv, 0.0)
        elif not (nv == goal):
            n_off += 1
        ts = ts_r[j]
        w = w_r[j]
        qn[j] = (gap * abs(ts) + use) / w if w != 0.0 else 0.0
        act = math.copysign(1.0, ts) > 0.0
        c = a * psi * sv if (act and math.isfinite(sv)) else 0.0
        if c != 0.0:
            m[j] = min(m[j], nv / c)
        x0j = x0[j]
        b = a * x0j if (act and a > 0.0 and x0j > 0.0) else 0.0
        if b != 0.0:
            cov[j] = min(cov[j], nv / b)
    return n_off


@nb.njit(cache=True, fastmath=_FASTMATH)
def _slots_chunk(  # type: ignore[no-untyped-def]
    j0,
    j1,
    mode,
    boario_compat,
    psi,
    x,
    xopt,
    x0,
    aT,
    sT,
    tsT,
    addT,
    WT,
    q_old,
    inv_old,
    q_new,
    inv_new,
    m,
    cov,
):
    """End-of-day slot update of columns ``j0:j1``; returns (n_far, n_off).

    ``mode`` 0: update stocks into ``inv_new`` and orders into ``q_new``; 1: stocks stay
    ``inv_old`` (BoARIO's all-arrivals-match-uses shortcut), orders from them; 2: orders
    without stock gaps (BoARIO's all-stocks-on-target shortcut). Also tomorrow's stock
    limit on output ``m`` and the cover in days ``cov`` from the stocks kept.
    """
    S = aT.shape[0]
    n_far = 0
    n_off = 0
    xs = x[j0:j1]
    xos = xopt[j0:j1]
    x0s = x0[j0:j1]
    ms = m[j0:j1]
    cs = cov[j0:j1]
    ms[:] = np.inf
    cs[:] = np.inf
    floor = -np.inf if boario_compat else 0.0
    for s in range(S):
        if mode == 0:
            nf, no = _slot_row0(
                floor,
                psi,
                xs,
                xos,
                x0s,
                aT[s][j0:j1],
                sT[s][j0:j1],
                tsT[s][j0:j1],
                addT[s][j0:j1],
                WT[s][j0:j1],
                q_old[s][j0:j1],
                inv_old[s][j0:j1],
                q_new[s][j0:j1],
                inv_new[s][j0:j1],
                ms,
                cs,
            )
            n_far += nf
        else:
            no = _slot_row12(
                mode,
                psi,
                xs,
                xos,
                x0s,
                aT[s][j0:j1],
                sT[s][j0:j1],
                tsT[s][j0:j1],
                WT[s][j0:j1],
                q_new[s][j0:j1],
                inv_old[s][j0:j1],
                inv_new[s][j0:j1],
                ms,
                cs,
            )
        n_off += no
    return n_far, n_off


@nb.njit(cache=True)
def scatter_dense(flow_sup, flow_slot, slot_node, flow_z, Z):  # type: ignore[no-untyped-def]
    """``Z[flow_sup, slot_node[flow_slot]] = flow_z`` in one pass (numpy's fancy
    assignment took 40 ms at 4 million flows); returns the row sums (float64)."""
    for f in range(flow_z.shape[0]):
        Z[flow_sup[f], slot_node[flow_slot[f]]] = flow_z[f]
    rows = np.zeros(Z.shape[0])
    for i in range(Z.shape[0]):
        r = Z[i]
        acc = 0.0
        for j in range(r.shape[0]):
            acc += r[j]
        rows[i] = acc
    return rows


@nb.njit(cache=True, fastmath=_FASTMATH)
def _to_sector_major(v, n, S):  # type: ignore[no-untyped-def]
    out = np.empty((S, n), dtype=v.dtype)
    for j in range(n):
        for s in range(S):
            out[s, j] = v[j * S + s]
    return out


@nb.njit(cache=True)
def _next_mode(mode, boario_compat, n_far, n_off):  # type: ignore[no-untyped-def]
    """The slot pass to run after pass ``mode`` (-1: none), BoARIO's shortcuts in order.

    After the common pass 0, no arrival off its use (``n_far == 0``) redoes the pass
    keeping yesterday's stocks (1); else no stock off its target (``n_off == 0``) redoes
    the orders without stock gaps (2). After 1, no stock off its target leads to 2.
    """
    if not boario_compat or mode == 2:
        return -1
    if mode == 0 and n_far == 0:
        return 1
    if n_off == 0:
        return 2
    return -1


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
    n_chunks = (n + _CHUNK - 1) // _CHUNK
    alpha = np.full(n, alpha_base)
    x = x0.copy()
    D = D0.copy()
    # slot state and constants, sector-major [s, j]
    aT = _to_sector_major(slot_a, n, S)
    sT = _to_sector_major(slot_s, n, S)
    # restoration rate 1 / tau with the sign of the slot's activity (see _slot_row0)
    tsT = np.empty((S, n))
    for j in range(n):
        for s in range(S):
            k = j * S + s
            tsT[s, j] = slot_tau[k] if slot_active[k] else -slot_tau[k]
    inv_a = _to_sector_major(inv0, n, S)
    inv_b = inv_a.copy()
    q_a = np.ones((S, n))
    q_b = np.ones((S, n))
    addT = np.zeros((S, n))
    WT = np.zeros((S, n))
    pr_ord = np.ones(n)
    delta = np.zeros(n)
    xopt = np.empty(n)
    dem = np.empty(n)
    u = np.empty(n)
    m = np.empty(n)
    cov = np.empty(n)
    far_c = np.zeros(n_chunks, dtype=np.int64)
    off_c = np.zeros(n_chunks, dtype=np.int64)
    # stock limits on day 0's output
    for j in range(n):
        m[j] = np.inf
        for s in range(S):
            k = j * S + s
            c = slot_a[k] * psi * slot_s_constr[k] if slot_active[k] else 0.0
            if c != 0.0:
                lim = inv_a[s, j] / c
                if lim < m[j]:
                    m[j] = lim
    for t in range(n_steps):
        # buffers: yesterday's orders/stocks in (q_a, inv_a), today's into (q_b, inv_b)
        if t % 2 == 0:
            q_old, q_new, inv_old, inv_new = q_a, q_b, inv_a, inv_b
        else:
            q_old, q_new, inv_old, inv_new = q_b, q_a, inv_b, inv_a
        for j in range(shock_nodes.shape[0]):
            delta[shock_nodes[j]] = shock_delta[t, j]
        for s in nb.prange(S):
            _sector_rows(
                s,
                t,
                R,
                Z,
                x0,
                cap0,
                y,
                delta,
                alpha,
                alpha_base,
                alpha_max,
                alpha_rate,
                alt_orders,
                m,
                q_old[s],
                D,
                x,
                dem,
                xopt,
                u,
                pr_ord,
                addT[s],
                WT[s],
            )
        # inventories and orders (mode 0); BoARIO skips the stock update when all arrivals
        # match all uses (mode 1), and drops all stock gaps when all stocks are on target
        # (mode 2): see _next_mode
        mode = 0
        while mode >= 0:
            for c in nb.prange(n_chunks):
                nf, no = _slots_chunk(
                    c * _CHUNK,
                    min(n, (c + 1) * _CHUNK),
                    mode,
                    boario_compat,
                    psi,
                    x,
                    xopt,
                    x0,
                    aT,
                    sT,
                    tsT,
                    addT,
                    WT,
                    q_old,
                    inv_old,
                    q_new,
                    inv_new,
                    m,
                    cov,
                )
                far_c[c] = nf
                off_c[c] = no
            mode = _next_mode(mode, boario_compat, far_c.sum(), off_c.sum())
        for rr_ in range(rec_nodes.shape[0]):
            i = rec_nodes[rr_]
            rec_x[t, rr_] = x[i]
            rec_D[t, rr_] = dem[i]
            rec_xopt[t, rr_] = xopt[i]
            rec_fd[t, rr_] = y[i] * (1.0 - u[i]) if dem[i] != 0.0 else 0.0
            rec_cov[t, rr_] = cov[i]
    return 0


#: Serial loops (robust on a shared, loaded machine).
run_dense_serial = nb.njit(cache=True, fastmath=_FASTMATH)(
    _renamed(_run_dense_py, "run_dense_serial")
)
#: Row groups (sectors) and slot chunks on all numba threads.
run_dense_parallel = nb.njit(cache=True, parallel=True, fastmath=_FASTMATH)(
    _renamed(_run_dense_py, "run_dense_parallel")
)
