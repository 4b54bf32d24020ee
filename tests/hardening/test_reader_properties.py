"""Property-based tests: every reader either returns valid data or raises a DataError.

For each reader (world folders, supplier maps, scenario, market and timeline YAML, news
files) hypothesis puts arbitrary values where a number or a name is read. The property:
no other exception escapes, and whatever is accepted satisfies the reader's contract
(finite, in range). Example counts are small: each example reads real files.
"""

from __future__ import annotations

import csv
import math
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chokepoints.errors import DataError

# Cell values: numbers of every kind (NaN, infinities, huge, negative), their spellings
# in CSV/YAML, and junk text.
_numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**30), max_value=10**30),
)
_cells = st.one_of(
    _numbers.map(repr),
    st.sampled_from(["nan", "NaN", "inf", "-inf", "1e400", "", " ", "0x10", "1,5", "true"]),
    st.text(max_size=12),
)
_settings = settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@contextmanager
def _copy(*parts: str) -> Iterator[Path]:
    src = Path(str(resources.files("chokepoints.data").joinpath(*parts)))
    with tempfile.TemporaryDirectory() as d:
        dest = Path(d) / src.name
        if src.is_dir():
            shutil.copytree(src, dest)
        else:
            shutil.copy(src, dest)
        yield dest


def _set_cell(path: Path, row: int, column: str, value: str) -> None:
    table = list(csv.reader(path.open(newline="", encoding="utf-8")))
    table[row][table[0].index(column)] = value
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(table)


@_settings
@given(
    cell=_cells,
    where=st.sampled_from(
        [
            ("nodes.csv", "production_t_per_yr"),
            ("nodes.csv", "inventory_days"),
            ("flows.csv", "quantity_t_per_yr"),
            ("flows.csv", "lead_time_days"),
            ("recipes.csv", "input_per_output"),
        ]
    ),
)
def test_world_reader(cell: str, where: tuple[str, str]) -> None:
    from chokepoints.world import load_world

    name, column = where
    with _copy("world") as folder:
        _set_cell(folder / name, 3, column, cell)
        try:
            world = load_world(folder)
        except DataError:
            return
    table = {"nodes.csv": world.nodes, "flows.csv": world.flows, "recipes.csv": world.recipes}
    values = table[name][column].astype(float)
    assert values.map(math.isfinite).all() and (values >= 0).all()


@_settings
@given(
    cell=_cells,
    where=st.sampled_from(
        [
            ("bom.csv", "quantity"),
            ("contents.csv", "quantity"),
            ("inventory.csv", "quantity"),
            ("links.csv", "share"),
            ("links.csv", "lead_time_days"),
            ("lines.csv", "output_per_day"),
        ]
    ),
)
def test_supplier_map_reader(cell: str, where: tuple[str, str]) -> None:
    from chokepoints.suppliers.io import read_map, write_template

    name, column = where
    with tempfile.TemporaryDirectory() as d:
        folder = write_template(Path(d) / "map")
        _set_cell(folder / name, 1, column, cell)
        try:
            smap = read_map(folder)
        except DataError:
            return
    tables = {t: getattr(smap, t) for t in ("bom", "contents", "inventory", "links", "lines")}
    values = tables[name[:-4]][column].astype(float).dropna()
    assert values.map(math.isfinite).all() and (values >= 0).all()


_yaml_values = st.one_of(
    _numbers.map(lambda x: ".nan" if x != x else ".inf" if x == math.inf else repr(x)),
    st.sampled_from([".nan", ".inf", "-.inf", "true", "null", "[]", "{}", "'5'", "1e9"]),
    st.text(alphabet="abcXYZ-_ 0123456789", max_size=8).map(lambda s: repr(s)),
)


@_settings
@given(
    value=_yaml_values,
    key=st.sampled_from(
        [
            "runs",
            "seed",
            "horizon_days",
            "spin_up_days",
            "assumptions:\n  demand_factor",
            "assumptions:\n  restoration_tau_days",
            "assumptions:\n  inventory_days:\n    magnet",
        ]
    ),
)
def test_scenario_reader(tmp_path: Path, value: str, key: str) -> None:
    from chokepoints.scenarios.spec import load_scenario

    f = tmp_path / "s.yaml"
    f.write_text(f"name: p\nextends: status-quo\n{key}: {value}\n")
    try:
        s = load_scenario(f)
    except DataError:
        return
    assert 1 <= s.runs <= 100_000 and s.seed >= 0
    assert 1 <= s.horizon_days + s.spin_up_days <= 3660
    a = s.assumptions
    assert all(math.isfinite(v) for v in (a.demand_factor, a.restoration_tau_days))
    assert all(math.isfinite(v) and v >= 0 for v in a.inventory_days.values())


@_settings
@given(
    value=_yaml_values,
    old=st.sampled_from(["substitution: 5.0", "CHN: [310.80", "default: -1.21}", "default: 1.5}"]),
)
def test_market_reader(tmp_path: Path, value: str, old: str) -> None:
    from chokepoints.market.io import load_market

    with _copy("market", "markets", "dysprosium-oxide.yaml") as src:
        text = src.read_text(encoding="utf-8")
    head, _, tail = old.partition(": ")
    new = f"{head}: " + (f"[{value}" if tail.startswith("[") else value)
    new += "}" if tail.endswith("}") else ""
    f = tmp_path / "m.yaml"
    f.write_text(text.replace(old, new, 1))
    try:
        spec = load_market(f)
    except DataError:
        return
    assert all(math.isfinite(x) for x in spec.value0.ravel())
    assert not any(math.isnan(x) for x in spec.substitution.ravel())


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)  # each example validates the bundled timeline too
@given(prob=_yaml_values, start=st.one_of(st.dates().map(str), st.text(max_size=10)))
def test_timeline_reader(tmp_path: Path, prob: str, start: str) -> None:
    from chokepoints.policy.timeline import Timeline

    f = tmp_path / "t.yaml"
    f.write_text(
        "measures:\n  - id: p\n    title: t\n    kind: licence\n    issuer: CHN\n"
        f"    coverage: {{elements: [Dy]}}\n    announced: 2026-01-01\n    start: {start!r}\n"
        f"    parameters: {{approval_probability: {prob}, review_time: {{mean: 30}}}}\n"
        "    source: x\n    status: estimated\n"
    )
    try:
        tl = Timeline.load(f)
    except DataError:
        return
    m = next(m for m in tl.measures if m.id == "p")
    assert m.parameters.approval_probability is not None
    assert 0 <= m.parameters.approval_probability <= 1


@_settings
@given(
    data=st.binary(max_size=300),
    suffix=st.sampled_from([".txt", ".html", ".xml", ".jsonl", ".json"]),
)
def test_news_reader(data: bytes, suffix: str) -> None:
    from chokepoints.news.ingest import read_documents

    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / f"article{suffix}"
        f.write_bytes(data)
        try:
            docs = read_documents(f)
        except DataError:
            return
    assert all(isinstance(doc.text, str) for doc in docs)


@pytest.mark.parametrize("kind", ["fifo", "folder", "devzero"])
def test_news_reader_refuses_special_files(tmp_path: Path, kind: str) -> None:
    import os

    from chokepoints.news.ingest import read_documents

    f = tmp_path / "a.txt"
    if kind == "fifo":
        os.mkfifo(f)
    elif kind == "folder":
        f.mkdir()
    else:
        f.symlink_to("/dev/zero")
    with pytest.raises(DataError):
        read_documents(f)
