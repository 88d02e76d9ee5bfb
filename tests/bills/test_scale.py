"""seed_demo's bulk scales at a small size: the generated history obeys the procedure
(verify_data passes), the same seed gives the same rows, a re-run replaces the demo data and
keeps everything else, and verify_data names the check a corrupted row breaks."""

import datetime
import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from bills import services
from bills.models import Ballot, Bill, BillEvent, Document, FactionLine, Tally, Vote
from bills.scale import load_scale
from bills.verify import run_checks
from deputies.models import Deputy, Mandate
from tests.conftest import needs_postgresql

pytestmark = pytest.mark.django_db
SMALL = 40


def load(seed=11, bills=SMALL, **kwargs):
    return load_scale("national", seed=seed, bills=bills, plain_copy=False, **kwargs)


def digest() -> dict[str, str]:
    """The demo rows by their stable keys (uuids), without database ids."""
    deputy = dict(Deputy.objects.values_list("pk", "uuid"))
    queries = {
        "deputies": Deputy.objects.values_list("uuid", "last_name_ru", "birth_date"),
        "mandates": Mandate.objects.values_list(
            "deputy__uuid", "chamber__code", "basis", "starts_on", "ends_on"
        ),
        "bills": Bill.objects.values_list(
            "uuid", "number", "kind", "stage", "stage_since", "law_serial", "title_ru",
            "search_text", "created_at", "updated_at",
        ),
        "events": BillEvent.objects.values_list(
            "bill__uuid", "sequence", "action", "date", "from_stage", "to_stage", "body"
        ),
        "votes": Vote.objects.values_list(
            "uuid", "bill__uuid", "body", "date", "motion", "rule", "result", "official_yes"
        ),
        "tallies": Tally.objects.values_list(
            "vote__uuid", "chamber__code", "seats", "threshold", "yes", "no", "absent"
        ),
        "ballots": Ballot.objects.values_list("vote__uuid", "deputy_id", "option", "faction_id"),
        "documents": Document.objects.values_list("bill__uuid", "language", "url", "date"),
    }  # fmt: skip
    result = {}
    for name, rows in queries.items():
        rows = [tuple(row) for row in rows.order_by()]
        if name == "ballots":
            rows = [(v, deputy[d], o, f) for v, d, o, f in rows]
        text = "\n".join(map(repr, sorted(rows, key=repr)))
        result[name] = hashlib.sha256(text.encode()).hexdigest()
    return result


def failing(**only) -> dict[str, int]:
    return {c.name: c.violations for c in run_checks(**only) if c.violations}


def test_small_national_scale_passes_every_check():
    out = StringIO()
    call_command("seed_demo", scale="national", bills=SMALL, seed=3, stdout=out)
    assert "ballot: " in out.getvalue()
    assert Bill.objects.filter(is_demo=True).count() == SMALL
    # Every convocation has bills, deputies in every seat, and roll calls.
    assert Bill.objects.values("convocation").distinct().count() == 8
    assert Ballot.objects.exists() and Document.objects.exists()
    assert Bill.objects.filter(stage="signed", law_serial__isnull=False).exists()
    assert Ballot.objects.filter(faction__isnull=False).exists()  # the VIII convocation's
    report = StringIO()
    call_command("verify_data", stdout=report)
    assert "violations" not in report.getvalue()
    assert report.getvalue().count(": ok") == 12


def test_same_seed_same_rows_and_a_rerun_replaces_only_demo_data():
    real = services.bill_create(
        kind="law",
        initiator_type="government",
        title={"kk": "Нақты заң", "ru": "Настоящий закон", "en": "A real law"},
        registered_on=datetime.date(2024, 1, 10),
    )
    person = Deputy.objects.create(last_name="Real", first_name="Person")
    load()
    first = digest()
    counts = (Bill.objects.count(), Ballot.objects.count(), Deputy.objects.count())
    load()
    assert digest() == first
    assert (Bill.objects.count(), Ballot.objects.count(), Deputy.objects.count()) == counts
    # The real bill and deputies stay; demo serials count on from the real bill's.
    assert Bill.objects.filter(pk=real.pk, is_demo=False).exists()
    assert list(Deputy.objects.filter(is_demo=False)) == [person]
    viii = Bill.objects.filter(convocation=real.convocation, is_demo=True)
    assert min(viii.values_list("serial", flat=True)) == real.serial + 1
    assert failing() == {}
    load(seed=12)
    assert digest()["bills"] != first["bills"]


def test_verify_data_names_the_check_a_corrupted_row_breaks():
    load()
    assert failing() == {}
    tally = Tally.objects.order_by("pk").first()
    Tally.objects.filter(pk=tally.pk).update(yes=tally.yes + 1, absent=tally.absent - 1)
    ballot = Ballot.objects.filter(faction__isnull=False).order_by("pk").first()
    Ballot.objects.filter(pk=ballot.pk).update(faction=None)
    signed = BillEvent.objects.filter(action="signed").order_by("pk").first()
    BillEvent.objects.filter(pk=signed.pk).update(date=signed.date - datetime.timedelta(days=400))
    problems = failing()
    assert problems["tally_counts"] == 1
    assert problems["ballot_factions"] == 1
    assert problems["event_actions"] >= 1
    out = StringIO()
    with pytest.raises(CommandError, match="tally_counts"):
        call_command("verify_data", check=["tally_counts", "law_numbers"], stdout=out)
    assert "tally_counts: 1 violations" in out.getvalue()
    assert "law_numbers: ok" in out.getvalue()


def test_verify_data_finds_a_wrong_or_a_missing_faction_line():
    load()
    assert FactionLine.objects.exists()  # the loader stores them
    line = FactionLine.objects.order_by("pk").first()
    FactionLine.objects.filter(pk=line.pk).update(option="no" if line.option == "yes" else "yes")
    assert failing() == {"faction_lines": 2}  # a line the ballots do not give; theirs missing
    FactionLine.objects.filter(pk=line.pk).delete()
    assert failing() == {"faction_lines": 1}


def schema() -> list[tuple]:
    """Every index and constraint of the bills tables, with its definition."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT tablename, indexname, indexdef FROM pg_indexes
                WHERE tablename LIKE 'bills%%'
               UNION ALL
               SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)
                 FROM pg_constraint WHERE conrelid::regclass::text LIKE 'bills%%'
               ORDER BY 1, 2, 3"""
        )
        return cursor.fetchall()


@needs_postgresql
def test_copy_path_on_postgresql_times_a_plain_copy():
    assert connection.vendor == "postgresql"
    before = schema()
    report = load_scale("national", seed=5, bills=SMALL, plain_copy=True)
    # The indexes and keys dropped for the load are back, exactly as they were.
    assert schema() == before
    assert any("indexes and keys rebuilt" in line for line in report.lines())
    assert report.counts["bills_ballot"] == Ballot.objects.count() > 0
    assert report.plain_copy is not None
    assert any("plain COPY of the same rows" in line for line in report.lines())
    # The tsvectors are filled set-based after the load.
    assert not Bill.objects.filter(is_demo=True, search_ru__isnull=True).exists()
    assert failing() == {}
    first = digest()
    load_scale("national", seed=5, bills=SMALL, plain_copy=False)
    assert digest() == first
