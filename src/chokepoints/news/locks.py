"""An exclusive lock on a file, held by one process at a time (``news accept``).

The lock is taken on a companion file ``.NAME.lock`` in the same folder, not on the file
itself: the file is replaced by an atomic rename on every write, so a lock on it would
be a lock on the old copy. The companion file is left in place (removing it would let two
processes lock two different files of the same name).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from chokepoints.errors import DataError

#: Seconds to wait for another process to release the lock.
FILE_LOCK_TIMEOUT_S = 60.0
_POLL_S = 0.05


def lock_path(path: Path) -> Path:
    """The companion lock file of ``path``."""
    return path.with_name(f".{path.name}.lock")


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":  # pragma: no cover
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


@contextmanager
def file_lock(
    path: str | os.PathLike[str], timeout_s: float = FILE_LOCK_TIMEOUT_S
) -> Iterator[Path]:
    """Hold an exclusive lock on ``path`` for the duration of the block.

    Parameters
    ----------
    path : path
        The file to guard (it need not exist yet; its folder is made if missing).
    timeout_s : float
        Seconds to wait for another holder before giving up.

    Raises
    ------
    DataError
        If the lock file cannot be created, or another process holds the lock longer
        than ``timeout_s``.
    """
    target = Path(path)
    companion = lock_path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(companion, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise DataError(
            f"cannot be locked: the lock file {companion.name} cannot be created "
            f"({exc.strerror}; expected an existing folder you may write in)",
            file=str(target),
        ) from None
    try:
        deadline = time.monotonic() + timeout_s
        while not _try_lock(fd):
            if time.monotonic() >= deadline:
                raise DataError(
                    f"is being changed by another process, which has held {companion.name} "
                    f"for more than {timeout_s:g} s (try again when it has finished)",
                    file=str(target),
                )
            time.sleep(_POLL_S)
        try:
            yield target
        finally:
            _unlock(fd)
    finally:
        os.close(fd)
