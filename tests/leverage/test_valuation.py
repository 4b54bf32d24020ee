"""The value-added basis of the leverage pains (WIOD 2011 shares and input multipliers)."""

from __future__ import annotations

import pytest

from chokepoints.leverage import data, valuation


def test_every_good_has_a_chinese_user_and_an_ordered_band() -> None:
    users = valuation.load_users()
    assert set(users) == {g.good for g in data.load_goods()}
    for good, u in users.items():
        lo, mid, hi = valuation.input_multiplier(good)
        v = valuation.va_share(u.user_country, u.user_industry)
        assert 0 < v < 1
        assert lo == pytest.approx(v)  # one US$ of output per US$ of input
        assert lo <= mid <= hi, good
        a_all, a_imp = valuation.input_coefficients(
            u.supplier_industry, u.user_country, u.user_industry
        )
        assert 0 <= a_imp <= a_all < 1
        if u.kind == "capital":  # not in the intermediate flows: the low end only
            assert lo == mid == hi
        else:
            assert mid == pytest.approx(v / a_all)
        assert 0 < valuation.supplier_va_share(good) < 1


def test_export_value_added_shares() -> None:
    for o, d in (("CHN", "USA"), ("USA", "CHN")):
        k = valuation.export_va_share(o, d)
        assert 0 < k < 1
    # China's exports carry more imported content than the US's (WIOD 2011)
    assert valuation.export_va_share("CHN", "USA") < valuation.export_va_share("USA", "CHN")


def test_cli_refuses_an_unknown_basis() -> None:
    from typer.testing import CliRunner

    from chokepoints.cli import app

    res = CliRunner().invoke(app, ["leverage", "status-quo", "--basis", "gdp"])
    assert res.exit_code != 0 and "basis" in res.output
