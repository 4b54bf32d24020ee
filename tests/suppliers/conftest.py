"""Fixtures for supplier-map tests: hand-made maps written to disk."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from chokepoints.testing import HAND_SUPPLIER_MAP, hand_supplier_tables, write_supplier_map

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "suppliers" / "ev_ebike"

#: Hand-checked map (see test_exposure.py), kept in chokepoints.testing.
HAND = HAND_SUPPLIER_MAP


@pytest.fixture
def hand_tables() -> dict[str, list[dict[str, Any]]]:
    return hand_supplier_tables()


@pytest.fixture
def map_writer(tmp_path: Path) -> Callable[[dict[str, list[dict[str, Any]]], str], Path]:
    def _write(tables: dict[str, list[dict[str, Any]]], name: str = "map") -> Path:
        return write_supplier_map(tmp_path / name, tables)

    return _write


@pytest.fixture
def example_path() -> Path:
    return EXAMPLE


@pytest.fixture(scope="session")
def hand_map_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand-checked map :data:`HAND` written once as a CSV folder."""
    return write_supplier_map(tmp_path_factory.mktemp("hand"), HAND)
