"""Atom feeds of bill events: valid Atom, the right entries, the reader's language."""

import datetime
import uuid
import xml.etree.ElementTree as ET

import pytest

from bills import services
from chambers.models import Committee
from deputies.models import Mandate
from tests.bills.test_services import ADOPT, FIRST, REFER, START, STEP, walk

ATOM = "{http://www.w3.org/2005/Atom}"
D = datetime.date


def feed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for required in ("title", "id", "updated", "author"):
        assert root.find(f"{ATOM}{required}") is not None, required
    return root


def entries(root):
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "id": entry.findtext(f"{ATOM}id"),
            "published": entry.findtext(f"{ATOM}published"),
            "updated": entry.findtext(f"{ATOM}updated"),
        }
        for entry in root.findall(f"{ATOM}entry")
    ]


@pytest.fixture
def bills(new_bill, record, parliament):
    """One bill adopted by the Majilis (led by the first committee), one bill of a deputy
    (led by the second), and one registered only."""
    adopted = walk(new_bill("law", on=START - STEP), [REFER, FIRST, ADOPT], record)
    second = (
        Committee.objects.filter(chamber__code="majilis", convocation__number=8)
        .exclude(pk=adopted.lead_committee_id)
        .first()
    )
    deputy = Mandate.objects.serving_on(START, "majilis").order_by("pk").last().deputy
    mine = new_bill("law", on=START, initiator_type="deputies", initiators=[deputy.pk])
    services.bill_apply_action(
        bill=mine, action="referred", date=START + STEP, committees=[second.pk]
    )
    registered = new_bill("code", on=START + STEP * 5)
    return {
        "adopted": adopted,
        "mine": mine,
        "registered": registered,
        "deputy": deputy,
        "first": adopted.lead_committee,
        "second": second,
    }


def test_every_event_newest_first(client, bills):
    entries_ = entries(feed(client, "/en/feeds/bills/"))
    adopted, mine, registered = bills["adopted"], bills["mine"], bills["registered"]
    assert len(entries_) == 4 + 2 + 1
    assert entries_[0]["title"] == f"{registered.number}: Introduced in the Majilis"
    titles = [e["title"] for e in entries_]
    assert f"{adopted.number}: Adopted by the Majilis" in titles
    assert f"{adopted.number}: Adopted by the Majilis in first reading" in titles
    assert f"{mine.number}: Referred to committees" in titles
    assert len({e["id"] for e in entries_}) == len(entries_)
    assert all(e["id"].startswith("urn:uuid:") for e in entries_)
    # Dates at midnight in Almaty (UTC+5 since March 2024), newest first.
    assert entries_[0]["published"] == f"{START + STEP * 5:%Y-%m-%d}T00:00:00+05:00"
    assert [e["published"] for e in entries_] == sorted(
        (e["published"] for e in entries_), reverse=True
    )
    assert entries_[0]["link"] == f"http://testserver/en/bills/{registered.uuid}/"


def test_titles_are_in_the_readers_language(client, bills):
    root = feed(client, "/ru/feeds/bills/")
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "ru"
    titles = [e["title"] for e in entries(root)]
    assert f"{bills['adopted'].number}: Принят Мажилисом" in titles
    assert all("/ru/bills/" in e["link"] for e in entries(root))
    kazakh = [e["title"] for e in entries(feed(client, "/kk/feeds/bills/"))]
    assert f"{bills['adopted'].number}: Мәжіліс қабылдады" in kazakh


def test_the_newest_50_only(client, bills):
    for n in range(30):
        bill = services.bill_create(
            kind="law",
            initiator_type="government",
            title={"kk": "Заң", "ru": "Закон", "en": "Law"},
            registered_on=START + datetime.timedelta(days=60 + n),
        )
        services.bill_apply_action(bill=bill, action="withdrawn", date=bill.registered_on)
    assert len(entries(feed(client, "/en/feeds/bills/"))) == 50


def test_one_bills_feed(client, bills):
    adopted = bills["adopted"]
    root = feed(client, f"/en/feeds/bills/{adopted.uuid}/")
    assert root.findtext(f"{ATOM}title") == f"{adopted.number}: Test law"
    got = entries(root)
    assert [e["title"].split(": ")[1] for e in got] == [
        "Adopted by the Majilis",
        "Adopted by the Majilis in first reading",
        "Referred to committees",
        "Introduced in the Majilis",
    ]
    assert {e["link"] for e in got} == {f"http://testserver/en/bills/{adopted.uuid}/"}


def test_a_committees_feed(client, bills):
    first, second = bills["first"], bills["second"]
    got = entries(feed(client, f"/en/feeds/committees/{first.public_id}/"))
    assert {e["title"].split(":")[0] for e in got} == {bills["adopted"].number}
    assert len(got) == 4
    got = entries(feed(client, f"/en/feeds/committees/{second.public_id}/"))
    assert {e["title"].split(":")[0] for e in got} == {bills["mine"].number}


def test_a_deputys_feed(client, bills):
    root = feed(client, f"/en/feeds/deputies/{bills['deputy'].uuid}/")
    assert bills["deputy"].last_name_en in root.findtext(f"{ATOM}title")
    got = entries(root)
    assert [e["title"] for e in got] == [
        f"{bills['mine'].number}: Referred to committees",
        f"{bills['mine'].number}: Introduced in the Majilis",
    ]


def test_unknown_ids_are_404(client, parliament):
    assert client.get(f"/en/feeds/bills/{uuid.uuid4()}/").status_code == 404
    assert client.get(f"/en/feeds/deputies/{uuid.uuid4()}/").status_code == 404
    assert client.get("/en/feeds/committees/majilis-viii-nothing/").status_code == 404
    assert client.get("/en/feeds/committees/nonsense/").status_code == 404


def test_pages_link_their_feeds(client, bills):
    adopted = bills["adopted"]
    listing = client.get("/en/bills/").content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in listing
    assert 'href="/en/feeds/bills/"' in listing
    page = client.get(f"/en/bills/{adopted.uuid}/").content.decode()
    assert f'href="/en/feeds/bills/{adopted.uuid}/"' in page


def test_feed_query_counts_do_not_grow(client, bills, django_assert_num_queries):
    deputy, first = bills["deputy"], bills["first"]
    urls = {
        "/en/feeds/bills/": 1,  # the events with their bills
        f"/en/feeds/bills/{bills['adopted'].uuid}/": 2,  # the bill; its events
        f"/en/feeds/committees/{first.public_id}/": 2,  # the committee; events
        f"/en/feeds/deputies/{deputy.uuid}/": 2,  # the deputy; events
    }
    for url, count in urls.items():
        with django_assert_num_queries(count):
            client.get(url)
    for n in range(5):
        bill = services.bill_create(
            kind="law",
            initiator_type="deputies",
            initiators=[deputy.pk],
            title={"kk": "Заң", "ru": "Закон", "en": "Law"},
            registered_on=START + datetime.timedelta(days=n),
        )
        services.bill_apply_action(
            bill=bill, action="referred", date=bill.registered_on, committees=[first.pk]
        )
    for url, count in urls.items():
        with django_assert_num_queries(count):
            client.get(url)
