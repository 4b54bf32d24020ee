"""Write src/chokepoints/data/SOURCES.md: an index naming every bundled data file.

Each folder under data/ has its own SOURCES.md with origin, date, units, licence and
status; this index lists the files per folder and points to it. Run after adding data:
``python tools/sources_index.py``; ``tests/test_sources_index.py`` fails if it is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "src" / "chokepoints" / "data"
EXTS = {".csv", ".parquet", ".json", ".yaml", ".yml", ".toml", ".txt"}

INTRO = """# Bundled data: index

Every data file shipped in this package, by folder. Each folder's own `SOURCES.md` gives
origin (address), publisher, date, units, licence and status (primary, secondary,
derived, estimated) for its files. `world/` is derived from `raw/` by
`build_world.py` (see docs/data.md). This index is written by `tools/sources_index.py`.
"""


def render() -> str:
    lines = [INTRO]
    folders = sorted({p.parent for p in DATA.rglob("*") if p.is_file() and p.suffix in EXTS})
    for folder in folders:
        rel = folder.relative_to(DATA)
        files = sorted(p.name for p in folder.iterdir() if p.is_file() and p.suffix in EXTS)
        ref = ""
        for up in [folder, *folder.parents]:
            if (up / "SOURCES.md").exists() and up != DATA:
                ref = f" (provenance: `{up.relative_to(DATA)}/SOURCES.md`)"
                break
            if up == DATA:
                break
        if rel.parts and rel.parts[0] == "world":
            ref = " (derived by `build_world.py` from `raw/`; sources in `world/sources.csv`)"
        lines.append(f"## `{rel}/`{ref}\n")
        lines += [f"- `{name}`" for name in files]
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    out = DATA / "SOURCES.md"
    text = render()
    if "--check" in sys.argv:
        sys.exit(0 if out.exists() and out.read_text(encoding="utf-8") == text else 1)
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out}")
