"""Regenerate the schema sections of Markdown files: ``python -m chokepoints.tables FILE...``."""

from __future__ import annotations

import sys
from pathlib import Path

from chokepoints.atomic import atomic_path
from chokepoints.tables.schema import update_markdown


def main(argv: list[str]) -> int:
    """Rewrite each file's ``<!-- schema:<group> start/end -->`` sections; 1 if none given."""
    if not argv:
        print("usage: python -m chokepoints.tables FILE.md [FILE.md ...]", file=sys.stderr)
        return 1
    for name in argv:
        path = Path(name)
        text = path.read_text(encoding="utf-8")
        new = update_markdown(text)
        if new != text:
            with atomic_path(path) as tmp:
                Path(tmp).write_text(new, encoding="utf-8")
            print(f"updated {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
