"""Limits are declared once, read from the environment and named in their errors."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chokepoints.errors import DataError
from chokepoints.limits import LIMITS, LimitError, check_memory, estimate_bytes, limit


def test_every_limit_has_an_env_var_and_positive_default() -> None:
    assert {"runs", "horizon_days", "lead_time_days", "file_bytes", "yaml_depth"} <= set(LIMITS)
    for lim in LIMITS.values():
        assert lim.env.startswith("CHOKEPOINTS_MAX_")
        assert lim.default > 0
        assert lim.value() == lim.default


def test_check_names_limit_value_and_how_to_raise(monkeypatch: pytest.MonkeyPatch) -> None:
    runs = limit("runs")
    runs.check(runs.default)
    with pytest.raises(LimitError) as info:
        runs.check(10**9, option="--runs")
    text = str(info.value)
    assert text.startswith("field '--runs': '1000000000' is above the limit of 100000")
    assert "CHOKEPOINTS_MAX_RUNS=1000000000" in text
    monkeypatch.setenv("CHOKEPOINTS_MAX_RUNS", "2_000_000_000")
    runs.check(10**9)
    with pytest.raises(LimitError):
        runs.check(math.nan)
    with pytest.raises(LimitError, match="is not a number"):
        runs.check("many")


@pytest.mark.parametrize("raw", ["0", "-3", "abc", "1.5", "inf", "nan"])
def test_bad_env_value_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("CHOKEPOINTS_MAX_HORIZON_DAYS", raw)
    with pytest.raises(DataError, match="CHOKEPOINTS_MAX_HORIZON_DAYS"):
        limit("horizon_days").value()


def test_memory_check(monkeypatch: pytest.MonkeyPatch) -> None:
    assert estimate_bytes(10, 20, itemsize=4) == 800
    assert estimate_bytes(10**9, 10**9, 10**9) == 8 * 10**27  # no overflow
    check_memory(1024, what="small")
    with pytest.raises(LimitError, match=r"field 'result': .* above the limit .*MEMORY"):
        check_memory(estimate_bytes(10**9, 365, 100, itemsize=4), what="result")
    monkeypatch.setenv("CHOKEPOINTS_MAX_MEMORY_BYTES", str(10**30))
    with pytest.raises(LimitError, match="available on this machine; use fewer runs"):
        check_memory(10**29, what="result", hint="use fewer runs")


@given(st.integers(min_value=-(10**20), max_value=10**20))
def test_check_accepts_exactly_up_to_the_limit(value: int) -> None:
    lim = limit("lead_time_days")
    if value <= lim.default:
        lim.check(value)
    else:
        with pytest.raises(LimitError):
            lim.check(value)
