"""GET /docs: Swagger UI over /api/v1/openapi.json, its scripts and styles served by the gateway
itself (from the swagger-ui-bundle package), nothing fetched from elsewhere."""
from __future__ import annotations

import re

import requests


def test_the_docs_page_loads_swagger_ui_from_the_gateway_only(gateway_url):
    page = requests.get(f"{gateway_url}/docs", timeout=5)
    assert page.status_code == 200
    assert page.headers["Content-Type"].startswith("text/html")
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources and all(source.startswith("/docs/") for source in sources)


def test_swagger_uis_script_and_styles_are_served_under_docs_static(gateway_url):
    script = requests.get(f"{gateway_url}/docs/static/swagger-ui-bundle.js", timeout=5)
    styles = requests.get(f"{gateway_url}/docs/static/swagger-ui.css", timeout=5)
    assert script.status_code == styles.status_code == 200
    assert "SwaggerUIBundle" in script.text
    assert styles.headers["Content-Type"].startswith("text/css")


def test_the_page_points_swagger_ui_at_the_merged_document(gateway_url):
    initializer = requests.get(f"{gateway_url}/docs/swagger-initializer.js", timeout=5).text
    assert 'url: "/api/v1/openapi.json"' in initializer


def test_a_file_outside_the_bundle_is_not_served(gateway_url, signed_in):
    # Even past authentication (dot segments are never public), send_from_directory stays in the bundle.
    assert requests.get(f"{gateway_url}/docs/static/..%2f__init__.py", headers=signed_in, timeout=5).status_code == 404
