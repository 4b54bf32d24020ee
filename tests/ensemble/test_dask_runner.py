"""The Dask runner against the single-machine runner, on a real two-worker LocalCluster."""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cloudpickle
import numpy as np
import pytest
import xarray as xr
from typer.testing import CliRunner

from chokepoints.cli import app
from chokepoints.ensemble import chunk_task, open_client, run_dask
from chokepoints.scenarios.runner import (
    CHUNK_RUNS,
    CompiledScenario,
    compile_scenario,
    run_compiled,
)
from chokepoints.scenarios.spec import load_scenario
from chokepoints.scenarios.summary import run_statistics

# the fault-injecting tasks below are defined here; workers unpickle them by value
cloudpickle.register_pickle_by_value(sys.modules[__name__])

RUNS = 2 * CHUNK_RUNS + 7  # three chunks, the last one short


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with open_client(workers=2, memory_limit="1GiB") as c:
        yield c


@pytest.fixture(scope="module")
def model() -> CompiledScenario:
    return compile_scenario(load_scenario("escalation"))


@pytest.fixture(scope="module")
def single(model: CompiledScenario) -> xr.Dataset:
    return run_compiled(model, runs=RUNS, seed=11)


def test_two_workers_with_bounded_memory(client: Any) -> None:
    workers = client.scheduler_info()["workers"].values()
    assert len(workers) == 2
    assert all(w["memory_limit"] == 2**30 and w["nthreads"] == 1 for w in workers)


def test_identical_to_single_machine(
    client: Any, model: CompiledScenario, single: xr.Dataset
) -> None:
    seen: list[tuple[int, int]] = []
    ds = run_dask(model, client, runs=RUNS, seed=11, progress=lambda d, n: seen.append((d, n)),
                  max_in_flight=2)  # fmt: skip
    xr.testing.assert_identical(ds, single)
    assert seen[0] == (0, RUNS) and seen[-1] == (RUNS, RUNS) and len(seen) == 4
    # the seed matters: another seed gives another result
    other = run_dask(model, client, runs=CHUNK_RUNS, seed=12)
    assert not np.array_equal(other["production"].values, single["production"].values[:CHUNK_RUNS])


def test_several_chunks_per_task(client: Any, model: CompiledScenario, single: xr.Dataset) -> None:
    ds = run_dask(model, client, runs=RUNS, seed=11, chunks_per_task=2)
    xr.testing.assert_identical(ds, single)


def test_statistics_equal_single_machine(
    client: Any, model: CompiledScenario, single: xr.Dataset
) -> None:
    stats = run_dask(model, client, runs=RUNS, seed=11, statistics=True)
    expected = run_statistics(single)
    xr.testing.assert_equal(stats, expected)
    assert stats.attrs["seed"] == 11 and stats.attrs["runs"] == RUNS
    assert stats.attrs["magnet_value_usd_per_t"] == expected.attrs["magnet_value_usd_per_t"]


def _fail_once(marker: str, how: str, *args: Any) -> Any:
    """The chunk task, but the first call anywhere raises or kills its worker."""
    try:
        fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return chunk_task(*args)
    os.close(fd)
    if how == "kill":
        os._exit(1)  # the worker process dies with the chunk
    raise RuntimeError("injected failure")


@pytest.mark.parametrize("how", ["raise", "kill"])
def test_failed_chunk_is_rerun(client: Any, model: CompiledScenario, single: xr.Dataset,
                               tmp_path: Path, how: str) -> None:  # fmt: skip
    marker = tmp_path / "failed-once"
    task = functools.partial(_fail_once, str(marker), how)
    ds = run_dask(model, client, runs=RUNS, seed=11, task=task)
    assert marker.exists()
    xr.testing.assert_identical(ds, single)


def test_raising_chunk_without_retries_fails(
    client: Any, model: CompiledScenario, tmp_path: Path
) -> None:
    task = functools.partial(_fail_once, str(tmp_path / "m"), "raise")
    with pytest.raises(RuntimeError, match="injected failure"):
        run_dask(model, client, runs=CHUNK_RUNS, seed=1, task=task, retries=0)


def test_existing_cluster_by_address(
    client: Any, model: CompiledScenario, single: xr.Dataset
) -> None:
    with open_client(client.scheduler.address) as other:
        ds = run_dask(model, other, runs=CHUNK_RUNS, seed=11)
    xr.testing.assert_identical(
        ds, single.isel(run=slice(0, CHUNK_RUNS)).assign_attrs(runs=CHUNK_RUNS)
    )


def test_cli_ensemble_json_and_netcdf(client: Any, single: xr.Dataset, tmp_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(app, ["ensemble", "escalation", "--runs", str(RUNS), "--seed", "11",
                              "--cluster", client.scheduler.address, "--format", "json",
                              "--out", str(tmp_path)])  # fmt: skip
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    assert {r["country"] for r in rows} >= {"USA", "JPN"}
    assert f"{RUNS}/{RUNS} runs" in res.stderr
    with xr.open_dataset(tmp_path / "result.nc", engine="scipy") as back:
        np.testing.assert_array_equal(back["production"].values, single["production"].values)


def test_cli_rejects_unknown_format() -> None:
    res = CliRunner().invoke(
        app, ["ensemble", "escalation", "--format", "xml"], env={"COLUMNS": "200"}
    )
    assert res.exit_code != 0
    assert "'xml' is not one of 'table', 'json', 'csv', 'ndjson'" in res.output


def test_cli_statistics_table(client: Any, single: xr.Dataset) -> None:
    res = CliRunner().invoke(app, ["ensemble", "escalation", "--runs", str(RUNS), "--seed", "11",
                                   "--cluster", client.scheduler.address, "--statistics",
                                   "--format", "json", "--no-progress"])  # fmt: skip
    assert res.exit_code == 0, res.output
    rows = {(r["country"], r["sector"]): r for r in json.loads(res.stdout)}
    stats = run_statistics(single)
    j = int(np.nonzero(stats["node"].values == "USA:sector:ev")[0][0])
    lost = stats["lost_output_t"].values[:, j]
    assert rows[("USA", "ev")]["lost_output_t"] == pytest.approx(float(np.median(lost)))
    assert "runs on" in res.stderr and "/57 runs" not in res.stderr
