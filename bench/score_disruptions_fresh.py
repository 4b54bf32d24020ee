"""Score the model ONCE on the fresh held-out disruptions: ``python bench/score_disruptions_fresh.py``.

The fresh set (``chokepoints/data/disruptions/observed_disruptions_fresh.csv``, rows with
``sample`` = ``fresh``) was written from public reports on 2026-12-03 (commits
``disruptions-fresh:``) by a helper who never ran the model or read its onsets, and it is
never used by the calibration. This script runs the 2025 backtest (posterior draws, the
default 100 runs) at the default root seed and at seeds 1, 2 and 3, and writes each fresh
event's simulated onset median, 5-95% band and error in days, and the median absolute
error per seed, to ``bench/disruptions_fresh_first_run.json`` with the commit of the code
and the time of the run. It refuses to run when that file exists: the set is scored
once, after the model is final, and is spent from then on.
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
OUT = BENCH / "disruptions_fresh_first_run.json"
SEEDS: tuple[int | None, ...] = (None, 1, 2, 3)


def _git(*args: str) -> str:
    out = subprocess.run(["git", *args], capture_output=True, text=True, check=False, cwd=BENCH)
    return out.stdout.strip()


def main() -> None:
    if OUT.exists():
        sys.exit(f"{OUT} exists: the fresh disruptions have been scored already (once only)")
    commit = _git("rev-parse", "--short", "HEAD")
    dirty = bool(_git("status", "--porcelain", "--untracked-files=no", "--", "../src"))
    started = datetime.now(UTC).isoformat(timespec="seconds")
    by_seed: dict[str, Any] = {}
    for seed in SEEDS:
        res = run_backtest(2025, seed=seed)
        fresh = [r for r in res.disruptions if r["sample"] == "fresh"]
        if not fresh:
            sys.exit("no fresh events in the backtest's disruption records (loader not wired?)")
        by_seed["default" if seed is None else str(seed)] = {
            "summary": res.metrics["disruptions"].get("fresh"),
            "events": fresh,
        }
        print(seed, json.dumps(res.metrics["disruptions"].get("fresh")))
    result = {
        "note": (
            f"single scoring run of the fresh held-out disruptions, {started}, code as of "
            f"commit {commit}" + (" with uncommitted changes under src" if dirty else "")
        ),
        "system_commit": commit,
        "src_uncommitted_changes": dirty,
        "time_utc": started,
        "by_seed": by_seed,
    }
    write_text_atomic(OUT, json.dumps(result, indent=1, default=str) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
