"""Atomic writes keep the old file when writing fails."""

from __future__ import annotations

from pathlib import Path

import pytest

from chokepoints.atomic import atomic_path, write_text_atomic


def test_write_and_replace(tmp_path: Path) -> None:
    f = write_text_atomic(tmp_path / "a" / "x.txt", "one")
    assert f.read_text() == "one"
    write_text_atomic(f, "two")
    assert f.read_text() == "two"
    assert [p.name for p in f.parent.iterdir()] == ["x.txt"]


def test_failure_keeps_old_content(tmp_path: Path) -> None:
    f = write_text_atomic(tmp_path / "x.txt", "old")
    with pytest.raises(RuntimeError), atomic_path(f) as tmp:
        tmp.write_text("half")
        raise RuntimeError("disk full")
    assert f.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.txt"]
