"""Policy commands: ``chokepoints regime`` and ``chokepoints timeline``.

A thin skin over :class:`chokepoints.policy.timeline.Timeline`: parse options, call the
library, print tables, JSON or CSV to stdout; warnings go to stderr.

The library (pydantic models, numpy via the package) is imported inside the commands, so
registering them costs nothing when ``chokepoints --help`` or another command runs.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from chokepoints.limits import finite_option
from chokepoints.output import FORMAT_OPTION, OutputFormat, echo, rows_csv, rows_table, to_ndjson

if TYPE_CHECKING:
    from chokepoints.policy.timeline import Regime, Timeline

_TIMELINE_HELP = "Your timeline YAML: extends or overrides the bundled one (docs/policy.md)."


def _check_filters(
    tl: Timeline,
    issuer: str | None,
    element: str | None,
    kind: str | None,
    start: dt.date | None,
    end: dt.date | None,
) -> None:
    """Refuse filter values that can match nothing (a typo would print '(none)')."""
    from chokepoints.names import did_you_mean
    from chokepoints.policy.countries import is_country
    from chokepoints.policy.models import EVENT_KINDS, MEASURE_KINDS
    from chokepoints.world.vocabulary import ELEMENTS

    if issuer is not None:
        actors = {m.issuer for m in tl.measures} | {a for e in tl.events for a in e.actors}
        if issuer.upper() not in actors and not is_country(issuer.upper()):
            known = sorted(actors)
            raise typer.BadParameter(
                f"{issuer!r} is neither a country code nor an issuer or actor of the timeline "
                f"({did_you_mean(issuer.upper(), known)})",
                param_hint="--issuer",
            )
    if element is not None and element not in ELEMENTS:
        raise typer.BadParameter(
            f"{element!r} is not a rare-earth element symbol ({did_you_mean(element, ELEMENTS)})",
            param_hint="--element",
        )
    kinds = (*MEASURE_KINDS, *EVENT_KINDS)
    if kind is not None and kind not in kinds:
        raise typer.BadParameter(
            f"{kind!r} is not a measure or event kind ({did_you_mean(kind, kinds)})",
            param_hint="--kind",
        )
    if start is not None and end is not None and end < start:
        raise typer.BadParameter(f"--end {end} is before --start {start}", param_hint="--end")


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a date (expected YYYY-MM-DD)", param_hint=option
        ) from None


def _required_date(value: str, option: str) -> dt.date:
    day = _date(value, option)
    if day is None:  # typer marks the option required; this guards library callers
        raise typer.BadParameter("a date is required (YYYY-MM-DD)", param_hint=option)
    return day


def _country(value: str, option: str) -> str:
    """The ISO3 code for an option value; an unknown one raises NotFoundError with a hint."""
    from chokepoints.policy.countries import check_country

    return check_country(value, option)


def _load(timeline_file: Path | None, as_of: dt.date) -> Timeline:
    from chokepoints.policy.timeline import Timeline

    tl = Timeline.load(timeline_file)
    warning = tl.staleness_warning(min(as_of, dt.date.today()))
    if warning:
        typer.echo(warning, err=True)
    return tl


def _emit(
    rows: list[dict[str, Any]], fmt: OutputFormat, columns: list[str], table_columns: list[str]
) -> None:
    """``rows`` as JSON, NDJSON, CSV (``columns``) or a table (``table_columns``)."""
    if fmt == "json":
        typer.echo(json.dumps(rows, indent=2))
    elif fmt == "ndjson":
        echo(to_ndjson(rows))
    elif fmt == "csv":
        typer.echo(rows_csv(rows, columns))
    else:
        typer.echo(rows_table(rows, table_columns))


def _gate_line(r: Regime) -> str:
    g = r.gate
    text = f"gate: {g.kind}"
    if g.kind in ("licence", "quota"):
        text += (
            f" (approval probability {g.approval_probability:.2f}, mean review "
            f"{g.review_days_mean:.1f} calendar days, "
            f"{'/'.join(g.licence_types) or 'no licence'}"
        )
        if g.validity_days:
            text += f", validity {g.validity_days:.0f} calendar days"
        text += ")"
    if g.kind == "quota":
        text += f", quota {g.quota_t_per_day:.3f} t/day ({g.binding_quota})"
    if g.export_tax:
        text += f"; export tax {g.export_tax:.0%}"
    if g.tariff:
        text += f"; tariff {g.tariff:.0%}"
    if g.decided_by:
        text += f"; decided by {', '.join(g.decided_by)}"
    return text


def _gate_note(r: Regime) -> str | None:
    """The caveat on licence numbers, for gates that show them."""
    from chokepoints.policy.timeline import PARAMETERS_NOTE

    return f"note: {PARAMETERS_NOTE}" if r.gate.kind in ("licence", "quota") else None


_REGIME_COLUMNS = ["role", "id", "kind", "issuer", "start", "end", "reason", "status", "source"]


def _regime_rows(r: Regime) -> list[dict[str, Any]]:
    return [m.as_dict() for m in r.measures]


def register(app: typer.Typer) -> None:
    """Add ``regime`` and ``timeline`` to the root app."""

    @app.command("regime")
    def regime(
        date: str = typer.Option(..., "--date", help="Date YYYY-MM-DD."),
        product: str = typer.Option(
            ..., "--product", help="Product id, stage (magnet = all magnets), element (Dy) or glob."
        ),
        origin: str = typer.Option(..., "--from", help="Exporting country, ISO3 (CHN)."),
        destination: str = typer.Option(..., "--to", help="Importing country, ISO3 (USA)."),
        end_user: str | None = typer.Option(None, "--end-user", help="Named end user (firm)."),
        end_use: str | None = typer.Option(None, "--end-use", help="End use, e.g. military."),
        general_licence: bool = typer.Option(
            False,
            "--general-licence",
            help="The exporter holds a general licence for this customer.",
        ),
        china_content: float | None = typer.Option(
            None,
            "--china-content",
            min=0.0,
            max=1.0,
            callback=finite_option,
            help="Share 0-1 of China-origin controlled material (content rules) "
            "[default: the bundled world's share for the origin's node of the product].",
        ),
        timeline: Path | None = typer.Option(None, "--timeline", help=_TIMELINE_HELP),
        fmt: OutputFormat = FORMAT_OPTION,
    ) -> None:
        """Measures in force on a date for a product from one country to another, and the gate.

        Countries are ISO 3166-1 alpha-3 codes (or EU27, ROW); anything else is an error
        with a suggestion. Licence numbers shown are the timeline's nominal values from
        the cited sources, not the calibrated scenario values; review times are in
        calendar days. --format json always prints a list, one object per product.

        Example: chokepoints regime --date 2025-06-10 --product magnet:ndfeb_hre --from CHN --to USA
        """
        day = _required_date(date, "--date")
        origin_code = _country(origin, "--from")
        destination_code = _country(destination, "--to")
        tl = _load(timeline, day)
        results, assumed = _regimes_with_content(
            tl,
            day,
            product,
            origin_code,
            destination_code,
            china_content,
            end_user=end_user,
            end_use=end_use,
            general_licence=general_licence,
        )
        if fmt in ("json", "ndjson"):
            # Always a list (one object per product), even for a single product.
            payload = [
                {**r.as_dict(), "china_content_basis": assumed.get(r.flow.product)} for r in results
            ]
            echo(json.dumps(payload, indent=2) if fmt == "json" else to_ndjson(payload))
            return
        if fmt == "csv":
            rows = []
            for r in results:
                g = r.gate.as_dict()
                for m in _regime_rows(r) or [{}]:
                    rows.append(
                        {
                            "date": r.date.isoformat(),
                            "product": r.flow.product,
                            "origin": r.flow.origin,
                            "destination": r.flow.destination,
                            "gate": g["kind"],
                            "parameters_basis": g["parameters_basis"],
                            "approval_probability": g["approval_probability"],
                            "review_days_mean": g["review_days_mean"],
                            "review_days_unit": g["review_days_unit"],
                            "quota_t_per_day": g["quota_t_per_day"],
                            "export_tax": g["export_tax"],
                            "tariff": g["tariff"],
                            **{f"measure_{k}": m.get(k) for k in _REGIME_COLUMNS},
                        }
                    )
            cols = list(rows[0]) if rows else []
            typer.echo(rows_csv(rows, cols))
            return
        blocks = []
        for r in results:
            head = f"{r.flow.product}  {r.flow.origin} -> {r.flow.destination}  on {r.date.isoformat()}"
            note = _gate_note(r)
            lines = [head, _gate_line(r)] + ([note] if note else [])
            if r.flow.china_content_share is not None:
                basis = assumed.get(r.flow.product) or "given with --china-content"
                lines.append(f"china content: {100 * r.flow.china_content_share:.2f}% ({basis})")
            blocks.append("\n".join([*lines, rows_table(_regime_rows(r), _REGIME_COLUMNS)]))
        typer.echo("\n\n".join(blocks))

    def _regimes_with_content(
        tl: Any,
        day: dt.date,
        product: str,
        origin: str,
        destination: str,
        china_content: float | None,
        **kwargs: Any,
    ) -> tuple[list[Any], dict[str, str]]:
        """Regimes per product; without --china-content, the bundled world's share.

        Returns the regimes and, per product whose share was read from the world, the
        basis text shown with it.
        """
        from chokepoints.policy.timeline import resolve_products

        if china_content is not None:
            return tl.regimes(
                day, product, origin, destination, china_content_share=china_content, **kwargs
            ), {}
        from chokepoints.policy.flows import content_share_for
        from chokepoints.world import load_world

        world = load_world()
        results, assumed = [], {}
        for pid in resolve_products(product):
            share, node = content_share_for(world, tl, pid, origin)
            if share is not None:
                assumed[pid] = (
                    f"assumed by mass from the bundled world's recipes for {node}, t REO of "
                    "China-separated controlled oxide per t; set it with --china-content"
                )
            results.append(
                tl.regime(day, pid, origin, destination, china_content_share=share, **kwargs)
            )
        return results, assumed

    @app.command("timeline")
    def timeline_cmd(
        start: str | None = typer.Option(
            None, "--start", help="Only entries on or after YYYY-MM-DD."
        ),
        end: str | None = typer.Option(None, "--end", help="Only entries on or before YYYY-MM-DD."),
        issuer: str | None = typer.Option(
            None, "--issuer", help="Issuer ISO3 (measures) or actor (events)."
        ),
        element: str | None = typer.Option(None, "--element", help="Element symbol, e.g. Dy."),
        kind: str | None = typer.Option(
            None, "--kind", help="Measure kind (licence, ban ...) or event kind."
        ),
        upcoming: bool = typer.Option(
            False, "--upcoming", help="List what starts, lapses or is due for review after --after."
        ),
        after: str | None = typer.Option(
            None, "--after", help="With --upcoming: date, default today."
        ),
        timeline: Path | None = typer.Option(None, "--timeline", help=_TIMELINE_HELP),
        fmt: OutputFormat = FORMAT_OPTION,
    ) -> None:
        """List policy events and measures, or what is coming up.

        Example: chokepoints timeline --start 2025-10-01 --issuer CHN --element Dy
        Example: chokepoints timeline --upcoming --after 2026-06-01
        """
        today = dt.date.today()
        tl = _load(timeline, today)
        if upcoming:
            since = _date(after, "--after") or today
            items = [u.as_dict() for u in tl.upcoming(since)]
            cols = ["date", "change", "id", "title", "detail", "source"]
            _emit(items, fmt, cols, ["date", "change", "id", "detail"])
            return
        _check_filters(tl, issuer, element, kind, _date(start, "--start"), _date(end, "--end"))
        measures, events = tl.filter(
            start=_date(start, "--start"),
            end=_date(end, "--end"),
            issuer=issuer.upper() if issuer else None,
            element=element,
            kind=kind,
        )
        rows: list[dict[str, Any]] = []
        for e in events:
            rows.append(
                {
                    "date": e.date.isoformat(),
                    "end": e.end_date.isoformat() if e.end_date else None,
                    "type": "event",
                    "kind": e.kind,
                    "id": e.id,
                    "issuer": "+".join(e.actors),
                    "title": e.title,
                    "links": ",".join(e.links),
                    "approximate": e.approximate_dates,
                    "source": e.source,
                    "status": e.status,
                    "origin": e.origin,
                }
            )
        for m in measures:
            rows.append(
                {
                    "date": m.start.isoformat(),
                    "end": m.end.isoformat() if m.end else None,
                    "type": "measure",
                    "kind": m.kind,
                    "id": m.id,
                    "issuer": m.issuer,
                    "title": m.title,
                    "links": ",".join(m.suspends),
                    "approximate": m.approximate_dates,
                    "source": m.source,
                    "status": m.status,
                    "origin": m.origin,
                }
            )
        rows.sort(key=lambda r: (r["date"], r["type"], r["id"]))
        cols = [
            "date",
            "end",
            "type",
            "kind",
            "id",
            "issuer",
            "title",
            "links",
            "approximate",
            "source",
            "status",
            "origin",
        ]
        _emit(rows, fmt, cols, ["date", "end", "type", "kind", "id", "issuer", "origin"])
