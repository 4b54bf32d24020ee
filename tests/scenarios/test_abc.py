"""ABC-SMC on a case with a known posterior (normal mean, flat prior)."""

from __future__ import annotations

import numpy as np
import pytest

from chokepoints.scenarios.abc import Prior, abc_smc


def test_posterior_of_a_normal_mean_is_recovered() -> None:
    # data: 25 draws from N(theta, 1) with sample mean 1.0; flat prior on [-5, 5];
    # exact posterior N(1.0, 1/25): mean 1.0, sd 0.2. Distance |simulated mean - 1.0|.
    def distance(theta: dict[str, float], rng: np.random.Generator) -> float:
        return abs(float(rng.normal(theta["mu"], 1.0, 25).mean()) - 1.0)

    res = abc_smc(distance, [Prior("mu", -5.0, 5.0)], n_particles=300, generations=6, seed=3)
    assert res.epsilons[0] == float("inf")
    assert all(a > b for a, b in zip(res.epsilons[1:-1], res.epsilons[2:], strict=True))
    assert res.mean()["mu"] == pytest.approx(1.0, abs=0.08)
    sd = float(np.sqrt(res.weights @ (res.particles[:, 0] - res.mean()["mu"]) ** 2))
    assert 0.15 < sd < 0.35  # ABC inflates the exact 0.2 by the last tolerance
    assert res.quantile(0.05)["mu"] < 1.0 < res.quantile(0.95)["mu"]
    assert abs(res.weights.sum() - 1.0) < 1e-12 and res.ess() > 50


def test_log_prior_stays_in_its_support_and_same_seed_same_result() -> None:
    def distance(theta: dict[str, float], rng: np.random.Generator) -> float:
        return abs(np.log(theta["days"]) - np.log(40.0)) + 0.01 * rng.random()

    kw = {"n_particles": 40, "generations": 3, "seed": 11}
    a = abc_smc(distance, [Prior("days", 10.0, 200.0, log=True)], **kw)  # type: ignore[arg-type]
    b = abc_smc(distance, [Prior("days", 10.0, 200.0, log=True)], **kw)  # type: ignore[arg-type]
    assert np.array_equal(a.particles, b.particles)
    assert (a.particles >= 10.0).all() and (a.particles <= 200.0).all()
    assert 20.0 < a.quantile(0.5)["days"] < 80.0


def test_bad_prior_is_refused() -> None:
    with pytest.raises(ValueError, match="log scale"):
        Prior("x", 0.0, 1.0, log=True)
