"""The bargaining maths (chokepoints.engines.bargaining), checked by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from chokepoints.engines import bargaining as b


def test_symmetric_nash_splits_the_surplus_equally() -> None:
    # US gains 10, China 2: surplus 12, each gets 6 over its threat point, so the US pays 4
    assert float(b.nash_transfer(10.0, 2.0)) == pytest.approx(4.0)
    assert b.nash_payoffs((-10.0, -3.0), (10.0, 2.0)) == pytest.approx((-4.0, 3.0))


def test_weight_one_gives_the_whole_surplus_to_party_zero() -> None:
    assert float(b.nash_transfer(10.0, 2.0, beta=1.0)) == pytest.approx(-2.0)
    assert float(b.nash_transfer(10.0, 2.0, beta=0.0)) == pytest.approx(10.0)


def test_bad_weight_and_negative_surplus_are_refused() -> None:
    with pytest.raises(ValueError, match="beta"):
        b.nash_transfer(1.0, 1.0, beta=1.5)
    with pytest.raises(ValueError, match="negative"):
        b.nash_payoffs((0.0, 0.0), (-5.0, 1.0))


def test_grid_nash_picks_the_product_maximiser() -> None:
    # one-dimensional concession x: u0 = 1 - x, u1 = x; threat (0, 0) -> x = 0.5
    x = np.linspace(0.0, 1.0, 101)
    k, p = b.nash_on_grid(1 - x, x, (0.0, 0.0))
    assert x[k] == pytest.approx(0.5) and p == pytest.approx(0.25)
    assert b.nash_on_grid(x - 2, x - 2, (0.0, 0.0))[0] == -1


def test_symmetric_trade_loss_does_not_move_the_transfer() -> None:
    # a control that costs its owner what it costs the target shifts both threat points
    # equally: the Nash transfer stays where it was
    out = b.lever_shifts({"c": (0, 5.0, 5.0), "t": (1, 4.0, 0.0)}, (20.0, 30.0), (0.0, 0.0))
    assert out["c"]["transfer_shift"] == pytest.approx(0.0)
    # China's tariff (owner 1) off the table: US gain falls by 4, transfer falls by 2
    assert out["t"]["threat_shift_0"] == pytest.approx(4.0)
    assert out["t"]["transfer_shift"] == pytest.approx(-2.0)


def test_tariff_trade_loss() -> None:
    assert float(b.tariff_trade_loss(100.0, 0.0, 2.0)) == 0.0
    assert float(b.tariff_trade_loss(100.0, 1.0, 1.0)) == pytest.approx(50.0)
    assert math.isclose(float(b.tariff_trade_loss(100.0, 0.1, 2.0)), 100 * (1 - 1.1**-2))
    with pytest.raises(ValueError):
        b.tariff_trade_loss(100.0, -0.1, 2.0)


def test_tariff_deadweight_loss_closed_form_and_limits() -> None:
    from chokepoints.engines.bargaining import tariff_deadweight_loss, tariff_trade_loss

    # e = 2, t = 1: surplus lost 1 - 1/2 = 0.5 of value, revenue 1 x 1/4 back: 0.25
    assert float(tariff_deadweight_loss(100.0, 1.0, 2.0)) == pytest.approx(25.0)
    # e = 1 is the log case and the formula is continuous there
    e1 = float(tariff_deadweight_loss(100.0, 1.0, 1.0))
    assert e1 == pytest.approx(100.0 * (np.log(2.0) - 0.5))
    assert float(tariff_deadweight_loss(100.0, 1.0, 1.0 + 1e-6)) == pytest.approx(e1, rel=1e-4)
    assert float(tariff_deadweight_loss(100.0, 0.0, 2.0)) == 0.0
    # small tariffs: Harberger's triangle, half the rate times the trade lost
    t = 0.01
    tri = 0.5 * t * float(tariff_trade_loss(100.0, t, 2.0))
    assert float(tariff_deadweight_loss(100.0, t, 2.0)) == pytest.approx(tri, rel=0.02)
    with pytest.raises(ValueError):
        tariff_deadweight_loss(1.0, -0.1, 2.0)


def test_weighted_nash_on_grid_leans_to_the_stronger_party() -> None:
    x = np.linspace(0.0, 1.0, 101)  # share of a unit surplus to party 1, no transfers
    k_sym, _ = b.nash_on_grid(1 - x, x, (0.0, 0.0), beta=0.5)
    assert x[k_sym] == pytest.approx(0.5)
    k_us, _ = b.nash_on_grid(1 - x, x, (0.0, 0.0), beta=0.8)
    assert x[k_us] == pytest.approx(0.2)  # linear frontier: party 0 gets its weight
    prod = b.weighted_nash_product([1.0, -1.0], [4.0, 4.0], (0.0, 0.0), beta=0.5)
    assert prod[0] == pytest.approx(2.0) and prod[1] == -np.inf
