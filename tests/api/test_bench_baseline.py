"""The benchmark's raw-SQL baseline (bench/server.py) answers with the same JSON as the API:
a ratio between two different answers would mean nothing."""

import pytest

from tests.conftest import needs_postgresql

pytestmark = [pytest.mark.django_db, needs_postgresql]


@pytest.mark.parametrize(
    "query",
    ["per_page=50", "per_page=2", "per_page=50&stage={stage}", "per_page=50&include=actions"],
)
def test_the_raw_baseline_serves_the_api_json(api, make_bills, settings, query):
    settings.ROOT_URLCONF = "bench.server"
    query = query.format(stage=make_bills(3)[0].stage)
    ours = api.get(f"/api/v1/bills/?{query}")
    raw = api.get(f"/api/raw-bench/bills/?{query}")
    assert ours.status_code == raw.status_code == 200
    assert ours.json()["results"]  # something to compare
    assert raw.json() == ours.json()


def test_the_trivial_view(client, settings, db):
    settings.ROOT_URLCONF = "bench.server"
    assert client.get("/bench/trivial/").content == b"ok"
