"""The supply network: tables, loaders, validation."""

from chokepoints.world.io import bundled_world_path, load_world, save_world
from chokepoints.world.model import World
from chokepoints.world.validate import validate_world

__all__ = ["World", "bundled_world_path", "load_world", "save_world", "validate_world"]
