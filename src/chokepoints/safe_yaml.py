"""One YAML loader for every YAML file chokepoints reads.

:func:`load_yaml` (a path) and :func:`load_yaml_text` (text already read) parse with
PyYAML's safe loader and refuse, as a one-line :class:`~chokepoints.errors.DataError`
naming the file and line, what the plain loader would accept or choke on:

- a path that is missing, a folder, a FIFO, a device or a socket (a FIFO would block the
  reader forever and ``/dev/zero`` would fill memory);
- a file above the ``file_bytes`` limit (:mod:`chokepoints.limits`);
- bytes that are not UTF-8, or binary content (NUL bytes);
- more ``*alias`` references than the ``yaml_aliases`` limit, more values once aliases are
  expanded than ``yaml_nodes`` ("billion laughs"), an alias that contains itself;
- nesting deeper than ``yaml_depth`` (the plain loader dies with ``RecursionError``);
- the same key twice in one mapping (the plain loader keeps the last one silently);
- a top level of the wrong kind (a list where a mapping is expected).

Dates are left as strings unless ``dates=True``, so a pydantic model reports a bad date
by field instead of the YAML loader guessing.

:func:`read_text_file` gives the same file checks (regular file, size, UTF-8, no NUL
bytes) to readers of other text formats (news articles), and :func:`load_json` reads a
JSON file (``meta.json``) with them and a clear error for bad JSON or the wrong top level.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import yaml

from chokepoints.errors import DataError
from chokepoints.limits import LIMITS, LimitError

__all__ = ["check_regular_file", "load_json", "load_yaml", "load_yaml_text", "read_text_file"]


class _Refused(Exception):
    """Raised inside the loader; turned into a DataError with the file name outside."""

    def __init__(self, reason: str, line: int | None, value: Any = None, limit: bool = False):
        super().__init__(reason)
        self.reason, self.line, self.value, self.limit = reason, line, value, limit


class _Loader(yaml.SafeLoader):
    """Safe loader that counts aliases and depth and refuses duplicate keys."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._aliases = 0
        self._max_depth = LIMITS["yaml_depth"].value()
        self._max_aliases = LIMITS["yaml_aliases"].value()

    def compose_node(self, parent: Any, index: Any) -> Any:  # noqa: D102
        event = self.peek_event()
        line = event.start_mark.line + 1 if event.start_mark is not None else None
        if isinstance(event, yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > self._max_aliases:
                lim = LIMITS["yaml_aliases"]
                raise _Refused(
                    f"has more than {lim.value()} aliases ('*name'), the limit "
                    f"({lim.how_to_raise()})",
                    line,
                    limit=True,
                )
        self._depth += 1
        try:
            if self._depth > self._max_depth:
                lim = LIMITS["yaml_depth"]
                raise _Refused(
                    f"is nested more than {lim.value()} levels deep, the limit "
                    f"({lim.how_to_raise()})",
                    line,
                    limit=True,
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:  # noqa: D102
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, int] = {}
            for key_node, _ in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    continue
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue
                key = self.construct_object(key_node, deep=False)
                try:
                    hash(key)
                except TypeError:
                    continue
                line = key_node.start_mark.line + 1
                if key in seen:
                    raise _Refused(
                        f"key {str(key)!r} appears twice in one mapping (lines "
                        f"{seen[key]} and {line}; expected each key once)",
                        line,
                    )
                seen[key] = line
        return super().construct_mapping(node, deep=deep)


class _DatesLoader(_Loader):
    """As :class:`_Loader`, and ``2025-10-09`` becomes a :class:`datetime.date`."""


# The plain loader (no dates) drops the timestamp resolver; _DatesLoader keeps it.
_DatesLoader.yaml_implicit_resolvers = dict(yaml.SafeLoader.yaml_implicit_resolvers)
_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _check_expansion(root: yaml.Node) -> None:
    """Refuse a node graph that is too big or too deep once aliases are expanded.

    Iterative post-order walk with memoised (size, depth) per node, so it costs one
    visit per distinct node however many times aliases repeat it.
    """
    max_nodes = LIMITS["yaml_nodes"].value()
    max_depth = LIMITS["yaml_depth"].value()
    done: dict[int, tuple[int, int]] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        key = id(node)
        if expanded:
            on_path.discard(key)
            size, depth = 1, 1
            for child in _children(node):
                c_size, c_depth = done[id(child)]
                size += c_size
                depth = max(depth, c_depth + 1)
            line = node.start_mark.line + 1
            if size > max_nodes:
                lim = LIMITS["yaml_nodes"]
                raise _Refused(
                    f"expands to more than {lim.value()} values once aliases are "
                    f"followed, the limit ({lim.how_to_raise()})",
                    line,
                    limit=True,
                )
            if depth > max_depth:
                lim = LIMITS["yaml_depth"]
                raise _Refused(
                    f"is nested more than {lim.value()} levels deep once aliases are "
                    f"followed, the limit ({lim.how_to_raise()})",
                    line,
                    limit=True,
                )
            done[key] = (size, depth)
            continue
        if key in done:
            continue
        if key in on_path:
            raise _Refused(
                "contains an alias to itself (a recursive structure; expected plain data)",
                node.start_mark.line + 1,
            )
        on_path.add(key)
        stack.append((node, True))
        for child in _children(node):
            if id(child) in on_path:
                raise _Refused(
                    "contains an alias to itself (a recursive structure; expected plain data)",
                    child.start_mark.line + 1,
                )
            if id(child) not in done:
                stack.append((child, False))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        out: list[yaml.Node] = []
        for k, v in node.value:
            out.append(k)
            out.append(v)
        return out
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _kind(expect: type | tuple[type, ...] | None) -> str:
    if expect is dict:
        return "a mapping (key: value lines)"
    if expect is list:
        return "a list"
    if isinstance(expect, tuple):
        return " or ".join(_kind(e) for e in expect)
    return getattr(expect, "__name__", str(expect))


def _check_top(data: Any, expect: Any, source: str | None, expected: str) -> None:
    """Refuse a document whose top level is not of the ``expect`` type(s)."""
    if expect is not None and not isinstance(data, expect):
        raise DataError(
            f"top level is {_type_name(data)} (expected {expected})",
            file=source,
            value=str(data)[:60],
        )


def _type_name(data: Any) -> str:
    if isinstance(data, dict):
        return "a mapping"
    if isinstance(data, list):
        return "a list"
    if isinstance(data, str):
        return "a string"
    if isinstance(data, bool):
        return "a boolean"
    if isinstance(data, int | float):
        return "a number"
    return f"a {type(data).__name__}"


def load_yaml_text(
    text: str,
    *,
    source: str,
    expect: type | tuple[type, ...] | None = dict,
    dates: bool = False,
) -> Any:
    """Parse YAML ``text`` safely; ``source`` names it in errors.

    Parameters
    ----------
    text : str
        The YAML document (one document; a second ``---`` document is an error).
    source : str
        File name (or other label) used in error messages.
    expect : type or tuple of types or None, default dict
        The type the top level must have. An empty document gives ``{}`` when a mapping
        is expected and ``[]`` when a list is; ``None`` accepts anything.
    dates : bool, default False
        Turn ``YYYY-MM-DD`` scalars into :class:`datetime.date` (otherwise strings).

    Returns
    -------
    object
        The parsed data.

    Raises
    ------
    DataError
        For invalid YAML, duplicate keys, a top level of the wrong type, or a document
        beyond the limits (:class:`~chokepoints.limits.LimitError`); the error names
        ``source`` and the line.
    """
    lim = LIMITS["file_bytes"]
    if len(text) > lim.value():
        raise LimitError(
            f"is {len(text)} characters long, above the limit of {lim.value()} "
            f"{lim.unit} ({lim.how_to_raise(len(text))})",
            file=source,
        )
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise DataError(
            f"at line {line}: contains a NUL byte, so it is binary, not YAML text "
            "(expected a UTF-8 text file)",
            file=source,
        )
    loader: _Loader | None = None
    try:
        loader = (_DatesLoader if dates else _Loader)(text)
        node = loader.get_single_node()
        if node is None:
            data: Any = None
        else:
            _check_expansion(node)
            data = loader.construct_document(node)
    except _Refused as exc:
        cls = LimitError if exc.limit else DataError
        where = f"at line {exc.line}: " if exc.line is not None else ""
        raise cls(where + exc.reason, file=source, value=exc.value) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at: int | None = mark.line + 1 if mark is not None else None
        where = f" at line {at}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise DataError(f"is not valid YAML{where}: {problem}", file=source) from None
    except RecursionError:
        raise DataError(
            "is nested too deeply to read (expected ordinary nesting)", file=source
        ) from None
    finally:
        if loader is not None:
            loader.dispose()
    if data is None and expect is not None:
        if expect is dict:
            return {}
        if expect is list:
            return []
    _check_top(data, expect, source, _kind(expect))
    return data


def check_regular_file(path: str | os.PathLike[str], *, kind: str = "file") -> int:
    """Check that ``path`` is an existing regular file within the size limit.

    Links are followed, so a link to ``/dev/zero`` is refused like the device itself.

    Parameters
    ----------
    path : path
        The file.
    kind : str
        What the file should be, for messages (``"scenario YAML file"``).

    Returns
    -------
    int
        The file's size in bytes.

    Raises
    ------
    DataError
        If it does not exist, is a folder, a FIFO, a device or a socket, cannot be read,
        or is bigger than the ``file_bytes`` limit.
    """
    name = str(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise DataError(f"does not exist (expected a {kind})", file=name) from None
    except NotADirectoryError:
        raise DataError(
            f"does not exist: a part of the path is a file, not a folder (expected a {kind})",
            file=name,
        ) from None
    except OSError as exc:
        raise DataError(f"cannot be read ({exc.strerror}; expected a {kind})", file=name) from None
    mode = st.st_mode
    if stat.S_ISDIR(mode):
        raise DataError(f"is a folder (expected a {kind})", file=name)
    if not stat.S_ISREG(mode):
        what = (
            "a FIFO (named pipe)"
            if stat.S_ISFIFO(mode)
            else "a device"
            if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a socket"
            if stat.S_ISSOCK(mode)
            else "not a regular file"
        )
        raise DataError(f"is {what}, not a regular file (expected a {kind})", file=name)
    lim = LIMITS["file_bytes"]
    if st.st_size > lim.value():
        raise LimitError(
            f"is {st.st_size} bytes, above the limit of {lim.value()} bytes "
            f"({lim.how_to_raise(st.st_size)})",
            file=name,
        )
    return int(st.st_size)


def read_text_file(path: str | os.PathLike[str], *, kind: str = "text file") -> str:
    """Read a UTF-8 text file after :func:`check_regular_file`.

    A UTF-8 byte-order mark is dropped. Bytes that are not UTF-8, and NUL bytes, are
    refused with the line they are on.

    Raises
    ------
    DataError
        As :func:`check_regular_file`, or for content that is not UTF-8 text.
    """
    check_regular_file(path, kind=kind)
    name = str(path)
    lim = LIMITS["file_bytes"].value()
    try:
        with open(path, "rb") as fh:
            raw = fh.read(lim + 1)
    except OSError as exc:
        raise DataError(f"cannot be read ({exc.strerror}; expected a {kind})", file=name) from None
    if len(raw) > lim:
        raise LimitError(
            f"is over {lim} bytes, the limit ({LIMITS['file_bytes'].how_to_raise(len(raw))})",
            file=name,
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise DataError(
            f"at line {line}: is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset "
            f"{exc.start}; expected a UTF-8 {kind}, so save it as UTF-8)",
            file=name,
        ) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise DataError(
            f"at line {line}: contains a NUL byte, so it is binary (expected a UTF-8 {kind})",
            file=name,
        )
    return text


def load_yaml(
    path: str | os.PathLike[str],
    *,
    expect: type | tuple[type, ...] | None = dict,
    dates: bool = False,
    source: str | None = None,
) -> Any:
    """Read and parse the YAML file at ``path`` safely.

    Parameters
    ----------
    path : path
        The file.
    expect, dates
        As in :func:`load_yaml_text`.
    source : str, optional
        Name for messages (default: the path as given).

    Returns
    -------
    object

    Raises
    ------
    DataError
        As :func:`read_text_file` and :func:`load_yaml_text`.
    """
    text = read_text_file(path, kind="YAML file")
    return load_yaml_text(text, source=source or str(Path(path)), expect=expect, dates=dates)


def load_json(
    path: str | os.PathLike[str],
    *,
    expect: type | tuple[type, ...] | None = dict,
    kind: str = "JSON file",
) -> Any:
    """Read a JSON file with the checks of :func:`read_text_file`.

    Raises
    ------
    DataError
        As :func:`read_text_file`; for text that is not JSON (with line and column),
        nesting too deep to read, or a top level that is not ``expect``.
    """
    import json

    name = str(path)
    text = read_text_file(path, kind=kind)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(
            f"is not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg} "
            f"(expected a {kind})",
            file=name,
        ) from None
    except RecursionError:
        raise DataError(f"is nested too deeply to read (expected a {kind})", file=name) from None
    _check_top(data, expect, name, _kind(expect).replace("key: value lines", "a JSON object"))
    return data
