"""A learned sentence classifier for event types, used next to the trigger rules.

The model is a spaCy ``textcat`` component with the bag-of-n-grams architecture
(``spacy.TextCatBOW.v3``: a linear model over hashed words, one softmax
over the labels). It sees each sentence as normalised words: lower case, digits written
as ``0``, and every gazetteer actor replaced by its kind (``ACTOR_country``,
``ACTOR_person``...), so "Russia banned exports" and "China banned exports" look alike.
Labels are the ten event types plus ``none`` (a sentence that reports no event).

It is trained in the repository from the ``train`` split of the project's corpus (plus
the analysts' recorded decisions, :mod:`chokepoints.news.feedback`) by
``python -m chokepoints.news.train`` and shipped as ``chokepoints/data/news_model/``
(``event_type.bin``, the spaCy bytes, and ``event_type.json``: labels, thresholds and
what it was trained on). Nothing is downloaded at run time.

How it is combined with the rules (:func:`combine`): the rules decide first; the model
adds an event where the rules found none when it is confident (``add``), replaces the
rules' type when it is confident of another type (``switch``), and removes a rule event
when it is confident the sentence reports none (``drop``). The thresholds are chosen by
cross-validation on the train split (``python -m chokepoints.news.train --tune``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from chokepoints.errors import DataError
from chokepoints.news.schema import EVENT_TYPES

#: Labels of the classifier: the event types, and ``none`` for sentences without one.
NONE = "none"
LABELS: tuple[str, ...] = (*EVENT_TYPES, NONE)
#: Size of the hashed n-gram table (small file, few collisions for a corpus this size).
HASH_LENGTH = 2**14
#: Unigrams only: with a few hundred training sentences, bigrams mostly add noise
#: (5-fold CV on the train split: sentence accuracy 0.69 with bigrams, 0.74 without).
NGRAM_SIZE = 1
#: The rules' answer is written this many times, a prior the words must outweigh.
RULE_REPEAT = 5
MODEL_NAME = "event_type"


def model_dir() -> Path:
    """The packaged model folder."""
    return Path(__file__).resolve().parent.parent / "data" / "news_model"


def sentence_words(sent: Any, rule_type: str | None = None) -> list[str]:
    """Normalised words of a spaCy sentence span from the extractor's pipeline.

    The first words are the rules' answer (``RULE_<type>`` or ``RULE_none``, repeated
    :data:`RULE_REPEAT` times), so the model learns when to trust the rules; actor mentions (entities of the gazetteer ruler)
    become one ``ACTOR_<kind>`` word; other tokens are lower-cased with digits replaced
    by ``0``; spaces are dropped.
    """
    from chokepoints.news.gazetteer import ACTORS

    words: list[str] = [f"RULE_{rule_type or NONE}"] * RULE_REPEAT
    doc = sent.doc
    i = sent.start
    ents = {e.start: e for e in sent.ents if e.label_ == "ACTOR"}
    while i < sent.end:
        ent = ents.get(i)
        if ent is not None:
            words.append("ACTOR_" + ACTORS[int(ent.ent_id_)].kind)
            i = ent.end
            continue
        tok = doc[i]
        if not tok.is_space:
            words.append("".join("0" if c.isdigit() else c for c in tok.lower_))
        i += 1
    return words


@dataclass
class Thresholds:
    """Probabilities above which the model overrides the rules (see :func:`combine`)."""

    add: float = 0.6
    switch: float = 0.8
    drop: float = 0.95

    def as_dict(self) -> dict[str, float]:
        return {"add": self.add, "switch": self.switch, "drop": self.drop}


def combine(rule_type: str | None, probs: dict[str, float], t: Thresholds) -> str | None:
    """The event type of a sentence from the rules' answer and the model's probabilities.

    Examples
    --------
    >>> t = Thresholds(add=0.6, switch=0.8, drop=0.95)
    >>> combine(None, {"export_control_imposed": 0.7, "none": 0.3}, t)
    'export_control_imposed'
    >>> combine("export_control_imposed", {"export_control_expanded": 0.9}, t)
    'export_control_expanded'
    >>> combine("statement", {"none": 0.5, "statement": 0.5}, t)
    'statement'
    """
    best = max(probs, key=lambda k: probs[k]) if probs else NONE
    p = probs.get(best, 0.0)
    if rule_type is None:
        # Add an event when the chance of "some event" is high; its type is the likeliest.
        events = {k: v for k, v in probs.items() if k != NONE}
        if not events or 1.0 - probs.get(NONE, 0.0) < t.add:
            return None
        return max(events, key=lambda k: events[k])
    if best == NONE:
        return None if p >= t.drop else rule_type
    if best != rule_type and p >= t.switch:
        return best
    return rule_type


@dataclass
class EventTypeModel:
    """The trained classifier and its thresholds."""

    nlp: Any
    thresholds: Thresholds = field(default_factory=Thresholds)
    meta: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def blank(cls) -> EventTypeModel:
        """An untrained model with the labels and architecture of the shipped one."""
        import spacy

        nlp = spacy.blank("en")
        textcat = nlp.add_pipe(
            "textcat",
            config={
                "model": {
                    "@architectures": "spacy.TextCatBOW.v3",
                    "exclusive_classes": True,
                    "ngram_size": NGRAM_SIZE,
                    "no_output_layer": False,
                    "length": HASH_LENGTH,
                }
            },
        )
        for label in LABELS:
            textcat.add_label(label)  # type: ignore[attr-defined]
        return cls(nlp)

    def docs(self, sentences: list[list[str]]) -> list[Any]:
        from spacy.tokens import Doc

        return [Doc(self.nlp.vocab, words=w) for w in sentences]

    def predict(self, sentences: list[list[str]]) -> list[dict[str, float]]:
        """Label probabilities for each sentence (given as :func:`sentence_words`)."""
        if not sentences:
            return []
        textcat = self.nlp.get_pipe("textcat")
        return [dict(d.cats) for d in textcat.pipe(self.docs(sentences), batch_size=256)]

    def save(self, folder: Path) -> None:
        """Write ``event_type.bin`` and ``event_type.json`` into ``folder``."""
        from chokepoints.atomic import write_text_atomic

        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{MODEL_NAME}.bin.tmp"
        tmp.write_bytes(self.nlp.get_pipe("textcat").to_bytes())
        tmp.replace(folder / f"{MODEL_NAME}.bin")
        meta = {**self.meta, "labels": list(LABELS), "thresholds": self.thresholds.as_dict()}
        meta["architecture"] = {"name": "spacy.TextCatBOW.v3", "ngram_size": NGRAM_SIZE}
        meta["architecture"]["hash_length"] = HASH_LENGTH
        write_text_atomic(folder / f"{MODEL_NAME}.json", json.dumps(meta, indent=1) + "\n")

    @classmethod
    def load(cls, folder: Path) -> EventTypeModel:
        """Read a model written by :meth:`save`.

        Raises
        ------
        DataError
            If a file is missing or its labels differ from :data:`LABELS`.
        """
        meta_path = folder / f"{MODEL_NAME}.json"
        bin_path = folder / f"{MODEL_NAME}.bin"
        for p in (meta_path, bin_path):
            if not p.exists():
                raise DataError(
                    "is missing (train it with python -m chokepoints.news.train)", file=str(p)
                )
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if tuple(meta.get("labels", ())) != LABELS:
            raise DataError(
                f"has labels {meta.get('labels')} (expected {list(LABELS)})",
                file=str(meta_path),
                field="labels",
            )
        model = cls.blank()
        model.nlp.get_pipe("textcat").from_bytes(bin_path.read_bytes())
        model.meta = meta
        model.thresholds = Thresholds(**meta.get("thresholds", {}))
        return model


@lru_cache(maxsize=1)
def packaged_model() -> EventTypeModel | None:
    """The shipped model, or None when it has not been trained (rules are used alone)."""
    folder = model_dir()
    if not (folder / f"{MODEL_NAME}.bin").exists():
        return None
    return EventTypeModel.load(folder)
