"""Fixtures: scenario files on a small hand-made world (see tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from chokepoints.testing import SMALL_SCENARIO

__all__ = ["SMALL_SCENARIO"]  # the scenario text lives in chokepoints.testing


@pytest.fixture()
def small_scenario(tmp_path: Path, small_world_dir: Path) -> Path:
    path = tmp_path / "small.yaml"
    path.write_text(SMALL_SCENARIO.format(world=small_world_dir), encoding="utf-8")
    return path
