"""The one YAML loader refuses alias bombs, deep nesting, duplicate keys and odd files."""

from __future__ import annotations

import os
import string
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from chokepoints.errors import DataError
from chokepoints.limits import LimitError
from chokepoints.safe_yaml import load_yaml, load_yaml_text, read_text_file


def _laughs(levels: int, width: int = 9) -> str:
    text = 'l0: &l0 ["lol"]\n'
    for i in range(1, levels + 1):
        text += f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * width) + "]\n"
    return text


def test_billion_laughs_refused_quickly() -> None:
    with pytest.raises(LimitError, match=r"bomb\.yaml: at line \d+: expands to more than"):
        load_yaml_text(_laughs(10), source="bomb.yaml")


def test_too_many_aliases(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHOKEPOINTS_MAX_YAML_ALIASES", "5")
    text = "a: &a 1\nb: [" + ", ".join(["*a"] * 6) + "]\n"
    with pytest.raises(LimitError, match="more than 5 aliases.*CHOKEPOINTS_MAX_YAML_ALIASES"):
        load_yaml_text(text, source="x.yaml")
    assert load_yaml_text("a: &a 1\nb: [*a, *a]\n", source="x.yaml") == {"a": 1, "b": [1, 1]}


def test_alias_chain_too_deep_once_expanded() -> None:
    text = "a0: &a0 [1]\n" + "".join(f"a{i}: &a{i} [*a{i - 1}]\n" for i in range(1, 200))
    with pytest.raises(LimitError, match="levels deep once aliases are followed"):
        load_yaml_text(text, source="x.yaml")


def test_deep_nesting_is_an_error_not_recursion() -> None:
    with pytest.raises(LimitError, match=r"x\.yaml: at line 1: is nested more than 64 levels"):
        load_yaml_text("[" * 5000 + "]" * 5000, source="x.yaml")
    deep = "a:\n" + "".join("  " * i + "b:\n" for i in range(1, 100)) + "  " * 100 + "1\n"
    with pytest.raises(LimitError, match="nested more than"):
        load_yaml_text(deep, source="x.yaml")


def test_recursive_alias_refused() -> None:
    with pytest.raises(DataError, match="alias to itself"):
        load_yaml_text("a: &x [1, *x]\n", source="x.yaml")


def test_duplicate_keys_name_both_lines() -> None:
    with pytest.raises(DataError, match=r"x\.yaml: at line 3: key 'runs' appears twice.*1 and 3"):
        load_yaml_text("runs: 5\nseed: 1\nruns: 6\n", source="x.yaml")
    with pytest.raises(DataError, match="appears twice"):
        load_yaml_text("a:\n  b: 1\n  b: 2\n", source="x.yaml")


def test_top_level_kind_and_empty() -> None:
    assert load_yaml_text("", source="x.yaml") == {}
    assert load_yaml_text("# only a comment\n", source="x.yaml", expect=list) == []
    with pytest.raises(DataError, match="top level is a list .expected a mapping"):
        load_yaml_text("- 1\n", source="x.yaml")
    with pytest.raises(DataError, match="top level is a string"):
        load_yaml_text("hello", source="x.yaml")
    assert load_yaml_text("- 1\n", source="x.yaml", expect=None) == [1]


def test_dates_and_unsafe_tags() -> None:
    assert load_yaml_text("d: 2025-10-09", source="x.yaml") == {"d": "2025-10-09"}
    import datetime as dt

    assert load_yaml_text("d: 2025-10-09", source="x.yaml", dates=True) == {
        "d": dt.date(2025, 10, 9)
    }
    with pytest.raises(DataError, match="is not valid YAML at line 1"):
        load_yaml_text("!!python/object/apply:os.system ['true']", source="x.yaml")
    with pytest.raises(DataError, match="is not valid YAML at line 2"):
        load_yaml_text("a: 1\n---\nb: 2\n", source="x.yaml")


def test_files_binary_non_utf8_folder_fifo_device(tmp_path: Path) -> None:
    bad = tmp_path / "latin.yaml"
    bad.write_bytes("name: caf\xe9\n".encode("latin-1"))
    with pytest.raises(DataError, match=r"latin\.yaml: at line 1: is not UTF-8 text"):
        load_yaml(bad)
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"a: 1\n\x00\x01\x02")
    with pytest.raises(DataError, match="at line 2: contains a NUL byte"):
        load_yaml(binary)
    with pytest.raises(DataError, match="is a folder .expected a YAML file"):
        load_yaml(tmp_path)
    with pytest.raises(DataError, match="does not exist"):
        load_yaml(tmp_path / "missing.yaml")
    with pytest.raises(DataError, match="does not exist: a part of the path is a file"):
        load_yaml(bad / "x.yaml")
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    with pytest.raises(DataError, match="is a FIFO"):
        load_yaml(fifo)  # would block for ever if opened
    link = tmp_path / "zero.yaml"
    link.symlink_to("/dev/zero")
    with pytest.raises(DataError, match="is a device"):
        load_yaml(link)
    bom = tmp_path / "bom.yaml"
    bom.write_bytes("\ufeffa: 1\n".encode())
    assert load_yaml(bom) == {"a": 1}


def test_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "big.yaml"
    f.write_text("a: " + "x" * 200 + "\n")
    monkeypatch.setenv("CHOKEPOINTS_MAX_FILE_BYTES", "100")
    with pytest.raises(
        LimitError, match="above the limit of 100 bytes.*CHOKEPOINTS_MAX_FILE_BYTES"
    ):
        load_yaml(f)
    with pytest.raises(LimitError):
        read_text_file(f)
    with pytest.raises(LimitError):
        load_yaml_text(f.read_text(), source="big.yaml")


# -- properties ------------------------------------------------------------------------

_keys = st.text(alphabet=string.ascii_letters + "_", min_size=1, max_size=8)
_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
)
_data = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(_keys, _data, max_size=6))
def test_round_trip_of_plain_data(data: dict[str, object]) -> None:
    text = yaml.safe_dump(data, allow_unicode=True)
    assert load_yaml_text(text, source="p.yaml", dates=True) == yaml.safe_load(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_is_data_or_a_data_error(text: str) -> None:
    try:
        load_yaml_text(text, source="p.yaml", expect=None)
    except DataError as exc:
        assert str(exc).startswith("p.yaml")
        assert "\n" not in str(exc)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_file_is_data_or_a_data_error(raw: bytes) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / "f.yaml"
        f.write_bytes(raw)
        try:
            load_yaml(f, expect=None)
        except DataError as exc:
            assert "f.yaml" in str(exc)
