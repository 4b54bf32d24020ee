"""The HTML report: self-contained, and rendered by headless Chromium when installed."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from chokepoints.report import scenario_report
from chokepoints.scenarios import load_scenario, run_scenario, summarize


def _chromium() -> str | None:
    # CI installs the Debian chromium and names it in CHOKEPOINTS_CHROMIUM.
    configured = os.environ.get("CHOKEPOINTS_CHROMIUM")
    if configured:
        return configured
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ds = run_scenario(load_scenario("escalation"), runs=3)
    out = tmp_path_factory.mktemp("report") / "report.html"
    out.write_text(scenario_report(ds, summarize(ds)), encoding="utf-8")
    return out


def test_report_is_self_contained(page: Path) -> None:
    text = page.read_text()
    assert text.startswith("<!DOCTYPE html>")
    assert "http://" not in text.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "<script" not in text and "<link" not in text
    assert "Shortfall by stage" in text and "Policy events in the window" in text
    assert 'class="ev"' in text  # policy events drawn on the time axis


@pytest.mark.skipif(
    _chromium() is None and not os.environ.get("CI"), reason="chromium is not installed"
)
def test_report_renders_in_headless_chromium(page: Path, tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    browser = _chromium()
    assert browser is not None, "CI must install chromium (CHOKEPOINTS_CHROMIUM)"
    subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", f"--screenshot={shot}",
         "--window-size=1200,3000", page.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    assert shot.stat().st_size > 20_000  # a blank page is a few kB
    dom = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", page.as_uri()],
        check=True, capture_output=True, timeout=120, text=True,
    )  # fmt: skip
    assert dom.stdout.count("<svg") >= 10
