"""bills/procedure.py against DOMAIN.md Part A (A4–A7): pure Python, no database, no Django."""

from dataclasses import replace
from datetime import date, timedelta
from fractions import Fraction
from itertools import pairwise

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bills.procedure import (
    ACTION_LABELS,
    AFTER_PARLIAMENT,
    CLOCKED_STAGES,
    ERA_1995,
    ERA_2007,
    ERA_2023,
    ERAS,
    FINAL_STAGES,
    JOINT_PATH,
    MAIN_PATH,
    PRIORITY_CLOCKED_STAGES,
    STAGE_LABELS,
    STAGE_ORDER,
    Action,
    BillState,
    Body,
    Initiator,
    Kind,
    Outcome,
    ProcedureError,
    Rule,
    Stage,
    allowed_actions,
    apply,
    check_initiator,
    clock_history,
    deadline,
    era_on,
    next_stage,
    next_step,
    outcome,
    path_for,
    quorum,
    status,
    threshold,
    transition,
    vote_rule,
)

A, St = Action, Stage
M, S, J = Body.MAJILIS, Body.SENATE, Body.JOINT
P, F, NQ = Outcome.PASSED, Outcome.FAILED, Outcome.NO_QUORUM
SIMPLE, TT, TQ = Rule.SIMPLE, Rule.TWO_THIRDS, Rule.THREE_QUARTERS
SEATS = {M: 98, S: 50}
LANGS = ("kk", "ru", "en")


def d(text: str) -> date:
    return date.fromisoformat(text)


def at(kind: Kind, stage: Stage | None, **kwargs) -> BillState:
    return BillState(kind=kind, stage=stage, **kwargs)


def error_of(call, *args, **kwargs) -> ProcedureError:
    with pytest.raises(ProcedureError) as info:
        call(*args, **kwargs)
    return info.value


# --- A4: thresholds and quorum ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "seats", "fails", "passes"),
    [
        (SIMPLE, 98, 49, 50),
        (TT, 98, 65, 66),
        (TQ, 98, 73, 74),
        (SIMPLE, 50, 25, 26),
        (TT, 50, 33, 34),
        (TQ, 50, 37, 38),
    ],
)
def test_threshold_edges(rule, seats, fails, passes):
    assert threshold(rule, seats) == passes
    present = seats  # everyone present: only the yes count decides
    assert outcome(rule=rule, seats=seats, yes=fails, present=present) == F
    assert outcome(rule=rule, seats=seats, yes=passes, present=present) == P


@pytest.mark.parametrize(("seats", "needed"), [(98, 66), (50, 34)])
def test_quorum_edges(seats, needed):
    assert quorum(seats) == needed
    assert outcome(rule=SIMPLE, seats=seats, yes=0, present=needed - 1) == NQ
    assert outcome(rule=SIMPLE, seats=seats, yes=0, present=needed) == F
    assert outcome(rule=SIMPLE, seats=seats, yes=needed, present=needed) == P


def smallest(seats: int, share: Fraction, *, strictly: bool = False) -> int:
    """The fewest members that make up ``share`` of ``seats`` (more than it, if ``strictly``)."""
    return next(
        n
        for n in range(seats + 1)
        if (Fraction(n, seats) > share if strictly else Fraction(n, seats) >= share)
    )


@pytest.mark.parametrize("seats", [*range(1, 61), 67, 77, 98, 107, 145, 301])
def test_thresholds_match_fractions(seats):
    assert threshold(SIMPLE, seats) == smallest(seats, Fraction(1, 2), strictly=True)
    assert threshold(TT, seats) == smallest(seats, Fraction(2, 3))
    assert threshold(TQ, seats) == smallest(seats, Fraction(3, 4))
    assert quorum(seats) == smallest(seats, Fraction(2, 3))


@pytest.mark.parametrize(
    ("seats", "yes", "present"),
    [(0, 0, 0), (-5, 0, 0), (50, -1, 10), (50, 11, 10), (50, 10, 51), (50, 0, -1)],
)
def test_outcome_rejects_impossible_counts(seats, yes, present):
    with pytest.raises(ValueError):
        outcome(rule=SIMPLE, seats=seats, yes=yes, present=present)


@settings(max_examples=300, deadline=None, database=None)
@given(rule=st.sampled_from(list(Rule)), seats=st.integers(1, 400), data=st.data())
def test_outcome_is_quorum_then_threshold(rule, seats, data):
    present = data.draw(st.integers(0, seats))
    yes = data.draw(st.integers(0, present))
    share = {SIMPLE: Fraction(1, 2), TT: Fraction(2, 3), TQ: Fraction(3, 4)}[rule]
    needed = smallest(seats, share, strictly=rule == SIMPLE)
    has_quorum = Fraction(present, seats) >= Fraction(2, 3)
    result = outcome(rule=rule, seats=seats, yes=yes, present=present)
    assert (result == NQ) == (not has_quorum)
    assert (result == P) == (has_quorum and yes >= needed)


# --- A6/A7: every path end to end ----------------------------------------------------------------


def run(kind: Kind, steps) -> BillState:
    """Apply ``steps``: (action, "YYYY-MM-DD"[, {body: outcome}][, {body: rule}][, variant])."""
    state = BillState(kind=kind, stage=None)
    for action, on, *rest in steps:
        dicts = [x for x in rest if isinstance(x, dict)]
        outcomes = dicts[0] if dicts else {}
        rules = dicts[1] if len(dicts) > 1 else {}
        variant = next((x for x in rest if isinstance(x, str)), None)
        state = apply(state, action, d(on), outcomes=outcomes, rules=rules, variant=variant)
    return state


# Canonical routes of an ordinary law in 2024, reused to reach each stage.
INTRO = [(A.INTRODUCED, "2024-01-10"), (A.REFERRED, "2024-01-12")]
TO_SECOND_READING = [*INTRO, (A.FIRST_READING_APPROVED, "2024-02-07", {M: P})]
TO_SENATE = [*TO_SECOND_READING, (A.ADOPTED_BY_MAJILIS, "2024-03-06", {M: P})]
TO_PRESIDENT = [*TO_SENATE, (A.APPROVED_BY_SENATE, "2024-04-04", {S: P})]
TO_OBJECTIONS = [*TO_PRESIDENT, (A.RETURNED_WITH_OBJECTIONS, "2024-04-25")]
TO_RECONSIDERATION = [*TO_SENATE, (A.NOT_APPROVED_BY_SENATE, "2024-04-04", {S: F})]
READOPTED = [*TO_RECONSIDERATION, (A.READOPTED_BY_MAJILIS, "2024-04-17", {M: P}, {M: TT})]
TO_AMENDMENTS = [*TO_SENATE, (A.AMENDED_BY_SENATE, "2024-04-04", {S: P})]
TO_CONCILIATION = [*TO_AMENDMENTS, (A.AMENDMENTS_REJECTED, "2024-04-17", {M: F})]
TO_JOINT = [*INTRO, (A.SENT_TO_JOINT_SITTING, "2024-02-01")]
SIGN = (A.SIGNED, "2024-06-01")

REACH = {  # how a bill of the matching kind gets to each non-final stage
    St.REGISTERED: (Kind.LAW, INTRO[:1]),
    St.MAJILIS_COMMITTEE: (Kind.LAW, INTRO),
    St.MAJILIS_SECOND_READING: (Kind.LAW, TO_SECOND_READING),
    St.SENATE: (Kind.LAW, TO_SENATE),
    St.MAJILIS_RECONSIDERATION: (Kind.LAW, TO_RECONSIDERATION),
    St.SENATE_AMENDMENTS: (Kind.LAW, TO_AMENDMENTS),
    St.CONCILIATION: (Kind.LAW, TO_CONCILIATION),
    St.JOINT_SITTING: (Kind.CONSTITUTIONAL_LAW, TO_JOINT),
    St.PRESIDENT: (Kind.LAW, TO_PRESIDENT),
    St.OBJECTIONS: (Kind.LAW, TO_OBJECTIONS),
}

CL_2015 = [
    (A.INTRODUCED, "2015-02-02"),
    (A.REFERRED, "2015-02-04"),
    (A.FIRST_READING_APPROVED, "2015-03-04", {M: P}, {M: TT}),
    (A.ADOPTED_BY_MAJILIS, "2015-04-01", {M: P}, {M: TT}),
]
LAW_2000 = [
    (A.INTRODUCED, "2000-02-01"),
    (A.REFERRED, "2000-02-03"),
    (A.ADOPTED_BY_MAJILIS, "2000-03-01", {M: P}),
    (A.APPROVED_BY_SENATE, "2000-04-05", {S: P}),
    (A.RETURNED_WITH_OBJECTIONS, "2000-04-20"),
]

PATHS = [
    *(
        pytest.param(
            kind,
            [
                *TO_PRESIDENT[:2],
                (A.COMMITTEE_REPORT, "2024-02-01"),
                *TO_PRESIDENT[2:],
                SIGN,
                (A.ENTERED_INTO_FORCE, "2024-06-15"),
            ],
            St.SIGNED,
            id=f"{kind}: two readings, signed, in force",
        )
        for kind in (Kind.LAW, Kind.CODE, Kind.RATIFICATION, Kind.BUDGET)
    ),
    pytest.param(
        Kind.LAW,
        [
            *INTRO,
            (A.ADOPTED_BY_MAJILIS, "2024-02-07", {M: P}),
            (A.APPROVED_BY_SENATE, "2024-03-01", {S: P}),
            SIGN,
        ],
        St.SIGNED,
        id="law: one reading",
    ),
    pytest.param(
        Kind.LAW,
        [*READOPTED, (A.APPROVED_BY_SENATE, "2024-05-02", {S: P}), SIGN],
        St.SIGNED,
        id="senate refuses, majilis re-adopts by 2/3, senate approves",
    ),
    pytest.param(
        Kind.LAW,
        [*READOPTED, (A.NOT_APPROVED_BY_SENATE, "2024-05-02", {S: F})],
        St.REJECTED,
        id="senate refuses twice: rejected",
    ),
    pytest.param(
        Kind.LAW,
        [*TO_AMENDMENTS, (A.AMENDMENTS_ACCEPTED, "2024-04-17", {M: P}), SIGN],
        St.SIGNED,
        id="senate amendments accepted",
    ),
    pytest.param(
        Kind.LAW,
        [*TO_CONCILIATION, (A.CONCILIATION_AGREED, "2024-05-15", {M: P, S: P}), SIGN],
        St.SIGNED,
        id="amendments rejected, conciliation agreed",
    ),
    pytest.param(
        Kind.LAW,
        [*TO_CONCILIATION, (A.CONCILIATION_FAILED, "2024-05-15")],
        St.REJECTED,
        id="amendments rejected, conciliation failed",
    ),
    pytest.param(
        Kind.LAW,
        [*TO_OBJECTIONS, (A.OVERRIDE_PASSED, "2024-05-15", {M: P, S: P}, {M: TT, S: TT}), SIGN],
        St.SIGNED,
        id="objections overridden, signed",
    ),
    pytest.param(
        Kind.LAW,
        [*TO_OBJECTIONS, (A.OBJECTIONS_ACCEPTED, "2024-05-25")],
        St.REJECTED,
        id="objections accepted: rejected",
    ),
    pytest.param(
        Kind.LAW,
        [*TO_OBJECTIONS, (A.OBJECTIONS_ACCEPTED, "2024-05-25", "presidents_wording"), SIGN],
        St.SIGNED,
        id="objections accepted: President's wording, signed",
    ),
    pytest.param(
        Kind.CONSTITUTIONAL_LAW,
        [*TO_JOINT, (A.ADOPTED_AT_JOINT_SITTING, "2024-03-01", {J: P}, {J: TT}), SIGN],
        St.SIGNED,
        id="2023: constitutional law at a joint sitting, 2/3",
    ),
    pytest.param(
        Kind.CONSTITUTIONAL_AMENDMENT,
        [
            (A.INTRODUCED, "2024-01-10"),
            (A.SENT_TO_JOINT_SITTING, "2024-01-20"),
            (A.ADOPTED_AT_JOINT_SITTING, "2024-03-01", {J: P}, {J: TQ}),
            SIGN,
        ],
        St.SIGNED,
        id="2023: constitutional amendment at a joint sitting, 3/4",
    ),
    pytest.param(
        Kind.CONSTITUTIONAL_LAW,
        [
            *TO_JOINT,
            (A.ADOPTED_AT_JOINT_SITTING, "2024-03-01", {J: P}),
            (A.RETURNED_WITH_OBJECTIONS, "2024-03-20"),
            (A.OVERRIDE_PASSED, "2024-04-10", {M: P, S: P}, {M: TQ, S: TQ}),
            SIGN,
        ],
        St.SIGNED,
        id="2023: constitutional law, objections overridden by 3/4 in each chamber",
    ),
    pytest.param(
        Kind.CONSTITUTIONAL_LAW,
        [
            (A.INTRODUCED, "2022-12-20"),
            (A.REFERRED, "2022-12-26"),
            (A.SENT_TO_JOINT_SITTING, "2023-01-10"),
            (A.ADOPTED_AT_JOINT_SITTING, "2023-03-01", {J: P}),
            (A.SIGNED, "2023-03-20"),
        ],
        St.SIGNED,
        id="constitutional law registered in 2022 follows 2023 rules in 2023",
    ),
    pytest.param(
        Kind.CONSTITUTIONAL_LAW,
        [*CL_2015, (A.APPROVED_BY_SENATE, "2015-05-06", {S: P}, {S: TT}), (A.SIGNED, "2015-05-20")],
        St.SIGNED,
        id="2015: constitutional law, ordinary path, 2/3 at every vote",
    ),
    pytest.param(
        Kind.CONSTITUTIONAL_LAW,
        [*CL_2015, (A.NOT_APPROVED_BY_SENATE, "2015-05-06", {S: F}, {S: TT})],
        St.REJECTED,
        id="2015: constitutional law refused by the Senate goes back to its initiator",
    ),
    pytest.param(
        Kind.CONSTITUTIONAL_LAW,
        [
            *CL_2015,
            (A.AMENDED_BY_SENATE, "2015-05-06", {S: P}, {S: TT}),
            (A.AMENDMENTS_ACCEPTED, "2015-05-13", {M: P}, {M: TT}),
            (A.SIGNED, "2015-05-20"),
        ],
        St.SIGNED,
        id="2015: constitutional law, Senate amendments accepted by 2/3",
    ),
    pytest.param(
        Kind.CONSTITUTIONAL_LAW,
        [
            *CL_2015,
            (A.APPROVED_BY_SENATE, "2015-05-06", {S: P}),
            (A.RETURNED_WITH_OBJECTIONS, "2015-05-20"),
            (A.OVERRIDE_PASSED, "2015-06-10", {M: P, S: P}, {M: TQ, S: TQ}),
            (A.SIGNED, "2015-06-20"),
        ],
        St.SIGNED,
        id="2015: constitutional law, objections overridden by 3/4",
    ),
    pytest.param(
        Kind.CONSTITUTIONAL_AMENDMENT,
        [
            (A.INTRODUCED, "2017-01-25"),
            (A.SENT_TO_JOINT_SITTING, "2017-02-01"),
            (A.ADOPTED_AT_JOINT_SITTING, "2017-03-06", {J: P}, {J: TQ}),
            (A.SIGNED, "2017-03-10"),
        ],
        St.SIGNED,
        id="2017: constitutional amendment at a joint sitting, 3/4",
    ),
    pytest.param(
        Kind.LAW,
        [
            (A.INTRODUCED, "2015-02-02"),
            (A.REFERRED, "2015-02-04"),
            (A.ADOPTED_BY_MAJILIS, "2015-03-04", {M: P}),
            (A.APPROVED_BY_SENATE, "2015-04-02", {S: P}),
            (A.RETURNED_WITH_OBJECTIONS, "2015-04-20"),
            (A.OVERRIDE_PASSED, "2015-05-13", {M: P, S: P}, {M: TT, S: TT}),
            (A.SIGNED, "2015-05-20"),
        ],
        St.SIGNED,
        id="2015: objections overridden by the Majilis, then the Senate, 2/3",
    ),
    pytest.param(
        Kind.LAW,
        [*LAW_2000, (A.OVERRIDE_PASSED, "2000-05-10", {J: P}, {J: TT}), (A.SIGNED, "2000-05-15")],
        St.SIGNED,
        id="2000: objections overridden at a joint sitting, 2/3 per chamber",
    ),
    pytest.param(
        Kind.LAW,
        [*INTRO, (A.REJECTED_BY_MAJILIS, "2024-02-07", {M: F})],
        St.REJECTED,
        id="rejected by the Majilis in committee stage",
    ),
    pytest.param(
        Kind.LAW,
        [*TO_SECOND_READING, (A.REJECTED_BY_MAJILIS, "2024-03-06", {M: F})],
        St.REJECTED,
        id="rejected by the Majilis in second reading",
    ),
    pytest.param(
        Kind.LAW,
        [*TO_RECONSIDERATION, (A.REJECTED_BY_MAJILIS, "2024-04-17", {M: F}, {M: TT})],
        St.REJECTED,
        id="rejected by the Majilis on reconsideration (2/3 not reached)",
    ),
    *(
        pytest.param(
            kind, [*steps, (A.WITHDRAWN, "2024-06-01")], St.WITHDRAWN, id=f"withdrawn from {stage}"
        )
        for stage, (kind, steps) in REACH.items()
    ),
]


@pytest.mark.parametrize(("kind", "steps", "final"), PATHS)
def test_path(kind, steps, final):
    state = run(kind, steps)
    assert state.stage == final
    assert [action for action, _ in state.history] == [step[0] for step in steps]


def test_reach_table_reaches_each_stage():
    for stage, (kind, steps) in REACH.items():
        assert run(kind, steps).stage == stage


def test_every_non_final_stage_has_a_withdrawal_path():
    assert set(REACH) == set(Stage) - FINAL_STAGES


def test_stage_since_moves_only_with_the_stage():
    state = run(Kind.LAW, INTRO)
    assert state.stage_since == d("2024-01-12")
    state = apply(state, A.COMMITTEE_REPORT, d("2024-01-20"))
    assert (state.stage, state.stage_since) == (St.MAJILIS_COMMITTEE, d("2024-01-12"))


def test_entered_into_force_keeps_the_law_signed():
    state = run(Kind.LAW, [*TO_PRESIDENT, SIGN, (A.ENTERED_INTO_FORCE, "2024-06-11")])
    assert state.stage == St.SIGNED
    assert state.stage_since == d("2024-06-01")
    assert state.history[-1] == (A.ENTERED_INTO_FORCE, d("2024-06-11"))


# --- Refusals: exactly the allowed set is allowed -----------------------------------------------

ORDINARY = {
    None: {A.INTRODUCED},
    St.REGISTERED: {A.REFERRED, A.WITHDRAWN},
    St.MAJILIS_COMMITTEE: {
        A.COMMITTEE_REPORT,
        A.FIRST_READING_APPROVED,
        A.ADOPTED_BY_MAJILIS,
        A.REJECTED_BY_MAJILIS,
        A.WITHDRAWN,
    },
    St.MAJILIS_SECOND_READING: {
        A.COMMITTEE_REPORT,
        A.ADOPTED_BY_MAJILIS,
        A.REJECTED_BY_MAJILIS,
        A.WITHDRAWN,
    },
    St.SENATE: {
        A.COMMITTEE_REPORT,
        A.APPROVED_BY_SENATE,
        A.NOT_APPROVED_BY_SENATE,
        A.AMENDED_BY_SENATE,
        A.WITHDRAWN,
    },
    St.MAJILIS_RECONSIDERATION: {
        A.COMMITTEE_REPORT,
        A.READOPTED_BY_MAJILIS,
        A.REJECTED_BY_MAJILIS,
        A.WITHDRAWN,
    },
    St.SENATE_AMENDMENTS: {
        A.COMMITTEE_REPORT,
        A.AMENDMENTS_ACCEPTED,
        A.AMENDMENTS_REJECTED,
        A.WITHDRAWN,
    },
    St.CONCILIATION: {
        A.COMMITTEE_REPORT,
        A.CONCILIATION_AGREED,
        A.CONCILIATION_FAILED,
        A.WITHDRAWN,
    },
    St.JOINT_SITTING: {A.COMMITTEE_REPORT, A.WITHDRAWN},
    St.PRESIDENT: {A.SIGNED, A.RETURNED_WITH_OBJECTIONS, A.WITHDRAWN},
    St.OBJECTIONS: {A.COMMITTEE_REPORT, A.OVERRIDE_PASSED, A.OBJECTIONS_ACCEPTED, A.WITHDRAWN},
    St.SIGNED: {A.ENTERED_INTO_FORCE},
    St.REJECTED: set(),
    St.WITHDRAWN: set(),
}
JOINT_ONLY = {  # constitutional amendments always; constitutional laws from 2023
    **ORDINARY,
    St.REGISTERED: {A.REFERRED, A.SENT_TO_JOINT_SITTING, A.WITHDRAWN},
    St.MAJILIS_COMMITTEE: {A.COMMITTEE_REPORT, A.SENT_TO_JOINT_SITTING, A.WITHDRAWN},
    St.MAJILIS_SECOND_READING: {A.COMMITTEE_REPORT, A.WITHDRAWN},
    St.SENATE: {A.COMMITTEE_REPORT, A.WITHDRAWN},
    St.MAJILIS_RECONSIDERATION: {A.COMMITTEE_REPORT, A.WITHDRAWN},
    St.SENATE_AMENDMENTS: {A.COMMITTEE_REPORT, A.WITHDRAWN},
    St.CONCILIATION: {A.COMMITTEE_REPORT, A.WITHDRAWN},
    St.JOINT_SITTING: {A.COMMITTEE_REPORT, A.ADOPTED_AT_JOINT_SITTING, A.WITHDRAWN},
}
# 2007–2022: a constitutional law refused by the Senate goes back to its initiator.
CL_2007 = {**ORDINARY, St.MAJILIS_RECONSIDERATION: {A.COMMITTEE_REPORT, A.WITHDRAWN}}

TABLES = [
    *(
        (on, kind, ORDINARY)
        for on in ("2000-01-10", "2015-01-10", "2024-01-10")
        for kind in (Kind.LAW, Kind.CODE, Kind.RATIFICATION, Kind.BUDGET)
    ),
    ("2000-01-10", Kind.CONSTITUTIONAL_LAW, ORDINARY),
    ("2015-01-10", Kind.CONSTITUTIONAL_LAW, CL_2007),
    ("2024-01-10", Kind.CONSTITUTIONAL_LAW, JOINT_ONLY),
    *(
        (on, Kind.CONSTITUTIONAL_AMENDMENT, JOINT_ONLY)
        for on in ("2000-01-10", "2015-01-10", "2024-01-10")
    ),
]


@pytest.mark.parametrize("stage", [None, *Stage], ids=str)
@pytest.mark.parametrize(
    ("on", "kind", "table"), [pytest.param(*t, id=f"{t[0][:4]}-{t[1]}") for t in TABLES]
)
def test_exactly_the_allowed_actions_are_allowed(on, kind, table, stage):
    state, expected = at(kind, stage), table[stage]
    assert {t.action for t in allowed_actions(state, d(on))} == expected
    for action in Action:
        if action in expected:
            assert transition(state, action, d(on)).action == action
        else:
            error = error_of(transition, state, action, d(on))
            assert error.code == "action_not_allowed"
            assert set(error.allowed) == expected


def test_refusal_message_names_the_rule():
    error = error_of(
        transition, at(Kind.LAW, St.MAJILIS_COMMITTEE), A.APPROVED_BY_SENATE, d("2024-01-10")
    )
    assert error.message["en"] == (
        "Action “approved_by_senate” is not allowed from stage “majilis_committee” for a “law” "
        "under the rules of 2023–2026. Allowed: committee_report, first_reading_approved, "
        "adopted_by_majilis, rejected_by_majilis, withdrawn."
    )
    assert "approved_by_senate" in error.message["ru"]
    assert "approved_by_senate" in error.message["kk"]
    assert str(error) == error.message["en"]


def test_ordinary_law_never_goes_to_a_joint_sitting_in_2023():
    error = error_of(apply, at(Kind.LAW, St.REGISTERED), A.SENT_TO_JOINT_SITTING, d("2024-01-10"))
    assert error.code == "action_not_allowed"
    assert error.allowed == (A.REFERRED, A.WITHDRAWN)


def test_constitutional_law_ordinary_path_refused_in_2023():
    state = at(Kind.CONSTITUTIONAL_LAW, St.MAJILIS_COMMITTEE)
    error = error_of(apply, state, A.FIRST_READING_APPROVED, d("2024-01-10"), outcomes={M: P})
    assert error.code == "action_not_allowed"
    assert A.SENT_TO_JOINT_SITTING in error.allowed


@pytest.mark.parametrize(
    ("initiator", "on", "ok"),
    [
        (Initiator.PRESIDENT, "2000-05-01", False),
        (Initiator.PRESIDENT, "2007-06-18", False),
        (Initiator.PRESIDENT, "2007-06-19", True),
        (Initiator.PRESIDENT, "2024-05-01", True),
        (Initiator.GOVERNMENT, "2000-05-01", True),
        (Initiator.DEPUTIES, "2000-05-01", True),
    ],
)
def test_initiators(initiator, on, ok):
    if ok:
        check_initiator(initiator, d(on))
    else:
        error = error_of(check_initiator, initiator, d(on))
        assert error.code == "initiator_not_allowed"
        assert "government, deputies" in error.message["en"]


# --- Votes attached to an action -----------------------------------------------------------------

SENATE_2024 = at(Kind.LAW, St.SENATE, stage_since=d("2024-03-01"))


@pytest.mark.parametrize(
    ("state", "action", "outcomes", "rules", "code"),
    [
        (SENATE_2024, A.APPROVED_BY_SENATE, {S: F}, {}, "vote_result_mismatch"),
        (SENATE_2024, A.APPROVED_BY_SENATE, {S: NQ}, {}, "vote_result_mismatch"),
        (SENATE_2024, A.NOT_APPROVED_BY_SENATE, {S: P}, {}, "vote_result_mismatch"),
        (SENATE_2024, A.APPROVED_BY_SENATE, {}, {}, "vote_required"),
        (at(Kind.LAW, St.CONCILIATION), A.CONCILIATION_AGREED, {M: P}, {}, "vote_required"),
        (at(Kind.LAW, St.REGISTERED), A.REFERRED, {M: P}, {}, "vote_not_expected"),
        (SENATE_2024, A.APPROVED_BY_SENATE, {S: P, M: P}, {}, "vote_not_expected"),
        (
            at(Kind.LAW, St.MAJILIS_RECONSIDERATION),
            A.READOPTED_BY_MAJILIS,
            {M: P},
            {M: SIMPLE},
            "vote_rule_mismatch",
        ),
        (
            at(Kind.CONSTITUTIONAL_AMENDMENT, St.JOINT_SITTING),
            A.ADOPTED_AT_JOINT_SITTING,
            {J: P},
            {J: TT},
            "vote_rule_mismatch",
        ),
        (
            at(Kind.LAW, St.OBJECTIONS),
            A.OVERRIDE_PASSED,
            {M: P, S: P},
            {M: TT, S: SIMPLE},
            "vote_rule_mismatch",
        ),
        # A failure under a stricter rule does not show a failure under the required one.
        (
            at(Kind.LAW, St.MAJILIS_COMMITTEE),
            A.REJECTED_BY_MAJILIS,
            {M: F},
            {M: TT},
            "vote_rule_mismatch",
        ),
    ],
)
def test_vote_refusals(state, action, outcomes, rules, code):
    error = error_of(apply, state, action, d("2024-04-01"), outcomes=outcomes, rules=rules)
    assert error.code == code
    assert all(error.message[lang] for lang in LANGS)


def test_constitutional_law_2015_needs_two_thirds_in_the_majilis():
    state = at(Kind.CONSTITUTIONAL_LAW, St.MAJILIS_COMMITTEE)
    error = error_of(
        apply, state, A.ADOPTED_BY_MAJILIS, d("2015-03-04"), outcomes={M: P}, rules={M: SIMPLE}
    )
    assert error.code == "vote_rule_mismatch"
    passed = apply(state, A.ADOPTED_BY_MAJILIS, d("2015-03-04"), outcomes={M: P}, rules={M: TT})
    assert passed.stage == St.SENATE


def test_stricter_pass_and_looser_failure_are_accepted():
    passed = apply(
        SENATE_2024, A.APPROVED_BY_SENATE, d("2024-04-01"), outcomes={S: P}, rules={S: TT}
    )
    assert passed.stage == St.PRESIDENT
    state = at(Kind.LAW, St.MAJILIS_RECONSIDERATION)
    failed = apply(
        state, A.REJECTED_BY_MAJILIS, d("2024-04-01"), outcomes={M: F}, rules={M: SIMPLE}
    )
    assert failed.stage == St.REJECTED


def test_dates_must_not_go_backwards():
    state = run(Kind.LAW, INTRO)
    error = error_of(apply, state, A.COMMITTEE_REPORT, d("2024-01-11"))
    assert error.code == "date_before_previous_action"
    assert apply(state, A.COMMITTEE_REPORT, d("2024-01-12")).stage == St.MAJILIS_COMMITTEE


def test_unknown_variant_is_refused():
    state = at(Kind.LAW, St.OBJECTIONS)
    assert (
        error_of(apply, state, A.OBJECTIONS_ACCEPTED, d("2024-01-10"), variant="maybe").code
        == "variant_not_allowed"
    )
    assert (
        error_of(apply, state, A.WITHDRAWN, d("2024-01-10"), variant="presidents_wording").code
        == "variant_not_allowed"
    )


def test_next_stage_resolves_history_and_variants():
    senate = at(Kind.LAW, St.SENATE)
    assert next_stage(senate, A.NOT_APPROVED_BY_SENATE, d("2024-01-10")) == (
        St.MAJILIS_RECONSIDERATION
    )
    refused = at(Kind.LAW, St.SENATE, history=((A.NOT_APPROVED_BY_SENATE, d("2023-12-01")),))
    assert next_stage(refused, A.NOT_APPROVED_BY_SENATE, d("2024-01-10")) == St.REJECTED
    objections = at(Kind.LAW, St.OBJECTIONS)
    assert next_stage(objections, A.OBJECTIONS_ACCEPTED, d("2024-01-10")) == St.REJECTED
    assert (
        next_stage(objections, A.OBJECTIONS_ACCEPTED, d("2024-01-10"), variant="presidents_wording")
        == St.PRESIDENT
    )
    assert next_stage(objections, A.COMMITTEE_REPORT, d("2024-01-10")) == St.OBJECTIONS


# --- Eras: chosen by the date of each action ----------------------------------------------------


@pytest.mark.parametrize(
    ("on", "era"),
    [
        ("1995-08-30", ERA_1995),
        ("2007-06-18", ERA_1995),
        ("2007-06-19", ERA_2007),
        ("2022-12-31", ERA_2007),
        ("2023-01-01", ERA_2023),
        ("2026-06-30", ERA_2023),
    ],
)
def test_era_on(on, era):
    assert era_on(d(on)) is era


@pytest.mark.parametrize(
    ("on", "code"),
    [("1995-08-29", "before_constitution"), ("2026-07-01", "no_bicameral_parliament")],
)
def test_no_era(on, code):
    error = error_of(era_on, d(on))
    assert error.code == code
    assert error_of(apply, at(Kind.LAW, None), A.INTRODUCED, d(on)).code == code


def test_eras_are_contiguous():
    for earlier, later in pairwise(ERAS):
        assert earlier.ends + timedelta(days=1) == later.starts


def test_2022_12_31_and_2023_01_01_change_the_rule_for_a_constitutional_law():
    state = at(Kind.CONSTITUTIONAL_LAW, St.MAJILIS_COMMITTEE)
    old, new = d("2022-12-31"), d("2023-01-01")
    assert vote_rule(Kind.CONSTITUTIONAL_LAW, St.MAJILIS_COMMITTEE, M, old) == TT
    assert (
        error_of(vote_rule, Kind.CONSTITUTIONAL_LAW, St.MAJILIS_COMMITTEE, M, new).code
        == "no_vote_expected"
    )
    assert apply(state, A.FIRST_READING_APPROVED, old, outcomes={M: P}).stage == (
        St.MAJILIS_SECOND_READING
    )
    assert error_of(transition, state, A.FIRST_READING_APPROVED, new).code == "action_not_allowed"
    assert error_of(transition, state, A.SENT_TO_JOINT_SITTING, old).code == "action_not_allowed"
    assert apply(state, A.SENT_TO_JOINT_SITTING, new).stage == St.JOINT_SITTING


def test_2007_06_18_and_06_19_change_the_override():
    old, new = d("2007-06-18"), d("2007-06-19")
    assert vote_rule(Kind.LAW, St.OBJECTIONS, J, old) == TT
    assert error_of(vote_rule, Kind.LAW, St.OBJECTIONS, M, old).code == "no_vote_expected"
    assert error_of(vote_rule, Kind.LAW, St.OBJECTIONS, J, new).code == "no_vote_expected"
    assert vote_rule(Kind.LAW, St.OBJECTIONS, M, new) == TT
    assert vote_rule(Kind.LAW, St.OBJECTIONS, S, new) == TT
    state = at(Kind.LAW, St.OBJECTIONS)
    assert apply(state, A.OVERRIDE_PASSED, old, outcomes={J: P}).stage == St.PRESIDENT
    assert error_of(apply, state, A.OVERRIDE_PASSED, new, outcomes={J: P}).code == (
        "vote_not_expected"
    )


def test_each_action_follows_the_rules_of_its_own_date():
    # Registered in December 2022; the Majilis vote falls in 2023.
    state = run(
        Kind.LAW,
        [
            (A.INTRODUCED, "2022-12-20"),
            (A.REFERRED, "2022-12-22"),
            (A.FIRST_READING_APPROVED, "2022-12-28", {M: P}),
        ],
    )
    state = apply(state, A.ADOPTED_BY_MAJILIS, d("2023-02-01"), outcomes={M: P})
    (first, first_on), (adopted, adopted_on) = state.history[-2:]
    assert era_on(first_on).verb(first)["en"] == "Approved by the Majilis in first reading"
    assert era_on(adopted_on).verb(adopted)["en"] == "Adopted by the Majilis"
    cl = run(Kind.CONSTITUTIONAL_LAW, [(A.INTRODUCED, "2022-12-20"), (A.REFERRED, "2022-12-22")])
    assert {t.action for t in allowed_actions(cl, d("2023-01-10"))} == {
        A.COMMITTEE_REPORT,
        A.SENT_TO_JOINT_SITTING,
        A.WITHDRAWN,
    }


@pytest.mark.parametrize(
    ("era", "action", "en", "ru", "kk"),
    [
        (
            ERA_2007,
            A.ADOPTED_BY_MAJILIS,
            "Approved by the Majilis",
            "Одобрен Мажилисом",
            "Мәжіліс мақұлдады",
        ),
        (
            ERA_2023,
            A.ADOPTED_BY_MAJILIS,
            "Adopted by the Majilis",
            "Принят Мажилисом",
            "Мәжіліс қабылдады",
        ),
        (
            ERA_1995,
            A.APPROVED_BY_SENATE,
            "Adopted by the Senate",
            "Принят Сенатом",
            "Сенат қабылдады",
        ),
        (
            ERA_2023,
            A.APPROVED_BY_SENATE,
            "Approved by the Senate",
            "Одобрен Сенатом",
            "Сенат мақұлдады",
        ),
        (
            ERA_2023,
            A.NOT_APPROVED_BY_SENATE,
            "Not approved by the Senate",
            "Не одобрен Сенатом",
            "Сенат мақұлдамады",
        ),
        (
            ERA_2007,
            A.READOPTED_BY_MAJILIS,
            "Approved again by the Majilis",
            "Повторно одобрен Мажилисом",
            "Мәжіліс қайта мақұлдады",
        ),
        (
            ERA_2023,
            A.SIGNED,
            "Signed by the President",
            "Подписан Президентом",
            "Президент қол қойды",
        ),
    ],
)
def test_verbs_follow_the_era(era, action, en, ru, kk):
    assert era.verb(action) == {"kk": kk, "ru": ru, "en": en}


@pytest.mark.parametrize(
    ("kind", "stage", "body", "on", "rule"),
    [
        (Kind.LAW, St.MAJILIS_COMMITTEE, M, "2024-01-10", SIMPLE),
        (Kind.LAW, St.MAJILIS_RECONSIDERATION, M, "2024-01-10", TT),
        (Kind.LAW, St.SENATE_AMENDMENTS, M, "2024-01-10", SIMPLE),
        (Kind.LAW, St.CONCILIATION, S, "2024-01-10", SIMPLE),
        (Kind.LAW, St.OBJECTIONS, S, "2024-01-10", TT),
        (Kind.CONSTITUTIONAL_LAW, St.OBJECTIONS, M, "2024-01-10", TQ),
        (Kind.CONSTITUTIONAL_LAW, St.JOINT_SITTING, J, "2024-01-10", TT),
        (Kind.CONSTITUTIONAL_AMENDMENT, St.JOINT_SITTING, J, "2024-01-10", TQ),
        (Kind.CONSTITUTIONAL_LAW, St.SENATE, S, "2015-01-10", TT),
        (Kind.CONSTITUTIONAL_LAW, St.SENATE_AMENDMENTS, M, "2015-01-10", TT),
        (Kind.CONSTITUTIONAL_LAW, St.OBJECTIONS, S, "2015-01-10", TQ),
        (Kind.CONSTITUTIONAL_AMENDMENT, St.JOINT_SITTING, J, "2000-01-10", TQ),
        (Kind.BUDGET, St.SENATE, S, "2000-01-10", SIMPLE),
    ],
)
def test_vote_rule(kind, stage, body, on, rule):
    assert vote_rule(kind, stage, body, d(on)) == rule


@pytest.mark.parametrize(
    ("kind", "stage", "body"),
    [
        (Kind.LAW, St.REGISTERED, M),
        (Kind.LAW, St.MAJILIS_COMMITTEE, S),
        (Kind.LAW, St.SENATE, M),
        (Kind.LAW, St.JOINT_SITTING, J),
        (Kind.LAW, St.PRESIDENT, M),
        (Kind.CONSTITUTIONAL_LAW, St.JOINT_SITTING, M),
    ],
)
def test_no_vote_expected(kind, stage, body):
    error = error_of(vote_rule, kind, stage, body, d("2024-01-10"))
    assert error.code == "no_vote_expected"


# --- The tables themselves ----------------------------------------------------------------------


@pytest.mark.parametrize("era", ERAS, ids=lambda era: era.code)
def test_table_is_well_formed(era):
    seen = set()
    for t in era.transitions:
        assert t.source
        for stage in t.from_stages or {None}:
            for kind in t.kinds:
                assert (t.action, stage, kind) not in seen, (t.action, stage, kind)
                seen.add((t.action, stage, kind))
        if t.votes:
            assert len({req.body for req in t.votes}) == len(t.votes)
    assert {t.action for t in era.transitions} == set(Action)
    # One rule per (kind, stage, body): that is what vote_rule() reports.
    for kind in Kind:
        for stage in Stage:
            for body in Body:
                rules = {
                    req.rule
                    for t in era.transitions
                    if kind in t.kinds and stage in t.from_stages
                    for req in t.votes
                    if req.body == body
                }
                assert len(rules) <= 1, (era.code, kind, stage, body, rules)


def test_unconfirmed_rules_are_flagged():
    assert not ERA_1995.confirmed
    unconfirmed = {t.action for t in ERA_2023.unconfirmed if hasattr(t, "action")}
    assert {A.NOT_APPROVED_BY_SENATE, A.CONCILIATION_AGREED, A.WITHDRAWN} <= unconfirmed
    assert ERA_1995.clocks["president"].confirmed is False
    assert all(t.confirmed for t in ERA_2023.transitions if t.action == A.ADOPTED_AT_JOINT_SITTING)


def test_labels_exist_in_every_language():
    for labels in (STAGE_LABELS, ACTION_LABELS, *(era.labels for era in ERAS)):
        for label in labels.values():
            assert all(label[lang].strip() for lang in LANGS)
    assert set(STAGE_LABELS) == set(Stage)
    assert set(ACTION_LABELS) == set(Action)
    assert all(set(era.labels) == set(Action) for era in ERAS)


def test_kinds_and_paths():
    assert Kind.CONSTITUTIONAL_LAW.is_constitutional
    assert Kind.CONSTITUTIONAL_AMENDMENT.is_constitutional
    assert not Kind.CODE.is_constitutional
    assert frozenset({St.SIGNED, St.REJECTED, St.WITHDRAWN}) == FINAL_STAGES
    assert STAGE_ORDER == {"main": MAIN_PATH, "joint": JOINT_PATH}
    assert MAIN_PATH[0] == JOINT_PATH[0] == St.REGISTERED
    assert MAIN_PATH[-1] == JOINT_PATH[-1] == St.SIGNED
    assert path_for(Kind.CONSTITUTIONAL_LAW, d("2024-01-10")) == JOINT_PATH
    assert path_for(Kind.CONSTITUTIONAL_LAW, d("2015-01-10")) == MAIN_PATH
    assert path_for(Kind.CONSTITUTIONAL_AMENDMENT, d("2000-01-10")) == JOINT_PATH
    assert path_for(Kind.LAW, d("2024-01-10")) == MAIN_PATH


# --- Deadlines ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stage", "since", "today", "name", "due", "days_left"),
    [
        (St.SENATE, "2024-03-01", "2024-04-01", "senate", "2024-04-30", 29),
        (St.SENATE, "2024-03-01", "2024-05-03", "senate", "2024-04-30", -3),
        (St.PRESIDENT, "2024-01-31", "2024-02-01", "president", "2024-02-29", 28),
        (St.PRESIDENT, "2023-01-31", "2023-02-01", "president", "2023-02-28", 27),
        (St.PRESIDENT, "2024-03-31", "2024-04-01", "president", "2024-04-30", 29),
        (St.PRESIDENT, "2021-12-31", "2022-01-01", "president", "2022-01-31", 30),
        (St.OBJECTIONS, "2024-05-31", "2024-06-30", "override", "2024-06-30", 0),
        # 1995 rules: 15 working days, Monday to Friday.
        (St.PRESIDENT, "2000-03-03", "2000-03-03", "president", "2000-03-24", 21),
        (St.PRESIDENT, "2000-03-06", "2000-03-28", "president", "2000-03-27", -1),
        # A clock started before July 2026 is still shown afterwards.
        (St.SENATE, "2026-06-01", "2026-09-01", "senate", "2026-07-31", -32),
    ],
)
def test_stage_deadlines(stage, since, today, name, due, days_left):
    result = deadline(at(Kind.LAW, stage, stage_since=d(since)), d(today))
    assert (result.name, result.due, result.days_left) == (name, d(due), days_left)
    assert result.overdue == (days_left < 0)
    assert result.source
    assert all(result.label[lang] for lang in LANGS)


def test_working_day_clock_is_flagged():
    result = deadline(at(Kind.LAW, St.PRESIDENT, stage_since=d("2000-03-03")), d("2000-03-03"))
    assert result.confirmed is False


def test_signature_after_override():
    overridden = ((A.OVERRIDE_PASSED, d("2000-05-10")),)
    state = at(Kind.LAW, St.PRESIDENT, history=overridden, stage_since=d("2000-05-10"))
    result = deadline(state, d("2000-05-10"))
    assert (result.name, result.due) == ("president_after_override", d("2000-05-17"))
    overridden = ((A.OVERRIDE_PASSED, d("2024-05-10")),)
    state = at(Kind.LAW, St.PRESIDENT, history=overridden, stage_since=d("2024-05-10"))
    assert deadline(state, d("2024-05-10")).due == d("2024-06-10")


def test_priority_bill_shows_the_nearer_clock():
    registered = ((A.INTRODUCED, d("2024-01-10")),)
    committee = at(
        Kind.LAW,
        St.MAJILIS_COMMITTEE,
        history=registered,
        priority=True,
        stage_since=d("2024-01-12"),
    )
    result = deadline(committee, d("2024-03-12"))
    assert (result.name, result.due, result.days_left) == ("priority", d("2024-03-10"), -2)
    senate = at(Kind.LAW, St.SENATE, history=registered, priority=True, stage_since=d("2024-02-20"))
    assert deadline(senate, d("2024-02-21")).name == "priority"
    registered = ((A.INTRODUCED, d("2024-03-01")),)
    senate = at(Kind.LAW, St.SENATE, history=registered, priority=True, stage_since=d("2024-03-01"))
    assert (deadline(senate, d("2024-03-02")).name, deadline(senate, d("2024-03-02")).due) == (
        "senate",
        d("2024-04-30"),
    )
    president = at(
        Kind.LAW, St.PRESIDENT, history=registered, priority=True, stage_since=d("2024-04-01")
    )
    assert deadline(president, d("2024-04-02")).name == "president"


@pytest.mark.parametrize(
    "state",
    [
        at(Kind.LAW, St.MAJILIS_COMMITTEE, stage_since=d("2024-01-12")),
        at(Kind.LAW, St.SIGNED, stage_since=d("2024-01-12")),
        at(Kind.LAW, St.REJECTED, stage_since=d("2024-01-12")),
        at(Kind.LAW, St.SENATE),
        at(Kind.LAW, None),
        # No priority clock under the 1995 rules.
        at(
            Kind.LAW,
            St.MAJILIS_COMMITTEE,
            priority=True,
            stage_since=d("2000-01-12"),
            history=((A.INTRODUCED, d("2000-01-10")),),
        ),
    ],
)
def test_no_deadline(state):
    assert deadline(state, d("2024-02-01")) is None


# Random bill states for the clock tests: any kind, stage and history under the bicameral
# rules, the actions the clocks read drawn more often.
DAYS = st.dates(date(1995, 8, 30), date(2026, 6, 30))
STATES = {
    "kind": st.sampled_from(list(Kind)),
    "stage": st.sampled_from(list(Stage)),
    "priority": st.booleans(),
    "since": DAYS,
    "history": st.lists(
        st.tuples(st.sampled_from([A.INTRODUCED, A.OVERRIDE_PASSED, *Action]), DAYS), max_size=8
    ),
}


@settings(max_examples=400, deadline=None, database=None)
@given(**STATES)
def test_clocks_run_only_in_the_stages_that_callers_read(kind, stage, priority, since, history):
    """Bill.objects.clocked() reads only CLOCKED_STAGES, and PRIORITY_CLOCKED_STAGES for a
    priority bill: no deadline may exist outside them."""
    state = at(kind, stage, priority=priority, stage_since=since, history=tuple(history))
    read = stage in CLOCKED_STAGES or (priority and stage in PRIORITY_CLOCKED_STAGES)
    if not read:
        assert deadline(state, date(2026, 7, 1)) is None


@settings(max_examples=400, deadline=None, database=None)
@given(**STATES, today=st.dates(date(1995, 8, 30), date(2026, 12, 31)))
@example(  # an override restarts the President's clock
    kind=Kind.LAW,
    stage=St.PRESIDENT,
    priority=False,
    since=d("2024-03-01"),
    history=[(A.INTRODUCED, d("2023-11-01")), (A.OVERRIDE_PASSED, d("2024-03-01"))],
    today=d("2024-03-05"),
)
def test_clock_history_keeps_what_deadline_reads(kind, stage, priority, since, history, today):
    """A state keeping only clock_history(state) has the same deadline as with the whole
    history: callers may read two events per bill."""
    state = at(kind, stage, priority=priority, stage_since=since, history=tuple(history))
    kept = replace(state, history=clock_history(state))
    assert len(kept.history) <= 2
    assert deadline(kept, today) == deadline(state, today)


# --- Next step and status -----------------------------------------------------------------------


def test_next_step_in_the_senate_2024():
    text = next_step(at(Kind.LAW, St.SENATE), d("2024-04-01"), seats=SEATS)
    assert text["en"].startswith(
        "The Senate considers the law within 60 days and approves it by a majority of all "
        "senators (26 of 50)."
    )
    assert text["ru"].startswith(
        "Сенат рассматривает закон в течение 60 дней и одобряет его большинством голосов "
        "от общего числа депутатов Сената (26 из 50)."
    )
    assert text["kk"].startswith("Сенат заңды 60 күн ішінде қарайды және оны сенаторлардың")
    assert "мақұлдайды" in text["kk"]


def test_next_step_follows_the_verb_and_rule_of_the_date():
    text = next_step(at(Kind.CONSTITUTIONAL_LAW, St.SENATE), d("2015-04-01"), seats=SEATS)
    assert "adopts it by two thirds of all senators (34 of 50)" in text["en"]
    assert "принимает" in text["ru"]
    assert "қабылдайды" in text["kk"]
    text = next_step(at(Kind.LAW, St.MAJILIS_RECONSIDERATION), d("2024-04-01"), seats=SEATS)
    assert "by two thirds of all deputies (66 of 98)" in text["en"]


def test_next_step_at_a_joint_sitting_counts_each_chamber():
    state = at(Kind.CONSTITUTIONAL_AMENDMENT, St.JOINT_SITTING)
    text = next_step(state, d("2024-04-01"), seats=SEATS)
    assert (
        "three quarters of all deputies of each chamber (Majilis 74 of 98, Senate 38 of 50)"
        in (text["en"])
    )
    assert "Мажилис — 74 из 98, Сенат — 38 из 50" in text["ru"]


def test_next_step_for_objections():
    text = next_step(at(Kind.LAW, St.OBJECTIONS), d("2000-04-01"))
    assert "at a joint sitting by two thirds of all deputies of each chamber" in text["en"]
    text = next_step(at(Kind.CONSTITUTIONAL_LAW, St.OBJECTIONS), d("2024-04-01"), seats=SEATS)
    assert "first the Majilis by three quarters of all deputies (74 of 98)" in text["en"]


def test_next_step_for_the_president_and_after():
    assert "15 working days" in next_step(at(Kind.LAW, St.PRESIDENT), d("2000-04-01"))["en"]
    assert "one month" in next_step(at(Kind.LAW, St.PRESIDENT), d("2024-04-01"))["en"]
    in_force = at(Kind.LAW, St.SIGNED, history=((A.ENTERED_INTO_FORCE, d("2024-05-01")),))
    assert next_step(in_force, d("2024-06-01"))["en"] == "The law is in force."
    assert "Kurultai" in next_step(at(Kind.LAW, St.SENATE), d("2026-07-01"))["en"]
    assert next_step(at(Kind.LAW, None), d("2000-01-01"))["en"] == (
        "The bill is introduced in the Majilis by the Government or deputies."
    )


@pytest.mark.parametrize("on", ["2000-01-10", "2015-01-10", "2024-01-10"])
@pytest.mark.parametrize("kind", list(Kind))
def test_next_step_exists_for_every_stage(on, kind):
    for stage in [None, *Stage]:
        for seats in (None, SEATS):
            text = next_step(at(kind, stage), d(on), seats=seats)
            assert set(text) == set(LANGS)
            assert all(text[lang].strip() and "{" not in text[lang] for lang in LANGS)


def test_status():
    state = run(Kind.LAW, TO_SENATE)
    result = status(state, d("2024-03-10"))
    assert result.stage == St.SENATE
    assert [t.action for t in result.allowed] == [
        A.COMMITTEE_REPORT,
        A.APPROVED_BY_SENATE,
        A.NOT_APPROVED_BY_SENATE,
        A.AMENDED_BY_SENATE,
        A.WITHDRAWN,
    ]
    assert result.deadline.due == d("2024-05-05")
    assert "approves" in result.next_step["en"]
    after = status(state, d("2026-08-01"))
    assert after.allowed == []
    assert after.deadline.overdue


# --- Properties over random histories -------------------------------------------------------------

KNOWN_CODES = {
    "action_not_allowed",
    "vote_required",
    "vote_result_mismatch",
    "vote_rule_mismatch",
    "vote_not_expected",
    "date_before_previous_action",
    "variant_not_allowed",
    "no_bicameral_parliament",
    "before_constitution",
}
# Biased so that random histories get somewhere: an int picks the n-th allowed action that
# moves the bill on, and most votes meet their requirement.
VOTE_PICKS = ["meet"] * 6 + ["omit", *Outcome]
RULE_PICKS = ["required"] * 8 + list(Rule)
ENDINGS = {A.WITHDRAWN, A.COMMITTEE_REPORT, A.REJECTED_BY_MAJILIS, A.CONCILIATION_FAILED}
step = st.tuples(
    st.one_of(st.sampled_from(list(Action)), *[st.integers(0, 30)] * 3),
    st.integers(-2, 45),
    st.fixed_dictionaries({body: st.sampled_from(VOTE_PICKS) for body in Body}),
    st.fixed_dictionaries({body: st.sampled_from(RULE_PICKS) for body in Body}),
    st.sampled_from([None, None, "presidents_wording", "other"]),
)
STRENGTH = {SIMPLE: 1, TT: 2, TQ: 3}


def row_for(state: BillState, action: Action, on: date):
    """The era's row for this action from this state, found without transition()."""
    rows = [
        t
        for t in era_on(on).transitions
        if t.action == action
        and state.kind in t.kinds
        and (state.stage in t.from_stages if t.from_stages else state.stage is None)
    ]
    assert len(rows) <= 1
    return rows[0] if rows else None


@settings(max_examples=300, deadline=None, database=None)
@given(
    kind=st.sampled_from(list(Kind)),
    start=st.dates(date(1995, 8, 30), date(2026, 6, 30)),
    steps=st.lists(step, min_size=8, max_size=30),
)
def test_random_histories_follow_the_table(kind, start, steps):
    state, on = BillState(kind=kind, stage=None), start
    for choice, gap, votes, held, variant in steps:
        on += timedelta(days=gap)
        try:
            allowed = [t.action for t in allowed_actions(state, on)]
        except ProcedureError:
            allowed = []
        allowed = [a for a in allowed if a not in ENDINGS] or allowed
        if isinstance(choice, int):
            if not allowed:
                continue
            choice = allowed[choice % len(allowed)]
        action = choice
        if ERA_1995.starts <= on <= ERA_2023.ends:
            row = row_for(state, action, on)
        elif on > ERA_2023.ends and action in AFTER_PARLIAMENT:  # the President still signs
            row = row_for(state, action, ERA_2023.ends)
        else:
            row = None
        outcomes, rules = {}, {}
        for req in row.votes if row else ():
            if votes[req.body] != "omit":
                outcomes[req.body] = req.must if votes[req.body] == "meet" else votes[req.body]
            if held[req.body] != "required":
                rules[req.body] = held[req.body]
        try:
            new = apply(state, action, on, outcomes=outcomes, rules=rules, variant=variant)
        except ProcedureError as error:
            assert error.code in KNOWN_CODES
            continue
        assert row is not None
        assert new.stage in row.targets(state.stage)
        if state.stage in FINAL_STAGES:
            assert (state.stage, action) == (St.SIGNED, A.ENTERED_INTO_FORCE)
        for req in row.votes:
            assert outcomes[req.body] == req.must
            # A pass under a looser rule, or a failure under a stricter one, proves nothing.
            stronger = STRENGTH[rules.get(req.body, req.rule)] - STRENGTH[req.rule]
            assert stronger >= 0 if req.must == P else stronger <= 0
        assert new.history == (*state.history, (action, on))
        assert new.stage_since == (on if new.stage != state.stage else state.stage_since)
        state = new


def test_after_parliament_ended_only_signature_and_entry_into_force():
    after = date(2026, 9, 1)
    at_president = BillState(
        kind=Kind.LAW,
        stage=Stage.PRESIDENT,
        stage_since=date(2026, 6, 25),
        history=(
            (Action.INTRODUCED, date(2026, 1, 5)),
            (Action.APPROVED_BY_SENATE, date(2026, 6, 25)),
        ),
    )
    assert [t.action for t in allowed_actions(at_president, after)] == [Action.SIGNED]
    signed = apply(at_president, Action.SIGNED, date(2026, 7, 20))
    assert signed.stage == Stage.SIGNED
    in_force = apply(signed, Action.ENTERED_INTO_FORCE, date(2026, 8, 1))
    assert in_force.stage == Stage.SIGNED
    with pytest.raises(ProcedureError) as error:
        apply(at_president, Action.RETURNED_WITH_OBJECTIONS, after)
    assert error.value.code == "no_bicameral_parliament"
    in_senate = BillState(kind=Kind.LAW, stage=Stage.SENATE, stage_since=date(2026, 6, 1))
    assert allowed_actions(in_senate, after) == []
    assert status(in_senate, after).allowed == []
