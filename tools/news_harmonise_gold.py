"""Harmonise the spent news splits' gold actors with the corpus README's conventions (2026-12-03).

Run ``python tools/news_harmonise_gold.py`` (dry run, prints the changes) or with
``--write``: edits the ``.src`` files, then copies the new actors into the expanded JSON.
See the README section "Harmonisation of 2026-12-03".
"""

import json
import re
import sys
from collections import Counter

from chokepoints.news.corpus import corpus_dir, parse_source

#: The splits harmonised on 2026-12-03, a fixed record (not ``train.DEFAULT_SPLITS``, which
#: has grown since: later splits were written to the conventions and are not edited here).
SPENT = [
    "train",
    "dev",
    "blind",
    "blind2",
    "blind3",
    "train2",
    "blind4",
    "blind5",
    "blind6",
    "blind7",
    "blind8",
    "blind9",
]
DOD_FORMS = re.compile(r"Department of Defense|Defense Department|Department of War")
PAIR = re.compile(
    r"\b(U\.S\.|American|Chinese)\s+and\s+(U\.S\.|American|Chinese)\s+(?:\w+\s+){0,3}?(officials|negotiators|delegations|teams)\b"
)
# a place after "in"/"at" is not an actor (README)
NOUN = {
    "United States": re.compile(r"(?<!\bin )(?<!\bat )\b(United States|Washington|America)\b"),
    "China": re.compile(r"(?<!-)(?<!\bin )(?<!\bat )\b(China|Beijing)\b"),
}


def names(col):
    return [p.strip() for p in col.split(";") if p.strip()]


def name_of(a):
    return a.split("/")[0].strip()


def main(write):
    counts = Counter()
    log = []
    for s in SPENT:
        p = corpus_dir() / f"{s}.src"
        arts = parse_source(p)
        lines = p.read_text(encoding="utf-8").split("\n")
        ann = [i for i, ln in enumerate(lines) if ln.startswith(">") and ln.strip() != ">"]
        evs = [e for a in arts for e in a.events]
        assert len(ann) == len(evs)
        for i, e in zip(ann, evs, strict=True):
            cols = [c.strip() for c in lines[i][1:].split("|")]
            actors = names(cols[2])
            before = list(actors)
            ev = e["evidence"]
            t = e["type"]
            # 1. customs figures: the exporting country is not the issuer
            if (
                t == "trade_data_release"
                and "China" in [name_of(a) for a in actors]
                and not re.search(r"\bChina (reported|said|published)\b", ev)
            ):
                actors = [a for a in actors if name_of(a) != "China"]
                counts[(s, "data: exporting country dropped")] += 1
            # 2. "U.S. and Chinese officials": adjectives give no actor
            if t == "negotiation_round" and PAIR.search(ev):
                for c in ("United States", "China"):
                    if c in [name_of(a) for a in actors] and not NOUN[c].search(PAIR.sub("", ev)):
                        actors = [a for a in actors if name_of(a) != c]
                        counts[(s, "round: adjective country dropped")] += 1
            # 3. "China's commerce/foreign ministry" gives the ministry and China
            for form, ministry in (
                ("China's commerce ministry", "Ministry of Commerce"),
                ("China's foreign ministry", "Ministry of Foreign Affairs"),
            ):
                nm = [name_of(a) for a in actors]
                if form.lower() in ev.lower() and ministry in nm and "China" not in nm:
                    actors.insert(nm.index(ministry) + 1, "China")
                    counts[(s, "possessive ministry: China added")] += 1
            # 4. Pentagon vs Department of Defense: the name the sentence uses
            nm = [name_of(a) for a in actors]
            if (
                "Pentagon" in nm
                and "Pentagon" not in ev
                and DOD_FORMS.search(ev)
                and "Department of Defense" not in nm
            ):
                actors[nm.index("Pentagon")] = "Department of Defense"
                counts[(s, "Pentagon -> Department of Defense")] += 1
            elif (
                "Department of Defense" in nm
                and not DOD_FORMS.search(ev)
                and "Pentagon" in ev
                and "Pentagon" not in nm
            ):
                actors[nm.index("Department of Defense")] = "Pentagon"
                counts[(s, "Department of Defense -> Pentagon")] += 1
            if actors != before:
                raw = lines[i].split("|")
                raw[2] = " " + "; ".join(actors) + (" " if actors else "")
                new = "|".join(raw)
                log.append((s, i + 1, lines[i], new))
                lines[i] = new
        if write:
            p.write_text("\n".join(lines), encoding="utf-8")
    for r in log:
        print(r[0], r[1])
        print("  -", r[2])
        print("  +", r[3])
    print()
    by_class = Counter()
    for (s, c), n in sorted(counts.items()):
        print(f"{s}\t{c}\t{n}")
        by_class[c] += n
    print(by_class, sum(by_class.values()))


def patch_json() -> None:
    """Copy new actors and targets into the expanded gold JSON (evidence, commodities kept)."""
    n = Counter()
    for s in SPENT:
        for a in parse_source(corpus_dir() / f"{s}.src"):
            p = corpus_dir() / s / f"{a.name}.json"
            gold = json.loads(p.read_text(encoding="utf-8"))
            assert len(gold["events"]) == len(a.events), (s, a.name)
            changed = False
            for g, e in zip(gold["events"], a.events, strict=True):
                assert g["type"] == e["type"]
                if [x["name"] for x in g["actors"]] != [x["name"] for x in e["actors"]] or [
                    x["name"] for x in g["target"]
                ] != [x["name"] for x in e["target"]]:
                    g["actors"], g["target"] = e["actors"], e["target"]
                    changed = True
                    n[s] += 1
            if changed:
                p.write_text(
                    json.dumps(gold, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
                )
    print(n, sum(n.values()))


if __name__ == "__main__":
    main("--write" in sys.argv)
    if "--write" in sys.argv:
        patch_json()
