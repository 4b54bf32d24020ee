"""The service store: API tokens, jobs and their results in one SQL database.

SQLite by default (``<data folder>/service.sqlite``), PostgreSQL or any SQLAlchemy URL
when given. The news event store (:mod:`chokepoints.news.store`) uses the same URL, so
a team's jobs, results, articles and proposals live together.

Tables
------
``api_tokens``
    One row per token: name, role (``read``, ``analyst``, ``admin``) and the SHA-256 of
    the token text. The token itself is shown once, when created, and never stored.
``api_jobs``
    One row per submitted job: kind (``scenario``, ``backtest``, ``suppliers``), its
    parameters, status (``queued``, ``running``, ``succeeded``, ``failed``,
    ``cancelled``), progress 0-1, a message, timestamps (UTC) and a cancel flag.
``api_results``
    The result of a succeeded job, written in the same transaction that marks the job
    succeeded: a JSON document (summary, series for charts) and the full result as
    NetCDF bytes. A job that dies mid-run writes nothing here, so the previous result
    of the same target stays what :meth:`JobStore.latest_result` returns.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    create_engine,
    func,
    select,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from chokepoints.errors import ChokepointsError, DataError, NotFoundError

#: Roles in increasing order of rights; each role may do what the ones before it may.
ROLES = ("read", "analyst", "admin")

#: Job states; the last three are final.
STATUSES = ("queued", "running", "succeeded", "failed", "cancelled")

#: Message of a job found running when the service starts (it was killed mid-run).
INTERRUPTED = (
    "interrupted: the service stopped while this job ran; its previous result (if any) is "
    "unchanged; submit the job again"
)


class NotReadyError(ChokepointsError):
    """A job has no result: it is queued, running, failed or cancelled (HTTP 409)."""


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def hash_token(token: str) -> str:
    """SHA-256 of a token, hex (what the store keeps instead of the token)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class _Base(DeclarativeBase):
    pass


class TokenRow(_Base):
    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class JobRow(_Base):
    __tablename__ = "api_jobs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(String(400))
    params: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), index=True)
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    message: Mapped[str] = mapped_column(Text, default="")
    submitted_by: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    started_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Why a running job should stop: "" (it should not), "cancel" or "shutdown".
    stop_reason: Mapped[str] = mapped_column(String(20), default="")


class ResultRow(_Base):
    __tablename__ = "api_results"
    job_id: Mapped[int] = mapped_column(ForeignKey("api_jobs.id"), primary_key=True)
    document: Mapped[str] = mapped_column(Text)
    netcdf: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)


def _job_row(s: Session, job_id: int) -> JobRow:
    """The job's row; ``NotFoundError`` if there is none."""
    row = s.get(JobRow, job_id)
    if row is None:
        raise NotFoundError("job", str(job_id))
    return row


def _job_dict(r: JobRow) -> dict[str, Any]:
    def iso(d: datetime | None) -> str | None:
        return d.isoformat(timespec="seconds") + "Z" if d else None

    return {
        "id": r.id,
        "kind": r.kind,
        "target": r.target,
        "params": r.params,
        "status": r.status,
        "progress": round(r.progress, 4),
        "message": r.message,
        "submitted_by": r.submitted_by,
        "created_at": iso(r.created_at),
        "started_at": iso(r.started_at),
        "finished_at": iso(r.finished_at),
        "cancel_requested": r.cancel_requested,
    }


class JobStore:
    """Tokens, jobs and results over one SQLAlchemy engine.

    Parameters
    ----------
    url : str
        SQLAlchemy URL, e.g. ``sqlite:////srv/chokepoints/service.sqlite`` or
        ``postgresql+psycopg://user@host/db``.

    Examples
    --------
    >>> store = JobStore("sqlite://")
    >>> job = store.submit("scenario", "status-quo", {"runs": 2})
    >>> store.job(job["id"])["status"]
    'queued'
    """

    def __init__(self, url: str) -> None:
        self.url = url
        kwargs: dict[str, Any] = {}
        if url.startswith("sqlite"):
            # The worker thread and the request threads share the SQLite file.
            kwargs["connect_args"] = {"check_same_thread": False}
            if url in ("sqlite://", "sqlite:///:memory:"):
                from sqlalchemy.pool import StaticPool

                kwargs["poolclass"] = StaticPool
        self.engine: Engine = create_engine(url, **kwargs)
        _Base.metadata.create_all(self.engine)

    # tokens ------------------------------------------------------------------
    def create_token(self, name: str, role: str) -> str:
        """Create a token with ``role``; return its text (shown once, stored hashed)."""
        if role not in ROLES:
            raise DataError(
                f"is not a role (expected one of {', '.join(ROLES)})", field="role", value=role
            )
        token = "cp_" + secrets.token_urlsafe(32)
        with Session(self.engine) as s:
            s.add(TokenRow(name=name, role=role, token_sha256=hash_token(token), created_at=_now()))
            s.commit()
        return token

    def tokens(self) -> list[dict[str, Any]]:
        """Every token's id, name, role, creation time and revoked flag (never the token)."""
        with Session(self.engine) as s:
            rows = s.scalars(select(TokenRow).order_by(TokenRow.id)).all()
            return [
                {
                    "id": r.id,
                    "name": r.name,
                    "role": r.role,
                    "created_at": r.created_at.isoformat(timespec="seconds") + "Z",
                    "revoked": r.revoked,
                }
                for r in rows
            ]

    def revoke_token(self, token_id: int) -> None:
        """Revoke a token by id (``NotFoundError`` if there is none)."""
        with Session(self.engine) as s:
            row = s.get(TokenRow, token_id)
            if row is None:
                raise NotFoundError("token", str(token_id))
            row.revoked = True
            s.commit()

    def role_of(self, token: str) -> tuple[str, str] | None:
        """(name, role) of a valid, unrevoked token, else None."""
        digest = hash_token(token)
        with Session(self.engine) as s:
            row = s.scalar(select(TokenRow).where(TokenRow.token_sha256 == digest))
            if row is None or row.revoked:
                return None
            return row.name, row.role

    # jobs --------------------------------------------------------------------
    def submit(
        self, kind: str, target: str, params: dict[str, Any], submitted_by: str = ""
    ) -> dict[str, Any]:
        """Queue a job; return it."""
        with Session(self.engine) as s:
            row = JobRow(
                kind=kind,
                target=target,
                params=params,
                status="queued",
                progress=0.0,
                message="",
                submitted_by=submitted_by,
                created_at=_now(),
            )
            s.add(row)
            s.commit()
            return _job_dict(row)

    def job(self, job_id: int) -> dict[str, Any]:
        """One job (``NotFoundError`` if there is none)."""
        with Session(self.engine) as s:
            row = _job_row(s, job_id)
            return _job_dict(row)

    def jobs(self, status: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
        """The newest jobs first, optionally only those with ``status``."""
        q = select(JobRow).order_by(JobRow.id.desc()).limit(limit)
        if status is not None:
            q = q.where(JobRow.status == status)
        with Session(self.engine) as s:
            return [_job_dict(r) for r in s.scalars(q).all()]

    def count(self, status: str) -> int:
        """How many jobs have ``status``."""
        with Session(self.engine) as s:
            return int(s.scalar(select(func.count()).where(JobRow.status == status)) or 0)

    def claim_next(self) -> dict[str, Any] | None:
        """Mark the oldest queued job running and return it (None if the queue is empty)."""
        with Session(self.engine) as s:
            row = s.scalar(
                select(JobRow).where(JobRow.status == "queued").order_by(JobRow.id).limit(1)
            )
            if row is None:
                return None
            # Conditional update: only one worker wins a job, even across processes.
            done = s.execute(
                update(JobRow)
                .where(JobRow.id == row.id, JobRow.status == "queued")
                .values(status="running", started_at=_now(), progress=0.0)
            )
            s.commit()
            if done.rowcount != 1:  # type: ignore[attr-defined]
                return None
            s.refresh(row)
            return _job_dict(row)

    def set_progress(self, job_id: int, progress: float, message: str = "") -> str:
        """Record progress (0-1); return why the job should stop ("" if it should not).

        ``"cancel"`` after :meth:`cancel`, ``"shutdown"`` after :meth:`request_stop`, and
        ``"gone"`` when the job is no longer running (e.g. marked failed by a restart).
        """
        with Session(self.engine) as s:
            row = s.get(JobRow, job_id)
            if row is None or row.status != "running":
                return "gone"
            if not row.stop_reason:
                row.progress = min(max(progress, 0.0), 1.0)
                if message:
                    row.message = message
            s.commit()
            return row.stop_reason

    def request_stop(self, job_id: int) -> None:
        """Ask a running job to stop at its next step because the service is stopping."""
        with Session(self.engine) as s:
            s.execute(
                update(JobRow)
                .where(JobRow.id == job_id, JobRow.status == "running")
                .values(stop_reason="shutdown")
            )
            s.commit()

    def cancel(self, job_id: int) -> dict[str, Any]:
        """Cancel a queued job now, or ask a running one to stop at its next step."""
        with Session(self.engine) as s:
            row = _job_row(s, job_id)
            if row.status == "queued":
                row.status, row.finished_at = "cancelled", _now()
                row.message = "cancelled before it started"
            elif row.status == "running":
                row.cancel_requested, row.stop_reason = True, "cancel"
                row.message = "cancel requested; stops after the current step"
            s.commit()
            return _job_dict(row)

    def finish(
        self,
        job_id: int,
        status: str,
        message: str = "",
        document: dict[str, Any] | None = None,
        netcdf: bytes | None = None,
    ) -> bool:
        """Mark a running job final; a succeeded job's result is stored in the same transaction.

        Returns False (and changes nothing) if the job is no longer running, e.g. a restart
        marked it failed while an orphaned run was still finishing.
        """
        if status not in STATUSES[2:]:
            raise ValueError(f"{status!r} is not a final status (expected one of {STATUSES[2:]})")
        values: dict[str, Any] = {"status": status, "message": message, "finished_at": _now()}
        if status == "succeeded":
            values["progress"] = 1.0
        with Session(self.engine) as s:
            done = s.execute(
                update(JobRow)
                .where(JobRow.id == job_id, JobRow.status == "running")
                .values(**values)
            )
            if done.rowcount != 1:  # type: ignore[attr-defined]
                s.rollback()
                return False
            if status == "succeeded":
                s.add(ResultRow(job_id=job_id, document=json.dumps(document or {}), netcdf=netcdf))
            s.commit()
            return True

    def recover(self) -> int:
        """Mark jobs left running by a stopped service failed; return how many.

        Queued jobs stay queued, so the worker resumes the queue.
        """
        with Session(self.engine) as s:
            done = s.execute(
                update(JobRow)
                .where(JobRow.status == "running")
                .values(status="failed", message=INTERRUPTED, finished_at=_now())
            )
            s.commit()
            return int(done.rowcount)  # type: ignore[attr-defined]

    # results -----------------------------------------------------------------
    def result(self, job_id: int) -> tuple[dict[str, Any], bytes | None]:
        """(JSON document, NetCDF bytes) of a succeeded job.

        Raises
        ------
        NotFoundError
            If the job does not exist.
        NotReadyError
            If it has no result: queued, running, failed or cancelled.
        """
        with Session(self.engine) as s:
            row = s.get(ResultRow, job_id)
            if row is None:
                job = _job_row(s, job_id)
                why = f": {job.message}" if job.message else ""
                raise NotReadyError(f"job {job_id} has no result: it is {job.status}{why}")
            return json.loads(row.document), row.netcdf

    def latest_result(self, kind: str, target: str) -> dict[str, Any] | None:
        """The newest succeeded job of ``kind`` on ``target``, or None."""
        with Session(self.engine) as s:
            row = s.scalar(
                select(JobRow)
                .where(JobRow.kind == kind, JobRow.target == target, JobRow.status == "succeeded")
                .order_by(JobRow.id.desc())
                .limit(1)
            )
            return _job_dict(row) if row is not None else None
