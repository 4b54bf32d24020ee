"""Atomic writes keep the target's mode (or follow the umask) and leave nothing behind."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from chokepoints.atomic import (
    atomic_folder,
    atomic_path,
    current_umask,
    write_bytes_atomic,
    write_text_atomic,
)


def _mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def test_new_file_follows_umask(tmp_path: Path) -> None:
    old = os.umask(0o002)
    try:
        assert current_umask() == 0o002
        f = write_text_atomic(tmp_path / "new.txt", "x")
        assert _mode(f) == 0o664
        os.umask(0o077)
        g = write_bytes_atomic(tmp_path / "private.bin", b"x")
        assert _mode(g) == 0o600
    finally:
        os.umask(old)


def test_existing_file_keeps_its_mode(tmp_path: Path) -> None:
    f = tmp_path / "timeline.yaml"
    f.write_text("old")
    f.chmod(0o664)
    write_text_atomic(f, "new")
    assert _mode(f) == 0o664
    f.chmod(0o640)
    with atomic_path(f) as tmp:
        tmp.write_text("newer")
    assert _mode(f) == 0o640 and f.read_text() == "newer"


def test_failure_leaves_no_temp_file(tmp_path: Path) -> None:
    f = write_text_atomic(tmp_path / "x.txt", "old")
    for exc in (RuntimeError("disk full"), KeyboardInterrupt()):
        with pytest.raises(type(exc)), atomic_path(f) as tmp:
            tmp.write_text("half")
            raise exc
    assert f.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.txt"]


def test_unencodable_text_leaves_no_temp_file(tmp_path: Path) -> None:
    with pytest.raises(UnicodeEncodeError):
        write_text_atomic(tmp_path / "x.txt", "caf\udce9")
    assert list(tmp_path.iterdir()) == []


def test_folder_keeps_mode_and_cleans_up(tmp_path: Path) -> None:
    target = tmp_path / "out"
    with atomic_folder(target) as tmp:
        (tmp / "a.csv").write_text("1")
    target.chmod(0o750)
    with atomic_folder(target) as tmp:
        (tmp / "b.csv").write_text("2")
    assert _mode(target) == 0o750
    assert sorted(p.name for p in target.iterdir()) == ["b.csv"]
    with pytest.raises(KeyboardInterrupt), atomic_folder(target) as tmp:
        (tmp / "c.csv").write_text("3")
        raise KeyboardInterrupt
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
    assert sorted(p.name for p in target.iterdir()) == ["b.csv"]


def test_parent_that_is_a_file_is_a_clear_error(tmp_path: Path) -> None:
    from chokepoints.errors import DataError

    f = tmp_path / "f.txt"
    f.write_text("x")
    with pytest.raises(DataError, match=r"f\.txt: is a file, not a folder"):
        write_text_atomic(f / "report.html", "page")
    with pytest.raises(DataError, match="is a file, not a folder"), atomic_folder(f / "sub"):
        pass
