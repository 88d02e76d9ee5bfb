"""bench/reports.py on a small history built through the services: every report kind runs,
and each of its figures equals the one the benchmark's raw SQL computes."""

import datetime

import pytest

from bench.reports import KINDS, measure_reports
from bills import reports, services
from tests.bills.test_services import PATHS, START, STEP, TO_PRESIDENT, TO_SENATE, walk
from tests.conftest import needs_postgresql

pytestmark = [needs_postgresql, pytest.mark.django_db]


@pytest.fixture
def history(new_bill, record):
    """Every path of the procedure once, plus bills left waiting for the Senate and the
    President since 2024 (past their deadlines on the reference date)."""
    paths = [(kind, steps) for kind, steps, _final in PATHS.values()]
    paths += [("law", TO_SENATE), ("law", TO_PRESIDENT), ("ratification", TO_SENATE)]
    for kind, steps in paths:
        walk(new_bill(kind, on=START - STEP), steps, record)
    # A vote in the summer recess: ballots of no session.
    bill = new_bill("law", on=datetime.date(2024, 7, 8))
    committee = bill.convocation.committees.filter(chamber__code="majilis").first()
    services.bill_apply_action(
        bill=bill, action="referred", date=datetime.date(2024, 7, 9), committees=[committee.pk]
    )
    bill.refresh_from_db()
    record(bill, "majilis", datetime.date(2024, 7, 15), 60)


def test_every_kind_matches_its_raw_sql(history, tmp_path):
    # The history reaches the figures worth comparing.
    assert reports.compute("deadlines", {}, workdir=tmp_path).data["overdue"] >= 3
    deputies = reports.compute("deputies", {}, workdir=tmp_path).data["deputies"]
    assert any("none" in d["sessions"] for d in deputies)
    assert any(d["with_line"] for d in deputies)

    results = measure_reports(convocation="VIII", repeat=1, budget=0)
    assert [row["kind"] for row in results] == list(KINDS)
    for row in results:
        assert row["runs"] == 1, row["kind"]
        assert row["report_s"] > 0 and row["raw_s"] > 0, row["kind"]
        assert row["ratio"] is not None and row["target"] == 1.3
        assert row["rss_after_mb"] >= row["rss_before_mb"] > 0
    assert results[0]["parameters"] == {"convocation": "VIII"}
    assert next(r for r in results if r["kind"] == "deadlines")["parameters"] == {}
