"""News to events: ingest articles, extract dated and sourced policy events, store them,
and propose reviewed changes to the policy timeline.

Modules: :mod:`~chokepoints.news.ingest` (files to documents),
:mod:`~chokepoints.news.extract` (rules over spaCy), :mod:`~chokepoints.news.dates`
(relative dates), :mod:`~chokepoints.news.store` (SQLAlchemy event store),
:mod:`~chokepoints.news.propose` (timeline proposals) and
:mod:`~chokepoints.news.evaluate` (scores against a gold set). See ``docs/news.md``.
"""

from chokepoints.news.schema import EVENT_TYPES, Actor, Event, ExtractedEvent, Figure

__all__ = ["EVENT_TYPES", "Actor", "Event", "ExtractedEvent", "Figure"]
