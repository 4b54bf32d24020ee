"""Invariants of the gate arrays over the bundled timeline, and the docstring examples."""

from __future__ import annotations

import doctest

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import chokepoints.policy.timeline as timeline_module
from chokepoints.policy import Timeline, compile_gates
from chokepoints.policy.gates import CLOSED, LICENCE, OPEN
from chokepoints.world.vocabulary import PRODUCT_IDS

COUNTRIES = ["CHN", "USA", "JPN", "DEU", "MYS", "AUS"]
_BUNDLED = Timeline.load()

flows = st.lists(
    st.tuples(
        st.sampled_from(COUNTRIES),
        st.sampled_from(COUNTRIES),
        st.sampled_from(PRODUCT_IDS),
        st.sampled_from([None, "MP Materials", "Other"]),
        st.sampled_from([None, "military", "civil"]),
        st.booleans(),
        st.sampled_from([None, 0.0, 0.0005, 0.01]),
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=25, deadline=None)
@given(flows)
def test_gate_invariants(sample: list[tuple]) -> None:
    o, d, p, eu, us, gl, cc = (list(col) for col in zip(*sample, strict=True))
    g = compile_gates(
        _BUNDLED,
        o,
        d,
        p,
        "2025-01-01",
        "2026-12-31",
        end_users=eu,
        end_uses=us,
        general_licence=gl,
        china_content_share=cc,
    )
    assert ((g.approval_probability >= 0) & (g.approval_probability <= 1)).all()
    assert (g.approval_probability[g.kind == CLOSED] == 0).all()
    assert (g.approval_probability[g.kind == OPEN] == 1).all()
    assert (g.review_days_mean[g.kind == OPEN] == 0).all()
    assert (g.review_days_mean >= 0).all() and (g.tariff >= 0).all() and (g.export_tax >= 0).all()
    assert np.isin(g.kind, [0, 1, 2, 3]).all()
    # Nothing restricts China's exports before No. 18, except named or military users.
    early = g.dates < np.datetime64("2025-04-04")
    assert not (g.kind[early] == LICENCE).any()


def test_docstring_examples_run() -> None:
    result = doctest.testmod(timeline_module)
    assert result.attempted >= 1 and result.failed == 0
