"""``/api/scenarios`` and ``/api/jobs``: bundled scenarios, background runs, results.

A run is a job: ``POST /api/jobs`` queues it (analyst), ``GET /api/jobs/{id}`` shows its
status and progress, ``GET /api/jobs/{id}/result?format=json|csv|parquet|netcdf`` returns
its result, ``POST /api/jobs/{id}/cancel`` stops it (analyst).
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from chokepoints.api.jobs import FORMATS, render_result
from chokepoints.api.routes import settings_of, store_of
from chokepoints.api.security import Caller, require
from chokepoints.api.settings import check_name
from chokepoints.errors import DataError, NotFoundError

router = APIRouter(tags=["scenarios and jobs"])
read = Depends(require("read"))


class JobRequest(BaseModel):
    """A job to queue."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["scenario", "backtest", "suppliers"] = Field(
        description="scenario: a bundled scenario; backtest: the 2025 backtest; suppliers: "
        "an uploaded supplier map under a scenario"
    )
    target: str = Field(
        max_length=64,
        description="scenario name (scenario), year (backtest) or supplier map name (suppliers)",
    )
    runs: int | None = Field(default=None, ge=1, description="Monte Carlo runs")
    seed: int | None = Field(default=None, ge=0, description="root seed")
    horizon_days: int | None = Field(default=None, ge=1, description="days simulated")
    scenario: str | None = Field(
        default=None, max_length=64, description="suppliers jobs: scenario name, 'ban' or 'open'"
    )
    team_timeline: bool = Field(
        default=False,
        description="scenario jobs: merge the team timeline (timeline.yaml in the data folder) "
        "into the recorded one; the scenario's cut-off and overrides still apply",
    )


def _bundled() -> list[str]:
    from chokepoints.scenarios.spec import bundled_names

    return list(bundled_names())


@router.get("/scenarios", dependencies=[read])
def list_scenarios() -> list[dict[str, Any]]:
    """The bundled scenarios (as ``chokepoints scenario list``)."""
    from chokepoints.scenarios.spec import load_scenario

    out = []
    for name in _bundled():
        s = load_scenario(name)
        out.append({"name": name, "title": s.title, "description": s.description,
                    "start": s.start.isoformat(), "horizon_days": s.horizon_days,
                    "runs": s.runs, "seed": s.seed})  # fmt: skip
    return out


@router.get("/scenarios/{name}", dependencies=[read])
def check_scenario(name: str) -> dict[str, Any]:
    """A bundled scenario, validated (as ``chokepoints scenario check --format json``)."""
    from chokepoints.scenarios.spec import load_scenario
    from chokepoints.scenarios.timeline import scenario_timeline

    if name not in _bundled():
        raise NotFoundError("scenario", name, _bundled())
    spec = load_scenario(name)
    tl = scenario_timeline(spec)
    return {"name": spec.name, "ok": True, "hash": spec.content_hash(),
            "start": spec.start.isoformat(), "end": spec.end.isoformat(), "runs": spec.runs,
            "seed": spec.seed, "extends": spec.extends, "overrides": len(spec.overrides),
            "measures": len(tl.measures)}  # fmt: skip


@router.get("/scenarios/{name}/latest", dependencies=[read])
def latest_result(request: Request, name: str) -> dict[str, Any]:
    """The newest succeeded run of a scenario (a failed or cancelled later run leaves it
    in place); its result is at ``/api/jobs/{id}/result``."""
    job = store_of(request).latest_result("scenario", name)
    if job is None:
        raise NotFoundError("succeeded run of scenario", name)
    return job


def _check_job(request: Request, job: JobRequest) -> None:
    s = settings_of(request)
    if job.runs is not None and job.runs > s.max_runs:
        raise DataError(f"is over the service's limit (expected at most {s.max_runs})",
                        field="runs", value=job.runs)  # fmt: skip
    if job.horizon_days is not None and job.horizon_days > s.max_horizon_days:
        raise DataError(f"is over the service's limit (expected at most {s.max_horizon_days})",
                        field="horizon_days", value=job.horizon_days)  # fmt: skip
    if job.kind == "scenario" and job.target not in _bundled():
        raise NotFoundError("scenario", job.target, _bundled())
    if job.team_timeline and job.kind != "scenario":
        raise DataError("applies to scenario jobs only", field="team_timeline", value=job.kind)
    if job.team_timeline and not s.timeline_file.exists():
        raise DataError("cannot be used yet: there is no team timeline (accept a news proposal "
                        "first)", field="team_timeline", value=True)  # fmt: skip
    if job.kind == "backtest" and job.target != "2025":
        raise DataError("has no bundled backtest (expected 2025)", field="target",
                        value=job.target)  # fmt: skip
    if job.kind == "suppliers":
        check_name(job.target, "target")
        if not s.inside("maps", job.target).is_dir():
            known = [p.name for p in s.maps_dir.glob("*") if p.is_dir()]
            raise NotFoundError("supplier map", job.target, known)
        allowed = [*_bundled(), "ban", "open"]
        if job.scenario is not None and job.scenario not in allowed:
            raise NotFoundError("scenario", job.scenario, allowed)


@router.post("/jobs", status_code=202)
def submit_job(
    request: Request, job: JobRequest, caller: Caller = Depends(require("analyst"))
) -> dict[str, Any]:
    """Queue a scenario, backtest or supplier-map run; returns the job (status ``queued``)."""
    _check_job(request, job)
    store = store_of(request)
    if store.count("queued") >= settings_of(request).max_queued:
        raise HTTPException(429, detail="the job queue is full; try again later")
    params = job.model_dump(exclude={"kind", "target"}, exclude_none=True)
    made = store.submit(job.kind, job.target, params, submitted_by=caller.name)
    request.app.state.worker.wake()
    return made


@router.get("/jobs", dependencies=[read])
def list_jobs(
    request: Request,
    status: str | None = Query(None, description="queued, running, succeeded, failed, cancelled"),
    limit: int = Query(100, ge=1, le=1000),
) -> list[dict[str, Any]]:
    """Jobs, newest first."""
    return store_of(request).jobs(status=status, limit=limit)


@router.get("/jobs/{job_id}", dependencies=[read])
def get_job(request: Request, job_id: int) -> dict[str, Any]:
    """One job: status, progress 0-1, message."""
    return store_of(request).job(job_id)


@router.post("/jobs/{job_id}/cancel", dependencies=[Depends(require("analyst"))])
def cancel_job(request: Request, job_id: int) -> dict[str, Any]:
    """Cancel a queued job, or stop a running one after its current chunk of runs."""
    return store_of(request).cancel(job_id)


@router.get(
    "/jobs/{job_id}/result",
    dependencies=[read],
    responses={200: {"content": {t: {} for t in FORMATS.values()}}},
)
def job_result(
    request: Request,
    job_id: int,
    format: str = Query("json", description="json, csv, parquet or netcdf"),
) -> Response:
    """The result of a succeeded job (409 while it is queued or running, or if it failed)."""
    store = store_of(request)
    job = store.job(job_id)
    document, netcdf = store.result(job_id)
    body = render_result(job["kind"], document, netcdf, format)
    ext = {"json": "json", "csv": "csv", "parquet": "parquet", "netcdf": "nc"}[format]
    name = f"chokepoints-job-{job_id}.{ext}"
    disposition = "inline" if format == "json" else f'attachment; filename="{name}"'
    return Response(body, media_type=FORMATS[format],
                    headers={"Content-Disposition": disposition})  # fmt: skip


@router.get("/compare", dependencies=[read])
def compare(
    request: Request, jobs: list[int] = Query(..., description="Two or more scenario job ids.")
) -> dict[str, Any]:
    """Scenario results side by side (as ``chokepoints compare``): median lost output,
    peak shortfall and days below 90% per country and sector, one column per job."""
    if len(jobs) < 2:
        raise DataError("needs at least two job ids", field="jobs", value=len(jobs))
    store = store_of(request)
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    names = []
    for jid in jobs:
        if store.job(jid)["kind"] != "scenario":
            raise DataError("is not a scenario job", field="jobs", value=jid)
        doc, _ = store.result(jid)
        label = f"{doc['meta']['scenario']}#{jid}"
        names.append(label)
        for r in doc["rows"]:
            row = merged.setdefault((r["country"], r["sector"]),
                                    {"country": r["country"], "sector": r["sector"]})  # fmt: skip
            for col in ("lost_output_t", "peak_shortfall_pct", "days_below_90pct"):
                row[f"{label}:{col}"] = r.get(col)
    return {"scenarios": names, "rows": list(merged.values())}
