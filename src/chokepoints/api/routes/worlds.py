"""``/api/worlds``: the bundled world's tables and supplier concentration."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Depends, Query

from chokepoints.api.security import require

router = APIRouter(tags=["worlds"], dependencies=[Depends(require("read"))])


@router.get("/worlds")
def list_worlds() -> list[dict[str, Any]]:
    """The worlds the service knows: the bundled one, with table sizes and provenance."""
    from chokepoints.world.io import load_world

    w = load_world(None)
    return [{"name": "bundled", "tables": w.describe(), "meta": w.meta}]


@router.get("/worlds/bundled/summary")
def world_summary(top: int = Query(5, ge=1, le=50)) -> list[dict[str, Any]]:
    """Per stage and product: the top supplier countries with shares and HHI
    (as ``chokepoints world summary --format json``)."""
    from chokepoints.exposure import world_summary as summary
    from chokepoints.output import to_json
    from chokepoints.world.io import load_world

    return json.loads(to_json(summary(load_world(None), top=top)))  # type: ignore[no-any-return]
