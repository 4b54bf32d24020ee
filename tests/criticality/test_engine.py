"""The criticality formulas (engines/criticality.py) on hand-computed cases."""

from __future__ import annotations

import numpy as np
import pytest

from chokepoints.engines import criticality as eng


def test_hhi_monopoly_and_equal_shares() -> None:
    assert eng.hhi([1.0]) == 1.0
    assert eng.hhi([0.25] * 4) == pytest.approx(0.25)
    assert eng.hhi(eng.shares_from_quantities([3.0, 1.0])) == pytest.approx(0.625)


def test_shares_refuse_negative_and_handle_zero() -> None:
    with pytest.raises(ValueError, match=">= 0"):
        eng.shares_from_quantities([1.0, -1.0])
    assert eng.shares_from_quantities([0.0, 0.0]).tolist() == [0.0, 0.0]


def test_wgi_rescaling_endpoints_and_clip() -> None:
    out = eng.wgi_scaled([-2.5, 0.0, 2.5, 3.0, -3.0])
    assert out.tolist() == pytest.approx([10.0, 5.0, 0.0, 0.0, 10.0])


def test_hhi_wgi_hand_case() -> None:
    # 0.8^2 * 6 * 1.0 + 0.2^2 * 2 * 1.2 = 3.84 + 0.096
    assert eng.hhi_wgi([0.8, 0.2], [6.0, 2.0], [1.0, 1.2]) == pytest.approx(3.936)
    # a country without WGI (NaN) adds nothing
    assert eng.hhi_wgi([0.5, 0.5], [4.0, np.nan]) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="shapes differ"):
        eng.hhi_wgi([1.0], [1.0, 2.0])


def test_supply_risk_formula() -> None:
    # (4 * 0.8/2 + 2 * (1 - 0.8/2)) * (1 - 0.1) * 0.9 = (1.6 + 1.2) * 0.81
    assert eng.supply_risk(4.0, 2.0, 0.8, 0.1, 0.9) == pytest.approx(2.268)
    # full import reliance weighs both halves equally
    assert eng.supply_risk(4.0, 2.0, 1.0) == pytest.approx(3.0)
    with pytest.raises(ValueError, match="import_reliance"):
        eng.supply_risk(1.0, 1.0, 1.5)


def test_economic_importance_formula() -> None:
    # 10 * (0.5*100 + 0.5*50) / 100 * 0.8
    assert eng.economic_importance([0.5, 0.5], [100.0, 50.0], 100.0, 0.8) == pytest.approx(6.0)
    with pytest.raises(ValueError, match="max_value_added"):
        eng.economic_importance([1.0], [1.0], 0.0)
