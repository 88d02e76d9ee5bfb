"""What every API answer carries: API-Version, CORS for reading, conditional GET (ETag,
Last-Modified, 304), throttling with Retry-After; the schema, the docs and the downloads."""

import os
import uuid

import pytest
import yaml
from django.apps import apps
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import http_date

from bills.models import Bill, Report
from parlament.api import DELETIONS_INDEXED, _count, latest_change
from tests.conftest import needs_postgresql

V1 = "/api/v1/"


def test_every_api_answer_names_the_version(api, db):
    for path in ("bills/", "nope/", f"bills/{uuid.UUID(int=0)}/", "schema/"):
        assert api.get(V1 + path)["API-Version"] == "1.1"


def test_reading_is_open_to_any_origin(api, db):
    response = api.get(V1 + "bills/", HTTP_ORIGIN="https://newsroom.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = api.options(
        V1 + "bills/",
        HTTP_ORIGIN="https://newsroom.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]


def test_writes_are_not_open_to_other_origins(as_clerk, parliament):
    response = as_clerk[0].post(
        V1 + "reports/", {"kind": "deadlines"}, format="json", HTTP_ORIGIN="https://evil.example"
    )
    assert response.status_code == 202
    assert "Access-Control-Allow-Origin" not in response


def test_etag_answers_304_until_the_data_changes(api, make_bills):
    (bill,) = make_bills(1)
    first = api.get(V1 + "bills/")
    etag = first["ETag"]
    assert first["Cache-Control"] == "no-cache"
    again = api.get(V1 + "bills/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    csv = api.get(V1 + "bills/", {"format": "csv"}, HTTP_IF_NONE_MATCH=etag)
    assert csv.status_code == 200  # another representation, another ETag
    Bill.objects.filter(pk=bill.pk).update(priority=True, updated_at=timezone.now())
    changed = api.get(V1 + "bills/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_last_modified_follows_updated_at(api, make_bills):
    (bill,) = make_bills(1)
    bill.refresh_from_db()
    detail = api.get(f"{V1}bills/{bill.uuid}/")
    assert detail["Last-Modified"] == http_date(bill.updated_at.timestamp())
    listed = api.get(V1 + "bills/")
    assert listed["Last-Modified"] == http_date(bill.updated_at.timestamp())
    unchanged = api.get(V1 + "bills/", HTTP_IF_MODIFIED_SINCE=listed["Last-Modified"])
    assert unchanged.status_code == 304
    vote = bill.votes.get()
    ballots = api.get(f"{V1}votes/{vote.uuid}/ballots/")
    assert ballots["Last-Modified"] == http_date(vote.updated_at.timestamp())
    # Reference data has no change time: ETag only.
    assert "Last-Modified" not in api.get(V1 + "deputies/")


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI sets it)")
def test_counts_are_shared_in_redis():
    key = f"test:{uuid.uuid4()}"
    assert [_count(key, 5) for _ in range(3)] == [1, 2, 3]
    assert cache.get(key) == 3  # where every worker sees it


@pytest.fixture
def own_cache(settings):
    """A cache of the test's own, so counts from other tests or runs never meet it."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"throttle-{uuid.uuid4()}",
        }
    }


def test_too_many_requests_are_429_with_retry_after(api, db, settings, own_cache):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/min", "user": "5/min"},
    }
    address = {"REMOTE_ADDR": "192.0.2.7"}
    for _ in range(3):
        assert api.get(V1 + "chambers/", **address).status_code == 200
    refused = api.get(V1 + "chambers/", **address)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 61
    assert refused.json()["error"]["code"] == "throttled"
    # Counted per address; a spoofed X-Forwarded-For does not make a new client.
    assert api.get(V1 + "chambers/", REMOTE_ADDR="192.0.2.8").status_code == 200
    spoofed = api.get(V1 + "chambers/", HTTP_X_FORWARDED_FOR="203.0.113.1", **address)
    assert spoofed.status_code == 429


def test_token_holders_have_their_own_higher_limit(as_clerk, db, settings, own_cache):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1/min", "user": "5/min"},
    }
    alice = as_clerk[0]
    statuses = [alice.get(V1 + "chambers/").status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]


def test_the_schema_describes_every_endpoint(api, db):
    response = api.get(V1 + "schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    paths = set(schema["paths"])
    for path in (
        "bills/",
        "bills/{id}/",
        "bills/{id}/actions/",
        "votes/",
        "votes/{id}/",
        "votes/{id}/ballots/",
        "deputies/",
        "deputies/{id}/",
        "deputies/{id}/ballots/",
        "factions/",
        "committees/",
        "chambers/",
        "convocations/",
        "reports/",
        "downloads/",
    ):
        assert f"/api/v1/{path}" in paths
    bills = schema["paths"]["/api/v1/bills/"]["get"]
    names = {p["name"] for p in bills["parameters"]}
    assert {"stage", "q", "updated_since", "include", "page", "per_page", "ordering"} <= names
    assert "text/csv" in bills["responses"]["200"]["content"]
    assert "400" in bills["responses"]
    examples = bills["responses"]["200"]["content"]["application/json"]["examples"]
    example = next(iter(examples.values()))["value"]
    assert example["results"][0]["ocd_id"].startswith("ocd-bill/")
    assert {"Bill", "BillDetail", "Vote", "Ballot", "Deputy", "Error"} <= set(
        schema["components"]["schemas"]
    )
    assert "updated_since" in schema["info"]["description"]


def test_the_docs_page_needs_no_inline_script_or_style(client, db):
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<style" not in html
    assert "<script>" not in html
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/v1/schema/" in script.content.decode()


@pytest.fixture
def dump(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    report = Report.objects.create(
        kind="dump",
        parameters={"convocation": "VIII"},
        key='{"convocation":"VIII"}',
        status="done",
        generated_at=timezone.now(),
    )
    report.file.save("dump-VIII.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18))
    Report.objects.create(kind="dump", parameters={"convocation": "VII"}, key="VII")  # not yet
    return report


def test_downloads_list_the_latest_dumps(api, dump):
    (item,) = api.get(V1 + "downloads/").json()["results"]
    assert item["convocation"] == "VIII"
    assert item["url"] == f"http://testserver/api/v1/reports/{dump.uuid}/file"
    assert item["size"] == 22
    assert item["generated_at"]
    assert api.get(item["url"]).status_code == 200
    assert api.get(V1 + "downloads/", {"convocation": "VII"}).json()["results"] == []


def test_the_downloads_page_links_them(client, dump):
    page = client.get("/api/downloads/")
    assert page.status_code == 200
    assert f"/api/v1/reports/{dump.uuid}/file" in page.content.decode()


@needs_postgresql
@pytest.mark.django_db
@pytest.mark.parametrize("label", sorted(DELETIONS_INDEXED))
def test_the_latest_deletion_is_read_from_its_partial_index(label):
    """latest_change's own queries, explained: the deletion probe uses the partial index of
    bills' migration 0007 (sequential scans off: on a test's few rows one would be as cheap)."""
    model = apps.get_model(label)
    with CaptureQueriesContext(connection) as captured:
        latest_change(model, "updated_at")
    [query] = captured.captured_queries
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + query["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert f"{model.history.model._meta.db_table}_deleted" in plan
