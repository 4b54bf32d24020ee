"""tools/fuzz.py keeps working: its corpus is current and a replay classifies outcomes."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def fuzz() -> ModuleType:
    spec = importlib.util.spec_from_file_location("chokepoints_fuzz", ROOT / "tools" / "fuzz.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def test_corpus_is_built_from_the_builder(fuzz: ModuleType) -> None:
    cases = fuzz.Builder().build()
    stored = [json.loads(line) for line in fuzz.CORPUS.read_text().splitlines() if line]
    assert len(cases) >= 300
    assert [c["id"] for c in cases] == [c["id"] for c in stored], "run tools/fuzz.py build"
    surfaces = {c["surface"] for c in cases}
    assert {"world CSV", "supplier CSV", "supplier XLSX", "scenario YAML", "market YAML",
            "timeline YAML", "news file", "CLI options", "meta.json"} <= surfaces  # fmt: skip


def test_replay_classifies(fuzz: ModuleType) -> None:
    import chokepoints.cli  # noqa: F401 - imported once, as `fuzz.py run` does

    by_id = {c["id"]: c for c in fuzz._load_corpus()}
    mem = 64 * 1024**3  # generous: the pytest process may already map a lot of address space
    bomb = fuzz.replay(by_id["scenario-alias-bomb"], timeout_s=60, mem_bytes=mem)
    assert bomb["outcome"] == "clear error", bomb
    assert "expands to more than" in bomb["detail"]
    fifo = fuzz.replay(by_id["timeline-fifo"], timeout_s=60, mem_bytes=mem)
    assert fifo["outcome"] == "clear error", fifo
    accepted = dict(by_id["scenario-alias-bomb"], argv=["scenario", "list"])
    assert fuzz.replay(accepted, timeout_s=60, mem_bytes=mem)["outcome"] == "accepted"
