"""Kernel checks: invariants, analytic cases and the published GSIM 4x4 example."""

from __future__ import annotations

import numpy as np
import pytest

from chokepoints.engines.market.kernel import (
    calc_expenditure_shares,
    calc_welfare,
    solve_equilibrium,
    solve_gsim_linear,
)

# GSIM four-region example (Francois and Hall 2003), as transcribed in a public R
# version of the GSIM 4x4 worksheet: trade at world prices (rows exporters), initial
# tariffs T0 = 1 + t, E_s = 5, E_m = -1.25, E_x = 1.5. Experiment: US-EU FTA.
GSIM_M = np.array(
    [[0, 50, 200, 300], [500, 0, 150, 200], [300, 100, 200, 200], [50, 100, 110, 20]], float
)
GSIM_T0 = np.array(
    [
        [1.00, 1.21, 1.41, 1.22],
        [1.37, 1.00, 1.31, 1.23],
        [1.32, 1.36, 1.00, 1.18],
        [1.57, 1.41, 1.25, 1.15],
    ]
)
#: World price changes printed for that experiment ("reported prices"), 4 decimals.
GSIM_REPORTED = np.array([0.0792, -0.0316, 0.0480, -0.0184])


def gsim_fta_t1() -> np.ndarray:
    t1 = GSIM_T0.copy()
    t1[2, 0] = t1[0, 2] = 1.0
    return t1


def random_world(n: int = 12, seed: int = 3) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    v = rng.lognormal(size=(n, n))
    v[rng.random((n, n)) < 0.3] = 0.0
    v[np.diag_indices(n)] += 5.0
    tau0 = 1.0 + rng.uniform(0.0, 0.3, size=(n, n))
    return v, tau0


def test_gsim_four_region_example_reproduced_to_printed_precision() -> None:
    x = solve_gsim_linear(GSIM_M, GSIM_T0, gsim_fta_t1(), 5.0, 1.25, 1.5)
    np.testing.assert_array_equal(np.round(x, 4), GSIM_REPORTED)


def test_no_measure_no_change() -> None:
    v, tau0 = random_world()
    sol = solve_equilibrium(v, tau0, tau0, 4.0, 0.8, 2.0)
    np.testing.assert_allclose(sol.p_world, 1.0, atol=1e-12)
    np.testing.assert_allclose(sol.price_index, 1.0, atol=1e-12)
    np.testing.assert_allclose(sol.quantity, v, rtol=1e-12, atol=1e-12)
    assert not sol.binding.any()


@pytest.mark.parametrize("rate", [1e-4, -1e-4])
def test_small_tariff_matches_gsim_first_order(rate: float) -> None:
    t1 = GSIM_T0.copy()
    t1[1, 0] *= 1 + rate  # US tariff on Japan
    t1[3, 2] *= 1 + rate  # EU tariff on RW
    lin = solve_gsim_linear(GSIM_M, GSIM_T0, t1, 5.0, 1.25, 1.5)
    nonlin = solve_equilibrium(GSIM_M, GSIM_T0, t1, 5.0, 1.25, 1.5).p_world - 1.0
    # error of a first-order expansion is O(rate^2): relative error ~ rate
    np.testing.assert_allclose(nonlin, lin, rtol=50 * abs(rate), atol=1e-10)


def test_linear_and_nonlinear_agree_on_sign_for_the_full_fta() -> None:
    nonlin = solve_equilibrium(GSIM_M, GSIM_T0, gsim_fta_t1(), 5.0, 1.25, 1.5).p_world - 1
    np.testing.assert_array_equal(np.sign(nonlin), np.sign(GSIM_REPORTED))


def test_symmetry_of_symmetric_world() -> None:
    v = np.array([[10.0, 2.0, 2.0], [2.0, 10.0, 2.0], [2.0, 2.0, 10.0]])
    tau0 = np.ones((3, 3))
    tau1 = tau0.copy()
    tau1[0, 1] = tau1[1, 0] = 1.2  # A and B tax each other alike
    sol = solve_equilibrium(v, tau0, tau1, 5.0, 1.0, 1.5)
    assert sol.p_world[0] == pytest.approx(sol.p_world[1], rel=1e-12)
    assert sol.quantity[0, 1] == pytest.approx(sol.quantity[1, 0], rel=1e-12)
    assert sol.price_index[0] == pytest.approx(sol.price_index[1], rel=1e-12)


def test_relabelling_regions_permutes_results() -> None:
    v, tau0 = random_world(8)
    tau1 = tau0 * np.where(np.arange(8)[:, None] == 2, 1.15, 1.0)
    perm = np.random.default_rng(7).permutation(8)
    a = solve_equilibrium(v, tau0, tau1, 3.0, 1.2, 1.0)
    b = solve_equilibrium(
        v[np.ix_(perm, perm)], tau0[np.ix_(perm, perm)], tau1[np.ix_(perm, perm)], 3.0, 1.2, 1.0
    )
    np.testing.assert_allclose(b.p_world, a.p_world[perm], rtol=1e-10)
    np.testing.assert_allclose(b.quantity, a.quantity[np.ix_(perm, perm)], rtol=1e-9)


def test_adding_up_of_flows_and_shares() -> None:
    v, tau0 = random_world(15, seed=11)
    tau1 = tau0.copy()
    tau1[:, :4] *= 1.25
    eps = np.linspace(0.5, 3.0, 15)
    sol = solve_equilibrium(v, tau0, tau1, 6.0, 0.7, eps)
    # each exporter's sales add up to its supply curve at the new price
    np.testing.assert_allclose(
        sol.quantity.sum(axis=1), v.sum(axis=1) * sol.p_world**eps, rtol=1e-10
    )
    np.testing.assert_allclose(sol.supply, sol.quantity.sum(axis=1))
    assert (sol.quantity >= 0).all()
    # new expenditure shares add to one, and spending = price index x composite quantity
    spend = sol.p_internal * sol.quantity
    shares = calc_expenditure_shares(spend, np.ones_like(spend))
    np.testing.assert_allclose(shares.sum(axis=0), 1.0)
    spend0 = (v * tau0).sum(axis=0)
    np.testing.assert_allclose(spend.sum(axis=0), spend0 * sol.price_index ** (1 - 0.7), rtol=1e-9)


def test_single_source_quota_gives_analytic_price() -> None:
    # one source, flat supply: the capped market's price is (cap share)^(-1/eta)
    v = np.zeros((3, 3))
    v[0] = [60.0, 30.0, 10.0]
    quota = np.full((3, 3), np.inf)
    quota[0, 1] = 0.4 * 30.0
    eta = np.array([1.25, 0.8, 1.25])
    sol = solve_equilibrium(v, 1.0, 1.0, 5.0, eta, [np.inf, 1.0, 1.0], quota=quota)
    assert sol.price_index[1] == pytest.approx(0.4 ** (-1 / 0.8), rel=1e-10)
    assert sol.rent_rate[0, 1] == pytest.approx(0.4 ** (-1 / 0.8) - 1, rel=1e-10)
    assert sol.quantity[0, 1] == pytest.approx(12.0, rel=1e-10)
    assert sol.binding[0, 1] and not sol.binding[0, 2]
    assert sol.price_index[0] == pytest.approx(1.0) and sol.price_index[2] == pytest.approx(1.0)


def test_quota_is_equivalent_to_its_export_tax() -> None:
    # with one source and flat supply, a cap at share a equals an export tax a^(-1/eta) - 1
    v = np.zeros((2, 2))
    v[0] = [70.0, 30.0]
    eta, a = 1.3, 0.35
    quota = np.full((2, 2), np.inf)
    quota[0, 1] = a * 30.0
    q = solve_equilibrium(v, 1.0, 1.0, 5.0, eta, [np.inf, 1.0], quota=quota)
    tax = np.ones((2, 2))
    tax[0, 1] = a ** (-1 / eta)
    t = solve_equilibrium(v, 1.0, tax, 5.0, eta, [np.inf, 1.0])
    np.testing.assert_allclose(q.price_index, t.price_index, rtol=1e-10)
    np.testing.assert_allclose(q.quantity, t.quantity, rtol=1e-10)


def test_slack_quota_does_not_bind() -> None:
    v, tau0 = random_world(6)
    tau1 = tau0 * 1.1
    free = solve_equilibrium(v, tau0, tau1, 4.0, 1.0, 1.5)
    quota = np.where(v > 0, 2.0 * v + 1.0, np.inf)
    capped = solve_equilibrium(v, tau0, tau1, 4.0, 1.0, 1.5, quota=quota)
    np.testing.assert_allclose(capped.p_world, free.p_world, rtol=1e-12)
    assert not capped.binding.any()
    assert (capped.rent_rate == 0).all()


def test_binding_quotas_in_a_many_source_world() -> None:
    v, tau0 = random_world(10, seed=5)
    quota = np.full(v.shape, np.inf)
    quota[0, 1:] = 0.3 * v[0, 1:]  # region 0 licences its exports
    sol = solve_equilibrium(v, tau0, tau0, 4.0, 1.0, 1.5, quota=quota)
    cap_cells = v[0, 1:] > 0
    np.testing.assert_allclose(sol.quantity[0, 1:][cap_cells], quota[0, 1:][cap_cells], rtol=1e-9)
    assert (sol.rent_rate[0, 1:][cap_cells] > 0).all()
    assert sol.p_world[0] < 1.0  # the exporter's world price falls
    assert (sol.p_world[1:][v[1:].sum(axis=1) > 0] > 1.0).all()  # rivals gain


def test_ban_removes_variety_and_rivals_gain() -> None:
    v, tau0 = random_world(5, seed=2)
    v[1, 0] = 5.0
    banned = np.zeros(v.shape, dtype=bool)
    banned[1, 0] = True
    sol = solve_equilibrium(v, tau0, tau0, 5.0, 1.0, 1.5, banned=banned)
    assert sol.quantity[1, 0] == 0.0
    assert np.isnan(sol.rent_rate[1, 0])
    others = [i for i in range(5) if i != 1 and v[i, 0] > 0]
    assert (sol.quantity[others, 0] > v[others, 0]).all()
    assert sol.price_index[0] > 1.0


def test_ban_with_complements_is_refused() -> None:
    v, tau0 = random_world(4)
    banned = np.zeros(v.shape, dtype=bool)
    banned[1, 0] = True
    v[1, 0] = 1.0
    with pytest.raises(ValueError, match="sigma < 1"):
        solve_equilibrium(v, tau0, tau0, 0.5, 1.0, 1.5, banned=banned)


def test_welfare_pieces_sum_and_tax_revenue() -> None:
    v = np.array([[50.0, 20.0], [5.0, 40.0]])
    zero = np.zeros((2, 2))
    xtax = zero.copy()
    xtax[0, 1] = 0.2
    sol = solve_equilibrium(v, 1.0, 1.0 + xtax, 4.0, 1.0, 2.0)
    w = calc_welfare(v, zero, zero, zero, xtax, 4.0, 1.0, 2.0, sol)
    assert w.export_tax_revenue[0] == pytest.approx(0.2 * sol.p_world[0] * sol.quantity[0, 1])
    np.testing.assert_allclose(
        w.total,
        w.consumer_surplus
        + w.producer_surplus
        + w.tariff_revenue
        + w.export_tax_revenue
        + w.quota_rent,
    )
    # world welfare falls (a tax is a distortion in an otherwise undistorted world)
    assert w.total.sum() < 0


def test_no_measure_welfare_is_zero() -> None:
    w = calc_welfare(
        GSIM_M,
        GSIM_T0 - 1,
        np.zeros((4, 4)),
        GSIM_T0 - 1,
        np.zeros((4, 4)),
        5.0,
        1.25,
        1.5,
        solve_equilibrium(GSIM_M, GSIM_T0, GSIM_T0, 5.0, 1.25, 1.5),
    )
    np.testing.assert_allclose(w.total, 0.0, atol=1e-9)


def test_large_world_solves() -> None:
    v, tau0 = random_world(120, seed=9)
    tau1 = tau0.copy()
    tau1[:, :10] *= 1.1
    sol = solve_equilibrium(v, tau0, tau1, 5.0, 1.25, 1.5)
    assert sol.max_residual < 1e-9


def test_group_export_quota_common_rent_analytic() -> None:
    # one source, flat supply, one cap on its total exports to two markets with
    # different demand elasticities: common rent solves sum_j Q0_j (1+l)^-eta_j = cap
    from scipy.optimize import brentq

    v = np.zeros((3, 3))
    v[0] = [50.0, 30.0, 20.0]
    eta = np.array([1.0, 0.6, 1.8])
    mask = np.zeros((3, 3), dtype=bool)
    mask[0, 1:] = True
    cap = 0.5 * 50.0
    sol = solve_equilibrium(v, 1.0, 1.0, 5.0, eta, [np.inf, 1, 1], quota_groups=[(mask, cap)])
    lam = brentq(lambda x: 30 * (1 + x) ** -0.6 + 20 * (1 + x) ** -1.8 - cap, 0, 100)
    assert sol.rent_rate[0, 1] == pytest.approx(lam, rel=1e-9)
    assert sol.rent_rate[0, 2] == pytest.approx(lam, rel=1e-9)
    assert sol.quantity[0, 1:].sum() == pytest.approx(cap, rel=1e-10)
    assert sol.binding[0, 1:].all() and not sol.binding[0, 0]


def test_group_quota_matches_bilateral_caps_at_its_own_allocation() -> None:
    v, tau0 = random_world(9, seed=4)
    mask = np.zeros(v.shape, dtype=bool)
    mask[0, 1:] = v[0, 1:] > 0
    cap = 0.4 * v[0, 1:].sum()
    g = solve_equilibrium(v, tau0, tau0, 4.0, 1.1, 1.5, quota_groups=[(mask, cap)])
    assert g.quantity[mask].sum() == pytest.approx(cap, rel=1e-9)
    rents = g.rent_rate[mask]
    np.testing.assert_allclose(rents, rents[0], rtol=1e-10)  # one common rent
    assert rents[0] > 0
    # the same allocation imposed flow by flow reproduces the equilibrium
    quota = np.where(mask, g.quantity, np.inf)
    b = solve_equilibrium(v, tau0, tau0, 4.0, 1.1, 1.5, quota=quota)
    np.testing.assert_allclose(b.p_world, g.p_world, rtol=1e-8)
    np.testing.assert_allclose(b.price_index, g.price_index, rtol=1e-8)


def test_slack_group_quota_and_overlap_refused() -> None:
    v, tau0 = random_world(5)
    mask = np.zeros(v.shape, dtype=bool)
    mask[0, 1:] = True
    sol = solve_equilibrium(v, tau0, tau0, 4.0, 1.0, 1.5, quota_groups=[(mask, 1e9)])
    assert not sol.binding.any()
    quota = np.full(v.shape, np.inf)
    quota[0, 1] = 0.5 * v[0, 1] if v[0, 1] > 0 else 1.0
    v[0, 1] = max(v[0, 1], 1.0)
    with pytest.raises(ValueError, match="one quota only"):
        solve_equilibrium(v, tau0, tau0, 4.0, 1.0, 1.5, quota=quota, quota_groups=[(mask, 1.0)])
