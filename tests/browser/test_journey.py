import pytest
from django.core.management import call_command

from tests.browser.conftest import screenshot

# Transactional tests flush the tables afterwards: the reference data from the migrations is
# serialized first and restored after each test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def demo(live_server):
    call_command("seed_demo", stdout=None)


def test_home_in_three_languages(page, demo):
    page.goto(f"{page.base_url}/en/")
    assert page.locator("h1").inner_text() == "Parliament of the Republic of Kazakhstan"
    screenshot(page, "home-en")
    page.get_by_role("link", name="RU", exact=True).click()
    page.wait_for_url("**/ru/")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert "Парламент" in page.locator("h1").inner_text()
    page.get_by_role("link", name="KK", exact=True).click()
    page.wait_for_url("**/kk/")
    assert "Парламенті" in page.locator("h1").inner_text()
    screenshot(page, "home-kk")
    assert page.console_errors == []
