"""A seeded synthetic multi-regional input-output table (for tests and benchmarks).

The table is built so that it balances exactly: technical coefficients ``A`` with column
sums ``intermediate_share`` (0.5 by default), final demand ``Y`` drawn per region, and
output ``x = (I - A)^-1 y`` by Neumann iteration; ``Z = A diag(x)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True)
class SyntheticMRIO:
    """Arrays of a synthetic MRIO (annual values, monetary unit).

    Attributes
    ----------
    regions, sectors : list of str
    Z : ndarray, shape (n, n)
        Intermediate flows, industry (region-major) x industry.
    Y : ndarray, shape (n, n_regions)
        Final demand, one category per region.
    x : ndarray, shape (n,)
        Gross output.
    """

    regions: list[str]
    sectors: list[str]
    Z: npt.NDArray[np.float64]
    Y: npt.NDArray[np.float64]
    x: npt.NDArray[np.float64]


def synthetic_mrio(
    n_regions: int,
    n_sectors: int,
    *,
    seed: int = 0,
    density: float = 1.0,
    intermediate_share: float = 0.5,
    domestic_share: float = 0.6,
) -> SyntheticMRIO:
    """Build a balanced synthetic MRIO.

    Parameters
    ----------
    n_regions, n_sectors : int
        Table size; industries are ``n_regions * n_sectors``.
    seed : int
        Seed of the ``numpy.random.Generator``.
    density : float
        Share of (supplier region, buyer) links kept (1: dense like EXIOBASE; the
        domestic link is always kept).
    intermediate_share : float
        Intermediate inputs per unit of output (column sums of ``A``).
    domestic_share : float
        Share of each input bought from the buyer's own region.
    """
    rng = np.random.default_rng(seed)
    R, S = n_regions, n_sectors
    n = R * S
    # sector-level recipe: each buyer sector's input mix over sectors
    mix = rng.gamma(0.5, size=(S, S))
    mix /= mix.sum(axis=0, keepdims=True)
    # regional origin shares per (supplier region, buyer industry)
    orig = rng.random((R, n))
    if density < 1.0:
        orig *= rng.random((R, n)) < density
    buyer_region = np.repeat(np.arange(R), S)
    orig[buyer_region, np.arange(n)] = 0.0
    tot = orig.sum(axis=0, keepdims=True)
    orig = np.divide(orig, tot, out=np.zeros_like(orig), where=tot > 0) * (1 - domestic_share)
    orig[buyer_region, np.arange(n)] = np.where(tot[0] > 0, domestic_share, 1.0)
    buyer_sector = np.tile(np.arange(S), R)
    A = (orig[:, None, :] * mix[None, :, buyer_sector] * intermediate_share).reshape(n, n)
    Y = rng.gamma(2.0, 50.0, size=(n, R))
    Y[np.arange(n), np.repeat(np.arange(R), S)] *= 4.0  # home bias in final demand
    y = Y.sum(axis=1)
    x = y.copy()
    for _ in range(200):
        nx = y + A @ x
        if np.max(np.abs(nx - x) / nx) < 1e-15:
            x = nx
            break
        x = nx
    Z = A * x[None, :]
    return SyntheticMRIO(
        regions=[f"R{r:03d}" for r in range(R)],
        sectors=[f"S{s:03d}" for s in range(S)],
        Z=Z,
        Y=Y,
        x=Z.sum(axis=1) + Y.sum(axis=1),
    )
