"""Fixtures for the policy tests: the bundled timeline and a builder of small ones."""

from __future__ import annotations

from typing import Any

import pytest

from chokepoints.policy import Measure, Timeline


@pytest.fixture(scope="session")
def bundled() -> Timeline:
    return Timeline.load()


def measure(**fields: Any) -> Measure:
    """A measure with test defaults (covers Dy magnets, from CHN, sourced)."""
    base: dict[str, Any] = {
        "id": "m",
        "title": "test measure",
        "kind": "ban",
        "issuer": "CHN",
        "coverage": {"elements": ["Dy"], "stages": ["magnet"]},
        "start": "2025-01-01",
        "source": "https://example.org/test",
        "status": "estimated",
    }
    base.update(fields)
    return Measure.model_validate(base)


def licence(mid: str, p: float, review_days: float, **fields: Any) -> Measure:
    params = {
        "licence_type": "case_by_case",
        "approval_probability": p,
        "review_time": {"distribution": "fixed", "unit": "calendar_days", "mean": review_days},
    }
    params.update(fields.pop("parameters", {}))
    return measure(id=mid, kind="licence", parameters=params, **fields)
