import datetime
import random

import pytest

from bills import services
from bills.models import Bill
from chambers.models import Convocation
from deputies.demo import seed_composition
from deputies.models import Deputy

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(parliament):
    """The demo composition (bills come from the services where a test needs them)."""


def add_bills(count, on=datetime.date(2026, 6, 28)):
    """Government bills in a Majilis committee; every other one a priority bill (whose clock
    runs there)."""
    committee = Convocation.objects.get(number=8).committees.first().pk
    for n in range(count):
        bill = services.bill_create(
            kind="law",
            initiator_type="government",
            title={"kk": f"Заң {n}", "ru": f"Закон {n}"},
            registered_on=datetime.date(2026, 1, 10),
            priority=n % 2 == 0,
        )
        services.bill_apply_action(bill=bill, action="referred", date=on, committees=[committee])


def test_root_redirects_by_the_browsers_language(client):
    response = client.get("/", headers={"accept-language": "ru-RU,ru;q=0.9"})
    assert response.status_code == 302
    assert response["Location"] == "/ru/"
    assert client.get("/", headers={"accept-language": "de"})["Location"] == "/kk/"


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("kk", ["Мәжіліс", "Сенат", "&quot;AMANAT&quot; фракциясы", "Фракцияға кірмейді"]),
        ("ru", ["Мажилис", "Сенат", "Фракция &quot;AMANAT&quot;", "Вне фракций"]),
        ("en", ["Majilis", "Senate", "Amanat faction", "Not in a faction"]),
    ],
)
def test_home_shows_the_composition_in_each_language(client, seeded, lang, words):
    response = client.get(f"/{lang}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    for word in words:
        assert word in html
    # 62 Amanat seats and 98 in all, as on the last day of the VIII convocation.
    assert '<td class="num">62</td>' in html
    assert "98" in html


def test_language_switcher_keeps_the_page(client, seeded):
    html = client.get("/ru/").content.decode()
    for code in ("kk", "ru", "en"):
        assert f'href="/{code}/" hreflang="{code}"' in html


def test_demo_data_is_announced(client, seeded):
    assert "demo-banner" in client.get("/en/").content.decode()


def test_no_banner_without_demo_data(client):
    assert "demo-banner" not in client.get("/en/").content.decode()


def test_home_lists_recent_moves_and_the_pipeline(client, seeded):
    add_bills(2)
    html = client.get("/en/").content.decode()
    assert "Moved in the last 7 days" in html
    assert "VIII-0001" in html and "VIII-0002" in html
    assert '<span class="count">2</span> In a Majilis committee' in html


def test_home_figures_follow_a_deletion_at_once(client, seeded):
    add_bills(3)
    assert (
        '<span class="count">3</span> In a Majilis committee' in client.get("/en/").content.decode()
    )
    overdue = client.get("/en/").context["overdue"]
    assert {bill.number for bill, _deadline in overdue} == {"VIII-0001", "VIII-0003"}
    Bill.objects.get(serial=1).delete()  # a priority bill past its deadline
    response = client.get("/en/")
    assert '<span class="count">2</span> In a Majilis committee' in response.content.decode()
    assert [bill.number for bill, _deadline in response.context["overdue"]] == ["VIII-0003"]


def test_home_query_count_does_not_grow_with_rows(client, django_assert_num_queries, seeded):
    # 1 demo-data flag, 1 latest convocation, 1 chambers; per chamber: seats, counts by
    # basis, counts by faction, and (Majilis only: the Senate has none) the factions;
    # the bills' latest change; bills by stage, the bills a clock may run for with the
    # events the clocks read (both kept until a bill changes); the overdue bills shown; the
    # week's events by bill, their bills.
    add_bills(2)
    with django_assert_num_queries(16):
        client.get("/en/")
    with django_assert_num_queries(14):
        client.get("/en/")
    add_bills(20)
    Deputy.objects.filter(is_demo=True).delete()
    seed_composition(rng=random.Random(9), convocation=Convocation.objects.get(number=8))
    with django_assert_num_queries(16):
        client.get("/en/")


def test_security_headers_on_every_page(client):
    response = client.get("/en/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy" in client.get("/api/v1/bills/").headers
