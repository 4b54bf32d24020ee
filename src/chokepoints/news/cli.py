"""``chokepoints news``: ingest articles, extract events, review and accept proposals."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import typer

from chokepoints.errors import DataError
from chokepoints.output import FORMAT_OPTION, OutputFormat, echo, rows_csv, rows_table, to_ndjson

_DB_HELP = (
    "Event store URL (SQLAlchemy); default $CHOKEPOINTS_NEWS_DB or ./chokepoints-news.sqlite."
)


def _date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a date (expected YYYY-MM-DD)", param_hint=option
        ) from None


def _figure_text(f: dict[str, Any]) -> str:
    """``-34.5 % Chinese exports`` for a decrease, ``+9.2 %`` for an increase."""
    sign = {"decrease": "-", "increase": "+"}.get(f.get("change") or "", "")
    return f"{sign}{f['value']:g} {f['unit']} {f['what']}".strip()


def _event_row(e: dict[str, Any]) -> dict[str, Any]:
    parties = e["actors"]
    return {
        "id": e.get("id"),
        "date": e["date"],
        "type": e["type"],
        "actors": "; ".join(
            a["name"] + (f" ({a['role']})" if a.get("role") else "") for a in parties
        ),
        "target": "; ".join(a["name"] for a in e["target"]),
        "commodities": "; ".join(e["commodities"]),
        "location": e["location"],
        "figures": "; ".join(_figure_text(f) for f in e["figures"]),
        "salience": e["salience"],
        "sources": len(e.get("sources", [])) or None,
        "evidence": e["evidence"],
    }


def _emit(rows: list[dict[str, Any]], columns: list[str], fmt: str, raw: Any) -> None:
    """``raw`` as JSON; its items (or ``rows``) as NDJSON; ``rows`` as CSV or a table."""
    if fmt == "json":
        typer.echo(json.dumps(raw, indent=2, ensure_ascii=False, default=str))
    elif fmt == "ndjson":
        echo(to_ndjson(raw if isinstance(raw, list) else rows))
    elif fmt == "csv":
        typer.echo(rows_csv(rows, columns))
    else:
        typer.echo(rows_table(rows, columns, max_width=60))


def register(app: typer.Typer) -> None:
    """Add the ``news`` command group to the root app."""
    news = typer.Typer(
        help="Turn news articles into dated, sourced policy events.", no_args_is_help=True
    )
    app.add_typer(news, name="news")

    @news.command("ingest")
    def ingest(
        paths: list[Path] = typer.Argument(..., help="Text, HTML, RSS/Atom or JSON Lines files."),
        published: str | None = typer.Option(
            None, "--published", help="Publication date YYYY-MM-DD when the file gives none."
        ),
        db: str | None = typer.Option(None, "--db", help=_DB_HELP),
        fmt: OutputFormat = FORMAT_OPTION,
    ) -> None:
        """Record each document once (by content hash) and store the events it reports.

        Example: chokepoints news ingest examples/news/london-talks-2025-06.txt
        """
        from chokepoints.news.ingest import extract_in_parts, read_documents
        from chokepoints.news.store import EventStore

        pub = _date(published, "--published")
        store = EventStore(db)
        rows = []
        for path in paths:
            for doc in read_documents(path, published=pub):
                if doc.published is None:
                    raise DataError(
                        "has no publication date in its metadata (pass --published YYYY-MM-DD)",
                        file=str(path),
                    )
                # Extract only new documents; the document and its events are then
                # stored in one transaction (a killed ingest leaves neither).
                known = store.has_document(doc)
                found = [] if known else extract_in_parts(doc.text, doc.published)
                doc_id, new, ids = store.ingest(doc, found)
                n = len(set(ids))
                rows.append(
                    {
                        "document": doc_id,
                        "path": str(path),
                        "title": doc.title,
                        "published": doc.published.isoformat(),
                        "status": "new" if new else "duplicate",
                        "events": n,
                    }
                )
        cols = ["document", "path", "title", "published", "status", "events"]
        _emit(rows, cols, fmt, rows)

    @news.command("extract")
    def extract(
        file: Path = typer.Argument(..., help="One article (text, HTML, feed or JSON Lines)."),
        published: str | None = typer.Option(
            None, "--published", help="Publication date YYYY-MM-DD (resolves 'on Tuesday')."
        ),
        fmt: OutputFormat = FORMAT_OPTION,
    ) -> None:
        """Print the events an article reports, without storing anything.

        Example: chokepoints news extract examples/news/london-talks-2025-06.txt --published 2025-06-10 --format json
        """
        from chokepoints.news.ingest import extract_in_parts, read_documents

        pub = _date(published, "--published")
        out: list[dict[str, Any]] = []
        for doc in read_documents(file, published=pub):
            when = pub or doc.published
            if when is None:
                raise DataError(
                    "has no publication date (pass --published YYYY-MM-DD)", file=str(file)
                )
            out.extend(e.as_dict() for e in extract_in_parts(doc.text, when))
        rows = [_event_row(e) for e in out]
        cols = [
            "date",
            "type",
            "actors",
            "target",
            "commodities",
            "location",
            "figures",
            "salience",
        ]
        _emit(rows, cols + (["evidence"] if fmt == "csv" else []), fmt, out)

    @news.command("events")
    def events(
        type: str | None = typer.Option(None, "--type", help="Only this event type."),
        since: str | None = typer.Option(None, "--since", help="From this date (YYYY-MM-DD)."),
        until: str | None = typer.Option(None, "--until", help="Up to this date (YYYY-MM-DD)."),
        actor: str | None = typer.Option(None, "--actor", help="Actor or target name or ISO3."),
        commodity: str | None = typer.Option(None, "--commodity", help="Commodity substring."),
        salience: str | None = typer.Option(None, "--salience", help="main or background."),
        db: str | None = typer.Option(None, "--db", help=_DB_HELP),
        fmt: OutputFormat = FORMAT_OPTION,
    ) -> None:
        """List stored events (merged across articles), with their number of sources.

        Example: chokepoints news events --type negotiation_round --since 2025-06-01
        """
        from chokepoints.news.schema import EVENT_TYPES
        from chokepoints.news.store import EventStore

        if salience is not None and salience not in ("main", "background"):
            raise typer.BadParameter(
                f"{salience!r} (expected main or background)", param_hint="--salience"
            )
        if type is not None and type not in EVENT_TYPES:
            raise typer.BadParameter(
                f"{type!r} (expected one of {', '.join(EVENT_TYPES)})", param_hint="--type"
            )
        found = EventStore(db).events(
            type=type,
            since=_date(since, "--since"),
            until=_date(until, "--until"),
            actor=actor,
            commodity=commodity,
            salience=salience,
        )
        cols = ["id", "date", "type", "actors", "target", "commodities", "figures", "sources"]
        _emit([_event_row(e) for e in found], cols, fmt, found)

    @news.command("propose")
    def propose_cmd(
        timeline: Path | None = typer.Option(
            None,
            "--timeline",
            help="User timeline YAML (to find the measures a suspension pauses).",
        ),
        db: str | None = typer.Option(None, "--db", help=_DB_HELP),
        fmt: OutputFormat = FORMAT_OPTION,
        show_all: bool = typer.Option(
            False, "--all", help="List every proposal, not only new ones."
        ),
    ) -> None:
        """Turn new control events into proposed timeline changes (nothing is applied).

        Example: chokepoints news propose --timeline my-timeline.yaml
        """
        from chokepoints.news.propose import propose
        from chokepoints.news.store import EventStore

        store = EventStore(db)
        created = propose(store, timeline)
        shown = store.proposals() if show_all else created
        rows = [
            {
                "id": p["id"],
                "event": p["event_id"],
                "status": p["status"] if p["patch"] else "not proposed",
                "action": p["action"],
                "date": p["date"],
                "entries": ", ".join(e["id"] for es in p["patch"].values() for e in es)
                or p.get("note", ""),
                "evidence": p["evidence"],
                "source": (p["sources"][0].get("url") or p["sources"][0].get("path"))
                if p["sources"]
                else None,
            }
            for p in shown
        ]
        cols = ["id", "event", "status", "action", "date", "entries", "evidence", "source"]
        _emit(rows, cols, fmt, shown)

    @news.command("accept")
    def accept(
        proposal_id: int = typer.Argument(..., help="Proposal id from `news propose`."),
        timeline: Path = typer.Option(..., "--timeline", help="User timeline YAML to change."),
        db: str | None = typer.Option(None, "--db", help=_DB_HELP),
    ) -> None:
        """Apply one reviewed proposal to the timeline file (validated, atomic write).

        Example: chokepoints news accept 3 --timeline my-timeline.yaml
        """
        from chokepoints.news.propose import accept_proposal
        from chokepoints.news.store import EventStore

        p = accept_proposal(EventStore(db), proposal_id, timeline)
        ids = ", ".join(e["id"] for es in p["patch"].values() for e in es)
        typer.echo(f"accepted proposal {proposal_id}: added {ids} to {timeline}")
        from chokepoints.news.feedback import decisions_enabled, record_decision

        if decisions_enabled():  # kept for retraining the learned classifier
            record_decision("accept", p["event_type"], p["evidence"], proposal=proposal_id)

    @news.command("reject")
    def reject(
        proposal_id: int = typer.Argument(..., help="Proposal id from `news propose`."),
        etype: str | None = typer.Option(
            None, "--type", help="The right event type (default: the sentence reports none)."
        ),
        db: str | None = typer.Option(None, "--db", help=_DB_HELP),
    ) -> None:
        """Record that a proposal's event is wrong (for retraining; the timeline is untouched).

        The decision is appended to ./chokepoints-news-decisions.jsonl (or
        $CHOKEPOINTS_NEWS_DECISIONS); python -m chokepoints.news.train reads it.

        Example: chokepoints news reject 3 --type export_control_expanded
        """
        from chokepoints.news.feedback import decisions_path, record_decision
        from chokepoints.news.store import EventStore

        p = EventStore(db).proposal(proposal_id)
        decision = "correct" if etype else "reject"
        record_decision(decision, p["event_type"], p["evidence"], label=etype, proposal=proposal_id)
        typer.echo(f"recorded {decision} of proposal {proposal_id} in {decisions_path()}")

    @news.command("evaluate")
    def evaluate_cmd(
        gold_dir: Path = typer.Argument(..., help="Directory of NAME.txt + NAME.json pairs."),
        fmt: OutputFormat = FORMAT_OPTION,
        learned: bool | None = typer.Option(
            None,
            "--learned/--rules-only",
            help="Combine the rules with the learned classifier, or not "
            "(default: the combination, unless $CHOKEPOINTS_NEWS_LEARNED is 0).",
        ),
    ) -> None:
        """Score extraction against annotated articles: precision, recall, F1 per field.

        Example: chokepoints news evaluate tests/news/gold --learned
        """
        from chokepoints.news.evaluate import evaluate

        scores = evaluate(gold_dir, learned=learned)
        rows = scores.rows()
        if fmt == "json":
            by_type = {
                k: {
                    "precision": round(c.precision, 3),
                    "recall": round(c.recall, 3),
                    "f1": round(c.f1, 3),
                }
                for k, c in sorted(scores.by_type.items())
            }
            _emit(
                rows, [], fmt, {"documents": scores.documents, "fields": rows, "by_type": by_type}
            )
        else:
            _emit(rows, ["field", "precision", "recall", "f1", "tp", "fp", "fn"], fmt, rows)
