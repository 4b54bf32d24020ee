"""Static criticality: HHI, governance-weighted HHI and the EU CRM scores, labelled.

Two data bases:

* the bundled world (``chokepoints.world``): concentration of each element's output per
  stage of the modelled chain (ore, oxide, metal, magnet, component, sector);
* the EU CRM 2023 study's own supply and end-use tables (bundled under
  ``data/raw/eu_crm2023``): the EU supply-risk (SR) and economic-importance (EI)
  indicators, to set next to the published scores (``data/criticality``).

The EU formulas need import reliance (IR), the end-of-life recycling input rate
(EOL-RIR), the two substitution indices (SI_SR, SI_EI) and the largest NACE two-digit
value added max(Q). For the 2023 assessment only IR (100% for rare earths) could be
sourced; the others default to the values that make SR and EI upper bounds (EOL-RIR 0,
SI 1) and max(Q) to the largest sector value added in the bundled end-use table. For the
2017 assessment every SR input per element is bundled (``data/criticality/
eu_crm2017_ree_parameters.csv``, from the 2017 study's Tables 3 and 18):
:func:`reproduce_2017_supply_risk` recomputes the 2017 scores from them, and
:func:`compare_with_published` can apply the 2017 EOL-RIR and SI to the 2023 tables as a
labelled vintage proxy. See docs/economy.md.
"""

from __future__ import annotations

import csv
import dataclasses
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from chokepoints.engines import criticality as eng
from chokepoints.errors import DataError, NotFoundError

#: Element symbol -> name used in the EU CRM tables.
ELEMENT_NAMES: dict[str, str] = {
    "La": "Lanthanum",
    "Ce": "Cerium",
    "Pr": "Praseodymium",
    "Nd": "Neodymium",
    "Sm": "Samarium",
    "Eu": "Europium",
    "Gd": "Gadolinium",
    "Tb": "Terbium",
    "Dy": "Dysprosium",
    "Ho": "Holmium",
    "Er": "Erbium",
    "Tm": "Thulium",
    "Yb": "Ytterbium",
    "Lu": "Lutetium",
    "Y": "Yttrium",
    "Sc": "Scandium",
}

#: Country names of the EU CRM tables -> ISO 3166 alpha-3 (the WGI's codes).
COUNTRY_ISO3: dict[str, str] = {
    "Australia": "AUS",
    "Brazil": "BRA",
    "Burundi": "BDI",
    "Canada": "CAN",
    "China": "CHN",
    "Hong Kong": "HKG",
    "India": "IND",
    "Japan": "JPN",
    "Kazakhstan": "KAZ",
    "Korea, South": "KOR",
    "Malaysia": "MYS",
    "Myanmar": "MMR",
    "Norway": "NOR",
    "Philippines": "PHL",
    "Russia": "RUS",
    "Singapore": "SGP",
    "Thailand": "THA",
    "Ukraine": "UKR",
    "United Kingdom": "GBR",
    "United States": "USA",
    "Vietnam": "VNM",
}

#: The 27 EU member states (2020 on); the world's ``EU27`` node gets their plain mean WGI.
EU27_ISO3 = (
    "AUT BEL BGR HRV CYP CZE DNK EST FIN FRA DEU GRC HUN IRL ITA LVA LTU LUX MLT NLD POL "
    "PRT ROU SVK SVN ESP SWE"
).split()

#: EU import reliance for rare earths: 100% (EPRS briefing "Securing Europe's supply of
#: critical raw materials", 9 March 2023, quoting the EU CRM assessment; secondary).
DEFAULT_IMPORT_RELIANCE = 1.0
#: WGI year used by default (the latest in the bundled 2024 update).
DEFAULT_WGI_YEAR = 2023


def _data_file(folder: str, name: str) -> Any:
    return resources.files("chokepoints.data").joinpath(folder, name)


def _read_csv(folder: str, name: str) -> list[dict[str, str]]:
    with _data_file(folder, name).open("r", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@lru_cache(maxsize=8)
def wgi_scores(year: int = DEFAULT_WGI_YEAR) -> dict[str, float]:
    """Rescaled WGI (0..10, 10 = poorest governance) by ISO3 code for one year.

    Uses the mean of the six WGI estimates (economies with all six only) and adds
    ``EU27`` as the plain mean of the member states' means.
    """
    rows = _read_csv("criticality", "wgi_mean6_2010_2023.csv")
    years = sorted({int(r["year"]) for r in rows})
    if year not in years:
        raise DataError(
            f"wgi_mean6_2010_2023.csv, field 'year': {year} is not in the file "
            f"(expected one of {years[0]}..{years[-1]})"
        )
    means = {r["iso3"]: float(r["mean6"]) for r in rows if int(r["year"]) == year and r["mean6"]}
    eu = [means[c] for c in EU27_ISO3 if c in means]
    if len(eu) == len(EU27_ISO3):
        means["EU27"] = float(np.mean(eu))
    codes = list(means)
    scaled = eng.wgi_scaled(np.array([means[c] for c in codes]))
    return dict(zip(codes, scaled.tolist(), strict=True))


def _symbol(element: str) -> str:
    for sym, name in ELEMENT_NAMES.items():
        if element.lower() in (sym.lower(), name.lower()):
            return sym
    raise NotFoundError("rare earth", element, list(ELEMENT_NAMES))


def _concentration(
    by_country: dict[str, float], wgi: dict[str, float], trade: dict[str, float] | None = None
) -> dict[str, Any]:
    countries = sorted(by_country, key=lambda c: -by_country[c])
    s = eng.shares_from_quantities([by_country[c] for c in countries])
    w = np.array([wgi.get(c, np.nan) for c in countries])
    t = np.array([(trade or {}).get(c, 1.0) for c in countries])
    top = countries[0] if countries else None
    return {
        "n_countries": len(countries),
        "top_country": top,
        "top_share": float(s[0]) if countries else None,
        "hhi": eng.hhi(s),
        "hhi_points": round(eng.hhi(s) * 10_000.0, 1),
        "hhi_wgi": eng.hhi_wgi(s, w, t),
        "share_without_wgi": float(s[np.isnan(w)].sum()),
        "countries_without_wgi": [c for c, v in zip(countries, w, strict=True) if np.isnan(v)],
    }


def world_concentration(
    element: str, *, world: Any = None, wgi_year: int = DEFAULT_WGI_YEAR
) -> list[dict[str, Any]]:
    """HHI and WGI-weighted HHI of one element's output per stage of the bundled world.

    A node counts for the element when its product's ``elements`` list names it; its
    ``production_t_per_yr`` is summed per country. ``ROW`` has no WGI: its share is
    reported in ``share_without_wgi`` and adds nothing to ``hhi_wgi``.

    Returns
    -------
    list of dict
        One row per stage in chain order: ``stage``, ``output_t_per_yr``, ``hhi`` (0..1),
        ``hhi_points`` (0..10,000), ``hhi_wgi`` (0..10), ``top_country``, ``top_share``.
    """
    from chokepoints.world import load_world

    sym = _symbol(element)
    w = world if world is not None else load_world()
    wgi = wgi_scores(wgi_year)
    products = w.products.reset_index(drop=True)
    nodes = w.nodes.reset_index(drop=True)
    has = products[products["elements"].fillna("").str.split(";").apply(lambda e: sym in e)]
    out: list[dict[str, Any]] = []
    for stage in dict.fromkeys(products["stage"].tolist()):
        pids = set(has.loc[has["stage"] == stage, "product_id"])
        sel = nodes[nodes["product_id"].isin(pids)]
        if sel.empty:
            continue
        by_country = sel.groupby("country")["production_t_per_yr"].sum().to_dict()
        row = {"stage": stage, "output_t_per_yr": float(sum(by_country.values()))}
        row.update(_concentration({str(k): float(v) for k, v in by_country.items()}, wgi))
        out.append(row)
    return out


@dataclass(frozen=True)
class EUParameters:
    """Inputs of the EU formulas the bundled data do not hold (fractions; None = unknown).

    Unknown values take the default that gives an upper bound and are reported as such.
    """

    import_reliance: float | None = DEFAULT_IMPORT_RELIANCE
    eol_rir: float | None = None
    si_sr: float | None = None
    si_ei: float | None = None
    max_value_added_eur_m: float | None = None


def _eu_table(name: str, sym: str) -> dict[str, dict[str, tuple[float, float]]]:
    """stage -> country ISO3 -> (share as fraction, trade variable t) for one element."""
    out: dict[str, dict[str, tuple[float, float]]] = {}
    for i, r in enumerate(_read_csv("raw/eu_crm2023", name), start=2):
        if r["material"] != ELEMENT_NAMES[sym]:
            continue
        iso = COUNTRY_ISO3.get(r["country"])
        if iso is None:
            raise DataError(
                f"{name}, row {i}, field 'country': {r['country']!r} has no ISO3 code "
                "in chokepoints.criticality.static.COUNTRY_ISO3"
            )
        share = float(r["share_pct_as_published"]) / 100.0
        out.setdefault(r["stage"], {})[iso] = (share, float(r["trade_variable_t"]))
    return out


def _stage_hhi_wgi(
    table: dict[str, tuple[float, float]], wgi: dict[str, float]
) -> tuple[float, float]:
    countries = list(table)
    s = np.array([table[c][0] for c in countries])
    t = np.array([table[c][1] for c in countries])
    w = np.array([wgi.get(c, np.nan) for c in countries])
    return eng.hhi(s), eng.hhi_wgi(s, w, t)


def eu_crm_indicators(
    element: str,
    *,
    params: EUParameters | None = None,
    wgi_year: int = DEFAULT_WGI_YEAR,
) -> dict[str, Any]:
    """EU CRM supply risk and economic importance of one element from the EU 2023 tables.

    Per stage (extraction, processing): HHI and HHI_WGI of global supply and of EU
    sourcing, and SR. Where the EU table has no EU-sourcing rows for a stage, the global
    HHI_WGI stands in for it (then SR does not depend on IR). SR is taken at the stage
    with the highest value, as in the method. EI uses the end-use shares with a NACE
    sector; uses without a sector ('Other') are left out and their share reported.

    Returns
    -------
    dict
        ``stages``, ``supply_risk``, ``supply_risk_stage``, ``economic_importance``
        (None without end-use rows), ``parameters`` (value and whether it was given or
        defaulted), ``end_use_share_without_sector``.
    """
    sym = _symbol(element)
    p = params or EUParameters()
    wgi = wgi_scores(wgi_year)
    gs = _eu_table("eu_crm2023_ree_global_supply_shares.csv", sym)
    eu = _eu_table("eu_crm2023_ree_eu_sourcing_shares.csv", sym)
    if not gs:
        raise NotFoundError("EU CRM 2023 supply table material", ELEMENT_NAMES[sym])

    def given(v: float | None, default: float, note: str) -> tuple[float, dict[str, Any]]:
        if v is None:
            return default, {"value": default, "given": False, "note": note}
        return v, {"value": v, "given": True, "note": "given by the user"}

    ir, ir_d = given(p.import_reliance, DEFAULT_IMPORT_RELIANCE, "default")
    if p.import_reliance == DEFAULT_IMPORT_RELIANCE:
        ir_d = {
            "value": ir,
            "given": False,
            "note": "100% for rare earths (EPRS briefing 2023 quoting the EU CRM assessment)",
        }
    eol, eol_d = given(p.eol_rir, 0.0, "not sourced: 0 (upper bound of SR)")
    si_sr, si_sr_d = given(p.si_sr, 1.0, "not sourced: 1 (upper bound of SR)")
    si_ei, si_ei_d = given(p.si_ei, 1.0, "not sourced: 1 (upper bound of EI)")

    stages: list[dict[str, Any]] = []
    for stage in ("extraction", "processing"):
        if stage not in gs:
            continue
        h_gs, hw_gs = _stage_hhi_wgi(gs[stage], wgi)
        if stage in eu:
            h_eu, hw_eu = _stage_hhi_wgi(eu[stage], wgi)
            eu_note = "EU sourcing table"
        else:
            h_eu, hw_eu, eu_note = h_gs, hw_gs, "no EU sourcing rows: global supply used"
        sr = eng.supply_risk(hw_gs, hw_eu, ir, eol, si_sr)
        stages.append(
            {
                "stage": stage,
                "hhi_global": h_gs,
                "hhi_wgi_global": hw_gs,
                "hhi_eu_sourcing": h_eu,
                "hhi_wgi_eu_sourcing": hw_eu,
                "eu_sourcing_basis": eu_note,
                "supply_risk": sr,
            }
        )
    best = max(stages, key=lambda r: r["supply_risk"])

    uses = [r for r in _read_csv("raw/eu_crm2023", "eu_crm2023_ree_end_use_shares.csv")]
    uses = [r for r in uses if r["material"] == ELEMENT_NAMES[sym]]
    ei: float | None = None
    q_all = [
        float(r["nace_value_added_million_eur"])
        for r in _read_csv("raw/eu_crm2023", "eu_crm2023_ree_end_use_shares.csv")
        if r["nace_value_added_million_eur"]
    ]
    q_max, q_d = given(
        p.max_value_added_eur_m,
        max(q_all),
        "not sourced: largest sector value added in the end-use table (lower bound of "
        "max(Q), so EI is an upper bound)",
    )
    with_sector = [r for r in uses if r["nace_value_added_million_eur"]]
    no_sector = sum(float(r["share_pct"]) for r in uses if not r["nace_value_added_million_eur"])
    if with_sector:
        a = np.array([float(r["share_pct"]) / 100.0 for r in with_sector])
        q = np.array([float(r["nace_value_added_million_eur"]) for r in with_sector])
        ei = eng.economic_importance(a, q, q_max, si_ei)
    return {
        "element": sym,
        "material": ELEMENT_NAMES[sym],
        "wgi_year": wgi_year,
        "stages": stages,
        "supply_risk": best["supply_risk"],
        "supply_risk_stage": best["stage"],
        "economic_importance": ei,
        "economic_importance_note": (
            None if with_sector else "the EU CRM 2023 end-use table has no rows for it"
        ),
        "end_use_share_without_sector": no_sector / 100.0,
        "parameters": {
            "import_reliance": ir_d,
            "eol_rir": eol_d,
            "si_sr": si_sr_d,
            "si_ei": si_ei_d,
            "max_value_added_eur_m": q_d,
        },
    }


def published_scores() -> list[dict[str, Any]]:
    """The EU's published SR and EI for HREEs, LREEs and scandium (2017, 2020, 2023)."""
    return [
        {
            "material": r["material"],
            "assessment_year": int(r["assessment_year"]),
            "supply_risk": float(r["supply_risk"]),
            "economic_importance": float(r["economic_importance"]),
        }
        for r in _read_csv("criticality", "eu_crm_published_sr_ei.csv")
    ]


def _group_of(sym: str) -> str | None:
    for r in _read_csv("raw/eu_crm2023", "eu_crm2023_ree_global_supply_shares.csv"):
        if r["material"] == ELEMENT_NAMES[sym]:
            return {"HREE": "HREEs", "LREE": "LREEs", "Scandium": "Scandium"}.get(r["group"])
    return None


#: Half a unit in the last digit of the published SR and EI (printed to 0.1).
PUBLISHED_HALF_STEP = 0.05


def compare_with_published(
    *,
    params: EUParameters | None = None,
    wgi_year: int = DEFAULT_WGI_YEAR,
    parameters_from_2017: bool = False,
    eol_rir: float | None = None,
) -> list[dict[str, Any]]:
    """Computed SR/EI per EU group (mean and range over its elements) against 2023's.

    The group score is the arithmetic mean of its elements' scores, as the EU 2017 study
    states for HREEs and LREEs. With ``parameters_from_2017`` each element takes the EU
    2017 assessment's EOL-RIR, SI_SR and SI_EI (:func:`parameters_2017`; a vintage proxy,
    the 2023 values were not found) instead of ``params``; ``eol_rir`` (a fraction) then
    replaces the 2017 EOL-RIR of every element (:func:`reproduce_2023_supply_risk`).

    ``implied_sr_factor`` = published SR / computed mean SR: the product
    ``(1 - EOL_RIR) * SI_SR`` (times any aggregation difference) the published value would
    need, shown to size the gap, never used to fit anything;
    ``implied_sr_factor_interval`` is the same for the ends of the published value's
    rounding interval (published +- 0.05).
    """
    per_group: dict[str, list[dict[str, Any]]] = {}
    for sym in ELEMENT_NAMES:
        group = _group_of(sym)
        if group is None:
            continue
        p_el = parameters_2017(sym) if parameters_from_2017 else params
        if parameters_from_2017 and eol_rir is not None and p_el is not None:
            p_el = dataclasses.replace(p_el, eol_rir=eol_rir)
        per_group.setdefault(group, []).append(
            eu_crm_indicators(sym, params=p_el, wgi_year=wgi_year)
        )
    pub = {r["material"]: r for r in published_scores() if r["assessment_year"] == 2023}
    out = []
    for group, rows in per_group.items():
        sr = np.array([r["supply_risk"] for r in rows])
        ei_vals = [r["economic_importance"] for r in rows if r["economic_importance"] is not None]
        ei = np.array(ei_vals) if ei_vals else np.array([np.nan])
        p = pub.get(group)
        out.append(
            {
                "group": group,
                "elements": [r["element"] for r in rows],
                "supply_risk_mean": float(sr.mean()),
                "supply_risk_min": float(sr.min()),
                "supply_risk_max": float(sr.max()),
                "economic_importance_mean": float(np.nanmean(ei)) if ei_vals else None,
                "economic_importance_min": float(np.nanmin(ei)) if ei_vals else None,
                "economic_importance_max": float(np.nanmax(ei)) if ei_vals else None,
                "published_2023_supply_risk": p["supply_risk"] if p else None,
                "published_2023_economic_importance": p["economic_importance"] if p else None,
                "implied_sr_factor": (p["supply_risk"] / float(sr.mean())) if p else None,
                "implied_sr_factor_interval": (
                    [
                        (p["supply_risk"] - PUBLISHED_HALF_STEP) / float(sr.mean()),
                        (p["supply_risk"] + PUBLISHED_HALF_STEP) / float(sr.mean()),
                    ]
                    if p
                    else None
                ),
                "implied_ei_factor": (
                    p["economic_importance"] / float(np.nanmean(ei)) if p and ei_vals else None
                ),
            }
        )
    return out


#: Half a unit in the last published digit of each 2017 input (Tables 3 and 18 of the
#: 2017 study print HHI_WGI,t and SI to 0.1 and EOL-RIR, IR to whole percent).
_ROUNDING_2017 = {"hhi": 0.05, "si": 0.05, "pct": 0.5}


def eu_2017_parameters() -> dict[str, dict[str, Any]]:
    """The EU 2017 assessment's published inputs and scores per rare earth and scandium.

    Returns
    -------
    dict
        symbol -> ``material``, ``group``, ``stage_assessed``, ``supply_risk``,
        ``economic_importance``, ``import_reliance`` and ``eol_rir`` (fractions), ``si_ei``,
        ``si_sr``, ``hhi_wgi_t_global``, ``hhi_wgi_t_eu``, ``supply_data_used``.
    """
    name = "eu_crm2017_ree_parameters.csv"
    out: dict[str, dict[str, Any]] = {}
    for i, r in enumerate(_read_csv("criticality", name), start=2):
        try:
            out[r["symbol"]] = {
                "material": r["material"],
                "group": r["group"],
                "stage_assessed": r["stage_assessed"],
                "supply_risk": float(r["supply_risk"]),
                "economic_importance": float(r["economic_importance"]),
                "import_reliance": float(r["import_reliance_pct"]) / 100.0,
                "eol_rir": float(r["eol_rir_pct"]) / 100.0,
                "si_ei": float(r["si_ei"]),
                "si_sr": float(r["si_sr"]),
                "hhi_wgi_t_global": float(r["hhi_wgi_t_global"]),
                "hhi_wgi_t_eu": float(r["hhi_wgi_t_eu"]),
                "supply_data_used": r["supply_data_used"],
            }
        except (KeyError, ValueError) as exc:
            raise DataError(
                f"{name}, row {i}: a numeric field could not be read ({exc}); expected "
                "numbers in supply_risk .. hhi_wgi_t_eu"
            ) from exc
    return out


def _sr_2017(p: dict[str, Any], hg: float, he: float, eol: float, si: float) -> float:
    if p["supply_data_used"] == "GS only":
        he = hg
    elif p["supply_data_used"] == "EUS only":
        hg = he
    return eng.supply_risk(hg, he, p["import_reliance"], eol, si)


def reproduce_2017_supply_risk() -> dict[str, Any]:
    """Recompute the EU 2017 SR of each rare earth and scandium from its published inputs.

    SR per element from the 2017 study's own HHI_WGI,t (global and EU sourcing), IR,
    EOL-RIR and SI_SR, with the formula of :func:`chokepoints.engines.criticality.
    supply_risk` ('GS only' uses the global HHI for both terms). The inputs are printed
    rounded, so each result is also given as the interval the rounding allows (inputs
    moved by half a unit of their last digit, SI capped at 1); ``within_rounding`` says
    whether the published score (itself rounded to 0.1) lies in that interval widened by
    0.05. Groups: the study states its group scores are the arithmetic means of the
    elements' scores; ``groups`` checks that against the published group values.
    """
    pars = eu_2017_parameters()
    r = _ROUNDING_2017
    elements = []
    for sym, p in pars.items():
        hg, he = p["hhi_wgi_t_global"], p["hhi_wgi_t_eu"]
        eol, si = p["eol_rir"], p["si_sr"]
        central = _sr_2017(p, hg, he, eol, si)
        low = _sr_2017(
            p,
            hg - r["hhi"],
            he - r["hhi"],
            min(1.0, eol + r["pct"] / 100.0),
            si - r["si"],
        )
        high = _sr_2017(
            p,
            hg + r["hhi"],
            he + r["hhi"],
            max(0.0, eol - r["pct"] / 100.0),
            min(1.0, si + r["si"]),
        )
        pub = p["supply_risk"]
        elements.append(
            {
                "element": sym,
                "group": p["group"],
                "computed": central,
                "computed_low": low,
                "computed_high": high,
                "published": pub,
                "within_rounding": low - 0.05 <= pub <= high + 0.05,
            }
        )
    pub_groups = {r["material"]: r for r in published_scores() if r["assessment_year"] == 2017}
    groups = []
    for g in ("LREEs", "HREEs"):
        rows = [e for e in elements if e["group"] == g]
        mean_pub_sr = float(np.mean([e["published"] for e in rows]))
        mean_pub_ei = float(np.mean([pars[e["element"]]["economic_importance"] for e in rows]))
        groups.append(
            {
                "group": g,
                "mean_of_published_element_sr": mean_pub_sr,
                "mean_of_published_element_ei": mean_pub_ei,
                "mean_of_computed_element_sr": float(np.mean([e["computed"] for e in rows])),
                "published_group_sr": pub_groups[g]["supply_risk"],
                "published_group_ei": pub_groups[g]["economic_importance"],
            }
        )
    return {"elements": elements, "groups": groups}


#: End-of-life recycling input rate assumed for every rare earth in the 2023 reproduction:
#: "less than 1%" of the rare earths consumed in the EU are recycled (Reuters, 27 June
#: 2024, via the Critical Minerals Association; secondary, a consumption share close to
#: the EOL-RIR definition). Not the 2023 assessment's own per-element values (not found).
EOL_RIR_2023_HINT = 0.01


def reproduce_2023_supply_risk(wgi_year: int = DEFAULT_WGI_YEAR) -> dict[str, Any]:
    """The EU 2023 group SR from the 2023 supply tables, WGI ``wgi_year``, the 2017 SI_SR
    of each element and an EOL-RIR of 1% for every element (:data:`EOL_RIR_2023_HINT`).

    Returns ``rows`` (as :func:`compare_with_published`), the assumptions, and per group
    whether the computed mean rounds (to 0.1) to the published 2023 SR. Two inputs are not
    the 2023 assessment's own: SI_SR is the 2017 vintage and the EOL-RIR is a secondary
    "under 1%" statement; nothing is fitted.
    """
    rows = compare_with_published(
        wgi_year=wgi_year, parameters_from_2017=True, eol_rir=EOL_RIR_2023_HINT
    )
    checks = {}
    for r in rows:
        pub = r["published_2023_supply_risk"]
        if pub is None:
            continue
        checks[r["group"]] = {
            "computed_mean": r["supply_risk_mean"],
            "published": pub,
            "rounds_to_published": bool(abs(round(r["supply_risk_mean"], 1) - pub) < 1e-9),
        }
    return {
        "assumptions": {
            "supply_tables": "EU CRM 2023 (bundled, data/raw/eu_crm2023)",
            "wgi_year": wgi_year,
            "si_sr": "EU 2017 assessment, per element (vintage proxy)",
            "eol_rir": EOL_RIR_2023_HINT,
            "eol_rir_source": "under 1% of rare earths consumed in the EU are recycled "
            "(Reuters 2024-06-27 via the Critical Minerals Association; secondary)",
            "group": "arithmetic mean of the elements (EU 2017 study, p. 11)",
        },
        "rows": rows,
        "checks": checks,
    }


def parameters_2017(element: str) -> EUParameters:
    """EOL-RIR, SI_SR and SI_EI of the EU 2017 assessment for one element (IR 100%).

    A vintage proxy when used with the 2023 tables: the 2023 values were not found.
    """
    sym = _symbol(element)
    p = eu_2017_parameters().get(sym)
    if p is None:
        raise NotFoundError("EU CRM 2017 parameter row", sym)
    return EUParameters(
        import_reliance=DEFAULT_IMPORT_RELIANCE,
        eol_rir=p["eol_rir"],
        si_sr=p["si_sr"],
        si_ei=p["si_ei"],
    )
