"""The supply network: tables, loaders, validation.

Names are imported on first use, so that ``import chokepoints.world.cli`` (and the
``chokepoints --help`` it serves) does not pay for pandas.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from chokepoints.world.io import bundled_world_path, load_world, save_world
    from chokepoints.world.model import World
    from chokepoints.world.validate import validate_world

_EXPORTS = {
    "World": "chokepoints.world.model",
    "bundled_world_path": "chokepoints.world.io",
    "load_world": "chokepoints.world.io",
    "save_world": "chokepoints.world.io",
    "validate_world": "chokepoints.world.validate",
}

__all__ = ["World", "bundled_world_path", "load_world", "save_world", "validate_world"]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'chokepoints.world' has no attribute {name!r}")
