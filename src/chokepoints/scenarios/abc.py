"""Approximate Bayesian computation by sequential Monte Carlo (ABC-SMC).

The population Monte Carlo sampler of Beaumont, Cornuet, Marin and Robert (2009,
*Biometrika* 96(4), 983-990), with the tolerance of each generation set to a quantile
of the previous generation's accepted distances (Del Moral, Doucet and Jasra 2012's
adaptive schedule, in its simplest form):

1. generation 0: ``n`` parameter vectors from the prior, all kept, equal weights;
2. generation ``g``: tolerance ``eps_g`` = ``quantile`` of the distances of
   generation ``g-1``; propose by picking a particle of ``g-1`` by weight and moving it
   with a Gaussian kernel whose covariance is twice the weighted covariance of ``g-1``;
   proposals outside the prior's support are dropped without a simulation; a proposal
   is kept when its simulated distance is at most ``eps_g``, until ``n`` are kept;
3. weight of a kept particle: prior density / sum_j w_j K(theta | theta_j).

Priors are independent uniforms, on a log scale where :class:`Prior` says so, so the
prior density is constant inside the support and the weight is 1 / (kernel mixture).
The sampler knows nothing about the model: ``distance(theta, rng)`` simulates and
returns a number (smaller is closer to the data).

Why not a library: pyabc 0.13 installs but pulls in ipykernel, pyzmq, redis,
scikit-learn and GitPython (15 packages) for one algorithm of about 80 lines; ELFI and
ABCpy are heavier still. This module is small enough to read and is tested on a case
with a known posterior (``tests/scenarios/test_abc.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

import numpy as np


@dataclass(frozen=True)
class Prior:
    """Uniform prior on ``[low, high]``, on a log scale when ``log`` is true."""

    name: str
    low: float
    high: float
    log: bool = False

    def __post_init__(self) -> None:
        if not self.low < self.high or (self.log and self.low <= 0):
            raise ValueError(f"prior {self.name}: need 0 < low < high on a log scale, "
                             f"low < high otherwise (got {self.low}, {self.high})")  # fmt: skip

    def to_z(self, x: np.ndarray) -> np.ndarray:
        """Parameter -> sampling scale (log or identity)."""
        return np.log(x) if self.log else np.asarray(x, dtype=np.float64)

    def from_z(self, z: np.ndarray) -> np.ndarray:
        """Sampling scale -> parameter."""
        return np.exp(z) if self.log else np.asarray(z, dtype=np.float64)

    @property
    def z_bounds(self) -> tuple[float, float]:
        lo, hi = self.to_z(np.array([self.low, self.high]))
        return float(lo), float(hi)


@dataclass(frozen=True)
class AbcResult:
    """The last population and the history of the run.

    Attributes
    ----------
    names : tuple of str
        Parameter names (columns of ``particles``).
    particles : ndarray, shape (n, p)
        Parameter vectors of the last generation (parameter scale).
    weights : ndarray, shape (n,)
        Normalised importance weights.
    distances : ndarray, shape (n,)
        Simulated distance of each particle.
    epsilons : list of float
        Tolerance of each generation (``inf`` for generation 0).
    simulations : list of int
        Simulations run in each generation.
    """

    names: tuple[str, ...]
    particles: np.ndarray
    weights: np.ndarray
    distances: np.ndarray
    epsilons: list[float] = field(default_factory=list)
    simulations: list[int] = field(default_factory=list)

    def mean(self) -> dict[str, float]:
        """Posterior mean of each parameter."""
        m = self.weights @ self.particles
        return {n: float(v) for n, v in zip(self.names, m, strict=True)}

    def quantile(self, q: float) -> dict[str, float]:
        """Weighted posterior quantile of each parameter."""
        out = {}
        for k, name in enumerate(self.names):
            order = np.argsort(self.particles[:, k])
            cdf = np.cumsum(self.weights[order])
            idx = int(np.searchsorted(cdf, q * cdf[-1]))
            out[name] = float(self.particles[order[min(idx, len(order) - 1)], k])
        return out

    def ess(self) -> float:
        """Effective sample size of the weights."""
        return float(1.0 / np.sum(self.weights**2))


def _weighted_cov(z: np.ndarray, w: np.ndarray) -> np.ndarray:
    mean = w @ z
    d = z - mean
    cov = (w[:, None] * d).T @ d / max(1.0 - float(np.sum(w**2)), 1e-12)
    return np.atleast_2d(cov)


def abc_smc(
    distance: Callable[[dict[str, float], np.random.Generator], float],
    priors: list[Prior],
    *,
    n_particles: int = 50,
    generations: int = 4,
    quantile: float = 0.5,
    seed: int = 0,
    max_simulations: int = 100_000,
    log: TextIO | None = None,
) -> AbcResult:
    """Run ABC-SMC (see the module docstring) and return the last population.

    Parameters
    ----------
    distance : callable(theta, rng) -> float
        Simulates the model at ``theta`` (a dict name -> value) with ``rng`` and returns
        its distance to the data.
    priors : list of Prior
        One per parameter.
    n_particles, generations : int
        Population size and number of generations (including generation 0).
    quantile : float
        Tolerance of a generation as this quantile of the previous distances.
    seed : int
        Seeds the proposals and, through spawned children, every simulation.
    max_simulations : int
        Stop (with the last complete generation) after this many simulations.
    """
    names = tuple(p.name for p in priors)
    lo = np.array([p.z_bounds[0] for p in priors])
    hi = np.array([p.z_bounds[1] for p in priors])
    root = np.random.SeedSequence(seed)
    rng = np.random.default_rng(root.spawn(1)[0])
    sim_seeds = iter(root.spawn(max_simulations + 1)[1:])
    total = 0

    def theta_of(z: np.ndarray) -> dict[str, float]:
        return {p.name: float(p.from_z(np.array(v))) for p, v in zip(priors, z, strict=True)}

    def simulate(z: np.ndarray) -> float:
        nonlocal total
        total += 1
        return float(distance(theta_of(z), np.random.default_rng(next(sim_seeds))))

    z = rng.uniform(lo, hi, size=(n_particles, len(priors)))
    d = np.array([simulate(zi) for zi in z])
    w = np.full(n_particles, 1.0 / n_particles)
    epsilons, sims = [float("inf")], [n_particles]
    if log:
        print(f"generation 0: {n_particles} prior draws, median distance {np.median(d):.4f}",
              file=log)  # fmt: skip
    for g in range(1, generations):
        eps = float(np.quantile(d, quantile))
        cov = 2.0 * _weighted_cov(z, w)
        chol = np.linalg.cholesky(cov + 1e-12 * np.eye(len(priors)))
        inv = np.linalg.inv(cov + 1e-12 * np.eye(len(priors)))
        kept_z: list[np.ndarray] = []
        kept_d: list[float] = []
        start = total
        while len(kept_z) < n_particles:
            if total >= max_simulations:
                break
            i = rng.choice(n_particles, p=w)
            cand = z[i] + chol @ rng.standard_normal(len(priors))
            if np.any(cand < lo) or np.any(cand > hi):
                continue
            dist = simulate(cand)
            if dist <= eps:
                kept_z.append(cand)
                kept_d.append(dist)
        if len(kept_z) < n_particles:
            if log:
                print(f"generation {g}: stopped at max_simulations={max_simulations}", file=log)
            break
        new_z = np.array(kept_z)
        diff = new_z[:, None, :] - z[None, :, :]  # new x old x p
        kern = np.exp(-0.5 * np.einsum("abi,ij,abj->ab", diff, inv, diff))
        new_w = 1.0 / (kern @ w)
        z, d, w = new_z, np.array(kept_d), new_w / new_w.sum()
        epsilons.append(eps)
        sims.append(total - start)
        if log:
            print(f"generation {g}: eps {eps:.4f}, {total - start} simulations, "
                  f"ESS {1 / np.sum(w**2):.1f}", file=log)  # fmt: skip
    particles = np.column_stack([p.from_z(z[:, k]) for k, p in enumerate(priors)])
    return AbcResult(names=names, particles=particles, weights=w, distances=d,
                     epsilons=epsilons, simulations=sims)  # fmt: skip
