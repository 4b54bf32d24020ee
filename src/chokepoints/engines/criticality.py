"""Criticality indicators: concentration, governance-weighted concentration, EU CRM scores.

Pure arithmetic on NumPy arrays; the labelled wrappers live in
:mod:`chokepoints.criticality`. The formulas follow the European Commission's 2017
methodology for the EU list of critical raw materials (used unchanged in the 2020 and
2023 assessments):

* ``HHI = sum_i s_i**2`` with ``s_i`` the country shares as fractions (0..1);
* ``WGI_scaled = (2.5 - WGI) * 2``: the mean of the six World Bank governance estimates
  (about -2.5 .. +2.5, high is good) mapped linearly onto 0..10, high is poor;
* ``HHI_WGI = sum_i s_i**2 * WGI_scaled_i * t_i`` (0..10), ``t_i`` the trade variable
  (1 without export restrictions);
* ``SR = (HHI_WGI_GS * IR/2 + HHI_WGI_EU * (1 - IR/2)) * (1 - EOL_RIR) * SI_SR``;
* ``EI = 10 * sum_s(A_s * Q_s) / max(Q) * SI_EI`` (0..10).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

#: Bounds of the WGI estimates the EU method rescales onto 0..10.
WGI_LOW, WGI_HIGH = -2.5, 2.5


def shares_from_quantities(quantities: npt.ArrayLike) -> FloatArray:
    """Shares (fractions summing to 1) from non-negative quantities; zeros if all are 0."""
    q = np.asarray(quantities, dtype=np.float64)
    if q.ndim != 1:
        raise ValueError(f"quantities must be one-dimensional, got shape {q.shape}")
    if np.any(q < 0) or not np.all(np.isfinite(q)):
        raise ValueError("quantities must be finite and >= 0")
    total = q.sum()
    return q / total if total > 0 else np.zeros_like(q)


def hhi(shares: npt.ArrayLike) -> float:
    """Herfindahl-Hirschman index of shares given as fractions (0..1; 1 is a monopoly).

    Multiply by 10,000 for the 'points' convention of competition authorities.
    """
    s = np.asarray(shares, dtype=np.float64)
    return float(np.sum(s * s))


def wgi_scaled(wgi: npt.ArrayLike) -> FloatArray:
    """EU rescaling of the WGI mean: ``(2.5 - WGI) * 2``, clipped to 0..10 (10 = poorest)."""
    w = np.asarray(wgi, dtype=np.float64)
    return np.clip((WGI_HIGH - w) * (10.0 / (WGI_HIGH - WGI_LOW)), 0.0, 10.0)


def hhi_wgi(
    shares: npt.ArrayLike, wgi_scaled_values: npt.ArrayLike, trade: npt.ArrayLike | None = None
) -> float:
    """Governance-weighted concentration ``sum s_i**2 * WGI_scaled_i * t_i`` (0..10).

    Parameters
    ----------
    shares : array_like
        Country shares as fractions.
    wgi_scaled_values : array_like
        Rescaled WGI (0..10) of the same countries; NaN entries (no WGI) count as 0, so
        callers should report the share they cover.
    trade : array_like, optional
        EU trade variable ``t`` per country (1 by default).
    """
    s = np.asarray(shares, dtype=np.float64)
    w = np.nan_to_num(np.asarray(wgi_scaled_values, dtype=np.float64), nan=0.0)
    t = np.ones_like(s) if trade is None else np.asarray(trade, dtype=np.float64)
    if not (s.shape == w.shape == t.shape):
        raise ValueError(f"shapes differ: shares {s.shape}, wgi {w.shape}, trade {t.shape}")
    return float(np.sum(s * s * w * t))


def supply_risk(
    hhi_wgi_global: float,
    hhi_wgi_eu: float,
    import_reliance: float,
    eol_rir: float = 0.0,
    si_sr: float = 1.0,
) -> float:
    """EU CRM supply risk at one stage.

    ``(HHI_WGI_GS * IR/2 + HHI_WGI_EU * (1 - IR/2)) * (1 - EOL_RIR) * SI_SR``; import
    reliance ``IR`` and the end-of-life recycling input rate ``EOL_RIR`` as fractions.
    """
    for name, v in (("import_reliance", import_reliance), ("eol_rir", eol_rir)):
        if not 0.0 <= v <= 1.0:
            raise ValueError(f"{name} must be a fraction in 0..1, got {v}")
    if si_sr < 0:
        raise ValueError(f"si_sr must be >= 0, got {si_sr}")
    mix = hhi_wgi_global * import_reliance / 2.0 + hhi_wgi_eu * (1.0 - import_reliance / 2.0)
    return float(mix * (1.0 - eol_rir) * si_sr)


def economic_importance(
    end_use_shares: npt.ArrayLike,
    sector_value_added: npt.ArrayLike,
    max_value_added: float,
    si_ei: float = 1.0,
) -> float:
    """EU CRM economic importance ``10 * sum(A_s * Q_s) / max(Q) * SI_EI``.

    Parameters
    ----------
    end_use_shares : array_like
        ``A_s``, the material's end-use shares as fractions.
    sector_value_added : array_like
        ``Q_s``, value added of the NACE Rev. 2 two-digit sector of each end use (any
        currency unit, the same as ``max_value_added``).
    max_value_added : float
        ``max(Q)``, the largest two-digit manufacturing sector's value added.
    si_ei : float
        Substitution index for economic importance (1: no substitute).
    """
    a = np.asarray(end_use_shares, dtype=np.float64)
    q = np.asarray(sector_value_added, dtype=np.float64)
    if a.shape != q.shape:
        raise ValueError(f"shapes differ: shares {a.shape}, value added {q.shape}")
    if max_value_added <= 0:
        raise ValueError(f"max_value_added must be > 0, got {max_value_added}")
    return float(10.0 * np.sum(a * q) / max_value_added * si_ei)
