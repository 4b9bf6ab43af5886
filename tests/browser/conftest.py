"""Selenium driving Debian's headless Chromium (/usr/bin/chromium + /usr/bin/chromedriver).

Skipped, with the reason, when Chromium, chromedriver or the selenium package is missing
(``scripts/setup.sh --test`` installs them; CI has them). Screenshots go to
``test-artifacts/`` at the top of the checkout (git-ignored).
"""

import shutil
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1400,1000",
    "--lang=pl",
]


@pytest.fixture
def erp_dialect():
    """The browser tests need one real ERP only: the demo's SQLite file."""
    return "sqlite"


@pytest.fixture
def download_dir(tmp_path):
    folder = tmp_path / "downloads"
    folder.mkdir()
    return folder


@pytest.fixture
def browser(download_dir):
    """A headless Chromium WebDriver, asking for Polish, downloading into ``download_dir``."""
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
    for binary in (CHROMIUM, CHROMEDRIVER):
        if not shutil.which(binary):
            pytest.skip(f"{binary} is missing: install Debian's chromium and chromium-driver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_experimental_option(
        "prefs",
        {
            "intl.accept_languages": "pl",
            "download.default_directory": str(download_dir),
            "download.prompt_for_download": False,
        },
    )
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(download_dir)}
    )
    driver.implicitly_wait(0)
    yield driver
    driver.quit()


@pytest.fixture
def screenshot(browser):
    """screenshot(name): save the current page as test-artifacts/<name>.png."""
    ARTIFACTS.mkdir(exist_ok=True)

    def _save(name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        browser.save_screenshot(str(path))
        return path

    return _save
