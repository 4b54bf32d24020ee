"""A learned sentence classifier for event types, used next to the trigger rules.

The model is a linear classifier (multinomial logistic regression, fitted with
scikit-learn) over TF-IDF weighted features of each sentence: its normalised words,
pairs of adjacent words, and character 3- to 5-grams inside words. It sees each
sentence as normalised words (:func:`sentence_words`): the rules' answer first, lower
case, digits written as ``0``, and every gazetteer actor replaced by its kind
(``ACTOR_country``, ``ACTOR_person``...), so "Russia banned exports" and "China banned
exports" look alike. Labels are the ten event types plus ``none`` (a sentence that
reports no event).

It is trained in the repository from the project's corpus (plus the analysts' recorded
decisions, :mod:`chokepoints.news.feedback`) by ``python -m chokepoints.news.train``
(which needs scikit-learn) and shipped as ``chokepoints/data/news_model/``:
``event_type.npz`` (feature names, IDF weights, coefficients and intercepts) and
``event_type.json`` (labels, thresholds, what it was trained on). Prediction needs only
NumPy: the features are counted, weighted and scored here, so no pickled object is
loaded and nothing is downloaded at run time.

How it is combined with the rules (:func:`combine`): the rules decide first; the model
adds an event where the rules found none when it is confident (``add``), replaces the
rules' type when it is confident of another type (``switch``), and removes a rule event
when it is confident the sentence reports none (``drop``). The thresholds are chosen by
leave-one-split-out cross-validation (``bench/news_cv.py --grid``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datetime import date

from chokepoints.errors import DataError
from chokepoints.news.schema import EVENT_TYPES

#: Labels of the classifier: the event types, and ``none`` for sentences without one.
NONE = "none"
LABELS: tuple[str, ...] = (*EVENT_TYPES, NONE)
#: Character n-gram lengths (inside words, padded with a space as scikit-learn's
#: ``char_wb`` analyzer does).
CHAR_NGRAMS = (3, 5)
#: A feature must occur in this many training sentences to be kept.
MIN_DF = 2
#: Inverse regularisation strength of the logistic regression (chosen by
#: leave-one-split-out cross-validation; see ``bench/news_cv.py``). 8 since the fifteenth
#: round (4 before): over the twenty-six spent splits, in one run on the rules of e27db3e,
#: ``bench/news_recall_cv.py --variant 1.0:years 1.0:years:c=8`` gives pooled event F1
#: 0.739 -> 0.744 at the shipped thresholds (13 held-out splits up, 9 down), nested over
#: add 0.55 / 0.65 0.738 -> 0.745. 16 since the sixteenth round: over the thirty-one spent
#: splits, in one run on the rules of 8459d44 (``--variant 1.0:years:c=8 1.0:years:c=16``,
#: add 0.55 / 0.5 / 0.45), nested event F1 0.752 -> 0.754 (add 0.45 and 0.5 chosen in
#: every fold), at add 0.55 0.749 -> 0.751; blind24-28 pooled 0.749 -> 0.758.
C = 16.0
#: The rules' answer is written this many times, a prior the words must outweigh.
RULE_REPEAT = 5
MODEL_NAME = "event_type"
#: Groups of context features a model may use (see :func:`context_words`): ``prev``, the
#: rules' answer for the previous sentence; ``position``, the sentence's place in the
#: article (first, second, later); ``seen``, whether the rules already found the same
#: type in an earlier sentence; ``years``, whether the sentence names a year before the
#: publication year (or only the publication year); ``tense``, past-perfect and
#: look-back cues ("had", "since", "earlier this year"...); ``cues``, the rules' own
#: evidence whatever their final answer: every event type whose trigger pattern matches
#: the sentence (a near miss when the rules' checks then drop or retype it), and whether
#: it names a verb of speech, a policy noun, a figure or a look-back clause;
#: ``prevwords`` (seventeenth round), the previous sentence's normalised words (as
#: :func:`sentence_words` writes them, each once), so a wire report's "It added that ..."
#: or "The ministry said ..." after the sentence that names the measure carries its cue.
CONTEXT_GROUPS: tuple[str, ...] = (
    "prev",
    "position",
    "seen",
    "years",
    "tense",
    "cues",
    "prevwords",
)
#: Prefix of a context word; ``CTX_<group>_<value>``.
CTX = "CTX_"
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_LOOK_BACK = re.compile(
    r"\b(?:had|since|earlier this year|last year|previously|already|in place|"
    r"first (?:imposed|announced|introduced)|back in)\b",
    re.IGNORECASE,
)


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


def context_words(
    sents: list[Any],
    rule_types: list[str | None],
    published: date | None,
    groups: tuple[str, ...] = CONTEXT_GROUPS,
) -> list[list[str]]:
    """Context words of each sentence of one article, every group of
    :data:`CONTEXT_GROUPS` (a model keeps only the groups it was trained with).
    ``prevwords``, the one group that costs a second pass over the words, is built only
    when it is in ``groups`` (the extractor passes its model's groups).

    ``sents`` are the article's sentences as the extractor keeps them, in order, and
    ``rule_types`` the rules' answers for them. Each word is ``CTX_<group>_<value>``.

    Examples
    --------
    >>> context_words([], [], None)
    []
    """
    out: list[list[str]] = []
    seen: set[str] = set()
    for i, (sent, rule) in enumerate(zip(sents, rule_types, strict=True)):
        text = sent.text
        words = [f"{CTX}prev_{(rule_types[i - 1] or NONE) if i else 'START'}"]
        words.append(f"{CTX}position_{('first', 'second')[i] if i < 2 else 'later'}")
        if rule is not None:
            words.append(f"{CTX}seen_{'again' if rule in seen else 'new'}")
            seen.add(rule)
        if published is not None:
            years = {int(y) for y in _YEAR.findall(text)}
            if any(y < published.year for y in years):
                words.append(f"{CTX}years_before")
            elif years:
                words.append(f"{CTX}years_current")
        if _LOOK_BACK.search(text):
            words.append(f"{CTX}tense_lookback")
        words += cue_words(text)
        if i and "prevwords" in groups:
            before = (w for w in sentence_words(sents[i - 1]) if not w.startswith("RULE_"))
            words += [f"{CTX}prevwords_{w}" for w in dict.fromkeys(before)]
        out.append(words)
    return out


def cue_words(sentence: str) -> list[str]:
    """The ``cues`` context words of a sentence (see :data:`CONTEXT_GROUPS`).

    Examples
    --------
    >>> cue_words("Beijing said it would halt exports of gallium to the U.S.")
    ['CTX_cues_trig_export_control_imposed', 'CTX_cues_trig_statement', 'CTX_cues_policy']
    """
    from chokepoints.news.extract import (
        _BACKGROUND,
        _FIGURE_PATTERNS,
        _POLICY_WORDS,
        _plain,
        _rule_matches,
    )

    low = _plain(sentence)
    types = dict.fromkeys(t for t, m in _rule_matches(low) if m is not None)
    words = [f"{CTX}cues_trig_{t}" for t in types]
    if _POLICY_WORDS.search(low):
        words.append(f"{CTX}cues_policy")
    if any(p.search(sentence) for _, p in _FIGURE_PATTERNS):
        words.append(f"{CTX}cues_figure")
    if _BACKGROUND.search(sentence.lower()):
        words.append(f"{CTX}cues_background")
    return words


@dataclass
class Thresholds:
    """Probabilities above which the model overrides the rules (see :func:`combine`)."""

    add: float = 0.6
    switch: float = 0.8
    drop: float = 0.95
    #: A second event of the model's next likeliest type in the same sentence when that
    #: type is at least this likely (above 1: never; see :func:`second_type`).
    second: float = 1.01
    #: The drop threshold of a rule event of a given type, where it differs from ``drop``
    #: (eleventh round: ``statement`` 0.7, the remarks of unseen writers being the
    #: commonest rule events the model wrongly dropped).
    drop_by_type: dict[str, float] = field(default_factory=dict)

    def drop_for(self, rule_type: str) -> float:
        """The drop threshold of a rule event of ``rule_type``."""
        return self.drop_by_type.get(rule_type, self.drop)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "add": self.add,
            "switch": self.switch,
            "drop": self.drop,
            "second": self.second,
        }
        if self.drop_by_type:
            out["drop_by_type"] = dict(sorted(self.drop_by_type.items()))
        return out


#: Rule event types the model never drops. Empty since the ninth round: the three control
#: types were kept here before (a missed control is a proposal an analyst never sees),
#: but rule controls on background sentences ("weeks after China began requiring
#: licences ...") were then the largest class of false positives on the blind sets, and
#: leave-one-split-out CV over the twelve spent splits gives pooled event F1 0.718
#: keeping them and 0.725 letting the model drop them at the same ``drop`` threshold, with
#: ten of twelve held-out splits up or equal, ``train2`` (errors unread) 0.632 -> 0.648
#: (``bench/news_cv.py --protect-controls``; docs/benchmarks.md, "Ninth round").
NEVER_DROPPED: frozenset[str] = frozenset()


def combine(rule_type: str | None, probs: dict[str, float], t: Thresholds) -> str | None:
    """The event type of a sentence from the rules' answer and the model's probabilities.

    A rule event of a type in :data:`NEVER_DROPPED` (none since the ninth round) is
    never dropped.

    Examples
    --------
    >>> t = Thresholds(add=0.6, switch=0.8, drop=0.95)
    >>> combine(None, {"export_control_imposed": 0.7, "none": 0.3}, t)
    'export_control_imposed'
    >>> combine("export_control_imposed", {"export_control_expanded": 0.9}, t)
    'export_control_expanded'
    >>> combine("statement", {"none": 0.5, "statement": 0.5}, t)
    'statement'
    >>> combine("statement", {"none": 0.96, "statement": 0.04}, t)
    >>> t.drop_by_type = {"statement": 0.99}
    >>> combine("statement", {"none": 0.96, "statement": 0.04}, t)
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
        return None if p >= t.drop_for(rule_type) and rule_type not in NEVER_DROPPED else rule_type
    if best != rule_type and p >= t.switch:
        return best
    return rule_type


def second_type(chosen: str | None, probs: dict[str, float], t: Thresholds) -> str | None:
    """A second event type for a sentence already given ``chosen``: the likeliest other
    event type when its probability reaches ``t.second`` (None otherwise, and for a
    sentence with no event).

    Examples
    --------
    >>> t = Thresholds(second=0.3)
    >>> second_type("statement", {"statement": 0.5, "license_issued": 0.4, "none": 0.1}, t)
    'license_issued'
    >>> second_type("statement", {"statement": 0.8, "license_issued": 0.1, "none": 0.1}, t)
    >>> second_type(None, {"statement": 0.5, "none": 0.5}, t)
    """
    if chosen is None:
        return None
    others = {k: v for k, v in probs.items() if k not in {NONE, chosen}}
    if not others:
        return None
    best = max(others, key=lambda k: others[k])
    return best if others[best] >= t.second else None


def features(words: list[str], context: tuple[str, ...] = ()) -> list[str]:
    """The features of a sentence given as :func:`sentence_words` (plus, optionally, its
    :func:`context_words`): every word (``w=``), every pair of adjacent words (``b=``)
    and the character 3- to 5-grams of each lower-cased word padded with spaces
    (``c=``). A context word is one ``w=`` feature when its group is in ``context``,
    and is left out otherwise (so a model trained without context ignores it)."""
    keep = tuple(f"{CTX}{g}_" for g in context)
    ctx = [w for w in words if w.startswith(CTX)]
    words = [w for w in words if not w.startswith(CTX)]
    out = [f"w={w}" for w in ctx if w.startswith(keep)] if keep else []
    out += [f"w={w}" for w in words]
    out += [f"b={a} {b}" for a, b in zip(words, words[1:], strict=False)]
    lo, hi = CHAR_NGRAMS
    for word in words:
        padded = f" {word.lower()} "
        for n in range(lo, hi + 1):
            if len(padded) < n:
                break
            out += [f"c={padded[i : i + n]}" for i in range(len(padded) - n + 1)]
    return out


@dataclass
class EventTypeModel:
    """The trained classifier and its thresholds.

    Attributes
    ----------
    vocabulary : dict of str to int
        Feature name -> column.
    idf : numpy.ndarray
        Inverse document frequency of each column, shape (features,).
    coef : numpy.ndarray
        Weights, shape (labels, features), rows in :data:`LABELS` order.
    intercept : numpy.ndarray
        Shape (labels,).
    """

    vocabulary: dict[str, int]
    idf: Any
    coef: Any
    intercept: Any
    thresholds: Thresholds = field(default_factory=Thresholds)
    meta: dict[str, Any] = field(default_factory=dict)
    #: Context groups (:data:`CONTEXT_GROUPS`) the model was trained with.
    context: tuple[str, ...] = ()

    def _scores(self, words: list[str]) -> Any:
        """Label scores of one sentence: its TF-IDF row (sublinear term frequency,
        L2-normalised, as scikit-learn's ``TfidfVectorizer(sublinear_tf=True)``
        computes it) times the weights, plus the intercepts. Only the sentence's own
        columns are touched."""
        import numpy as np

        counts: dict[int, int] = {}
        for f in features(words, self.context):
            col = self.vocabulary.get(f)
            if col is not None:
                counts[col] = counts.get(col, 0) + 1
        if not counts:
            return np.asarray(self.intercept, dtype=float)
        cols = np.fromiter(counts, dtype=np.int64, count=len(counts))
        weight = 1.0 + np.log(np.fromiter(counts.values(), dtype=float, count=len(counts)))
        weight *= self.idf[cols]
        weight /= np.linalg.norm(weight)
        return weight @ self._weights_by_feature()[cols] + self.intercept

    def _weights_by_feature(self) -> Any:
        """The weights as a (features, labels) array, rows contiguous (cached)."""
        import numpy as np

        cached = self.__dict__.get("_by_feature")
        if cached is None or cached.shape != self.coef.T.shape:
            cached = np.ascontiguousarray(self.coef.T)
            self.__dict__["_by_feature"] = cached
        return cached

    def predict(self, sentences: list[list[str]]) -> list[dict[str, float]]:
        """Label probabilities for each sentence (given as :func:`sentence_words`)."""
        import numpy as np

        if not sentences:
            return []
        scores = np.array([self._scores(w) for w in sentences])
        scores -= scores.max(axis=1, keepdims=True)
        probs = np.exp(scores)
        probs /= probs.sum(axis=1, keepdims=True)
        return [{lab: float(p) for lab, p in zip(LABELS, row, strict=True)} for row in probs]

    def save(self, folder: Path) -> None:
        """Write ``event_type.npz`` and ``event_type.json`` into ``folder``."""
        import io

        import numpy as np

        from chokepoints.atomic import write_bytes_atomic, write_text_atomic

        folder.mkdir(parents=True, exist_ok=True)
        names = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        buf = io.BytesIO()
        np.savez_compressed(
            buf,
            features=np.array(names, dtype=str),
            idf=np.asarray(self.idf, dtype=np.float64),
            coef=np.asarray(self.coef, dtype=np.float32),
            intercept=np.asarray(self.intercept, dtype=np.float64),
        )
        write_bytes_atomic(folder / f"{MODEL_NAME}.npz", buf.getvalue())
        meta = {**self.meta, "labels": list(LABELS), "thresholds": self.thresholds.as_dict()}
        meta["context"] = list(self.context)
        meta["architecture"] = {
            "name": "logistic regression over TF-IDF words, word pairs and character n-grams",
            "char_ngrams": list(CHAR_NGRAMS),
            "min_df": MIN_DF,
            "features": len(names),
        }
        write_text_atomic(folder / f"{MODEL_NAME}.json", json.dumps(meta, indent=1) + "\n")

    @classmethod
    def load(cls, folder: Path) -> EventTypeModel:
        """Read a model written by :meth:`save`.

        Raises
        ------
        DataError
            If a file is missing or unreadable, or its labels differ from :data:`LABELS`.
        """
        import numpy as np

        meta_path = folder / f"{MODEL_NAME}.json"
        arrays_path = folder / f"{MODEL_NAME}.npz"
        for p in (meta_path, arrays_path):
            if not p.exists():
                raise DataError(
                    "is missing (train it with python -m chokepoints.news.train)", file=str(p)
                )
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise DataError(f"is not readable JSON ({exc})", file=str(meta_path)) from exc
        if not isinstance(meta, dict):
            raise DataError("holds no JSON object", file=str(meta_path))
        if tuple(meta.get("labels", ())) != LABELS:
            raise DataError(
                f"has labels {meta.get('labels')} (expected {list(LABELS)})",
                file=str(meta_path),
                field="labels",
            )
        try:
            with np.load(arrays_path, allow_pickle=False) as z:
                names, idf, coef, intercept = (z["features"], z["idf"], z["coef"], z["intercept"])
        except (OSError, ValueError, KeyError) as exc:
            raise DataError(
                f"is not a model written by EventTypeModel.save ({exc})", file=str(arrays_path)
            ) from exc
        if coef.shape != (len(LABELS), len(names)) or idf.shape != (len(names),):
            raise DataError(
                f"holds arrays of shapes {coef.shape} and {idf.shape} "
                f"(expected ({len(LABELS)}, {len(names)}) and ({len(names)},))",
                file=str(arrays_path),
                field="coef",
            )
        context = meta.get("context", [])  # a model saved before context features: none
        if not isinstance(context, list) or not set(context) <= set(CONTEXT_GROUPS):
            raise DataError(
                f"has context {context!r} (expected a list of groups among {list(CONTEXT_GROUPS)})",
                file=str(meta_path),
                field="context",
            )
        vocabulary = {str(n): i for i, n in enumerate(names)}
        model = cls(vocabulary, idf, coef.astype(np.float64), intercept)
        model.meta = meta
        model.context = tuple(str(g) for g in context)
        try:
            model.thresholds = Thresholds(**meta.get("thresholds", {}))
        except TypeError as exc:
            raise DataError(
                f"has thresholds {meta.get('thresholds')} (expected keys add, switch, drop)",
                file=str(meta_path),
                field="thresholds",
            ) from exc
        by_type = model.thresholds.drop_by_type
        if not isinstance(by_type, dict) or not all(
            k in EVENT_TYPES and isinstance(v, (int, float)) for k, v in by_type.items()
        ):
            raise DataError(
                f"has drop_by_type {by_type!r} (expected event type -> probability)",
                file=str(meta_path),
                field="thresholds.drop_by_type",
            )
        return model


@lru_cache(maxsize=1)
def packaged_model() -> EventTypeModel | None:
    """The shipped model, or None when it has not been trained (rules are used alone)."""
    folder = model_dir()
    if not (folder / f"{MODEL_NAME}.npz").exists():
        return None
    return EventTypeModel.load(folder)
