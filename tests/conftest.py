"""Shared fixtures: the bundled world, and the small hand-made world of
``chokepoints.testing`` in memory and written to disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from chokepoints.testing import make_small_world
from chokepoints.world import World, load_world, save_world

__all__ = ["make_small_world"]  # kept importable from here for older tests


@pytest.fixture(scope="session")
def bundled_world() -> World:
    return load_world()


@pytest.fixture()
def small_world() -> World:
    return make_small_world()


@pytest.fixture()
def small_world_dir(tmp_path: Path, small_world: World) -> Path:
    return save_world(small_world, tmp_path / "small")
