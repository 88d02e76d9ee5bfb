import argparse
import random
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from bills.demo import seed_bills
from bills.scale import SCALES, delete_demo, load_scale
from chambers.models import Convocation
from deputies.demo import seed_composition


class Command(BaseCommand):
    help = (
        "Fill the database with clearly marked demo data; running it again replaces the "
        "previous demo data with the same rows (deterministic for a given --seed). "
        "--scale demo (default): synthetic deputies in every seat of the VIII convocation and "
        "about 200 bills walked through the procedure by the services, with their roll calls "
        "and history. "
        f"--scale national: {SCALES['national'].help}. "
        f"--scale large: {SCALES['large'].help}; with the real chamber sizes (39 to 107 "
        "seats, so every threshold stays right) 12 million ballots need about 150,000 votes "
        "rather than 40,000. "
        "The national and large scales are generated with the procedure's rules and "
        "bulk-loaded (COPY on PostgreSQL, executemany on SQLite): their rows have no "
        "django-simple-history records, and convocations I–VII, which have no factions or "
        "committees in the reference data, get ballots without a faction and referrals "
        "without a committee. Check the result with `manage.py verify_data`."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["demo", *SCALES], default="demo")
        parser.add_argument("--seed", type=int, default=2023)
        # The generator at another size, for tests.
        parser.add_argument("--bills", type=int, default=None, help=argparse.SUPPRESS)
        parser.add_argument(
            "--no-plain-copy",
            action="store_false",
            dest="plain_copy",
            help="Skip timing a plain COPY of the ballots for comparison (PostgreSQL).",
        )

    def handle(self, *args, scale, seed, bills, plain_copy, **options):
        started = time.monotonic()
        convocation = Convocation.objects.filter(legislature="parliament", number=8).first()
        if convocation is None:
            raise CommandError("Reference data is missing: run `python manage.py migrate` first.")
        # Modeltranslation fills the untranslated column from the active language.
        with translation.override(settings.LANGUAGE_CODE):
            if scale != "demo":
                report = load_scale(
                    scale, seed=seed, bills=bills, plain_copy=plain_copy, log=self.stdout.write
                )
                self.stdout.write(f"Demo data ({scale}, seed {seed}):")
                for line in report.lines():
                    self.stdout.write(f"  {line}")
                return
            rng = random.Random(seed)
            with transaction.atomic():
                # Ballots protect the deputies who cast them: the bills go first.
                delete_demo()
                counts = seed_composition(rng=rng, convocation=convocation)
                counts |= seed_bills(rng=rng, convocation=convocation)
        summary = ", ".join(f"{n} {kind}" for kind, n in counts.items())
        elapsed = time.monotonic() - started
        self.stdout.write(f"Demo data ({scale}, seed {seed}): {summary} in {elapsed:.1f} s.")
