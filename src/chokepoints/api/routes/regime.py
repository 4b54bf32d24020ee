"""``/api/regime``: the measures and the gate on one flow on one date."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Request

from chokepoints.api.routes import load_timeline, parse_date
from chokepoints.api.security import require

router = APIRouter(tags=["regime"], dependencies=[Depends(require("read"))])


@router.get("/regime")
def regime(
    request: Request,
    date: str = Query(..., description="Date YYYY-MM-DD."),
    product: str = Query(..., description="Product id, stage (magnet), element (Dy) or glob."),
    origin: str = Query(..., description="Exporting country, ISO3 (CHN)."),
    destination: str = Query(..., description="Importing country, ISO3 (USA)."),
    end_user: str | None = Query(None, description="Named end user (firm)."),
    end_use: str | None = Query(None, description="End use, e.g. military."),
    general_licence: bool = Query(False, description="The exporter holds a general licence."),
    china_content: float | None = Query(None, ge=0, le=1, description="China-origin share 0-1."),
) -> list[dict[str, Any]]:
    """One object per product the query resolves to (as ``chokepoints regime --format
    json``): the gate (kind, approval probability, mean review days ...) and the measures
    with their role (in force, suspended, not applicable)."""
    day = parse_date(date, "date")
    assert day is not None
    tl = load_timeline(request)
    found = tl.regimes(day, product, origin.upper(), destination.upper(), end_user=end_user,
                       end_use=end_use, general_licence=general_licence,
                       china_content_share=china_content)  # fmt: skip
    return [r.as_dict() for r in found]
