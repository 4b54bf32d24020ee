"""Harmonise the spent news splits' gold with the ``blind8`` note on relative clauses (2026-12-03).

The corpus README's ``blind8`` note (repeated by later notes): a relative clause that names
the measures being suspended with their day ("the export control measures it announced on
October 9") reports those measures, a background ``export_control_expanded`` dated that
day. Gold written before that note (``train`` to ``blind7``) and one later split
(``blind12``) annotate only the suspension. This tool adds the background event after each
such ``ease`` line: evidence the relative clause from its determiner to the day, actor
China when the suspension names China (as the gold written independently of this tool
does for the same shape: ``blind8`` h28, ``blind10`` a22, ``blind11`` k26, ``blind13``
m25 and m40, ``train2`` u089; a review found that the ``blind14`` note's "no actors" for
the pronoun was the minority reading), date the day named (with its year when the clause
gives one). The regex is the extractor's ``_SUSPENDED_EARLIER``, so gold it adds is the
rule's own reading: cases it misses (``blind6`` f42, whose measure list holds a comma)
were left as the writers annotated them, and the rule's gain is best read on the splits
whose gold was written independently (``blind8`` to ``blind11``, ``blind13`` to
``blind15``).

Run ``python tools/news_harmonise_relative.py`` (dry run) or with ``--write``: edits the
``.src`` files, then inserts the new events into the expanded JSON (other fields kept).
"""

import json
import re
import sys
import tempfile
from datetime import date
from pathlib import Path

from chokepoints.news.corpus import corpus_dir, parse_source, write_split

#: Splits whose gold lacks the event (a fixed record; later splits follow the note).
SPLITS = [
    "train",
    "train2",
    "dev",
    "blind",
    "blind2",
    "blind3",
    "blind4",
    "blind5",
    "blind6",
    "blind7",
    "blind12",
]
MONTHS = {
    m: i + 1
    for i, m in enumerate(
        "january february march april may june july august september october november december".split()
    )
}
MONTH = (
    r"(January|February|March|April|May|June|July|August|September|October|November|December|Oct\.)"
)
REL = re.compile(
    r"\b(?:the|its|a raft of)\s+(?:(?!(?:the|of|after|before|when|while|as|and)\b|[a-z]+ed\b)"
    r"[\w%-]+\s+){0,5}?(?:controls?|measures?|rules?)\b"
    r"(?:\s+(?:on|of)(?:\s+[\w%-]+){1,6}?)?"
    r"\s+(?:that\s+|which\s+)?(?:it\s+|China\s+|Beijing\s+)?(?:had\s+)?"
    r"(?:announced|issued|unveiled|published)\s+on\s+"
    r"(?:" + MONTH + r"\s+(\d{1,2})|(\d{1,2})\s+" + MONTH + r")(?:,?\s+(\d{4})\b)?"
)


def _day(m: re.Match[str], when: str) -> str:
    month = (m.group(1) or m.group(4)).lower().rstrip(".")
    month = "october" if month == "oct" else month
    day = int(m.group(2) or m.group(3))
    year = int(m.group(5)) if m.group(5) else int(when[:4]) if when else 2025
    d = date(year, MONTHS[month], day)
    return d.isoformat()


def main(write: bool) -> None:
    added = 0
    for split in SPLITS:
        path = corpus_dir() / f"{split}.src"
        lines = path.read_text(encoding="utf-8").split("\n")
        arts = parse_source(path)
        evidence = [e["evidence"] for a in arts for e in a.events]
        # (article, sentence) pairs that already have a background expanded event
        seen = {
            (a.name, e["evidence"])
            for a in arts
            for e in a.events
            if e["type"] == "export_control_expanded"
        }
        out: list[str] = []
        changed: dict[str, list[int]] = {}
        article = ""
        index = -1
        k = -1
        for ln in lines:
            out.append(ln)
            if ln.startswith("### "):
                article = ln[4:].split("|")[0].strip()
                index = -1
                continue
            if not ln.startswith(">") or ln.strip() == ">":
                continue
            index += 1
            k += 1
            cols = [c.strip() for c in ln[1:].split("|")]
            if cols[0] != "ease":
                continue
            m = REL.search(evidence[k])
            if m is None or (article, evidence[k]) in seen:
                continue
            seen.add((article, evidence[k]))
            actor = "China" if "China" in cols[2] else ""  # the suspending country's own
            new = f"> exp | {m.group(0)} | {actor} | | {_day(m, cols[4])} | | bg"
            print(f"{split} {article}\n  {ln}\n  + {new}")
            out.append(new)
            index += 1
            changed.setdefault(article, []).append(index)
            added += 1
        if write and changed:
            path.write_text("\n".join(out), encoding="utf-8")
            with tempfile.TemporaryDirectory() as tmp:
                write_split(path, Path(tmp))
                for name, where in changed.items():
                    fresh = json.loads((Path(tmp) / f"{name}.json").read_text(encoding="utf-8"))
                    p = corpus_dir() / split / f"{name}.json"
                    gold = json.loads(p.read_text(encoding="utf-8"))
                    for k in where:
                        gold["events"].insert(k, fresh["events"][k])
                    assert len(gold["events"]) == len(fresh["events"]), (split, name)
                    p.write_text(
                        json.dumps(gold, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
                    )
            assert len([a for a in parse_source(path)]) > 0
    print(f"{added} events added")


if __name__ == "__main__":
    main("--write" in sys.argv)
