"""Score the model ONCE on a fresh held-out set of disruptions.

``python bench/score_disruptions_fresh.py [fresh|fresh2]`` (default ``fresh``).

The fresh set (``chokepoints/data/disruptions/observed_disruptions_fresh.csv``, rows with
``sample`` = ``fresh``) was written from public reports on 2026-12-03 (commits
``disruptions-fresh:``) by a helper who never ran the model or read its onsets, and it is
never used by the calibration. This script runs the 2025 backtest (posterior draws, the
default 100 runs) at the default root seed and at seeds 1, 2 and 3, and writes each fresh
event's simulated onset median, 5-95% band and error in days, and the median absolute
error per seed, to ``bench/disruptions_fresh_first_run.json`` with the commit of the code
and the time of the run. It refuses to run when that file exists: the set is scored
once, after the model is final, and is spent from then on.

The second fresh set (``observed_disruptions_fresh2.csv``, sample ``fresh2``) was written
on 2026-12-03 (commits ``disruptions-fresh2:``) the same way, after the first had been
scored; ``fresh2`` scores it into ``bench/disruptions_fresh2_first_run.json``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from chokepoints.atomic import write_text_atomic
from chokepoints.scenarios.backtest import run_backtest

BENCH = Path(__file__).resolve().parent
SEEDS: tuple[int | None, ...] = (None, 1, 2, 3)


def _git(*args: str) -> str:
    out = subprocess.run(["git", *args], capture_output=True, text=True, check=False, cwd=BENCH)
    return out.stdout.strip()


def main() -> None:
    sample = sys.argv[1] if len(sys.argv) > 1 else "fresh"
    if sample not in ("fresh", "fresh2"):
        sys.exit(f"unknown set {sample!r} (expected fresh or fresh2)")
    out_path = BENCH / f"disruptions_{sample}_first_run.json"
    if out_path.exists():
        sys.exit(
            f"{out_path} exists: the {sample} disruptions have been scored already (once only)"
        )
    commit = _git("rev-parse", "--short", "HEAD")
    dirty = bool(_git("status", "--porcelain", "--untracked-files=no", "--", "../src"))
    started = datetime.now(UTC).isoformat(timespec="seconds")
    by_seed: dict[str, Any] = {}
    for seed in SEEDS:
        res = run_backtest(2025, seed=seed)
        fresh = [r for r in res.disruptions if r["sample"] == sample]
        if not fresh:
            sys.exit(f"no {sample} events in the backtest's disruption records (loader not wired?)")
        by_seed["default" if seed is None else str(seed)] = {
            "summary": res.metrics["disruptions"].get(sample),
            "events": fresh,
        }
        print(seed, json.dumps(res.metrics["disruptions"].get(sample)))
    result = {
        "note": (
            f"single scoring run of the {sample} held-out disruptions, {started}, code as of "
            f"commit {commit}" + (" with uncommitted changes under src" if dirty else "")
        ),
        "system_commit": commit,
        "src_uncommitted_changes": dirty,
        "time_utc": started,
        "by_seed": by_seed,
    }
    write_text_atomic(out_path, json.dumps(result, indent=1, default=str) + "\n")
    print(f"wrote {out_path}")


if __name__ == "__main__":
    main()
