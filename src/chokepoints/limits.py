"""Limits on input sizes, declared once, and a memory estimate before big allocations.

Every reader and command that could be asked for something unreasonably large (a billion
Monte Carlo runs, a YAML alias bomb, a 100 GB "CSV" that is really ``/dev/zero``) checks
its input against one of the limits below and stops with a one-line error that names the
limit, the value seen and how to raise it::

    runs: 1000000000 is above the limit of 100000 Monte Carlo runs (raise it with the
    environment variable CHOKEPOINTS_MAX_RUNS, e.g. CHOKEPOINTS_MAX_RUNS=2000000000)

Each limit can be raised (or lowered) for one shell with its environment variable; the
value is read when the check runs, so tests can set it with ``monkeypatch.setenv``.
``docs/hardening.md`` lists them all.

Before an allocation whose size follows from user input (runs x days x nodes), call
:func:`check_memory` with the number of bytes it will take: it refuses what would exceed
the ``memory_bytes`` limit or the memory the machine has available, instead of letting
NumPy die with ``MemoryError`` half-way through (or the kernel's OOM killer end the
process).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from typing import Any

from chokepoints.errors import DataError

__all__ = [
    "LIMITS",
    "Limit",
    "LimitError",
    "available_memory_bytes",
    "check_memory",
    "estimate_bytes",
    "finite_option",
    "limit",
]


class LimitError(DataError):
    """An input asks for more than a declared limit allows."""


@dataclass(frozen=True)
class Limit:
    """One limit: its name, default, unit and the environment variable that changes it.

    Attributes
    ----------
    name : str
        Short key used in :data:`LIMITS` (``runs``, ``horizon_days``...).
    default : int
        The value used when the environment variable is not set.
    unit : str
        What is counted, in words (``Monte Carlo runs``, ``days``, ``bytes``).
    env : str
        Environment variable that replaces the default (a whole number > 0).
    what : str
        One line on what the limit protects, for docs/hardening.md.
    """

    name: str
    default: int
    unit: str
    env: str
    what: str

    def value(self) -> int:
        """The limit in force: the environment variable if set, else the default.

        Raises
        ------
        DataError
            If the environment variable is set to something other than a whole number > 0.
        """
        raw = os.environ.get(self.env)
        if raw is None or raw.strip() == "":
            return self.default
        text = raw.strip().replace("_", "")
        try:
            number = int(text)
        except ValueError:
            try:
                as_float = float(text)
            except ValueError:
                as_float = math.nan
            if not math.isfinite(as_float) or as_float != int(as_float):
                raise DataError(
                    "is not a whole number (expected an integer > 0, e.g. "
                    f"{self.env}={self.default})",
                    field=self.env,
                    value=raw,
                ) from None
            number = int(as_float)
        if number <= 0:
            raise DataError(
                f"is not > 0 (expected an integer > 0, e.g. {self.env}={self.default})",
                field=self.env,
                value=raw,
            )
        return number

    def how_to_raise(self, needed: float | None = None) -> str:
        """Words telling the user how to raise this limit."""
        example = self.default * 10
        if needed is not None and math.isfinite(needed) and needed > 0:
            example = max(int(math.ceil(needed)), 1)
        return f"raise it with the environment variable {self.env}, e.g. {self.env}={example}"

    def check(
        self,
        value: Any,
        *,
        file: str | None = None,
        row: int | None = None,
        field: str | None = None,
        option: str | None = None,
    ) -> None:
        """Raise :class:`LimitError` if ``value`` is above the limit.

        Parameters
        ----------
        value : number
            The value asked for (NaN and infinity are refused too).
        file, row, field : optional
            Where the value came from, for the message.
        option : str, optional
            The command-line option it came from (``--runs``); used as the field when
            ``field`` is not given.
        """
        name = field or option or self.name
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise LimitError(
                f"is not a number (expected at most {self.value()} {self.unit})",
                file=file,
                row=row,
                field=name,
                value=value,
            ) from None
        cap = self.value()
        if math.isnan(number) or number > cap:
            raise LimitError(
                f"is above the limit of {cap} {self.unit} ({self.how_to_raise(number)})",
                file=file,
                row=row,
                field=name,
                value=value,
            )


#: Every declared limit, by name. Defaults are generous for real work and small enough
#: that a typo (an extra few zeros) is caught before it costs minutes or gigabytes.
LIMITS: dict[str, Limit] = {
    lim.name: lim
    for lim in (
        Limit(
            "runs",
            100_000,
            "Monte Carlo runs",
            "CHOKEPOINTS_MAX_RUNS",
            "runs of one scenario or supplier-map simulation (--runs, 'runs:')",
        ),
        Limit(
            "horizon_days",
            3660,
            "days",
            "CHOKEPOINTS_MAX_HORIZON_DAYS",
            "simulated days of one run (--horizon, 'horizon_days:', spin-up included)",
        ),
        Limit(
            "lead_time_days",
            3660,
            "days",
            "CHOKEPOINTS_MAX_LEAD_TIME_DAYS",
            "lead time of one flow or supplier link ('lead_time_days')",
        ),
        Limit(
            "file_bytes",
            256 * 1024 * 1024,
            "bytes",
            "CHOKEPOINTS_MAX_FILE_BYTES",
            "size of one input file (CSV, XLSX, YAML, JSON, news text)",
        ),
        Limit(
            "yaml_depth",
            64,
            "levels of nesting",
            "CHOKEPOINTS_MAX_YAML_DEPTH",
            "nesting of mappings and lists in one YAML file",
        ),
        Limit(
            "yaml_aliases",
            1000,
            "aliases",
            "CHOKEPOINTS_MAX_YAML_ALIASES",
            "'*name' references in one YAML file",
        ),
        Limit(
            "yaml_nodes",
            2_000_000,
            "nodes after expanding aliases",
            "CHOKEPOINTS_MAX_YAML_NODES",
            "values in one YAML file once aliases are expanded (stops 'billion laughs')",
        ),
        Limit(
            "memory_bytes",
            16 * 1024**3,
            "bytes",
            "CHOKEPOINTS_MAX_MEMORY_BYTES",
            "one large array whose size follows from input (runs x days x nodes)",
        ),
    )
}


def finite_option(value: float | None) -> float | None:
    """Click/Typer option callback that refuses NaN and infinity (``callback=finite_option``).

    Click's ``min``/``max`` bounds let NaN through (every comparison with NaN is false).
    """
    if value is not None and not math.isfinite(value):
        import typer  # typer's BadParameter: the one its (vendored) click catches

        raise typer.BadParameter(f"{value} is not a finite number")
    return value


def limit(name: str) -> Limit:
    """The :class:`Limit` called ``name`` (a key of :data:`LIMITS`)."""
    return LIMITS[name]


def available_memory_bytes() -> int | None:
    """Memory the machine can still give (``MemAvailable`` on Linux), or ``None``.

    Also honours an address-space rlimit (``ulimit -v``) when one is set.
    """
    found: int | None = None
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    found = int(line.split()[1]) * 1024
                    break
    except (OSError, ValueError, IndexError):
        found = None
    try:
        import resource

        soft, _ = resource.getrlimit(resource.RLIMIT_AS)
        if soft not in (resource.RLIM_INFINITY, -1) and soft > 0:
            found = soft if found is None else min(found, soft)
    except (ImportError, OSError, ValueError):
        pass
    return found


def estimate_bytes(*shape: int, itemsize: int = 8) -> int:
    """Bytes an array of ``shape`` with ``itemsize``-byte elements takes.

    Python integers, so the product cannot overflow; negative sizes count as zero.
    """
    total = int(itemsize)
    for n in shape:
        total *= max(int(n), 0)
    return total


def _human(nbytes: float) -> str:
    size = float(nbytes)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if size < 1024 or unit == "PiB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} PiB"  # pragma: no cover


def check_memory(nbytes: int, *, what: str, hint: str = "") -> None:
    """Refuse an allocation of ``nbytes`` before it is made.

    Parameters
    ----------
    nbytes : int
        Size of the planned allocation (see :func:`estimate_bytes`).
    what : str
        What is being allocated, with the inputs that decide its size, e.g.
        ``"result array (1000000 runs x 365 days x 120 nodes, float32)"``.
    hint : str, optional
        How to make it smaller (``"use fewer --runs"``).

    Raises
    ------
    LimitError
        If ``nbytes`` is above the ``memory_bytes`` limit, or above half the memory the
        machine has available now.
    """
    lim = LIMITS["memory_bytes"]
    cap = lim.value()
    tail = f"; {hint}" if hint else ""
    if nbytes > cap:
        raise LimitError(
            f"would need {_human(nbytes)}, above the limit of {_human(cap)} "
            f"({lim.how_to_raise(nbytes)}){tail}",
            field=what,
        )
    free = available_memory_bytes()
    if free is not None and nbytes > free // 2:
        raise LimitError(
            f"would need {_human(nbytes)}, more than half the {_human(free)} of memory "
            f"available on this machine{tail}",
            field=what,
        )
