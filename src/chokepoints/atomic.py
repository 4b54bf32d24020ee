"""Atomic file writes: a reader never sees a half-written file, and a failed write
leaves what was there before untouched.

Every writer in chokepoints goes through these helpers: the content is written to a
temporary file in the target's folder (same file system), flushed to disk (``fsync``),
given the right permissions and renamed over the target with :func:`os.replace`, which is
atomic on POSIX and Windows; the folder is then flushed too, so the rename survives a
power cut.

Permissions: a file that already exists keeps its mode (``news accept`` on a 0664
timeline leaves it 0664); a new file gets ``0666`` less the process umask, as
``open(..., "w")`` would give it (not the ``0600`` that :func:`tempfile.mkstemp` uses).
On any failure, including ``KeyboardInterrupt``, the temporary file or folder is removed.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _make_folder(folder: Path) -> None:
    """``mkdir -p`` with a one-line error when a part of the path is a file."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        from chokepoints.errors import DataError

        part = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()), folder)
        raise DataError(
            "is a file, not a folder (expected a folder to write output files into)",
            file=str(part),
        ) from None


def current_umask() -> int:
    """The process umask, read without changing it where the system allows."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)  # no read-only query elsewhere: set and restore at once
    os.umask(mask)
    return mask


def _mode_for(target: Path, default: int = 0o666) -> int:
    """Mode for ``target``: its current mode if it exists, else ``default`` less the umask."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        return default & ~current_umask()


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    """Flush a folder's entries (the rename); a no-op where folders cannot be opened."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it over ``path`` on success.

    For writers that want a file name (``Dataset.to_netcdf``, ``DataFrame.to_csv``)::

        with atomic_path(out / "result.nc") as tmp:
            ds.to_netcdf(tmp)

    The file is flushed to disk and given the target's mode (or ``0666`` less the
    umask for a new file) before the rename; on failure the temporary file is removed.
    """
    target = Path(path)
    _make_folder(target.parent)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.chmod(tmp, _mode_for(target))
        _fsync_file(tmp)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(target.parent)


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (flushed, mode kept) and return the path."""
    with atomic_path(path) as tmp, open(tmp, "wb") as fh:
        fh.write(data)
    return Path(path)


def write_text_atomic(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` atomically (flushed, mode kept) and return the path."""
    return write_bytes_atomic(path, text.encode(encoding))


def _fsync_tree(root: Path) -> None:
    for folder, _dirs, files in os.walk(root):
        for name in files:
            _fsync_file(Path(folder) / name)
        _fsync_dir(Path(folder))


@contextmanager
def atomic_folder(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield an empty temporary folder beside ``path``; swap it in for ``path`` on success.

    The old folder (if any) is renamed aside, the new one renamed into place, and the
    old one removed, so a reader sees either the old folder or the new one. The new
    folder's files are flushed to disk first; it gets the old folder's mode, or the
    usual permissions (umask) when there was none. On failure the temporary folder is
    removed and ``path`` is left as it was (the old folder is put back if the swap
    itself fails half-way).
    """
    target = Path(path)
    _make_folder(target.parent)
    tag = f".{target.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}"
    tmp = target.parent / f"{tag}.tmp"
    tmp.mkdir()
    try:
        yield tmp
        if target.is_dir():
            os.chmod(tmp, stat.S_IMODE(os.stat(target).st_mode))
        _fsync_tree(tmp)
        backup = None
        if target.exists():
            backup = target.parent / f"{tag}.old"
            target.rename(backup)
        try:
            tmp.rename(target)
        except BaseException:
            if backup is not None:
                backup.rename(target)
            raise
        _fsync_dir(target.parent)
        if backup is not None:
            shutil.rmtree(backup, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
