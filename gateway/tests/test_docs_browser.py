"""/docs in a real browser (Debian's headless Chromium through Selenium): Swagger UI loads from the
gateway alone and lists the operations of every service, merged from stub services' documents.

Needs `apt-get install -y chromium chromium-driver` (CI's .ci/run does it); skipped without them."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from gateway.app import create_app
from gateway.testing.documents import suite_documents

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="/usr/bin/chromium is absent: apt-get install -y chromium chromium-driver")


@pytest.fixture
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="gateway-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    # Headless as root in a sandboxed machine; no background traffic to Google (the network is closed).
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                 "--no-first-run", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    # The driver's path is given, so Selenium Manager never tries to download one.
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def test_the_docs_page_lists_the_operations_of_every_service(serve, config_for, stubs, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    documents = suite_documents()
    services = {name: stubs({"/openapi.json": (200, document)}) for name, document in documents.items()}
    url = serve(create_app(config_for({name: stub.url for name, stub in services.items()})))

    browser.get(f"{url}/docs")
    expected = {"/api/v1/customers", "/api/v1/customers/{customer_id}", "/api/v1/auth/token", "/api/v1/roles",
                "/api/v1/price-lists", "/api/v1/prices/resolve", "/api/v1/me"}

    def listed(driver) -> set[str]:
        paths = driver.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")
        return {element.get_attribute("data-path") or element.text for element in paths}

    WebDriverWait(browser, 20).until(lambda driver: expected <= listed(driver))
    assert expected <= listed(browser)
    assert "B2B customer management API" in browser.find_element(By.CSS_SELECTOR, ".info .title").text
