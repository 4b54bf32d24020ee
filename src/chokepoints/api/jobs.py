"""Background jobs: queued scenario, backtest and supplier runs, each in a job process.

A worker thread in the service takes the oldest queued job from the
:class:`~chokepoints.api.store.JobStore` and hands it to one long-lived child process
(so a Monte Carlo run never slows the API's answers), which runs it through the library (:func:`chokepoints.scenarios.run_scenario`,
:func:`chokepoints.scenarios.backtest.run_backtest`, :func:`chokepoints.suppliers.run.run_map`),
records progress after each chunk of Monte Carlo runs, and stores the result in the
transaction that marks the job succeeded. Cancelling is checked at each progress step.
When the service starts, jobs still marked running (the service was killed) are marked
failed and the queue is resumed (:meth:`JobWorker.start`).

Result formats (:func:`render_result`): ``json`` (the stored document), ``csv`` and
``parquet`` (the job's main table), ``netcdf`` (the full labelled result, where the job
has one).
"""

from __future__ import annotations

import io
import json
import logging
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chokepoints.api.store import INTERRUPTED, JobStore
from chokepoints.errors import ChokepointsError, DataError, NotFoundError

if TYPE_CHECKING:
    import pandas as pd
    import xarray as xr

    from chokepoints.api.settings import Settings

log = logging.getLogger("chokepoints.api.jobs")

#: Job kinds and the table their CSV/Parquet export holds.
KINDS = {"scenario": "rows", "backtest": "months", "suppliers": "lines"}

#: Result formats and their media types.
FORMATS = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "parquet": "application/vnd.apache.parquet",
    "netcdf": "application/x-netcdf",
}


class _Stop(Exception):
    """Raised inside a job's progress callback to stop it."""

    def __init__(self, status: str, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    from chokepoints.output import to_json

    return list(json.loads(to_json(df)))


def _series(ds: xr.Dataset, by: str) -> dict[str, Any]:
    """Median and 5-95% band per group over time (output / baseline), for the charts."""
    from chokepoints.conventions import BAND_LABELS, QUANTILES
    from chokepoints.scenarios.summary import group_series

    da = group_series(ds, by)
    dates = [str(t)[:10] for t in da["time"].values]
    groups = {}
    for g in da["group"].values:
        q = da.sel(group=g)
        groups[str(g)] = {
            name: [round(float(v), 6) for v in q.sel(quantile=p).values]
            for name, p in zip(BAND_LABELS, QUANTILES, strict=True)
        }
    return {"dates": dates, "groups": groups, "units": "output / baseline"}


def scenario_document(ds: xr.Dataset) -> dict[str, Any]:
    """The JSON result of a scenario run: provenance, summary rows, series, events."""
    from chokepoints.conventions import SHORTAGE_THRESHOLD
    from chokepoints.scenarios.summary import summarize

    keys = ("scenario", "scenario_title", "scenario_hash", "seed", "runs", "start",
            "horizon_days", "package_version", "data_version", "timeline_hash")  # fmt: skip
    meta = {k: ds.attrs.get(k) for k in keys}
    meta["shortage_threshold"] = SHORTAGE_THRESHOLD
    return {
        "kind": "scenario",
        "meta": json.loads(json.dumps(meta, default=str)),
        "rows": _records(summarize(ds)),
        "series": {by: _series(ds, by) for by in ("sector", "country", "stage")},
        "events": json.loads(ds.attrs.get("policy_events", "[]")),
    }


def _netcdf(ds: xr.Dataset) -> bytes:
    from chokepoints.scenarios.reference import compact_counterfactual

    # NetCDF3 via scipy: no HDF5 needed; each distinct counterfactual series once
    return bytes(compact_counterfactual(ds).to_netcdf(engine="scipy"))


STOPPED = (
    "interrupted: the service was stopped while this job ran; its previous result (if any) "
    "is unchanged; submit the job again"
)


def execute(
    job: dict[str, Any], progress: Any, data_dir: Path
) -> tuple[dict[str, Any], bytes | None]:
    """Run one job through the library; return (JSON document, NetCDF bytes or None)."""
    from chokepoints.api.settings import Settings

    p = job["params"]
    if job["kind"] == "scenario":
        from chokepoints.scenarios import load_scenario, run_scenario

        spec = load_scenario(job["target"], horizon_days=p.get("horizon_days"))
        if p.get("team_timeline"):
            if spec.timeline.user_file:
                raise DataError("already names a user timeline; the team timeline cannot be "
                                "added to it", field="team_timeline", value=job["target"])  # fmt: skip
            team = str(Settings(data_dir=data_dir).timeline_file)
            spec = spec.model_copy(
                update={"timeline": spec.timeline.model_copy(update={"user_file": team})}
            )
        ds = run_scenario(spec, runs=p.get("runs"), seed=p.get("seed"), progress=progress)
        document = scenario_document(ds)
        document["meta"]["team_timeline"] = bool(p.get("team_timeline"))
        return document, _netcdf(ds)
    if job["kind"] == "backtest":
        from chokepoints.scenarios.backtest import run_backtest

        bt = run_backtest(int(job["target"]), runs=p.get("runs"), progress=progress)
        doc = json.loads(json.dumps(bt.as_dict(), default=str).replace("NaN", "null"))
        doc["kind"] = "backtest"
        return doc, _netcdf(bt.dataset)
    if job["kind"] == "suppliers":
        from chokepoints.suppliers.io import read_map
        from chokepoints.suppliers.link import link_map
        from chokepoints.suppliers.run import assumptions, resolve_scenario, run_map
        from chokepoints.world.io import load_world

        folder = Settings(data_dir=data_dir).inside("maps", job["target"])
        try:
            linked = link_map(read_map(folder), load_world(None))
        except DataError as exc:  # the job's message names the map, not the server's path
            from chokepoints.api.routes import renamed

            raise renamed(exc, str(folder), job["target"]) from None
        settings = resolve_scenario(p.get("scenario") or "status-quo", runs=p.get("runs"),
                                    seed=p.get("seed"), horizon_days=p.get("horizon_days"))  # fmt: skip
        table, _, _ = run_map(linked, settings)
        progress(1, 1)
        return {
            "kind": "suppliers",
            "map": job["target"],
            "scenario": settings.scenario,
            "start": settings.start.isoformat(),
            "lines": _records(table),
            "assumptions": assumptions(settings),
        }, None
    raise DataError(f"is not a job kind (expected one of {', '.join(KINDS)})",
                    field="kind", value=job["kind"])  # fmt: skip


_CHILD_STORES: dict[str, JobStore] = {}


def run_job(store_url: str, data_dir: str, job: dict[str, Any], parent: int | None = None) -> str:
    """Run one claimed job and record how it ended; return the final status.

    Called in the job process. Progress is written to the store after each chunk of
    runs; a cancel, a service stop or the death of the service process (``parent``)
    stops the job at the next chunk. The result is stored by :meth:`JobStore.finish` in
    the transaction that marks the job succeeded, so a job killed earlier stores nothing.
    """
    store = _CHILD_STORES.get(store_url)
    if store is None:
        store = _CHILD_STORES[store_url] = JobStore(store_url)
    job_id = int(job["id"])

    def progress(done: int, total: int) -> None:
        if parent is not None and os.getppid() != parent:
            raise _Stop("failed", INTERRUPTED)  # the service died; a restart marks it
        reason = store.set_progress(job_id, done / max(total, 1), f"{done}/{total} runs")
        if reason == "cancel":
            raise _Stop("cancelled", f"cancelled after {done} of {total} runs")
        if reason:
            raise _Stop("failed", STOPPED)

    status, message, document, netcdf = "succeeded", "", None, None
    _BUSY.set()
    try:
        try:
            progress(0, 1)
            document, netcdf = execute(job, progress, Path(data_dir))
        except _Stop as stop:
            status, message = stop.status, stop.message
        except ChokepointsError as exc:
            status, message = "failed", f"Error: {exc}"
        except Exception as exc:  # the job fails; the service keeps running
            log.exception("job %d failed", job_id)
            status, message = "failed", f"internal error ({type(exc).__name__})"
        store.finish(job_id, status, message, document, netcdf)
    finally:
        _BUSY.clear()
    return status


#: Set in the job process while a job runs (the parent watch waits for it to end).
_BUSY = threading.Event()


def _watch_parent(parent: int, every_s: float = 1.0) -> None:
    """In the job process: exit once the service process ``parent`` is gone.

    A killed service cannot send the pool's stop message, and the child holds its own
    copy of the queue's pipe, so without this it would wait for work forever. A job that
    is running is left to stop at its next chunk (``run_job`` sees the parent gone and
    marks it interrupted); the process exits once it has.
    """

    def watch() -> None:
        while True:
            time.sleep(every_s)
            if os.getppid() != parent and not _BUSY.is_set():
                os._exit(0)

    threading.Thread(target=watch, name="chokepoints-parent-watch", daemon=True).start()


def _warm() -> None:
    """Import the library in the job process before the first job arrives."""
    import chokepoints.scenarios.runner  # noqa: F401
    import chokepoints.suppliers.run  # noqa: F401


class JobWorker:
    """Claims queued jobs one at a time and runs each in a separate process.

    Jobs run in one long-lived child process (``spawn``), so a long Monte Carlo run never
    holds the API process's interpreter, and a job that crashes its process fails alone.

    Parameters
    ----------
    store : JobStore
        Where jobs and results live.
    settings : Settings
        Data folder (supplier maps) and the store URL the child opens.
    poll_seconds : float
        How often an idle worker looks for new jobs (it is also woken on submit).
    """

    def __init__(self, store: JobStore, settings: Settings, poll_seconds: float = 1.0) -> None:
        self.store, self.settings, self.poll_seconds = store, settings, poll_seconds
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._pool: ProcessPoolExecutor | None = None
        self._running: int | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_watch_parent,
                initargs=(os.getpid(),),
            )
            self._pool.submit(_warm)
        return self._pool

    def start(self) -> int:
        """Mark jobs a killed service left running as failed, then resume the queue.

        Returns the number of jobs marked failed.
        """
        failed = self.store.recover()
        if failed:
            log.warning("%d job(s) were running when the service stopped; marked failed", failed)
        self._executor()
        self._thread = threading.Thread(target=self._loop, name="chokepoints-jobs", daemon=True)
        self._thread.start()
        return failed

    def wake(self) -> None:
        """Look for queued jobs now."""
        self._wake.set()

    def stop(self, timeout: float = 30.0) -> None:
        """Stop: the running job ends at its next chunk, marked failed (interrupted)."""
        self._stopping.set()
        if self._running is not None:
            self.store.request_stop(self._running)
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)

    def _loop(self) -> None:
        while not self._stopping.is_set():
            job = self.store.claim_next()
            if job is None:
                self._wake.wait(self.poll_seconds)
                self._wake.clear()
                continue
            self._running = int(job["id"])
            try:
                future = self._executor().submit(
                    run_job, self.settings.store_url, str(self.settings.data_dir), job, os.getpid()
                )
                future.result()
            except BrokenProcessPool:
                self._pool = None
                self.store.finish(int(job["id"]), "failed",
                                  "the job's process died (out of memory or killed); its previous "
                                  "result (if any) is unchanged")  # fmt: skip
            finally:
                self._running = None


def render_result(kind: str, document: dict[str, Any], netcdf: bytes | None, fmt: str) -> bytes:
    """A stored result in one of :data:`FORMATS`.

    Raises
    ------
    NotFoundError
        For an unknown format, or NetCDF of a job that has none.
    """
    import pandas as pd

    if fmt not in FORMATS:
        raise NotFoundError("result format", fmt, FORMATS)
    if fmt == "json":
        return json.dumps(document, ensure_ascii=False, allow_nan=False).encode("utf-8")
    if fmt == "netcdf":
        if netcdf is None:
            raise NotFoundError(f"NetCDF result for a {kind} job (use json, csv or parquet)",
                                "netcdf")  # fmt: skip
        return netcdf
    df = pd.DataFrame(document.get(KINDS.get(kind, "rows"), []))
    if fmt == "csv":
        return df.to_csv(index=False).encode("utf-8")
    buf = io.BytesIO()
    df.to_parquet(buf, index=False)
    return buf.getvalue()


__all__ = [
    "FORMATS",
    "KINDS",
    "JobWorker",
    "execute",
    "render_result",
    "run_job",
    "scenario_document",
]
