import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("seed_demo", stdout=None)


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


def test_home_query_count_does_not_grow_with_deputies(client, django_assert_num_queries, seeded):
    # 1 demo-data flag, 1 latest convocation, 1 chambers; per chamber: seats, counts by
    # basis, counts by faction, and (Majilis only: the Senate has none) the factions.
    with django_assert_num_queries(10):
        client.get("/en/")
    call_command("seed_demo", seed=9, stdout=None)
    with django_assert_num_queries(10):
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
