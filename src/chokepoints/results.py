"""The result contract: labelled xarray Datasets with units and provenance, and tidy exports.

Every engine returns an :class:`xarray.Dataset`; this module states what such a result
must carry and turns it into the tables users keep:

- **units**: every data variable has ``attrs["units"]`` (and a ``long_name``)
  (:func:`missing_units`, :func:`check_result`);
- **selectable labels**: ``region``, ``product``, ``stage`` (or ``country``, ``sector``)
  coordinates along a dimension are indexed, so ``ds.sel(region="CHN")`` works while the
  dimension keeps its own ids (:func:`selectable`);
- **provenance**: dataset attrs name the package version and record each step applied
  as a JSON list in ``history`` (:func:`add_history`), after pymrio's meta-data log;
- **tidy exports**: one row per observation, written as Parquet, CSV or XLSX by the file
  suffix, atomically (:func:`export_table`, :func:`export_summary`).

Examples
--------
>>> import numpy as np, xarray as xr
>>> ds = xr.Dataset(
...     {"production": (("node",), np.array([1.0, 2.0]), {"units": "t/day"})},
...     coords={"node": ["CHN:ore", "USA:ore"], "region": ("node", ["CHN", "USA"])},
... )
>>> float(selectable(ds).sel(region="USA")["production"].sum())
2.0
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chokepoints.errors import DataError

if TYPE_CHECKING:
    import pandas as pd
    import xarray as xr

#: Non-dimension coordinates that :func:`selectable` indexes when present.
SELECTABLE_COORDS: tuple[str, ...] = ("region", "country", "product", "sector", "stage")
#: File suffixes :func:`export_table` writes, with the format's name.
EXPORT_FORMATS: dict[str, str] = {".parquet": "Parquet", ".csv": "CSV", ".xlsx": "XLSX"}


def missing_units(ds: xr.Dataset) -> list[str]:
    """Names of data variables without a ``units`` attribute."""
    return [str(name) for name, var in ds.data_vars.items() if "units" not in var.attrs]


def check_result(ds: xr.Dataset) -> xr.Dataset:
    """Return ``ds`` if it meets the result contract, else raise ``DataError``.

    The contract: every data variable states its units, and the dataset attrs name the
    package version (``package_version``) so a figure can be traced to the code.
    """
    problems = []
    missing = missing_units(ds)
    if missing:
        problems.append(f"data variables without 'units': {', '.join(missing)}")
    if "package_version" not in ds.attrs:
        problems.append("attrs lack 'package_version'")
    if problems:
        raise DataError("does not meet the result contract: " + "; ".join(problems), field="result")
    return ds


def selectable(ds: xr.Dataset, coords: Iterable[str] = SELECTABLE_COORDS) -> xr.Dataset:
    """``ds`` with its label coordinates indexed, so ``.sel(region="CHN")`` works.

    Each named coordinate that lies along one dimension without being that dimension
    gets its own index; the dimension keeps its ids (``node``). Select by one label at a
    time, e.g. ``ds.sel(region="CHN").sel(product="magnet:ndfeb")``.
    """
    out = ds
    for name in coords:
        if name in out.coords and name not in out.dims and name not in out.xindexes:
            if out[name].ndim == 1:
                out = out.set_xindex(name)
    return out


def add_history(ds: xr.Dataset, step: str, **details: Any) -> xr.Dataset:
    """Append one step to ``attrs["history"]`` (a JSON list) and stamp the package version.

    Parameters
    ----------
    ds : xarray.Dataset
        The result (its attrs are copied, not changed in place).
    step : str
        What was done, e.g. ``"run"`` or ``"export"``.
    **details
        JSON-serialisable details (scenario, runs, seed ...).
    """
    from chokepoints import __version__

    out = ds.copy()
    history = json.loads(str(out.attrs.get("history", "[]")) or "[]")
    history.append(
        {
            "step": step,
            "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "package_version": __version__,
            **details,
        }
    )
    out.attrs["history"] = json.dumps(history)
    out.attrs.setdefault("package_version", __version__)
    return out


def tidy(ds: xr.Dataset, variables: Iterable[str] | None = None) -> pd.DataFrame:
    """One row per observation: the dimensions and coordinates as columns, one per variable.

    Units go into the column names (``production [t/day]``), so the table stays
    unambiguous once written out.
    """
    names = list(variables) if variables is not None else [str(v) for v in ds.data_vars]
    if not names:
        raise DataError("has no data variables to export", field="result")
    sub = ds[names].drop_indexes([n for n in ds.xindexes if n not in ds.dims], errors="ignore")
    df = sub.to_dataframe().reset_index()
    rename = {}
    for n in names:
        unit = ds[n].attrs.get("units")
        if unit:
            rename[n] = f"{n} [{unit}]"
    return df.rename(columns=rename)


def check_export_path(path: str | os.PathLike[str]) -> Path:
    """``path`` as a Path if its suffix is one :func:`export_table` writes, else DataError."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in EXPORT_FORMATS:
        raise DataError(
            f"has an unknown suffix {suffix or '(none)'!r} "
            f"(expected one of {', '.join(EXPORT_FORMATS)})",
            file=str(target),
        )
    return target


def export_table(df: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write a table as Parquet, CSV or XLSX, chosen by the suffix, atomically.

    Raises
    ------
    DataError
        If the suffix is none of ``.parquet``, ``.csv``, ``.xlsx``.
    """
    from chokepoints.atomic import atomic_path

    target = check_export_path(path)
    suffix = target.suffix.lower()
    with atomic_path(target) as tmp:
        if suffix == ".parquet":
            df.to_parquet(tmp, index=False)
        elif suffix == ".csv":
            df.to_csv(tmp, index=False)
        else:
            df.to_excel(tmp, index=False, sheet_name="summary")
    return target


def summary_table(ds: xr.Dataset) -> pd.DataFrame:
    """The per-run summary of a dynamics result, one row per region and end-use sector.

    The table of :func:`chokepoints.scenarios.summarize` with the scenario, seed and run
    count as columns, so rows from several runs can be stacked.
    """
    from chokepoints.scenarios.summary import summarize

    df = summarize(ds).copy()
    df.insert(0, "scenario", str(ds.attrs.get("scenario", "")))
    df["seed"] = int(ds.attrs.get("seed", -1))
    df["runs"] = int(ds.attrs.get("runs", ds.sizes.get("run", 0)))
    return df


def export_summary(ds: xr.Dataset, path: str | os.PathLike[str]) -> Path:
    """Write the summary of a dynamics result (:func:`summary_table`) to Parquet, CSV or XLSX."""
    return export_table(summary_table(ds), path)
