"""Bilateral trade from UN Comtrade bulk CSV and CEPII BACI CSV files.

Both readers return one tidy table with the columns of :data:`TRADE_COLUMNS`
(``year, exporter, importer, hs6, value_usd, quantity_t``; ISO3 codes, US$, metric
tonnes), so a user who holds those files can replace the bundled trade flows with
:func:`apply_trade`.

- Comtrade: the Comtrade+ bulk/API CSV headers (``refYear``/``period``,
  ``reporterISO``, ``partnerISO``, ``flowCode``, ``cmdCode``, ``primaryValue``,
  ``netWgt`` in kg) and the legacy ones (``Year``, ``Reporter ISO``, ``Partner ISO``,
  ``Trade Flow``, ``Commodity Code``, ``Trade Value (US$)``, ``Netweight (kg)``).
- BACI: ``t, i, j, k, v, q`` with ``v`` in thousand US$ and ``q`` in metric tonnes and
  CEPII's numeric country codes (ISO 3166 numeric, with a few of CEPII's own).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pycountry

from chokepoints.errors import DataError, Problem, raise_if_problems
from chokepoints.world.model import World

TRADE_COLUMNS = ("year", "exporter", "importer", "hs6", "value_usd", "quantity_t")

_COMTRADE_ALIASES = {
    "year": ("refYear", "period", "Year", "Period", "year"),
    "reporter": ("reporterISO", "Reporter ISO", "reporter_iso3"),
    "partner": ("partnerISO", "Partner ISO", "partner_iso3"),
    "flow": ("flowCode", "Trade Flow", "flow"),
    "hs": ("cmdCode", "Commodity Code", "hs6"),
    "value": ("primaryValue", "Trade Value (US$)", "import_value_usd"),
    "weight_kg": ("netWgt", "Netweight (kg)"),
}

#: CEPII BACI codes that differ from ISO 3166 numeric.
_BACI_CODES = {251: "FRA", 381: "ITA", 490: "TWN", 579: "NOR", 699: "IND", 757: "CHE", 842: "USA"}


def _pick(df: pd.DataFrame, key: str, file: str, required: bool = True) -> str | None:
    for alias in _COMTRADE_ALIASES[key]:
        if alias in df.columns:
            return alias
    if required:
        raise DataError(
            f"has no column for {key} (expected one of {', '.join(_COMTRADE_ALIASES[key])})",
            file=file,
            field=key,
        )
    return None


def _hs6(value: str) -> str:
    digits = "".join(ch for ch in str(value) if ch.isdigit())
    return digits[:6]


def read_comtrade(path: str | Path) -> pd.DataFrame:
    """Read a UN Comtrade CSV (imports or exports) into the tidy trade table.

    Import rows become ``partner -> reporter`` flows, export rows ``reporter -> partner``.
    World and area aggregates (non-ISO partners) are dropped. Weight in kg becomes
    tonnes; a missing weight is NaN.
    """
    file = str(path)
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise DataError(f"cannot be read as CSV: {exc}", file=file) from exc
    problems: list[Problem] = []
    cols: dict[str, str | None] = {}
    for key in _COMTRADE_ALIASES:
        try:
            cols[key] = _pick(df, key, file, required=key != "weight_kg")
        except DataError as exc:
            problems.append(exc.problem)
    raise_if_problems(problems, context=file)
    rows = []
    for i, r in enumerate(df.to_dict(orient="records"), start=1):
        flow = str(r[cols["flow"]]).strip().upper()[:1]  # M / X / Import / Export
        if flow not in ("M", "I", "X", "E"):
            problems.append(
                Problem(file, i, cols["flow"], r[cols["flow"]], "is not an import or export flow")
            )
            continue
        rep, par = str(r[cols["reporter"]]).strip().upper(), str(r[cols["partner"]]).strip().upper()
        if par in ("W00", "WLD", "WORLD", "_X", "X1", ""):
            continue
        try:
            value = float(r[cols["value"]])
        except ValueError:
            problems.append(
                Problem(file, i, cols["value"], r[cols["value"]], "is not a number (US$)")
            )
            continue
        if value < 0:
            problems.append(Problem(file, i, cols["value"], r[cols["value"]], "is negative"))
            continue
        weight = np.nan
        wcol = cols["weight_kg"]
        if wcol and str(r[wcol]).strip():
            try:
                weight = float(r[wcol]) / 1000.0
            except ValueError:
                problems.append(Problem(file, i, wcol, r[wcol], "is not a number (kg)"))
                continue
        try:
            year = int(str(r[cols["year"]])[:4])
        except ValueError:
            problems.append(Problem(file, i, cols["year"], r[cols["year"]], "is not a year"))
            continue
        exporter, importer = (par, rep) if flow in ("M", "I") else (rep, par)
        rows.append((year, exporter, importer, _hs6(r[cols["hs"]]), value, weight))
    raise_if_problems(problems, context=file)
    return pd.DataFrame(rows, columns=list(TRADE_COLUMNS))


def _baci_iso3(code: int) -> str | None:
    if code in _BACI_CODES:
        return _BACI_CODES[code]
    c = pycountry.countries.get(numeric=f"{code:03d}")
    return str(c.alpha_3) if c else None


def read_baci(path: str | Path, hs6: list[str] | None = None) -> pd.DataFrame:
    """Read a CEPII BACI CSV (``t,i,j,k,v,q``) into the tidy trade table.

    Parameters
    ----------
    path : path-like
    hs6 : list of str, optional
        Keep only these six-digit codes (BACI files hold every product; filter early).
    """
    file = str(path)
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, skipinitialspace=True)
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise DataError(f"cannot be read as CSV: {exc}", file=file) from exc
    df.columns = [c.strip() for c in df.columns]
    missing = [c for c in ("t", "i", "j", "k", "v", "q") if c not in df.columns]
    if missing:
        raise DataError(f"lacks BACI columns {missing} (expected t,i,j,k,v,q)", file=file)
    problems: list[Problem] = []
    rows = []
    keep = set(hs6) if hs6 else None
    for n, r in enumerate(df.to_dict(orient="records"), start=1):
        code = _hs6(r["k"]).zfill(6)
        if keep is not None and code not in keep:
            continue
        try:
            year, i, j = int(r["t"]), int(r["i"]), int(r["j"])
        except ValueError:
            problems.append(
                Problem(file, n, "t/i/j", f"{r['t']},{r['i']},{r['j']}", "is not an integer code")
            )
            continue
        try:
            v = float(r["v"]) * 1000.0
        except ValueError:
            problems.append(Problem(file, n, "v", r["v"], "is not a number (thousand US$)"))
            continue
        q_text = str(r["q"]).strip()
        try:
            q = float(q_text) if q_text and q_text.upper() != "NA" else np.nan
        except ValueError:
            problems.append(Problem(file, n, "q", r["q"], "is not a number (t)"))
            continue
        exp, imp = _baci_iso3(i), _baci_iso3(j)
        if exp is None or imp is None:
            problems.append(
                Problem(
                    file,
                    n,
                    "i" if exp is None else "j",
                    i if exp is None else j,
                    "is not a known country code",
                )
            )
            continue
        rows.append((year, exp, imp, code, v, q))
    raise_if_problems(problems, context=file)
    return pd.DataFrame(rows, columns=list(TRADE_COLUMNS))


def apply_trade(
    world: World, trade: pd.DataFrame, *, year: int, source_id: str, note: str = ""
) -> World:
    """A copy of ``world`` whose cross-border flows use the observed trade quantities.

    For every (exporter, importer, product) where the product's HS codes match the trade
    rows of ``year`` and the quantity in tonnes is known, the flows from the exporter's
    node to the importer's nodes are rescaled so their total equals the observation
    (split as before among the importer's customer nodes) and marked ``primary``. A
    supplier whose deliveries then exceed its output has its output and capacity raised
    to match (noted in ``method``). Pairs with no existing flow are reported, not
    invented. Returns the new world; raises DataError if nothing matched.
    """
    from chokepoints.world.validate import validate_world

    tr = trade[trade["year"] == year].dropna(subset=["quantity_t"])
    if tr.empty:
        raise DataError(f"has no rows with quantities for year {year}", field="year", value=year)
    hs_of = {
        pid: {_hs6(h) for h in str(codes).split(";") if h}
        for pid, codes in world.products["hs_codes"].items()
    }
    flows = world.flows.copy()
    nodes = world.nodes.copy()
    sup_c = flows["supplier_node"].map(nodes["country"])
    cus_c = flows["customer_node"].map(nodes["country"])
    sources = world.sources.copy()
    if source_id not in sources.index:
        sources.loc[source_id] = {
            "source_id": source_id, "publisher": "user trade file", "title": note or source_id,
            "url": "", "date": str(year), "licence": "", "units": "t; US$", "status": "primary", "note": note,
        }  # fmt: skip
    matched = 0
    for pid, codes in hs_of.items():
        if not codes:
            continue
        obs = tr[tr["hs6"].isin(codes)].groupby(["exporter", "importer"])["quantity_t"].sum()
        for (exp, imp), q in obs.items():
            sel = (flows["product_id"] == pid) & (sup_c == exp) & (cus_c == imp)
            if not sel.any():
                continue
            base = flows.loc[sel, "quantity_t_per_yr"].sum()
            scale = q / base if base > 0 else 0.0
            flows.loc[sel, "quantity_t_per_yr"] *= scale
            flows.loc[sel, "value_usd_per_yr"] *= scale
            flows.loc[sel, "status"] = "primary"
            flows.loc[sel, "source"] = source_id
            flows.loc[sel, "method"] = ""
            matched += 1
    if not matched:
        raise DataError(
            "matched no flow of this world (check HS codes, year and country codes)", field="trade"
        )
    out = flows.groupby("supplier_node")["quantity_t_per_yr"].sum()
    for nid, q in out.items():
        if q > nodes.loc[nid, "production_t_per_yr"]:
            nodes.loc[nid, ["production_t_per_yr", "capacity_t_per_yr"]] = q
            nodes.loc[nid, "method"] = (
                f"{nodes.loc[nid, 'method']}; raised to match observed trade".strip("; ")
            )
    new = World(
        sources=sources, countries=world.countries, products=world.products, nodes=nodes,
        flows=flows, recipes=world.recipes, name=f"{world.name}+trade{year}", meta=dict(world.meta),
    )  # fmt: skip
    validate_world(new, check_balance=False)
    return new
