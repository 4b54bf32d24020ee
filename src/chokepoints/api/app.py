"""The FastAPI application: one router per resource, the dashboard, limits and errors.

    from chokepoints.api import Settings, create_app
    app = create_app(Settings(data_dir="srv"))      # serve with uvicorn

OpenAPI at ``/docs`` (and ``/openapi.json``); the dashboard at ``/``. Library errors
become JSON answers: a ``DataError`` is 422 with ``problems`` (file, row, field, value,
reason, as the CLI prints them) and ``message`` (the CLI's text after ``Error:``); a
``NotFoundError`` is 404 with the near matches in its message.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from chokepoints import __version__
from chokepoints.api.jobs import JobWorker
from chokepoints.api.security import (
    RateLimiter,
    TokenValidityCache,
    bearer,
    install_redaction,
)
from chokepoints.api.settings import Settings
from chokepoints.api.store import JobStore, NotReadyError, hash_token
from chokepoints.errors import DataError, NotFoundError

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

STATIC = Path(str(files("chokepoints.api") / "static"))


def plotly_js() -> Path:
    """plotly.js as shipped inside the ``plotly`` Python package (served, never fetched)."""
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes with 413, declared or streamed."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(send)
            return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge
            return message

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, tracked)
        except _TooLarge:
            if not started:
                await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        body = json.dumps(
            {"detail": f"request body over the limit of {self.limit:,} bytes"}
        ).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json")]})  # fmt: skip
        await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass


def _problems_response(exc: DataError) -> JSONResponse:
    return JSONResponse(
        status_code=422,
        content={"message": str(exc), "problems": [p.as_dict() for p in exc.problems]},
    )


def create_app(settings: Settings, *, start_worker: bool = True) -> FastAPI:
    """Build the service for ``settings``.

    Parameters
    ----------
    settings : Settings
        Data folder, store URL, limits, CORS.
    start_worker : bool
        Start the background job worker with the app (turned off by tests that drive
        :class:`~chokepoints.api.jobs.JobWorker` themselves).
    """
    from chokepoints.api.routes import jobs, news, regime, suppliers, timeline, tokens, worlds

    store = JobStore(settings.store_url)
    worker = JobWorker(store, settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        install_redaction()
        if start_worker:
            worker.start()
        yield
        worker.stop()

    app = FastAPI(
        title="chokepoints",
        version=__version__,
        description="Export controls on rare earths through supply chains: worlds, the "
        "policy timeline, regime queries, scenario jobs, supplier maps and news review. "
        "Writes need `Authorization: Bearer TOKEN` (`chokepoints serve token create`).",
        lifespan=lifespan,
    )
    app.state.settings, app.state.store, app.state.worker = settings, store, worker
    limiter = RateLimiter(settings.rate_per_minute)
    known_tokens = TokenValidityCache()

    @app.middleware("http")
    async def rate_limit(request: Request, call_next: Any) -> Response:
        if request.url.path.startswith("/api/"):
            # A valid token has its own budget; everything else counts against the address,
            # so made-up tokens do not buy extra requests.
            key = "address:" + (request.client.host if request.client else "?")
            try:
                token = bearer(request)
            except Exception:  # a malformed header is answered by the route
                token = None
            if token is not None:
                digest = hash_token(token)
                valid = known_tokens.get(digest)
                if valid is None:  # ask the store off the event loop, then remember it
                    valid = (await run_in_threadpool(store.role_of, token)) is not None
                    known_tokens.put(digest, valid)
                if valid:
                    key = "token:" + digest
            wait = limiter.check(key)
            if wait:
                return JSONResponse(
                    status_code=429,
                    content={
                        "detail": f"rate limit of {settings.rate_per_minute} requests "
                        f"per minute reached; retry in {wait:.0f} s"
                    },  # fmt: skip
                    headers={"Retry-After": str(max(int(wait), 1))},
                )
        response: Response = await call_next(request)
        return response

    if settings.cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "DELETE"],
            allow_headers=["Authorization", "Content-Type"],
        )
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)

    @app.exception_handler(DataError)
    async def _data_error(request: Request, exc: DataError) -> JSONResponse:
        return _problems_response(exc)

    @app.exception_handler(NotFoundError)
    async def _not_found(request: Request, exc: NotFoundError) -> JSONResponse:
        return JSONResponse(status_code=404, content={"detail": str(exc)})

    @app.exception_handler(NotReadyError)
    async def _not_ready(request: Request, exc: NotReadyError) -> JSONResponse:
        return JSONResponse(status_code=409, content={"detail": str(exc)})

    for module in (worlds, timeline, regime, jobs, suppliers, news, tokens):
        app.include_router(module.router, prefix="/api")

    @app.get("/", include_in_schema=False)
    def index() -> RedirectResponse:
        return RedirectResponse("/dashboard/")

    @app.get("/dashboard/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    @app.get("/vendor/plotly.min.js", include_in_schema=False)
    def plotly_file() -> FileResponse:
        return FileResponse(plotly_js(), media_type="text/javascript")

    @app.get("/api/health", tags=["service"])
    def health() -> dict[str, Any]:
        """Service version, store kind and queue length."""
        return {
            "version": __version__,
            "store": store.engine.dialect.name,
            "queued": store.count("queued"),
        }

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
