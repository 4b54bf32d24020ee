"""Read and validate market input files (YAML) and the bundled market cases.

The input format is documented in ``docs/market.md`` ("Input file"); in short::

    name: gsim-4x4-us-eu-fta
    product: generic
    value_unit: USD million per year
    regions: [US, JP, EU, RW]
    baseline_value:              # exporter -> values to each importer, in `regions` order
      US: [0, 50, 200, 300]
      ...
    elasticities:
      substitution: 5            # number or {importer: number}
      composite_demand: -1.25    # number or {importer: number}, <= 0
      export_supply: 1.5         # number or {exporter: number}; .inf = flat supply
    initial:                     # measures in force in the baseline
      import_tariffs: {US: [0, 0.21, 0.41, 0.22], ...}   # matrix of rates, or entries
      export_taxes: []
    new:                         # measures after the change (entries override initial)
      import_tariffs: [{exporter: EU, importer: US, rate: 0}]
      export_taxes: [{exporter: CHN, importer: "*", rate: 0.25}]
      quotas: [{exporter: CHN, importer: EUR, share_of_baseline: 0.5}]
      licences: [{exporter: CHN, importer: "*", approved_share: 0.26}]
      bans: [{exporter: CHN, importer: USA}]

Every problem found in one pass is reported together, each naming the file, the line
("row") and the field path, the value seen and what was expected.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from chokepoints.engines.market.model import MarketSpec
from chokepoints.errors import DataError, NotFoundError, Problem, raise_if_problems
from chokepoints.safe_yaml import load_yaml_text, read_text_file

ELASTICITY_KEYS = ("substitution", "composite_demand", "export_supply")
MEASURE_KEYS = ("import_tariffs", "export_taxes", "quotas", "licences", "bans")
TOP_KEYS = (
    "name",
    "product",
    "value_unit",
    "regions",
    "baseline_value",
    "elasticities",
    "initial",
    "new",
    "reference_prices",
    "baseline_date",
    "description",
    "sources",
    "notes",
)
WILDCARD = "*"


def _line_map(text: str) -> dict[tuple[Any, ...], int]:
    """Map YAML paths (tuples of keys/indices) to 1-based line numbers."""
    lines: dict[tuple[Any, ...], int] = {}
    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return lines

    def walk(node: yaml.Node, path: tuple[Any, ...]) -> None:
        lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                k = key.value
                lines[(*path, k)] = key.start_mark.line + 1
                walk(value, (*path, k))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*path, i))

    if root is not None:
        walk(root, ())
    return lines


@dataclass
class _Ctx:
    file: str
    lines: dict[tuple[Any, ...], int]
    problems: list[Problem]
    prefix: tuple[Any, ...] = ()

    def add(self, path: tuple[Any, ...], value: Any, reason: str) -> None:
        path = (*self.prefix, *path)
        row = None
        for cut in range(len(path), -1, -1):
            if path[:cut] in self.lines:
                row = self.lines[path[:cut]]
                break
        field = ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in path).replace(
            ".[", "["
        )
        self.problems.append(
            Problem(file=self.file, row=row, field=field or None, value=value, reason=reason)
        )


def _number(ctx: _Ctx, path: tuple[Any, ...], value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        ctx.add(path, value, "is not a number (expected e.g. 0.25 or .inf)")
        return None
    if math.isnan(value):  # NaN is refused wherever a number is read (issue 16)
        ctx.add(path, ".nan", "is not a number (NaN; expected e.g. 0.25, or .inf where allowed)")
        return None
    return float(value)


def _region_vector(
    ctx: _Ctx,
    path: tuple[Any, ...],
    value: Any,
    regions: list[str],
    *,
    check: Any,
    expected: str,
) -> np.ndarray:
    out = np.full(len(regions), np.nan)
    if isinstance(value, Mapping):
        default = value.get("default")
        if default is not None:
            out[:] = _number(ctx, (*path, "default"), default) or np.nan
        for key, v in value.items():
            if key == "default":
                continue
            if key not in regions:
                ctx.add((*path, key), key, f"is not a region (expected one of {regions})")
                continue
            num = _number(ctx, (*path, key), v)
            if num is not None:
                out[regions.index(key)] = num
        missing = [r for r, x in zip(regions, out, strict=True) if np.isnan(x)]
        if missing:
            ctx.add(path, None, f"has no value for {missing} (give them or a 'default')")
    else:
        num = _number(ctx, path, value)
        if num is not None:
            out[:] = num
    if isinstance(value, Mapping):
        for r, x in zip(regions, out, strict=True):
            if not np.isnan(x) and not check(x):
                ctx.add((*path, r), x, expected)
    elif not np.isnan(out[0]) and not check(out[0]):
        ctx.add(path, out[0], expected)
    return out


def _matrix(
    ctx: _Ctx, path: tuple[Any, ...], value: Any, regions: list[str], what: str
) -> np.ndarray | None:
    n = len(regions)
    if not isinstance(value, Mapping):
        ctx.add(path, type(value).__name__, f"is not a mapping exporter -> list of {n} {what}")
        return None
    mat = np.zeros((n, n))
    for key, row in value.items():
        if key not in regions:
            ctx.add((*path, key), key, f"is not a region (expected one of {regions})")
            continue
        if not isinstance(row, list) or len(row) != n:
            seen = len(row) if isinstance(row, list) else type(row).__name__
            ctx.add((*path, key), seen, f"must be a list of {n} numbers, one per region")
            continue
        for j, v in enumerate(row):
            num = _number(ctx, (*path, key, j), v)
            if num is not None:
                mat[regions.index(key), j] = num
    return mat


def _targets(
    ctx: _Ctx, path: tuple[Any, ...], entry: Mapping[str, Any], regions: list[str]
) -> list[tuple[int, int]]:
    """Cells named by an entry's exporter/importer (``*`` = every other region)."""
    ends = []
    for key in ("exporter", "importer"):
        name = entry.get(key)
        if name is None:
            ctx.add((*path, key), None, "is missing (expected a region or '*')")
            return []
        if name != WILDCARD and name not in regions:
            from difflib import get_close_matches

            close = get_close_matches(str(name), regions, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            ctx.add((*path, key), name, f"is not a region (expected one of {regions} or '*'){hint}")
            return []
        ends.append(name)
    exp, imp = ends
    cells = []
    for i, r in enumerate(regions):
        for j, m in enumerate(regions):
            if exp == WILDCARD and imp == WILDCARD:
                ok = i != j
            elif exp == WILDCARD:
                ok = m == imp and i != j
            elif imp == WILDCARD:
                ok = r == exp and i != j
            else:
                ok = r == exp and m == imp
            if ok:
                cells.append((i, j))
    return cells


def _rate_matrix(
    ctx: _Ctx,
    path: tuple[Any, ...],
    value: Any,
    regions: list[str],
    start: np.ndarray,
) -> np.ndarray:
    """A rate matrix from a full matrix or a list of entries applied on ``start``."""
    if value is None:
        return start.copy()
    if isinstance(value, Mapping):
        mat = _matrix(ctx, path, value, regions, "rates")
        out = start.copy() if mat is None else mat
    elif isinstance(value, list):
        out = start.copy()
        for k, entry in enumerate(value):
            if not isinstance(entry, Mapping):
                ctx.add((*path, k), entry, "is not an entry {exporter, importer, rate}")
                continue
            rate = _number(ctx, (*path, k, "rate"), entry.get("rate"))
            for i, j in _targets(ctx, (*path, k), entry, regions):
                if rate is not None:
                    out[i, j] = rate
    else:
        ctx.add(path, value, "must be a matrix (exporter -> list of rates) or a list of entries")
        return start.copy()
    bad = np.argwhere(~np.isfinite(out) | (out <= -1))
    for i, j in bad:
        ctx.add(path, out[i, j], f"rate {regions[i]}->{regions[j]} must be a finite number > -1 "
                "(a fraction)")  # fmt: skip
    return out


def _compile_new(
    ctx: _Ctx,
    new: Mapping[str, Any],
    regions: list[str],
    value0: np.ndarray | None,
    tariff0: np.ndarray,
    xtax0: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, tuple[tuple[np.ndarray, float], ...]]:
    """The ``new`` measures block: new tariffs, export taxes, caps, total caps."""
    n = len(regions)
    tariff1 = _rate_matrix(
        ctx, ("new", "import_tariffs"), new.get("import_tariffs"), regions, tariff0
    )
    xtax1 = _rate_matrix(ctx, ("new", "export_taxes"), new.get("export_taxes"), regions, xtax0)

    quota_share = np.full((n, n), np.inf)
    kind = np.full((n, n), "", dtype=object)
    groups: list[tuple[np.ndarray, float, tuple[Any, ...]]] = []
    for key, share_field, label in (
        ("quotas", "share_of_baseline", "quota"),
        ("licences", "approved_share", "licence"),
        ("bans", None, "ban"),
    ):
        entries = new.get(key) or []
        if not isinstance(entries, list):
            ctx.add(("new", key), entries, "must be a list of entries")
            continue
        for k, entry in enumerate(entries):
            path = ("new", key, k)
            if not isinstance(entry, Mapping):
                ctx.add(path, entry, "is not an entry {exporter, importer, ...}")
                continue
            cells = _targets(ctx, path, entry, regions)
            scope = entry.get("scope", "each")
            if scope not in ("each", "total") or (key == "bans" and scope != "each"):
                allowed = "'each'" if key == "bans" else "'each' or 'total'"
                ctx.add((*path, "scope"), scope, f"is not a cap scope (expected {allowed})")
                continue
            share: float | None = None
            qty: float | None = None
            if share_field is None:
                share = 0.0
            elif share_field in entry:
                share = _number(ctx, (*path, share_field), entry[share_field])
                if share is not None and share < 0:
                    ctx.add((*path, share_field), share, "must be >= 0 (a share of baseline)")
                    continue
                if key == "licences" and share is not None and share > 1:
                    ctx.add((*path, share_field), share, "must be <= 1 (a share of baseline)")
                    continue
            elif key == "quotas" and "quantity" in entry:
                qty = _number(ctx, (*path, "quantity"), entry["quantity"])
                if qty is not None and qty < 0:
                    ctx.add((*path, "quantity"), qty, "must be >= 0")
                    continue
            else:
                want = f"'{share_field}'" + (" or 'quantity'" if key == "quotas" else "")
                ctx.add(path, None, f"has no {want}")
                continue
            if (share is None and qty is None) or value0 is None or not cells:
                continue
            if scope == "total":
                mask = np.zeros((n, n), dtype=bool)
                for i, j in cells:
                    mask[i, j] = True
                base = float(value0[mask].sum())
                cap = qty if qty is not None else float(share) * base  # type: ignore[arg-type]
                groups.append((mask, cap, path))
                kind[mask] = f"{label} (total)"
                continue
            for i, j in cells:
                base = value0[i, j]
                if qty is not None:
                    cap_share = qty / base if base > 0 else np.inf
                else:
                    cap_share = float(share)  # type: ignore[arg-type]
                if cap_share < quota_share[i, j]:
                    quota_share[i, j] = cap_share
                    kind[i, j] = label
    taken = np.isfinite(quota_share)
    for mask, _, path in groups:
        if np.any(mask & taken):
            ctx.add(
                path,
                None,
                "caps flows that another quota, licence or ban already caps "
                "(expected each flow under one cap)",
            )
        taken = taken | mask
    quota_groups = tuple((mask, cap) for mask, cap, _ in groups)
    return tariff1, xtax1, quota_share, kind.astype(str), quota_groups


def apply_measures(
    spec: MarketSpec, new: Mapping[str, Any], *, file: str = "<measures>"
) -> MarketSpec:
    """Copy of ``spec`` with a ``new`` measures block (input-file format) applied.

    Parameters
    ----------
    spec : MarketSpec
        A compiled market (its initial measures are kept).
    new : mapping
        ``import_tariffs``, ``export_taxes``, ``quotas``, ``licences``, ``bans``.
    file : str
        Name used in error messages.

    Returns
    -------
    MarketSpec
    """
    ctx = _Ctx(file=file, lines={}, problems=[])
    for key in new:
        if key not in MEASURE_KEYS:
            ctx.add(("new", key), key, f"is not a measure (expected {list(MEASURE_KEYS)})")
    regions = list(spec.regions)
    tariff1, xtax1, quota_share, kind, groups = _compile_new(
        ctx, new, regions, spec.value0, spec.tariff0, spec.export_tax0
    )
    raise_if_problems(ctx.problems, context=file)
    return replace(
        spec,
        tariff1=tariff1,
        export_tax1=xtax1,
        quota_share=quota_share,
        quota_groups=groups,
        measure_kind=kind,
    )


def compile_market(
    data: Mapping[str, Any],
    *,
    file: str = "<input>",
    text: str | None = None,
    prefix: tuple[Any, ...] = (),
) -> MarketSpec:
    """Validate a parsed market document and compile it to a :class:`MarketSpec`.

    Parameters
    ----------
    data : mapping
        The parsed YAML document (schema in the module docstring and docs/market.md).
    file : str
        Name used in error messages.
    text : str, optional
        The YAML text, to report line numbers.

    Returns
    -------
    MarketSpec

    Raises
    ------
    DataErrors
        Listing every problem found.
    """
    ctx = _Ctx(file=file, lines=_line_map(text) if text else {}, problems=[], prefix=prefix)
    if not isinstance(data, Mapping):
        raise DataError("is not a YAML mapping (expected keys like 'regions')", file=file)
    for key in data:
        if key not in TOP_KEYS:
            ctx.add((key,), key, f"is not a known key (expected one of {list(TOP_KEYS)})")
    regions_raw = data.get("regions")
    if (
        not isinstance(regions_raw, list)
        or not regions_raw
        or not all(isinstance(r, str) for r in regions_raw)
    ):
        ctx.add(("regions",), regions_raw, "must be a non-empty list of region ids")
        raise_if_problems(ctx.problems, context=file)
    regions = list(regions_raw)  # type: ignore[arg-type]
    if len(set(regions)) != len(regions):
        ctx.add(("regions",), regions, "has duplicate ids")
    n = len(regions)

    value0 = _matrix(ctx, ("baseline_value",), data.get("baseline_value"), regions, "values")
    if value0 is not None:
        for i, j in np.argwhere((value0 < 0) | ~np.isfinite(value0)):
            ctx.add(("baseline_value", regions[i], int(j)), value0[i, j], "must be finite and >= 0")
        if value0.sum() <= 0:
            ctx.add(("baseline_value",), 0, "has no positive flow")

    el = data.get("elasticities")
    if not isinstance(el, Mapping):
        ctx.add(
            ("elasticities",),
            el,
            "is missing (expected substitution, composite_demand, export_supply)",
        )
        el = {}
    for key in el:
        if key not in (*ELASTICITY_KEYS, "citations"):
            ctx.add(("elasticities", key), key, f"is not known (expected {ELASTICITY_KEYS})")
    vectors = {}
    checks = {
        "substitution": (lambda x: 0 < x < math.inf, "must be > 0 and finite"),
        "composite_demand": (lambda x: -math.inf < x <= 0, "must be <= 0 (GSIM sign: E_m < 0)"),
        "export_supply": (lambda x: x >= 0, "must be >= 0 (.inf for a flat supply curve)"),
    }
    for key in ELASTICITY_KEYS:
        if key not in el:
            ctx.add(("elasticities", key), None, "is missing")
            vectors[key] = np.full(n, np.nan)
            continue
        check, expected = checks[key]
        vectors[key] = _region_vector(
            ctx, ("elasticities", key), el[key], regions, check=check, expected=expected
        )
    citations = el.get("citations") or {}
    if not isinstance(citations, Mapping):
        ctx.add(("elasticities", "citations"), citations, "must map elasticity name -> text")
        citations = {}

    zeros = np.zeros((n, n))
    initial = data.get("initial") or {}
    new = data.get("new") or {}
    for block, name in ((initial, "initial"), (new, "new")):
        if not isinstance(block, Mapping):
            ctx.add((name,), block, "must be a mapping of measures")
        else:
            allowed = MEASURE_KEYS if name == "new" else ("import_tariffs", "export_taxes")
            for key in block:
                if key not in allowed:
                    ctx.add((name, key), key, f"is not a measure here (expected {list(allowed)})")
    initial = initial if isinstance(initial, Mapping) else {}
    new = new if isinstance(new, Mapping) else {}
    tariff0 = _rate_matrix(
        ctx, ("initial", "import_tariffs"), initial.get("import_tariffs"), regions, zeros
    )
    xtax0 = _rate_matrix(
        ctx, ("initial", "export_taxes"), initial.get("export_taxes"), regions, zeros
    )
    tariff1, xtax1, quota_share, kind, groups = _compile_new(
        ctx, new, regions, value0, tariff0, xtax0
    )
    rent_holder = np.ones((n, n), dtype=bool)

    refs: dict[str, tuple[float, str]] = {}
    ref_raw = data.get("reference_prices") or {}
    if isinstance(ref_raw, Mapping):
        for region, spec in ref_raw.items():
            if region not in regions:
                ctx.add(
                    ("reference_prices", region),
                    region,
                    f"is not a region (expected one of {regions})",
                )
                continue
            if not isinstance(spec, Mapping) or "value" not in spec:
                ctx.add(("reference_prices", region), spec, "must be {value: number, unit: text}")
                continue
            val = _number(ctx, ("reference_prices", region, "value"), spec["value"])
            if val is not None:
                refs[region] = (val, str(spec.get("unit", "")))
    else:
        ctx.add(("reference_prices",), ref_raw, "must map region -> {value, unit}")

    raise_if_problems(ctx.problems, context=file)
    assert value0 is not None
    return MarketSpec(
        regions=tuple(regions),
        value0=value0,
        tariff0=tariff0,
        tariff1=tariff1,
        export_tax0=xtax0,
        export_tax1=xtax1,
        quota_share=quota_share,
        quota_groups=groups,
        substitution=vectors["substitution"],
        composite_demand=vectors["composite_demand"],
        export_supply=vectors["export_supply"],
        product=str(data.get("product", "product")),
        value_unit=str(data.get("value_unit", "value units")),
        rent_to_exporter=rent_holder,
        reference_prices=refs,
        measure_kind=kind,
        citations={str(k): str(v) for k, v in citations.items()},
        name=str(data.get("name", Path(file).stem)),
    )


def _parse(text: str, file: str) -> Any:
    # one safe loader for every YAML file (alias bombs, depth, duplicate keys)
    return load_yaml_text(text, source=file, expect=None, dates=True)


def load_market(path: str | Path, **overrides: float) -> MarketSpec:
    """Read a single-product market input file (YAML) and compile it.

    Parameters
    ----------
    path : str or Path
        The file.
    **overrides : float
        Scale an elasticity group, e.g. ``substitution=2.0`` (see ``MarketSpec.with_elasticities``).

    Returns
    -------
    MarketSpec
    """
    specs = load_markets(path, **overrides)
    if len(specs) != 1:
        raise DataError(
            f"holds {len(specs)} products (expected one here; use load_markets)", file=str(path)
        )
    return specs[0]


def load_markets(path: str | Path, **overrides: float) -> list[MarketSpec]:
    """Read a market input file with one product, or several under ``products:``.

    Several independent products are solved one by one; each entry of ``products`` is a
    complete single-product document.

    Parameters
    ----------
    path : str or Path
        The file.
    **overrides : float
        Scale an elasticity group in every product.

    Returns
    -------
    list of MarketSpec
    """
    p = Path(path)
    text = read_text_file(p, kind="market YAML file")
    data = _parse(text, p.name)
    if isinstance(data, Mapping) and "products" in data:
        docs = data["products"]
        if not isinstance(docs, list) or not docs:
            raise DataError(
                "must be a non-empty list of single-product documents",
                file=p.name,
                field="products",
                value=type(docs).__name__,
            )
        problems: list[Problem] = []
        specs = []
        for k, doc in enumerate(docs):
            try:
                specs.append(compile_market(doc, file=p.name, text=text, prefix=("products", k)))
            except DataError as exc:
                problems.extend(exc.problems)
        raise_if_problems(problems, context=p.name)
    else:
        specs = [compile_market(data, file=p.name, text=text)]
    return [s.with_elasticities(**overrides) if overrides else s for s in specs]


# ----------------------------------------------------------------------------- bundled


def _data_dir() -> Any:
    return resources.files("chokepoints.data").joinpath("market")


def builtin_markets() -> list[str]:
    """Names of the bundled single-product markets (``dysprosium-oxide``, ...)."""
    d = _data_dir().joinpath("markets")
    return sorted(p.name[:-5] for p in d.iterdir() if p.name.endswith(".yaml"))


def builtin_scenarios() -> dict[str, dict[str, Any]]:
    """The bundled policy cases (``april-2025-licensing``, ...) as parsed YAML."""
    text = _data_dir().joinpath("scenarios.yaml").read_text(encoding="utf-8")
    data = _parse(text, "chokepoints/data/market/scenarios.yaml")
    return dict(data["scenarios"])


def builtin_baseline_date(product: str) -> dt.date | None:
    """The ``baseline_date`` of a bundled market file (None when it has none).

    It is the day whose measures the market's baseline already contains; a scenario's
    measures are applied relative to it (:mod:`chokepoints.market.path`).
    """
    known = builtin_markets()
    if product not in known:
        raise NotFoundError("market product", product, known)
    fname = f"{product}.yaml"
    data = _parse(_data_dir().joinpath("markets", fname).read_text(encoding="utf-8"), fname)
    value = data.get("baseline_date") if isinstance(data, Mapping) else None
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise DataError(
            "is not a date (expected YYYY-MM-DD)", file=fname, field="baseline_date", value=value
        ) from None


def load_builtin_market(
    product: str, scenario: str | None = None, *, new: Mapping[str, Any] | None = None
) -> MarketSpec:
    """Compile a bundled market, optionally with a scenario's (or given) measures applied.

    Parameters
    ----------
    product : str
        A name from :func:`builtin_markets`, e.g. ``dysprosium-oxide``.
    scenario : str, optional
        A name from :func:`builtin_scenarios`; its ``new`` block replaces the market's.
    new : mapping, optional
        A ``new`` measures block to apply instead (input-file format).

    Returns
    -------
    MarketSpec

    Raises
    ------
    NotFoundError
        For an unknown product or scenario (with the near matches).
    """
    known = builtin_markets()
    if product not in known:
        raise NotFoundError("market product", product, known)
    fname = f"{product}.yaml"
    text: str | None = _data_dir().joinpath("markets", fname).read_text(encoding="utf-8")
    assert text is not None
    data = dict(_parse(text, fname))
    file = fname
    if scenario is not None:
        scenarios = builtin_scenarios()
        if scenario not in scenarios:
            raise NotFoundError("market scenario", scenario, scenarios)
        new = scenarios[scenario].get("new") or {}
        data["name"] = f"{scenario} / {product}"
        file = f"scenarios.yaml ({scenario}) + {fname}"
    if new is not None:
        data["new"] = dict(new)
        text = None  # line numbers would point into the market file, not the measures
    return compile_market(data, file=file, text=text)


def example_path(name: str = "gsim_4x4_us_eu_fta") -> Path:
    """Path of a bundled example input file (usable with ``chokepoints market --input``)."""
    p = _data_dir().joinpath("examples", f"{name}.yaml")
    return Path(str(p))
