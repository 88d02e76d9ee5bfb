from django.core.management.base import BaseCommand

from bills import services


class Command(BaseCommand):
    help = (
        "Request every report for the latest convocation. With REDIS_URL set the Celery "
        "workers build them; without it they are built here and now."
    )

    def handle(self, *args, **options):
        for report in services.reports_request_all():
            report.refresh_from_db()
            self.stdout.write(f"{report.kind}: {report.status}")
