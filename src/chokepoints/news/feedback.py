"""Analysts' decisions on extracted events, kept for retraining the learned classifier.

Each decision is one JSON line in a decisions file (``./chokepoints-news-decisions.jsonl``
unless ``$CHOKEPOINTS_NEWS_DECISIONS`` names another)::

    {"decided_at": "2026-01-05T10:00:00", "decision": "accept", "type": "export_control_imposed",
     "label": "export_control_imposed", "evidence": "...", "source": "...", "proposal": 3}

``decision`` is ``accept`` (the event and its type are right), ``reject`` (the sentence
reports no event: label ``none``) or ``correct`` (the right type is ``label``).
``news accept`` records an ``accept`` (when the variable is set or the default file
exists); ``news reject ID [--type T]`` records a ``reject`` or ``correct``. ``python -m chokepoints.news.train`` reads the file and adds
each decided sentence, with its label, to the training data.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from chokepoints.errors import DataError
from chokepoints.news.learned import LABELS, NONE

DECISIONS = ("accept", "reject", "correct")
DEFAULT_FILE = "chokepoints-news-decisions.jsonl"


def decisions_path(path: str | Path | None = None) -> Path:
    """The decisions file: ``path``, else ``$CHOKEPOINTS_NEWS_DECISIONS``, else the default."""
    return Path(path or os.environ.get("CHOKEPOINTS_NEWS_DECISIONS") or DEFAULT_FILE)


def decisions_enabled() -> bool:
    """Whether ``news accept`` records decisions: ``$CHOKEPOINTS_NEWS_DECISIONS`` is set or
    the default file exists in the working folder (``news reject`` always records)."""
    return bool(os.environ.get("CHOKEPOINTS_NEWS_DECISIONS")) or Path(DEFAULT_FILE).exists()


def record_decision(
    decision: str,
    event_type: str,
    evidence: str,
    *,
    label: str | None = None,
    source: str | None = None,
    proposal: int | None = None,
    path: str | Path | None = None,
) -> dict[str, Any]:
    """Append one decision to the decisions file and return it.

    Raises
    ------
    DataError
        If ``decision`` or ``label`` is not one of the known values.
    """
    if decision not in DECISIONS:
        raise DataError(
            f"unknown decision {decision!r} (expected one of {list(DECISIONS)})",
            field="decision",
        )
    if decision == "accept":
        label = event_type
    elif decision == "reject":
        label = NONE
    if label not in LABELS:
        raise DataError(f"unknown type {label!r} (expected one of {list(LABELS)})", field="type")
    row = {
        "decided_at": datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="seconds"),
        "decision": decision,
        "type": event_type,
        "label": label,
        "evidence": evidence,
        "source": source,
        "proposal": proposal,
    }
    target = decisions_path(path)
    with target.open("a", encoding="utf-8") as fh:  # one line per write: appends stay whole
        fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return row


def read_decisions(path: str | Path | None = None) -> list[dict[str, Any]]:
    """All decisions of a file ([] when it does not exist).

    Raises
    ------
    DataError
        Naming the file and line of a row that is not a JSON object with ``evidence``
        and a known ``label``.
    """
    target = decisions_path(path)
    if not target.exists():
        return []
    rows = []
    for no, line in enumerate(target.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataError(f"is not JSON ({exc.msg})", file=str(target), row=no) from None
        if not isinstance(row, dict) or not row.get("evidence"):
            raise DataError("has no evidence", file=str(target), row=no, field="evidence")
        if row.get("label") not in LABELS:
            raise DataError(
                f"has label {row.get('label')!r} (expected one of {list(LABELS)})",
                file=str(target),
                row=no,
                field="label",
            )
        rows.append(row)
    return rows
