"""Every bundled data file is named in data/SOURCES.md (regenerate with tools/sources_index.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_sources_index_is_current() -> None:
    res = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "sources_index.py"), "--check"], check=False
    )
    assert res.returncode == 0, (
        "src/chokepoints/data/SOURCES.md is stale: run python tools/sources_index.py"
    )


def test_every_data_folder_has_provenance() -> None:
    data = ROOT / "src" / "chokepoints" / "data"
    for f in data.rglob("*.csv"):
        if "world" in f.relative_to(data).parts[:1]:
            continue
        chain = [f.parent, *f.parent.parents]
        assert any(
            (d / "SOURCES.md").exists()
            for d in chain
            if d != data and data in d.parents or d == f.parent
        ), f
