"""Supplier-map runs gate deliveries with the scenario's rules, content rules included."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from chokepoints.policy.gates import LICENCE, OPEN
from chokepoints.suppliers.io import read_map
from chokepoints.suppliers.link import link_map
from chokepoints.suppliers.run import compile_linked, resolve_scenario

from .test_run_mitigate import _chain


def _japanese_magnets_to_the_us() -> dict[str, list[dict[str, Any]]]:
    t = _chain(30, 5)
    t["sites"] = [
        {"site_id": "A", "firm": "a", "country": "USA"},
        {"site_id": "S", "firm": "s", "country": "JPN"},
    ]
    return t


def _gate_on(model, day: dt.date) -> tuple[int, float]:  # type: ignore[no-untyped-def]
    """Gate kind and approval probability of the Japan -> US magnet delivery on ``day``."""
    g = model.gates
    assert g is not None
    fe = model.flow_edge.iloc[g.flow_index]
    (i,) = np.flatnonzero(
        (fe["origin"] == "JPN").to_numpy() & (fe["destination"] == "USA").to_numpy()
    )
    col = g.columns(len(g.flow_index))[i]
    k = (day - model.settings.start).days
    return int(g.kind[k, col]), float(g.approval_prob[k, col])


def test_content_rule_gates_a_japanese_magnet_delivery_after_the_lapse(
    map_writer, bundled_world
) -> None:
    linked = link_map(read_map(map_writer(_japanese_magnets_to_the_us())), bundled_world)
    day = dt.date(2026, 11, 20)
    lapse = compile_linked(linked, resolve_scenario("lapse-2026", runs=1, horizon_days=60))
    held = compile_linked(linked, resolve_scenario("status-quo", runs=1, horizon_days=60))
    kind, p = _gate_on(lapse, day)
    # No. 61's content rule: Dy/Tb-grade magnets made in Japan hold China-separated Dy
    assert kind == LICENCE and p < 1.0
    assert _gate_on(held, day) == (OPEN, 1.0)
    # before No. 70's suspension lapses (10 Nov 2026) the two agree
    early = dt.date(2026, 11, 5)
    assert _gate_on(lapse, early) == _gate_on(held, early)
    assert np.array_equal(lapse.gates.flow_index, held.gates.flow_index)
