"""Read and write worlds as folders of CSV files.

A world folder holds ``sources.csv``, ``countries.csv``, ``products.csv``,
``nodes.csv``, ``flows.csv`` and ``recipes.csv`` with the columns of
:mod:`chokepoints.world.schema` (documented in ``docs/data.md``). Reading checks
every row and reports every problem at once (capped), naming file, row and field.
Writing is atomic: the folder is written beside the target and swapped in.
"""

from __future__ import annotations

import json
import math
import os
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from chokepoints.atomic import atomic_folder
from chokepoints.errors import DataError, Problem, raise_if_problems
from chokepoints.world.model import World
from chokepoints.world.schema import TABLES, TableSchema

BUNDLED = "bundled"


def bundled_world_path() -> Path:
    """Folder of the bundled rare-earth world inside the installed package."""
    return Path(str(resources.files("chokepoints") / "data" / "world"))


def load_world(path: str | os.PathLike[str] | None = None, *, validate: bool = True) -> World:
    """Load a world from a folder of CSV files, or the bundled world if ``path`` is None.

    Parameters
    ----------
    path : path-like, optional
        Folder with the six table files. ``None`` or ``"bundled"`` loads the bundled
        rare-earth world.
    validate : bool
        Also run the cross-table checks of :func:`chokepoints.world.validate.validate_world`.

    Raises
    ------
    DataErrors
        Listing every malformed value (file, row, field, value, reason).
    """
    if path is None or str(path) == BUNDLED:
        folder, name = bundled_world_path(), BUNDLED
    else:
        folder, name = Path(path), str(path)
    if not folder.is_dir():
        raise DataError("is not a folder of world CSV files", file=str(folder))
    problems: list[Problem] = []
    tables: dict[str, pd.DataFrame] = {}
    for schema in TABLES:
        tables[schema.name] = read_table(folder / f"{schema.name}.csv", schema, problems)
    raise_if_problems(problems, context=f"world folder {folder}")
    meta: dict[str, Any] = {}
    meta_file = folder / "meta.json"
    if meta_file.exists():
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
    world = World(name=name, meta=meta, **tables)
    if validate:
        from chokepoints.world.validate import validate_world

        validate_world(world)
    return world


def read_table(file: Path, schema: TableSchema, problems: list[Problem]) -> pd.DataFrame:
    """Read one CSV file against its schema, appending problems instead of raising."""
    fname = file.name
    if not file.exists():
        problems.append(Problem(str(file), None, None, None, "file is missing"))
        return empty_table(schema)
    try:
        raw = pd.read_csv(file, dtype=str, keep_default_na=False, encoding="utf-8")
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        problems.append(Problem(fname, None, None, None, f"cannot be read as CSV: {exc}"))
        return empty_table(schema)
    return coerce_table(raw, schema, problems, fname)


def coerce_table(
    raw: pd.DataFrame, schema: TableSchema, problems: list[Problem], fname: str
) -> pd.DataFrame:
    """Check and convert a table of strings to the schema's dtypes.

    Rows are numbered from 1 (the first data row), as a spreadsheet user counts them
    below the header.
    """
    missing = [c.name for c in schema.columns if c.required and c.name not in raw.columns]
    for name in missing:
        problems.append(
            Problem(
                fname, None, name, None, f"required column is missing (have {list(raw.columns)})"
            )
        )
    if missing:
        return empty_table(schema)
    out: dict[str, list[Any]] = {}
    for col in schema.columns:
        values = raw[col.name].tolist() if col.name in raw.columns else [None] * len(raw)
        converted: list[Any] = []
        for i, v in enumerate(values, start=1):
            converted.append(_convert(v, col, fname, i, problems))
        out[col.name] = converted
    df = pd.DataFrame(out, columns=schema.column_names)
    for col in schema.columns:
        if col.dtype == "float":
            df[col.name] = df[col.name].astype("float64")
        elif col.dtype == "bool":
            df[col.name] = df[col.name].astype(bool)
        else:
            df[col.name] = df[col.name].astype(object)
    keys = df[schema.key]
    dup = keys[keys.duplicated()]
    for idx, key in dup.items():
        problems.append(
            Problem(fname, int(str(idx)) + 1, schema.key, key, "duplicate id (ids must be unique)")
        )
    df.index = pd.Index(keys, name=None)
    return df


def _convert(v: Any, col: Any, fname: str, row: int, problems: list[Problem]) -> Any:
    text = "" if v is None else str(v).strip()
    if text == "":
        if col.required and col.default is None:
            problems.append(Problem(fname, row, col.name, "", "is empty (a value is required)"))
        if col.default is not None:
            return col.default
        return float("nan") if col.dtype == "float" else ""
    if col.dtype == "float":
        try:
            x = float(text)
        except ValueError:
            problems.append(Problem(fname, row, col.name, text, "is not a number"))
            return float("nan")
        if math.isinf(x):
            problems.append(
                Problem(fname, row, col.name, text, "is infinite (expected a finite number)")
            )
            return float("nan")
        if col.nonnegative and x < 0:
            problems.append(
                Problem(fname, row, col.name, text, "is negative (expected a number >= 0)")
            )
        return x
    if col.dtype == "bool":
        low = text.lower()
        if low in ("true", "1", "yes"):
            return True
        if low in ("false", "0", "no"):
            return False
        problems.append(
            Problem(fname, row, col.name, text, "is not a boolean (expected true/false)")
        )
        return False
    if col.allowed is not None and text not in col.allowed:
        problems.append(
            Problem(
                fname,
                row,
                col.name,
                text,
                f"is not allowed (expected one of {', '.join(col.allowed)})",
            )
        )
    return text


def empty_table(schema: TableSchema) -> pd.DataFrame:
    return pd.DataFrame(
        {
            c.name: pd.Series(dtype="float64" if c.dtype == "float" else object)
            for c in schema.columns
        }
    )


def save_world(world: World, path: str | os.PathLike[str]) -> Path:
    """Write ``world`` as a folder of CSV files, atomically.

    The tables are written to a temporary folder next to ``path`` and renamed into
    place, so an interrupted write never leaves a half-written world behind.
    """
    target = Path(path)
    with atomic_folder(target) as tmp:
        for schema in TABLES:
            df = world.table(schema.name)[schema.column_names]
            df.to_csv(tmp / f"{schema.name}.csv", index=False, float_format="%.10g")
        (tmp / "meta.json").write_text(json.dumps(world.meta, indent=2, sort_keys=True) + "\n")
    return target
