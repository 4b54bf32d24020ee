"""Read and write worlds as folders of CSV files.

A world folder holds ``sources.csv``, ``countries.csv``, ``products.csv``,
``nodes.csv``, ``flows.csv`` and ``recipes.csv`` with the columns of
:mod:`chokepoints.world.schema` (documented in ``docs/data.md``); the same tables may
come as the sheets of one ``.xlsx`` workbook or the lists of one YAML file. Reading goes
through the shared reader of :mod:`chokepoints.tables`: it checks every row and reports
every problem at once (capped), naming file, row (as a spreadsheet shows it) and field.
Writing is atomic: the folder is written beside the target and swapped in.
"""

from __future__ import annotations

import json
import os
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from chokepoints.atomic import atomic_folder
from chokepoints.errors import DataError, Problem, raise_if_problems
from chokepoints.tables.reader import empty_frame, read_tables
from chokepoints.tables.reader import read_table as _read_table
from chokepoints.world.model import World
from chokepoints.world.schema import TABLES, TableSchema
from chokepoints.world.vocabulary import register_world_products

BUNDLED = "bundled"


def bundled_world_path() -> Path:
    """Folder of the bundled rare-earth world inside the installed package."""
    return Path(str(resources.files("chokepoints") / "data" / "world"))


def load_world(path: str | os.PathLike[str] | None = None, *, validate: bool = True) -> World:
    """Load a world from a folder of CSV files (or one workbook or YAML file).

    Parameters
    ----------
    path : path-like, optional
        Folder with the six table files; or an ``.xlsx`` workbook with one sheet per
        table; or a YAML file mapping each table name to its list of rows. ``None`` or
        ``"bundled"`` loads the bundled rare-earth world.
    validate : bool
        Also run the cross-table checks of :func:`chokepoints.world.validate.validate_world`.

    Raises
    ------
    DataErrors
        Listing every malformed value (file, row, field, value, reason); rows are
        numbered as a spreadsheet shows them (header row 1, first data row 2). A column
        the schema does not know (``lead_time_dys``) is reported with the near match.
    """
    if path is None or str(path) == BUNDLED:
        folder, name = bundled_world_path(), BUNDLED
    else:
        folder, name = Path(path), str(path)
    is_file = folder.is_file() and folder.suffix.lower() in (".xlsx", ".yaml", ".yml")
    if not folder.is_dir() and not is_file:
        raise DataError(
            "is not a folder of world CSV files (or an .xlsx / .yaml world file)",
            file=str(folder),
        )
    problems: list[Problem] = []
    tables = read_tables(folder, TABLES, problems, index_by_key=True)
    raise_if_problems(problems, context=f"world {'file' if is_file else 'folder'} {folder}")
    meta: dict[str, Any] = {}
    meta_file = folder / "meta.json"
    if not is_file and (meta_file.exists() or meta_file.is_symlink()):
        from chokepoints.safe_yaml import load_json  # folder/FIFO/bad JSON: one-line error

        meta = load_json(meta_file, kind="world metadata file (a JSON object)")
    world = World(name=name, meta=meta, **tables)
    if validate:
        from chokepoints.world.validate import validate_world

        validate_world(world)
    register_world_products(world.products)
    return world


def read_table(file: Path, schema: TableSchema, problems: list[Problem]) -> pd.DataFrame:
    """Read one world table file against its schema, appending problems instead of raising."""
    return _read_table(file, schema, problems, index_by_key=True)


def empty_table(schema: TableSchema) -> pd.DataFrame:
    """A world table with the schema's columns and no rows."""
    return empty_frame(schema)


def save_world(world: World, path: str | os.PathLike[str]) -> Path:
    """Write ``world`` as a folder of CSV files (or one ``.xlsx`` / ``.yaml`` file), atomically.

    The tables are written to a temporary folder (or file) next to ``path`` and renamed
    into place, so an interrupted write never leaves a half-written world behind. A
    workbook has one sheet per table; a YAML file maps each table name to its rows.
    :func:`load_world` reads all three back; only the folder keeps ``meta.json``.
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix in (".xlsx", ".yaml", ".yml"):
        from chokepoints.atomic import atomic_path

        tables = {t.name: world.table(t.name)[t.column_names] for t in TABLES}
        with atomic_path(target) as tmp:
            if suffix == ".xlsx":
                with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
                    for name, df in tables.items():
                        df.to_excel(writer, sheet_name=name, index=False)
            else:
                import yaml

                data = {
                    name: [
                        {k: (None if isinstance(v, float) and v != v else v) for k, v in r.items()}
                        for r in df.astype(object).to_dict(orient="records")
                    ]
                    for name, df in tables.items()
                }
                Path(tmp).write_text(
                    yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8"
                )
        return target
    with atomic_folder(target) as tmp:
        for schema in TABLES:
            df = world.table(schema.name)[schema.column_names]
            df.to_csv(tmp / f"{schema.name}.csv", index=False, float_format="%.10g")
        (tmp / "meta.json").write_text(json.dumps(world.meta, indent=2, sort_keys=True) + "\n")
    return target
