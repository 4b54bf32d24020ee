"""One reader for tables in CSV, XLSX and YAML, applying a :mod:`~chokepoints.tables.schema`.

Every input table of chokepoints (world, supplier map) goes through :func:`read_table`
or :func:`coerce_rows`, so every table file gives the same errors for the same mistakes:

- a required column missing; a column the schema does not know, with the near match
  (``lead_time_dys`` -> "did you mean 'lead_time_days'?") instead of being dropped;
- an empty required cell, a value that is not a number, out of its bounds or not one of
  the allowed values, a duplicate id;
- each naming file (and sheet), row, column, the value seen and what was expected.

What "row" means
----------------
``row`` is the row number a spreadsheet shows at the left margin: the header is row 1
and the first data row is row 2, in a CSV file opened in a spreadsheet (where it is also
the line number in a text editor, unless a quoted cell spans lines) and in an XLSX sheet
alike. In a YAML file, where a table is a list of mappings, ``row`` is the line on which
the entry starts. Blank rows are skipped but keep their number.

All problems of a file are collected (:class:`~chokepoints.errors.Problem`) and raised
together by the caller, so a user fixes a file in one pass.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import os
from collections.abc import Iterable, Mapping, Sequence
from difflib import get_close_matches
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chokepoints.errors import DataError, Problem
from chokepoints.tables.schema import Column, TableSchema

if TYPE_CHECKING:
    import pandas as pd

#: Row number of the header in CSV and XLSX files (the first data row is one more).
HEADER_ROW = 1
#: Words read as true / false in boolean columns (case-insensitive).
TRUE_WORDS = frozenset({"true", "yes", "y", "1"})
FALSE_WORDS = frozenset({"false", "no", "n", "0"})
#: Column name used for the source row number when a reader keeps it.
ROW_COLUMN = "src_row"

#: One raw record: (row number as the user sees it, {column: cell value}), or for CSV
#: (row number, cells in header order).
Record = tuple[int, dict[str, Any] | list[Any]]


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` for the nearest of ``known``, or ``""`` if none is near."""
    close = get_close_matches(str(name), [str(k) for k in known], n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def letter(index: int) -> str:
    """Spreadsheet column letter of a 0-based column index (0 -> A, 26 -> AA)."""
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


# -- reading raw records -------------------------------------------------------------


def read_text(path: Path) -> str:
    """Text of a file with the shared file checks (regular file, size limit, UTF-8)."""
    from chokepoints.safe_yaml import read_text_file

    return read_text_file(path, kind="table file")


def load_yaml_text(text: str, source: str) -> Any:
    """Parse YAML text with the hardened loader (aliases, depth, duplicate keys refused)."""
    from chokepoints.safe_yaml import load_yaml_text as _load

    return _load(text, source=source, expect=None)


def csv_columns(text: str) -> tuple[list[str], list[int], dict[str, Any]]:
    """Header, row numbers and columns of CSV text, parsed by pandas' C reader.

    Rows are numbered as a spreadsheet shows them (the header is row 1; a quoted cell
    spanning lines stays one row); blank rows are dropped but keep their numbers.
    """
    import numpy as np
    import pandas as pd

    try:
        raw = pd.read_csv(
            io.StringIO(text),
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
        )
    except pd.errors.EmptyDataError:
        return [], [], {}
    if not isinstance(raw.index, pd.RangeIndex):  # pandas took surplus cells as an index
        raise pd.errors.ParserError("data rows have more cells than the header")
    header = [str(c).strip().lstrip("\ufeff") for c in raw.columns]
    raw.columns = pd.Index(header)
    if raw.shape[1]:
        filled = np.zeros(len(raw), dtype=bool)
        for name in header:
            filled |= raw[name].str.strip().ne("").to_numpy(dtype=bool)
        if not filled.all():
            raw = raw[filled]
        rows = (raw.index.to_numpy() + HEADER_ROW + 1).tolist()
    else:
        rows = []
    # columns stay pandas string Series: stripping and matching them is vectorised
    columns = {name: raw[name].reset_index(drop=True) for name in header}
    return header, rows, columns


def open_workbook(path: Path) -> Any:
    """An openpyxl workbook opened read-only (values, not formulas); close it after use."""
    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for bad files
        raise DataError(
            f"cannot be read as an .xlsx workbook ({type(exc).__name__}: {exc})", file=path.name
        ) from None


def xlsx_records(
    wb: Any, sheet: str, problems: list[Problem], where: str, *, required: bool = True
) -> tuple[list[str], list[Record], dict[str, str]] | None:
    """Header, records and column letters of one workbook sheet (``None`` if absent)."""
    if sheet not in wb.sheetnames:
        if required:
            problems.append(
                Problem(
                    where,
                    None,
                    None,
                    None,
                    f"sheet is missing (sheets: {', '.join(wb.sheetnames)})"
                    + did_you_mean(sheet, wb.sheetnames),
                )
            )
        return None
    rows = list(wb[sheet].iter_rows(values_only=True))
    if not rows:
        problems.append(Problem(where, None, None, None, "sheet is empty (expected a header row)"))
        return [], [], {}
    header = ["" if h is None else str(h).strip() for h in rows[0]]
    letters = {h: letter(i) for i, h in enumerate(header) if h}
    records: list[Record] = []
    for row, cells in enumerate(rows[1:], start=HEADER_ROW + 1):
        if all(_blank(c) for c in cells):
            continue
        records.append((row, {h: c for h, c in zip(header, cells, strict=False) if h}))
    return [h for h in header if h], records, letters


def yaml_records(
    text: str, source: str, table: str | None = None
) -> tuple[list[str], list[Record]]:
    """Header and records of a YAML table: a list of mappings, or ``{table: [mappings]}``.

    ``row`` is the line on which each mapping starts. The header is the union of the
    keys, in order of first appearance.
    """
    import yaml

    data = load_yaml_text(text, source)
    # Line numbers come from the node tree; the text passed the hardened loader above.
    root: Any = yaml.compose(text, Loader=yaml.SafeLoader)
    items_node: Any = root
    if isinstance(data, dict):
        if table is None or table not in data:
            keys = ", ".join(map(str, data))
            raise DataError(
                f"has no list named {table!r} (top-level keys: {keys})"
                + did_you_mean(str(table), map(str, data)),
                file=source,
            )
        data = data[table]
        items_node = next(v for k, v in root.value if k.value == table)
    if data is None:
        return [], []
    if not isinstance(data, list):
        raise DataError(
            f"holds a {type(data).__name__} (expected a list of rows, one mapping each)",
            file=source,
        )
    header: dict[str, None] = {}
    records: list[Record] = []
    for item, node in zip(data, items_node.value, strict=True):
        line = int(node.start_mark.line) + 1
        if not isinstance(item, dict):
            raise DataError(
                f"holds a {type(item).__name__} (expected a mapping of column: value)",
                file=source,
                row=line,
            )
        for k in item:
            header.setdefault(str(k), None)
        records.append((line, {str(k): v for k, v in item.items()}))
    return list(header), records


# -- applying the schema -------------------------------------------------------------


def check_header(
    header: Sequence[str],
    schema: TableSchema,
    where: str,
    problems: list[Problem],
    letters: Mapping[str, str] | None = None,
) -> bool:
    """Report missing required and unknown columns; ``False`` if a required one is missing.

    Columns whose header starts with ``#`` are comments and are ignored.
    """
    names = schema.column_names
    present = [h for h in header if h and not h.startswith("#")]
    ok = True
    for c in schema.columns:
        if c.required and c.name not in present:
            problems.append(
                Problem(
                    where,
                    HEADER_ROW,
                    c.name,
                    None,
                    "required column is missing (the header has: " + ", ".join(present) + ")",
                )
            )
            ok = False
    for h in present:
        if h not in names:
            shown = f"{h} (column {letters[h]})" if letters and h in letters else h
            hint = did_you_mean(h, [n for n in names if n not in present])
            if not hint:
                hint = " (expected: " + ", ".join(names) + ")"
            problems.append(
                Problem(
                    where,
                    HEADER_ROW,
                    shown,
                    None,
                    f"is not a column of {schema.name}{hint}; rename it or prefix it with '#'"
                    " to keep it as a comment",
                )
            )
    return ok


def coerce_rows(
    header: Sequence[str],
    records: Sequence[Record],
    schema: TableSchema,
    where: str,
    problems: list[Problem],
    *,
    letters: Mapping[str, str] | None = None,
    keep_rows: bool = False,
    index_by_key: bool = False,
    columns: Mapping[str, list[Any]] | None = None,
    rows: Sequence[int] | None = None,
) -> pd.DataFrame:
    """Check and convert raw records to the schema's columns and dtypes.

    Parameters
    ----------
    header : sequence of str
        Column names found in the file.
    records : sequence of (int, dict)
        Row number (as the user sees it) and the raw cells of each data row.
    schema : TableSchema
        The table's schema.
    where : str
        File name (and sheet) used in problems.
    problems : list of Problem
        Problems found are appended here; nothing is raised.
    letters : mapping, optional
        Spreadsheet column letter of each header, added to field names in problems.
    keep_rows : bool
        Add the row numbers as an int64 column ``src_row``.
    index_by_key : bool
        Index the result by the schema's key column and report duplicate ids.
    columns, rows : optional
        The raw cells already split by column (name -> list) with their row numbers,
        instead of ``records`` (the CSV path, :func:`csv_columns`).

    Returns
    -------
    pandas.DataFrame
        The schema's columns in order (empty if a required column is missing).
    """
    import pandas as pd

    if not check_header(header, schema, where, problems, letters):
        return empty_frame(schema, keep_rows=keep_rows)

    def field(name: str) -> str:
        return f"{name} (column {letters[name]})" if letters and name in letters else name

    if columns is None or rows is None:
        rows = [row for row, _ in records]
        columns = {h: _column_values(records, header, h) for h in header}
    n = len(rows)
    out: dict[str, Any] = {}
    found: list[tuple[int, int, Problem]] = []  # (row, column position, problem)
    for pos, col in enumerate(schema.columns):
        values = columns[col.name] if col.name in columns else [None] * n
        col_problems: list[Problem] = []
        out[col.name] = convert_column(values, rows, col, where, field(col.name), col_problems)
        found += [(q.row or 0, pos, q) for q in col_problems]
    # reported row by row, columns in file order, as a reader scanning the file would
    problems += [q for _, _, q in sorted(found, key=lambda t: (t[0], t[1]))]
    df = pd.DataFrame(out, columns=schema.column_names)
    for col in schema.columns:
        df[col.name] = df[col.name].astype(_pandas_dtype(col))
    if keep_rows:
        df[ROW_COLUMN] = pd.Series(rows, dtype="int64")
    if index_by_key and schema.key:
        first: dict[Any, int] = {}
        for row, key in zip(rows, df[schema.key], strict=True):
            if key in first and key != "":
                problems.append(
                    Problem(
                        where,
                        row,
                        field(schema.key),
                        key,
                        f"is a duplicate id (first on row {first[key]}; ids must be unique)",
                    )
                )
            first.setdefault(key, row)
        df.index = pd.Index(df[schema.key], name=None)
    return df


def _column_values(records: Sequence[Record], header: Sequence[str], name: str) -> list[Any]:
    """The raw cells of column ``name`` across records (``None`` where absent)."""
    if records and isinstance(records[0][1], list):
        if name not in header:
            return [None] * len(records)
        k = list(header).index(name)
        return [c[k] if k < len(c) else None for _, c in records]  # type: ignore[index]
    return [c.get(name) for _, c in records]  # type: ignore[union-attr]


def _pandas_dtype(col: Column) -> str:
    return {"float": "float64", "int": "int64", "bool": "bool"}.get(col.dtype, "object")


def _blank(value: Any) -> bool:
    return (
        value is None
        or (isinstance(value, float) and math.isnan(value))
        or (isinstance(value, str) and value.strip() == "")
    )


def convert_column(
    values: Sequence[Any],
    rows: Sequence[int],
    col: Column,
    where: str,
    field: str,
    problems: list[Problem],
) -> list[Any] | Any:
    """One column converted to its dtype, as :func:`convert_cell` would, cell by cell.

    Numbers take a vectorised path (``pandas.to_numeric`` and array bounds checks); only
    the cells that fail go through :func:`convert_cell` for their message, so reading a
    large table costs about as much as parsing it.
    """
    import numpy as np
    import pandas as pd

    series = values if isinstance(values, pd.Series) else None
    text_column = series is not None and pd.api.types.is_string_dtype(series.dtype)
    if series is not None and not text_column:
        values, series = series.tolist(), None
    if text_column:
        assert series is not None
        if col.dtype not in ("float", "int", "str"):
            values = series.tolist()
    if col.dtype == "str" and (text_column or all(type(v) is str for v in values)):
        stripped = (series if series is not None else pd.Series(values, dtype=object)).str.strip()
        empty = stripped.eq("").to_numpy()
        ok = ~empty
        if col.allowed is not None:
            ok &= stripped.isin(col.allowed).to_numpy()
        texts: list[Any] = stripped.tolist()
        if not col.required:  # an empty cell of an optional column takes the default
            for i in np.flatnonzero(empty).tolist():
                texts[i] = col.default
            ok |= empty
        for i in np.flatnonzero(~ok).tolist():
            texts[i] = convert_cell(_at(values, i), col, where, rows[i], field, problems)
        return texts
    if col.dtype not in ("float", "int") or (
        not text_column and any(type(v) is bool for v in values)
    ):
        return [
            convert_cell(v, col, where, r, field, problems)
            for v, r in zip(values, rows, strict=True)
        ]

    if series is not None:  # text from a CSV file
        stripped = series.str.strip()
        blank = stripped.eq("").to_numpy(dtype=bool)
        num = pd.to_numeric(stripped.where(~blank, None), errors="coerce").to_numpy(
            dtype="float64", na_value=np.nan
        )
    else:
        raw = pd.Series(values, dtype=object)
        num = pd.to_numeric(raw, errors="coerce").to_numpy(dtype="float64")
        blank = raw.isna().to_numpy() | raw.astype(str).str.strip().eq("").to_numpy()
    bad = ~blank & ~np.isfinite(num)
    if col.min is not None:
        bad |= ~blank & (num < col.min)
    if col.max is not None:
        bad |= ~blank & (num > col.max)
    if col.dtype == "int":
        bad |= ~blank & np.isfinite(num) & (num != np.round(num))
    out: list[Any] = num.tolist()
    if not col.required:  # an empty cell of an optional column takes the default
        for i in np.flatnonzero(blank).tolist():
            out[i] = col.default
        blank = np.zeros_like(blank)
    for i in np.flatnonzero(bad | blank).tolist():
        out[i] = convert_cell(_at(values, i), col, where, rows[i], field, problems)
    return out


def _at(values: Any, i: int) -> Any:
    """Cell ``i`` of a list or a pandas Series (by position)."""
    return values.iloc[i] if hasattr(values, "iloc") else values[i]


def convert_cell(
    value: Any, col: Column, where: str, row: int | None, field: str, problems: list[Problem]
) -> Any:
    """One cell converted to the column's dtype; problems appended, never raised."""
    if _blank(value):
        if col.required:
            problems.append(
                Problem(where, row, field, None, f"is empty (expected {col.expected()})")
            )
            return {"float": math.nan, "int": 0, "bool": False}.get(col.dtype, "")
        return col.default
    if col.dtype in ("float", "int"):
        return _number(value, col, where, row, field, problems)
    if col.dtype == "bool":
        if isinstance(value, bool):
            return value
        low = str(value).strip().lower()
        if low in TRUE_WORDS:
            return True
        if low not in FALSE_WORDS:
            problems.append(
                Problem(where, row, field, value, f"is not a boolean (expected {col.expected()})")
            )
        return False
    text = _text(value)
    if col.allowed is not None and text not in col.allowed:
        problems.append(
            Problem(
                where,
                row,
                field,
                text,
                "is not allowed"
                + did_you_mean(text, col.allowed)
                + f" (expected one of {', '.join(col.allowed)})",
            )
        )
    return text


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a spreadsheet stores the id 7 as 7.0
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _number(
    value: Any, col: Column, where: str, row: int | None, field: str, problems: list[Problem]
) -> float | int:
    bad = math.nan if col.dtype == "float" else 0
    try:
        if isinstance(value, bool):
            raise ValueError
        x = float(value) if isinstance(value, int | float) else float(str(value).strip())
    except ValueError:
        kind = "an integer" if col.dtype == "int" else "a number"
        problems.append(
            Problem(where, row, field, value, f"is not {kind} (expected {col.expected()})")
        )
        return bad
    if not math.isfinite(x):
        problems.append(
            Problem(where, row, field, value, f"is not finite (expected {col.expected()})")
        )
        return bad
    if col.dtype == "int" and not x.is_integer():
        problems.append(
            Problem(where, row, field, value, f"is not an integer (expected {col.expected()})")
        )
        return bad
    if col.min is not None and x < col.min:
        what = "negative" if col.min == 0 else f"below {col.min:g}"
        problems.append(Problem(where, row, field, value, f"is {what} (expected {col.expected()})"))
    elif col.max is not None and x > col.max:
        problems.append(
            Problem(where, row, field, value, f"is above {col.max:g} (expected {col.expected()})")
        )
    return int(x) if col.dtype == "int" else x


def empty_frame(schema: TableSchema, *, keep_rows: bool = False) -> pd.DataFrame:
    """A table with the schema's columns and dtypes and no rows."""
    import pandas as pd

    cols = {c.name: pd.Series(dtype=_pandas_dtype(c)) for c in schema.columns}
    if keep_rows:
        cols[ROW_COLUMN] = pd.Series(dtype="int64")
    return pd.DataFrame(cols)


# -- one entry point -----------------------------------------------------------------


def read_table(
    path: str | os.PathLike[str],
    schema: TableSchema,
    problems: list[Problem],
    *,
    keep_rows: bool = False,
    index_by_key: bool = False,
    where: str | None = None,
) -> pd.DataFrame:
    """Read one table from a ``.csv`` file, an ``.xlsx`` sheet or a ``.yaml`` list.

    Parameters
    ----------
    path : path-like
        ``<table>.csv``; a workbook ``*.xlsx`` (the sheet named like the table); or a
        YAML file holding a list of mappings or ``{<table>: [mappings]}``.
    schema : TableSchema
        The table's schema.
    problems : list of Problem
        Problems are appended; a missing required file is one problem.
    keep_rows, index_by_key
        As in :func:`coerce_rows`.
    where : str, optional
        Name used in problems (default: the file name, plus the sheet for workbooks).

    Returns
    -------
    pandas.DataFrame
        Typed table (empty when the file is absent or unreadable).
    """
    p = Path(path)
    suffix = p.suffix.lower()
    letters: dict[str, str] | None = None
    if suffix == ".xlsx":
        label = where or f"{p.name}, sheet {schema.name!r}"
        if not p.is_file():
            raise DataError("does not exist or is not an .xlsx workbook", file=str(p))
        wb = open_workbook(p)
        try:
            got = xlsx_records(wb, schema.name, problems, label, required=schema.required)
        finally:
            wb.close()
        if got is None:
            return empty_frame(schema, keep_rows=keep_rows)
        header, records, letters = got
    else:
        label = where or p.name
        if not p.exists():
            if schema.required:
                problems.append(
                    Problem(label, None, None, None, f"file is missing from {p.parent}")
                )
            return empty_frame(schema, keep_rows=keep_rows)
        try:
            text = read_text(p)
        except DataError as exc:
            problems.append(Problem(label, exc.row, exc.field, exc.value, exc.reason))
            return empty_frame(schema, keep_rows=keep_rows)
        if suffix in (".yaml", ".yml"):
            try:
                header, records = yaml_records(text, label, schema.name)
            except DataError as exc:
                problems.append(Problem(label, exc.row, exc.field, exc.value, exc.reason))
                return empty_frame(schema, keep_rows=keep_rows)
        else:
            import pandas as pd

            try:
                header, rows, columns = csv_columns(text)
            except pd.errors.ParserError as exc:
                problems.append(Problem(label, None, None, None, f"cannot be read as CSV ({exc})"))
                return empty_frame(schema, keep_rows=keep_rows)
            if not header:
                problems.append(
                    Problem(label, None, None, None, "is empty (expected a header row)")
                )
                return empty_frame(schema, keep_rows=keep_rows)
            return coerce_rows(
                header,
                [],
                schema,
                label,
                problems,
                keep_rows=keep_rows,
                index_by_key=index_by_key,
                columns=columns,
                rows=rows,
            )
    return coerce_rows(
        header,
        records,
        schema,
        label,
        problems,
        letters=letters,
        keep_rows=keep_rows,
        index_by_key=index_by_key,
    )


# -- pydantic errors in the same words -----------------------------------------------


def _loc(loc: Sequence[Any], prefix: str) -> str:
    out = prefix
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def pydantic_problems(
    exc: Any,
    file: str | None,
    *,
    row: int | None = None,
    prefix: str = "",
    known_fields: Iterable[str] = (),
    model: Any = None,
    unknown_hint: str = "",
) -> list[Problem]:
    """A pydantic ``ValidationError`` as problems worded like the table reader's.

    ``extra_forbidden`` becomes "is not a known field" (with the near match among the
    fields at that place of ``model``, or among ``known_fields``; then ``unknown_hint``),
    ``missing`` "is required but missing", parsing errors "is not a number / a valid
    date ..." with what was expected, and "Value error, " is dropped.
    """
    out: list[Problem] = []
    for err in exc.errors():
        field = _loc(err.get("loc", ()), prefix) or None
        value, reason = pydantic_reason(
            err, known_fields=known_fields, model=model, unknown_hint=unknown_hint
        )
        out.append(Problem(file, row, field, value, reason))
    return out


def pydantic_reason(
    err: Mapping[str, Any],
    *,
    known_fields: Iterable[str] = (),
    model: Any = None,
    unknown_hint: str = "",
) -> tuple[Any, str]:
    """The value to show and the reason, in the readers' words, for one pydantic error.

    See :func:`pydantic_problems`; readers that name fields their own way (scenario
    overrides) use this for the wording alone.
    """
    known = list(known_fields)
    kind = str(err.get("type", ""))
    value = err.get("input")
    if isinstance(value, dict | list | tuple) or kind == "missing":
        value = None
    ctx = err.get("ctx") or {}
    msg = str(err.get("msg", ""))
    if kind == "missing":
        reason = "is required but missing"
    elif kind == "extra_forbidden":
        loc = list(err.get("loc", ()))
        last = str(loc[-1]) if loc else ""
        here = _fields_at(model, loc[:-1]) if model is not None else known
        reason = "is not a known field" + (did_you_mean(last, here) or unknown_hint)
        value = None
    elif kind in ("float_parsing", "float_type", "int_parsing", "int_type"):
        reason = "is not a number (expected a number)"
    elif kind.startswith("date") or kind.startswith("datetime"):
        detail = msg.split(", ", 1)[1] if ", " in msg else ""
        reason = "is not a valid date" + (f", {detail}" if detail else "")
        reason += " (expected a date YYYY-MM-DD)"
    elif kind in ("literal_error", "enum"):
        reason = f"is not allowed (expected {ctx.get('expected', 'one of the listed values')})"
    elif kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        op = {
            "greater_than_equal": ">=",
            "greater_than": ">",
            "less_than_equal": "<=",
            "less_than": "<",
        }[kind]
        bound = next(iter(ctx.values()), "")
        reason = f"is out of range (expected a number {op} {bound})"
    elif kind == "value_error":
        reason = msg.removeprefix("Value error, ")
        if value is not None and reason.startswith(f"{str(value)!r} "):
            reason = reason[len(repr(str(value))) + 1 :]  # the value is shown once
    else:
        reason = msg[:1].lower() + msg[1:]
    return value, reason


def _fields_at(model: Any, path: Sequence[Any]) -> list[str]:
    """Field names of the pydantic model found at ``path`` inside ``model`` (best effort)."""
    import typing

    current = model
    for part in path:
        fields = getattr(current, "model_fields", None)
        if not isinstance(part, str) or fields is None or part not in fields:
            continue  # list indexes and dict keys keep the current model
        ann = fields[part].annotation
        candidates = [ann, *typing.get_args(ann)]
        nested = [c for c in candidates if hasattr(c, "model_fields")]
        if not nested:
            return []
        current = nested[0]
    return list(getattr(current, "model_fields", {}))


def read_tables(
    path: str | os.PathLike[str],
    schemas: Sequence[TableSchema],
    problems: list[Problem],
    *,
    keep_rows: bool = False,
    index_by_key: bool = False,
) -> dict[str, pd.DataFrame]:
    """Read a group of tables: a folder of ``<table>.csv``, one workbook, or one YAML file.

    A workbook has one sheet per table; a YAML file maps each table name to its list of
    rows. Tables whose schema is not ``required`` may be absent. Problems are appended.

    Raises
    ------
    DataError
        If ``path`` is none of the three (or a workbook cannot be opened).
    """
    p = Path(path)
    suffix = p.suffix.lower()
    opts: dict[str, Any] = {"keep_rows": keep_rows, "index_by_key": index_by_key}
    out: dict[str, pd.DataFrame] = {}
    if p.is_dir():
        names = {f"{s.name}.csv" for s in schemas}
        others = sorted(f.name for f in p.glob("*.csv") if f.name not in names)
        for s in schemas:
            file = p / f"{s.name}.csv"
            if s.required and not file.exists() and others:
                # 'flow.csv' for 'flows.csv': say so rather than only "missing"
                hint = did_you_mean(file.name, others)
                if hint:
                    problems.append(
                        Problem(file.name, None, None, None, f"file is missing from {p}{hint}")
                    )
                    out[s.name] = empty_frame(s, keep_rows=keep_rows)
                    continue
            out[s.name] = read_table(file, s, problems, **opts)
        return out
    if suffix == ".xlsx" and p.is_file():
        wb = open_workbook(p)
        try:
            for s in schemas:
                where = f"{p.name}, sheet {s.name!r}"
                got = xlsx_records(wb, s.name, problems, where, required=s.required)
                if got is None:
                    out[s.name] = empty_frame(s, keep_rows=keep_rows)
                    continue
                header, records, letters = got
                out[s.name] = coerce_rows(
                    header, records, s, where, problems, letters=letters, **opts
                )
        finally:
            wb.close()
        return out
    if suffix in (".yaml", ".yml") and p.is_file():
        text = read_text(p)
        data = load_yaml_text(text, p.name)
        if not isinstance(data, dict):
            raise DataError(
                "holds no mapping of table names to rows (expected keys: "
                + ", ".join(s.name for s in schemas)
                + ")",
                file=p.name,
            )
        for key in data:
            if str(key) not in {s.name for s in schemas}:
                problems.append(
                    Problem(
                        p.name,
                        None,
                        str(key),
                        None,
                        "is not a table of this input"
                        + did_you_mean(str(key), [s.name for s in schemas]),
                    )
                )
        for s in schemas:
            if s.name not in data:
                if s.required:
                    problems.append(Problem(p.name, None, s.name, None, "table is missing"))
                out[s.name] = empty_frame(s, keep_rows=keep_rows)
                continue
            try:
                header, records = yaml_records(text, p.name, s.name)
            except DataError as exc:
                problems.append(Problem(p.name, exc.row, s.name, exc.value, exc.reason))
                out[s.name] = empty_frame(s, keep_rows=keep_rows)
                continue
            where = f"{p.name}, table {s.name!r}"
            out[s.name] = coerce_rows(header, records, s, where, problems, **opts)
        return out
    if suffix in (".xlsx", ".xls", ".xlsm", ".yaml", ".yml"):
        raise DataError(f"does not exist or is not a readable {suffix} file", file=str(p))
    raise DataError("is not a folder of CSV files, an .xlsx workbook or a YAML file", file=str(p))


def yaml_entry_lines(text: str, keys: Iterable[str]) -> dict[tuple[str, int], int]:
    """Line (1-based) on which each item of the top-level lists ``keys`` starts.

    ``{(key, index): line}``, e.g. ``{("measures", 0): 2}``; keys that are absent or not
    lists are left out. The text must already have passed the hardened loader
    (:func:`load_yaml_text`); only the node tree is built here.
    """
    import yaml

    wanted = set(keys)
    out: dict[tuple[str, int], int] = {}
    try:
        root: Any = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return out
    if not isinstance(root, yaml.MappingNode):
        return out
    for key_node, value_node in root.value:
        key = str(key_node.value)
        if key in wanted and isinstance(value_node, yaml.SequenceNode):
            for i, item in enumerate(value_node.value):
                out[(key, i)] = int(item.start_mark.line) + 1
    return out
