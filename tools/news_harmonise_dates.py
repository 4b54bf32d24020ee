"""Harmonise three date conventions of the spent news splits' gold (fourteenth round of issue 13).

Three classes of gold dates contradicted each other across the spent splits, so no rule and
no learned date model could be right on both halves. Each is set to the reading of the
latest note in the corpus README that settles it (blind writers follow the later note
where two conflict, so unseen gold follows it too):

``release``
    A customs release with its own release-day phrase ("customs data showed on Friday",
    "figures released on Sunday showed") is dated at the release day: the ``blind9`` note,
    repeated by the ``blind11`` note ("a release-day phrase dates the
    ``trade_data_release``") and the ``blind15`` note ("dated by its release-day phrase").
    The first of the data month is kept for releases that give no release day (``blind11``
    note). Over the twenty-one spent splits 69 such events were dated at the release day
    and 3 (all ``blind16``) at the data month; the 3 are changed.
``grant``
    A licence grant that a remark reports as already made ("said on Thursday that it had
    approved a certain number of applications", "said on Tuesday that they had received
    general licences", "a certain number of applications have been approved") has no
    date: the remark's day does not date grants made earlier (``blind9`` note, repeated by
    the ``blind16`` note on "had approved a certain number of compliant applications" and
    by the ``blind17`` note on a firm's "said on Tuesday", where ``blind9`` was followed).
    The grant keeps a date only when the sentence gives the grant's own day ("On December 2
    China granted", "received ... at the start of December", "began granting in June").
    Of the spent gold events of this class 23 were undated and 15 dated (13 at the
    remark's day, 2 at the publication day of a translated remark); 14 are changed. A
    progressive remark ("said in early June that it was approving compliant
    applications", ``train2`` ``u028-may-magnets-data``) reports grants going on at the
    remark's time, not grants already made: it keeps its date (2025-06-01; its record was
    withdrawn and the date restored in the review after ``blind21``).
``month``
    A customs figure for one month without a release-day phrase ("exports rose to 6,150
    tonnes in November, customs data showed") is dated at the first of the data month:
    the ``blind11`` note ("with only the month of the data ... the first of that month"),
    later than the ``blind9`` note that left it undated, and the ``blind14`` note on ticker
    figures; a full year, two months together or "since January" give none. 11 spent
    events were dated so and 18 left undated (most written before the ``blind11`` note);
    the 18 are changed. This third class was found while counting the first.

The records below are fixed (split, article, event index, old date -> new date); the
tool checks the old value before it writes and never reads a split that is still held
out. ``python tools/news_harmonise_dates.py`` is a dry run, ``--write`` edits the
``.src`` line's date column and the same event's ``date`` in the expanded JSON (nothing
else is touched; the splits are not rebuilt), ``--check`` exits 1 unless every record
holds its new date in both files.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import NamedTuple

from chokepoints.atomic import write_text_atomic
from chokepoints.errors import DataError
from chokepoints.news.corpus import annotation_line, corpus_dir
from chokepoints.news.train import HELD_OUT_SPLITS


class Change(NamedTuple):
    """One gold event's date change: ``event`` is the index in the article's events."""

    cls: str
    split: str
    article: str
    event: int
    old: str | None
    new: str | None


#: The fixed record (found by reading every ``trade_data_release`` and ``license_issued``
#: event of the twenty-one spent splits; see the module docstring).
CHANGES: tuple[Change, ...] = (
    # customs release with a release-day phrase: data month -> release day (blind16 only)
    Change("release", "blind16", "p06-june-2025-magnet-data-note", 0, "2025-06-01", "2025-07-20"),
    Change("release", "blind16", "p37-may-2025-magnet-data-wire", 0, "2025-05-01", "2025-06-20"),
    Change("release", "blind16", "p38-july-2025-magnet-ticker", 0, "2025-07-01", "2025-08-20"),
    # licence grant reported by a later remark: remark's day -> no date
    Change("grant", "train", "t004-first-ga-licences", 0, "2023-09-21", None),
    Change("grant", "train", "t046-general-licence-wire", 0, "2025-12-04", None),
    Change("grant", "train2", "u054-general-licences-japan", 0, "2025-12-04", None),
    Change("grant", "train2", "u054-general-licences-japan", 1, "2025-12-01", None),
    Change("grant", "blind", "b16-licences-approved-june", 0, "2025-06-19", None),
    Change("grant", "blind2", "c24-approvals-translation", 1, "2025-06-07", None),
    Change("grant", "blind5", "p20-magnet-exports-may", 2, "2025-06-19", None),
    Change("grant", "blind7", "g10-magnet-exports-may", 2, "2025-06-19", None),
    Change("grant", "blind8", "h18-licence-approvals-korea", 0, "2025-06-19", None),
    Change("grant", "blind8", "h52-graphite-permits-brief", 0, "2023-12-01", None),
    Change("grant", "blind12", "l02-general-licence-briefing", 0, "2025-12-04", None),
    Change("grant", "blind12", "l02-general-licence-briefing", 1, "2025-12-02", None),
    Change("grant", "blind14", "m27-general-licences-trade-press", 0, "2025-12-02", None),
    Change("grant", "blind16", "p36-general-licences-brief", 0, "2025-12-02", None),
    # customs figure of one month without a release day: no date -> first of the data month
    Change("month", "train", "t087-december-rare-earths", 0, None, "2025-12-01"),
    Change("month", "train", "t089-japan-magnets-december", 0, None, "2025-12-01"),
    Change("month", "train", "t120-chinese-magnets-india", 0, None, "2025-06-01"),
    Change("month", "train2", "u051-japan-takaichi-newsletter", 3, None, "2025-10-01"),
    Change("month", "train2", "u089-japan-september-magnets", 0, None, "2025-09-01"),
    Change("month", "blind4", "f14-korea-magnet-imports", 0, None, "2025-09-01"),
    Change("month", "blind4", "f42-year-in-review-2023", 1, None, "2023-08-01"),
    Change("month", "blind5", "p34-seoul-magnet-imports", 0, None, "2025-09-01"),
    Change("month", "blind5", "p56-magnets-september-wire", 0, None, "2025-09-01"),
    Change("month", "blind5", "p60-tokyo-heavy-oxides", 1, None, "2025-12-01"),
    Change("month", "blind6", "f22-tokyo-full-year-data", 0, None, "2025-12-01"),
    Change("month", "blind6", "f38-korea-september-magnets", 0, None, "2025-09-01"),
    Change("month", "blind7", "g15-stockholm-digest", 3, None, "2025-06-01"),
    Change("month", "blind7", "g56-magnet-exports-november", 0, None, "2025-11-01"),
    Change("month", "blind9", "k14-newsletter-december", 0, None, "2025-11-01"),
    Change("month", "blind10", "a42-magnets-full-year", 1, None, "2025-05-01"),
    Change("month", "blind10", "a42-magnets-full-year", 2, None, "2025-11-01"),
    Change("month", "blind14", "m24-november-magnets", 0, None, "2025-11-01"),
)

#: Gold events of the ``grant`` class that were already undated (kept; for the count).
KEPT_UNDATED: tuple[tuple[str, str, int], ...] = (
    ("train2", "u069-mofcom-approvals-june", 0),
    ("train2", "u093-first-gallium-licences-qa", 0),
    ("blind2", "c03-gallium-data-zero", 1),
    ("blind3", "e27-mofcom-briefing-december", 1),
    ("blind4", "f53-digest-june-magnets", 1),
    ("blind6", "f32-mofcom-qa-approvals-june", 1),
    ("blind7", "g02-mofcom-presser-graphite", 2),
    ("blind9", "k02-mofcom-general-licences", 1),
    ("blind10", "a12-magnet-exports-may", 2),
    ("blind11", "k41-mofcom-approvals-june", 0),
    ("blind13", "m04-first-gallium-licences", 0),
    ("blind13", "m32-graphite-approvals-briefing", 0),
    ("blind13", "m33-graphite-korea-approvals", 0),
    ("blind14", "m11-mofcom-presser-june", 1),
    ("blind15", "q09-mofcom-general-licence-eu", 1),
    ("blind15", "q25-mofcom-june-approvals", 0),
    ("blind15", "q31-year-end-ticker", 2),
    ("blind16", "p15-mofcom-approvals-briefing", 0),
    ("blind16", "p37-may-2025-magnet-data-wire", 2),
    ("blind17", "q05-mofcom-approvals-briefing", 1),
    ("blind17", "q18-general-licences-trade-press", 0),
    ("blind18", "v21-mofcom-approvals-june", 1),
    ("blind18", "v25-electronics-press-general-licences", 0),
)


def _json_path(c: Change) -> Path:
    return corpus_dir() / c.split / f"{c.article}.json"


def _src_line(lines: list[str], c: Change) -> int:
    """Index in ``lines`` of the ``c.event``-th annotation line of ``c.article``."""
    try:
        return annotation_line(lines, c.article, c.event, source=f"{c.split}.src")
    except DataError as exc:
        raise SystemExit(str(exc)) from None


def _src_date(line: str) -> str | None:
    cols = [p.strip() for p in line[1:].split("|")]
    return cols[4] or None if len(cols) > 4 else None


def _with_date(line: str, new: str | None) -> str:
    cols = line[1:].split("|")
    cols[4] = f" {new} " if new else " "
    return ">" + "|".join(cols)


def state(c: Change) -> tuple[str | None, str | None]:
    """The event's date in the expanded JSON and in the ``.src`` line."""
    gold = json.loads(_json_path(c).read_text(encoding="utf-8"))
    lines = (corpus_dir() / f"{c.split}.src").read_text(encoding="utf-8").split("\n")
    return gold["events"][c.event]["date"], _src_date(lines[_src_line(lines, c)])


def main(argv: list[str]) -> int:
    write, check = "--write" in argv, "--check" in argv
    if HELD_OUT_SPLITS & {c.split for c in CHANGES}:
        raise SystemExit("a record names a held-out split")
    bad = 0
    for c in CHANGES:
        js, src = state(c)
        done = js == c.new and src == c.new
        print(
            f"{c.cls:8} {c.split:8} {c.article} #{c.event}: {c.old} -> {c.new}"
            f"{' (done)' if done else ''}"
        )
        if check:
            bad += not done
            continue
        if done:
            continue
        if js != c.old or src != c.old:
            raise SystemExit(f"  expected {c.old} in both files, found json {js}, src {src}")
        if write:
            path = _json_path(c)
            gold = json.loads(path.read_text(encoding="utf-8"))
            gold["events"][c.event]["date"] = c.new
            write_text_atomic(path, json.dumps(gold, indent=1, ensure_ascii=False) + "\n")
            src_path = corpus_dir() / f"{c.split}.src"
            lines = src_path.read_text(encoding="utf-8").split("\n")
            i = _src_line(lines, c)
            lines[i] = _with_date(lines[i], c.new)
            write_text_atomic(src_path, "\n".join(lines))
    for split, article, event in KEPT_UNDATED:
        gold = json.loads((corpus_dir() / split / f"{article}.json").read_text(encoding="utf-8"))
        ev = gold["events"][event]
        if ev["type"] != "license_issued" or ev["date"] is not None:
            print(f"kept event {split} {article} #{event} is not an undated licence")
            bad += 1
    n = {k: sum(c.cls == k for c in CHANGES) for k in ("release", "grant", "month")}
    print(
        f"{n['release']} release dates, {n['grant']} grant dates, {n['month']} data months; "
        f"{len(KEPT_UNDATED)} grants already undated"
    )
    if check and bad:
        print(f"{bad} records not in the gold")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
