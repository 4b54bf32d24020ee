"""Leave-one-split-out CV of the classifier's context features (issue 13).

Run ``python bench/news_context_cv.py [GROUP,GROUP ...]``. For each setting of context
groups (:data:`chokepoints.news.learned.CONTEXT_GROUPS`; default: none, each group
alone, all together) and each development split (every split present but a blind split
not yet scored), a classifier is trained on the other splits with those groups and the
held-out split is extracted with the rules combined with it under the shipped
thresholds. Prints event F1 per held-out split and pooled (Markdown).
"""

from __future__ import annotations

import sys
import time

from chokepoints.news.corpus import SPLITS as CORPUS_SPLITS
from chokepoints.news.learned import CONTEXT_GROUPS, packaged_model
from chokepoints.news.train import HELD_OUT_SPLITS, load_split, sentence_examples, train_model

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from news_cv import _f1, _pool, _score  # noqa: E402

SPLITS = tuple(s for s in CORPUS_SPLITS if s not in HELD_OUT_SPLITS)


def main() -> None:
    start = time.perf_counter()
    if len(sys.argv) > 1:
        settings = [tuple(g for g in a.split(",") if g) for a in sys.argv[1:]]
    else:
        settings = [(), *((g,) for g in CONTEXT_GROUPS), CONTEXT_GROUPS]
    data = {s: load_split(s) for s in SPLITS}
    examples = {s: sentence_examples(data[s]) for s in SPLITS}
    shipped = packaged_model()
    assert shipped is not None
    print("| context groups | " + " | ".join(SPLITS) + " | pooled |")
    print("|---" * (len(SPLITS) + 2) + "|")
    for ctx in settings:
        folds = {}
        for held in SPLITS:
            rest = [e for s in SPLITS if s != held for e in examples[s]]
            model = train_model(rest, context=ctx)
            model.thresholds = shipped.thresholds
            folds[held] = _score(data[held], model, True)
        cells = " | ".join(f"{_f1(folds[s]):.3f}" for s in SPLITS)
        print(f"| {'+'.join(ctx) or 'none'} | {cells} | {_f1(_pool(list(folds.values()))):.3f} |")
        sys.stdout.flush()
    print(f"\n({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
