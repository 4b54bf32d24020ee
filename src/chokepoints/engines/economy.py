"""Input-output arithmetic for the economy module (NumPy only).

The labelled side (which table, which products, which countries) is in
:mod:`chokepoints.economy`; here are the plain formulas:

* value-added coefficients ``v_j = (x_j - sum_i Z_ij) / x_j`` of an MRIO;
* the daily capacity loss a shock of lost product value imposes on an industry,
  ``delta_j(t) = min(1, lost_j(t) / x0_j)``;
* direct and indirect value added lost, from the ARIO engine's lost output.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


def value_added_coefficients(Z: npt.ArrayLike, x: npt.ArrayLike) -> tuple[FloatArray, int]:
    """Value added per unit of gross output, ``(x - column sums of Z) / x``.

    Industries with no output get 0. Values are clipped to 0..1 (tables rounded to whole
    units can give a column sum slightly above output); the count of clipped industries is
    returned with the coefficients.

    Returns
    -------
    (ndarray, int)
        Coefficients, shape (n,), and the number of entries clipped.
    """
    Zm = np.asarray(Z, dtype=np.float64)
    xv = np.asarray(x, dtype=np.float64)
    if Zm.shape != (xv.size, xv.size):
        raise ValueError(f"Z has shape {Zm.shape}, expected ({xv.size}, {xv.size})")
    va = xv - Zm.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        v = np.where(xv > 0, va / np.where(xv > 0, xv, 1.0), 0.0)
    clipped = int(np.count_nonzero((v < 0) | (v > 1)))
    return np.clip(v, 0.0, 1.0), clipped


def capacity_loss_share(
    lost_value_per_day: npt.ArrayLike, baseline_output_per_day: npt.ArrayLike
) -> tuple[FloatArray, FloatArray]:
    """Share of each industry's capacity a lost-output shock removes, per day.

    Parameters
    ----------
    lost_value_per_day : array_like, shape (n_steps, k)
        Value of products not made, same money unit per day as the baseline.
    baseline_output_per_day : array_like, shape (k,)
        The industries' baseline gross output per day.

    Returns
    -------
    (ndarray, ndarray)
        ``delta`` in 0..1, shape (n_steps, k), and the value that did not fit (the part
        of the shock above the industry's whole output), same shape.
    """
    lost = np.asarray(lost_value_per_day, dtype=np.float64)
    x0 = np.asarray(baseline_output_per_day, dtype=np.float64)
    if lost.ndim != 2 or lost.shape[1] != x0.size:
        raise ValueError(f"lost has shape {lost.shape}, expected (n_steps, {x0.size})")
    if np.any(lost < 0):
        raise ValueError("lost value must be >= 0")
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(x0 > 0, lost / np.where(x0 > 0, x0, 1.0), np.where(lost > 0, np.inf, 0))
    delta = np.clip(share, 0.0, 1.0)
    excess = lost - delta * x0
    return delta, np.clip(excess, 0.0, None)


def value_added_losses(
    lost_output: npt.ArrayLike,
    va_coefficients: npt.ArrayLike,
    shock_value: npt.ArrayLike,
) -> dict[str, FloatArray]:
    """Total, direct and indirect value added lost per industry.

    ``total = lost_output * v`` (the engine's output loss over the horizon, per
    industry); ``direct = shock_value * v`` (the value of the products not made, removed
    from the shocked industries); ``indirect = total - direct`` (suppliers that lose orders
    and customers that lack inputs; negative where the shocked industry recovers some of
    the shock by overproduction).
    """
    lo = np.asarray(lost_output, dtype=np.float64)
    v = np.asarray(va_coefficients, dtype=np.float64)
    sv = np.asarray(shock_value, dtype=np.float64)
    if not (lo.shape[-1] == v.size == sv.shape[-1]):
        raise ValueError(f"shapes differ: lost {lo.shape}, v {v.shape}, shock {sv.shape}")
    total = lo * v
    direct = sv * v
    return {"total": total, "direct": direct, "indirect": total - direct}
