"""`corpus.annotation_line`: the line of one gold event in a `.src` file, shared by the
gold-harmonisation tools under tools/."""

import pytest

from chokepoints.errors import DataError
from chokepoints.news.corpus import annotation_line


def test_annotation_line_finds_an_event_line_or_names_what_is_missing() -> None:
    lines = [
        "### a01 | 2025-06-10 | wire",
        "Some text.",
        "> imp | China | | 2025-04-04 | Some text.",
        "> stat | China | | 2025-06-10 | Some text.",
        "### a02 | 2025-06-11 | wire",
        ">",
    ]
    assert annotation_line(lines, "a01", 0) == 2
    assert annotation_line(lines, "a01", 1) == 3
    with pytest.raises(DataError, match="a02 has no event 0"):
        annotation_line(lines, "a02", 0, source="x.src")
    with pytest.raises(DataError, match="no article a03"):
        annotation_line(lines, "a03", 0)


def test_an_actor_kind_outside_the_schema_is_refused_at_its_source_line() -> None:
    # blind39 was written with "VDA/association/DEU": the builder expanded it and only the
    # scoring run's loader refused it; the builder now names the kind where it is written
    from chokepoints.news.corpus import _actor

    assert _actor("VDA/organization/DEU", "x.src:3")["kind"] == "organization"
    with pytest.raises(DataError, match="kind 'association' is not one of"):
        _actor("VDA/association/DEU", "x.src:3")
