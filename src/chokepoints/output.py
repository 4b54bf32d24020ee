"""Rendering of results for the CLI: aligned tables, JSON and CSV on stdout.

Every command that prints results accepts ``--format table|json|csv``; this module
keeps the three renderings consistent.
"""

from __future__ import annotations

import json
import math
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def _clean(obj: Any) -> Any:
    """Make numpy scalars, NaN and nested containers JSON-safe (NaN -> null)."""
    import numpy as np
    import pandas as pd

    if isinstance(obj, pd.DataFrame):
        return _clean(obj.to_dict(orient="records"))
    if isinstance(obj, dict):
        return {str(k): _clean(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_clean(v) for v in obj]
    if isinstance(obj, np.generic):
        obj = obj.item()
    if isinstance(obj, float) and (math.isnan(obj) or math.isinf(obj)):
        return None
    return obj


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
        return "(no rows)"
    shown = df.copy()
    for col in shown.columns:
        if col in share_cols:
            shown[col] = [("" if pd.isna(v) else f"{100 * v:.1f}%") for v in shown[col]]
        elif pd.api.types.is_float_dtype(shown[col]):
            shown[col] = [("" if pd.isna(v) else floatfmt.format(v)) for v in shown[col]]
    return str(shown.to_string(index=False))


def render_frame(df: pd.DataFrame, fmt: OutputFormat, share_cols: tuple[str, ...] = ()) -> str:
    if fmt is OutputFormat.json:
        return to_json(df)
    if fmt is OutputFormat.csv:
        return str(df.to_csv(index=False)).rstrip("\n")
    return format_table(df, share_cols=share_cols)
