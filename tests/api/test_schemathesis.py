"""Schemathesis against the schema the app serves: every operation, at least 200 generated
cases each (valid and invalid input), no 5xx, every answer valid against the schema (status,
content type, headers, body), invalid input refused; the writes run with a staff token and
change nothing when they answer 4xx.

Slow (about two minutes on SQLite): `-m "not slow"` leaves it out of a quick run; CI runs it.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from bills.models import Ballot, Bill, BillEvent, Report, Tally, Vote
from deputies.models import Deputy

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

# Loaded from the app itself (building it needs no database).
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", WSGIHandler())
schema.config.generation.update(modes=["positive", "negative"], max_examples=200)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
MIN_CASES = 200
WRITTEN = (Bill, BillEvent, Vote, Tally, Ballot, Report, Deputy)


def rows() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in WRITTEN}


@pytest.fixture
def world(make_bills, clerks, settings, tmp_path):
    """Bills with actions, votes and ballots to read; the token of a clerk of both chambers.
    Counts the cases run: at least MIN_CASES per operation."""
    settings.MEDIA_ROOT = tmp_path  # reports write their files here
    # As Django's test client does: requests through the WSGI handler must not close the
    # connection that holds the test's transaction.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    make_bills(2)
    world = {
        "headers": {"Authorization": f"Token {Token.objects.create(user=clerks[2]).key}"},
        "cases": 0,
    }
    yield world
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)
    assert world["cases"] >= MIN_CASES, world["cases"]


@schema.parametrize()
@settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api(case, world):
    world["cases"] += 1
    before = rows() if case.method != "GET" else None
    response = case.call_and_validate(headers=world["headers"], checks=CHECKS)
    if before is not None and 400 <= response.status_code < 500:
        assert rows() == before, f"{case.method} {case.path} answered {response.status_code}"
