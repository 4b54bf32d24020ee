"""End to end: the dashboard in headless Chromium against a real server.

Each test drives the page as a user would (forms, buttons, file inputs), waits for what
the page draws, checks it against the API, and saves a screenshot.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from tests.api.conftest import Server

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "examples" / "suppliers" / "ev_ebike"


def _wait(browser: Any, css: str, timeout: float = 90, count: int = 1) -> list[Any]:
    WebDriverWait(browser, timeout).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, css)) >= count
    )
    return list(browser.find_elements(By.CSS_SELECTOR, css))


def _open(browser: Any, site: Server, role: str | None = "analyst") -> None:
    browser.get_log("browser")  # drop what earlier tests logged
    browser.get(site.url + "/")
    _wait(browser, "body[data-ready='1']")
    _wait(browser, "#regime-out .card")  # the first view has loaded (and set the status line)
    _wait(browser, "#upcoming-out tbody tr")
    field = browser.find_element(By.ID, "token")
    field.clear()
    if role:
        field.send_keys(site.token(role))
    browser.execute_script("document.getElementById('token').dispatchEvent(new Event('change'))")


def _tab(browser: Any, name: str) -> None:
    browser.find_element(By.CSS_SELECTOR, f"#tabs button[data-tab='{name}']").click()


def _set(browser: Any, element_id: str, value: str) -> None:
    browser.execute_script("document.getElementById(arguments[0]).value = arguments[1]",
                           element_id, value)  # fmt: skip


def _errors(browser: Any) -> list[str]:
    return [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def _shot(browser: Any, folder: Path, name: str) -> Path:
    path = folder / f"{name}.png"
    height = browser.execute_script("return document.body.scrollHeight")
    browser.set_window_size(1400, min(max(int(height) + 40, 900), 6000))
    browser.save_screenshot(str(path))
    browser.set_window_size(1400, 2000)
    assert path.stat().st_size > 20_000  # a blank page is a few kB
    return path


def test_timeline_regime_per_flow(browser: Any, site: Server, screenshots: Path) -> None:
    _open(browser, site, role=None)
    card = _wait(browser, "#regime-out .card")[0]
    assert "gate: licence" in card.text and "cn-mofcom-2025-18" in card.text
    _set(browser, "rg-date", "2024-06-10")
    browser.find_element(By.ID, "rg-go").click()
    WebDriverWait(browser, 30).until(
        lambda d: "2024-06-10" in d.find_element(By.ID, "regime-out").text
    )
    want = site.get("/api/regime", params={"date": "2024-06-10", "product": "magnet:ndfeb_hre",
                                           "origin": "CHN", "destination": "USA"}).json()  # fmt: skip
    assert f"gate: {want[0]['gate']['kind']}" in browser.find_element(By.ID, "regime-out").text
    assert len(_wait(browser, "#upcoming-out tbody tr")) == len(
        site.get("/api/timeline/upcoming", params={"after": "2026-11-01"}).json()
    )
    _shot(browser, screenshots, "timeline")
    # every resource came from the service itself: nothing from a CDN
    urls = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    assert any(u.endswith("/vendor/plotly.min.js") for u in urls)
    assert all(u.startswith(site.url) or u.startswith("data:") for u in urls), urls
    assert _errors(browser) == []


def test_writes_without_a_token_show_the_reason(browser: Any, site: Server) -> None:
    _open(browser, site, role=None)
    _tab(browser, "scenarios")
    browser.find_element(By.ID, "sc-run").click()
    WebDriverWait(browser, 30).until(
        lambda d: "needs a token" in d.find_element(By.ID, "status").text
    )
    assert "err" in browser.find_element(By.ID, "status").get_attribute("class")


def _run_scenario(browser: Any, name: str, runs: str, horizon: str) -> None:
    _tab(browser, "scenarios")
    _wait(browser, f"#sc-name option[value='{name}']")
    _set(browser, "sc-name", name)
    _set(browser, "sc-runs", runs)
    _set(browser, "sc-horizon", horizon)
    browser.find_element(By.ID, "sc-run").click()


def test_scenario_run_with_progress_charts_and_events(
    browser: Any, site: Server, screenshots: Path
) -> None:
    _open(browser, site)
    _run_scenario(browser, "escalation", "4", "240")
    _wait(browser, "#jobs-out tbody tr")
    charts = _wait(browser, "#ch-sector .chart .main-svg", timeout=120)
    job = site.get("/api/jobs", params={"limit": 1}).json()[0]
    assert job["status"] == "succeeded" and job["target"] == "escalation"
    doc = site.get(f"/api/jobs/{job['id']}/result").json()
    groups = doc["series"]["sector"]["groups"]
    assert len(_wait(browser, "#ch-sector .chart", count=len(groups))) == len(groups)
    assert charts
    info = browser.execute_script("""
        const el = document.querySelector('#ch-sector .chart');
        return {range: el.layout.yaxis.range, shapes: el.layout.shapes.length,
                group: el.dataset.group,
                ticks: [...el.querySelectorAll('.ytick text')].map(t => t.textContent)};
    """)
    g = groups[info["group"]]
    values = [v for k in ("p05", "p50", "p95") for v in g[k] if v is not None]
    lo, hi = info["range"]
    # the y-axis fits this small multiple's data, not a fixed 0-130%
    assert lo <= min(values) and hi >= max(values)
    assert hi - lo <= max(0.02, 1.3 * (max(values) - min(values)))
    assert len(set(info["ticks"])) == len(info["ticks"]) >= 2  # distinct, also sub-percent
    in_window = [e for e in doc["events"] if doc["series"]["sector"]["dates"][0] <= e["date"]
                 <= doc["series"]["sector"]["dates"][-1]]  # fmt: skip
    assert info["shapes"] == len(in_window) > 0  # policy events marked
    links = [
        a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "#result-out a")
    ]
    for fmt in ("json", "csv", "parquet", "netcdf"):
        assert any(h.endswith(f"/api/jobs/{job['id']}/result?format={fmt}") for h in links)
    _shot(browser, screenshots, "scenario")
    assert _errors(browser) == []


def test_compare_two_runs(browser: Any, site: Server, screenshots: Path) -> None:
    _open(browser, site)
    for name in ("status-quo", "breakthrough"):
        _run_scenario(browser, name, "2", "120")
        WebDriverWait(browser, 120).until(
            lambda d, n=name: n in d.find_element(By.ID, "result-out").text
        )
    _tab(browser, "compare")
    boxes = _wait(browser, "#compare-pick input.cmp", count=2)
    for box in boxes[:2]:
        box.click()
    browser.find_element(By.ID, "compare-go").click()
    charts = _wait(browser, "#cmp-charts .chart .main-svg", timeout=60)
    assert charts and len(_wait(browser, "#compare-out tbody tr")) > 0
    legend = browser.find_element(By.ID, "cmp-charts").text
    assert "status-quo#" in legend and "breakthrough#" in legend
    _shot(browser, screenshots, "compare")


def test_backtest_against_observations(browser: Any, site: Server, screenshots: Path) -> None:
    _open(browser, site)
    _tab(browser, "backtest")
    _set(browser, "bt-runs", "2")
    browser.find_element(By.ID, "bt-run").click()
    _wait(browser, "#bt-world .main-svg", timeout=180)
    _wait(browser, "#bt-usa .main-svg")
    assert "MAPE in sample" in browser.find_element(By.ID, "bt-out").text
    _shot(browser, screenshots, "backtest")


def test_news_review_queue(browser: Any, site: Server, screenshots: Path, tmp_path: Path) -> None:
    article = tmp_path / "moscow.txt"
    article.write_text("Published: 2025-06-10\n\nMoscow imposed export licensing requirements "
                       "on dysprosium and terbium on Monday, the Russian government said.\n")  # fmt: skip
    _open(browser, site)
    _tab(browser, "news")
    browser.find_element(By.ID, "news-file").send_keys(str(article))
    browser.find_element(By.ID, "news-go").click()
    _wait(browser, "#news-ingest-out tbody tr")
    assert "new" in browser.find_element(By.ID, "news-ingest-out").text
    browser.find_element(By.ID, "news-propose").click()
    button = _wait(browser, "#proposals-out button.accept")[0]
    button.click()
    WebDriverWait(browser, 30).until(
        lambda d: "added to the team timeline" in d.find_element(By.ID, "status").text
    )
    assert (site.data / "timeline.yaml").exists()
    _wait(browser, "#events-out tbody tr")
    _shot(browser, screenshots, "news")


def test_supplier_map_exposure_and_line_stops(
    browser: Any, site: Server, screenshots: Path, tmp_path: Path
) -> None:
    upload = tmp_path / "ev_ebike.zip"
    with zipfile.ZipFile(upload, "w") as z:
        for f in EXAMPLE.glob("*.csv"):
            z.write(f, f.name)
    _open(browser, site)
    _tab(browser, "suppliers")
    browser.find_element(By.ID, "map-name").send_keys("ev-ebike")
    browser.find_element(By.ID, "map-file").send_keys(str(upload))
    browser.find_element(By.ID, "map-go").click()
    WebDriverWait(browser, 60).until(
        lambda d: "Stored map" in d.find_element(By.ID, "map-upload-out").text
    )
    browser.find_element(By.ID, "map-exposure").click()
    _wait(browser, "#exp-chart .main-svg", timeout=60)
    assert "EV-SEDAN" in browser.find_element(By.ID, "map-out").text
    _shot(browser, screenshots, "suppliers-exposure")
    _set(browser, "map-scenario", "ban")
    _set(browser, "map-runs", "1")
    browser.find_element(By.ID, "map-run").click()
    _wait(browser, "#stop-chart .main-svg", timeout=120)
    assert "Line stops of ev-ebike under ban" in browser.find_element(By.ID, "map-out").text
    _shot(browser, screenshots, "suppliers-line-stops")
    # a bad upload shows the validation message
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as z:
        z.writestr("../evil.csv", "a\n1\n")
    browser.find_element(By.ID, "map-name").clear()
    browser.find_element(By.ID, "map-name").send_keys("bad")
    browser.find_element(By.ID, "map-file").send_keys(str(bad))
    browser.find_element(By.ID, "map-go").click()
    WebDriverWait(browser, 30).until(
        lambda d: "not a plain file name" in d.find_element(By.ID, "map-upload-out").text
    )
    assert "bad" not in [m["name"] for m in site.get("/api/suppliers/maps").json()]
