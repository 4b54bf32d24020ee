"""Two-party bargaining maths: threat points, the Nash bargaining solution, lever effects.

Pure NumPy; no I/O. Payoffs are losses avoided, in one currency unit (US$ in
:mod:`chokepoints.leverage`). Conventions:

- ``pain`` arrays are non-negative losses over a horizon; a party's utility is ``-pain``;
- the **threat point** ``d`` is the utility at breakdown (no deal): ``d_i = -pain_i(breakdown)``;
- the **gain** of a deal for party ``i`` is ``g_i = pain_i(breakdown) - pain_i(deal)``;
- with **transferable utility** (side payments in the same unit; concessions on other
  issues count as payments) the generalised Nash bargaining solution with bargaining
  weight ``beta`` for party 0 gives party 0 ``d_0 + beta * S`` and party 1
  ``d_1 + (1 - beta) * S``, ``S = g_0 + g_1`` (Nash 1950; Binmore, Rubinstein and Wolinsky
  1986 for the weighted form). The **transfer** party 0 owes party 1 so that the deal
  reaches that split is ``t = g_0 - beta * S``: positive when party 0 gains more than its
  share, so it should concede.

Examples
--------
>>> float(nash_transfer(gain_0=10.0, gain_1=2.0))
4.0
>>> nash_payoffs(threat=(-10.0, -3.0), gain=(10.0, 2.0))
(-4.0, 3.0)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


def _check_beta(beta: float) -> float:
    b = float(beta)
    if not 0.0 <= b <= 1.0 or not np.isfinite(b):
        raise ValueError(f"bargaining weight beta must lie in [0, 1], got {beta!r}")
    return b


def surplus(gain_0: npt.ArrayLike, gain_1: npt.ArrayLike) -> FloatArray:
    """Joint surplus of a deal over breakdown, ``g_0 + g_1`` (elementwise)."""
    return np.asarray(gain_0, dtype=float) + np.asarray(gain_1, dtype=float)


def nash_transfer(gain_0: npt.ArrayLike, gain_1: npt.ArrayLike, beta: float = 0.5) -> FloatArray:
    """Transfer from party 0 to party 1 at the (weighted) TU Nash solution.

    Parameters
    ----------
    gain_0, gain_1 : array_like
        Each party's gain from the deal over breakdown (losses avoided).
    beta : float
        Party 0's bargaining weight, 0..1 (0.5 = symmetric Nash).

    Returns
    -------
    ndarray
        ``g_0 - beta * (g_0 + g_1)``; positive means party 0 should concede that much.
        Returned as a 0-d array for scalar input (``float()`` it).
    """
    b = _check_beta(beta)
    g0 = np.asarray(gain_0, dtype=float)
    return g0 - b * surplus(g0, gain_1)


def nash_payoffs(
    threat: Sequence[float], gain: Sequence[float], beta: float = 0.5
) -> tuple[float, float]:
    """Both parties' utilities at the TU Nash solution: ``d_i + share_i * S``.

    Raises
    ------
    ValueError
        If the joint surplus is negative (no deal beats breakdown for both together).
    """
    b = _check_beta(beta)
    s = float(surplus(gain[0], gain[1]))
    if s < 0:
        raise ValueError(f"joint surplus {s} is negative: breakdown beats the deal")
    return float(threat[0] + b * s), float(threat[1] + (1.0 - b) * s)


def nash_product(u0: npt.ArrayLike, u1: npt.ArrayLike, threat: Sequence[float]) -> FloatArray:
    """Nash product ``(u0 - d0) (u1 - d1)``, ``-inf`` where a party is below its threat."""
    a = np.asarray(u0, dtype=float) - threat[0]
    c = np.asarray(u1, dtype=float) - threat[1]
    return np.where((a >= 0) & (c >= 0), a * c, -np.inf)


def weighted_nash_product(
    u0: npt.ArrayLike, u1: npt.ArrayLike, threat: Sequence[float], beta: float = 0.5
) -> FloatArray:
    """Generalised Nash product ``(u0 - d0) ** beta * (u1 - d1) ** (1 - beta)``.

    ``-inf`` where a party is below its threat point. At ``beta = 0.5`` it is the square
    root of :func:`nash_product` (same maximiser).
    """
    b = _check_beta(beta)
    a = np.asarray(u0, dtype=float) - threat[0]
    c = np.asarray(u1, dtype=float) - threat[1]
    ok = (a >= 0) & (c >= 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        val = np.power(np.where(ok, a, 0.0), b) * np.power(np.where(ok, c, 0.0), 1.0 - b)
    return np.where(ok, val, -np.inf)


def nash_on_grid(
    u0: npt.ArrayLike, u1: npt.ArrayLike, threat: Sequence[float], beta: float | None = None
) -> tuple[int, float]:
    """Index and Nash product of the best point of a discrete deal set (no transfers).

    For a one-dimensional concession space: pass each candidate deal's utilities. With
    ``beta`` the generalised (weighted) product :func:`weighted_nash_product` is used.
    Returns ``(-1, -inf)`` when no candidate is individually rational.
    """
    if beta is None:
        prod = nash_product(u0, u1, threat)
    else:
        prod = weighted_nash_product(u0, u1, threat, beta)
    if prod.size == 0 or not np.isfinite(prod).any():
        return -1, float("-inf")
    k = int(np.argmax(prod))
    return k, float(prod[k])


def lever_shifts(
    levers: Mapping[str, tuple[int, float, float]],
    pain_breakdown: Sequence[float],
    pain_deal: Sequence[float],
    beta: float = 0.5,
) -> dict[str, dict[str, float]]:
    """How withdrawing each lever from the breakdown moves the bargain.

    Parameters
    ----------
    levers : mapping id -> (owner, pain_to_other, pain_to_owner)
        Owner 0 or 1; the lever's contribution to the other party's and to its owner's
        breakdown pain (owners pay for their own controls through lost sales).
    pain_breakdown, pain_deal : pair of floats
        Each party's total pain at breakdown and under the deal.
    beta : float
        Party 0's bargaining weight.

    Returns
    -------
    dict id -> {"threat_shift_0", "threat_shift_1", "transfer_before", "transfer_after",
    "transfer_shift"}
        Threat-point changes (utility, +: the party is better off at breakdown) when the
        lever is taken off the table before bargaining, and the Nash transfer (party 0 to
        1) before and after.
    """
    b = _check_beta(beta)
    g = [pain_breakdown[i] - pain_deal[i] for i in (0, 1)]
    t0 = float(nash_transfer(g[0], g[1], b))
    out: dict[str, dict[str, float]] = {}
    for lid, (owner, to_other, to_owner) in levers.items():
        if owner not in (0, 1):
            raise ValueError(f"lever {lid!r}: owner must be 0 or 1, got {owner!r}")
        shift = [0.0, 0.0]
        shift[1 - owner] += float(to_other)
        shift[owner] += float(to_owner)
        g_new = [g[i] - shift[i] for i in (0, 1)]
        t1 = float(nash_transfer(g_new[0], g_new[1], b))
        out[lid] = {
            "threat_shift_0": shift[0],
            "threat_shift_1": shift[1],
            "transfer_before": t0,
            "transfer_after": t1,
            "transfer_shift": t1 - t0,
        }
    return out


def tariff_trade_loss(
    value: npt.ArrayLike, rate: npt.ArrayLike, elasticity: npt.ArrayLike
) -> FloatArray:
    """Trade value lost to an ad-valorem tariff, constant-elasticity response.

    ``value * (1 - (1 + rate) ** -elasticity)``: with complete pass-through the buyer's
    price rises by the factor ``1 + rate`` and the quantity falls by that factor to the
    power ``-elasticity``. Rates below zero are refused.
    """
    r = np.asarray(rate, dtype=float)
    if np.any(r < 0):
        raise ValueError("tariff rate must be >= 0")
    e = np.asarray(elasticity, dtype=float)
    return np.asarray(value, dtype=float) * (1.0 - np.power(1.0 + r, -e))


def tariff_deadweight_loss(
    value: npt.ArrayLike, rate: npt.ArrayLike, elasticity: npt.ArrayLike
) -> FloatArray:
    """The importing country's own cost of its tariff: lost surplus net of tariff revenue.

    Same demand as :func:`tariff_trade_loss`: imports worth ``value`` at world prices,
    world prices fixed (complete pass-through), constant elasticity ``e``, so imports at
    the price factor ``q`` are ``value * q ** -e``. The buyers' surplus lost between
    ``q = 1`` and ``q = 1 + rate`` is ``value * integral_1^(1+rate) q**-e dq``; the tariff
    revenue ``value * rate * (1 + rate) ** -e`` goes back to the same country, so the net
    (deadweight) loss is::

        value * (((1 + rate) ** (1 - e) - 1) / (1 - e) - rate * (1 + rate) ** -e)

    (``value * (ln(1 + rate) - rate / (1 + rate))`` at ``e = 1``). Terms-of-trade gains
    (foreign exporters cutting their prices) are excluded by the fixed world price.

    Examples
    --------
    >>> round(float(tariff_deadweight_loss(100.0, 1.0, 2.0)), 6)  # 1 - 1/2 - 1/4
    25.0
    """
    r = np.asarray(rate, dtype=float)
    if np.any(r < 0):
        raise ValueError("tariff rate must be >= 0")
    e = np.asarray(elasticity, dtype=float)
    q = 1.0 + r
    near_one = np.isclose(e, 1.0)
    e_safe = np.where(near_one, 2.0, e)
    surplus = np.where(near_one, np.log(q), (np.power(q, 1.0 - e_safe) - 1.0) / (1.0 - e_safe))
    return np.asarray(value, dtype=float) * np.maximum(surplus - r * np.power(q, -e), 0.0)
