"""Requesting and building reports: one row per kind and parameters, idempotent builds."""

import pytest
from django.db import connection

from bills import reports, services
from bills.models import Report
from bills.services import DomainError
from tests.conftest import needs_postgresql

pytestmark = pytest.mark.django_db


def test_one_report_per_kind_and_parameters_while_queued():
    first = services.report_request(kind="activity")
    again = services.report_request(kind="activity", parameters={"convocation": "VIII"})
    assert again.pk == first.pk
    assert Report.objects.count() == 1
    assert first.status == "queued"  # the task runs after commit


def test_a_build_runs_once_per_request(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_request(kind="committees")
    report.refresh_from_db()
    assert (report.status, report.attempts) == ("done", 1)
    services.report_build(report_id=report.pk)  # a redelivered message: nothing to do
    report.refresh_from_db()
    assert report.attempts == 1
    assert report.generated_at is not None and report.data


def test_a_failed_build_is_marked_and_raised(monkeypatch):
    report = services.report_request(kind="deadlines")

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(reports, "compute", broken)
    with pytest.raises(RuntimeError):
        services.report_build(report_id=report.pk)
    report.refresh_from_db()
    assert (report.status, report.error) == ("failed", "RuntimeError: disk full")


def test_unknown_kinds_and_parameters_are_refused():
    with pytest.raises(DomainError) as error:
        services.report_request(kind="gossip")
    assert (error.value.code, error.value.field) == ("unknown_report", "kind")
    with pytest.raises(DomainError) as error:
        services.report_request(kind="activity", parameters={"colour": "red"})
    assert (error.value.code, error.value.field) == ("bad_parameters", "parameters")
    assert not Report.objects.exists()


@needs_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_report_reads_one_read_only_snapshot():
    """Outside any transaction a report opens its own: REPEATABLE READ and read-only, its
    cursors planned for the whole result."""
    with reports._snapshot(), connection.cursor() as cursor:
        shown = {}
        for name in ("transaction_isolation", "transaction_read_only", "cursor_tuple_fraction"):
            cursor.execute(f"SHOW {name}")
            shown[name] = cursor.fetchone()[0]
    assert shown == {
        "transaction_isolation": "repeatable read",
        "transaction_read_only": "on",
        "cursor_tuple_fraction": "1",
    }
