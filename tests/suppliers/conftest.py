"""Fixtures for supplier-map tests: hand-made maps written to disk."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from chokepoints.suppliers.schema import TABLES_BY_NAME

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "suppliers" / "ev_ebike"

#: Hand-checked map (see test_exposure.py): line L at DEU makes P, each P holds 2 kg of
#: magnet M with 0.05 kg Dy per kg (0.1 kg Dy per P). M comes 75% from a Japanese and 25%
#: from a Chinese magnet maker; the Japanese maker buys its Dy oxide half from a Chinese,
#: half from a Myanmar separator, the Chinese maker all from the Chinese one.
HAND: dict[str, list[dict[str, Any]]] = {
    "sites": [
        {"site_id": "L", "firm": "Line", "country": "DEU"},
        {"site_id": "MJ", "firm": "Mag JP", "country": "JPN"},
        {"site_id": "MC", "firm": "Mag CN", "country": "CHN"},
        {"site_id": "OC", "firm": "Oxide CN", "country": "CHN"},
        {"site_id": "OM", "firm": "Oxide MM", "country": "MMR"},
    ],
    "parts": [
        {"part_id": "P", "name": "product", "unit": "piece", "world_product": ""},
        {"part_id": "M", "name": "magnet", "unit": "kg", "world_product": "magnet:ndfeb_hre"},
        {"part_id": "O", "name": "Dy oxide", "unit": "kg", "world_product": "oxide:Dy"},
    ],
    "lines": [{"line_id": "LINE", "site_id": "L", "part_id": "P", "output_per_day": 100}],
    "bom": [
        {"parent_part": "P", "child_part": "M", "quantity": 2, "unit": "kg"},
        {"parent_part": "M", "child_part": "O", "quantity": 0.05, "unit": "kg"},
    ],
    "contents": [{"part_id": "O", "element": "Dy", "quantity": 1000, "unit": "g"}],
    "links": [
        {
            "supplier_site": "MJ",
            "customer_site": "L",
            "part_id": "M",
            "share": 0.75,
            "lead_time_days": 30,
        },
        {
            "supplier_site": "MC",
            "customer_site": "L",
            "part_id": "M",
            "share": 0.25,
            "lead_time_days": 30,
        },
        {
            "supplier_site": "OC",
            "customer_site": "MJ",
            "part_id": "O",
            "share": 0.5,
            "lead_time_days": 10,
        },
        {
            "supplier_site": "OM",
            "customer_site": "MJ",
            "part_id": "O",
            "share": 0.5,
            "lead_time_days": 10,
        },
        {
            "supplier_site": "OC",
            "customer_site": "MC",
            "part_id": "O",
            "share": 1.0,
            "lead_time_days": 2,
        },
    ],
    "inventory": [],
    "alternatives": [],
    "substitutes": [],
}


def write_map(folder: Path, tables: dict[str, list[dict[str, Any]]]) -> Path:
    """Write ``tables`` as a CSV map (every schema column present)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        cols = TABLES_BY_NAME[name].column_names
        pd.DataFrame(rows, columns=cols).to_csv(folder / f"{name}.csv", index=False)
    return folder


@pytest.fixture
def hand_tables() -> dict[str, list[dict[str, Any]]]:
    return copy.deepcopy(HAND)


@pytest.fixture
def map_writer(tmp_path: Path) -> Callable[[dict[str, list[dict[str, Any]]], str], Path]:
    def _write(tables: dict[str, list[dict[str, Any]]], name: str = "map") -> Path:
        return write_map(tmp_path / name, tables)

    return _write


@pytest.fixture
def example_path() -> Path:
    return EXAMPLE


@pytest.fixture(scope="session")
def hand_map_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand-checked map :data:`HAND` written once as a CSV folder."""
    return write_map(tmp_path_factory.mktemp("hand"), HAND)
