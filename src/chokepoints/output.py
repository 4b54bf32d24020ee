"""Rendering of results for the CLI: aligned tables, JSON, CSV and NDJSON on stdout.

Every command that prints results accepts ``--format table|json|csv|ndjson``; this
module keeps the renderings consistent: the same float and share formats, the same
wording for an empty table (:data:`EMPTY_TABLE`), JSON with ``null`` for NaN, and
NDJSON (one JSON object per line) for streaming into other tools. Notes for the user
(``chokepoints.notes`` logger, e.g. "ESP is part of EU27 ...") are printed on stderr as
``Note: ...`` by :func:`install_notes_handler`.
"""

from __future__ import annotations

import json
import logging
import math
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd


#: What every command prints for a table without rows (``--format table``).
EMPTY_TABLE = "(no rows)"


class OutputFormat(StrEnum):
    """``--format`` choices: aligned text table, JSON, CSV, or NDJSON (JSON lines)."""

    table = "table"
    json = "json"
    csv = "csv"
    ndjson = "ndjson"


#: Help text of the one ``--format`` option every table-printing command takes.
FORMAT_HELP = "Output format: table, json, csv or ndjson (one JSON object per line)."


def format_option(*aliases: str) -> Any:
    """The shared ``--format`` option (typer), with optional short ``aliases`` like ``-f``.

    Declare it as ``fmt: OutputFormat = format_option()``; the choices, the default
    (``table``) and the help text are the same for every command.
    """
    import typer

    return typer.Option(OutputFormat.table, "--format", *aliases, help=FORMAT_HELP)


#: The shared ``--format`` option without a short alias.
FORMAT_OPTION = format_option()


def is_machine(fmt: OutputFormat) -> bool:
    """True for the row formats other tools read (csv, ndjson): the main table only."""
    return OutputFormat(fmt) in (OutputFormat.csv, OutputFormat.ndjson)


def json_safe(obj: Any, *, digits: int | None = None, keep_inf: bool = False) -> Any:
    """Make numpy scalars, NaN and nested containers JSON-safe (NaN -> null).

    Parameters
    ----------
    obj : any
        A value, mapping, list/tuple or DataFrame (becomes a list of records), nested.
    digits : int, optional
        Round floats to this many decimals (reports that print derived figures).
    keep_inf : bool
        Leave infinities as floats (the caller renders them itself); by default they
        become null like NaN.
    """
    import numpy as np
    import pandas as pd

    def clean(x: Any) -> Any:
        if isinstance(x, pd.DataFrame):
            return clean(x.to_dict(orient="records"))
        if isinstance(x, dict):
            return {str(k): clean(v) for k, v in x.items()}
        if isinstance(x, list | tuple):
            return [clean(v) for v in x]
        if isinstance(x, np.generic):
            x = x.item()
        if isinstance(x, float):
            if math.isnan(x) or (math.isinf(x) and not keep_inf):
                return None
            return round(x, digits) if digits is not None and math.isfinite(x) else x
        return x

    return clean(obj)


_clean = json_safe


def to_json(obj: Any) -> str:
    """JSON text of ``obj`` (DataFrames become lists of records)."""
    import pandas as pd

    if isinstance(obj, pd.DataFrame):
        obj = obj.to_dict(orient="records")
    return json.dumps(_clean(obj), indent=2, ensure_ascii=False)


def format_table(
    df: pd.DataFrame, floatfmt: str = "{:,.1f}", share_cols: tuple[str, ...] = ()
) -> str:
    """A plain aligned text table; share columns are shown as percentages."""
    import pandas as pd

    if df.empty:
        return EMPTY_TABLE
    shown = df.copy()
    for col in shown.columns:
        if col in share_cols:
            shown[col] = [("" if pd.isna(v) else f"{100 * v:.1f}%") for v in shown[col]]
        elif pd.api.types.is_float_dtype(shown[col]):
            shown[col] = [("" if pd.isna(v) else floatfmt.format(v)) for v in shown[col]]
    return str(shown.to_string(index=False))


def rows_table(rows: list[dict[str, Any]], columns: list[str], max_width: int | None = None) -> str:
    """Records as a left-aligned text table with a dashed rule under the header.

    Without pandas (for commands that keep their imports light). ``None`` shows as an
    empty cell; cells longer than ``max_width`` characters are cut. No rows:
    :data:`EMPTY_TABLE`.
    """
    if not rows:
        return EMPTY_TABLE
    cells = [[("" if r.get(c) is None else str(r.get(c))) for c in columns] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
    if max_width is not None:
        widths = [min(w, max_width) for w in widths]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += [
        "  ".join(v[:w].ljust(w) for v, w in zip(row, widths, strict=True)).rstrip()
        for row in cells
    ]
    return "\n".join(lines)


def rows_csv(rows: list[dict[str, Any]], columns: list[str]) -> str:
    """Records as CSV with a header of ``columns`` (other keys left out, missing empty)."""
    import csv
    import io

    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue().rstrip("\n")


def to_ndjson(obj: Any) -> str:
    """One JSON object per line: the records of a DataFrame, or the items of a list.

    A mapping or scalar becomes one line; an empty table becomes no lines.
    """
    import pandas as pd

    if isinstance(obj, pd.DataFrame):
        obj = obj.to_dict(orient="records")
    items = obj if isinstance(obj, list | tuple) else [obj]
    # default=str: dates and paths as their text (ISO dates), as in the JSON answers.
    return "\n".join(json.dumps(_clean(x), ensure_ascii=False, default=str) for x in items)


def echo(text: str) -> None:
    """Print ``text`` and a newline on stdout; nothing for empty text (NDJSON of no rows)."""
    import typer

    if text:
        typer.echo(text)


def render_frame(df: pd.DataFrame, fmt: OutputFormat, share_cols: tuple[str, ...] = ()) -> str:
    """``df`` rendered in ``fmt`` (shares as percentages in tables only)."""
    fmt = OutputFormat(fmt)
    if fmt is OutputFormat.json:
        return to_json(df)
    if fmt is OutputFormat.ndjson:
        return to_ndjson(df)
    if fmt is OutputFormat.csv:
        return str(df.to_csv(index=False)).rstrip("\n")
    return format_table(df, share_cols=share_cols)


def render(obj: Any, fmt: OutputFormat, share_cols: tuple[str, ...] = ()) -> str:
    """Any result in ``fmt``: a DataFrame, a list of records, or a mapping.

    Lists of records and DataFrames render as tables; a mapping renders as JSON in
    every format but ``ndjson`` (one line) and ``table`` (``key: value`` lines).
    """
    import pandas as pd

    fmt = OutputFormat(fmt)
    if isinstance(obj, pd.DataFrame):
        return render_frame(obj, fmt, share_cols)
    if isinstance(obj, list) and all(isinstance(x, dict) for x in obj):
        return render_frame(pd.DataFrame(obj), fmt, share_cols)
    if fmt is OutputFormat.ndjson:
        return to_ndjson(obj)
    if fmt is OutputFormat.table and isinstance(obj, dict):
        return "\n".join(f"{k}: {v}" for k, v in _clean(obj).items()) or EMPTY_TABLE
    return to_json(obj)


class _NotesHandler(logging.Handler):
    """Prints ``Note: <message>`` on the current stderr (so CLI test runners capture it)."""

    def emit(self, record: logging.LogRecord) -> None:
        import sys

        sys.stderr.write(f"Note: {record.getMessage()}\n")


def install_notes_handler() -> None:
    """Show notes of the ``chokepoints.notes`` logger on stderr as ``Note: ...`` (once)."""
    logger = logging.getLogger("chokepoints.notes")
    if not any(isinstance(h, _NotesHandler) for h in logger.handlers):
        # Still propagated: with this handler present, logging's last-resort handler
        # stays silent, so the note is printed once.
        logger.addHandler(_NotesHandler())
