"""Time the one table reader (chokepoints.tables) on a large synthetic flows table.

Writes an N-row ``flows.csv`` with the world schema's columns (made-up ids and
quantities) to a temporary folder and reports, median of ``--repeat`` runs:

- ``pandas.read_csv`` of the same file as strings (the parse alone, a floor);
- ``chokepoints.tables.read_table`` (parse, check and convert every cell, report
  problems with row numbers, index by key and look for duplicate ids).

Usage: ``python bench/bench_tables.py --rows 200000 --repeat 3``. Numbers are recorded in
docs/benchmarks.md, not asserted anywhere.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from chokepoints.errors import Problem
from chokepoints.tables import read_table
from chokepoints.world.schema import FLOWS


def write_flows(path: Path, n: int, seed: int = 0) -> Path:
    """A flows table of ``n`` rows: every column of the schema, values made up."""
    rng = np.random.default_rng(seed)
    df = pd.DataFrame(
        {
            "flow_id": [f"A{i}:ore>B{i}:oxide:Dy" for i in range(n)],
            "supplier_node": [f"A{i}:ore" for i in range(n)],
            "customer_node": [f"B{i}:oxide:Dy" for i in range(n)],
            "product_id": "ore",
            "quantity_t_per_yr": rng.random(n) * 100,
            "value_usd_per_yr": "",
            "lead_time_days": rng.integers(0, 60, n),
            "source": "t",
            "status": "estimated",
            "method": "synthetic",
        }
    )
    df.to_csv(path, index=False)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = write_flows(Path(tmp) / "flows.csv", args.rows)
        size_mb = path.stat().st_size / 1e6
        parse, read = [], []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            pd.read_csv(path, dtype=str, keep_default_na=False)
            parse.append(time.perf_counter() - t0)
            problems: list[Problem] = []
            t0 = time.perf_counter()
            df = read_table(path, FLOWS, problems, index_by_key=True)
            read.append(time.perf_counter() - t0)
            assert len(df) == args.rows and not problems
    p, r = statistics.median(parse), statistics.median(read)
    print(f"rows {args.rows:,}, file {size_mb:.1f} MB, median of {args.repeat}")
    print(f"pandas.read_csv (strings)        {p:6.2f} s")
    print(f"chokepoints.tables.read_table    {r:6.2f} s  ({args.rows / r:,.0f} rows/s)")


if __name__ == "__main__":
    main()
