"""Celery tasks: each takes ids and calls one service, so a retry repeats the same work."""

from celery import shared_task
from django.db import OperationalError

from . import services


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
    soft_time_limit=1800,
    time_limit=1900,
)
def build_report(report_id: int) -> None:
    services.report_build(report_id=report_id)


@shared_task
def request_all_reports() -> None:
    """Scheduled nightly by Celery beat (settings.CELERY_BEAT_SCHEDULE)."""
    services.reports_request_all()
