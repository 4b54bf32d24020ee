"""Score the news extractor ONCE on the second blind split (``news_corpus/blind2``).

Run ``python bench/score_news_blind2.py`` a single time, after the rules and the learned
classifier are final; it writes ``bench/news_blind2_first_run.json`` (raw counts and
scores for the rules alone and for the rules combined with the packaged classifier, and
for the combination with the thresholds shipped before the retraining, add 0.9) and
refuses to overwrite it. The split was committed (``blind2: ...``) before any extractor
run on it; this script is the first and only one.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from chokepoints.news.corpus import corpus_dir
from chokepoints.news.evaluate import Scores, evaluate
from chokepoints.news.learned import Thresholds, packaged_model

OUT = Path(__file__).resolve().parent / "news_blind2_first_run.json"


def _dump(scores: Scores) -> dict[str, Any]:
    return {
        "documents": scores.documents,
        "fields": scores.rows(),
        "by_type": {
            t: {"tp": c.tp, "fp": c.fp, "fn": c.fn, "f1": round(c.f1, 3)}
            for t, c in sorted(scores.by_type.items())
        },
    }


def main() -> None:
    if OUT.exists():
        sys.exit(f"{OUT} exists: the blind-2 split has been scored already")
    gold = corpus_dir() / "blind2"
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    model = packaged_model()
    assert model is not None
    shipped = model.thresholds
    result: dict[str, Any] = {
        "note": (
            "single blind scoring run of src/chokepoints/data/news_corpus/blind2 "
            f"({len(list(gold.glob('*.json')))} articles), {datetime.now(UTC).isoformat()}, "
            f"news code as of commit {commit}; the split was committed (message 'blind2: ...') "
            "before any extractor run on it"
        ),
        "system_commit": commit,
        "rules": _dump(evaluate(gold, learned=False)),
        "combined": _dump(evaluate(gold, learned=True, model=model)),
        "combined_thresholds": shipped.as_dict(),
    }
    model.thresholds = Thresholds(add=0.9, switch=1.01, drop=1.01)
    result["combined_add_0.9"] = _dump(evaluate(gold, learned=True, model=model))
    OUT.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    for key in ("rules", "combined", "combined_add_0.9"):
        rows = {r["field"]: r["f1"] for r in result[key]["fields"]}
        print(key, rows)


if __name__ == "__main__":
    main()
