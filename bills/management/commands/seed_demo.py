import random
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from bills.demo import delete_demo_bills, seed_bills
from chambers.models import Convocation
from deputies.demo import seed_composition
from deputies.models import Deputy


class Command(BaseCommand):
    help = (
        "Fill the database with clearly marked demo data: synthetic deputies in every seat of "
        "the VIII convocation and about 200 bills walked through the procedure with their "
        "roll calls. Deterministic for a given --seed; running it again replaces the previous "
        "demo data with the same rows."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["demo"], default="demo")
        parser.add_argument("--seed", type=int, default=2023)

    def handle(self, *args, scale, seed, **options):
        started = time.monotonic()
        convocation = Convocation.objects.filter(legislature="parliament", number=8).first()
        if convocation is None:
            raise CommandError("Reference data is missing: run `python manage.py migrate` first.")
        rng = random.Random(seed)
        # Modeltranslation fills the untranslated column from the active language.
        with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
            # Ballots protect the deputies who cast them: the bills go first.
            delete_demo_bills()
            Deputy.objects.filter(is_demo=True).delete()
            counts = seed_composition(rng=rng, convocation=convocation)
            counts |= seed_bills(rng=rng, convocation=convocation)
        summary = ", ".join(f"{n} {kind}" for kind, n in counts.items())
        elapsed = time.monotonic() - started
        self.stdout.write(f"Demo data ({scale}, seed {seed}): {summary} in {elapsed:.1f} s.")
