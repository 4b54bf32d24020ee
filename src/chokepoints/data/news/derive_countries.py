"""Derive ``countries.csv`` (names, capitals, demonyms) from mledoze/countries.

Usage::

    python derive_countries.py PATH/TO/countries.json > countries.csv

The input is ``countries.json`` of https://github.com/mledoze/countries (ODbL 1.0),
read at commit 5e9f370050f83ad2ba4cb885f75d66114badf72c (2026-04-27). Kept per
country: ISO 3166 alpha-3 code, English common name, capitals, English demonyms and
the alternative spellings written in plain ASCII letters (two-letter codes dropped).
"""

from __future__ import annotations

import csv
import json
import sys


def main(path: str) -> None:
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["iso3", "name", "official_name", "capitals", "demonyms", "alt_names"])
    for c in sorted(data, key=lambda c: c["cca3"]):
        dem = c.get("demonyms", {}).get("eng", {})
        demonyms = list(dict.fromkeys(d for d in (dem.get("m"), dem.get("f")) if d))
        alts = [
            a
            for a in c.get("altSpellings", [])
            if a.isascii() and len(a) > 2 and a != c["name"]["common"] and "," not in a
        ]
        out.writerow(
            [
                c["cca3"],
                c["name"]["common"],
                c["name"]["official"],
                ";".join(c.get("capital", [])),
                ";".join(demonyms),
                ";".join(alts),
            ]
        )


if __name__ == "__main__":
    main(sys.argv[1])
