"""Harmonise the spent news splits' gold with the notes on adjective targets (fourteenth round).

The corpus README's ``blind14`` notes: "U.S." and "Chinese" before goods ("tariffs on U.S.
goods") give no target, as they give no actor (the ``blind11`` note on adjectives), and
"Japanese entities" alone gives none (a demonym). Gold written before those notes named
the country as target in such events ("extending the pause on higher tariffs on Chinese
goods": target China), gold written after them mostly does not, so the learned actor
selection saw both readings of the same wording. This tool removes the target where the
evidence sentence names the country only as an adjective ("U.S.", "US", "American",
"Chinese", "Japanese" before a lower-case word) and never as a noun ("the United States",
"Washington", "China", "Beijing", "Japan", "Tokyo"): 61 events' targets over the spent
splits. Kept as written: a protest to "the Chinese embassy" (China as target, ``blind12``
note) and the ban on "Japanese military (end) users" (Japan as target in the latest
gold, ``blind18``), 7 events.

The records below are fixed (split, article, event index, target removed); the tool never
reads a held-out split. ``python tools/news_harmonise_targets.py`` is a dry run,
``--write`` removes the target from the ``.src`` line and the expanded JSON (nothing else
is touched), ``--check`` exits 1 unless no record's target is left in either file and every
record's evidence still names its country only as an adjective (:func:`old_value_ok`, the
old-value check; ``--write`` refuses a record that fails it).
"""

from __future__ import annotations

import json
import re
import sys

from chokepoints.atomic import write_text_atomic
from chokepoints.errors import DataError
from chokepoints.news.corpus import annotation_line, corpus_dir
from chokepoints.news.train import HELD_OUT_SPLITS

#: (split, article, event index, target name removed)
CHANGES: tuple[tuple[str, str, int, str], ...] = (
    ("train", "t014-march-countermeasures", 1, "United States"),
    ("train", "t014-march-countermeasures", 2, "China"),
    ("train", "t015-liberation-day", 0, "China"),
    ("train", "t018-april-escalation", 0, "China"),
    ("train", "t023-geneva-trade-press", 0, "China"),
    ("train", "t044-fentanyl-cut", 0, "China"),
    ("train2", "u011-301-tariffs-opinion", 0, "China"),
    ("train2", "u023-soy-brazil-tariffs", 1, "China"),
    ("train2", "u033-truce-extension", 0, "China"),
    ("train2", "u100-china-84-percent", 1, "China"),
    ("train2", "u111-lutnick-april-tv", 1, "China"),
    ("blind", "b08-february-metals", 1, "United States"),
    ("blind", "b21-truce-extended", 0, "China"),
    ("blind", "b26-busan", 1, "China"),
    ("blind2", "c07-us-tariffs-graphite-magnets", 0, "China"),
    ("blind2", "c30-truce-extension", 0, "China"),
    ("blind3", "e07-december-ban-liveblog", 1, "China"),
    ("blind3", "e08-february-controls-tariffs", 0, "China"),
    ("blind3", "e22-busan-summit", 1, "China"),
    ("blind3", "e24-suspensions-monday", 0, "China"),
    ("blind3", "e24-suspensions-monday", 2, "China"),
    ("blind3", "e35-us-entities-control-list", 3, "China"),
    ("blind4", "f01-mofcom-qa-tariff-threat", 1, "China"),
    ("blind4", "f05-digest-week-20-2025", 1, "United States"),
    ("blind4", "f09-kihara-june-entities", 1, "Japan"),
    ("blind4", "f11-section-301-increase", 0, "China"),
    ("blind4", "f21-april-4-retaliation", 1, "China"),
    ("blind4", "f21-april-4-retaliation", 3, "United States"),
    ("blind4", "f22-tariff-125", 3, "China"),
    ("blind4", "f50-digest-late-february-2026", 2, "Japan"),
    ("blind4", "f58-china-farm-tariffs", 3, "China"),
    ("blind5", "p05-presser-december-ban", 1, "China"),
    ("blind5", "p22-truce-extended-digest", 0, "China"),
    ("blind5", "p26-busan-korean-press", 1, "China"),
    ("blind5", "p28-alert-fact-sheet", 1, "China"),
    ("blind5", "p33-alert-entity-lists", 0, "China"),
    ("blind5", "p57-digest-april-escalation", 0, "China"),
    ("blind6", "f01-beijing-ten-us-entities-wire", 1, "China"),
    ("blind6", "f11-tv-script-geneva", 0, "China"),
    ("blind6", "f11-tv-script-geneva", 1, "United States"),
    ("blind6", "f14-truce-extension-digest", 0, "China"),
    ("blind6", "f14-truce-extension-digest", 1, "United States"),
    ("blind6", "f18-busan-wire", 1, "China"),
    ("blind6", "f36-nov-10-measures-wire", 0, "China"),
    ("blind6", "f37-radio-april-escalation", 2, "China"),
    ("blind7", "g16-truce-extension", 0, "China"),
    ("blind7", "g31-april-escalation", 1, "China"),
    ("blind7", "g36-nov-tariff-commission", 4, "China"),
    ("blind7", "g44-bessent-china-vs-world", 2, "China"),
    ("blind8", "h15-truce-extension-notice", 0, "China"),
    ("blind8", "h27-hundred-percent-tariff-brazil", 0, "China"),
    ("blind8", "h54-white-house-fact-sheet-digest", 1, "China"),
    ("blind8", "h54-white-house-fact-sheet-digest", 2, "China"),
    ("blind9", "k18-truce-extension", 0, "China"),
    ("blind9", "k24-cn-tariff-commission", 4, "China"),
    ("blind9", "k31-busan-ticker", 1, "China"),
    ("blind9", "k37-white-house-fact-sheet", 3, "China"),
    ("blind9", "k43-1260h-listing", 0, "China"),
    ("blind10", "a09-april-escalation-digest", 0, "China"),
    ("blind10", "a16-truce-extension", 0, "China"),
    ("blind12", "l08-entity-listing-wire", 2, "China"),
)


#: The adjective forms a record's evidence must hold and the noun forms it must not
#: (the old-value check: the record still points at the event it was written for).
ADJECTIVES: dict[str, str] = {
    "China": r"\bChinese\b",
    "United States": r"\b(U\.?S\.?|American)\b",
    "Japan": r"\bJapanese\b",
}
NOUNS: dict[str, str] = {
    "China": r"\b(China|Beijing|People's Republic)\b",
    "United States": r"\b(United States|Washington|America)\b",
    "Japan": r"\b(Japan|Tokyo)\b",
}


def old_value_ok(name: str, evidence: str) -> bool:
    """Whether ``evidence`` names the country ``name`` as an adjective and never as a noun
    (the reading every record was written for)."""
    return bool(re.search(ADJECTIVES[name], evidence)) and not re.search(NOUNS[name], evidence)


def _src_index(lines: list[str], article: str, event: int) -> int:
    try:
        return annotation_line(lines, article, event)
    except DataError as exc:
        raise SystemExit(str(exc)) from None


def _targets(line: str) -> list[str]:
    cols = line[1:].split("|")
    return [t.strip() for t in cols[3].split(";") if t.strip()]


def _name(spec: str) -> str:
    return spec.split("/")[0].strip()


def main(argv: list[str]) -> int:
    write, check = "--write" in argv, "--check" in argv
    if HELD_OUT_SPLITS & {c[0] for c in CHANGES}:
        raise SystemExit("a record names a held-out split")
    left = 0
    for split, article, event, name in CHANGES:
        path = corpus_dir() / split / f"{article}.json"
        gold = json.loads(path.read_text(encoding="utf-8"))
        in_json = [t["name"] for t in gold["events"][event]["target"]]
        src_path = corpus_dir() / f"{split}.src"
        lines = src_path.read_text(encoding="utf-8").split("\n")
        i = _src_index(lines, article, event)
        in_src = [_name(t) for t in _targets(lines[i])]
        there = name in in_json or name in in_src
        if not old_value_ok(name, gold["events"][event]["evidence"]):
            # checked before any write, as the dates tool checks the old date
            print(f"{split} {article} #{event}: evidence does not name {name} only as an adjective")
            if not check:
                raise SystemExit(1)
            left += 1
            continue
        print(f"{split:8} {article} #{event}: target {name}{'' if there else ' (done)'}")
        if not there:
            continue
        left += 1
        if write and not check:
            gold["events"][event]["target"] = [
                t for t in gold["events"][event]["target"] if t["name"] != name
            ]
            write_text_atomic(path, json.dumps(gold, indent=1, ensure_ascii=False) + "\n")
            cols = lines[i][1:].split("|")
            kept = [t for t in _targets(lines[i]) if _name(t) != name]
            cols[3] = f" {'; '.join(kept)} " if kept else " "
            lines[i] = ">" + "|".join(cols)
            write_text_atomic(src_path, "\n".join(lines))
    print(f"{len(CHANGES)} targets recorded, {left} still in the gold before this run")
    return 1 if check and left else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
