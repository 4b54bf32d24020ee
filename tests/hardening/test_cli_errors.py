"""Bad inputs found by the fuzzing pass (issue 16) end in one clear error, exit code 1 or 2.

Each case runs the real root command group and checks the words the user sees; the
whole corpus is replayed by ``tools/fuzz.py`` (not in the test suite: it takes minutes).
"""

from __future__ import annotations

import csv
import shutil
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner

from chokepoints.cli import app


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), catch_exceptions=True)
    exc = result.exception
    assert exc is None or isinstance(exc, SystemExit), repr(exc)
    return result.exit_code, result.output


def _world(tmp_path: Path) -> Path:
    src = Path(str(resources.files("chokepoints.data").joinpath("world")))
    dest = tmp_path / "world"
    shutil.copytree(src, dest)
    return dest


def _set_column(path: Path, column: str, value: str, rows: slice = slice(1, None)) -> None:
    table = list(csv.reader(path.open(newline="", encoding="utf-8")))
    j = table[0].index(column)
    for r in table[rows]:
        r[j] = value
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(table)


SCENARIO = "name: fuzz\nextends: status-quo\nruns: 2\n"


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        ("runs: true\n", "runs"),
        ("horizon_days: 100000000\n", "above the limit of 3660 days"),
        ("world: no/such/folder\n", "does not exist or is not a folder"),
        ("assumptions:\n  inventory_days: {magnet: .nan}\n", "finite number"),
        ("assumptions:\n  restoration_tau_days: .inf\n", "finite number"),
        ("seed: -1\n", "is out of range (expected a number >= 0)"),
        (
            "overrides:\n  - {action: change, date: 2026-12-01, measures: [cn-mofcom-2025-18],"
            " approval_probability: 0.5, destinations: [NARNIA]}\n",
            "not an ISO 3166 alpha-3",
        ),
        ("runs: 3\n", "appears twice"),
    ],
)
def test_bad_scenario_values(tmp_path: Path, extra: str, words: str) -> None:
    f = tmp_path / "s.yaml"
    f.write_text(SCENARIO.replace("runs: 2\n", "") + extra if "runs:" in extra and
                 "runs: 3" not in extra else SCENARIO + extra)  # fmt: skip
    code, out = _run("scenario", "check", str(f))
    assert code == 1, out
    assert out.startswith("Error:") and words in out


def test_world_is_read_from_the_scenario_folder(tmp_path: Path) -> None:
    _world(tmp_path)
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "s.yaml").write_text(SCENARIO + "world: ../world\n")
    code, out = _run("scenario", "check", str(sub / "s.yaml"))
    assert code == 0, out


def test_scenario_names_become_safe_folder_names() -> None:
    from chokepoints.scenarios.spec import folder_name

    assert folder_name("../../escaped") == "escaped"
    assert folder_name("/tmp/abs") == "tmp-abs"
    assert folder_name("a/b") == "a-b"
    assert folder_name("..") == "scenario"
    assert folder_name("status-quo") == "status-quo"


def test_unknown_inventory_country_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "s.yaml"
    f.write_text(SCENARIO + "assumptions:\n  inventory_days_by_country: {NARNA: {magnet: 3}}\n")
    from chokepoints.errors import DataError
    from chokepoints.scenarios.runner import scenario_world
    from chokepoints.scenarios.spec import load_scenario

    with pytest.raises(DataError, match="'NARNA' is not a known country"):
        scenario_world(load_scenario(f))


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("world", "summary", "--top", "0"), "--top"),
        (("run", "status-quo", "--runs", "0", "--no-write"), "--runs"),
        (("run", "status-quo", "--seed", "-1", "--no-write"), "--seed"),
        (("timeline", "--issuer", "NARNIA"), "--issuer"),
        (("timeline", "--element", "Xx"), "--element"),
        (("timeline", "--kind", "nonsense"), "--kind"),
        (
            ("regime", "--date", "2025-12-15", "--product", "magnet", "--from", "CHN", "--to",
             "USA", "--china-content", "5"),
            "--china-content",
        ),
        (
            ("regime", "--date", "2025-12-15", "--product", "magnet", "--from", "CHN", "--to",
             "USA", "--china-content", "nan"),
            "--china-content",
        ),
    ],
)  # fmt: skip
def test_option_bounds(args: tuple[str, ...], words: str) -> None:
    code, out = _run(*args)
    assert code == 2, out
    assert words in out


def test_bad_meta_json_and_all_zero_world(tmp_path: Path) -> None:
    world = _world(tmp_path)
    meta = world / "meta.json"
    for text, words in (
        ("{not json", "is not valid JSON at line 1"),
        ("[1]", "top level is a list"),
    ):
        meta.write_text(text)
        code, out = _run("world", "summary", "--world", str(world))
        assert code == 1 and "meta.json" in out and words in out, out
    meta.unlink()
    meta.mkdir()
    code, out = _run("world", "summary", "--world", str(world))
    assert code == 1 and "is a folder" in out, out
    meta.rmdir()
    _set_column(world / "nodes.csv", "production_t_per_yr", "0")
    _set_column(world / "nodes.csv", "capacity_t_per_yr", "0")
    _set_column(world / "flows.csv", "quantity_t_per_yr", "0")
    code, out = _run("world", "summary", "--world", str(world))
    assert code == 1 and "is 0 for every node" in out, out


def test_timeline_suspensions_and_names(tmp_path: Path) -> None:
    entry = (
        "  - id: {id}\n    title: t\n    kind: suspension\n    issuer: {issuer}\n"
        "    suspends: [{target}]\n    announced: 2026-01-01\n    start: 2026-01-01\n"
        "    source: x\n    status: secondary\n"
    )
    f = tmp_path / "t.yaml"
    f.write_text(
        "measures:\n"
        + entry.format(id="s1", issuer="XXX", target="s1")
        + entry.format(id="s2", issuer="CHN", target="s3")
        + entry.format(id="s3", issuer="CHN", target="s2")
    )
    code, out = _run("timeline", "--timeline", str(f))
    assert code == 1, out
    assert "is the suspension itself" in out
    assert "suspends 's2' in turn" in out
    assert "'XXX' is not an ISO 3166-1 alpha-3 country code" in out


def test_market_nan_is_refused(tmp_path: Path) -> None:
    src = resources.files("chokepoints.data").joinpath("market", "markets", "dysprosium-oxide.yaml")
    f = tmp_path / "m.yaml"
    f.write_text(src.read_text(encoding="utf-8").replace("substitution: 5.0", "substitution: .nan"))
    code, out = _run("market", "--input", str(f))
    assert code == 1 and "substitution" in out and "NaN" in out, out
