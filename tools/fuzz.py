"""Replay a corpus of bad inputs through the CLI and count the outcomes.

Every case in ``tools/fuzz_corpus/cases.jsonl`` is one bad input (a world CSV with NaN
in it, a YAML alias bomb, ``--runs 0``...) with the command that reads it. Each case is
run in a forked child of this process (the package is imported once, so a case costs
milliseconds, not an interpreter start) with a wall-clock timeout and an address-space
cap (``resource.setrlimit(RLIMIT_AS)``), through Typer's ``CliRunner`` and the real root
command group, and classified:

``clear error``
    exit code 1 or 2 with a message starting ``Error:`` (or Click's usage error) and no
    traceback;
``traceback``
    an exception other than ``SystemExit`` escaped, or the child died (a signal, memory);
``accepted``
    exit code 0 for an input that should have been refused (silently accepted), or a
    file written outside the case's folder (a path escape);
``hang``
    the child did not finish within the timeout and was killed.

A few cases are valid-but-odd inputs (``expect: ok``): they count as ``ok`` when they
exit 0 without the strings listed in ``forbid`` and ``wrong`` otherwise.

Usage::

    python tools/fuzz.py build                  # (re)write tools/fuzz_corpus/cases.jsonl
    python tools/fuzz.py run                    # replay, print counts and failures
    python tools/fuzz.py run --markdown         # also the table for docs/benchmarks.md
    python tools/fuzz.py run --only world-      # cases whose id starts with a prefix

The corpus is built from the bundled world, the supplier-map template and bundled YAML
files with one defect each, so it follows the schema as it changes; ``build`` is
deterministic.
"""

from __future__ import annotations

import argparse
import base64
import csv
import io
import json
import os
import resource
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "fuzz_corpus" / "cases.jsonl"
OUTCOMES = ("clear error", "traceback", "accepted", "hang", "ok", "wrong")

# ----------------------------------------------------------------------------- building


def _data(*parts: str) -> Path:
    return Path(str(resources.files("chokepoints.data").joinpath(*parts)))


def _csv_rows(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


BINARY = bytes(range(256)) * 4
LATIN1 = "name: caf\xe9 d\xe9j\xe0 vu\n".encode("latin-1")


def _laughs(levels: int = 12) -> str:
    text = 'l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
    for i in range(1, levels):
        text += f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]\n"
    return text


def _deep(levels: int = 20000) -> str:
    return "a: " + "[" * levels + "]" * levels + "\n"


XML_BOMB = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
    + "".join(
        f'<!ENTITY lol{i} "' + f"&lol{i - 1 if i > 1 else ''};" * 10 + '">\n' for i in range(1, 10)
    )
    + "]>\n<rss><channel><item><title>&lol9;</title><description>x</description>"
    "</item></channel></rss>\n"
)


class Builder:
    """Collects cases; one method per input surface."""

    def __init__(self) -> None:
        self.cases: list[dict[str, Any]] = []
        self.ids: set[str] = set()

    def add(self, case_id: str, surface: str, argv: list[str], **kw: Any) -> None:
        if case_id in self.ids:
            raise ValueError(f"duplicate case id {case_id}")
        self.ids.add(case_id)
        case = {"id": case_id, "surface": surface, "argv": argv}
        case.update({k: v for k, v in kw.items() if v is not None})
        self.cases.append(case)

    # -- world -----------------------------------------------------------------------
    def world(self) -> None:
        folder = _data("world")
        summary = ["world", "summary", "--world", "{world}"]
        numeric = {
            "nodes.csv": ["production_t_per_yr", "capacity_t_per_yr", "inventory_days"],
            "flows.csv": ["quantity_t_per_yr", "lead_time_days"],
            "recipes.csv": ["input_per_output", "substitution_penalty"],
        }
        optional_nan = {"nodes.csv": ["price_usd_per_t"], "flows.csv": ["value_usd_per_yr"]}
        rows = {name: _csv_rows(folder / name) for name in ("nodes.csv", "flows.csv")}
        chn_node = next(i for i, r in enumerate(rows["nodes.csv"][1:], 1) if r[0] == "CHN:ore")
        chn_flow = next(i for i, r in enumerate(rows["flows.csv"][1:], 1) if r[0].startswith("CHN"))
        row_of = {"nodes.csv": chn_node, "flows.csv": chn_flow, "recipes.csv": 1}
        bad_numbers = ["nan", "NaN", "inf", "-inf", "-1", "abc", "1e400", "0x10"]
        for name, cols in numeric.items():
            for col in cols:
                for value in bad_numbers:
                    tag = value.replace("-", "neg").replace(".", "p")
                    self.add(
                        f"world-{name[:-4]}-{col}-{tag}",
                        "world CSV",
                        summary,
                        world=[{"file": name, "set": [row_of[name], col, value]}],
                    )
        for name, cols in optional_nan.items():
            for col in cols:
                for value in ("inf", "-1", "abc"):
                    tag = value.replace("-", "neg")
                    self.add(
                        f"world-{name[:-4]}-{col}-{tag}",
                        "world CSV",
                        summary,
                        world=[{"file": name, "set": [row_of[name], col, value]}],
                    )
        for value in ("1e9", "100000"):
            self.add(
                f"world-flows-lead_time_days-{value}",
                "world CSV",
                ["run", "{scenario}", "--runs", "1", "--no-write"],
                world=[{"file": "flows.csv", "set": [chn_flow, "lead_time_days", value]}],
                files={"scenario.yaml": {"text": "name: fuzz\nextends: status-quo\n"
                                         "world: world\nruns: 1\n"}},
            )  # fmt: skip
        required_text = {
            "nodes.csv": ["node_id", "country", "product_id", "production_t_per_yr"],
            "flows.csv": ["supplier_node", "customer_node", "quantity_t_per_yr"],
            "recipes.csv": ["output_product_id", "input_per_output"],
        }
        for name, cols in required_text.items():
            for col in cols:
                self.add(
                    f"world-{name[:-4]}-{col}-empty",
                    "world CSV",
                    summary,
                    world=[{"file": name, "set": [row_of[name], col, ""]}],
                )
        refs = [
            ("flows.csv", chn_flow, "supplier_node", "XXX:ore"),
            ("flows.csv", chn_flow, "customer_node", "NARNIA:oxide:Dy"),
            ("flows.csv", chn_flow, "product_id", "oxide:Unobtainium"),
            ("nodes.csv", chn_node, "country", "NARNIA"),
            ("nodes.csv", chn_node, "product_id", "oxide:Unobtainium"),
            ("nodes.csv", chn_node, "status", "guessed"),
            ("recipes.csv", 1, "input_product_id", "oxide:Unobtainium"),
            ("products.csv", 1, "stage", "plasma"),
            ("countries.csv", 1, "iso3", "CHN"),
            ("nodes.csv", chn_node, "source", "no_such_source"),
        ]
        for name, row, col, value in refs:
            self.add(
                f"world-{name[:-4]}-{col}-{value.replace(':', '_')}",
                "world CSV",
                summary,
                world=[{"file": name, "set": [row, col, value]}],
            )
        self.add(
            "world-nodes-duplicate-row",
            "world CSV",
            summary,
            world=[{"file": "nodes.csv", "duplicate_row": chn_node}],
        )
        for name in ("nodes.csv", "flows.csv", "products.csv", "recipes.csv", "countries.csv",
                     "sources.csv"):  # fmt: skip
            stem = name[:-4]
            first_col = _csv_rows(folder / name)[0][0]
            second_col = _csv_rows(folder / name)[0][1]
            structural: list[tuple[str, dict[str, Any]]] = [
                ("header-only", {"file": name, "header_only": True}),
                ("missing", {"file": name, "delete": True}),
                ("folder", {"file": name, "replace": {"dir": True}}),
                ("fifo", {"file": name, "replace": {"fifo": True}}),
                ("devzero", {"file": name, "replace": {"symlink": "/dev/zero"}}),
                ("binary", {"file": name, "replace": {"b64": _b64(BINARY)}}),
                ("latin1", {"file": name, "replace": {"b64": _b64(LATIN1)}}),
                ("empty", {"file": name, "replace": {"text": ""}}),
                ("dup-header", {"file": name, "rename": [second_col, first_col]}),
                ("no-key-column", {"file": name, "drop": first_col}),
                ("ragged-row", {"file": name, "append": "a,b"}),
            ]
            for tag, mutation in structural:
                self.add(f"world-{stem}-{tag}", "world CSV", summary, world=[mutation])
        self.add(
            "world-all-zero",
            "world CSV",
            summary,
            world=[
                {"file": "nodes.csv", "zero": "production_t_per_yr"},
                {"file": "nodes.csv", "zero": "capacity_t_per_yr"},
                {"file": "flows.csv", "zero": "quantity_t_per_yr"},
            ],
        )
        self.add(
            "world-all-zero-exposure",
            "world CSV",
            ["exposure", "--importer", "USA", "--product", "magnet", "--world", "{world}"],
            world=[
                {"file": "nodes.csv", "zero": "production_t_per_yr"},
                {"file": "flows.csv", "zero": "quantity_t_per_yr"},
            ],
        )
        self.add(
            "world-header-only-whatif",
            "world CSV",
            ["whatif", "--remove", "CHN", "--stage", "oxide", "--world", "{world}"],
            world=[{"file": n, "header_only": True} for n in ("nodes.csv", "flows.csv")],
        )
        self.add(
            "world-nan-exposure",
            "world CSV",
            ["exposure", "--importer", "USA", "--product", "magnet", "--world", "{world}"],
            world=[{"file": "nodes.csv", "set": [chn_node, "production_t_per_yr", "nan"]}],
        )
        # meta.json
        metas = {
            "invalid-json": "{not json",
            "list": "[1, 2, 3]",
            "string": '"hello"',
            "null": "null",
            "deep": "[" * 100000 + "]" * 100000,
        }
        for tag, text in metas.items():
            self.add(
                f"meta-{tag}",
                "meta.json",
                summary,
                world=[{"file": "meta.json", "replace": {"text": text}}],
            )
        self.add(  # valid but odd: a number where a string is usual is shown as text
            "meta-version-number",
            "meta.json",
            summary,
            world=[{"file": "meta.json", "replace": {"text": '{"data_version": 5}'}}],
            expect="ok",
        )
        for tag, rep in (
            ("binary", {"b64": _b64(BINARY)}),
            ("folder", {"dir": True}),
            ("fifo", {"fifo": True}),
            ("devzero", {"symlink": "/dev/zero"}),
        ):
            self.add(
                f"meta-{tag}",
                "meta.json",
                summary,
                world=[{"file": "meta.json", "replace": rep}],
            )
        self.add("world-folder-missing", "world CSV", ["world", "summary", "--world", "{tmp}/nope"])
        self.add(
            "world-folder-is-file",
            "world CSV",
            ["world", "summary", "--world", "{tmp}/w.csv"],
            files={"w.csv": {"text": "a,b\n1,2\n"}},
        )

    # -- supplier maps ---------------------------------------------------------------
    def suppliers(self) -> None:
        check = ["suppliers", "check", "{map}"]
        numeric = {
            "bom.csv": ["quantity"],
            "contents.csv": ["quantity"],
            "inventory.csv": ["quantity"],
            "lines.csv": ["output_per_day"],
            "links.csv": ["share", "lead_time_days"],
        }
        for name, cols in numeric.items():
            for col in cols:
                for value in ("nan", "inf", "-inf", "-1", "abc"):
                    tag = value.replace("-", "neg")
                    self.add(
                        f"map-{name[:-4]}-{col}-{tag}",
                        "supplier CSV",
                        check,
                        map=[{"file": name, "set": [1, col, value]}],
                    )
        for name, col in (("parts.csv", "unit_cost_usd"), ("lines.csv", "value_usd_per_unit"),
                          ("links.csv", "volume")):  # fmt: skip
            for value in ("inf", "-1", "abc"):
                self.add(
                    f"map-{name[:-4]}-{col}-{value.replace('-', 'neg')}",
                    "supplier CSV",
                    check,
                    map=[{"file": name, "set": [1, col, value]}],
                )
        self.add(
            "map-links-share-2",
            "supplier CSV",
            check,
            map=[{"file": "links.csv", "set": [1, "share", "2"]}],
        )
        for value in ("1e9", "100000"):
            self.add(
                f"map-links-lead_time_days-{value}-run",
                "supplier CSV",
                ["suppliers", "run", "{map}", "--scenario", "ban", "--runs", "1"],
                map=[{"file": "links.csv", "set": [2, "lead_time_days", value]}],
            )
        refs = [
            ("sites.csv", 1, "country", "NARNIA"),
            ("parts.csv", 2, "world_product", "oxide:Unobtainium"),
            ("contents.csv", 1, "element", "Xx"),
            ("links.csv", 1, "supplier_site", "NOWHERE"),
            ("links.csv", 1, "part_id", "NO-PART"),
            ("bom.csv", 1, "child_part", "CAR-EV"),
            ("lines.csv", 1, "site_id", "NOWHERE"),
            ("inventory.csv", 1, "unit", "fortnights"),
            ("links.csv", 1, "customer_site", "MOT-DE"),
        ]
        for name, row, col, value in refs:
            self.add(
                f"map-{name[:-4]}-{col}-{value}",
                "supplier CSV",
                check,
                map=[{"file": name, "set": [row, col, value]}],
            )
        for name in ("sites.csv", "parts.csv", "lines.csv", "bom.csv", "links.csv",
                     "contents.csv", "inventory.csv"):  # fmt: skip
            stem = name[:-4]
            header = _csv_rows(self._template() / name)[0]
            structural: list[tuple[str, dict[str, Any]]] = [
                ("folder", {"file": name, "replace": {"dir": True}}),
                ("fifo", {"file": name, "replace": {"fifo": True}}),
                ("devzero", {"file": name, "replace": {"symlink": "/dev/zero"}}),
                ("binary", {"file": name, "replace": {"b64": _b64(BINARY)}}),
                ("latin1", {"file": name, "replace": {"b64": _b64(LATIN1)}}),
                ("dup-header", {"file": name, "rename": [header[1], header[0]]}),
            ]
            if name in ("sites.csv", "parts.csv", "lines.csv", "links.csv"):
                structural.append(("header-only", {"file": name, "header_only": True}))
                structural.append(("missing", {"file": name, "delete": True}))
            for tag, mutation in structural:
                # valid but odd: with no links of its own, a map's suppliers are inferred
                # from the world (parts name their world_product)
                odd = name == "links.csv" and tag == "header-only"
                self.add(f"map-{stem}-{tag}", "supplier CSV", check, map=[mutation],
                         expect="ok" if odd else None)  # fmt: skip
        self.add("map-missing", "supplier CSV", ["suppliers", "check", "{tmp}/nope"])
        self.add(
            "map-is-csv-file",
            "supplier CSV",
            ["suppliers", "check", "{tmp}/links.csv"],
            files={"links.csv": {"text": "a,b\n1,2\n"}},
        )
        # XLSX workbooks built from the template at replay time
        xcheck = ["suppliers", "check", "{xlsx}"]
        xlsx_cases: dict[str, list[dict[str, Any]]] = {
            "dup-share-header": [{"sheet": "links", "rename": ["volume", "share"]}],
            "formula-share": [{"sheet": "links", "set": [1, "share", "=1/2"]}],
            "formula-bom": [{"sheet": "bom", "set": [1, "quantity", "=A1*2"]}],
            "text-number": [{"sheet": "bom", "set": [1, "quantity", "lots"]}],
            "nan-number": [{"sheet": "contents", "set": [1, "quantity", "nan"]}],
            "inf-number": [{"sheet": "inventory", "set": [1, "quantity", "inf"]}],
            "missing-sheet": [{"sheet": "links", "delete": True}],
            "header-only-links": [{"sheet": "links", "header_only": True}],
            "unknown-country": [{"sheet": "sites", "set": [1, "country", "NARNIA"]}],
            "error-cell": [{"sheet": "links", "set": [1, "share", "#DIV/0!"]}],
        }
        for tag, muts in xlsx_cases.items():
            odd = tag == "header-only-links"  # as map-links-header-only: valid, inferred
            self.add(f"xlsx-{tag}", "supplier XLSX", xcheck, xlsx=muts,
                     expect="ok" if odd else None)  # fmt: skip
        self.add(
            "xlsx-garbage",
            "supplier XLSX",
            ["suppliers", "check", "{tmp}/map.xlsx"],
            files={"map.xlsx": {"b64": _b64(BINARY)}},
        )
        self.add(
            "xlsx-empty-file",
            "supplier XLSX",
            ["suppliers", "check", "{tmp}/map.xlsx"],
            files={"map.xlsx": {"text": ""}},
        )
        self.add(
            "xlsx-folder",
            "supplier XLSX",
            ["suppliers", "check", "{tmp}/map.xlsx"],
            files={"map.xlsx": {"dir": True}},
        )

    def _template(self) -> Path:
        if not hasattr(self, "_tpl"):
            from chokepoints.suppliers.io import write_template

            tmp = Path(tempfile.mkdtemp(prefix="fuzz-tpl-"))
            write_template(tmp / "map")
            self._tpl = tmp / "map"
        return self._tpl

    # -- scenario YAML ---------------------------------------------------------------
    def scenarios(self) -> None:
        base = "name: fuzz\nextends: status-quo\nruns: 2\n"
        check = ["scenario", "check", "{tmp}/s.yaml"]
        run = ["run", "{tmp}/s.yaml", "--runs", "2", "--no-write"]
        texts = {
            "alias-bomb": base + _laughs(),
            "deep": base + _deep(),
            "dup-key": base + "runs: 3\n",
            "list-top": "- name: fuzz\n",
            "string-top": "just words\n",
            "runs-true": base.replace("runs: 2", "runs: true"),
            "runs-0": base.replace("runs: 2", "runs: 0"),
            "runs-neg": base.replace("runs: 2", "runs: -1"),
            "runs-float": base.replace("runs: 2", "runs: 2.5"),
            "runs-huge": base.replace("runs: 2", "runs: 1000000000"),
            "runs-string": base.replace("runs: 2", "runs: many"),
            "horizon-0": base + "horizon_days: 0\n",
            "horizon-huge": base + "horizon_days: 100000000\n",
            "horizon-neg": base + "horizon_days: -5\n",
            "horizon-nan": base + "horizon_days: .nan\n",
            "spinup-huge": base + "spin_up_days: 100000000\n",
            "seed-neg": base + "seed: -1\n",
            "seed-text": base + "seed: abc\n",
            "start-bad": base + "start: 2025-13-45\n",
            "start-number": base + "start: 20251301\n",
            "name-empty": base.replace("name: fuzz", "name: ''"),
            "unknown-key": base + "horizn_days: 30\n",
            "world-missing": base + "world: no/such/folder\n",
            "world-number": base + "world: 5\n",
            "inventory-nan": base + "assumptions:\n  inventory_days: {magnet: .nan}\n",
            "inventory-inf": base + "assumptions:\n  inventory_days: {magnet: .inf}\n",
            "inventory-stage": base + "assumptions:\n  inventory_days: {plasma: 3}\n",
            "inventory-country": base
            + "assumptions:\n  inventory_days_by_country: {NARNIA: {magnet: 3}}\n",
            "demand-nan": base + "assumptions:\n  demand_factor: .nan\n",
            "tau-inf": base + "assumptions:\n  restoration_tau_days: .inf\n",
            "overprod-nan": base + "assumptions:\n  overproduction_max: .nan\n",
            "qualification-huge": base + "assumptions:\n  qualification_days: 1000000000000\n",
            "override-unknown-measure": base
            + "overrides:\n  - {action: suspend, date: 2026-12-01, measures: [no-such-measure]}\n",
            "override-destination": base
            + "overrides:\n  - {action: change, date: 2026-12-01, measures: [cn-mofcom-2025-18],"
            " approval_probability: 0.5, destinations: [NARNIA]}\n",
            "override-prob-2": base
            + "overrides:\n  - {action: change, date: 2026-12-01, measures: [cn-mofcom-2025-18],"
            " approval_probability: 2}\n",
            "override-prob-nan": base
            + "overrides:\n  - {action: change, date: 2026-12-01, measures: [cn-mofcom-2025-18],"
            " approval_probability: .nan}\n",
            "override-review-nan": base
            + "overrides:\n  - {action: change, date: 2026-12-01, measures: [cn-mofcom-2025-18],"
            " review_days: .nan}\n",
            "override-review-inf": base
            + "overrides:\n  - {action: change, date: 2026-12-01, measures: [cn-mofcom-2025-18],"
            " review_days: .inf}\n",
            "override-add-bad": base
            + "overrides:\n  - {action: add, date: 2026-12-01, entry: {id: x, kind: ban}}\n",
            "override-add-issuer": base
            + "overrides:\n  - action: add\n    date: 2026-12-01\n    entry: {id: x, kind: ban,"
            " issuer: XXX, title: t, start: 2026-12-01, coverage: {elements: [Dy]}}\n",
            "override-not-list": base + "overrides: {action: suspend}\n",
            "parameters-missing": base
            + "overrides:\n  - {action: change, date: 2026-12-01, measures: [cn-mofcom-2025-18],"
            " approval_probability: '${nope}'}\n",
            "parameters-nan": base + "parameters: {p: .nan}\n",
            "extends-missing": "name: fuzz\nextends: no-such-scenario\n",
            "extends-self": "name: fuzz\nextends: s.yaml\n",
            "extends-number": "name: fuzz\nextends: 7\n",
            "cutoff-bad": base + "timeline: {cutoff: someday}\n",
            "user-file-missing": base + "timeline: {cutoff: 2026-11-09, user_file: nope.yaml}\n",
            "tabs": "name: fuzz\n\truns: 2\n",
            "unclosed": base + "assumptions: {inventory_days: [1, 2\n",
            "python-tag": base + "x: !!python/object/apply:os.system ['echo pwned']\n",
            "two-docs": base + "---\nname: other\n",
        }
        for tag, text in texts.items():
            self.add(f"scenario-{tag}", "scenario YAML", check, files={"s.yaml": {"text": text}})
        for tag in ("runs-huge", "horizon-huge", "inventory-nan", "world-missing"):
            self.add(f"scenario-run-{tag}", "scenario YAML", run,
                     files={"s.yaml": {"text": texts[tag]}})  # fmt: skip
        self.add(
            "scenario-run-runs-100000",
            "scenario YAML",
            ["run", "{tmp}/s.yaml", "--no-write"],
            files={"s.yaml": {"text": base.replace("runs: 2", "runs: 100000")}},
        )
        for tag, rep in (
            ("binary", {"b64": _b64(BINARY)}),
            ("latin1", {"b64": _b64(LATIN1)}),
            ("folder", {"dir": True}),
            ("fifo", {"fifo": True}),
            ("devzero", {"symlink": "/dev/zero"}),
            ("empty", {"text": ""}),
        ):
            self.add(f"scenario-{tag}", "scenario YAML", check, files={"s.yaml": rep})
        self.add(
            "scenario-extends-binary",
            "scenario YAML",
            check,
            files={
                "s.yaml": {"text": "name: fuzz\nextends: b.yaml\n"},
                "b.yaml": {"b64": _b64(BINARY)},
            },
        )
        self.add(
            "scenario-user-timeline-bomb",
            "scenario YAML",
            check,
            files={
                "s.yaml": {"text": base + "timeline: {cutoff: 2026-11-09, user_file: t.yaml}\n"},
                "t.yaml": {"text": _laughs()},
            },
        )
        # names that would write outside the results folder (run without --out)
        for tag, name in (("dotdot", "../../escaped"), ("absolute", "{tmp}/abs-escaped"),
                          ("slash", "a/b/c"), ("dot", "..")):  # fmt: skip
            self.add(
                f"scenario-name-{tag}",
                "scenario YAML",
                ["run", "{tmp}/s.yaml", "--runs", "1"],
                files={"s.yaml": {"text": base.replace("name: fuzz", f"name: '{name}'")}},
                escape=True,
            )
        self.add(
            "scenario-world-relative",
            "scenario YAML",
            ["scenario", "check", "{tmp}/sub/s.yaml"],
            files={"sub/s.yaml": {"text": base + "world: ../w\n"}},
            world_at="w",
            expect="ok",
        )
        self.add("scenario-unknown-name", "scenario YAML", ["run", "no-such-scenario"])
        self.add("scenario-check-unknown", "scenario YAML", ["scenario", "check", "nope.yaml"])

    # -- market YAML -----------------------------------------------------------------
    def markets(self) -> None:
        text = _data("market", "markets", "dysprosium-oxide.yaml").read_text(encoding="utf-8")
        text += "new:\n  licences:\n    - {exporter: CHN, importer: '*', approved_share: 0.26}\n"
        argv = ["market", "--input", "{tmp}/m.yaml"]
        subs = {
            "substitution-nan": ("substitution: 5.0", "substitution: .nan"),
            "substitution-inf": ("substitution: 5.0", "substitution: .inf"),
            "substitution-neg": ("substitution: 5.0", "substitution: -5.0"),
            "substitution-text": ("substitution: 5.0", "substitution: high"),
            "demand-nan": ("{CHN: -1.25, default: -1.21}", "{CHN: .nan, default: -1.21}"),
            "demand-pos": ("{CHN: -1.25, default: -1.21}", "{CHN: 1.25, default: -1.21}"),
            "demand-zero": ("{CHN: -1.25, default: -1.21}", "{CHN: 0, default: 0}"),
            "demand-inf": ("{CHN: -1.25, default: -1.21}", "{CHN: -.inf, default: -1.21}"),
            "supply-nan": ("export_supply: {CHN: .inf, default: 1.5}",
                           "export_supply: {CHN: .nan, default: 1.5}"),
            "supply-neg": ("export_supply: {CHN: .inf, default: 1.5}",
                           "export_supply: {CHN: -1, default: 1.5}"),
            "supply-region": ("export_supply: {CHN: .inf, default: 1.5}",
                              "export_supply: {NARNIA: .inf, default: 1.5}"),
            "baseline-nan": ("CHN: [310.80, 38.81", "CHN: [.nan, 38.81"),
            "baseline-inf": ("CHN: [310.80, 38.81", "CHN: [.inf, 38.81"),
            "baseline-neg": ("CHN: [310.80, 38.81", "CHN: [-310.80, 38.81"),
            "baseline-short": ("CHN: [310.80, 38.81, 11.65, 12.74, 40.40]", "CHN: [310.80]"),
            "baseline-text": ("CHN: [310.80, 38.81", "CHN: [lots, 38.81"),
            "baseline-all-zero": ("CHN: [310.80, 38.81, 11.65, 12.74, 40.40]",
                                  "CHN: [0, 0, 0, 0, 0]"),
            "regions-dup": ("regions: [CHN, EUR, USA, JPN, ROW]", "regions: [CHN, CHN, USA, JPN, ROW]"),
            "regions-empty": ("regions: [CHN, EUR, USA, JPN, ROW]", "regions: []"),
            "regions-string": ("regions: [CHN, EUR, USA, JPN, ROW]", "regions: CHN"),
            "share-2": ("approved_share: 0.26}", "approved_share: 2}"),
            "share-neg": ("approved_share: 0.26}", "approved_share: -0.5}"),
            "share-nan": ("approved_share: 0.26}", "approved_share: .nan}"),
            "exporter-unknown": ("{exporter: CHN, importer: '*'", "{exporter: NARNIA, importer: '*'"),
            "unknown-key": ("name: dysprosium-oxide", "name: dysprosium-oxide\nnaem: x"),
            "dup-key": ("name: dysprosium-oxide", "name: dysprosium-oxide\nname: again"),
            "tariff-nan": ("new:\n  licences:", "new:\n  import_tariffs:\n    - {exporter: CHN,"
                           " importer: USA, rate: .nan}\n  licences:"),
            "tariff-inf": ("new:\n  licences:", "new:\n  import_tariffs:\n    - {exporter: CHN,"
                           " importer: USA, rate: .inf}\n  licences:"),
            "tax-neg": ("new:\n  licences:", "new:\n  export_taxes:\n    - {exporter: CHN,"
                        " importer: USA, rate: -2}\n  licences:"),
        }  # fmt: skip
        for tag, (old, new) in subs.items():
            if old not in text:
                raise ValueError(f"market case {tag}: {old!r} not in the bundled file")
            self.add(f"market-{tag}", "market YAML", argv,
                     files={"m.yaml": {"text": text.replace(old, new, 1)}})  # fmt: skip
        # valid but odd: a zero approved share is a ban and must solve
        self.add("market-share-zero", "market YAML", argv, expect="ok",
                 files={"m.yaml": {"text": text.replace("approved_share: 0.26}",
                                                        "approved_share: 0}")}})  # fmt: skip
        raw_cases: dict[str, dict[str, Any]] = {
            "alias-bomb": {"text": "name: m\n" + _laughs()},
            "deep": {"text": "name: m\n" + _deep()},
            "list-top": {"text": "- 1\n- 2\n"},
            "empty": {"text": ""},
            "binary": {"b64": _b64(BINARY)},
            "latin1": {"b64": _b64(LATIN1)},
            "folder": {"dir": True},
            "fifo": {"fifo": True},
            "devzero": {"symlink": "/dev/zero"},
            "products-empty": {"text": "products: []\n"},
            "products-not-list": {"text": "products: {a: 1}\n"},
        }
        for tag, rep in raw_cases.items():
            self.add(f"market-{tag}", "market YAML", argv, files={"m.yaml": rep})
        self.add("market-input-missing", "market YAML", ["market", "--input", "{tmp}/none.yaml"])
        for tag, spec in (("nan", "composite_demand=nan"), ("text", "substitution=abc"),
                          ("unknown", "bogus=1"), ("noeq", "substitution"),
                          ("region", "export_supply.NARNIA=2")):  # fmt: skip
            self.add(
                f"market-elasticity-{tag}",
                "CLI options",
                ["market", "april-2025-licensing", "--product", "dysprosium-oxide",
                 "--elasticity", spec],
            )  # fmt: skip
        self.add("market-product-unknown", "CLI options",
                 ["market", "april-2025-licensing", "--product", "unobtainium-oxide"])  # fmt: skip
        self.add("market-scenario-unknown", "CLI options",
                 ["market", "no-such-case", "--product", "dysprosium-oxide"])  # fmt: skip

    # -- timeline YAML ---------------------------------------------------------------
    def timelines(self) -> None:
        argv = ["timeline", "--timeline", "{tmp}/t.yaml"]
        measure = (
            "measures:\n  - id: my-ban\n    title: t\n    kind: ban\n    issuer: {issuer}\n"
            "    coverage: {{elements: [{element}], stages: [magnet]}}\n"
            "    announced: 2026-01-01\n    start: {start}\n"
        )

        def m(issuer: str = "CHN", element: str = "Dy", start: str = "2026-01-01") -> str:
            return measure.format(issuer=issuer, element=element, start=start)

        susp = (
            "measures:\n  - id: s1\n    title: t\n    kind: suspension\n    issuer: CHN\n"
            "    suspends: [{a}]\n    announced: 2026-01-01\n    start: 2026-01-01\n"
            "  - id: s2\n    title: t\n    kind: suspension\n    issuer: CHN\n"
            "    suspends: [{b}]\n    announced: 2026-01-01\n    start: 2026-01-01\n"
        )
        texts = {
            "alias-bomb": _laughs(),
            "deep": _deep(),
            "dup-key": "measures: []\nmeasures: []\n",
            "list-top": "- 1\n",
            "issuer-unknown": m(issuer="XXX"),
            "element-unknown": m(element="Xx"),
            "element-product": m(element="oxide:Unobtainium"),
            "start-bad": m(start="2026-02-30"),
            "suspends-self": susp.format(a="s1", b="cn-mofcom-2025-18"),
            "suspends-each-other": susp.format(a="s2", b="s1"),
            "suspends-unknown": susp.format(a="no-such", b="cn-mofcom-2025-18"),
            "measures-not-list": "measures: {id: x}\n",
            "unknown-section": "measurse: []\n",
            "entry-not-mapping": "measures:\n  - just a string\n",
            "unknown-field": m() + "    colour: red\n",
            "duplicate-id": m() + m().replace("measures:\n", ""),
            "override-unknown-id-end": "measures:\n  - id: no-such-id\n    end: 2027-01-01\n",
            "end-before-start": m() + "    end: 2025-01-01\n",
            "prob-2": m().replace("kind: ban", "kind: licence")
            + "    parameters: {approval_probability: 2}\n",
            "prob-nan": m().replace("kind: ban", "kind: licence")
            + "    parameters: {approval_probability: .nan}\n",
            "review-nan": m().replace("kind: ban", "kind: licence")
            + "    parameters: {review_time: {mean_days: .nan}}\n",
            "stage-unknown": m().replace("stages: [magnet]", "stages: [plasma]"),
        }
        for tag, text in texts.items():
            self.add(f"timeline-{tag}", "timeline YAML", argv, files={"t.yaml": {"text": text}})
        for tag, rep in (
            ("binary", {"b64": _b64(BINARY)}),
            ("latin1", {"b64": _b64(LATIN1)}),
            ("folder", {"dir": True}),
            ("fifo", {"fifo": True}),
            ("devzero", {"symlink": "/dev/zero"}),
        ):
            self.add(f"timeline-{tag}", "timeline YAML", argv, files={"t.yaml": rep})
        self.add("timeline-missing", "timeline YAML", argv)
        self.add(
            "timeline-regime-bomb",
            "timeline YAML",
            ["regime", "--date", "2026-01-01", "--product", "magnet", "--from", "CHN", "--to",
             "USA", "--timeline", "{tmp}/t.yaml"],
            files={"t.yaml": {"text": _laughs()}},
        )  # fmt: skip

    # -- news files ------------------------------------------------------------------
    def news(self) -> None:
        files: dict[str, dict[str, Any]] = {
            "binary.txt": {"b64": _b64(BINARY)},
            "latin1.txt": {"b64": _b64("Pékin a annoncé des contrôles\n".encode("latin-1"))},
            "folder.txt": {"dir": True},
            "fifo.txt": {"fifo": True},
            "devzero.txt": {"symlink": "/dev/zero"},
            "bad.jsonl": {"text": '{"title": "x"\n'},
            "list.jsonl": {"text": "[1, 2]\n"},
            "number.jsonl": {"text": "5\n"},
            "nan.jsonl": {"text": '{"title": "x", "text": NaN}\n'},
            "broken.xml": {"text": "<rss><channel><item><title>x</title></channel>"},
            "bomb.xml": {"text": XML_BOMB},
            "external.xml": {"text": '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM '
                             '"file:///etc/passwd">]>\n<rss><channel><item><title>&x;</title>'
                             "</item></channel></rss>\n"},
            "broken.html": {"text": "<html><body><p>China <b>bans</p></html"},
            "huge-line.txt": {"text": "China " * 200000 + "\n"},
            "deep.json": {"text": "[" * 100000 + "]" * 100000 + "\n"},
        }  # fmt: skip
        # valid but odd: feeds are parsed leniently on purpose (real feeds are often
        # malformed) and external entities are never resolved: no events, no file read
        lenient = {"broken.xml": [], "external.xml": ["root:"]}
        for name, rep in files.items():
            tag = name.replace(".", "-")
            kw: dict[str, Any] = {"files": {name: rep}}
            if name in lenient:
                kw.update(expect="ok", forbid=lenient[name])
            self.add(f"news-extract-{tag}", "news file", ["news", "extract", "{tmp}/" + name],
                     **kw)  # fmt: skip
            self.add(
                f"news-ingest-{tag}",
                "news file",
                ["news", "ingest", "{tmp}/" + name, "--db", "sqlite:///{tmp}/n.sqlite"],
                **kw,
            )
        self.add("news-extract-missing", "news file", ["news", "extract", "{tmp}/none.txt"])
        ok = {"a.txt": {"text": "China announced export controls on dysprosium on 4 April 2025.\n"}}
        for tag, date in (("bad", "2025-13-40"), ("text", "yesterday"), ("year", "99999-01-01")):
            self.add(f"news-published-{tag}", "CLI options",
                     ["news", "extract", "{tmp}/a.txt", "--published", date], files=ok)  # fmt: skip
        self.add("news-db-bad-url", "CLI options",
                 ["news", "ingest", "{tmp}/a.txt", "--db", "nosuchdb://x"], files=ok)  # fmt: skip
        self.add("news-db-folder", "CLI options",
                 ["news", "ingest", "{tmp}/a.txt", "--db", "sqlite:///{tmp}"], files=ok)  # fmt: skip
        self.add("news-accept-unknown", "CLI options",
                 ["news", "accept", "999", "--db", "sqlite:///{tmp}/n.sqlite"])  # fmt: skip

    # -- CLI options -----------------------------------------------------------------
    def options(self) -> None:
        run = ["run", "status-quo", "--no-write"]
        sup = ["suppliers", "run", "{map}", "--scenario", "ban"]
        mit = ["suppliers", "mitigate", "{map}", "--scenario", "ban"]
        cases: dict[str, list[str]] = {
            "run-runs-0": [*run, "--runs", "0"],
            "run-runs-neg": [*run, "--runs", "-1"],
            "run-runs-huge": [*run, "--runs", "1000000000"],
            "run-runs-text": [*run, "--runs", "many"],
            "run-seed-neg": [*run, "--runs", "1", "--seed", "-1"],
            "run-seed-huge": [*run, "--runs", "1", "--seed", str(2**70)],
            "run-format-xml": [*run, "--runs", "1", "--format", "xml"],
            "compare-runs-0": ["compare", "status-quo", "lapse-2026", "--runs", "0"],
            "compare-one": ["compare", "status-quo", "--runs", "1"],
            "compare-unknown": ["compare", "status-quo", "nope", "--runs", "1"],
            "sup-runs-0": [*sup, "--runs", "0"],
            "sup-runs-neg": [*sup, "--runs", "-3"],
            "sup-runs-huge": [*sup, "--runs", "1000000000"],
            "sup-horizon-0": [*sup, "--horizon", "0"],
            "sup-horizon-neg": [*sup, "--horizon", "-5"],
            "sup-horizon-huge": [*sup, "--horizon", "100000000"],
            "sup-seed-neg": [*sup, "--seed", "-1"],
            "sup-scenario-unknown": ["suppliers", "run", "{map}", "--scenario", "nope"],
            "mit-stock-neg": [*mit, "--stock-days", "-5"],
            "mit-stock-nan": [*mit, "--stock-days", "nan"],
            "mit-stock-inf": [*mit, "--stock-days", "inf"],
            "mit-top-neg": [*mit, "--top", "-1"],
            "world-top-0": ["world", "summary", "--top", "0"],
            "world-top-neg": ["world", "summary", "--top", "-1"],
            "world-format-bad": ["world", "summary", "--format", "yaml"],
            "exposure-importer": ["exposure", "--importer", "NARNIA", "--product", "magnet"],
            "exposure-product": ["exposure", "--importer", "USA", "--product", "oxide:Unobtainium"],
            "exposure-paths-neg": ["exposure", "--importer", "USA", "--product", "magnet",
                                   "--paths", "-1"],
            "whatif-country": ["whatif", "--remove", "NARNIA", "--stage", "oxide"],
            "whatif-stage": ["whatif", "--remove", "CHN", "--stage", "plasma"],
            "regime-date": ["regime", "--date", "2025-02-30", "--product", "magnet", "--from",
                            "CHN", "--to", "USA"],
            "regime-from": ["regime", "--date", "2025-06-01", "--product", "magnet", "--from",
                            "NARNIA", "--to", "USA"],
            "regime-to": ["regime", "--date", "2025-06-01", "--product", "magnet", "--from",
                          "CHN", "--to", "XXX"],
            "regime-product": ["regime", "--date", "2025-06-01", "--product", "oxide:Unobtainium",
                               "--from", "CHN", "--to", "USA"],
            "regime-content-5": ["regime", "--date", "2025-12-15", "--product", "magnet", "--from",
                                 "CHN", "--to", "USA", "--china-content", "5"],
            "regime-content-neg": ["regime", "--date", "2025-12-15", "--product", "magnet",
                                   "--from", "CHN", "--to", "USA", "--china-content", "-1"],
            "regime-content-nan": ["regime", "--date", "2025-12-15", "--product", "magnet",
                                   "--from", "CHN", "--to", "USA", "--china-content", "nan"],
            "regime-format": ["regime", "--date", "2025-06-01", "--product", "magnet", "--from",
                              "CHN", "--to", "USA", "--format", "xml"],
            "timeline-issuer": ["timeline", "--issuer", "NARNIA"],
            "timeline-element": ["timeline", "--element", "Xx"],
            "timeline-kind": ["timeline", "--kind", "nonsense"],
            "timeline-start": ["timeline", "--start", "2025-13-01"],
            "timeline-range": ["timeline", "--start", "2026-01-01", "--end", "2025-01-01"],
            "timeline-after": ["timeline", "--upcoming", "--after", "soon"],
            "timeline-format": ["timeline", "--format", "xml"],
        }  # fmt: skip
        for tag, argv in cases.items():
            self.add(f"cli-{tag}", "CLI options", argv,
                     map=[] if "{map}" in argv else None)  # fmt: skip
        self.add(
            "cli-run-out-is-file",
            "CLI options",
            ["run", "status-quo", "--runs", "1", "--out", "{tmp}/f.txt"],
            files={"f.txt": {"text": "a file, not a folder\n"}},
        )
        self.add(
            "cli-compare-self",
            "CLI options",
            ["compare", "status-quo", "status-quo", "--runs", "1", "--format", "csv"],
            expect="ok",
            forbid=["_x", "_y"],
        )

    def build(self) -> list[dict[str, Any]]:
        self.world()
        self.suppliers()
        self.scenarios()
        self.markets()
        self.timelines()
        self.news()
        self.options()
        if hasattr(self, "_tpl"):
            shutil.rmtree(self._tpl.parent, ignore_errors=True)
        return self.cases


# ----------------------------------------------------------------------------- replaying


def _sub(value: str, places: dict[str, str]) -> str:
    for key, path in places.items():
        value = value.replace("{" + key + "}", path)
    return value


def _materialise(path: Path, rep: dict[str, Any], places: dict[str, str] | None = None) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if rep.get("dir"):
        path.mkdir()
    elif rep.get("fifo"):
        os.mkfifo(path)
    elif "symlink" in rep:
        path.symlink_to(rep["symlink"])
    elif "b64" in rep:
        path.write_bytes(base64.b64decode(rep["b64"]))
    else:
        path.write_text(_sub(rep.get("text", ""), places or {}), encoding="utf-8")


def _mutate_csv(folder: Path, mut: dict[str, Any]) -> None:
    path = folder / mut["file"]
    if mut.get("delete"):
        path.unlink()
        return
    if "replace" in mut:
        _materialise(path, mut["replace"])
        return
    rows = _csv_rows(path)
    header = rows[0]
    if "set" in mut:
        row, col, value = mut["set"]
        rows[row][header.index(col)] = value
    if mut.get("header_only"):
        rows = rows[:1]
    if "zero" in mut:
        j = header.index(mut["zero"])
        for r in rows[1:]:
            r[j] = "0"
    if "rename" in mut:
        old, new = mut["rename"]
        header[header.index(old)] = new
    if "drop" in mut:
        j = header.index(mut["drop"])
        rows = [r[:j] + r[j + 1 :] for r in rows]
    if "duplicate_row" in mut:
        rows.append(list(rows[mut["duplicate_row"]]))
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    text = buf.getvalue()
    if "append" in mut:
        text += mut["append"] + "\n"
    path.write_text(text, encoding="utf-8")


def _write_xlsx(src: Path, dest: Path, muts: Iterable[dict[str, Any]]) -> None:
    import openpyxl

    sheets = {p.stem: _csv_rows(p) for p in sorted(src.glob("*.csv"))}
    for mut in muts:
        rows = sheets[mut["sheet"]]
        if mut.get("delete"):
            del sheets[mut["sheet"]]
            continue
        if mut.get("header_only"):
            sheets[mut["sheet"]] = rows[:1]
        if "set" in mut:
            row, col, value = mut["set"]
            rows[row][rows[0].index(col)] = value
        if "rename" in mut:
            old, new = mut["rename"]
            rows[0][rows[0].index(old)] = new
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            out: list[Any] = []
            for cell in r:
                try:
                    out.append(float(cell) if cell and not cell.startswith("=") else cell or None)
                except ValueError:
                    out.append(cell)
            ws.append(out)
    wb.save(dest)


def _prepare(case: dict[str, Any], tmp: Path) -> tuple[list[str], Path]:
    """Lay out the case's files under ``tmp``; return its argv and working folder."""
    places = {"tmp": str(tmp)}
    if "world" in case or "world_at" in case:
        world = tmp / case.get("world_at", "world")
        shutil.copytree(_data("world"), world)
        for mut in case.get("world", []):
            _mutate_csv(world, mut)
        places["world"] = str(world)
    if "map" in case or "xlsx" in case:
        from chokepoints.suppliers.io import write_template

        mp = tmp / "map"
        write_template(mp)
        for mut in case.get("map", []):
            _mutate_csv(mp, mut)
        places["map"] = str(mp)
        if "xlsx" in case:
            _write_xlsx(mp, tmp / "map.xlsx", case["xlsx"])
            places["xlsx"] = str(tmp / "map.xlsx")
    for rel, rep in case.get("files", {}).items():
        _materialise(tmp / rel, rep, places)
    if "{scenario}" in " ".join(case["argv"]):
        places["scenario"] = str(tmp / "scenario.yaml")
    work = tmp / "cwd" / "a" / "b"
    work.mkdir(parents=True, exist_ok=True)
    return [_sub(a, places) for a in case["argv"]], work


def _child(argv: list[str], work: Path, mem_bytes: int, env: dict[str, str], wfd: int) -> None:
    """Body of the forked child: run the CLI once and write a JSON verdict to ``wfd``."""
    report: dict[str, Any] = {}
    try:
        resource.setrlimit(resource.RLIMIT_AS, (mem_bytes, mem_bytes))
        os.chdir(work)
        os.environ.update(env)
        from typer.testing import CliRunner

        from chokepoints.cli import app

        result = CliRunner().invoke(app, argv, catch_exceptions=True)
        exc = result.exception
        report["exit_code"] = result.exit_code
        out = result.output
        report["output"] = out if len(out) <= 4000 else out[:2000] + "\n...\n" + out[-2000:]
        if exc is not None and not isinstance(exc, SystemExit):
            report["exception"] = "".join(
                traceback.format_exception(type(exc), exc, exc.__traceback__)
            )[-3000:]
    except BaseException as exc:  # noqa: BLE001 - anything the harness itself hit
        report["exception"] = "harness: " + repr(exc)
    data = json.dumps(report).encode()
    os.write(wfd, data)
    os.close(wfd)
    os._exit(0)


def replay(case: dict[str, Any], *, timeout_s: float, mem_bytes: int) -> dict[str, Any]:
    """Run one case; return its outcome and details."""
    tmp = Path(tempfile.mkdtemp(prefix="fuzz-"))
    try:
        argv, work = _prepare(case, tmp)
        env = {"CHOKEPOINTS_NEWS_DB": f"sqlite:///{tmp}/news.sqlite", "COLUMNS": "200"}
        env.update(case.get("env", {}))
        before = {p for p in tmp.rglob("*")} if case.get("escape") else set()
        rfd, wfd = os.pipe()
        start = time.monotonic()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - child
            os.close(rfd)
            _child(argv, work, mem_bytes, env, wfd)
        os.close(wfd)
        os.set_blocking(rfd, False)
        chunks: list[bytes] = []
        status = None
        while True:
            try:
                chunk = os.read(rfd, 65536)
                if chunk:
                    chunks.append(chunk)
            except BlockingIOError:
                pass
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            if time.monotonic() - start > timeout_s:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                os.close(rfd)
                return {"outcome": "hang", "seconds": round(time.monotonic() - start, 2)}
            time.sleep(0.01)
        while True:
            try:
                chunk = os.read(rfd, 65536)
            except BlockingIOError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(rfd)
        seconds = round(time.monotonic() - start, 2)
        raw = b"".join(chunks)
        if not raw:
            sig = os.WTERMSIG(status) if status is not None and os.WIFSIGNALED(status) else None
            return {"outcome": "traceback", "detail": f"child died (signal {sig})",
                    "seconds": seconds}  # fmt: skip
        rep = json.loads(raw)
        out = rep.get("output", "")
        escaped = []
        if case.get("escape"):
            results_dir = work / "chokepoints-runs"
            outside = [
                p
                for p in tmp.rglob("*")
                if p not in before and p.is_file() and not p.is_relative_to(results_dir)
            ]
            escaped = [str(p.relative_to(tmp)) for p in outside]
        if "exception" in rep:
            outcome = "traceback"
            detail = rep["exception"].strip().splitlines()[-1]
        elif escaped:
            outcome, detail = "accepted", "wrote outside: " + ", ".join(escaped[:3])
        elif case.get("escape") and rep.get("exit_code") == 0:
            outcome, detail = "ok", "results stayed in the results folder"
        elif case.get("expect") == "ok":
            bad = [s for s in case.get("forbid", []) if s in out]
            good = rep.get("exit_code") == 0 and not bad
            outcome = "ok" if good else "wrong"
            detail = "" if good else (f"found {bad}" if bad else out.strip()[-200:])
        elif rep.get("exit_code") == 0:
            outcome, detail = "accepted", out.strip()[-160:]
        elif "Traceback" in out:
            outcome, detail = "traceback", out.strip().splitlines()[-1]
        elif out.lstrip().startswith("Error") or "\nError" in out or "Usage:" in out:
            outcome = "clear error"
            lines = [ln for ln in out.strip().splitlines() if "Error" in ln]
            detail = lines[0][:200] if lines else ""
        else:
            outcome, detail = (
                "traceback",
                f"exit {rep.get('exit_code')} without 'Error': {out[-160:]}",
            )
        return {"outcome": outcome, "detail": detail, "seconds": seconds}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _load_corpus() -> list[dict[str, Any]]:
    with open(CORPUS, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _markdown(results: list[dict[str, Any]]) -> str:
    surfaces = sorted({r["surface"] for r in results})
    cols = [o for o in OUTCOMES if any(r["outcome"] == o for r in results)] or ["clear error"]
    for must in ("clear error", "traceback", "accepted", "hang"):
        if must not in cols:
            cols.append(must)
    cols = [o for o in OUTCOMES if o in cols]
    lines = ["| surface | cases | " + " | ".join(cols) + " |",
             "|---|---:|" + "---:|" * len(cols)]  # fmt: skip
    for s in [*surfaces, "all"]:
        rs = [r for r in results if s == "all" or r["surface"] == s]
        c = Counter(r["outcome"] for r in rs)
        name = "**all**" if s == "all" else s
        lines.append(f"| {name} | {len(rs)} | " + " | ".join(str(c.get(o, 0)) for o in cols) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", default=str(HERE.parent / "src"), help="package source folder")
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("build", help="write tools/fuzz_corpus/cases.jsonl")
    rp = sub.add_parser("run", help="replay the corpus")
    rp.add_argument("--only", default="", help="replay only case ids starting with this")
    rp.add_argument("--timeout", type=float, default=60.0, help="seconds per case")
    rp.add_argument("--mem-gb", type=float, default=6.0, help="address-space cap per case, GiB")
    rp.add_argument("--markdown", action="store_true", help="print the docs table too")
    rp.add_argument("--json", type=Path, help="write every case's result here")
    rp.add_argument("--all", action="store_true", help="list every case, not only failures")
    args = ap.parse_args(argv)
    # the package under test: this checkout's src/ (or --src), not whatever is installed
    sys.path.insert(0, str(Path(args.src).resolve()))
    if args.cmd == "build":
        cases = Builder().build()
        CORPUS.parent.mkdir(parents=True, exist_ok=True)
        CORPUS.write_text("".join(json.dumps(c, sort_keys=True) + "\n" for c in cases))
        print(f"wrote {len(cases)} cases to {CORPUS}")
        return 0
    # import once here so every forked child starts with the package loaded
    import chokepoints.cli  # noqa: F401

    print(f"package under test: {chokepoints.cli.__file__}", flush=True)
    cases = [c for c in _load_corpus() if c["id"].startswith(args.only)]
    results = []
    t0 = time.monotonic()
    for case in cases:
        res = replay(case, timeout_s=args.timeout, mem_bytes=int(args.mem_gb * 1024**3))
        res.update({"id": case["id"], "surface": case["surface"]})
        results.append(res)
        bad = res["outcome"] not in ("clear error", "ok")
        if bad or args.all:
            print(f"{res['outcome']:12s} {case['id']:45s} {res.get('detail', '')[:150]}",
                  flush=True)  # fmt: skip
    counts = Counter(r["outcome"] for r in results)
    print(f"\n{len(results)} cases in {time.monotonic() - t0:.0f} s: "
          + ", ".join(f"{o} {counts.get(o, 0)}" for o in OUTCOMES if counts.get(o)))  # fmt: skip
    if args.markdown:
        print("\n" + _markdown(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0 if all(r["outcome"] in ("clear error", "ok") for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
