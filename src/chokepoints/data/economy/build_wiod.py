"""Build ``wiod2013_2011.npz`` from the WIOD 2013-release CSVs (shared raw folder).

Run from the repository root::

    python src/chokepoints/data/economy/build_wiod.py /work/shared/data/raw/wiod2013_mrio_2011

The CSV values are integers (million US$); they are stored unchanged as int32 arrays in a
compressed NumPy archive (``Z`` 1435 x 1435, ``Y`` 1435 x 205, ``x`` 1435), with the
region codes, sector codes and names and the final-demand column labels. The script
checks that the integers fit in int32 and round-trip exactly.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
OUT = HERE / "wiod2013_2011.npz"


def build(raw: Path, out: Path = OUT) -> Path:
    """Read the four CSVs under ``raw`` and write the archive ``out``."""
    z = pd.read_csv(raw / "Z_intermediate_2011.csv")
    y = pd.read_csv(raw / "Y_final_demand_2011.csv")
    x = pd.read_csv(raw / "x_gross_output_2011.csv")
    sectors = pd.read_csv(raw / "sectors.csv")
    regions = pd.read_csv(raw / "regions.csv")["region"].astype(str).tolist()
    keys = list(zip(z["region"], z["sector"], strict=True))
    for name, df in (("Y", y), ("x", x)):
        if list(zip(df["region"], df["sector"], strict=True)) != keys:
            raise ValueError(f"{name}: rows are not in the order of Z")
    Z = z.drop(columns=["region", "sector"]).to_numpy()
    Y = y.drop(columns=["region", "sector"]).to_numpy()
    xv = x["gross_output"].to_numpy()
    arrays = {}
    for name, a in (("Z", Z), ("Y", Y), ("x", xv)):
        if np.abs(a).max() >= 2**31:
            raise ValueError(f"{name} does not fit in int32")
        arrays[name] = a.astype(np.int32)
        if not np.array_equal(arrays[name].astype(np.int64), a.astype(np.int64)):
            raise ValueError(f"{name} does not round-trip")
    np.savez_compressed(
        out,
        **arrays,
        row_region=np.array([str(k[0]) for k in keys], dtype=str),
        row_sector=np.array([str(k[1]) for k in keys], dtype=str),
        regions=np.array(regions, dtype=str),
        sectors=np.array(sectors["sector"].tolist(), dtype=str),
        sector_names=np.array(sectors["name"].tolist(), dtype=str),
        y_columns=np.array([str(c) for c in y.columns[2:]], dtype=str),
    )
    return out


if __name__ == "__main__":
    src = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data/raw/wiod2013_mrio_2011")
    print(build(src))
