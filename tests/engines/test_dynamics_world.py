"""Dynamics engine on hand-made worlds: closed-form stock-outs, gates, rerouting,
substitution, Monte Carlo seeding and the invariants (no negative flows, mass balance).

Worlds are built with the columns of ``chokepoints.world.schema`` (quantities per day
times 365), so ``compile_world`` reads them as it reads the bundled world.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd
import pytest
import xarray as xr

from chokepoints.engines.dynamics import (
    Gates,
    Params,
    compile_world,
    simulate,
)
from chokepoints.errors import DataError

DAYS = 365


def node(node_id: str, product: str, per_day: float, **kw: Any) -> dict[str, Any]:
    row = {
        "node_id": node_id,
        "actor": node_id.split(":")[0],
        "country": kw.pop("country", node_id.split(":")[0]),
        "product_id": product,
        "stage": kw.pop("stage", "oxide"),
        "production_t_per_yr": per_day * DAYS,
        "capacity_t_per_yr": kw.pop("capacity_per_day", per_day) * DAYS,
        "inventory_days": kw.pop("inventory_days", 10.0),
        "price_usd_per_t": kw.pop("price", 1000.0),
        "source": "test",
        "status": "estimated",
        "method": "",
    }
    row.update(kw)
    return row


def flow(flow_id: str, sup: str, cus: str, product: str, per_day: float, lead: int = 0) -> dict:
    return {
        "flow_id": flow_id,
        "supplier_node": sup,
        "customer_node": cus,
        "product_id": product,
        "quantity_t_per_yr": per_day * DAYS,
        "value_usd_per_yr": float("nan"),
        "lead_time_days": lead,
        "source": "test",
        "status": "estimated",
        "method": "",
    }


def world(nodes: list[dict], flows: list[dict], recipes: list[dict] | None = None) -> Any:
    rec_cols = [
        "output_product_id",
        "input_product_id",
        "input_per_output",
        "substitute_for",
        "substitution_penalty",
        "source",
        "status",
    ]
    return SimpleNamespace(
        nodes=pd.DataFrame(nodes).set_index("node_id", drop=False),
        flows=pd.DataFrame(flows).set_index("flow_id", drop=False),
        recipes=pd.DataFrame(recipes or [], columns=rec_cols),
        name="test",
    )


def chain(s_days: float = 10.0, lead: int = 0, alt_capacity: float | None = None) -> Any:
    """A (ore) -> C (oxide, sold to final demand), 100 t/day, C holds s_days of input.

    With ``alt_capacity``, B also makes ore at 50 t/day (sold to final demand) with that
    capacity, so B is a candidate supplier of C.
    """
    nodes = [
        node("A:ore", "ore", 100.0, stage="ore"),
        node("C:oxide", "oxide", 100.0, inventory_days=s_days),
    ]
    flows = [flow("A->C", "A:ore", "C:oxide", "ore", 100.0, lead)]
    if alt_capacity is not None:
        nodes.append(node("B:ore", "ore", 50.0, stage="ore", capacity_per_day=alt_capacity))
    return world(nodes, flows)


NO_OVERPROD = {"alpha_max": 1.0}

#: Licence tests that count days need the review to take exactly its mean.
FIXED_REVIEW = Params(rerouting=False, review_delay="fixed")


def gates_for(cm: Any, flow_id: str, n_steps: int, kind: int, start: int, **kw: float) -> Gates:
    """One gate on one flow: open before ``start``, ``kind`` from ``start`` on."""
    k = np.zeros((n_steps, 1), dtype=np.int8)
    k[start:, 0] = kind
    return Gates(
        kind=k,
        approval_prob=np.full((n_steps, 1), kw.get("prob", 1.0)),
        review_days=np.full((n_steps, 1), kw.get("review", 0.0)),
        quota_t_per_day=np.full((n_steps, 1), kw.get("quota", np.inf)),
        flow_index=cm.flow_index(flow_id),
    )


# -- compile -------------------------------------------------------------------------


def test_compile_world_coefficients_and_final_demand() -> None:
    cm = compile_world(chain(s_days=10.0), candidate_suppliers=False)
    assert cm.n_nodes == 2 and cm.n_flows == 1 and cm.n_slots == 1
    c = cm.node_index("C:oxide")[0]
    a = cm.node_index("A:ore")[0]
    assert cm.x0[c] == pytest.approx(100.0)
    assert cm.slot_a[0] == pytest.approx(1.0)  # 100 t/day of ore per 100 t/day of oxide
    assert cm.inv0[0] == pytest.approx(1000.0)  # 10 days
    assert cm.final_demand[a] == pytest.approx(0.0)  # A sells everything to C
    assert cm.final_demand[c] == pytest.approx(100.0)


def test_compile_world_adds_candidate_links_with_spare_capacity() -> None:
    cm = compile_world(chain(alt_capacity=200.0))
    assert "candidate:B:ore->C:oxide" in cm.flow_ids.tolist()
    f = cm.flow_index("candidate:B:ore->C:oxide")[0]
    assert cm.flow_z[f] == 0.0 and cm.flow_alt[f] == pytest.approx(150.0)


def test_compile_world_node_marked_not_a_candidate_offers_no_link() -> None:
    w = chain(alt_capacity=200.0)
    w.nodes["rerouting_candidate"] = [None, None, False]  # B: spare capacity, but excluded
    cm = compile_world(w)
    assert "candidate:B:ore->C:oxide" not in cm.flow_ids.tolist()
    w.nodes["rerouting_candidate"] = [None, None, True]
    assert "candidate:B:ore->C:oxide" in compile_world(w).flow_ids.tolist()


def test_compile_world_unknown_node_names_file_row_field() -> None:
    w = chain()
    w.flows.loc["A->C", "customer_node"] = "X:nowhere"
    with pytest.raises(DataError) as err:
        compile_world(w)
    msg = str(err.value)
    assert "flows" in msg and "row 1" in msg and "customer_node" in msg and "X:nowhere" in msg


# -- closed-form cases -----------------------------------------------------------------


@pytest.mark.parametrize(("s_days", "lead"), [(10, 0), (7, 0), (10, 3)])
def test_two_node_chain_stock_out_day_is_closed_form(s_days: int, lead: int) -> None:
    """Ban A -> C from day g: orders placed from day g are blocked, so the last shipment
    leaves on day g and the last arrival is on day g + lead. C starts at its target of
    s days of input; with psi = 1/s it produces at baseline while a full day of input is
    left, so it runs s more days and stocks out on day g + 1 + lead + s."""
    g, n_steps = 5, 40
    cm = compile_world(chain(s_days=s_days, lead=lead), candidate_suppliers=False)
    p = Params(psi=1.0 / s_days, rerouting=False, **NO_OVERPROD)
    ds = simulate(cm, n_steps=n_steps, params=p, gates=gates_for(cm, "A->C", n_steps, 2, g))
    x = ds.production.sel(node="C:oxide", run=0).to_numpy()
    out = g + 1 + lead + s_days
    np.testing.assert_allclose(x[:out], 100.0, rtol=1e-9)
    np.testing.assert_allclose(x[out:], 0.0, atol=1e-9)
    # the banned supplier receives no orders after the ban
    dem_a = ds.demand.sel(node="A:ore", run=0).to_numpy()
    assert dem_a[g] == pytest.approx(100.0) and np.all(dem_a[g + 1 :] == 0.0)


def test_ban_with_one_alternative_supplier_reroutes_after_qualification() -> None:
    g, q, s_days, n_steps = 5, 4, 10, 40
    w = chain(s_days=s_days, alt_capacity=200.0)
    cm = compile_world(w)
    gates = gates_for(cm, "A->C", n_steps, 2, g)
    # C runs at baseline while it holds psi * s = 5 days; it goes q = 4 days without
    # arrivals (g+1 .. g+q) before B's first shipment
    p = Params(psi=0.5, qualification_days=q, **NO_OVERPROD)
    ds = simulate(cm, n_steps=n_steps, params=p, gates=gates)
    dem_b = ds.demand.sel(node="B:ore", run=0).to_numpy()
    # blocked for more than q days on day g + q: orders move to B that evening
    assert np.all(dem_b[: g + q + 1] == pytest.approx(50.0))
    assert dem_b[g + q + 1] > 50.0
    x_c = ds.production.sel(node="C:oxide", run=0).to_numpy()
    assert x_c.min() > 0.99 * 100.0  # rerouted before its stock ran out
    # without rerouting C runs down its stock: below baseline once it holds < 5 days
    p0 = Params(psi=0.5, rerouting=False, **NO_OVERPROD)
    ds0 = simulate(cm, n_steps=n_steps, params=p0, gates=gates)
    x0 = ds0.production.sel(node="C:oxide", run=0).to_numpy()
    assert x0[g + 1 + 5] == pytest.approx(100.0) and x0[g + 1 + 6] < 100.0
    assert x0[-1] < 1.0


@pytest.mark.parametrize("n_days", [1, 6])
def test_licence_delay_of_n_days(n_days: int) -> None:
    """Licence regime from day g, always approved after exactly N days of review: orders
    of days g .. g+N-1 are not placed, so A receives none on days g+1 .. g+N."""
    g, n_steps = 5, 30
    cm = compile_world(chain(s_days=20), candidate_suppliers=False)
    gates = gates_for(cm, "A->C", n_steps, 1, g, prob=1.0, review=float(n_days))
    ds = simulate(cm, n_steps=n_steps, params=FIXED_REVIEW, gates=gates)
    dem_a = ds.demand.sel(node="A:ore", run=0).to_numpy()
    assert dem_a[g] > 0
    assert np.all(dem_a[g + 1 : g + 1 + n_days] == 0.0)
    assert np.all(dem_a[g + 1 + n_days :] > 0)
    blocked = ds.blocked_orders.sel(node="C:oxide", run=0).to_numpy()
    assert np.all(blocked[g : g + n_days] > 0) and np.all(blocked[g + n_days :] == 0)


def test_licence_approval_probability_across_runs() -> None:
    g, n_days, n_steps, runs = 3, 5, 12, 2000
    cm = compile_world(chain(s_days=20), candidate_suppliers=False)
    gates = gates_for(cm, "A->C", n_steps, 1, g, prob=0.3, review=float(n_days))
    ds = simulate(cm, n_steps=n_steps, n_runs=runs, seed=7, params=FIXED_REVIEW, gates=gates)
    approved_first = (ds.demand.sel(node="A:ore").isel(time=g + 1 + n_days) > 0).to_numpy()
    assert abs(approved_first.mean() - 0.3) < 4 * np.sqrt(0.3 * 0.7 / runs)


def test_quota_caps_orders_on_the_flow() -> None:
    g, n_steps = 5, 150
    cm = compile_world(chain(s_days=10), candidate_suppliers=False)
    gates = gates_for(cm, "A->C", n_steps, 3, g, quota=60.0)
    ds = simulate(cm, n_steps=n_steps, params=Params(rerouting=False, **NO_OVERPROD), gates=gates)
    dem_a = ds.demand.sel(node="A:ore", run=0).to_numpy()
    assert np.all(dem_a[g + 1 :] <= 60.0 + 1e-9) and dem_a[-1] == pytest.approx(60.0)
    x_c = ds.production.sel(node="C:oxide", run=0).to_numpy()
    assert x_c[-1] == pytest.approx(60.0, rel=1e-2)  # runs on what the quota lets through


def test_substitute_keeps_production_going_after_main_input_is_banned() -> None:
    g, s_days, n_steps = 5, 10, 60
    nodes = [
        node("A:ore", "ore:light", 100.0, stage="ore"),
        node("D:ore", "ore:heavy", 20.0, stage="ore", capacity_per_day=400.0),
        node("C:oxide", "oxide", 100.0, inventory_days=s_days),
    ]
    flows = [flow("A->C", "A:ore", "C:oxide", "ore:light", 100.0)]
    recipes = [
        {
            "output_product_id": "oxide",
            "input_product_id": "ore:light",
            "input_per_output": 1.0,
            "substitute_for": "",
            "substitution_penalty": 0.0,
            "source": "t",
            "status": "estimated",
        },
        {
            "output_product_id": "oxide",
            "input_product_id": "ore:heavy",
            "input_per_output": 1.5,
            "substitute_for": "ore:light",
            "substitution_penalty": 0.2,
            "source": "t",
            "status": "estimated",
        },
    ]
    w = world(nodes, flows, recipes)
    cm = compile_world(w)
    k1 = [k for k in range(cm.n_slots) if cm.products[cm.slot_product[k]] == "ore:light"][0]
    assert cm.slot_sub_rate[k1] == pytest.approx(1.5 / 0.8)
    gates = gates_for(cm, "A->C", n_steps, 2, g)
    p = Params(psi=1.0 / s_days, rerouting=False, **NO_OVERPROD)
    with_sub = simulate(cm, n_steps=n_steps, params=p, gates=gates)
    no_sub = simulate(
        cm,
        n_steps=n_steps,
        params=Params(psi=1.0 / s_days, rerouting=False, substitution=False, **NO_OVERPROD),
        gates=gates,
    )
    late = slice(g + s_days + 10, None)
    x_sub = with_sub.production.sel(node="C:oxide", run=0).to_numpy()[late]
    x_none = no_sub.production.sel(node="C:oxide", run=0).to_numpy()[late]
    assert np.all(x_none < 1e-6)
    assert x_sub.mean() > 50.0
    # the substitute's supplier now works for C
    assert with_sub.demand.sel(node="D:ore", run=0).to_numpy()[-1] > 20.0 + 50.0


# -- Monte Carlo and invariants ----------------------------------------------------------


def random_world(seed: int = 3) -> Any:
    rng = np.random.default_rng(seed)
    nodes, flows = [], []
    stages = [("ore", 4), ("oxide", 4), ("magnet", 3), ("sector", 2)]
    prev: list[str] = []
    for stage, count in stages:
        cur = []
        for i in range(count):
            nid = f"N{stage}{i}:{stage}"
            out = float(rng.uniform(50, 150))
            nodes.append(
                node(
                    nid,
                    stage,
                    out,
                    stage=stage,
                    capacity_per_day=out * 1.3,
                    inventory_days=float(rng.integers(3, 20)),
                )
            )
            cur.append(nid)
        if prev:
            for c in cur:
                for s in rng.choice(prev, size=2, replace=False):
                    flows.append(
                        flow(
                            f"{s}->{c}",
                            s,
                            c,
                            s.split(":")[1],
                            float(rng.uniform(5, 30)),
                            int(rng.integers(0, 4)),
                        )
                    )
        prev = cur
    return world(nodes, flows)


def random_gates(cm: Any, n_steps: int, seed: int = 0) -> Gates:
    rng = np.random.default_rng(seed)
    F = cm.n_flows
    kind = np.zeros((n_steps, F), dtype=np.int8)
    for f in range(F):
        start = int(rng.integers(0, n_steps))
        kind[start:, f] = rng.integers(0, 4)
    return Gates(
        kind=kind,
        approval_prob=np.full((n_steps, F), 0.6),
        review_days=np.full((n_steps, F), 8.0),
        quota_t_per_day=np.full((n_steps, F), 5.0),
    )


def test_same_seed_gives_identical_dataset_and_other_seed_differs() -> None:
    cm = compile_world(random_world())
    gates = random_gates(cm, 60)
    p = Params(review_delay="exponential", qualification_days=5)
    a = simulate(cm, n_steps=60, n_runs=16, seed=11, params=p, gates=gates)
    b = simulate(cm, n_steps=60, n_runs=16, seed=11, params=p, gates=gates)
    xr.testing.assert_identical(a, b)
    c = simulate(cm, n_steps=60, n_runs=16, seed=12, params=p, gates=gates)
    assert not np.array_equal(a.production.to_numpy(), c.production.to_numpy())
    # runs differ from each other (licence draws are per run)
    assert not np.allclose(a.production.isel(run=0), a.production.isel(run=1))


def test_flows_stocks_and_outputs_never_negative() -> None:
    cm = compile_world(random_world(5))
    ds = simulate(
        cm,
        n_steps=120,
        n_runs=8,
        seed=1,
        gates=random_gates(cm, 120, 2),
        params=Params(review_delay="exponential"),
    )
    for name in ("production", "demand", "inventory_days", "final_demand_unmet", "blocked_orders"):
        assert float(ds[name].min()) >= -1e-9, name
    assert float(ds.shortage.min()) >= -1e-9


@pytest.mark.parametrize("lead", [0, 2])
def test_mass_balance_at_the_customer(lead: int) -> None:
    """C's input stock changes by what A shipped (lead days ago) minus what C used; A
    sells only to C, so what A shipped is A's production."""
    n_steps, g = 40, 5
    cm = compile_world(chain(s_days=6, lead=lead), candidate_suppliers=False)
    gates = gates_for(cm, "A->C", n_steps, 3, g, quota=70.0)
    ds = simulate(cm, n_steps=n_steps, params=Params(rerouting=False), gates=gates)
    x_a = ds.production.sel(node="A:ore", run=0).to_numpy()
    x_c = ds.production.sel(node="C:oxide", run=0).to_numpy()
    stock = ds.inventory_days.sel(node="C:oxide", run=0).to_numpy() * 100.0  # a = 1
    shipped = np.concatenate([np.full(lead, 100.0), x_a])[:n_steps]
    np.testing.assert_allclose(np.diff(stock), shipped[1:] - x_c[1:], atol=1e-8)


def test_dataset_dims_units_and_lost_output_value() -> None:
    cm = compile_world(chain(s_days=3), candidate_suppliers=False)
    ds = simulate(
        cm,
        n_steps=20,
        params=Params(rerouting=False),
        gates=gates_for(cm, "A->C", 20, 2, 2),
        start_date="2025-04-04",
    )
    assert ds.production.dims == ("run", "time", "node")
    assert ds.production.attrs["units"] == "t/day"
    assert ds.inventory_days.attrs["units"] == "days"
    assert ds.lost_output_usd.attrs["units"] == "USD/day"
    assert str(ds.time.values[0])[:10] == "2025-04-04"
    np.testing.assert_allclose(ds.lost_output_usd, ds.lost_output * 1000.0)
    assert float(ds.lost_output.sel(node="C:oxide").max()) == pytest.approx(100.0, rel=1e-3)
    assert len(ds.attrs["seeds"]) == 1


def test_pending_licence_lapses_when_the_regime_ends() -> None:
    """A licence regime on days 5-7 (review 10 days, so nothing is decided), open from
    day 8, licences again from day 20: the second application is reviewed afresh, so
    orders are blocked on days 20-22 with a 3-day review."""
    n_steps = 40
    cm = compile_world(chain(s_days=30), candidate_suppliers=False)
    g = gates_for(cm, "A->C", n_steps, 1, 5, prob=1.0, review=10.0)
    kind = g.kind.copy()
    kind[8:20] = 0
    review = g.review_days.copy()
    review[20:] = 3.0
    gates = Gates(kind, g.approval_prob, review, g.quota_t_per_day, g.flow_index)
    ds = simulate(cm, n_steps=n_steps, params=FIXED_REVIEW, gates=gates)
    blocked = ds.blocked_orders.sel(node="C:oxide", run=0).to_numpy() > 0
    assert blocked[5:8].all() and not blocked[8:20].any()
    assert blocked[20:23].all() and not blocked[23:].any()
