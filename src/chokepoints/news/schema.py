"""The event schema shared by extraction, the store, proposals and evaluation.

An event is what one sentence (or several sentences of one article) says happened:

``type``
    One of :data:`EVENT_TYPES`.
``actors`` / ``target``
    Lists of :class:`Actor` (``name``, ``kind`` in :data:`ACTOR_KINDS`, ``country`` as
    ISO 3166 alpha-3 or ``None``, ``role`` such as ``"U.S. Commerce Secretary"`` or
    ``None``).
``commodities``
    Normalised names (``"dysprosium"``, ``"rare earth magnets"``, ...).
``date`` / ``date_text``
    ISO date resolved against the publication date, and the words it came from.
    Month-precision phrases ("in May", "last month") resolve to the first of the month.
``location``
    Place or ``None``.
``figures``
    List of :class:`Figure` (``value``, ``unit`` such as ``"%"``, ``"t"``, ``"US$"``,
    ``"days"``, ``what`` it measures, and ``change``: ``"decrease"`` or ``"increase"``
    when the number is the size of a change in that direction ("fell 34.5%", "up 9%"),
    ``None`` for a level or an undirected number ("to 1,238 tonnes"). ``value`` stays
    the magnitude as written; :attr:`Figure.signed_value` applies the direction).
``evidence``
    The sentence the event came from.
``salience``
    ``"main"`` (what the article reports) or ``"background"`` (context it recalls).
``confidence``
    0 to 1.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from chokepoints.errors import DataError

#: The fixed list of event types.
EVENT_TYPES: tuple[str, ...] = (
    "negotiation_round",
    "meeting_or_call",
    "export_control_imposed",
    "export_control_expanded",
    "export_control_eased_or_suspended",
    "license_issued",
    "tariff_change",
    "trade_data_release",
    "statement",
    "other",
)

#: Event types that change export-control measures (and so can become timeline proposals).
CONTROL_EVENT_TYPES: tuple[str, ...] = (
    "export_control_imposed",
    "export_control_expanded",
    "export_control_eased_or_suspended",
    "license_issued",
)

ACTOR_KINDS: tuple[str, ...] = ("country", "agency", "person", "firm", "organization")
SALIENCE: tuple[str, ...] = ("main", "background")
#: Directions of a figure that measures a change (``None``: a level, or no direction).
CHANGES: tuple[str, ...] = ("decrease", "increase")


@dataclass(frozen=True)
class Actor:
    """A party to an event: a country, agency, person, firm or organization."""

    name: str
    kind: str
    country: str | None = None
    role: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Figure:
    """A number the event reports, with its unit, what it measures and its direction.

    ``value`` is the magnitude as written; ``change`` is ``"decrease"`` or
    ``"increase"`` when the number is the size of a change ("fell 34.5%"), else None.
    """

    value: float
    unit: str
    what: str
    change: str | None = None

    @property
    def signed_value(self) -> float:
        """``value`` with the sign of ``change`` (negative for a decrease).

        Examples
        --------
        >>> Figure(34.5, "%", "exports", change="decrease").signed_value
        -34.5
        """
        return -self.value if self.change == "decrease" else self.value

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ExtractedEvent:
    """One event extracted from an article, in the schema of this module's docstring.

    Not a timeline entry: :class:`chokepoints.policy.models.Event` is a dated event of
    the policy timeline; ``news propose`` turns extracted events into proposed entries.
    """

    type: str
    evidence: str
    actors: list[Actor] = field(default_factory=list)
    target: list[Actor] = field(default_factory=list)
    commodities: list[str] = field(default_factory=list)
    date: str | None = None
    date_text: str | None = None
    location: str | None = None
    figures: list[Figure] = field(default_factory=list)
    salience: str = "main"
    confidence: float = 0.5

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary, keys in schema order."""
        return {
            "type": self.type,
            "actors": [a.as_dict() for a in self.actors],
            "target": [a.as_dict() for a in self.target],
            "commodities": list(self.commodities),
            "date": self.date,
            "date_text": self.date_text,
            "location": self.location,
            "figures": [f.as_dict() for f in self.figures],
            "evidence": self.evidence,
            "salience": self.salience,
            "confidence": round(float(self.confidence), 3),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, file: str | None = None) -> ExtractedEvent:
        """Build an event from its dictionary form, checking the fixed vocabularies.

        Raises
        ------
        DataError
            If ``type``, an actor ``kind`` or ``salience`` is not in its list, or
            ``evidence`` is missing.
        """
        etype = data.get("type")
        if etype not in EVENT_TYPES:
            raise DataError(
                f"is not an event type (expected one of {', '.join(EVENT_TYPES)})",
                file=file,
                field="type",
                value=etype,
            )
        if not data.get("evidence"):
            raise DataError("is empty (expected the source sentence)", file=file, field="evidence")

        def actors(key: str) -> list[Actor]:
            out = []
            for item in data.get(key) or []:
                kind = item.get("kind", "country")
                if kind not in ACTOR_KINDS:
                    raise DataError(
                        f"is not an actor kind (expected one of {', '.join(ACTOR_KINDS)})",
                        file=file,
                        field=f"{key}.kind",
                        value=kind,
                    )
                out.append(
                    Actor(
                        name=str(item["name"]),
                        kind=kind,
                        country=item.get("country"),
                        role=item.get("role"),
                    )
                )
            return out

        salience = data.get("salience", "main")
        if salience not in SALIENCE:
            raise DataError(
                "is not a salience (expected main or background)",
                file=file,
                field="salience",
                value=salience,
            )
        return cls(
            type=str(etype),
            evidence=str(data["evidence"]),
            actors=actors("actors"),
            target=actors("target"),
            commodities=list(data.get("commodities") or []),
            date=data.get("date"),
            date_text=data.get("date_text"),
            location=data.get("location"),
            figures=[_figure(f, file) for f in data.get("figures") or []],
            salience=salience,
            confidence=float(data.get("confidence", 0.5)),
        )


#: Spellings of a unit read as the schema's short form (``%``, ``t``, ``pp``): the extractor
#: and the corpus write the short forms, and a figure is matched on (value, unit), so an
#: annotator's "percent" or "tonnes" (the ``blind16`` gold) must not count as another unit.
UNIT_ALIASES: dict[str, str] = {
    "percent": "%",
    "per cent": "%",
    "pct": "%",
    "tonnes": "t",
    "tonne": "t",
    "tons": "t",
    "ton": "t",
    "metric tons": "t",
    "percentage points": "pp",
    "percentage point": "pp",
}


def canonical_unit(unit: str) -> str:
    """The schema's spelling of ``unit`` (see :data:`UNIT_ALIASES`).

    Examples
    --------
    >>> canonical_unit("Percent"), canonical_unit("tonnes"), canonical_unit("US$")
    ('%', 't', 'US$')
    """
    return UNIT_ALIASES.get(" ".join(unit.lower().split()), unit)


def _figure(data: dict[str, Any], file: str | None) -> Figure:
    change = data.get("change")
    if change is not None and change not in CHANGES:
        raise DataError(
            "is not a figure change (expected decrease, increase or null)",
            file=file,
            field="figures.change",
            value=change,
        )
    return Figure(
        value=float(data["value"]),
        unit=canonical_unit(str(data["unit"])),
        what=str(data.get("what", "")),
        change=change,
    )


#: The short name used across the news package (one class: :class:`ExtractedEvent`).
Event = ExtractedEvent
