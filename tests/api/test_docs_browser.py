"""The interactive docs in Debian's Chromium: Swagger UI from our own static files renders
every operation under the site's strict CSP (no inline script or style), with no errors."""

import pytest

from tests.browser.conftest import browser, page, screenshot  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_docs_render_under_the_csp(page):  # noqa: F811
    violations = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    response = page.goto(f"{page.base_url}/api/docs/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(".swagger-ui .opblock-tag", timeout=20000)
    assert page.locator(".swagger-ui .opblock").count() >= 25
    assert page.get_by_text("updated_since", exact=False).first.is_visible()
    screenshot(page, "api-docs")
    assert violations == []
    assert page.console_errors == []
    assert all(url.startswith(page.base_url) for url in requests), "no CDN"
