"""The ``news`` CLI module imports no heavy library until a command runs."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("spacy", "sqlalchemy", "trafilatura", "feedparser", "pandas", "numpy", "yaml")


def test_importing_the_cli_module_stays_light() -> None:
    code = f"import sys, chokepoints.news.cli; print([m for m in {HEAVY!r} if m in sys.modules])"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
