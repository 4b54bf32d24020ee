"""Composition of several measures on one flow into one gate (docs/policy.md, Composition)."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from chokepoints.policy import Timeline, compose

from .conftest import licence, measure

DAY = dt.date(2025, 6, 1)


def test_no_measure_is_open() -> None:
    gate = compose([])
    assert (gate.kind, gate.code, gate.approval_probability, gate.review_days_mean) == (
        "open",
        0,
        1.0,
        0.0,
    )
    assert math.isinf(gate.quota_t_per_day)


def test_ban_dominates_everything() -> None:
    gate = compose(
        [
            licence("a", 0.5, 30),
            measure(id="q", kind="quota", parameters={"quota_t_per_yr": 365}),
            measure(id="b", kind="ban"),
        ]
    )
    assert gate.kind == "closed" and gate.code == 2
    assert gate.approval_probability == 0.0
    assert gate.decided_by == ("b",)


def test_licences_multiply_approval_and_take_longest_review() -> None:
    gate = compose(
        [
            licence("a", 0.5, 30, parameters={"validity_days": 365}),
            licence("b", 0.8, 60, parameters={"validity_days": 180}),
        ]
    )
    assert gate.kind == "licence"
    assert gate.approval_probability == pytest.approx(0.4)
    assert gate.review_days_mean == 60
    assert gate.validity_days == 180


def test_working_days_are_converted_to_calendar_days() -> None:
    m = measure(
        id="w",
        kind="licence",
        parameters={
            "approval_probability": 1.0,
            "review_time": {"distribution": "fixed", "unit": "working_days", "mean": 45},
        },
    )
    assert compose([m]).review_days_mean == pytest.approx(63.0)


def test_quotas_take_the_minimum_and_outrank_licences() -> None:
    gate = compose(
        [
            licence("a", 0.5, 30),
            measure(id="q1", kind="quota", parameters={"quota_t_per_yr": 730}),
            measure(id="q2", kind="quota", parameters={"quota_t_per_yr": 365}),
        ]
    )
    assert gate.kind == "quota" and gate.code == 3
    assert gate.quota_t_per_day == pytest.approx(1.0)
    assert gate.binding_quota == "q2"
    assert gate.approval_probability == 0.5  # the licence still applies under the quota


def test_taxes_and_tariffs_add() -> None:
    gate = compose(
        [
            measure(id="t1", kind="export_tax", parameters={"rate": 0.15}),
            measure(id="t2", kind="export_tax", parameters={"rate": 0.10}),
            measure(id="f1", kind="tariff", issuer="USA", parameters={"rate": 0.1}),
            measure(id="f2", kind="tariff", issuer="USA", parameters={"rate": 0.2}),
        ]
    )
    assert gate.kind == "open"
    assert gate.export_tax == pytest.approx(0.25)
    assert gate.tariff == 0.3  # float noise rounded away


def test_general_licence_replaces_the_licence_it_relaxes_only() -> None:
    gl = measure(
        id="gl",
        kind="general_licence",
        parameters={
            "licence_type": "general",
            "relaxes": ["a"],
            "approval_probability": 1.0,
            "review_time": {"mean": 0},
        },
    )
    gate = compose([licence("a", 0.5, 30), licence("b", 0.8, 10), gl])
    assert gate.approval_probability == pytest.approx(0.8)
    assert gate.review_days_mean == 10
    assert gate.licence_types == ("case_by_case", "general")


def test_end_user_list_with_licence_effect_acts_as_licence() -> None:
    m = measure(
        id="eul",
        kind="end_user_list",
        targets={"end_users": ["ACME"]},
        parameters={"effect": "licence", "approval_probability": 0.1, "review_time": {"mean": 90}},
    )
    tl = Timeline([m], [])
    assert (
        tl.regime(DAY, "magnet:ndfeb_hre", "CHN", "USA", end_user="Acme").gate.approval_probability
        == 0.1
    )
    assert tl.regime(DAY, "magnet:ndfeb_hre", "CHN", "USA", end_user="Other").gate.kind == "open"
    assert tl.regime(DAY, "magnet:ndfeb_hre", "CHN", "USA").by_role("conditional")[0].id == "eul"


def test_tariff_applies_to_imports_into_issuer_from_targeted_origins() -> None:
    t = measure(
        id="tar",
        kind="tariff",
        issuer="USA",
        targets={"origins": ["CHN"]},
        parameters={"rate": 0.25},
    )
    tl = Timeline([t], [])
    assert tl.regime(DAY, "magnet:ndfeb_hre", "CHN", "USA").gate.tariff == 0.25
    assert tl.regime(DAY, "magnet:ndfeb_hre", "JPN", "USA").gate.tariff == 0.0
    assert tl.regime(DAY, "magnet:ndfeb_hre", "CHN", "DEU").gate.tariff == 0.0


def test_export_measure_applies_only_to_exports_of_issuer() -> None:
    tl = Timeline([measure(id="b", kind="ban", targets={"destinations": ["USA"]})], [])
    assert tl.regime(DAY, "magnet:ndfeb_hre", "CHN", "USA").gate.kind == "closed"
    assert tl.regime(DAY, "magnet:ndfeb_hre", "CHN", "JPN").gate.kind == "open"
    assert tl.regime(DAY, "magnet:ndfeb_hre", "JPN", "USA").gate.kind == "open"
    assert tl.regime(DAY, "magnet:ndfeb", "CHN", "USA").gate.kind == "open"  # no Dy


def test_coverage_by_hs_code_and_glob() -> None:
    by_hs = measure(id="hs", coverage={"hs_codes": ["8505"]})
    by_glob = measure(id="glob", coverage={"products": ["oxide:*"]})
    tl = Timeline([by_hs, by_glob], [])
    assert tl.regime(DAY, "magnet:ndfeb", "CHN", "USA").gate.decided_by == ("hs",)
    assert tl.regime(DAY, "oxide:La", "CHN", "USA").gate.decided_by == ("glob",)
    assert tl.regime(DAY, "ore", "CHN", "USA").gate.kind == "open"
