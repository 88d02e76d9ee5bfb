import secrets

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from deputies.models import Deputy


class Command(BaseCommand):
    help = (
        "Prepare a local portal: migrate, load demo data into an empty database and create "
        "a staff account with a one-time password."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        call_command("migrate", interactive=False, verbosity=0)
        if Deputy.objects.exists():
            self.stdout.write("The database already has deputies: demo data left as it is.")
        else:
            call_command("seed_demo", stdout=self.stdout)
        call_command("build_reports", stdout=self.stdout)
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write(
                "A staff account exists. To add one: python manage.py createsuperuser"
            )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Staff account for http://127.0.0.1:8000/admin/ — user: {username}  "
                f"password: {password}  (shown once; change it with "
                f"`python manage.py changepassword {username}`)"
            )
        )
