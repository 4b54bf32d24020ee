from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def london_path() -> Path:
    return ROOT / "examples" / "news" / "london-talks-2025-06.txt"


@pytest.fixture
def gold_dir() -> Path:
    return Path(__file__).parent / "gold"
