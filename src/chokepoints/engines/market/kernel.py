"""Pure array kernels of the partial-equilibrium market model (GSIM-style Armington).

Francois, J. and H. K. Hall (2003), *Global Simulation Analysis of Industry-Level Trade
Policy*, version 3.0 (GSIM), and the non-linear GSIM v2 spreadsheet (2007). One product;
``n_src`` exporting regions (rows) and ``n_dst`` importing markets (columns); the
diagonal (a region selling to itself) is domestic supply and takes part like any other
source. Every function here takes and returns plain ``numpy`` arrays; labels, files and
units are handled by the callers (``chokepoints.engines.market.model``).

Units: baseline world (border, pre-measure) prices are normalised to 1, so a baseline
quantity equals its baseline value at world prices (for example US$ per year). Prices
come back relative to that baseline: ``p_world`` is ``P*_i / P*_i0`` and
``p_internal`` is the buyer's price of a source in a market divided by the *baseline
world* price of that source (so its baseline value is the initial wedge ``tau0``).

Equations (docs/market.md gives them with their derivation)::

    pi_ij   = tau_ij * p*_i * (1 + lambda_ij)              buyer price, (1)
    Phat_j  = [sum_i theta_ij (pi_ij / pi0_ij)^(1-sigma_j)]^(1/(1-sigma_j))   (2)
    Q_ij    = Q0_ij (pi_ij / pi0_ij)^(-sigma_j) Phat_j^(sigma_j - eta_j)       (3)
    X_i     = X0_i p*_i^eps_i                                                   (4)
    sum_j Q_ij = X_i                                                            (5)
    Q_ij <= Qbar_ij,  lambda_ij >= 0,  lambda_ij (Qbar_ij - Q_ij) = 0            (6)

``theta_ij`` are baseline expenditure shares at internal prices, ``sigma`` the
substitution elasticity (GSIM ``E_s``), ``eta`` the composite demand elasticity as a
positive number (GSIM ``E_m = -eta``), ``eps`` the export supply elasticity (GSIM
``E_x``). Their first-order expansion around the baseline is GSIM's linear system, see
:func:`solve_gsim_linear`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import optimize

from chokepoints.errors import ChokepointsError

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

#: sigma within this distance of 1 is moved to 1 + SIGMA_ONE_NUDGE (CES limit is Cobb-Douglas).
SIGMA_ONE_NUDGE = 1e-6
#: Largest number of active-set passes for quota complementarity.
MAX_ACTIVE_SET_PASSES = 50


class MarketSolveError(ChokepointsError, RuntimeError):
    """The equilibrium solver did not converge (message says where and by how much).

    A :class:`~chokepoints.errors.ChokepointsError`, so the CLI prints it as one line.
    """


@dataclass(frozen=True)
class MarketSolution:
    """Arrays of one solved market equilibrium (all relative to baseline world price 1).

    Attributes
    ----------
    p_world : ndarray, shape (n_src,)
        Exporter (world, pre-measure) price ``P*_i / P*_i0``; NaN for a source with no
        baseline supply.
    p_internal : ndarray, shape (n_src, n_dst)
        Buyer price of source i in market j, in units of i's baseline world price.
    price_index : ndarray, shape (n_dst,)
        Composite (CES) price index of market j relative to its baseline (``Phat_j``).
    quantity : ndarray, shape (n_src, n_dst)
        New bilateral quantities, in baseline world-price value units.
    supply : ndarray, shape (n_src,)
        New supply of each source (row sums of ``quantity``).
    rent_rate : ndarray, shape (n_src, n_dst)
        Quota/licence rent wedge ``lambda_ij`` (0 where no quota binds; NaN if banned).
    binding : ndarray of bool, shape (n_src, n_dst)
        Where a quota (or licence cap) binds.
    iterations : int
        Active-set passes used.
    max_residual : float
        Largest absolute residual of (5) and (6) in log units at the solution.
    """

    p_world: FloatArray
    p_internal: FloatArray
    price_index: FloatArray
    quantity: FloatArray
    supply: FloatArray
    rent_rate: FloatArray
    binding: BoolArray
    iterations: int
    max_residual: float


def calc_expenditure_shares(value0: FloatArray, tau0: FloatArray) -> FloatArray:
    """Baseline expenditure shares ``theta_ij`` at internal prices (GSIM's theta).

    Parameters
    ----------
    value0 : ndarray, shape (n_src, n_dst)
        Baseline bilateral values at world prices (>= 0).
    tau0 : ndarray, shape (n_src, n_dst)
        Baseline wedge ``(1 + t)(1 + x)`` between world and buyer price.

    Returns
    -------
    ndarray, shape (n_src, n_dst)
        Column shares; a market with no purchases gets zeros.
    """
    spend = value0 * tau0
    total = spend.sum(axis=0, keepdims=True)
    return np.divide(spend, total, out=np.zeros_like(spend), where=total > 0)


def _prepare_sigma(sigma: FloatArray) -> FloatArray:
    # The CES formula divides by (1 - sigma); at sigma = 1 its limit is Cobb-Douglas. A
    # nudge keeps one code path and changes results by O(1e-6).
    s = np.asarray(sigma, dtype=float).copy()
    near = np.abs(s - 1.0) < SIGMA_ONE_NUDGE
    s[near] = 1.0 + SIGMA_ONE_NUDGE
    return s


def _demand(
    ell: FloatArray,
    active: BoolArray,
    theta: FloatArray,
    q0: FloatArray,
    sigma: FloatArray,
    eta: FloatArray,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Equations (2)-(3) for log relative buyer prices ``ell``; returns Q, s, log Phat."""
    one_m = 1.0 - sigma
    # weights theta * (pi/pi0)^(1-sigma), scaled per market for stability
    expo = np.where(active, one_m[None, :] * ell, -np.inf)
    shift = np.max(np.where(active, expo, -np.inf), axis=0)
    shift = np.where(np.isfinite(shift), shift, 0.0)
    w = np.where(active, theta * np.exp(expo - shift[None, :]), 0.0)
    total = w.sum(axis=0)
    with np.errstate(divide="ignore"):
        log_p_index = (np.log(total) + shift) / one_m
    s = np.divide(w, total[None, :], out=np.zeros_like(w), where=total[None, :] > 0)
    log_q = -sigma[None, :] * ell + ((sigma - eta) * log_p_index)[None, :]
    with np.errstate(over="ignore", invalid="ignore"):
        q = np.where(active, q0 * np.exp(log_q), 0.0)
    return q, s, log_p_index


def solve_equilibrium(
    value0: FloatArray,
    tau0: FloatArray,
    tau1: FloatArray,
    sigma: FloatArray,
    eta: FloatArray,
    epsilon: FloatArray,
    quota: FloatArray | None = None,
    banned: BoolArray | None = None,
    quota_groups: Sequence[tuple[BoolArray, float]] | None = None,
    *,
    tol: float = 1e-11,
) -> MarketSolution:
    """Solve the Armington partial equilibrium (1)-(6) after a change of measures.

    Parameters
    ----------
    value0 : ndarray, shape (n_src, n_dst)
        Baseline bilateral values at world prices (= quantities, baseline price 1).
    tau0, tau1 : ndarray, shape (n_src, n_dst)
        Baseline and new wedges ``(1 + import tariff)(1 + export tax)``, each >= 0 rate.
    sigma : ndarray, shape (n_dst,)
        Substitution elasticity between sources in each market (> 0).
    eta : ndarray, shape (n_dst,)
        Composite demand elasticity of each market as a positive number (>= 0).
    epsilon : ndarray, shape (n_src,)
        Export supply elasticity of each source (>= 0; ``inf`` = fixed world price).
    quota : ndarray, shape (n_src, n_dst), optional
        Cap on each bilateral quantity in baseline value units; ``inf`` = no cap.
        A licence regime is a cap equal to the approved shipments.
    banned : ndarray of bool, shape (n_src, n_dst), optional
        Flows closed by a ban (quantity 0; the variety leaves the CES nest).
    quota_groups : sequence of (mask, cap), optional
        Caps on the *total* of several flows (``mask``, bool, shape (n_src, n_dst)) in
        baseline value units, with one common rent (an export quota whose licences
        may be used for any destination). A flow may belong to one quota only.
    tol : float
        Convergence tolerance on the log residuals.

    Returns
    -------
    MarketSolution

    Raises
    ------
    ValueError
        If shapes disagree or a parameter is out of range.
    MarketSolveError
        If the solver does not converge.
    """
    value0 = np.asarray(value0, dtype=float)
    n_src, n_dst = value0.shape
    tau0 = np.broadcast_to(np.asarray(tau0, dtype=float), value0.shape)
    tau1 = np.broadcast_to(np.asarray(tau1, dtype=float), value0.shape)
    sigma = _prepare_sigma(np.broadcast_to(np.asarray(sigma, dtype=float), (n_dst,)))
    eta = np.broadcast_to(np.asarray(eta, dtype=float), (n_dst,)).astype(float)
    epsilon = np.broadcast_to(np.asarray(epsilon, dtype=float), (n_src,)).astype(float)
    quota = (
        np.full(value0.shape, np.inf)
        if quota is None
        else np.broadcast_to(np.asarray(quota, dtype=float), value0.shape)
    )
    banned = (
        np.zeros(value0.shape, dtype=bool)
        if banned is None
        else np.broadcast_to(np.asarray(banned, dtype=bool), value0.shape)
    )
    if np.any(value0 < 0) or not np.all(np.isfinite(value0)):
        raise ValueError("value0 must be finite and >= 0")
    if np.any(tau0 <= 0) or np.any(tau1 <= 0):
        raise ValueError("wedges tau0 and tau1 must be > 0 (rates > -100%)")
    if np.any(sigma <= 0) or np.any(eta < 0) or np.any(epsilon < 0):
        raise ValueError("need sigma > 0, eta >= 0 and epsilon >= 0")
    if np.any(quota < 0):
        raise ValueError("quota must be >= 0")

    theta = calc_expenditure_shares(value0, tau0)
    q0 = value0
    x0 = value0.sum(axis=1)
    has_flow = value0 > 0
    # a zero quota is a ban
    banned = banned | (has_flow & (quota <= 0))
    active = has_flow & ~banned
    ban_hits_market = (banned & has_flow).any(axis=0)
    if np.any(ban_hits_market & (sigma < 1)):
        raise ValueError(
            "a ban on a source with sigma < 1 (complements) makes the market's price index "
            "infinite; use a quota instead or sigma > 1"
        )
    log_tau_hat = np.log(tau1 / tau0)

    # Quotas as groups of flows sharing one cap and one rent; a bilateral cap is a group
    # of one flow. Group arrays: member cells (mi, mj) and their group index mg.
    groups: list[tuple[NDArray[np.intp], NDArray[np.intp], float]] = []
    owner = np.full(value0.shape, -1)
    for i, j in np.argwhere(active & np.isfinite(quota)):
        owner[i, j] = len(groups)
        groups.append((np.array([i]), np.array([j]), float(quota[i, j])))
    for mask, cap in quota_groups or ():
        cells = np.argwhere(np.asarray(mask, dtype=bool) & active)
        if cap < 0:
            raise ValueError("a quota group's cap must be >= 0")
        if cells.size == 0:
            continue
        if np.any(owner[cells[:, 0], cells[:, 1]] >= 0):
            raise ValueError("a flow may belong to one quota only (bilateral or group)")
        if cap <= 0:
            banned = banned | np.asarray(mask, dtype=bool) & has_flow
            active = has_flow & ~banned
            continue
        owner[cells[:, 0], cells[:, 1]] = len(groups)
        groups.append((cells[:, 0], cells[:, 1], float(cap)))
    n_groups = len(groups)
    mi = np.concatenate([g[0] for g in groups]) if groups else np.zeros(0, dtype=np.intp)
    mj = np.concatenate([g[1] for g in groups]) if groups else np.zeros(0, dtype=np.intp)
    mg = (
        np.concatenate([np.full(g[0].size, k) for k, g in enumerate(groups)])
        if groups
        else np.zeros(0, dtype=np.intp)
    )
    caps = np.array([g[2] for g in groups])
    base_total = np.bincount(mg, weights=q0[mi, mj], minlength=n_groups)

    supplies = x0 > 0
    sells_free = active.any(axis=1)
    fixed_price = np.isinf(epsilon)
    # unknown world prices: sources with supply and a finite elasticity
    # (a source whose every flow is banned is set to price 0 when eps > 0, below)
    free_src = np.flatnonzero(supplies & ~fixed_price & sells_free)
    nf = free_src.size
    log_pw = np.zeros(n_src)
    log_rent = np.zeros(n_groups)  # mu_g = log(1 + lambda_g)
    binding = caps < base_total * (1 - 1e-12)
    residual = 0.0
    passes = 0
    c = sigma - eta
    act = active.astype(float)

    def prices(lp: FloatArray, mu: FloatArray) -> FloatArray:
        ell = log_tau_hat + lp[:, None]
        if n_groups:
            ell = ell.copy()
            ell[mi, mj] += mu[mg]
        return ell

    for passes in range(1, MAX_ACTIVE_SET_PASSES + 1):  # noqa: B007 - used after loop
        bg = np.flatnonzero(binding)
        nb = bg.size
        # members of binding groups, and each one's column in the mu block
        in_b = binding[mg] if n_groups else np.zeros(0, dtype=bool)
        bmi, bmj, bmg = mi[in_b], mj[in_b], mg[in_b]
        col = np.full(n_groups, -1)
        col[bg] = np.arange(nb)
        bcol = col[bmg]
        onehot = np.zeros((bmi.size, nb))
        onehot[np.arange(bmi.size), bcol] = 1.0

        def fun(
            z: FloatArray,
            bg: NDArray[np.intp] = bg,
            nb: int = nb,
            bmi: NDArray[np.intp] = bmi,
            bmj: NDArray[np.intp] = bmj,
            bcol: NDArray[np.intp] = bcol,
            onehot: FloatArray = onehot,
            base_lp: FloatArray = log_pw,
        ) -> tuple[FloatArray, FloatArray]:
            lp = base_lp.copy()
            lp[free_src] = z[:nf]
            mu = np.zeros(n_groups)
            mu[bg] = z[nf:]
            ell = prices(lp, mu)
            q, s, _ = _demand(ell, active, theta, q0, sigma, eta)
            d = q.sum(axis=1)
            qg = np.bincount(bcol, weights=q[bmi, bmj], minlength=nb)
            res_x = np.log(d[free_src]) - np.log(x0[free_src]) - epsilon[free_src] * z[:nf]
            res_q = np.log(qg) - np.log(caps[bg])
            share = np.divide(q, d[:, None], out=np.zeros_like(q), where=d[:, None] > 0)
            cs = c[None, :] * s
            # source rows: d r_i / d l_kj = share_ij (-sigma_j delta_ik + c_j s_kj)
            jxx = share * c[None, :] @ (s * act).T
            jxx[np.diag_indices(n_src)] -= (act * share * sigma[None, :]).sum(axis=1)
            jxx = jxx[np.ix_(free_src, free_src)] - np.diag(epsilon[free_src])
            # d r_i / d mu_g = sum over members (k, j) of g of d r_i / d l_kj
            t = share[free_src][:, bmj] * cs[bmi, bmj][None, :]
            t -= (free_src[:, None] == bmi[None, :]) * (share[bmi, bmj] * sigma[bmj])[None, :]
            jxm = t @ onehot
            # group rows: r_g = log sum_{a in g} Q_a - log cap_g, weights w_a = Q_a / Q_g
            w = q[bmi, bmj] / qg[bcol]
            omega = np.zeros((nb, n_dst))
            np.add.at(omega, (bcol, bmj), w)
            jmx = omega @ (cs * act).T
            np.add.at(jmx, (bcol, bmi), -sigma[bmj] * w)
            jmx = jmx[:, free_src]
            jmm = (omega[:, bmj] * cs[bmi, bmj][None, :]) @ onehot
            jmm[np.diag_indices(nb)] -= np.bincount(bcol, weights=sigma[bmj] * w, minlength=nb)
            jac = np.block([[jxx, jxm], [jmx, jmm]])
            return np.concatenate([res_x, res_q]), jac

        z0 = np.concatenate([log_pw[free_src], log_rent[bg]])
        if nf + nb > 0:
            # start a newly binding group at the rent that chokes demand to its cap
            for a, g in enumerate(bg):
                if log_rent[g] <= 0:
                    gap = np.log(base_total[g]) - np.log(caps[g])
                    z0[nf + a] = gap / max(float(eta[groups[g][1]].min()), 0.1)
            sol = optimize.root(fun, z0, jac=True, method="hybr", options={"xtol": 1e-13})
            z = sol.x
            res, _ = fun(z)
            if not np.all(np.isfinite(res)) or np.max(np.abs(res), initial=0.0) > 1e-8:
                sol = optimize.root(fun, z0, jac=True, method="lm", options={"xtol": 1e-14})
                z = sol.x
                res, _ = fun(z)
            residual = float(np.max(np.abs(res), initial=0.0))
            if not np.isfinite(residual) or residual > max(tol * 1e3, 1e-8):
                raise MarketSolveError(
                    f"market equilibrium did not converge: largest log residual {residual:.3g} "
                    f"(expected < {max(tol * 1e3, 1e-8):.0e}) with {nf} free prices and "
                    f"{nb} binding quotas; check elasticities and quotas"
                )
            log_pw = log_pw.copy()
            log_pw[free_src] = z[:nf]
            log_rent = np.zeros(n_groups)
            log_rent[bg] = z[nf:]
        ell = prices(log_pw, log_rent)
        q, _, _ = _demand(ell, active, theta, q0, sigma, eta)
        totals = np.bincount(mg, weights=q[mi, mj], minlength=n_groups)
        release = binding & (log_rent < -1e-10)
        add = ~binding & (totals > caps * (1 + 1e-10))
        if not release.any() and not add.any():
            break
        binding = (binding & ~release) | add
        log_rent = np.where(binding, np.maximum(log_rent, 0.0), 0.0)
    else:
        raise MarketSolveError(
            f"quota active set did not settle after {MAX_ACTIVE_SET_PASSES} passes"
        )

    # sources whose every baseline flow is banned sell nothing: price falls to 0 (eps > 0)
    dead = supplies & ~sells_free
    p_world = np.exp(log_pw)
    p_world[dead & (epsilon > 0)] = 0.0
    p_world[~supplies] = np.nan
    q, _, log_p_index = _demand(ell, active, theta, q0, sigma, eta)
    flow_binding = np.zeros(value0.shape, dtype=bool)
    rent = np.zeros(value0.shape)
    if n_groups:
        flow_binding[mi, mj] = binding[mg]
        rent[mi, mj] = np.where(binding[mg], np.expm1(log_rent[mg]), 0.0)
    rent = np.where(banned & has_flow, np.nan, rent)
    p_internal = np.exp(ell) * tau0
    p_internal = np.where(banned & has_flow, np.inf, p_internal)
    return MarketSolution(
        p_world=p_world,
        p_internal=p_internal,
        price_index=np.exp(log_p_index),
        quantity=q,
        supply=q.sum(axis=1),
        rent_rate=rent,
        binding=flow_binding,
        iterations=passes,
        max_residual=residual,
    )


@dataclass(frozen=True)
class Welfare:
    """Welfare pieces per region, in baseline value units (see docs/market.md).

    Attributes
    ----------
    consumer_surplus, producer_surplus, tariff_revenue, export_tax_revenue, quota_rent,
    total : ndarray, shape (n_regions,)
        Changes from the baseline. ``quota_rent`` goes to the exporter or the importer as
        the caller says; ``total`` is their sum.
    """

    consumer_surplus: FloatArray
    producer_surplus: FloatArray
    tariff_revenue: FloatArray
    export_tax_revenue: FloatArray
    quota_rent: FloatArray
    total: FloatArray


def calc_welfare(
    value0: FloatArray,
    tariff0: FloatArray,
    export_tax0: FloatArray,
    tariff1: FloatArray,
    export_tax1: FloatArray,
    sigma: FloatArray,
    eta: FloatArray,
    epsilon: FloatArray,
    solution: MarketSolution,
    *,
    rent_to_exporter: BoolArray | None = None,
) -> Welfare:
    """Consumer and producer surplus changes, revenues and rents for a square world.

    Consumer surplus is the exact area under the composite constant-elasticity demand
    curve ``E0_j Phat^-eta`` between the old and the new price index; producer surplus
    is the area left of the supply curve ``X0_i p^eps`` between the old and the new
    world price (Francois and Hall 2003, section 3, use the trapezoid approximation of
    the same areas). Regions are both sources and markets (``n_src == n_dst``).

    Parameters
    ----------
    value0 : ndarray, shape (n, n)
        Baseline values at world prices.
    tariff0, export_tax0, tariff1, export_tax1 : ndarray, shape (n, n)
        Rates (fractions) before and after: import tariff of market j on source i, export
        tax of source i on sales to j.
    sigma, eta : ndarray, shape (n,)
        As in :func:`solve_equilibrium` (sigma is unused, kept for symmetry of calls).
    epsilon : ndarray, shape (n,)
        Export supply elasticities (``inf``: producer surplus change 0).
    solution : MarketSolution
        Output of :func:`solve_equilibrium`.
    rent_to_exporter : ndarray of bool, shape (n, n), optional
        Who holds each quota's licences; default the exporter (export licences).

    Returns
    -------
    Welfare
    """
    del sigma
    n = value0.shape[0]
    tau0 = (1 + tariff0) * (1 + export_tax0)
    spend0 = (value0 * tau0).sum(axis=0)
    eta = np.broadcast_to(np.asarray(eta, dtype=float), (n,))
    epsilon = np.broadcast_to(np.asarray(epsilon, dtype=float), (n,))
    p_index = solution.price_index
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        one_m = 1.0 - eta
        cs_general = -spend0 * (p_index**one_m - 1.0) / np.where(one_m == 0, 1.0, one_m)
        cs_log = -spend0 * np.log(p_index)
        cs = np.where(np.abs(one_m) < 1e-12, cs_log, cs_general)
    cs = np.where(spend0 > 0, cs, 0.0)
    x0 = value0.sum(axis=1)
    pw = np.nan_to_num(solution.p_world, nan=1.0)
    with np.errstate(over="ignore", invalid="ignore"):
        ps = np.where(np.isinf(epsilon), 0.0, x0 * (pw ** (1.0 + epsilon) - 1.0) / (1.0 + epsilon))
    ps = np.where(x0 > 0, ps, 0.0)
    q1 = solution.quantity
    lam = np.nan_to_num(solution.rent_rate, nan=0.0)
    border1 = pw[:, None] * (1 + export_tax1) * (1 + lam)
    tariff_rev = (tariff1 * border1 * q1).sum(axis=0) - (tariff0 * (1 + export_tax0) * value0).sum(
        axis=0
    )
    xtax_rev = (export_tax1 * pw[:, None] * q1).sum(axis=1) - (export_tax0 * value0).sum(axis=1)
    rent_flow = lam * pw[:, None] * (1 + export_tax1) * q1
    to_exp = np.ones(value0.shape, dtype=bool) if rent_to_exporter is None else rent_to_exporter
    rent = (rent_flow * to_exp).sum(axis=1) + (rent_flow * ~to_exp).sum(axis=0)
    total = cs + ps + tariff_rev + xtax_rev + rent
    return Welfare(
        consumer_surplus=cs,
        producer_surplus=ps,
        tariff_revenue=tariff_rev,
        export_tax_revenue=xtax_rev,
        quota_rent=rent,
        total=total,
    )


def solve_gsim_linear(
    value0: FloatArray,
    tau0: FloatArray,
    tau1: FloatArray,
    sigma: FloatArray,
    eta: FloatArray,
    epsilon: FloatArray,
) -> FloatArray:
    """World price changes of GSIM's linearised system (Francois and Hall 2003, eqs. 9-11).

    GSIM writes bilateral import demand in proportional changes with own-price elasticity
    ``N_rr = theta_r E_m - (1 - theta_r) E_s`` and cross-price elasticity
    ``N_rs = theta_s (E_m + E_s)`` (both evaluated at baseline shares), and clears each
    exporter's market: ``sum_v phi_rv Mhat_rv = E_x Phat*_r`` where ``phi_rv`` is the
    share of r's sales that go to v and ``Mhat_rv = sum_s N_rsv (That_sv + Phat*_s)``.
    This is the first-order expansion of :func:`solve_equilibrium` around the baseline.

    Parameters
    ----------
    value0, tau0, tau1, sigma, eta, epsilon
        As in :func:`solve_equilibrium` (``eta`` positive: GSIM's ``E_m = -eta``;
        finite ``epsilon``).

    Returns
    -------
    ndarray, shape (n_src,)
        Proportional change of each source's world price (``0.0792`` = +7.92 %).
    """
    value0 = np.asarray(value0, dtype=float)
    theta = calc_expenditure_shares(value0, tau0)
    x0 = value0.sum(axis=1)
    phi = np.divide(value0, x0[:, None], out=np.zeros_like(value0), where=x0[:, None] > 0)
    e_s = np.broadcast_to(np.asarray(sigma, dtype=float), (value0.shape[1],))
    e_m = -np.broadcast_to(np.asarray(eta, dtype=float), (value0.shape[1],))
    e_x = np.broadcast_to(np.asarray(epsilon, dtype=float), (value0.shape[0],))
    d_tau = np.asarray(tau1, dtype=float) / np.asarray(tau0, dtype=float) - 1.0
    cross = theta * (e_m + e_s)[None, :]  # N_rsv = cross[s, v] - delta_rs E_s,v
    a = phi @ cross.T - np.diag((phi * e_s[None, :]).sum(axis=1)) - np.diag(e_x)
    b = (phi * ((cross * d_tau).sum(axis=0)[None, :] - e_s[None, :] * d_tau)).sum(axis=1)
    ok = x0 > 0
    out = np.full(value0.shape[0], np.nan)
    out[ok] = np.linalg.solve(a[np.ix_(ok, ok)], -b[ok])
    return out
