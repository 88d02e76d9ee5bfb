"""Every figure of bills.reports checked against the same figure computed another way on the
same data: hand-written SQL (`connection.cursor()`), a Python pass over raw rows, the
procedure applied to each bill separately, or counting what the test itself created through
the services.

The demo data (seed_demo: about 200 bills, 400 votes, 34 000 ballots) is built once for the
module and removed at its end; tests that add bills do so inside their own transaction.
"""

import csv
import datetime
import io
import json
import statistics
import uuid
import zipfile
from collections import Counter, defaultdict
from contextlib import contextmanager

import pytest
from django.db import connection
from django.db.models.query import QuerySet
from django.utils import timezone, translation
from hypothesis import given, settings
from hypothesis import strategies as st

from bills import procedure as P
from bills import reports, services
from bills.demo import delete_demo_bills
from bills.models import Ballot, Bill, BillEvent, Report, Tally, Vote
from chambers.models import Convocation
from deputies.models import Deputy
from parlament.views import reference_date
from tests.bills.test_services import PATHS, REFER, walk

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]
FINAL = ("signed", "rejected", "withdrawn")


@pytest.fixture
def viii():
    return Convocation.objects.get(legislature="parliament", number=8)


def compute(kind, tmp_path, **parameters):
    return reports.compute(kind, parameters, workdir=tmp_path)


def sql(query, params=()):
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def day(value) -> datetime.date:
    """SQLite returns dates as text, PostgreSQL as dates."""
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


def public(value) -> str:
    """SQLite stores a UUID as 32 hex digits, PostgreSQL as a uuid."""
    return str(uuid.UUID(str(value)))


def p90(values):
    return round(statistics.quantiles(values, n=10, method="inclusive")[8], 1)


def median(values):
    return round(statistics.median(values), 1)


# --- clean_parameters -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "parameters", "names"),
    [
        ("convocation_summary", {"year": 2024}, ["year"]),
        ("deadlines", {"convocation": "VIII"}, ["convocation"]),
        ("activity", {"session": 2}, ["session"]),
        ("deputies", {"convocation": "IX"}, ["convocation", "IX"]),
        ("dump", {"convocation": 8}, ["convocation"]),
        ("committees", {"convocation": "eight"}, ["convocation"]),
        ("deputies", {"session": 9}, ["session", "9"]),
        ("deputies", {"session": "second"}, ["session"]),
        ("deputies", {"session": True}, ["session"]),
        ("deputies", {"convocation": "VII", "session": 5}, ["session"]),
        ("weather", {}, ["weather"]),
    ],
)
def test_clean_parameters_names_what_is_wrong(kind, parameters, names):
    with translation.override("en"), pytest.raises(ValueError) as error:
        reports.clean_parameters(kind, parameters)
    for name in names:
        assert name in str(error.value)


def test_clean_parameters_fills_the_default_and_normalises():
    assert reports.clean_parameters("deadlines", {}) == {}
    assert reports.clean_parameters("activity", {}) == {"convocation": "VIII"}
    assert reports.clean_parameters("dump", {"convocation": " viii "}) == {"convocation": "VIII"}
    assert reports.clean_parameters("deputies", {"session": "2"}) == {
        "convocation": "VIII",
        "session": 2,
    }
    assert reports.clean_parameters("deputies", {"convocation": "VII", "session": None}) == {
        "convocation": "VII"
    }


def test_one_report_row_per_kind_and_parameters():
    first = services.report_request(kind="deputies", parameters={})
    again = services.report_request(kind="deputies", parameters={"convocation": "viii"})
    other = services.report_request(kind="deputies", parameters={"session": 3})
    assert first.pk == again.pk != other.pk
    assert first.parameters == {"convocation": "VIII"}
    assert Report.objects.filter(kind="deputies").count() == 2
    with pytest.raises(services.DomainError) as error:
        services.report_request(kind="deputies", parameters={"chamber": "senate"})
    assert error.value.field == "parameters" and "chamber" in error.value.message


# --- percentiles ----------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None, database=None)
@given(days=st.lists(st.integers(-5, 400), max_size=60))
def test_percentile_of_counts_is_the_inclusive_quantile(days):
    """Reports count each number of days in SQL: the quantiles of those counts are Python's
    of the values themselves."""
    counts = Counter(days)
    if len(days) < 2:
        expected = (round(float(days[0]), 1),) * 2 if days else (None, None)
    else:
        expected = (median(days), p90(days))
    assert (reports.percentile(counts, 0.5), reports.percentile(counts, 0.9)) == expected


# --- convocation_summary ------------------------------------------------------------------------


def test_summary_counts_match_sql(viii, tmp_path):
    data = compute("convocation_summary", tmp_path).data
    assert data["convocation"] == "VIII" and data["generated_at"]
    where = "FROM bills_bill WHERE convocation_id = %s"
    [(total,)] = sql(f"SELECT COUNT(*) {where}", [viii.pk])
    assert data["bills"] == total > 150
    for column, figure in (
        ("initiator_type", "by_initiator"),
        ("kind", "by_kind"),
        ("stage", "by_stage"),
    ):
        expected = dict(sql(f"SELECT {column}, COUNT(*) {where} GROUP BY {column}", [viii.pk]))
        assert {k: n for k, n in data[figure].items() if n} == expected, figure
    stages = dict(sql(f"SELECT stage, COUNT(*) {where} GROUP BY stage", [viii.pk]))
    [(signed,)] = sql(f"SELECT COUNT(*) {where} AND signed_on IS NOT NULL", [viii.pk])
    pending = total - sum(stages.get(stage, 0) for stage in FINAL)
    expected = {
        "signed": signed,
        "rejected": stages["rejected"],
        "withdrawn": stages["withdrawn"],
        "pending": pending,
    }
    assert data["by_outcome"] == expected
    assert {k: data["counters"][k] for k in expected} == expected
    [(by_deputies,)] = sql(f"SELECT COUNT(*) {where} AND initiator_type = 'deputies'", [viii.pk])
    assert data["deputy_initiated_share"] == round(by_deputies / total, 4)


@pytest.mark.parametrize(
    ("counter", "actions"),
    [
        ("adopted_by_majilis", ("adopted_by_majilis", "readopted_by_majilis")),
        ("approved_by_senate", ("approved_by_senate",)),
        ("amended_by_senate", ("amended_by_senate",)),
        ("adopted_at_joint_sitting", ("adopted_at_joint_sitting",)),
    ],
)
def test_separate_counters_count_distinct_bills(viii, tmp_path, counter, actions):
    marks = ", ".join(["%s"] * len(actions))
    [(expected,)] = sql(
        "SELECT COUNT(DISTINCT e.bill_id) FROM bills_billevent e JOIN bills_bill b "
        f"ON b.id = e.bill_id WHERE b.convocation_id = %s AND e.action IN ({marks})",
        [viii.pk, *actions],
    )
    assert compute("convocation_summary", tmp_path).data["counters"][counter] == expected > 0


def test_entered_into_force_matches_the_bills_column(viii, tmp_path):
    [(expected,)] = sql(
        "SELECT COUNT(*) FROM bills_bill WHERE convocation_id = %s AND in_force_on IS NOT NULL",
        [viii.pk],
    )
    data = compute("convocation_summary", tmp_path).data
    assert data["counters"]["entered_into_force"] == expected > 0


def test_counters_follow_what_the_services_did(tmp_path, record):
    """Re-adoption after a Senate refusal is one bill adopted by the Majilis, not two; a
    constitutional law adopted at a joint sitting is not adopted by the Majilis."""
    before = compute("convocation_summary", tmp_path).data["counters"]
    walked = [
        "not approved, re-adopted by two thirds, approved",
        "constitutional law at a joint sitting",
        "rejected by the Majilis in second reading",
    ]
    for name in walked:
        kind, steps, _final = PATHS[name]
        registered = datetime.date(2024, 5, 3)
        bill = services.bill_create(
            kind=kind,
            initiator_type="deputies",
            initiators=[Deputy.objects.serving_on(registered, "majilis").first().pk],
            title={"kk": "Сынақ", "ru": "Тест", "en": "Test"},
            registered_on=registered,
        )
        walk(bill, steps, record)
    after = compute("convocation_summary", tmp_path).data["counters"]
    delta = {name: after[name] - before[name] for name in after}
    assert delta == {
        "adopted_by_majilis": 1,
        "approved_by_senate": 1,
        "amended_by_senate": 0,
        "adopted_at_joint_sitting": 1,
        "entered_into_force": 0,
        "signed": 2,
        "rejected": 1,
        "withdrawn": 0,
        "pending": 0,
    }


def test_days_to_signature_match_python_statistics(viii, tmp_path):
    rows = sql(
        "SELECT registered_on, signed_on FROM bills_bill "
        "WHERE convocation_id = %s AND stage = 'signed'",
        [viii.pk],
    )
    days = [(day(signed) - day(registered)).days for registered, signed in rows]
    figure = compute("convocation_summary", tmp_path).data["days_to_signature"]
    assert figure == {"count": len(days), "median": median(days), "p90": p90(days)}


def stays_by_hand(convocation_id):
    """Completed stays in each stage from the raw event rows, walked bill by bill."""
    rows = sql(
        "SELECT e.bill_id, e.from_stage, e.to_stage, e.date FROM bills_billevent e "
        "JOIN bills_bill b ON b.id = e.bill_id WHERE b.convocation_id = %s "
        "ORDER BY e.bill_id, e.sequence",
        [convocation_id],
    )
    stays = defaultdict(list)
    current = {}
    for bill, from_stage, to_stage, on in rows:
        if from_stage == to_stage:
            continue
        if bill in current:
            stage, since = current[bill]
            assert stage == from_stage
            stays[stage].append((day(on) - since).days)
        current[bill] = (to_stage, day(on))
    return stays


def test_days_in_each_stage_match_a_walk_over_raw_events(viii, tmp_path):
    data = compute("convocation_summary", tmp_path).data
    stays = stays_by_hand(viii.pk)
    stages = dict(
        sql(
            "SELECT stage, COUNT(*) FROM bills_bill WHERE convocation_id = %s GROUP BY stage",
            [viii.pk],
        )
    )
    assert set(data["days_in_stage"]) == {s.value for s in P.Stage} - set(FINAL)
    for stage, figure in data["days_in_stage"].items():
        days = stays[stage]
        expected = {
            "count": len(days),
            "median": median(days) if days else None,
            "p90": (p90(days) if len(days) > 1 else float(days[0])) if days else None,
            "open": stages.get(stage, 0),
        }
        assert figure == expected, stage
    assert "excluded" in data["days_in_stage_method"]


def test_stays_and_signature_of_one_walked_bill(tmp_path, record):
    """One more bill through every stage of the main path: one more completed stay in each,
    and one more signature."""
    summary = compute("convocation_summary", tmp_path).data
    before = summary["days_in_stage"]
    kind, steps, _final = PATHS["two readings, signed, in force"]
    bill = services.bill_create(
        kind=kind,
        initiator_type="government",
        title={"kk": "Сынақ", "ru": "Тест", "en": "Test"},
        registered_on=datetime.date(2024, 5, 3),
    )
    walk(bill, steps, record)
    walked = compute("convocation_summary", tmp_path).data
    after = walked["days_in_stage"]
    for stage in ("registered", "majilis_committee", "majilis_second_reading", "senate"):
        assert after[stage]["count"] == before[stage]["count"] + 1, stage
    assert after["president"]["count"] == before["president"]["count"] + 1
    assert after["senate_amendments"] == before["senate_amendments"]
    counted = walked["days_to_signature"]["count"]
    assert counted == summary["days_to_signature"]["count"] + 1


# --- deputies -----------------------------------------------------------------------------------


def ballots_by_hand(convocation):
    """(vote, deputy, faction, option, date) of every ballot in the convocation's dates."""
    rows = sql(
        "SELECT b.vote_id, b.deputy_id, b.faction_id, b.option, v.date FROM bills_ballot b "
        "JOIN bills_vote v ON v.id = b.vote_id WHERE v.date >= %s AND v.date <= %s",
        [convocation.starts_on, convocation.ends_on],
    )
    return [(vote, deputy, faction, option, day(on)) for vote, deputy, faction, option, on in rows]


def against_by_hand(rows):
    """Per deputy: (present ballots in votes where the faction had a majority, against it)."""
    by_group = defaultdict(list)
    for vote, deputy, faction, option, _on in rows:
        if faction is not None and option != "absent":
            by_group[vote, faction].append((deputy, option))
    result = defaultdict(lambda: [0, 0])
    for members in by_group.values():
        tally = Counter(option for _deputy, option in members)
        line = [option for option, n in tally.items() if n > len(members) / 2]
        if not line:
            continue
        for deputy, option in members:
            result[deputy][0] += 1
            result[deputy][1] += option != line[0]
    return result


@pytest.fixture(scope="module")
def deputies_report(demo_data, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock():
        return compute("deputies", tmp_path_factory.mktemp("deputies")).data


def test_ballots_and_attendance_match_raw_counts(viii, deputies_report):
    rows = sql(
        "SELECT d.uuid, COUNT(*), SUM(CASE WHEN b.option <> 'absent' THEN 1 ELSE 0 END) "
        "FROM bills_ballot b JOIN bills_vote v ON v.id = b.vote_id "
        "JOIN deputies_deputy d ON d.id = b.deputy_id "
        "WHERE v.date >= %s AND v.date <= %s GROUP BY d.uuid",
        [viii.starts_on, viii.ends_on],
    )
    expected = {public(key): (n, present, round(present / n, 4)) for key, n, present in rows}
    got = {
        d["deputy"]: (d["ballots"], d["present"], d["attendance"])
        for d in deputies_report["deputies"]
    }
    assert got == expected and len(got) >= 148  # every seat of both chambers voted
    [(total, present)] = sql(
        "SELECT COUNT(*), SUM(CASE WHEN option <> 'absent' THEN 1 ELSE 0 END) FROM bills_ballot"
    )
    totals = deputies_report["totals"]
    assert (totals["ballots"], totals["present"]) == (total, present)
    assert totals["attendance"] == round(present / total, 4)


def test_votes_against_the_faction_match_a_python_pass(viii, deputies_report):
    by_hand = against_by_hand(ballots_by_hand(viii))
    uuids = dict(Deputy.objects.values_list("id", "uuid"))
    expected = {str(uuids[pk]): tuple(counts) for pk, counts in by_hand.items() if counts[0]}
    got = {
        d["deputy"]: (d["with_line"], d["against"])
        for d in deputies_report["deputies"]
        if d["with_line"]
    }
    assert got == expected
    assert sum(against for _line, against in got.values()) > 100  # the demo has dissenters
    senators = [d for d in deputies_report["deputies"] if d["chambers"] == ["senate"]]
    assert senators and all(d["with_line"] == d["against"] == 0 for d in senators)


def test_per_session_figures_match_a_python_pass(viii, deputies_report):
    sessions = sql(
        "SELECT number, starts_on, ends_on FROM chambers_session WHERE convocation_id = %s",
        [viii.pk],
    )

    def session_of(on):
        return next((str(n) for n, start, end in sessions if day(start) <= on <= day(end)), "none")

    rows = ballots_by_hand(viii)
    uuids = dict(Deputy.objects.values_list("id", "uuid"))
    ballots = Counter((str(uuids[d]), session_of(on)) for _v, d, _f, _o, on in rows)
    for session in {session_of(on) for *_rest, on in rows}:
        in_session = [row for row in rows if session_of(row[4]) == session]
        for pk, (line, against) in against_by_hand(in_session).items():
            figures = next(d for d in deputies_report["deputies"] if d["deputy"] == str(uuids[pk]))[
                "sessions"
            ][session]
            assert (figures["with_line"], figures["against"]) == (line, against)
    got = Counter(
        {
            (d["deputy"], key): figures["ballots"]
            for d in deputies_report["deputies"]
            for key, figures in d["sessions"].items()
        }
    )
    assert got == ballots


def test_one_session(viii, deputies_report, tmp_path):
    data = compute("deputies", tmp_path, session=3).data
    assert data["parameters"] == {"convocation": "VIII", "session": 3}
    assert [s["number"] for s in data["sessions"]] == [3]
    [(start, end)] = sql(
        "SELECT starts_on, ends_on FROM chambers_session WHERE convocation_id = %s AND number = 3",
        [viii.pk],
    )
    [(total,)] = sql(
        "SELECT COUNT(*) FROM bills_ballot b JOIN bills_vote v ON v.id = b.vote_id "
        "WHERE v.date >= %s AND v.date <= %s",
        [start, end],
    )
    assert data["totals"]["ballots"] == total > 0
    whole = {d["deputy"]: d["sessions"].get("3") for d in deputies_report["deputies"]}
    for deputy in data["deputies"]:
        assert {k: deputy[k] for k in whole[deputy["deputy"]]} == whole[deputy["deputy"]]


def test_a_vote_in_the_summer_recess_belongs_to_no_session(tmp_path, new_bill_demo, record):
    bill = new_bill_demo(datetime.date(2024, 7, 8))
    services.bill_apply_action(
        bill=bill,
        action="referred",
        date=datetime.date(2024, 7, 9),
        committees=[bill.convocation.committees.filter(chamber__code="majilis").first().pk],
    )
    bill.refresh_from_db()
    vote = record(bill, "majilis", datetime.date(2024, 7, 15), 60)
    data = compute("deputies", tmp_path).data
    voters = set(Ballot.objects.filter(vote=vote).values_list("deputy__uuid", flat=True).distinct())
    recess = {
        d["deputy"]: d["sessions"]["none"] for d in data["deputies"] if "none" in d["sessions"]
    }
    assert set(recess) == {str(u) for u in voters}
    assert all(figures["ballots"] == 1 for figures in recess.values())


@pytest.fixture
def new_bill_demo():
    def new_bill(on):
        return services.bill_create(
            kind="law",
            initiator_type="government",
            title={"kk": "Сынақ", "ru": "Тест", "en": "Test"},
            registered_on=on,
        )

    return new_bill


# --- committees ---------------------------------------------------------------------------------


def test_committee_figures_match_sql(viii, tmp_path):
    data = compute("committees", tmp_path).data
    led = dict(
        sql(
            "SELECT c.code, COUNT(*) FROM bills_bill b JOIN chambers_committee c "
            "ON c.id = b.lead_committee_id WHERE b.convocation_id = %s GROUP BY c.code",
            [viii.pk],
        )
    )
    held = dict(
        sql(
            "SELECT c.code, COUNT(*) FROM bills_bill b JOIN chambers_committee c "
            "ON c.id = b.lead_committee_id WHERE b.convocation_id = %s "
            "AND b.stage = 'majilis_committee' GROUP BY c.code",
            [viii.pk],
        )
    )
    events = sql(
        "SELECT c.code, e.bill_id, e.action, e.from_stage, e.to_stage, e.date "
        "FROM bills_billevent e JOIN bills_bill b ON b.id = e.bill_id "
        "JOIN chambers_committee c ON c.id = b.lead_committee_id "
        "WHERE b.convocation_id = %s ORDER BY e.bill_id, e.sequence",
        [viii.pk],
    )
    referred, days = {}, defaultdict(list)
    for code, bill, action, from_stage, to_stage, on in events:
        if action == "referred":
            referred[bill] = day(on)
        elif bill in referred and from_stage == "majilis_committee" != to_stage:
            days[code].append((day(on) - referred.pop(bill)).days)
    rows = {row["committee"].removeprefix("majilis-viii-"): row for row in data["committees"]}
    assert len(rows) == 7 and sum(led.values()) > 150
    for code, row in rows.items():
        assert row["referred_as_lead"] == led.get(code, 0), code
        assert row["held"] == held.get(code, 0), code
        assert row["concluded"] == len(days[code]), code
        expected = median(days[code]) if days[code] else None
        assert row["median_days_to_conclusion"] == expected, code
        assert row["name"]["en"].startswith("Committee on")


# --- deadlines ----------------------------------------------------------------------------------


def test_deadlines_match_the_procedure_on_each_bill(tmp_path):
    data = compute("deadlines", tmp_path).data
    today = timezone.localdate()
    at = reference_date(today, Convocation.objects.latest_started(today))
    assert data["reference_date"] == at.isoformat()
    expected = {}
    for bill in Bill.objects.exclude(stage__in=FINAL):
        deadline = P.deadline(services.bill_state(bill), at)
        if deadline and deadline.overdue:
            expected[str(bill.uuid)] = (bill.stage, deadline.name, deadline.days_over)
    got = {b["bill"]: (b["stage"], b["deadline"], b["days_over"]) for b in data["bills"]}
    assert got == expected and expected
    assert data["overdue"] == len(expected)
    assert data["pending"] == Bill.objects.exclude(stage__in=FINAL).count()
    assert data["by_stage"] == dict(Counter(stage for stage, *_ in expected.values()))
    days = [b["days_over"] for b in data["bills"]]
    assert days == sorted(days, reverse=True)


def test_deadlines_read_the_two_events_the_clocks_need(record, tmp_path):
    """The report reads two events of each history (procedure.clock_history), not all of it:
    after an override the President's clock restarts (the last action), and a priority
    bill's clock counts from its introduction, whatever came after."""
    kind, steps, _final = PATHS["constitutional law veto overridden by three quarters"]
    title = {"kk": "Сынақ", "ru": "Тест", "en": "Test"}
    registered = datetime.date(2024, 5, 3)
    vetoed = services.bill_create(
        kind=kind, initiator_type="government", title=title, registered_on=registered
    )
    walk(vetoed, steps, record)
    untranslated = {"kk": "Сынақ", "ru": "Тест"}  # no English title yet
    priority = services.bill_create(
        kind="law", initiator_type="government", title=untranslated, registered_on=registered,
        priority=True,
    )  # fmt: skip
    walk(priority, [REFER, ("committee_report", [])], record)
    data = compute("deadlines", tmp_path).data
    at = datetime.date.fromisoformat(data["reference_date"])
    got = {b["bill"]: b for b in data["bills"]}
    for bill, name in ((vetoed, "president_after_override"), (priority, "priority")):
        bill.refresh_from_db()
        deadline = P.deadline(services.bill_state(bill), at)
        assert deadline.name == name and deadline.overdue
        row = got[str(bill.uuid)]
        assert (row["deadline"], row["due"], row["days_over"]) == (
            name, deadline.due.isoformat(), deadline.days_over
        )  # fmt: skip
    assert got[str(priority.uuid)]["title"] == {"kk": "Сынақ", "ru": "Тест", "en": ""}


# --- activity -----------------------------------------------------------------------------------


def test_activity_by_month_matches_raw_dates(viii, tmp_path):
    data = compute("activity", tmp_path).data
    span = [viii.starts_on, viii.ends_on]

    def months(query):
        return Counter(day(on).strftime("%Y-%m") for (on,) in sql(query, span))

    expected = {
        "events": months("SELECT date FROM bills_billevent WHERE date >= %s AND date <= %s"),
        "votes": months("SELECT date FROM bills_vote WHERE date >= %s AND date <= %s"),
        "signed": months(
            "SELECT signed_on FROM bills_bill WHERE signed_on >= %s AND signed_on <= %s"
        ),
    }
    for name, counts in expected.items():
        assert {m["month"]: m[name] for m in data["months"] if m[name]} == dict(counts), name
        assert data["totals"][name] == sum(counts.values())
    labels = [m["month"] for m in data["months"]]
    last = reference_date(timezone.localdate(), viii).strftime("%Y-%m")
    assert labels[0] == "2023-03" and labels[-1] == max(last, *expected["events"])
    assert labels == sorted(set(labels))
    ordinals = [int(label[:4]) * 12 + int(label[5:]) for label in labels]
    assert ordinals == list(range(ordinals[0], ordinals[-1] + 1))  # every month, none skipped


# --- dump ---------------------------------------------------------------------------------------


TABLES = {
    "bills": "SELECT COUNT(*) FROM bills_bill WHERE convocation_id = %s",
    "events": "SELECT COUNT(*) FROM bills_billevent e JOIN bills_bill b ON b.id = e.bill_id "
    "WHERE b.convocation_id = %s",
    "votes": "SELECT COUNT(*) FROM bills_vote v JOIN bills_bill b ON b.id = v.bill_id "
    "WHERE b.convocation_id = %s",
    "tallies": "SELECT COUNT(*) FROM bills_tally t JOIN bills_vote v ON v.id = t.vote_id "
    "JOIN bills_bill b ON b.id = v.bill_id WHERE b.convocation_id = %s",
    "ballots": "SELECT COUNT(*) FROM bills_ballot x JOIN bills_vote v ON v.id = x.vote_id "
    "JOIN bills_bill b ON b.id = v.bill_id WHERE b.convocation_id = %s",
}


@contextmanager
def streamed_only():
    """Fails if the block loads a whole table into a queryset's cache instead of iterating
    it in chunks; yields the chunk sizes used."""
    big = {Bill, BillEvent, Vote, Tally, Ballot, Deputy}
    big |= {Bill.initiators.through, Bill.co_committees.through}
    big |= {BillEvent.votes.through, BillEvent.committees.through}
    fetch_all, iterator = QuerySet._fetch_all, QuerySet.iterator
    chunks = []

    def guarded_fetch_all(self):
        if self._result_cache is None and self.model in big:
            raise AssertionError(f"{self.model.__name__} rows loaded all at once")
        return fetch_all(self)

    def recorded_iterator(self, chunk_size=None):
        chunks.append(chunk_size)
        return iterator(self, chunk_size=chunk_size)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(QuerySet, "_fetch_all", guarded_fetch_all)
        patch.setattr(QuerySet, "iterator", recorded_iterator)
        yield chunks


def read_csv(archive, name):
    with archive.open(name) as handle:
        return list(csv.reader(io.TextIOWrapper(handle, encoding="utf-8", newline="")))


def test_dump_rows_match_the_database(viii, tmp_path):
    with streamed_only() as chunks:
        result = reports.compute("dump", {}, workdir=tmp_path, chunk_size=7)
    assert len(chunks) >= 10 and set(chunks) == {7}
    assert result.file.parent == tmp_path and result.file.suffix == ".zip"
    with zipfile.ZipFile(result.file) as archive:
        names = set(archive.namelist())
        assert names == set(result.data["files"])
        for table, query in TABLES.items():
            [(expected,)] = sql(query, [viii.pk])
            header, *rows = read_csv(archive, f"{table}.csv")
            assert len(rows) == expected == result.data["counts"][table] > 0, table
            assert all(len(row) == len(header) for row in rows), table
            assert len(json.loads(archive.read(f"{table}.json"))) == expected, table
        meta = json.loads(archive.read("meta.json"))
        bills = read_csv(archive, "bills.csv")
        bills_json = json.loads(archive.read("bills.json"))
        ballots = read_csv(archive, "ballots.csv")
        deputies = read_csv(archive, "deputies.csv")
    assert meta["generated_at"] == result.generated_at.isoformat() == result.data["generated_at"]
    assert meta["counts"] == result.data["counts"]
    [(named,)] = sql(
        "SELECT COUNT(*) FROM deputies_deputy WHERE id IN (SELECT x.deputy_id FROM bills_ballot x "
        "JOIN bills_vote v ON v.id = x.vote_id JOIN bills_bill b ON b.id = v.bill_id "
        "WHERE b.convocation_id = %s) OR id IN (SELECT i.deputy_id FROM bills_bill_initiators i "
        "JOIN bills_bill b ON b.id = i.bill_id WHERE b.convocation_id = %s)",
        [viii.pk, viii.pk],
    )
    assert len(deputies) - 1 == named == result.data["counts"]["deputies"]

    header = bills[0]
    assert header[:6] == ["uuid", "number", "convocation", "kind", "initiator_type", "initiators"]
    assert {"title_kk", "title_ru", "title_en"} <= set(header)
    bill = Bill.objects.filter(stage="signed", convocation=viii).order_by("id").first()
    row = dict(zip(header, next(r for r in bills[1:] if r[0] == str(bill.uuid)), strict=True))
    assert (row["title_kk"], row["title_ru"], row["title_en"]) == (
        bill.title_kk,
        bill.title_ru,
        bill.title_en,
    )
    assert row["law_number"] == bill.law_number and row["signed_on"] == bill.signed_on.isoformat()
    record = next(b for b in bills_json if b["uuid"] == str(bill.uuid))
    assert record["title"] == {"kk": bill.title_kk, "ru": bill.title_ru, "en": bill.title_en}

    assert ballots[0] == ["vote", "deputy", "chamber", "option", "faction"]
    vote = Vote.objects.filter(bill__convocation=viii).order_by("id").first()
    from_dump = Counter(r[3] for r in ballots[1:] if r[0] == str(vote.uuid))
    assert from_dump == Counter(vote.ballots.values_list("option", flat=True))


def test_pieced_csv_lines_are_what_csv_writer_writes():
    values = ["plain", "", None, "a,b", 'say "yes"', "two\nlines", " spaced ", True, 7, ["x", "y"]]
    buffer = io.StringIO()
    csv.writer(buffer).writerow([reports._csv_value(v) for v in values])
    assert ",".join(map(reports._csv_cell, values)) + "\r\n" == buffer.getvalue()


def test_dump_links_events_to_their_votes(viii, tmp_path):
    result = compute("dump", tmp_path)
    with zipfile.ZipFile(result.file) as archive:
        events = json.loads(archive.read("events.json"))
        vote_ids = {v["uuid"] for v in json.loads(archive.read("votes.json"))}
    linked = [uuid for event in events for uuid in event["votes"]]
    [(expected,)] = sql(
        "SELECT COUNT(*) FROM bills_billevent_votes l JOIN bills_billevent e "
        "ON e.id = l.billevent_id JOIN bills_bill b ON b.id = e.bill_id "
        "WHERE b.convocation_id = %s",
        [viii.pk],
    )
    assert len(linked) == expected > 0 and set(linked) <= vote_ids
    referred = [e for e in events if e["action"] == "referred"]
    assert referred and all(e["committees"][0].startswith("majilis-viii-") for e in referred)


# --- An empty database --------------------------------------------------------------------------


def test_every_kind_on_an_empty_database(tmp_path):
    delete_demo_bills()
    Deputy.objects.filter(is_demo=True).delete()
    assert not Bill.objects.exists() and not Ballot.objects.exists()
    results = {kind: compute(kind, tmp_path / kind) for kind in Report.Kind.values}
    for kind, result in results.items():
        assert result.generated_at is not None, kind
        json.dumps(result.data)  # stored in a JSONField
    summary = results["convocation_summary"].data
    assert summary["bills"] == 0 and summary["deputy_initiated_share"] is None
    assert summary["days_to_signature"] == {"count": 0, "median": None, "p90": None}
    assert results["deputies"].data["deputies"] == []
    assert results["deputies"].data["totals"]["attendance"] is None
    assert all(c["referred_as_lead"] == 0 for c in results["committees"].data["committees"])
    assert results["deadlines"].data["overdue"] == 0
    assert results["activity"].data["totals"] == {"events": 0, "votes": 0, "signed": 0}
    dump = results["dump"]
    assert set(dump.data["counts"].values()) == {0}
    with zipfile.ZipFile(dump.file) as archive:
        assert read_csv(archive, "bills.csv")[0][0] == "uuid"
        assert json.loads(archive.read("ballots.json")) == []


def test_report_build_stores_the_result_and_the_file(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    for kind in ("activity", "dump"):
        report = services.report_request(kind=kind, parameters={})
        services.report_build(report_id=report.pk)
        report.refresh_from_db()
        assert report.status == "done" and report.generated_at is not None
        assert report.data["generated_at"] == report.generated_at.isoformat()
    assert report.file.name.startswith("reports/parlament-viii-")
    with report.file.open("rb") as handle, zipfile.ZipFile(handle) as archive:
        assert "meta.json" in archive.namelist()
