"""The procedure through the services: every path of DOMAIN.md A6 (rules from 2023),
threshold edges, refusals that change nothing, clerks' chambers."""

import datetime

import pytest

from bills import services
from bills.models import Ballot, Bill, BillEvent, Tally, Vote
from bills.services import DomainError
from deputies.models import Mandate
from tests.conftest import roll_call

D = datetime.date
START = D(2024, 5, 6)  # after the Senate by-election of spring 2024: both chambers full
STEP = datetime.timedelta(days=3)

M, S, J = "majilis", "senate", "joint"
REFER = ("referred", [])
FIRST = ("first_reading_approved", [(M, 60)])
ADOPT = ("adopted_by_majilis", [(M, 60)])
APPROVE = ("approved_by_senate", [(S, 30)])
SIGN = ("signed", [])
TO_SENATE = [REFER, FIRST, ADOPT]
AMENDED = [*TO_SENATE, ("amended_by_senate", [(S, 30)])]
TO_PRESIDENT = [*TO_SENATE, APPROVE]
OBJECTED = [*TO_PRESIDENT, ("returned_with_objections", [])]
TO_JOINT = [REFER, ("sent_to_joint_sitting", [])]

# name: (kind, steps, final stage). A vote (body, yes) has everyone present; yes below the
# threshold makes it fail.
PATHS = {
    "two readings, signed, in force": (
        "law",
        [*TO_PRESIDENT, SIGN, ("entered_into_force", [])],
        "signed",
    ),
    "adopted in one reading": ("code", [REFER, ADOPT, APPROVE, SIGN], "signed"),
    "not approved, re-adopted by two thirds, approved": (
        "law",
        [
            *TO_SENATE,
            ("not_approved_by_senate", [(S, 20)]),
            ("readopted_by_majilis", [(M, 66)]),
            APPROVE,
            SIGN,
        ],
        "signed",
    ),
    "not approved twice: rejected": (
        "law",
        [
            *TO_SENATE,
            ("not_approved_by_senate", [(S, 20)]),
            ("readopted_by_majilis", [(M, 70)]),
            ("not_approved_by_senate", [(S, 25)]),
        ],
        "rejected",
    ),
    "Senate amendments accepted": (
        "budget",
        [*AMENDED, ("amendments_accepted", [(M, 55)]), SIGN],
        "signed",
    ),
    "amendments rejected, conciliation agreed": (
        "law",
        [
            *AMENDED,
            ("amendments_rejected", [(M, 40)]),
            ("conciliation_agreed", [(M, 50), (S, 26)]),
            SIGN,
        ],
        "signed",
    ),
    "amendments rejected, conciliation failed": (
        "law",
        [*AMENDED, ("amendments_rejected", [(M, 30)]), ("conciliation_failed", [])],
        "rejected",
    ),
    "objections overridden by two thirds in each chamber": (
        "law",
        [*OBJECTED, ("override_passed", [(M, 66), (S, 34)]), SIGN],
        "signed",
    ),
    "objections accepted: rejected": ("law", [*OBJECTED, ("objections_accepted", [])], "rejected"),
    "objections accepted in the President's wording": (
        "ratification",
        [*OBJECTED, ("objections_accepted", [], "presidents_wording"), SIGN],
        "signed",
    ),
    "constitutional law at a joint sitting": (
        "constitutional_law",
        [*TO_JOINT, ("adopted_at_joint_sitting", [(J, (66, 34))]), SIGN],
        "signed",
    ),
    "constitutional amendment at a joint sitting": (
        "constitutional_amendment",
        [("sent_to_joint_sitting", []), ("adopted_at_joint_sitting", [(J, (74, 38))]), SIGN],
        "signed",
    ),
    "constitutional law veto overridden by three quarters": (
        "constitutional_law",
        [
            *TO_JOINT,
            ("adopted_at_joint_sitting", [(J, (70, 40))]),
            ("returned_with_objections", []),
            ("override_passed", [(M, 74), (S, 38)]),
        ],
        "president",
    ),
    "rejected by the Majilis in committee stage": (
        "law",
        [REFER, ("rejected_by_majilis", [(M, 49)])],
        "rejected",
    ),
    "rejected by the Majilis in second reading": (
        "law",
        [REFER, FIRST, ("rejected_by_majilis", [(M, 20)])],
        "rejected",
    ),
    "rejected by the Majilis on reconsideration": (
        "law",
        [*TO_SENATE, ("not_approved_by_senate", [(S, 20)]), ("rejected_by_majilis", [(M, 65)])],
        "rejected",
    ),
    "committee report keeps the stage": (
        "law",
        [REFER, ("committee_report", []), FIRST],
        "majilis_second_reading",
    ),
}


def walk(bill, steps, record, user=None):
    on = START
    for step in steps:
        action, votes, *variant = step
        attached = [record(bill, body, on, yes).pk for body, yes in votes]
        bill.refresh_from_db()
        committees = [bill.convocation.committees.filter(chamber__code=M).first().pk]
        services.bill_apply_action(
            bill=bill,
            action=action,
            date=on,
            votes=attached,
            committees=committees if action == "referred" else [],
            variant=variant[0] if variant else None,
            user=user,
        )
        bill.refresh_from_db()
        on += STEP
    return bill


@pytest.mark.parametrize(("kind", "steps", "final"), PATHS.values(), ids=PATHS.keys())
def test_every_path(new_bill, record, kind, steps, final):
    bill = walk(new_bill(kind, on=START - STEP), steps, record)
    assert bill.stage == final
    events = list(bill.events.values_list("action", flat=True))
    assert events == ["introduced", *[step[0] for step in steps]]
    assert bill.version == len(steps) + 1
    # Every vote that backs a step passed or failed as the step required, by its threshold.
    for tally in Tally.objects.filter(vote__bill=bill):
        passed = (
            tally.yes >= tally.threshold and tally.yes + tally.no + tally.abstain >= tally.quorum
        )
        assert (tally.result == "passed") == passed


# Stages reachable on the way, each then withdrawn.
WITHDRAW_FROM = {
    "registered": ("law", []),
    "majilis_committee": ("law", [REFER]),
    "majilis_second_reading": ("law", [REFER, FIRST]),
    "senate": ("law", TO_SENATE),
    "majilis_reconsideration": ("law", [*TO_SENATE, ("not_approved_by_senate", [(S, 10)])]),
    "senate_amendments": ("law", AMENDED),
    "conciliation": ("law", [*AMENDED, ("amendments_rejected", [(M, 10)])]),
    "joint_sitting": ("constitutional_law", TO_JOINT),
    "president": ("law", TO_PRESIDENT),
    "objections": ("law", OBJECTED),
}


@pytest.mark.parametrize(("stage", "path"), WITHDRAW_FROM.items(), ids=WITHDRAW_FROM.keys())
def test_withdrawn_from_every_open_stage(new_bill, record, stage, path):
    kind, steps = path
    bill = walk(new_bill(kind, on=START - STEP), steps, record)
    assert bill.stage == stage
    services.bill_apply_action(bill=bill, action="withdrawn", date=START + STEP * 20)
    bill.refresh_from_db()
    assert bill.stage == "withdrawn"


# --- Thresholds, counted from established seats -------------------------------------------


def bill_at(stage_steps, new_bill, record, kind="law"):
    return walk(new_bill(kind, on=START - STEP), stage_steps, record)


@pytest.mark.parametrize(
    ("yes", "result"), [(49, "failed"), (50, "passed")], ids=["49 of 98", "50 of 98"]
)
def test_simple_majority_of_98(new_bill, record, yes, result):
    bill = bill_at([REFER], new_bill, record)
    vote = record(bill, M, START + STEP * 5, yes)
    assert (vote.result, vote.rule, vote.tallies.get().threshold) == (result, "simple", 50)


@pytest.mark.parametrize(("yes", "result"), [(25, "failed"), (26, "passed")])
def test_simple_majority_of_50(new_bill, record, yes, result):
    bill = bill_at(TO_SENATE, new_bill, record)
    assert record(bill, S, START + STEP * 5, yes).result == result


@pytest.mark.parametrize(("yes", "result"), [(65, "failed"), (66, "passed")])
def test_two_thirds_of_98_to_readopt(new_bill, record, yes, result):
    bill = bill_at([*TO_SENATE, ("not_approved_by_senate", [(S, 20)])], new_bill, record)
    vote = record(bill, M, START + STEP * 6, yes)
    assert (vote.result, vote.rule) == (result, "two_thirds")


@pytest.mark.parametrize(
    ("yes", "result"),
    [((73, 38), "failed"), ((74, 38), "passed"), ((74, 37), "failed")],
    ids=["73 of 98", "74 of 98 and 38 of 50", "37 of 50"],
)
def test_three_quarters_of_each_chamber_for_an_amendment(new_bill, record, yes, result):
    bill = bill_at([("sent_to_joint_sitting", [])], new_bill, record, "constitutional_amendment")
    vote = record(bill, J, START + STEP * 2, yes)
    assert (vote.result, vote.rule) == (result, "three_quarters")
    assert [t.threshold for t in vote.tallies.all()] == [74, 38]


def test_joint_sitting_passing_in_one_chamber_only_fails(new_bill, record):
    bill = bill_at(TO_JOINT, new_bill, record, "constitutional_law")
    vote = record(bill, J, START + STEP * 3, (98, 33))
    assert [t.result for t in vote.tallies.all()] == ["passed", "failed"]
    assert vote.result == "failed"
    with pytest.raises(DomainError) as error:
        services.bill_apply_action(
            bill=bill, action="adopted_at_joint_sitting", date=vote.date, votes=[vote.pk]
        )
    assert error.value.code == "vote_result_mismatch"


@pytest.mark.parametrize(("present", "result"), [(65, "no_quorum"), (66, "passed")])
def test_quorum_is_two_thirds_of_the_seats_present(new_bill, record, present, result):
    bill = bill_at([REFER], new_bill, record)
    vote = record(bill, M, START + STEP * 5, 60, present=present)
    assert vote.result == result
    tally = vote.tallies.get()
    assert (tally.quorum, tally.absent) == (66, 98 - present)


# --- Refusals change nothing ------------------------------------------------------------------


def row_counts():
    models = [Bill, BillEvent, Vote, Ballot, Tally, Bill.history.model, Ballot.history.model]
    return {m.__name__: m.objects.count() for m in models}


@pytest.fixture
def unchanged(parliament):
    def check(call, code, status=None):
        before = row_counts()
        with pytest.raises(DomainError) as error:
            call()
        assert error.value.code == code
        if status:
            assert error.value.status == status
        assert row_counts() == before
        return error.value

    return check


def test_action_out_of_order(new_bill, record, unchanged):
    bill = bill_at([REFER], new_bill, record)
    error = unchanged(
        lambda: services.bill_apply_action(bill=bill, action="approved_by_senate", date=START),
        "action_not_allowed",
        409,
    )
    assert "first_reading_approved" in error.allowed


def test_vote_of_the_wrong_chamber(new_bill, record, unchanged):
    bill = bill_at([REFER], new_bill, record)
    unchanged(
        lambda: services.vote_record(
            bill=bill, body=S, date=START, motion="m", ballots=roll_call(S, START, 40)
        ),
        "no_vote_expected",
    )
    majilis_vote = record(bill, M, START, 60)
    services.bill_apply_action(
        bill=bill, action="first_reading_approved", date=START, votes=[majilis_vote.pk]
    )
    walk_on = START + STEP
    adopt = record(bill, M, walk_on, 60)
    services.bill_apply_action(
        bill=bill, action="adopted_by_majilis", date=walk_on, votes=[adopt.pk]
    )
    # The Majilis vote does not stand in for the Senate's.
    unchanged(
        lambda: services.bill_apply_action(
            bill=bill, action="approved_by_senate", date=walk_on + STEP, votes=[adopt.pk]
        ),
        "vote_not_at_this_stage",
        409,
    )


def test_vote_of_another_bill(new_bill, record, unchanged):
    bill, other = bill_at([REFER], new_bill, record), bill_at([REFER], new_bill, record)
    vote = record(other, M, START + STEP, 60)
    unchanged(
        lambda: services.bill_apply_action(
            bill=bill, action="first_reading_approved", date=START + STEP, votes=[vote.pk]
        ),
        "vote_of_another_bill",
        409,
    )


def test_missing_or_failed_vote(new_bill, record, unchanged):
    bill = bill_at([REFER], new_bill, record)
    act = "first_reading_approved"
    unchanged(
        lambda: services.bill_apply_action(bill=bill, action=act, date=START), "vote_required"
    )
    failed = record(bill, M, START + STEP, 40)
    unchanged(
        lambda: services.bill_apply_action(
            bill=bill, action=act, date=START + STEP, votes=[failed.pk]
        ),
        "vote_result_mismatch",
    )


def test_ballot_for_a_deputy_not_serving_that_day(new_bill, record, unchanged):
    bill = bill_at([REFER], new_bill, record)
    senator = Mandate.objects.serving_on(START, S).first().deputy_id
    left = Mandate.objects.filter(chamber__code=M, ends_on__lt=START).first().deputy_id
    for stranger in (senator, left):
        ballots = [*roll_call(M, START, 60), (stranger, "yes")]
        unchanged(
            lambda ballots=ballots: services.vote_record(
                bill=bill, body=M, date=START, motion="m", ballots=ballots
            ),
            "deputy_not_serving",
        )


def test_two_ballots_for_one_deputy(new_bill, record, unchanged):
    bill = bill_at([REFER], new_bill, record)
    ballots = roll_call(M, START, 60)
    ballots.append((ballots[0][0], "no"))
    unchanged(
        lambda: services.vote_record(bill=bill, body=M, date=START, motion="m", ballots=ballots),
        "duplicate_ballot",
    )


def test_official_totals_mismatch_needs_confirmation(new_bill, record, unchanged):
    bill = bill_at([REFER], new_bill, record)
    official = {"yes": 61, "no": 37, "abstain": 0, "absent": 0}
    unchanged(lambda: record(bill, M, START, 60, official_totals=official), "totals_mismatch")
    vote = record(bill, M, START, 60, official_totals=official, confirm_mismatch=True)
    assert vote.totals_mismatch
    assert vote.official_totals == official
    assert vote.tallies.get().yes == 60


def test_matching_official_totals_are_kept(new_bill, record):
    bill = bill_at([REFER], new_bill, record)
    vote = record(bill, M, START, 60, official_totals={"yes": 60, "no": 38, "abstain": 0})
    assert not vote.totals_mismatch


def test_resending_the_same_vote_returns_it(new_bill, parliament):
    bill = new_bill()
    services.bill_apply_action(
        bill=bill,
        action="referred",
        date=START,
        committees=[bill.convocation.committees.first().pk],
    )
    ballots = roll_call(M, START, 60)
    first, created = services.vote_record(
        bill=bill, body=M, date=START, motion="m", ballots=ballots
    )
    again, created_again = services.vote_record(
        bill=bill, body=M, date=START, motion="m", ballots=ballots
    )
    assert (created, created_again, again.pk) == (True, False, first.pk)
    assert Vote.objects.count() == 1
    with pytest.raises(DomainError) as error:
        services.vote_record(
            bill=bill, body=M, date=START, motion="m", ballots=roll_call(M, START, 40)
        )
    assert error.value.code == "vote_exists"


def test_stale_version_is_a_conflict(new_bill, unchanged):
    bill = new_bill()
    committee = bill.convocation.committees.first().pk
    services.bill_apply_action(
        bill=bill, action="referred", date=START, committees=[committee], expected_version=1
    )
    # A second clerk who loaded version 1 tries to record the report on the same bill.
    unchanged(
        lambda: services.bill_apply_action(
            bill=bill, action="committee_report", date=START, expected_version=1
        ),
        "conflict",
        409,
    )


def test_bill_needs_official_titles_and_its_initiators(parliament, unchanged):
    def create(**kwargs):
        args = (
            dict(
                kind="law",
                initiator_type="government",
                registered_on=START,
                title={"kk": "Заң", "ru": "Закон"},
            )
            | kwargs
        )
        return lambda: services.bill_create(**args)

    assert unchanged(create(title={"kk": "Заң"}), "title_required").field == "title"
    unchanged(create(initiator_type="deputies"), "initiators_required")
    deputy = Mandate.objects.serving_on(START, M).first().deputy_id
    unchanged(create(initiators=[deputy]), "initiators_not_expected")
    gone = Mandate.objects.filter(ends_on__lt=START).first().deputy_id
    unchanged(create(initiator_type="deputies", initiators=[gone]), "initiator_not_serving")
    unchanged(create(registered_on=D(2026, 8, 1)), "no_bicameral_parliament")
    bill = services.bill_create(
        kind="law",
        initiator_type="deputies",
        initiators=[deputy],
        registered_on=START,
        title={"kk": "Заң", "ru": "Закон"},
    )
    assert list(bill.initiators.values_list("pk", flat=True)) == [deputy]
    assert bill.number == "VIII-0001"


# --- Clerks record for their own chamber --------------------------------------------------------


def test_senate_clerk_cannot_post_a_majilis_vote(new_bill, record, clerks, unchanged):
    alice, bob, _ = clerks
    bill = bill_at([REFER], new_bill, record)
    unchanged(
        lambda: services.vote_record(
            bill=bill, body=M, date=START, motion="m", ballots=roll_call(M, START, 60), user=bob
        ),
        "chamber_not_allowed",
        403,
    )
    vote, _ = services.vote_record(
        bill=bill, body=M, date=START, motion="m", ballots=roll_call(M, START, 60), user=alice
    )
    unchanged(
        lambda: services.bill_apply_action(
            bill=bill, action="first_reading_approved", date=START, votes=[vote.pk], user=bob
        ),
        "chamber_not_allowed",
        403,
    )


def test_joint_sitting_needs_both_chambers(new_bill, record, clerks, unchanged):
    alice, _, carol = clerks
    bill = bill_at(TO_JOINT, new_bill, record, "constitutional_law")
    on = START + STEP * 3
    unchanged(
        lambda: services.vote_record(
            bill=bill, body=J, date=on, motion="m", ballots=roll_call(J, on, (70, 40)), user=alice
        ),
        "chamber_not_allowed",
        403,
    )
    services.vote_record(
        bill=bill, body=J, date=on, motion="m", ballots=roll_call(J, on, (70, 40)), user=carol
    )
