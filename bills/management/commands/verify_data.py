import time

from django.core.management.base import BaseCommand, CommandError

from bills.verify import CHECKS, run_checks


class Command(BaseCommand):
    help = (
        "Check every bill, vote and ballot in the database (demo or not) against the "
        "invariants the services keep: stages follow the events, events follow the procedure "
        "of their era, tallies match the ballots and the thresholds of the established seats, "
        "ballots come from deputies serving that day with their faction of that day, law "
        "numbers are unique. Fails when any check finds a violation."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="append",
            choices=[name for name, _ in CHECKS],
            help="Run only this check (repeatable).",
        )

    def handle(self, *args, check=None, **options):
        started = time.monotonic()

        def report(result):
            status = "ok" if not result.violations else f"{result.violations:,} violations"
            self.stdout.write(f"{result.name}: {status} ({result.seconds:.1f} s)")
            for example in result.examples:
                self.stdout.write(f"    {example}")

        results = run_checks(check, on_check=report)
        failed = [r.name for r in results if r.violations]
        self.stdout.write(f"{len(results)} checks in {time.monotonic() - started:.1f} s")
        if failed:
            raise CommandError(f"Data violates: {', '.join(failed)}")
