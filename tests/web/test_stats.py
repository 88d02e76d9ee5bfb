"""The statistics page: the latest result of each report, charts as SVG with their data, the
dump's link, "not computed yet" where a report has no result, in kk, ru and en, in a fixed
number of queries."""

import datetime
import re

import pytest
from django.utils import timezone

from bills import services
from bills.models import Report
from tests.bills.test_services import PATHS, walk

pytestmark = pytest.mark.django_db

KINDS = Report.Kind.values


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def add_bills(new_bill, record, names):
    for name in names:
        kind, steps, _final = PATHS[name]
        walk(new_bill(kind, on=datetime.date(2024, 5, 3)), steps, record)


def build(kind, parameters=None):
    report = services.report_request(kind=kind, parameters=parameters or {})
    services.report_build(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == Report.Status.DONE, report.error
    return report


@pytest.fixture
def built(media, new_bill, record):
    add_bills(
        new_bill,
        record,
        ["two readings, signed, in force", "rejected by the Majilis in committee stage"],
    )
    new_bill("law", on=datetime.date(2024, 5, 3))  # still registered
    return {kind: build(kind) for kind in KINDS}


def page(client, lang="en") -> str:
    response = client.get(f"/{lang}/stats/")
    assert response.status_code == 200
    return response.content.decode()


def test_not_computed_yet(client):
    html = page(client)
    assert html.count("Not computed yet.") == len(KINDS)
    assert "<svg" not in html


def test_a_queued_or_failed_report_without_a_result_is_not_computed_yet(client):
    services.report_request(kind="activity", parameters={})  # queued, never built here
    failed = services.report_request(kind="dump", parameters={})
    Report.objects.filter(pk=failed.pk).update(status=Report.Status.FAILED, error="boom")
    html = page(client)
    assert html.count("Not computed yet.") == len(KINDS)
    assert "A new computation is under way." in html
    assert "The last computation failed." in html and "previous result" not in html


def test_results_charts_and_times(client, built):
    html = page(client)
    assert "Not computed yet." not in html
    # One chart per figure the brief names, each with a title and a description.
    for chart in ("outcome", "initiators", "stages", "events", "votes", "signed"):
        assert f'id="chart-{chart}" ' in html, chart
        assert f'<title id="chart-{chart}-title">' in html
        assert f'<desc id="chart-{chart}-desc">' in html
    assert html.count('role="img"') == 6
    summary = built["convocation_summary"]
    for report in built.values():  # when each was computed, in Almaty time
        assert f'<time datetime="{timezone.localtime(report.generated_at).isoformat()}">' in html
    assert html.count("Computed") == len(KINDS)
    # The figures come from the stored result.
    outcome = summary.data["by_outcome"]
    assert outcome == {"signed": 1, "rejected": 1, "withdrawn": 0, "pending": 1}
    assert "<title>Signed into law: 1</title>" in html
    assert "<title>Pending: 1</title>" in html
    # The separate counters of DOMAIN.md B7.
    assert re.search(
        r"Adopted by the Majilis \(including re-adopted\)</th><td class=\"num\">1<", html
    )
    assert re.search(r"Approved by the Senate</th><td class=\"num\">1<", html)


def test_dump_link_and_counts(client, built):
    html = page(client)
    dump = built["dump"]
    assert dump.file.name.endswith(".zip")
    assert f'href="{dump.file.url}"' in html
    ballots = dump.data["counts"]["ballots"]
    assert ballots > 0
    assert (
        f'<code>ballots.csv</code>, <code>ballots.json</code></th><td class="num">{ballots}<'
        in html
    )


def test_charts_obey_the_content_security_policy(client, built):
    response = client.get("/en/stats/")
    html = response.content.decode()
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert " style=" not in html and "<style" not in html and "<script" not in html
    assert 'fill="#' in html


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("kk", ["Мәжіліс комитетінде", "Қол қойылды", "Қаңтар"]),
        ("ru", ["В комитете Мажилиса", "Подписан", "Январь"]),
        ("en", ["In a Majilis committee", "Signed into law", "January"]),
    ],
)
def test_each_language(client, built, lang, words):
    html = page(client, lang)
    assert f'<html lang="{lang}">' in html
    for word in words:
        assert word in html, word


def test_notes_when_a_rerun_is_under_way_or_failed(client, built):
    Report.objects.filter(pk=built["activity"].pk).update(status=Report.Status.RUNNING)
    Report.objects.filter(pk=built["committees"].pk).update(status=Report.Status.FAILED)
    html = page(client)
    assert "Not computed yet." not in html
    assert "A new computation is under way." in html
    assert "The last computation failed; this is the previous result." in html


def test_query_count_does_not_grow_with_reports_or_bills(
    client, built, django_assert_num_queries, new_bill, record
):
    # The demo-data flag, the latest convocation, the reports.
    with django_assert_num_queries(3):
        page(client)
    add_bills(
        new_bill,
        record,
        ["adopted in one reading", "Senate amendments accepted", "objections accepted: rejected"],
    )
    for kind in KINDS:
        build(kind)
    for session in (2, 3):
        build("deputies", {"session": session})
    build("activity", {"convocation": "VII"})
    assert Report.objects.count() == len(KINDS) + 3
    with django_assert_num_queries(3):
        html = page(client)
    assert "Not computed yet." not in html
