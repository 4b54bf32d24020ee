"""Comtrade and BACI loaders on small files the tests write, and apply_trade."""

from __future__ import annotations

from pathlib import Path

import pytest

from chokepoints.errors import DataError, DataErrors
from chokepoints.world import World
from chokepoints.world.trade import apply_trade, read_baci, read_comtrade


def test_comtrade_plus_headers(tmp_path: Path) -> None:
    f = tmp_path / "ct.csv"
    f.write_text(
        "refYear,reporterISO,partnerISO,flowCode,cmdCode,primaryValue,netWgt\n"
        "2024,USA,CHN,M,850511,359791115,7316000\n"
        "2024,USA,W00,M,850511,478000000,9800000\n"
        "2024,CHN,JPN,X,850511,1000,\n"
    )
    df = read_comtrade(f)
    assert list(df["exporter"]) == ["CHN", "CHN"]
    assert list(df["importer"]) == ["USA", "JPN"]
    assert df.loc[0, "quantity_t"] == pytest.approx(7316.0)
    assert df["quantity_t"].isna().iloc[1]


def test_comtrade_bad_value(tmp_path: Path) -> None:
    f = tmp_path / "ct.csv"
    f.write_text(
        "Year,Reporter ISO,Partner ISO,Trade Flow,Commodity Code,Trade Value (US$)\n2024,USA,CHN,Import,850511,lots\n"
    )
    with pytest.raises(
        DataErrors, match=r"ct.csv, row 1, field 'Trade Value \(US\$\)': 'lots' is not a number"
    ):
        read_comtrade(f)


def test_comtrade_missing_column(tmp_path: Path) -> None:
    f = tmp_path / "ct.csv"
    f.write_text("year,reporter\n2024,USA\n")
    with pytest.raises(DataErrors) as err:
        read_comtrade(f)
    text = str(err.value)
    assert "field 'partner': has no column for partner" in text
    assert "field 'reporter'" in text and "field 'year'" not in text


def test_baci(tmp_path: Path) -> None:
    f = tmp_path / "baci.csv"
    f.write_text(
        "t,i,j,k,v,q\n2022,156,842,850511,1000.5,20.0\n2022,156,251,284690,10,NA\n2022,156,999,850511,1,1\n"
    )
    with pytest.raises(DataErrors, match="row 3, field 'j': '999' is not a known country code"):
        read_baci(f)
    df = read_baci(f, hs6=["284690"])
    assert df.loc[0, "importer"] == "FRA"
    assert df.loc[0, "value_usd"] == pytest.approx(10_000.0)


def test_apply_trade_rescales_flows(tmp_path: Path, small_world: World) -> None:
    f = tmp_path / "baci.csv"
    f.write_text("t,i,j,k,v,q\n2022,36,36,253090,1,1\n")  # no matching flow at all
    with pytest.raises(DataError, match="matched no flow"):
        apply_trade(small_world, read_baci(f), year=2022, source_id="baci")
    import pandas as pd

    trade = pd.DataFrame(
        [
            {
                "year": 2022,
                "exporter": "BBB",
                "importer": "AAA",
                "hs6": "253090",
                "value_usd": 1.0,
                "quantity_t": 18.0,
            }
        ]
    )
    new = apply_trade(small_world, trade, year=2022, source_id="baci")
    row = new.flows.loc["BBB:ore>AAA:oxide:NdPr"]
    assert row["quantity_t_per_yr"] == pytest.approx(18.0)
    assert row["status"] == "primary" and row["source"] == "baci"
