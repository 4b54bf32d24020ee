"""Headless Chromium (the Debian package) driven by Selenium through /usr/bin/chromedriver.

The browser comes from ``$CHOKEPOINTS_CHROMIUM`` (CI sets ``/usr/bin/chromium``) or the
PATH, the driver from ``$CHOKEPOINTS_CHROMEDRIVER`` or the PATH; nothing is downloaded.
Without them the tests are skipped, except under CI (``$CI`` set), where they fail.
Screenshots go to ``$CHOKEPOINTS_SCREENSHOTS`` or a pytest tmp folder.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.api.conftest import Server


def _browser() -> tuple[str | None, str | None]:
    chromium = os.environ.get("CHOKEPOINTS_CHROMIUM") or next(
        (p for n in ("chromium", "chromium-browser") if (p := shutil.which(n))), None
    )
    driver = os.environ.get("CHOKEPOINTS_CHROMEDRIVER") or shutil.which("chromedriver")
    return chromium, driver


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = os.environ.get("CHOKEPOINTS_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        return Path(folder)
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    chromium, driver = _browser()
    if not chromium or not driver:
        if os.environ.get("CI"):
            pytest.fail("chromium and chromedriver must be installed under CI "
                        "(apt-get install chromium chromium-driver)")  # fmt: skip
        pytest.skip("chromium or chromedriver is not installed")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,2000", "--lang=en-US"):  # fmt: skip
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = webdriver.Chrome(service=Service(executable_path=driver), options=options)
    drv.set_page_load_timeout(60)
    yield drv
    drv.quit()


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    srv = Server(tmp_path_factory.mktemp("dash") / "data").start()
    yield srv
    srv.stop()
