"""Country codes in policy queries: ISO 3166-1 alpha-3, plus the bundled world's aggregates.

A regime asked about an unknown country would silently find no measure and report the
flow as open, so every origin and destination is checked here first. Accepted: any
ISO 3166-1 alpha-3 code known to ``pycountry`` (``CHN``, ``USA``), and the aggregates
``EU27`` and ``ROW`` used by the bundled world. Lower case is accepted and upper-cased.
Anything else raises :class:`UnknownCountryError` with a hint: ``CHINA`` -> ``CHN``,
``US`` -> ``USA``, ``Germny`` -> ``DEU``.
"""

from __future__ import annotations

from collections.abc import Collection
from difflib import get_close_matches
from functools import lru_cache

from chokepoints.errors import NotFoundError

#: Codes accepted besides ISO 3166-1 alpha-3: aggregates of the bundled world.
AGGREGATES: dict[str, str] = {"EU27": "European Union (27)", "ROW": "Rest of world"}

_AGGREGATE_NAMES = {
    "EU": "EU27",
    "EUROPEAN UNION": "EU27",
    "REST OF WORLD": "ROW",
    "REST OF THE WORLD": "ROW",
}


class UnknownCountryError(NotFoundError):
    """A country code that is neither ISO 3166-1 alpha-3 nor an aggregate (EU27, ROW)."""

    def __init__(self, code: str, field: str | None = None) -> None:
        super().__init__("country", code)
        self.field = field
        where = f"{field}: " if field else ""
        message = (
            f"{where}{code!r} is not a country code (expected an ISO 3166-1 alpha-3 code "
            "such as 'CHN' or 'USA', or one of the aggregates 'EU27', 'ROW')."
        )
        hints = suggest_countries(code)
        if hints:
            message += " Did you mean " + " or ".join(hints) + "?"
        self.suggestions = hints
        self.args = (message,)


@lru_cache(maxsize=1)
def _alpha3() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.countries)


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    import pycountry

    out: dict[str, str] = {}
    for c in pycountry.countries:
        for name in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)):
            if name:
                out.setdefault(name.upper(), c.alpha_3)
    return out


def _name_of(code: str) -> str:
    import pycountry

    if code in AGGREGATES:
        return AGGREGATES[code]
    country = pycountry.countries.get(alpha_3=code)
    return country.name if country is not None else code


def is_country(code: str) -> bool:
    """Whether ``code`` (upper case) is an ISO 3166-1 alpha-3 code or an aggregate."""
    return code in AGGREGATES or code in _alpha3()


def suggest_countries(value: str, n: int = 3) -> list[str]:
    """Up to ``n`` hints such as ``"'CHN' (China)"`` for a value that is not a code."""
    import pycountry

    text = " ".join(value.strip().split())
    upper = text.upper()
    if upper in _AGGREGATE_NAMES:
        code = _AGGREGATE_NAMES[upper]
        return [f"{code!r} ({AGGREGATES[code]})"]
    found: list[tuple[str, str]] = []
    try:  # exact name, official name, alpha-2 or numeric code
        c = pycountry.countries.lookup(text)
        found.append((c.alpha_3, c.name))
    except LookupError:
        pass
    if not found and len(text) > 3:
        try:
            found += [(c.alpha_3, c.name) for c in pycountry.countries.search_fuzzy(text)[:n]]
        except LookupError:
            pass
    if not found:  # misspelt names: 'Germny' -> Germany
        names = _names()
        for name in get_close_matches(upper, list(names), n=n, cutoff=0.75):
            found.append((names[name], _name_of(names[name])))
    if not found:  # near codes: 'CHM' -> CHN
        known = sorted(_alpha3() | set(AGGREGATES))
        for code in get_close_matches(upper, known, n=n):
            found.append((code, _name_of(code)))
    seen: list[str] = []
    for code, name in found:
        hint = f"{code!r} ({name})"
        if hint not in seen:
            seen.append(hint)
    return seen[:n]


def check_country(
    code: str, field: str | None = None, extra: Collection[str] = (), *, shape_only: bool = False
) -> str:
    """``code`` stripped and upper-cased if it is a known country code.

    Parameters
    ----------
    code : str
        ISO 3166-1 alpha-3 code (``CHN``), any case, or ``EU27`` / ``ROW``.
    field : str, optional
        What the value is (``origin``, ``--to`` ...), named in the error message.
    extra : collection of str
        More codes to accept (the regions of a world that uses its own codes).
    shape_only : bool
        Accept any three-letter code (``AAA`` in a synthetic test world); still refuses
        names and two-letter codes (``CHINA``, ``US``), which are never region codes.

    Raises
    ------
    UnknownCountryError
        A :class:`~chokepoints.errors.NotFoundError` whose message suggests codes,
        e.g. ``'CHINA' is not a country code ... Did you mean 'CHN' (China)?``.
    """
    norm = str(code).strip().upper()
    if is_country(norm) or norm in extra:
        return norm
    if shape_only and len(norm) == 3 and norm.isascii() and norm.isalpha():
        return norm
    raise UnknownCountryError(str(code), field)
