"""The synthetic network generator: structure, determinism, and the layered exposure kernel."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pytest

from chokepoints.suppliers.generate import (
    TIER_SHARES,
    generate_network,
    layered_exposure,
    tier_sizes,
    to_linked,
)


@pytest.fixture(scope="module")
def net():
    return generate_network(3_000, seed=7)


def test_tiers_links_and_shares(net) -> None:
    assert net.n_firms == 3_000
    assert list(np.bincount(net.tier)) == list(tier_sizes(3_000))
    assert (net.tier[net.sup] == net.tier[net.cus] + 1).all()
    sums = np.bincount(net.cus, weights=net.share, minlength=net.n_firms)
    buyers = net.tier < len(TIER_SHARES) - 1
    assert np.allclose(sums[buyers], 1.0)
    pairs = net.cus * net.n_firms + net.sup
    assert np.unique(pairs).size == pairs.size
    # mass balance: each firm below the OEMs makes what its customers take
    taken = np.bincount(net.sup, weights=net.quantity_per_day, minlength=net.n_firms)
    assert np.allclose(net.output_per_day[net.tier > 0], taken[net.tier > 0])


def test_degree_distribution_is_heavy_tailed(net) -> None:
    indeg = np.bincount(net.cus, minlength=net.n_firms)[net.tier < 4]
    assert 2.5 < indeg.mean() < 3.5
    outdeg = np.bincount(net.sup, minlength=net.n_firms)[net.tier > 0]
    assert outdeg.max() > 10 * outdeg.mean()


def test_same_seed_same_network() -> None:
    a, b = generate_network(2_000, seed=3), generate_network(2_000, seed=3)
    assert np.array_equal(a.sup, b.sup) and np.array_equal(a.share, b.share)
    c = generate_network(2_000, seed=4)
    assert not np.array_equal(a.sup, c.sup)


def test_layered_exposure_matches_path_enumeration(net) -> None:
    ex = layered_exposure(net)
    into = defaultdict(list)
    for s, c, w in zip(net.sup.tolist(), net.cus.tolist(), net.share.tolist(), strict=True):
        into[c].append((s, w))
    chn = net.countries.index("CHN")
    n_oem = int((net.tier == 0).sum())
    for oem in range(0, n_oem, 7):
        through = np.zeros((5, len(net.countries)))
        any_chn = 0.0
        stack = [(oem, 1.0, net.country[oem] == chn)]
        while stack:
            f, w, seen = stack.pop()
            through[net.tier[f], net.country[f]] += w
            if net.tier[f] == 4:
                any_chn += w if seen else 0.0
                continue
            for s, ws in into[f]:
                stack.append((s, w * ws, seen or net.country[s] == chn))
        assert np.allclose(ex["through"][:, oem, :], through)
        assert ex["any_china"][oem] == pytest.approx(any_chn)


def test_to_linked_runs_on_the_engine() -> None:
    import dataclasses

    from chokepoints.suppliers.run import (
        compile_linked,
        resolve_scenario,
        simulate_lines,
        summarize,
    )

    small = generate_network(1_000, seed=2)
    linked = to_linked(small)
    s = dataclasses.replace(resolve_scenario("ban", horizon_days=60), ban_products=("metal:Dy",))
    model = compile_linked(linked, s)
    prod = simulate_lines(model)
    assert prod.shape == (1, 60, int((small.tier == 0).sum()))
    assert np.isfinite(summarize(model, prod)["output_lost_days_p50"]).all()
    open_model = compile_linked(linked, resolve_scenario("open", horizon_days=60))
    assert np.allclose(
        simulate_lines(open_model), model.compiled.x0[model.line_index][None, None, :]
    )
