"""Licence semantics of the dynamics engine: renewal ahead of expiry, the old
renew-on-expiry behaviour, and the review-time family (docs/model.md)."""

from __future__ import annotations

import numpy as np
import pytest
from test_dynamics_world import chain, gates_for

from chokepoints.engines.dynamics import Params, compile_world, simulate


def _blocked(params: Params, *, validity: int, review: float, n_steps: int, prob: float = 1.0):
    """Days on which C's orders on A->C are blocked, licence regime from day 5."""
    cm = compile_world(chain(s_days=30), candidate_suppliers=False)
    gates = gates_for(cm, "A->C", n_steps, 1, 5, prob=prob, review=review)
    p = Params(
        rerouting=False,
        licence_validity_days=validity,
        review_delay=params.review_delay,
        licence_renewal=params.licence_renewal,
    )
    ds = simulate(cm, n_steps=n_steps, params=p, gates=gates)
    return ds.blocked_orders.sel(node="C:oxide", run=0).to_numpy() > 0


def test_renewal_ahead_leaves_no_gap_with_fixed_review() -> None:
    """First licence: applied on day 5, approved on day 9 (4-day review), valid 20 days
    (days 9-28). The renewal is filed on day 25 (4 days left) and approved on day 29, the
    day the first licence ends, valid days 29-48: orders are blocked only on days 5-8."""
    b = _blocked(Params(review_delay="fixed"), validity=20, review=4.0, n_steps=80)
    assert b[5:9].all()
    assert not b[9:].any()


def test_renewal_on_expiry_keeps_the_old_gap() -> None:
    """With licence_renewal='on_expiry' each renewal costs one review time: blocked on
    days 5-8, then 29-32 (licence days 9-28 expired, new one from day 33), 53-56 ..."""
    p = Params(review_delay="fixed", licence_renewal="on_expiry")
    b = _blocked(p, validity=20, review=4.0, n_steps=80)
    expected = np.zeros(80, dtype=bool)
    for start in (5, 29, 53, 77):
        expected[start : start + 4] = True
    np.testing.assert_array_equal(b, expected)


def test_never_approved_blocks_every_day() -> None:
    b = _blocked(Params(review_delay="fixed"), validity=20, review=4.0, n_steps=40, prob=0.0)
    assert b[5:].all() and not b[:5].any()


def test_exponential_renewals_gap_far_less_than_on_expiry() -> None:
    """Across runs with exponential reviews (mean 30 days, validity 60), renewing on
    expiry blocks ~30 of every ~90 days; renewing ahead only when a review runs longer
    than its mean (probability e^-1, then by 30 days on average): ~11 of ~71 days."""
    cm = compile_world(chain(s_days=30), candidate_suppliers=False)
    n_steps = 400
    gates = gates_for(cm, "A->C", n_steps, 1, 0, prob=1.0, review=30.0)
    out = {}
    for mode in ("ahead", "on_expiry"):
        p = Params(rerouting=False, licence_validity_days=60, licence_renewal=mode)
        ds = simulate(cm, n_steps=n_steps, n_runs=64, seed=3, params=p, gates=gates)
        blocked = ds.blocked_orders.sel(node="C:oxide").to_numpy() > 0
        out[mode] = blocked[:, 120:].mean()  # after the first licence
    assert 0.28 < out["on_expiry"] < 0.4
    assert 0.1 < out["ahead"] < 0.21


def test_defaults_and_invalid_values_are_refused() -> None:
    p = Params()
    assert p.review_delay == "exponential" and p.licence_renewal == "ahead"
    with pytest.raises(ValueError, match="review_delay is 'uniform'"):
        Params(review_delay="uniform")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="licence_renewal"):
        Params(licence_renewal="never")  # type: ignore[arg-type]
