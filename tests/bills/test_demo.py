"""seed_demo walks about 200 bills through the services: every stage and outcome, votes that
meet their thresholds, roll calls of exactly the deputies serving that day, and the same rows
for the same seed."""

import datetime
import random
from collections import Counter, defaultdict
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from bills import procedure as P
from bills.demo import calendar_for, plan_bills
from bills.models import Ballot, Bill, BillEvent, Tally, Vote
from chambers.models import Convocation
from deputies.models import Deputy, Mandate

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_data")]
FIRST_DAY, LAST_DAY = datetime.date(2023, 3, 29), datetime.date(2026, 6, 30)


def walks() -> dict[int, list[tuple[str, str, str, datetime.date]]]:
    """Each bill's events in order: (action, from stage, to stage, date)."""
    result = defaultdict(list)
    rows = BillEvent.objects.order_by("bill", "sequence").values_list(
        "bill", "action", "from_stage", "to_stage", "date"
    )
    for bill, *event in rows:
        result[bill].append(tuple(event))
    return result


def follows(events, *actions) -> bool:
    """Whether the actions occur in this order (not necessarily next to each other)."""
    remaining = iter(action for action, *_ in events)
    return all(any(a == wanted for a in remaining) for wanted in actions)


def test_about_200_demo_bills_registered_across_the_term():
    bills = Bill.objects.all()
    assert 180 <= bills.count() <= 220
    assert not bills.filter(is_demo=False).exists()
    dates = list(bills.order_by("number").values_list("registered_on", flat=True))
    assert dates == sorted(dates), "numbers follow the order of registration"
    assert FIRST_DAY <= dates[0] < datetime.date(2023, 6, 1)
    assert datetime.date(2026, 4, 1) <= dates[-1] <= LAST_DAY


def test_every_stage_is_some_bills_current_stage():
    stages = Counter(Bill.objects.values_list("stage", flat=True))
    assert set(stages) == set(P.Stage)
    finished = stages["signed"] + stages["rejected"] + stages["withdrawn"]
    assert stages["signed"] > Bill.objects.count() / 2
    assert stages["signed"] > 3 * (finished - stages["signed"])


def test_every_outcome_path_appears():
    by_bill = walks()
    kinds = dict(Bill.objects.values_list("pk", "kind"))
    stages = dict(Bill.objects.values_list("pk", "stage"))

    def some(check) -> bool:
        return any(check(pk, events) for pk, events in by_bill.items())

    assert some(
        lambda pk, e: (
            stages[pk] == "signed"
            and follows(e, "not_approved_by_senate", "readopted_by_majilis", "approved_by_senate")
        )
    ), "Senate non-approval, re-adoption by two thirds, approval"
    assert some(lambda pk, e: follows(e, "amended_by_senate", "amendments_accepted", "signed"))
    assert some(lambda pk, e: follows(e, "amendments_rejected", "conciliation_agreed", "signed"))
    assert some(lambda pk, e: follows(e, "returned_with_objections", "override_passed", "signed"))
    assert some(lambda pk, e: e[-1][:3] == ("objections_accepted", "objections", "rejected"))
    assert some(
        lambda pk, e: (
            follows(e, "objections_accepted", "signed")
            and any(a == "objections_accepted" and to == "president" for a, _, to, _ in e)
        )
    ), "objections accepted in the President's wording"
    assert some(lambda pk, e: e[-1][0] == "conciliation_failed")
    assert some(lambda pk, e: e[-1][:3] == ("not_approved_by_senate", "senate", "rejected"))
    assert some(lambda pk, e: e[-1][:2] == ("rejected_by_majilis", "majilis_committee"))
    assert some(lambda pk, e: e[-1][:2] == ("rejected_by_majilis", "majilis_second_reading"))
    assert some(lambda pk, e: e[-1][:2] == ("rejected_by_majilis", "majilis_reconsideration"))
    assert sum(e[-1][0] == "withdrawn" for e in by_bill.values()) >= 3
    for kind in ("constitutional_law", "constitutional_amendment"):
        assert some(
            lambda pk, e, kind=kind: (
                kinds[pk] == kind
                and follows(e, "sent_to_joint_sitting", "adopted_at_joint_sitting", "signed")
            )
        ), kind
    # Constitutional bills never take the ordinary Majilis → Senate path after 2023.
    constitutional = [pk for pk, kind in kinds.items() if P.Kind(kind).is_constitutional]
    assert not BillEvent.objects.filter(bill__in=constitutional, body="senate").exists()


def test_kinds_and_initiators():
    kinds = Counter(Bill.objects.values_list("kind", flat=True))
    assert kinds["budget"] == 3
    budget_years = Bill.objects.filter(kind="budget").values_list("registered_on__year", flat=True)
    assert sorted(budget_years) == [2023, 2024, 2025]
    assert 2 <= kinds["constitutional_law"] <= 3
    assert kinds["constitutional_amendment"] == 1
    assert kinds["ratification"] >= 30
    assert kinds["code"] >= 5
    assert kinds["law"] == max(kinds.values())

    total = Bill.objects.count()
    initiators = Counter(Bill.objects.values_list("initiator_type", flat=True))
    assert 0.18 <= initiators["deputies"] / total <= 0.35
    assert initiators["government"] == max(initiators.values())
    assert 2 <= initiators["president"] <= 6
    assert 2 <= Bill.objects.filter(priority=True).count() <= 8

    for bill in Bill.objects.prefetch_related("initiators"):
        named = {d.pk for d in bill.initiators.all()}
        if bill.initiator_type != "deputies":
            assert not named
            continue
        assert 1 <= len(named) <= 5
        serving = Mandate.objects.serving_on(bill.registered_on, "majilis")
        assert named <= set(serving.values_list("deputy_id", flat=True))


def test_signed_laws_are_numbered_in_order_of_signature():
    signed = Bill.objects.filter(stage="signed").select_related("law_convocation")
    rows = sorted(signed.values_list("signed_on", "law_serial"))
    serials = [serial for _, serial in rows]
    assert serials == sorted(serials) and len(set(serials)) == len(serials)
    assert serials[0] == 1
    for bill in signed:
        assert bill.law_number == f"{bill.law_serial}-VIII ЗРК"
        assert bill.in_force_on is None or bill.in_force_on >= bill.signed_on
    assert signed.exclude(in_force_on=None).count() > signed.count() / 2
    assert not Bill.objects.exclude(stage="signed").exclude(law_serial=None).exists()


SENATE_ANSWERS = ("approved_by_senate", "not_approved_by_senate", "amended_by_senate")


def test_events_are_dated_in_order_within_the_term():
    waits = []  # days from the Majilis's adoption to the Senate's answer
    for events in walks().values():
        dates = [on for *_, on in events]
        assert dates == sorted(dates)
        assert dates[0] >= FIRST_DAY and dates[-1] <= LAST_DAY
        sent = None
        for action, _, to_stage, on in events:
            if to_stage == "senate":
                sent = on
            elif sent and action in SENATE_ANSWERS:
                waits.append((on - sent).days)
                sent = None
    # The Senate mostly keeps to its 60 days; some laws wait longer.
    late = sum(days > 60 for days in waits)
    assert 0 < late < len(waits) / 4


def test_every_tally_meets_its_threshold_and_quorum_exactly_when_it_passed():
    tallies = Tally.objects.select_related("vote", "chamber")
    assert tallies.count() > 300
    for tally in tallies:
        present = tally.yes + tally.no + tally.abstain
        rule = P.Rule(tally.vote.rule)
        assert tally.threshold == P.threshold(rule, tally.seats)
        assert tally.quorum == P.quorum(tally.seats)
        assert tally.seats == {"majilis": 98, "senate": 50}[tally.chamber.code]
        met = tally.yes >= tally.threshold and present >= tally.quorum
        assert met == (tally.result == "passed"), tally
    assert not Vote.objects.filter(result="no_quorum").exists()
    # Every vote backs the step it was taken for.
    assert not Vote.objects.filter(events=None).exists()


def test_each_roll_call_lists_exactly_the_deputies_serving_that_day():
    dates = dict(Vote.objects.values_list("pk", "date"))
    bodies = dict(Vote.objects.values_list("pk", "body"))
    counted = Ballot.objects.values_list("vote", "chamber__code").annotate(n=Count("pk"))
    serving = {}
    seen = defaultdict(set)
    for vote, chamber, n in counted:
        key = (dates[vote], chamber)
        if key not in serving:
            serving[key] = Mandate.objects.serving_on(*key).count()
        assert n == serving[key], (vote, chamber)
        seen[vote].add(chamber)
    for vote, body in bodies.items():
        assert seen[vote] == ({"majilis", "senate"} if body == "joint" else {body})


def test_roll_calls_follow_faction_lines_with_dissent_and_absence():
    rows = Ballot.objects.filter(faction__party__code="amanat").values_list("vote", "option")
    amanat = defaultdict(Counter)
    for vote, option in rows:
        amanat[vote][option] += 1
    dissent = 0
    for options in amanat.values():
        line = max(("yes", "no"), key=lambda o: options[o])
        dissent += options["no" if line == "yes" else "yes"]
    assert dissent > 0, "some Amanat deputy voted against the faction's majority"
    options = Counter(Ballot.objects.values_list("option", flat=True))
    assert 0.02 <= options["absent"] / sum(options.values()) <= 0.15
    assert options["yes"] > options["no"] + options["abstain"]
    # Senators, who sit in no faction, vote yes on nearly every passing motion.
    passing = Ballot.objects.filter(chamber__code="senate", vote__result="passed")
    assert passing.filter(option="yes").count() > 0.85 * passing.count()


def test_official_totals_and_the_deliberate_mismatches():
    votes = Vote.objects.prefetch_related("tallies")
    with_totals = [v for v in votes if v.official_yes is not None]
    assert 0.05 <= len(with_totals) / votes.count() <= 0.2
    mismatched = [v for v in with_totals if v.totals_mismatch]
    assert 2 <= len(mismatched) <= 3
    for vote in with_totals:
        counted = {o: sum(getattr(t, o) for t in vote.tallies.all()) for o in vote.official_totals}
        off = sum(abs(vote.official_totals[o] - counted[o]) for o in counted)
        assert off == (2 if vote.totals_mismatch else 0)
        if vote.totals_mismatch:
            assert vote.official_yes == counted["yes"] + 1


def test_titles_and_summaries_in_three_languages():
    rows = Bill.objects.values_list(
        "title_kk", "title_ru", "title_en", "summary_kk", "summary_ru", "summary_en"
    )
    for row in rows:
        assert all(text.strip() for text in row)
        assert not any(text.lower().startswith(("demo", "демо")) for text in row[:3])
    titles = [row[1] for row in rows]
    assert len(set(titles)) == len(titles)
    assert any(t.startswith("О ратификации Соглашения между Республикой Казахстан") for t in titles)
    assert any("Республики Казахстан по вопросам" in t for t in titles)


def snapshot():
    return {
        "bills": sorted(Bill.objects.values_list("number", "stage", "title_kk", "uuid")),
        "events": sorted(
            BillEvent.objects.values_list("bill__number", "sequence", "action", "date")
        ),
        "ballots": sorted(
            Ballot.objects.values_list("vote__uuid", "deputy__uuid", "option").iterator()
        ),
        "history": Bill.history.count(),
    }


def test_rerunning_with_the_same_seed_gives_the_same_rows():
    first = snapshot()
    call_command("seed_demo", stdout=StringIO())
    assert snapshot() == first
    assert Deputy.objects.count() == 152


def test_another_seed_plans_other_bills():
    calendar = calendar_for(Convocation.objects.get(number=8))

    def plan(seed):
        return [
            (b.registered_on, b.scenario, b.title["kk"], [(s.action, s.date) for s in b.steps])
            for b in plan_bills(random.Random(seed), calendar)
        ]

    assert plan(1) == plan(1)
    assert plan(1) != plan(7)
