"""The scenario commands through Typer's CliRunner: exit codes, files, JSON shapes."""

from __future__ import annotations

import json
from pathlib import Path

import xarray as xr
from typer.testing import CliRunner

from chokepoints.cli import app

runner = CliRunner()


def test_run_bundled_scenario_writes_report(tmp_path: Path) -> None:
    out = tmp_path / "sq"
    res = runner.invoke(app, ["run", "status-quo", "--runs", "3", "--out", str(out),
                              "--no-backtest", "--format", "json"])  # fmt: skip
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    assert len(rows) == 72  # 35 before the finer world (data 2026.12-1): see test_runner
    assert {"country", "sector", "lost_output_t", "lost_output_t_p05", "lost_output_t_p95",
            "first_shortage_day", "peak_shortfall_pct", "days_below_90pct",
            "lost_magnet_value_usd_m", "lost_value_added_usd_m", "lost_value_added_usd_m_p05",
            "lost_value_added_usd_m_p95", "units_not_made"} <= set(rows[0])  # fmt: skip
    # the economy's value added sits next to the tonnes: zero where nothing is lost, NaN
    # (null) for sectors without a sourced product, never negative
    for r in rows:
        va = r["lost_value_added_usd_m"]
        assert va is None or va >= 0
        if r["lost_output_t"] == 0 and va is not None:
            assert va == 0
    assert any(r["sector"] == "ev" and r["lost_value_added_usd_m"] is not None for r in rows)
    page = (out / "report.html").read_text()
    assert page.count("<svg") >= 10 and "<script" not in page
    ds = xr.open_dataset(out / "result.nc", engine="scipy")
    assert ds.attrs["scenario"] == "status-quo" and int(ds.sizes["run"]) == 3
    ds.close()
    summary = json.loads((out / "summary.json").read_text())
    assert summary["scenario"] == "status-quo" and len(summary["rows"]) == 72
    assert summary["shortage_threshold"] == 0.99 and summary["start"] == "2026-11-01"
    assert not list(out.glob(".*.tmp"))  # atomic writes leave no temporary files
    # rows: most runs short first, then the largest median loss
    keys = [(-r["share_runs_short"], -r["lost_output_t"]) for r in rows]
    assert keys == sorted(keys)


def test_run_table_output(tmp_path: Path) -> None:
    res = runner.invoke(app, ["run", "breakthrough", "--runs", "2", "--no-write"])
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert lines[0].startswith("scenario breakthrough (hash ")
    assert "start 2026-11-01, horizon 365 days, 2 runs, seed 20261103" in lines[0]
    assert (
        "below 99% of the output without export controls" in lines[1]
        and "median (p05-p95)" in lines[1]
    )
    assert "t magnet-equivalent" in lines[2]
    header = lines[4].split()
    assert header == ["country", "sector", "share_runs_short", "first_shortage_day",
                      "peak_shortfall_pct", "days_below_90pct", "lost_output_t",
                      "lost_magnet_value_usd_m", "lost_value_added_usd_m"]  # fmt: skip
    assert "lost_value_added_usd_m: direct value added" in lines[2]


def test_run_notes_elements_without_nodes() -> None:
    """No. 57's elements have no node in the bundled world: said on stderr, not dropped."""
    res = runner.invoke(app, ["run", "lapse-2026", "--runs", "1", "--no-write"])
    assert res.exit_code == 0, res.output
    note = next(x for x in res.stderr.splitlines() if "no node in the world" in x)
    assert "cn-mofcom-2025-57: Ho, Er, Tm, Eu, Yb" in note


def test_run_adds_backtest_only_for_the_bundled_world(tmp_path: Path) -> None:
    from importlib import resources

    world = resources.files("chokepoints.data") / "world"
    mine = tmp_path / "mine.yaml"
    mine.write_text(f"extends: status-quo\nname: mine\nworld: {world}\n")
    for scenario, expect in ((str(mine), False), ("status-quo", True)):
        out = tmp_path / scenario.replace("/", "_")
        res = runner.invoke(app, ["run", scenario, "--runs", "2", "--out", str(out),
                                  "--format", "csv"])  # fmt: skip
        assert res.exit_code == 0, res.output
        assert ("Backtest 2025" in (out / "report.html").read_text()) is expect


def test_backtest_json_shape() -> None:
    res = runner.invoke(app, ["backtest", "2025", "--runs", "4", "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["scenario"] == "backtest-2025"
    m = data["metrics"]
    for key in ("mape_in_sample", "mape_out_of_sample", "correlation"):
        assert isinstance(m[key], float)
    # world and US (the pooled headline) and the destination series the world has
    assert {"world", "usa", "japan"} <= set(m["by_series"]) == set(m["series"])
    for base in ("mean_2024", "persistence"):
        b = m["baselines"][base]
        assert isinstance(b["mape_in_sample"], float) and isinstance(b["mape_out_of_sample"], float)
        assert set(b["by_series"]) == set(m["series"])
    months = data["months"]
    assert {r["series"] for r in months} == set(m["series"])
    rec = months[0]
    assert {"month", "series", "observed_t", "simulated_t", "sample", "mean_2024_t",
            "persistence_t"} <= set(rec)  # fmt: skip
    assert {r["sample"] for r in months} == {"in", "out"}
    assert all(r["month"] > "2025-10" for r in months if r["sample"] == "out")


def test_backtest_unknown_year() -> None:
    res = runner.invoke(app, ["backtest", "2019"])
    assert res.exit_code == 2
    assert "2019 has no bundled backtest" in res.output


def test_scenario_new_then_check(tmp_path: Path) -> None:
    f = tmp_path / "mine.yaml"
    assert runner.invoke(app, ["scenario", "new", str(f)]).exit_code == 0
    assert f.read_text().startswith("# A chokepoints scenario")
    res = runner.invoke(app, ["scenario", "check", str(f)])
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith(f"{f}: ok (my-scenario, 2026-11-01 to 2027-10-31")


def test_scenario_check_reports_errors(tmp_path: Path) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text("extends: status-quo\nruns: -1\n")
    res = runner.invoke(app, ["scenario", "check", str(f)])
    assert res.exit_code == 1
    assert res.output == (
        f"Error: 1 problem(s) found in scenario {f}:\n"
        f"  - {f}, field 'runs': '-1' is out of range (expected a number >= 1)\n"
    )


def test_compare_two(tmp_path: Path) -> None:
    res = runner.invoke(app, ["compare", "status-quo", "escalation", "--runs", "2",
                              "--out", str(tmp_path), "--format", "csv"])  # fmt: skip
    assert res.exit_code == 0, res.output
    header = res.stdout.splitlines()[0]
    assert header.startswith("country,sector,status-quo:lost_output_t")
    assert "escalation:lost_output_t" in header
    assert (tmp_path / "compare.html").read_text().count("<svg") >= 5


def test_cli_module_imports_no_heavy_modules() -> None:
    import subprocess
    import sys

    code = ("import sys, chokepoints.scenarios.cli; "
            "print(sorted(m for m in ('pandas', 'numpy', 'xarray', 'numba') if m in sys.modules))")  # fmt: skip
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
