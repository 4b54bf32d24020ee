"""Start, expiry, suspension windows, upcoming changes and staleness."""

from __future__ import annotations

import datetime as dt

from chokepoints.policy import Timeline

from .conftest import measure

D = dt.date.fromisoformat


def _tl() -> Timeline:
    ban = measure(id="ban", start="2025-03-01", end="2025-12-31")
    susp = measure(
        id="pause",
        kind="suspension",
        coverage={},
        suspends=["ban"],
        start="2025-06-01",
        end="2025-06-30",
    )
    return Timeline([ban, susp], [])


def test_start_and_end_are_inclusive() -> None:
    tl = _tl()
    gate = lambda d: tl.regime(D(d), "magnet:ndfeb_hre", "CHN", "USA").gate.kind  # noqa: E731
    assert gate("2025-02-28") == "open"
    assert gate("2025-03-01") == "closed"
    assert gate("2025-12-31") == "closed"
    assert gate("2026-01-01") == "open"  # expired


def test_suspension_window() -> None:
    tl = _tl()
    r = tl.regime(D("2025-06-15"), "magnet:ndfeb_hre", "CHN", "USA")
    assert r.gate.kind == "open"
    assert r.by_role("suspended")[0].id == "ban"
    assert "until 2025-06-30" in r.measures[0].reason
    assert tl.regime(D("2025-05-31"), "magnet:ndfeb_hre", "CHN", "USA").gate.kind == "closed"
    assert tl.regime(D("2025-06-30"), "magnet:ndfeb_hre", "CHN", "USA").gate.kind == "open"
    assert tl.regime(D("2025-07-01"), "magnet:ndfeb_hre", "CHN", "USA").gate.kind == "closed"
    assert tl.suspension_windows("ban") == [(D("2025-06-01"), D("2025-06-30"), "pause")]


def test_in_force_excludes_suspended_and_expired() -> None:
    tl = _tl()
    assert [m.id for m in tl.in_force(D("2025-05-01"))] == ["ban"]
    assert tl.in_force(D("2025-06-15")) == []
    assert tl.in_force(D("2026-01-01")) == []
    assert [m.id for m in tl.in_force(D("2025-05-01"), product="magnet", destination="USA")] == [
        "ban"
    ]
    assert tl.in_force(D("2025-05-01"), issuer="USA") == []


def test_upcoming_lists_starts_lapses_and_resumptions() -> None:
    tl = _tl()
    items = [(u.date.isoformat(), u.change, u.entry_id) for u in tl.upcoming(D("2025-04-01"))]
    assert items == [
        ("2025-06-01", "starts", "pause"),
        ("2025-06-30", "suspension lapses", "pause"),
        ("2025-12-31", "lapses", "ban"),
    ]
    resumed = tl.upcoming(D("2025-06-15"))[0]
    assert "back in force from 2025-07-01: ban" in resumed.detail


def test_bundled_upcoming_after_june_2026(bundled: Timeline) -> None:
    items = {(u.entry_id, u.change) for u in bundled.upcoming(D("2026-07-01"))}
    assert ("cn-mofcom-gac-2025-70", "suspension lapses") in items
    assert ("cn-mofcom-2025-72", "suspension lapses") in items
    assert ("cn-mofcom-2025-general-licences", "review due") in items
    assert all(u.date > D("2026-07-01") for u in bundled.upcoming(D("2026-07-01")))


def test_staleness_warning(bundled: Timeline) -> None:
    assert bundled.staleness_warning(D("2026-07-01")) is None
    text = bundled.staleness_warning(D("2026-11-29"))
    assert text is not None
    assert "2026-06-22" in text and "--timeline FILE" in text and "news propose" in text
    assert bundled.newest_entry(D("2025-06-10")) == D("2025-06-09")


def test_filter_by_issuer_element_kind_and_dates(bundled: Timeline) -> None:
    ms, evs = bundled.filter(issuer="CHN", element="Dy", kind="licence")
    assert {m.id for m in ms} == {"cn-mofcom-2025-18"}
    assert evs == []
    ms, evs = bundled.filter(start=D("2025-10-01"), end=D("2025-10-31"))
    assert "ev-2025-10-30-busan" in {e.id for e in evs}
    assert all(e.date <= D("2025-10-31") for e in evs)
    assert "cn-mofcom-2025-57" in {m.id for m in ms}
    _, talks = bundled.filter(kind="negotiation_round")
    assert {
        "ev-2025-06-09-london",
        "ev-2025-07-28-stockholm",
        "ev-2025-10-26-kuala-lumpur",
        "ev-2026-03-15-paris",
    } <= {e.id for e in talks}
