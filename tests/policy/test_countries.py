"""Country codes in policy queries: unknown ones are errors with a hint, never an open gate."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import numpy as np
import pytest
import typer

from chokepoints.errors import ChokepointsError, NotFoundError
from chokepoints.policy import Timeline, check_country, compile_gates
from chokepoints.policy.countries import UnknownCountryError, suggest_countries

DAY = dt.date(2025, 6, 10)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("CHN", "CHN"), ("usa", "USA"), (" deu ", "DEU"), ("EU27", "EU27"), ("row", "ROW")],
)
def test_known_codes_are_normalised(value: str, expected: str) -> None:
    assert check_country(value) == expected


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("CHINA", "'CHN' (China)"),
        ("china", "'CHN' (China)"),
        ("US", "'USA' (United States)"),
        ("CN", "'CHN' (China)"),
        ("United States", "'USA' (United States)"),
        ("Germny", "'DEU' (Germany)"),
        ("European Union", "'EU27' (European Union (27))"),
    ],
)
def test_unknown_values_get_a_suggestion(value: str, hint: str) -> None:
    with pytest.raises(UnknownCountryError) as info:
        check_country(value, "origin")
    assert isinstance(info.value, NotFoundError) and isinstance(info.value, ChokepointsError)
    assert hint in info.value.suggestions
    message = str(info.value)
    assert message.startswith(f"origin: {value!r} is not a country code")
    assert f"Did you mean {hint}" in message


def test_no_suggestion_for_nonsense() -> None:
    assert suggest_countries("XYZ") == []
    with pytest.raises(NotFoundError, match="'XYZ' is not a country code"):
        check_country("XYZ")


@pytest.mark.parametrize(("origin", "destination"), [("CHINA", "USA"), ("CHN", "XYZ")])
def test_timeline_regime_refuses_unknown_countries(
    bundled: Timeline, origin: str, destination: str
) -> None:
    with pytest.raises(NotFoundError, match="is not a country code"):
        bundled.regime(DAY, "magnet:ndfeb_hre", origin, destination)
    with pytest.raises(NotFoundError, match="is not a country code"):
        bundled.regimes(DAY, "magnet", origin, destination)


def test_timeline_regime_error_names_the_field(bundled: Timeline) -> None:
    with pytest.raises(NotFoundError, match=r"^destination: 'XYZ'"):
        bundled.regime(DAY, "magnet:ndfeb_hre", "CHN", "XYZ")
    with pytest.raises(NotFoundError, match=r"Did you mean 'CHN' \(China\)"):
        bundled.regime(DAY, "magnet:ndfeb_hre", "CHINA", "USA")


def test_timeline_regime_normalises_case(bundled: Timeline) -> None:
    r = bundled.regime(DAY, "magnet:ndfeb_hre", "chn", "usa")
    assert (r.flow.origin, r.flow.destination) == ("CHN", "USA")
    assert r.gate.kind == "licence"
    assert r.as_dict()["gate"]["parameters_basis"] == "timeline nominal"


def test_in_force_refuses_unknown_countries(bundled: Timeline) -> None:
    with pytest.raises(NotFoundError, match="'CHINA' is not a country code"):
        bundled.in_force(DAY, issuer="CHINA")
    with pytest.raises(NotFoundError, match="'XYZ' is not a country code"):
        bundled.in_force(DAY, destination="XYZ")
    assert bundled.in_force(DAY, issuer="chn")  # lower case accepted


def test_compile_gates_refuses_names_and_two_letter_codes(bundled: Timeline) -> None:
    with pytest.raises(NotFoundError, match=r"^origins: 'CHINA'.*'CHN' \(China\)"):
        compile_gates(bundled, ["CHINA"], ["USA"], ["oxide:Dy"], "2025-06-01", "2025-06-02")
    with pytest.raises(NotFoundError, match=r"^destinations: 'US'.*'USA' \(United States\)"):
        compile_gates(
            bundled, ["CHN", "CHN"], ["USA", "US"], ["oxide:Dy"] * 2, "2025-06-01", "2025-06-02"
        )


def test_compile_gates_with_world_countries_is_strict(bundled: Timeline) -> None:
    world = ["CHN", "USA", "AAA"]
    with pytest.raises(NotFoundError, match=r"^destinations: 'XYZ'"):
        compile_gates(
            bundled,
            ["CHN", "CHN"],
            ["USA", "XYZ"],
            ["oxide:Dy"] * 2,
            "2025-06-01",
            "2025-06-02",
            countries=world,
        )
    # the world's own synthetic codes are accepted, like ISO codes outside it
    g = compile_gates(
        bundled,
        ["AAA", "CHN"],
        ["USA", "JPN"],
        ["oxide:Dy"] * 2,
        "2025-06-01",
        "2025-06-02",
        countries=world,
    )
    assert g.shape == (2, 2)


def test_compile_gates_without_countries_accepts_synthetic_codes(bundled: Timeline) -> None:
    g = compile_gates(bundled, ["AAA"], ["BBB"], ["oxide:Dy"], "2025-06-01", "2025-06-01")
    assert g.kind[0, 0] == 0


def test_compile_gates_accepts_numpy_arrays_lower_case_and_aggregates(bundled: Timeline) -> None:
    g = compile_gates(
        bundled,
        np.array(["chn", "CHN"]),
        np.array(["EU27", "eu27"]),
        np.array(["magnet:ndfeb_hre"] * 2),
        "2025-06-10",
        "2025-06-10",
    )
    assert g.kind[0, 0] == g.kind[0, 1] == 1  # licence under No. 18, whatever the case


def test_cli_required_date_guard() -> None:
    from chokepoints.policy.cli import _required_date

    assert _required_date("2025-06-10", "--date") == DAY
    with pytest.raises(typer.BadParameter, match="a date is required"):
        _required_date(None, "--date")  # type: ignore[arg-type]


def test_policy_cli_import_is_lazy() -> None:
    """Registering the commands must not load pydantic, numpy or the timeline."""
    code = (
        "import sys, chokepoints.policy.cli; "
        "print(sorted(m for m in ('pydantic', 'numpy', 'chokepoints.policy.timeline', "
        "'chokepoints.policy.gates') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
