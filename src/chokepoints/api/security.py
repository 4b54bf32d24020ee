"""Tokens and roles, the request-size limit, the rate limit and log redaction.

Clients send ``Authorization: Bearer <token>``. Roles are ordered ``read`` < ``analyst``
< ``admin``; a route needing ``analyst`` accepts ``admin`` too. Reads are open without a
token when :attr:`Settings.public_read` is on; every write needs one. Tokens are never
accepted in the URL (it ends up in access logs), and :class:`RedactTokens` blanks
anything shaped like a token or an ``Authorization`` header in log records.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import OrderedDict, deque
from dataclasses import dataclass
from typing import Any

from fastapi import HTTPException, Request

from chokepoints.api.store import ROLES

_TOKEN_TEXT = re.compile(r"cp_[A-Za-z0-9_-]{8,}")
_AUTH_HEADER = re.compile(r"(?i)(authorization['\"]?\s*[:=]\s*['\"]?)(bearer\s+)?[^\s'\",}]+")


@dataclass(frozen=True)
class Caller:
    """Who sent a request: token name and role, or anonymous (role None)."""

    name: str
    role: str | None

    def can(self, role: str) -> bool:
        return self.role is not None and ROLES.index(self.role) >= ROLES.index(role)


def bearer(request: Request) -> str | None:
    """The bearer token of a request, if any (refusing tokens passed in the URL)."""
    if "token" in request.query_params or "access_token" in request.query_params:
        raise HTTPException(
            400,
            detail="tokens are not accepted in the URL (they would be logged); send "
            "'Authorization: Bearer TOKEN'",
        )
    header = request.headers.get("authorization", "")
    if not header:
        return None
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise HTTPException(401, detail="expected 'Authorization: Bearer TOKEN'")
    return value.strip()


def identify(request: Request) -> Caller:
    """The caller of a request (401 for an unknown or revoked token)."""
    cached = getattr(request.state, "caller", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    token = bearer(request)
    caller = Caller("anonymous", None)
    if token is not None:
        found = request.app.state.store.role_of(token)
        if found is None:
            raise HTTPException(
                401,
                detail="unknown or revoked token",
                headers={"WWW-Authenticate": "Bearer"},
            )
        caller = Caller(*found)
    request.state.caller = caller
    return caller


def require(role: str) -> Any:
    """A FastAPI dependency: the caller must hold ``role`` (or a higher one)."""

    def dependency(request: Request) -> Caller:
        caller = identify(request)
        if role == "read" and caller.role is None and request.app.state.settings.public_read:
            return caller
        if caller.role is None:
            raise HTTPException(
                401,
                detail=f"this needs a token with role {role!r} or higher "
                "(create one with `chokepoints serve token create --role ROLE`)",
                headers={"WWW-Authenticate": "Bearer"},
            )
        if not caller.can(role):
            raise HTTPException(
                403, detail=f"token {caller.name!r} has role {caller.role!r}; this needs {role!r}"
            )
        return caller

    return dependency


class RateLimiter:
    """At most ``per_minute`` requests per key in any 60-second window (sliding log).

    Memory stays bounded: keys are kept in least-recently-seen order, those with no
    request in the last minute are dropped from the old end as requests come, and beyond
    ``max_keys`` live keys the least recently seen is evicted (so a flood of new client
    addresses cannot grow the table without end). Every step is O(1) per request,
    amortised.
    """

    def __init__(self, per_minute: int, max_keys: int = 100_000) -> None:
        self.per_minute = per_minute
        self.max_keys = max_keys
        self._hits: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._hits)

    def check(self, key: str, now: float | None = None) -> float:
        """0 if the request may go ahead, else the seconds to wait."""
        if self.per_minute <= 0:
            return 0.0
        t = time.monotonic() if now is None else now
        with self._lock:
            # the oldest-seen keys come first: drop those idle for a minute
            while self._hits:
                first, first_hits = next(iter(self._hits.items()))
                if first_hits and first_hits[-1] > t - 60.0:
                    break
                del self._hits[first]
            hits = self._hits.get(key)
            if hits is None:
                if len(self._hits) >= self.max_keys:
                    self._hits.popitem(last=False)
                hits = self._hits[key] = deque()
            self._hits.move_to_end(key)
            while hits and hits[0] <= t - 60.0:
                hits.popleft()
            if len(hits) >= self.per_minute:
                return max(hits[0] + 60.0 - t, 0.001)
            hits.append(t)
            return 0.0


class TokenValidityCache:
    """Whether a token is valid, remembered for ``ttl_s`` seconds (bounded size).

    Only the rate limiter uses it, to pick a client's budget (its token's or its
    address's) without a database query on every request; authorisation itself
    (:func:`require`) always asks the store. A revoked token therefore keeps its own
    budget for at most ``ttl_s`` seconds but is refused by the routes at once. Entries
    are kept in insertion order, so expiring and evicting are O(1) per call.
    """

    def __init__(self, ttl_s: float = 30.0, max_entries: int = 10_000) -> None:
        self.ttl_s = ttl_s
        self.max_entries = max_entries
        self._seen: OrderedDict[str, tuple[bool, float]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, digest: str, now: float | None = None) -> bool | None:
        """True/False if known and fresh, None if it must be looked up."""
        t = time.monotonic() if now is None else now
        with self._lock:
            hit = self._seen.get(digest)
            if hit is None or t - hit[1] > self.ttl_s:
                return None
            return hit[0]

    def put(self, digest: str, valid: bool, now: float | None = None) -> None:
        t = time.monotonic() if now is None else now
        with self._lock:
            self._seen.pop(digest, None)
            while self._seen and (
                len(self._seen) >= self.max_entries
                or t - next(iter(self._seen.values()))[1] > self.ttl_s
            ):
                self._seen.popitem(last=False)
            self._seen[digest] = (valid, t)


def _clean(text: str) -> str:
    return _AUTH_HEADER.sub(r"\1[redacted]", _TOKEN_TEXT.sub("cp_[redacted]", text))


class RedactTokens(logging.Filter):
    """Blank token text and Authorization values in every log record.

    String arguments are cleaned one by one, so formatters that read ``record.args``
    themselves (uvicorn's access log unpacks them) still get their tuple. Only where a
    token survives that (in the message text or a non-string argument) is the record
    reduced to its cleaned text, without arguments.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(_clean(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: _clean(v) if isinstance(v, str) else v
                           for k, v in record.args.items()}  # fmt: skip
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            return True  # the handler reports the broken record itself
        clean = _clean(message)
        if clean != message:
            record.msg, record.args = clean, ()
        return True


def install_redaction() -> None:
    """Add :class:`RedactTokens` to the uvicorn and chokepoints loggers' handlers."""
    redact = RedactTokens()
    for name in ("", "uvicorn", "uvicorn.error", "uvicorn.access", "chokepoints"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactTokens) for f in logger.filters):
            logger.addFilter(redact)
        for handler in logger.handlers:
            if not any(isinstance(f, RedactTokens) for f in handler.filters):
                handler.addFilter(redact)
