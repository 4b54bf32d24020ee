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


def test_economy_wide_scales_only_chinas_pain_from_the_controls(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from chokepoints.leverage import pain

    seen: list[dict[str, float]] = []

    def fake(lost: dict[str, float], horizon_days: int, **kw: object) -> tuple[float, float]:
        seen.append(dict(lost))
        return 3.0, 1.0  # total three times the direct value added

    monkeypatch.setattr(valuation, "china_economy_wide_ratio", fake)
    pain._EW_CACHE.clear()
    goods = {g.good: g for g in data.load_goods()}
    ass = data.load_assumptions()
    levers = [pain._control_lever(k, goods, ass, 365, 365, None) for k in pain.US_CONTROL_LEVERS]
    out = pain.economy_wide_controls(levers, 365)
    for before, after in zip(levers, out, strict=True):
        assert after.to_target == pytest.approx(tuple(3 * x for x in before.to_target))
        assert after.to_owner == before.to_owner  # the US side is not rescaled
    # the shock is the Chinese output stopped: direct value added / the user's VA share
    chips = levers[0].detail["by_good"]
    c14 = sum(d["trade_lost_usd"][1] * d["value_added_per_usd_input"][1] for d in chips.values())
    c14 += (
        levers[1].detail["by_good"]["eda_software"]["trade_lost_usd"][1]
        * (levers[1].detail["by_good"]["eda_software"]["value_added_per_usd_input"][1])
    )
    assert seen[1]["c14"] == pytest.approx(c14 / valuation.va_share("CHN", "c14"))
    assert set(seen[1]) == {"c14", "c15", "c9"}


@pytest.mark.slow
def test_ario_ratio_is_above_one_for_a_real_shock() -> None:
    total, direct = valuation.china_economy_wide_ratio({"c14": 5e9}, 365)
    assert direct == pytest.approx(5e9 * valuation.va_share("CHN", "c14"), rel=1e-3)
    assert total > direct > 0  # suppliers and customers lose too
