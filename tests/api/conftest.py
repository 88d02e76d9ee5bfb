import datetime

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from bills import services
from bills.models import Bill, Document
from chambers.models import Committee
from deputies.models import Mandate

START = datetime.date(2024, 5, 6)  # both chambers full (tests/bills/test_services.py)
DAY = datetime.timedelta(days=1)
TITLE = {"kk": "Сынақ заңы", "ru": "Тестовый закон", "en": "Test law"}
SUMMARY = {"kk": "Салық туралы", "ru": "О налогах", "en": "On taxes"}
COMMITTEES = ["majilis-viii-legislation", "majilis-viii-finance"]


@pytest.fixture(autouse=True)
def _no_throttling(settings):
    """Throttles count in the shared cache across tests; tests that need them turn them on."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None},
    }


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def as_clerk(clerks):
    """API clients authenticated with the clerks' tokens: alice, bob, carol."""

    def client_for(user):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
        return client

    return [client_for(user) for user in clerks]


@pytest.fixture
def make_bills(parliament, record):
    """Deputies' bills, each with two initiators, referred to two committees, with a first
    reading passed by a Majilis vote (an action backed by the vote) and a document."""

    def make(count: int) -> list[Bill]:
        initiators = list(
            Mandate.objects.serving_on(START, "majilis")
            .order_by("pk")
            .values_list("deputy_id", flat=True)[:2]
        )
        by_id = {c.public_id: c.pk for c in Committee.objects.by_public_ids(COMMITTEES)}
        made = []
        for _ in range(count):
            bill = services.bill_create(
                kind="law",
                initiator_type="deputies",
                initiators=initiators,
                title=TITLE,
                summary=SUMMARY,
                registered_on=START,
            )
            services.bill_apply_action(
                bill=bill,
                action="referred",
                date=START,
                committees=[by_id[c] for c in COMMITTEES],
            )
            bill = Bill.objects.get(pk=bill.pk)
            vote = record(bill, "majilis", START + DAY, 60)
            services.bill_apply_action(
                bill=Bill.objects.get(pk=bill.pk),
                action="first_reading_approved",
                date=START + DAY,
                votes=[vote.pk],
            )
            Document.objects.create(
                bill=bill,
                language="kk",
                stage="majilis_committee",
                title="Заң жобасы",
                url="https://example.org/bill.pdf",
                date=START,
            )
            made.append(Bill.objects.get(pk=bill.pk))
        return made

    return make


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: long-running (schemathesis); -m 'not slow' skips")
