"""The project's annotated news corpus: compact source files -> gold ``NAME.txt``/``NAME.json``.

The corpus (``chokepoints/data/news_corpus/``) is written in one compact source file
per split (``train.src``, ``dev.src``, ``blind.src``) and expanded by this module into
the gold format read by :mod:`chokepoints.news.evaluate` (one ``NAME.txt`` and one
``NAME.json`` per article, in a folder per split)::

    python -m chokepoints.news.corpus            # rebuild every split
    python -m chokepoints.news.corpus blind      # one split

Source format
-------------
An article starts with ``### NAME | YYYY-MM-DD | style``; its text follows up to the
first annotation line. Each annotation line is::

    > TYPE | EVIDENCE FRAGMENT | ACTORS | TARGETS | DATE | FIGURES | FLAGS

``TYPE``
    An event type or its short form (``neg``, ``meet``, ``imp``, ``exp``, ``ease``,
    ``lic``, ``tar``, ``data``, ``stmt``, ``other``).
``EVIDENCE FRAGMENT``
    Words of the evidence sentence; the whole sentence (spaCy sentencizer) is stored.
``ACTORS`` / ``TARGETS``
    ``;``-separated names. A name known to the gazetteer (or the country table) takes
    its kind, country and role from there; any other is written ``name/kind/ISO3``.
``DATE``
    ISO date, or empty. ``FIGURES``: ``;``-separated ``VALUE UNIT [dec|inc]``.
``FLAGS``
    ``bg`` (background salience) and ``loc=PLACE``.

An article without events ends with a line holding only ``>``.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from chokepoints.errors import DataError

#: Every split the project has written, in order; a split counts once its source exists.
KNOWN_SPLITS: tuple[str, ...] = (
    "train", "dev", "blind", "blind2", "blind3", "train2", "blind4", "blind5", "blind6",
    "blind7", "blind8", "blind9", "blind10", "blind11", "blind12",
    "blind13", "blind14", "blind15", "blind16", "blind17", "blind18",
    "blind19", "blind20", "blind21", "blind22", "blind23", "blind24", "blind25", "blind26",
    "blind27", "blind28", "blind29", "blind30", "blind31", "blind32", "blind33", "blind34",
    "blind35", "blind36", "blind37", "blind38", "blind39", "blind40", "blind41", "blind42",
    "blind43", "blind44", "blind45", "blind46", "blind47", "blind48", "blind49", "blind50",
    "blind51", "blind52", "blind53", "blind54", "blind55", "blind56", "blind57", "blind58",
    "blind59",
)  # fmt: skip
SHORT_TYPES = {
    "neg": "negotiation_round",
    "meet": "meeting_or_call",
    "imp": "export_control_imposed",
    "exp": "export_control_expanded",
    "ease": "export_control_eased_or_suspended",
    "lic": "license_issued",
    "tar": "tariff_change",
    "data": "trade_data_release",
    "stmt": "statement",
    "other": "other",
}


def corpus_dir() -> Path:
    """The packaged corpus folder."""
    return Path(__file__).resolve().parent.parent / "data" / "news_corpus"


#: The splits whose source file is present (``train2`` joins once it is committed).
SPLITS: tuple[str, ...] = tuple(s for s in KNOWN_SPLITS if (corpus_dir() / f"{s}.src").exists())


@dataclass
class SourceArticle:
    """One article of a compact source file."""

    name: str
    published: date
    style: str
    text: str
    events: list[dict[str, Any]] = field(default_factory=list)
    line: int = 0


@lru_cache(maxsize=1)
def _actor_index() -> dict[str, dict[str, Any]]:
    from chokepoints.news.gazetteer import ACTORS

    index: dict[str, dict[str, Any]] = {}
    for entry in ACTORS:
        index.setdefault(
            entry.name.lower(),
            {"name": entry.name, "kind": entry.kind, "country": entry.country, "role": entry.role},
        )
    return index


def _actor(text: str, where: str) -> dict[str, Any]:
    parts = [p.strip() for p in text.split("/")]
    if len(parts) == 3:
        from chokepoints.news.schema import ACTOR_KINDS

        if parts[1] not in ACTOR_KINDS:
            # the evaluator would refuse the expanded gold; say so here, at the source line
            raise DataError(
                f"actor {text!r}: kind {parts[1]!r} is not one of {', '.join(ACTOR_KINDS)}",
                file=where,
            )
        return {"name": parts[0], "kind": parts[1], "country": parts[2] or None, "role": None}
    known = _actor_index().get(text.lower())
    if known is None:
        raise DataError(
            f"actor {text!r} is not in the gazetteer; write it NAME/KIND/ISO3", file=where
        )
    return dict(known)


def _figure(text: str, where: str) -> dict[str, Any]:
    parts = text.split()
    if len(parts) not in (2, 3) or (len(parts) == 3 and parts[2] not in ("dec", "inc")):
        raise DataError(f"figure {text!r} is not 'VALUE UNIT [dec|inc]'", file=where)
    change = {"dec": "decrease", "inc": "increase"}.get(parts[2]) if len(parts) == 3 else None
    return {"value": float(parts[0]), "unit": parts[1], "what": "", "change": change}


def _sentences(text: str) -> list[str]:
    import spacy

    from chokepoints.news.extract import strip_dateline

    nlp = _sentencizer()
    assert isinstance(nlp, spacy.language.Language)
    return [s.text.strip() for s in nlp(strip_dateline(text)).sents if s.text.strip()]


def _sentencizer() -> Any:
    """The extractor's pipeline, so gold evidence sentences are the extractor's sentences."""
    from chokepoints.news.extract import build_pipeline

    return build_pipeline()


def parse_source(path: Path) -> list[SourceArticle]:
    """Read a compact source file into articles with gold events."""
    articles: list[SourceArticle] = []
    cur: SourceArticle | None = None
    body: list[str] = []

    def close() -> None:
        if cur is not None and not cur.text:
            cur.text = "\n".join(body).strip()

    for no, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.rstrip()
        where = f"{path}:{no}"
        if line.startswith("### "):
            close()
            head = [p.strip() for p in line[4:].split("|")]
            if len(head) != 3:
                raise DataError("header is not '### NAME | YYYY-MM-DD | style'", file=where)
            cur = SourceArticle(head[0], date.fromisoformat(head[1]), head[2], "", line=no)
            articles.append(cur)
            body = []
        elif line.startswith(">"):
            if cur is None:
                raise DataError("annotation before any article header", file=where)
            close()
            if line.strip() != ">":  # a lone ">" marks an article without events
                cur.events.append(_event(cur, line[1:].strip(), where))
        elif cur is not None and not cur.text:
            body.append(line)
    close()
    names = [a.name for a in articles]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        raise DataError(f"article names used twice: {sorted(dupes)}", file=str(path))
    return articles


def annotation_line(lines: list[str], article: str, event: int, *, source: str = "") -> int:
    """Index in ``lines`` (a ``.src`` file split on newlines) of the annotation line of the
    ``event``-th gold event (from 0) of ``article``, for tools that patch one field in place.

    Raises :class:`~chokepoints.errors.DataError` naming ``source`` when the article or the
    event is not there.
    """
    head = f"### {article} |"
    start = next((i for i, ln in enumerate(lines) if ln.startswith(head)), None)
    if start is None:
        raise DataError(f"no article {article}", file=source or None)
    k = -1
    for i in range(start + 1, len(lines)):
        if lines[i].startswith("### "):
            break
        if lines[i].startswith(">") and lines[i].strip() != ">":
            k += 1
            if k == event:
                return i
    raise DataError(f"article {article} has no event {event}", file=source or None)


def _event(article: SourceArticle, spec: str, where: str) -> dict[str, Any]:
    cols = [c.strip() for c in spec.split("|")]
    cols += [""] * (7 - len(cols))
    if len(cols) != 7:
        raise DataError(f"annotation has {len(cols)} columns (expected 7)", file=where)
    etype, fragment, actors, targets, when, figures, flags = cols
    etype = SHORT_TYPES.get(etype, etype)
    if etype not in SHORT_TYPES.values():
        raise DataError(f"unknown event type {etype!r}", file=where)
    sents = [s for s in _sentences(article.text) if fragment in s]
    if len(sents) != 1:
        raise DataError(
            f"evidence fragment {fragment!r} is in {len(sents)} sentences (expected 1)",
            file=where,
        )
    flag_set = [f.strip() for f in flags.split(",") if f.strip()]
    location = next((f[4:] for f in flag_set if f.startswith("loc=")), None)
    if when:
        date.fromisoformat(when)
    return {
        "type": etype,
        "actors": [_actor(a.strip(), where) for a in actors.split(";") if a.strip()],
        "target": [_actor(a.strip(), where) for a in targets.split(";") if a.strip()],
        "commodities": _commodities(sents[0]),
        "date": when or None,
        "date_text": None,
        "location": location,
        "figures": [_figure(f.strip(), where) for f in figures.split(";") if f.strip()],
        "evidence": sents[0],
        "salience": "background" if "bg" in flag_set else "main",
        "confidence": 1.0,
    }


def _commodities(sentence: str) -> list[str]:
    from chokepoints.news.gazetteer import COMMODITIES

    low = sentence.lower()
    return [
        name
        for name, forms in COMMODITIES.items()
        if any(re.search(rf"\b{re.escape(f)}\b", low) for f in forms)
    ]


def write_split(source: Path, out_dir: Path) -> int:
    """Expand one source file into ``out_dir`` (NAME.txt + NAME.json); returns articles."""
    articles = parse_source(source)
    out_dir.mkdir(parents=True, exist_ok=True)
    names = {a.name for a in articles}
    for old in [*out_dir.glob("*.txt"), *out_dir.glob("*.json")]:
        if old.stem not in names:  # an article removed from the source
            old.unlink()
    for a in articles:
        (out_dir / f"{a.name}.txt").write_text(
            f"Published: {a.published.isoformat()}\n\n{a.text}\n", encoding="utf-8"
        )
        gold = {"published": a.published.isoformat(), "style": a.style, "events": a.events}
        (out_dir / f"{a.name}.json").write_text(
            json.dumps(gold, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    return len(articles)


def main(argv: list[str] | None = None) -> None:
    """Rebuild the gold folders of the named splits (all by default)."""
    args = sys.argv[1:] if argv is None else argv
    base = corpus_dir()
    for split in args or list(SPLITS):
        src = base / f"{split}.src"
        if not src.exists():
            continue
        n = write_split(src, base / split)
        print(f"{split}: {n} articles")


if __name__ == "__main__":
    main()
