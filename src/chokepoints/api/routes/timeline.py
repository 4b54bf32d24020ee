"""``/api/timeline``: measures and events, what is in force on a date, what comes next.

The service's timeline is the bundled one extended by the team's ``timeline.yaml`` in the
data folder, which accepted news proposals change (``/api/news/proposals/{id}/accept``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Depends, Query, Request

from chokepoints.api.routes import load_timeline, parse_date, team_timeline
from chokepoints.api.security import require

router = APIRouter(tags=["timeline"], dependencies=[Depends(require("read"))])


def _load(request: Request) -> Any:
    return load_timeline(request)


@router.get("/timeline")
def list_timeline(
    request: Request,
    start: str | None = Query(None, description="Only entries on or after YYYY-MM-DD."),
    end: str | None = Query(None, description="Only entries on or before YYYY-MM-DD."),
    issuer: str | None = Query(None, description="Issuer ISO3 (measures) or actor (events)."),
    element: str | None = Query(None, description="Element symbol, e.g. Dy."),
    kind: str | None = Query(None, description="Measure or event kind."),
) -> dict[str, Any]:
    """Measures and events, filtered like ``chokepoints timeline``."""
    tl = _load(request)
    measures, events = tl.filter(
        start=parse_date(start, "start"),
        end=parse_date(end, "end"),
        issuer=issuer.upper() if issuer else None,
        element=element,
        kind=kind,
    )
    return {
        "team_timeline": team_timeline(request) is not None,
        "measures": [m.model_dump(mode="json") for m in measures],
        "events": [e.model_dump(mode="json") for e in events],
    }


@router.get("/timeline/in-force")
def in_force(
    request: Request,
    date: str = Query(..., description="Date YYYY-MM-DD."),
    issuer: str | None = Query(None, description="Issuer ISO3."),
    product: str | None = Query(None, description="Product id, stage, element or glob."),
    origin: str | None = Query(None, description="Exporting country ISO3."),
    destination: str | None = Query(None, description="Importing country ISO3."),
) -> list[dict[str, Any]]:
    """Measures in force (not suspended) on a date, optionally for one flow."""
    day = parse_date(date, "date")
    assert day is not None
    found = _load(request).in_force(
        day, issuer=issuer, product=product, origin=origin, destination=destination
    )
    return [m.model_dump(mode="json") for m in found]


@router.get("/timeline/upcoming")
def upcoming(
    request: Request,
    after: str | None = Query(None, description="Strictly after this date (default today)."),
    until: str | None = Query(None, description="Up to this date."),
) -> list[dict[str, Any]]:
    """What starts, lapses, resumes or is due for review after a date."""
    since = parse_date(after, "after") or dt.date.today()
    return [u.as_dict() for u in _load(request).upcoming(since, parse_date(until, "until"))]
