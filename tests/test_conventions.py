"""One shortage threshold and one band convention everywhere; no catch-all raises in tests."""

from __future__ import annotations

import ast
from pathlib import Path

from chokepoints import conventions
from chokepoints.scenarios import runner, summary
from chokepoints.suppliers import run as suppliers_run

TESTS = Path(__file__).resolve().parent


def test_every_engine_uses_the_one_shortage_threshold_and_bands() -> None:
    assert runner.SHORTAGE_THRESHOLD == conventions.SHORTAGE_THRESHOLD
    assert summary.SHORTAGE_THRESHOLD == conventions.SHORTAGE_THRESHOLD
    assert suppliers_run.STOP_SHARE == conventions.SHORTAGE_THRESHOLD
    assert suppliers_run.RECOVER_SHARE == conventions.SHORTAGE_THRESHOLD
    assert summary.QUANTILES == conventions.QUANTILES == suppliers_run.QUANTILES
    assert conventions.QUANTILES == (0.05, 0.5, 0.95)
    assert conventions.BAND_LABELS == ("p05", "p50", "p95")


def _broad_raises(path: Path) -> list[int]:
    """Line numbers of ``pytest.raises(Exception ...)`` / ``BaseException`` in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        f = node.func
        if not (isinstance(f, ast.Attribute) and f.attr == "raises"):
            continue
        first = node.args[0]
        names = first.elts if isinstance(first, ast.Tuple) else [first]
        if any(isinstance(n, ast.Name) and n.id in ("Exception", "BaseException") for n in names):
            lines.append(node.lineno)
    return lines


def test_no_test_expects_any_exception() -> None:
    """A test that accepts any exception passes on the wrong error too."""
    found = {
        str(p.relative_to(TESTS)): lines
        for p in sorted(TESTS.rglob("test_*.py"))
        if (lines := _broad_raises(p))
    }
    assert found == {}, f"pytest.raises(Exception) found (name the expected error): {found}"


def test_the_guard_sees_a_broad_raises(tmp_path: Path) -> None:
    p = tmp_path / "test_x.py"
    p.write_text(
        "import pytest\n\ndef test():\n    with pytest.raises((ValueError, Exception)):\n"
        "        pass\n",
        encoding="utf-8",
    )
    assert _broad_raises(p) == [4]
