"""A citizen's way through the portal in a real browser: home, a bill, its vote, a deputy;
every page in three languages; filtering and searching the bills."""

import pytest
from django.core.management import call_command

from bills.models import Bill
from tests.browser.conftest import needs_browser, screenshot

# Transactional tests flush the tables afterwards: the reference data from the migrations is
# serialized first and restored after each test.
pytestmark = [needs_browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def switch_language(page, code):
    """Use the switcher: the same page comes back in the other language."""
    path = page.url.split("/", 4)[-1]
    page.get_by_role("link", name=code.upper(), exact=True).click()
    page.wait_for_url(f"**/{code}/{path}")
    assert page.locator("html").get_attribute("lang") == code


def test_home_bill_vote_deputy_in_three_languages(page, live_server):
    call_command("seed_demo", stdout=None)
    bill = Bill.objects.filter(votes__isnull=False, stage="signed").order_by("number").first()

    page.goto(f"{page.base_url}/en/")
    assert page.locator("h1").inner_text() == "Parliament of the Republic of Kazakhstan"
    screenshot(page, "home")
    switch_language(page, "ru")
    assert page.get_by_role("navigation", name="Разделы").is_visible()
    switch_language(page, "kk")

    # The bills list: a filter and a search, both kept in the address.
    page.goto(f"{page.base_url}/en/bills/")
    total = page.locator("table.bills tbody tr").count()
    page.select_option("select[name=stage]", "signed")
    page.get_by_role("button", name="Show bills").click()
    page.wait_for_url("**stage=signed**")
    assert 0 < page.locator("table.bills tbody tr").count() <= total
    word = bill.title_ru.split()[-1]
    page.goto(f"{page.base_url}/ru/bills/")
    page.fill("input[name=q]", word)
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url("**q=**")
    assert page.get_by_role("link", name=bill.number).first.is_visible()
    screenshot(page, "bills")

    # A bill, its vote, a deputy who voted.
    page.get_by_role("link", name=bill.number).first.click()
    page.wait_for_url(f"**/bills/{bill.uuid}/")
    assert bill.title_ru in page.locator("h1").inner_text()
    assert page.locator("[aria-current=step]").count() == 1
    screenshot(page, "bill")
    switch_language(page, "en")
    assert bill.title_en in page.locator("h1").inner_text()

    page.locator("a[href*='/votes/']").first.click()
    page.wait_for_url("**/votes/**")
    assert page.locator("svg.hemicycle circle").count() in (50, 98, 148)
    screenshot(page, "vote")
    switch_language(page, "kk")

    page.locator("a[href*='/deputies/']").first.click()
    page.wait_for_url("**/deputies/**")
    assert page.locator("h1").is_visible()
    screenshot(page, "deputy")
    switch_language(page, "ru")
    assert page.console_errors == []
