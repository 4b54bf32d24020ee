"""The file lock that serialises ``news accept`` on one timeline file."""

from __future__ import annotations

import pytest

from chokepoints.errors import DataError
from chokepoints.news.locks import file_lock, lock_path


def test_second_holder_waits_then_gives_up_in_one_line(tmp_path) -> None:
    target = tmp_path / "timeline.yaml"
    with file_lock(target):
        with pytest.raises(DataError) as info:
            with file_lock(target, timeout_s=0.2):
                pass
    message = str(info.value)
    assert message.startswith(f"{target}: is being changed by another process")
    assert "\n" not in message
    with file_lock(target, timeout_s=0.2):  # released: free again
        pass
    assert lock_path(target).exists()  # the companion stays, so all lock the same file


def test_missing_folder_is_made(tmp_path) -> None:
    target = tmp_path / "new" / "timeline.yaml"
    with file_lock(target) as held:
        assert held == target
    assert lock_path(target).parent.is_dir()


def test_unusable_location_is_one_line(tmp_path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(DataError, match="cannot be locked"):
        with file_lock(blocker / "timeline.yaml"):
            pass
