"""Line-stop days in closed form, Monte Carlo output, and mitigation ranking order."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from chokepoints.cli import app
from chokepoints.errors import DataError
from chokepoints.suppliers.io import read_map
from chokepoints.suppliers.link import link_map
from chokepoints.suppliers.mitigate import evaluate
from chokepoints.suppliers.run import line_metrics, resolve_scenario, run_map


def _chain(stock_days: float, lead: float) -> dict[str, list[dict[str, Any]]]:
    """A German line making P from 2 kg of magnet M bought from one Chinese maker."""
    return {
        "sites": [
            {"site_id": "A", "firm": "a", "country": "DEU"},
            {"site_id": "S", "firm": "s", "country": "CHN"},
        ],
        "parts": [
            {"part_id": "P", "name": "p", "unit": "piece", "world_product": ""},
            {
                "part_id": "M",
                "name": "m",
                "unit": "kg",
                "world_product": "magnet:ndfeb_hre",
                "unit_cost_usd": 50,
            },
        ],
        "lines": [
            {
                "line_id": "LINE",
                "site_id": "A",
                "part_id": "P",
                "output_per_day": 100,
                "value_usd_per_unit": 1000,
            }
        ],
        "bom": [{"parent_part": "P", "child_part": "M", "quantity": 2, "unit": "kg"}],
        "contents": [],
        "links": [
            {
                "supplier_site": "S",
                "customer_site": "A",
                "part_id": "M",
                "share": 1,
                "lead_time_days": lead,
            }
        ],
        "inventory": [{"site_id": "A", "part_id": "M", "quantity": stock_days, "unit": "days"}],
        "alternatives": [],
        "substitutes": [],
    }


@pytest.mark.parametrize(("stock_days", "lead"), [(5, 0), (20, 10), (3.5, 2), (12, 35)])
def test_line_stop_in_closed_form(map_writer, bundled_world, stock_days, lead) -> None:
    """Supplier banned on day 0, stock D days, lead time L, no alternative.

    The last shipment ordered before the ban (day -1) arrives on day L - 1; goods in
    transit keep the line at full output to day L - 1, then the stock lasts ceil(D)
    days and the order placed on day -1 one more: the line stops on day L + ceil(D) + 1
    and makes nothing after it.
    """
    linked = link_map(read_map(map_writer(_chain(stock_days, lead))), bundled_world)
    table, _, prod = run_map(linked, resolve_scenario("ban", horizon_days=90))
    stop = lead + math.ceil(stock_days) + 1
    assert table.loc[0, "days_to_stop_p50"] == stop
    assert table.loc[0, "output_lost_days_p50"] == pytest.approx(90 - stop)
    assert prod[0, :stop, 0] == pytest.approx(100.0)
    assert np.allclose(prod[0, stop:, 0], 0.0)
    assert table.loc[0, "recovery_date_p50"] == "after horizon"


def test_open_scenario_loses_nothing(map_writer, bundled_world) -> None:
    linked = link_map(read_map(map_writer(_chain(10, 5))), bundled_world)
    table, _, prod = run_map(linked, resolve_scenario("open", horizon_days=60))
    assert np.allclose(prod, 100.0)
    assert math.isnan(table.loc[0, "days_to_stop_p50"])


def test_line_metrics_recovery() -> None:
    prod = np.array([[100, 100, 0, 0, 40, 96, 100, 100]], dtype=float)[:, :, None]
    m = line_metrics(prod, np.array([100.0]))
    assert m["days_to_stop"][0, 0] == 2
    # 96% of baseline is still a shortage (threshold 0.99, chokepoints.conventions)
    assert m["recovery_day"][0, 0] == 6
    assert line_metrics(prod, np.array([100.0]), recover_share=0.95)["recovery_day"][0, 0] == 5
    assert m["output_lost_days"][0, 0] == pytest.approx(2.64)


def test_status_quo_monte_carlo_is_seeded(example_path, bundled_world) -> None:
    linked = link_map(read_map(example_path), bundled_world)
    s = resolve_scenario("status-quo", runs=4, horizon_days=120, seed=3)
    a, _, pa = run_map(linked, s)
    b, _, pb = run_map(linked, s)
    assert np.array_equal(pa, pb)
    assert set(a["line_id"]) == {"EV-SEDAN", "EBIKE-CITY"}
    assert {"days_to_stop_p05", "days_to_stop_p95", "output_lost_days_p50"} <= set(a.columns)


def test_mitigation_ranking_order(map_writer, bundled_world) -> None:
    """Base: stop on day 16 of 60 (44 production-days lost). Expected order:

    - stock +30 days at the line: saves 30 days for 30 d x 200 kg/d x 50 US$ x 25%/yr
      x 60/365 yr = 12,329 US$ -> ~2,400 days per M$;
    - a substitute from an ungated supplier, ordered once the ban has blocked 20 days and
      arriving 5 days later, at a 50% output penalty from day 20: about 44 - (10 + 35 x 0.5)
      = 16 days saved for 100,000 US$ -> ~150 days per M$;
    - a US alternative supplier able to take the whole need at once: saves most of the 44 days
      but for 1,000,000 US$ -> ~44 days per M$.
    """
    t = _chain(10, 5)
    t["sites"].append({"site_id": "ALT", "firm": "alt", "country": "USA"})
    t["parts"].append({"part_id": "F", "name": "ferrite", "unit": "kg", "world_product": ""})
    t["alternatives"] = [
        {
            "customer_site": "A",
            "part_id": "M",
            "alternative_site": "ALT",
            "capacity_share": 1.0,
            "qualification_days": 0,
            "lead_time_days": 0,
            "cost_usd": 1_000_000,
        }
    ]
    t["substitutes"] = [
        {
            "part_id": "M",
            "substitute_part": "F",
            "site_id": "A",
            "penalty": 0.5,
            "qualification_days": 20,
            "cost_usd": 100_000,
        }
    ]
    linked = link_map(read_map(map_writer(t)), bundled_world)
    ranking, base = evaluate(linked, resolve_scenario("ban", horizon_days=60), world=bundled_world)
    assert base.loc[0, "output_lost_days_mean"] == pytest.approx(44)
    assert list(ranking["kind"]) == ["stock", "substitute", "alternative"]
    by = ranking.set_index("kind")
    assert by.loc["stock", "production_days_saved"] == pytest.approx(30)
    assert by.loc["stock", "cost_usd"] == pytest.approx(30 * 200 * 50 * 0.25 * 60 / 365)
    assert 10 < by.loc["substitute", "production_days_saved"] < 25
    assert by.loc["alternative", "production_days_saved"] > 30


def test_cli_commands_on_the_example(example_path, tmp_path) -> None:
    runner = CliRunner()
    r = runner.invoke(app, ["suppliers", "exposure", str(example_path), "--format", "csv"])
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[0].startswith(
        "line_id,site_id,country,element,content_kg_per_unit"
    )
    r = runner.invoke(
        app,
        [
            "suppliers",
            "run",
            str(example_path),
            "--scenario",
            "ban",
            "--horizon",
            "200",
            "--format",
            "json",
        ],
    )
    assert r.exit_code == 0, r.output
    assert '"line_id": "EV-SEDAN"' in r.output
    r = runner.invoke(
        app,
        [
            "suppliers",
            "mitigate",
            str(example_path),
            "--scenario",
            "ban",
            "--horizon",
            "200",
            "--top",
            "3",
        ],
    )
    assert r.exit_code == 0, r.output
    assert "Mitigations ranked by production-days saved per million US$" in r.output
    r = runner.invoke(app, ["suppliers", "template", str(tmp_path / "t.xlsx")])
    assert r.exit_code == 0
    r = runner.invoke(app, ["suppliers", "check", str(tmp_path / "t.xlsx")])
    assert r.exit_code == 0 and "OK" in r.output


def test_cli_reports_map_errors(map_writer, hand_tables) -> None:
    hand_tables["links"][0]["share"] = "x"
    r = CliRunner().invoke(app, ["suppliers", "exposure", str(map_writer(hand_tables))])
    assert r.exit_code == 1
    assert "links.csv, row 2, field 'share': 'x' is not a number" in r.output


def test_inferred_remainder_shares_the_input_slot(map_writer, bundled_world) -> None:
    t = _chain(10, 5)
    t["links"][0]["share"] = 0.8  # the other 20% of the magnets: inferred from the world
    linked = link_map(read_map(map_writer(t)), bundled_world)
    table, model, prod = run_map(linked, resolve_scenario("open", horizon_days=40))
    c = model.compiled
    a = int(np.flatnonzero(c.node_ids == "A|P")[0])
    slots = c.slot_product[c.node_slot_ptr[a] : c.node_slot_ptr[a + 1]]
    assert [str(c.products[p]) for p in slots] == ["M"]
    assert np.allclose(prod, 100.0)


def test_expedite_candidates_under_the_licence_regime(example_path, bundled_world) -> None:
    linked = link_map(read_map(example_path), bundled_world)
    ranking, base = evaluate(
        linked,
        resolve_scenario("status-quo", runs=3, horizon_days=120, seed=1),
        world=bundled_world,
    )
    assert "expedite" in set(ranking["kind"])
    assert list(ranking["rank"]) == list(range(1, len(ranking) + 1))
    known = ranking["days_saved_per_musd"].to_numpy()
    assert (np.diff(known) <= 1e-12).all()  # ranked best first


@pytest.mark.parametrize(
    ("kwargs", "option"), [({"runs": 0}, "--runs"), ({"horizon_days": 0}, "--horizon")]
)
def test_builtin_scenarios_refuse_zero_counts_instead_of_defaulting(kwargs, option):
    with pytest.raises(DataError, match=option):
        resolve_scenario("ban", **kwargs)
    settings = resolve_scenario("ban")
    assert (settings.runs, settings.horizon_days) == (1, 365)
