"""``/api/me`` and ``/api/tokens``: who is calling; token administration (admin)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field

from chokepoints.api.routes import store_of
from chokepoints.api.security import Caller, identify, require

router = APIRouter(tags=["tokens"])


class TokenRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=200, description="who or what uses it")
    role: str = Field(description="read, analyst or admin")


@router.get("/me")
def me(request: Request) -> dict[str, Any]:
    """The caller's token name and role (role null without a token)."""
    caller = identify(request)
    return {"name": caller.name, "role": caller.role,
            "public_read": request.app.state.settings.public_read}  # fmt: skip


@router.get("/tokens", dependencies=[Depends(require("admin"))])
def list_tokens(request: Request) -> list[dict[str, Any]]:
    """Every token's id, name, role and state (the tokens themselves are not stored)."""
    return store_of(request).tokens()


@router.post("/tokens", status_code=201)
def create_token(
    request: Request, body: TokenRequest, caller: Caller = Depends(require("admin"))
) -> dict[str, Any]:
    """Create a token; its text is in this answer only."""
    token = store_of(request).create_token(body.name, body.role)
    return {"name": body.name, "role": body.role, "token": token}


@router.post("/tokens/{token_id}/revoke", dependencies=[Depends(require("admin"))])
def revoke_token(request: Request, token_id: int) -> dict[str, Any]:
    """Revoke a token."""
    store_of(request).revoke_token(token_id)
    return {"revoked": token_id}
