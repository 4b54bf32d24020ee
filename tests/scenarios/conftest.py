"""Fixtures: scenario files on a small hand-made world (see tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

SMALL_SCENARIO = """\
name: small-ban
title: Ban on AAA's NdPr oxide to CCC
world: {world}
timeline:
  cutoff: 2024-12-31
start: 2025-01-01
horizon_days: 200
runs: 8
seed: 7
assumptions:
  inventory_days: {{oxide: 30, magnet: 30, sector: 15}}
  review_delay: exponential
overrides:
  - action: add
    date: 2025-02-01
    entry:
      id: aaa-licence
      title: AAA licence on NdPr oxide
      kind: licence
      issuer: AAA
      coverage: {{products: ["oxide:NdPr"]}}
      parameters:
        approval_probability: 0.5
        review_time: {{distribution: fixed, unit: calendar_days, mean: 40}}
      source: test
      status: estimated
"""


@pytest.fixture()
def small_scenario(tmp_path: Path, small_world_dir: Path) -> Path:
    path = tmp_path / "small.yaml"
    path.write_text(SMALL_SCENARIO.format(world=small_world_dir), encoding="utf-8")
    return path
