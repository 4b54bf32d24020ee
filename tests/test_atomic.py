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


def test_atomic_folder_swaps_or_keeps(tmp_path: Path) -> None:
    from chokepoints.atomic import atomic_folder

    target = tmp_path / "out"
    with atomic_folder(target) as tmp:
        (tmp / "a.csv").write_text("1")
    with pytest.raises(RuntimeError), atomic_folder(target) as tmp:
        (tmp / "a.csv").write_text("2")
        raise RuntimeError("interrupted")
    assert (target / "a.csv").read_text() == "1"
    with atomic_folder(target) as tmp:
        (tmp / "b.csv").write_text("3")
    assert sorted(p.name for p in target.iterdir()) == ["b.csv"]
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
