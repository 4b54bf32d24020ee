"""Atomic file writes: a reader never sees a half-written file, and a failed write
leaves what was there before untouched.

Every writer in chokepoints goes through these helpers: the content is written to a
temporary file in the target's folder (same file system) and renamed over the target
with :func:`os.replace`, which is atomic on POSIX and Windows.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it over ``path`` on success.

    For writers that want a file name (``Dataset.to_netcdf``, ``DataFrame.to_csv``)::

        with atomic_path(out / "result.nc") as tmp:
            ds.to_netcdf(tmp)
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_text_atomic(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` atomically and return the path."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding=encoding)
    return Path(path)


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically and return the path."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return Path(path)


@contextmanager
def atomic_folder(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield an empty temporary folder beside ``path``; swap it in for ``path`` on success.

    The old folder (if any) is renamed aside, the new one renamed into place, and the
    old one removed, so a reader sees either the old folder or the new one. On failure
    the temporary folder is removed and ``path`` is left as it was. The folder is made
    with ``mkdir`` so it gets the usual permissions (umask).
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tag = f".{target.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}"
    tmp = target.parent / f"{tag}.tmp"
    tmp.mkdir()
    try:
        yield tmp
        backup = None
        if target.exists():
            backup = target.parent / f"{tag}.old"
            target.rename(backup)
        tmp.rename(target)
        if backup is not None:
            shutil.rmtree(backup, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
