"""Checks over all bills, votes and ballots of the invariants the services keep.

Data written by the services meets them by construction; bulk loads (``bills.scale``) and
imports must meet them too. Each check counts its violations with set-based SQL, or streams
the rows in order through the procedure (``bills.procedure``) where the rule is the law
itself: the allowed actions, thresholds and results of each era.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterator

from django.db import connection

from . import procedure as P
from . import sql

STREAM_CHUNK = 20_000


@dataclasses.dataclass
class Check:
    name: str
    description: str
    violations: int
    seconds: float
    examples: list[str] = dataclasses.field(default_factory=list)


def _count(sql: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def _stream(sql: str) -> Iterator[tuple]:
    """Rows of a query, fetched in chunks through a server-side cursor on PostgreSQL."""
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql)
        while rows := cursor.fetchmany(STREAM_CHUNK):
            yield from rows


def _not_equal(left: str, right: str) -> str:
    """Null-safe inequality."""
    if connection.vendor == "postgresql":
        return f"{left} IS DISTINCT FROM {right}"
    return f"{left} IS NOT {right}"


# --- Bills and their events ----------------------------------------------------------------


def bill_stage() -> int:
    """A bill's stage is its last event's; it has been there since its last event that moved
    it (committee reports and the entry into force leave the stage as it was)."""
    return _count(
        """
        WITH last AS (
            SELECT bill_id, MAX(sequence) AS sequence FROM bills_billevent GROUP BY bill_id
        ), moved AS (
            SELECT bill_id, MAX(sequence) AS sequence FROM bills_billevent
            WHERE from_stage <> to_stage GROUP BY bill_id
        )
        SELECT COUNT(*) FROM bills_bill b
        LEFT JOIN last ON last.bill_id = b.id
        LEFT JOIN bills_billevent e ON e.bill_id = b.id AND e.sequence = last.sequence
        LEFT JOIN moved ON moved.bill_id = b.id
        LEFT JOIN bills_billevent m ON m.bill_id = b.id AND m.sequence = moved.sequence
        WHERE e.id IS NULL OR m.id IS NULL OR e.to_stage <> b.stage
           OR m.date <> b.stage_since
        """
    )


def event_sequence() -> int:
    """Each bill's events are numbered 1..n without gaps (bill_event_sequence keeps them
    unique)."""
    return _count(
        """
        SELECT COUNT(*) FROM (
            SELECT bill_id FROM bills_billevent GROUP BY bill_id
            HAVING MIN(sequence) <> 1 OR MAX(sequence) <> COUNT(*)
        ) gaps
        """
    )


def event_actions(examples: list[str]) -> int:
    """Replays every bill's events through the procedure: each action allowed from the stage
    before it, in the era of its date, on a date not before the previous one, with the votes
    the rule needs (held at that stage, with the result and rule required), leading to the
    stage recorded."""
    sql = """
        SELECT e.bill_id, b.kind, e.id, e.sequence, e.action, e.date, e.from_stage,
               e.to_stage, v.body, v.result, v.rule, v.stage, v.date
        FROM bills_billevent e
        JOIN bills_bill b ON b.id = e.bill_id
        LEFT JOIN bills_billevent_votes ev ON ev.billevent_id = e.id
        LEFT JOIN bills_vote v ON v.id = ev.vote_id
        ORDER BY e.bill_id, e.sequence, v.id
    """
    violations = 0
    bill, state, bad_bill = None, None, False
    event = None

    def finish():
        nonlocal state, bad_bill, violations
        if event is None or bad_bill:
            return
        _, _kind, event_id, sequence, action, on, from_stage, to_stage, votes = event
        try:
            if (state.stage or "") != from_stage:
                raise P.ProcedureError(
                    "from_stage", {"en": f"from {from_stage}, was {state.stage}"}
                )
            for _, _, _, stage, vote_on in votes:
                if stage != from_stage or vote_on > on:
                    raise P.ProcedureError("vote_stage", {"en": f"vote at {stage} on {vote_on}"})
            wording = action == P.Action.OBJECTIONS_ACCEPTED and to_stage == P.Stage.PRESIDENT
            state = P.apply(
                state,
                action,
                on,
                outcomes={P.Body(b): P.Outcome(r) for b, r, _, _, _ in votes},
                rules={P.Body(b): P.Rule(r) for b, _, r, _, _ in votes},
                variant=P.PRESIDENTS_WORDING if wording else None,
            )
            if state.stage != to_stage:
                raise P.ProcedureError("to_stage", {"en": f"to {to_stage}, rule {state.stage}"})
        except (P.ProcedureError, ValueError) as error:
            violations += 1
            bad_bill = True  # later events of the bill cannot be replayed
            if len(examples) < 5:
                examples.append(f"event {event_id} (bill {bill}, #{sequence} {action}): {error}")

    for row in _stream(sql):
        bill_id, kind, event_id = row[0], row[1], row[2]
        if event is not None and event[2] == event_id:
            event[-1].append(row[8:])
            continue
        finish()
        if bill_id != bill:
            bill, bad_bill = bill_id, False
            state = P.BillState(kind=P.Kind(kind), stage=None)
        event = [*row[:8], [row[8:]] if row[8] is not None else []]
    finish()
    return violations


# --- Votes, tallies and ballots ------------------------------------------------------------


def tally_counts() -> int:
    """Each tally's counts equal its chamber's ballots in the vote, and every ballot is
    counted in a tally."""
    counts = """
        SELECT vote_id, chamber_id,
               SUM(CASE WHEN option = 'yes' THEN 1 ELSE 0 END) AS yes,
               SUM(CASE WHEN option = 'no' THEN 1 ELSE 0 END) AS no,
               SUM(CASE WHEN option = 'abstain' THEN 1 ELSE 0 END) AS abstain,
               SUM(CASE WHEN option = 'absent' THEN 1 ELSE 0 END) AS absent
        FROM bills_ballot GROUP BY vote_id, chamber_id
    """
    return _count(
        f"""
        WITH c AS ({counts})
        SELECT
          (SELECT COUNT(*) FROM bills_tally t
           LEFT JOIN c ON c.vote_id = t.vote_id AND c.chamber_id = t.chamber_id
           WHERE c.vote_id IS NULL AND t.yes + t.no + t.abstain + t.absent > 0
              OR c.yes <> t.yes OR c.no <> t.no OR c.abstain <> t.abstain
              OR c.absent <> t.absent)
        + (SELECT COUNT(*) FROM c
           LEFT JOIN bills_tally t ON t.vote_id = c.vote_id AND t.chamber_id = c.chamber_id
           WHERE t.id IS NULL)
        """
    )


def tally_rules(examples: list[str]) -> int:
    """Each tally's seats are the chamber's established seats on the vote's date, its
    threshold and quorum the procedure's for those seats and the vote's rule, its result the
    procedure's outcome of its counts; a vote has one tally per chamber it counts (both at a
    joint sitting) and its result is passed only if every tally passed."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.id, c.code, s.starts_on, s.ends_on, s.seats FROM chambers_seats s "
            "JOIN chambers_chamber c ON c.id = s.chamber_id"
        )
        seat_rows = cursor.fetchall()
        cursor.execute("SELECT id, code FROM chambers_chamber")
        codes = dict(cursor.fetchall())

    def seats_on(chamber: int, on):
        rows = [
            r for r in seat_rows if r[0] == chamber and r[2] <= on and (r[3] is None or on <= r[3])
        ]
        return max(rows, key=lambda r: r[2])[4] if rows else None

    sql = """
        SELECT v.id, v.body, v.date, v.rule, v.result, t.chamber_id, t.seats, t.threshold,
               t.quorum, t.yes, t.no, t.abstain, t.absent, t.result
        FROM bills_vote v LEFT JOIN bills_tally t ON t.vote_id = v.id
        ORDER BY v.id, t.chamber_id
    """
    cache: dict = {}
    violations = 0

    def judge(vote_id, body, on, rule, result, tallies) -> str | None:
        expected = {"majilis", "senate"} if body == P.Body.JOINT else {body}
        if {codes.get(t[0]) for t in tallies} != expected or len(tallies) != len(expected):
            return f"tallies for {sorted(codes.get(t[0], '?') for t in tallies)}"
        results = []
        for chamber, seats, threshold, quorum, yes, no, abstain, _absent, t_result in tallies:
            key = (chamber, on)
            if key not in cache:
                cache[key] = seats_on(chamber, on)
            established = cache[key]
            if established is None or seats != established:
                return f"{codes[chamber]} seats {seats}, established {established}"
            if threshold != P.threshold(rule, seats) or quorum != P.quorum(seats):
                return f"{codes[chamber]} threshold {threshold}, quorum {quorum} for {rule}"
            computed = P.outcome(rule=rule, seats=seats, yes=yes, present=yes + no + abstain)
            if computed != t_result:
                return f"{codes[chamber]} result {t_result}, counts give {computed}"
            results.append(computed)
        if P.Outcome.NO_QUORUM in results:
            overall = P.Outcome.NO_QUORUM
        elif all(r == P.Outcome.PASSED for r in results):
            overall = P.Outcome.PASSED
        else:
            overall = P.Outcome.FAILED
        return None if overall == result else f"result {result}, tallies give {overall}"

    def finish(vote):
        nonlocal violations
        if vote is None:
            return
        try:
            problem = judge(*vote)
        except ValueError as error:
            problem = str(error)
        if problem:
            violations += 1
            if len(examples) < 5:
                examples.append(f"vote {vote[0]}: {problem}")

    vote = None
    for row in _stream(sql):
        if vote is None or vote[0] != row[0]:
            finish(vote)
            vote = [*row[:5], []]
        if row[5] is not None:
            vote[-1].append(row[5:])
    finish(vote)
    return violations


def official_totals() -> int:
    """A vote is flagged as differing from its official totals exactly when an announced
    total differs from the sum of its tallies."""
    differs = " OR ".join(
        f"(v.official_{o} IS NOT NULL AND v.official_{o} <> s.{o})"
        for o in ("yes", "no", "abstain", "absent")
    )
    flagged = "CASE WHEN v.totals_mismatch THEN 1 ELSE 0 END"
    return _count(
        f"""
        SELECT COUNT(*) FROM bills_vote v
        JOIN (SELECT vote_id, SUM(yes) AS yes, SUM(no) AS no, SUM(abstain) AS abstain,
                     SUM(absent) AS absent FROM bills_tally GROUP BY vote_id) s
          ON s.vote_id = v.id
        WHERE {flagged} <> CASE WHEN {differs} THEN 1 ELSE 0 END
        """
    )


# One ballot per deputy per vote: the unique constraint ballot_one_per_deputy keeps it, so it
# is not counted here.


def ballot_mandates() -> int:
    """Every ballot's deputy holds a mandate in the ballot's chamber on the vote's date, and
    that chamber is the vote's (either chamber at a joint sitting)."""
    return _count(
        """
        SELECT COUNT(*) FROM bills_ballot b
        JOIN bills_vote v ON v.id = b.vote_id
        JOIN chambers_chamber c ON c.id = b.chamber_id
        WHERE (v.body <> 'joint' AND v.body <> c.code)
           OR NOT EXISTS (
            SELECT 1 FROM deputies_mandate m
            WHERE m.deputy_id = b.deputy_id AND m.chamber_id = b.chamber_id
              AND m.starts_on <= v.date AND (m.ends_on IS NULL OR m.ends_on >= v.date))
        """
    )


def ballots_complete() -> int:
    """Every deputy serving in a counted chamber on the vote's date has a ballot (absent
    when they did not vote): each tally adds up to the chamber's serving deputies."""
    return _count(
        """
        WITH serving AS (
            SELECT t.id, COUNT(m.id) AS n, t.yes + t.no + t.abstain + t.absent AS counted
            FROM bills_tally t
            JOIN bills_vote v ON v.id = t.vote_id
            LEFT JOIN deputies_mandate m ON m.chamber_id = t.chamber_id
              AND m.starts_on <= v.date AND (m.ends_on IS NULL OR m.ends_on >= v.date)
            GROUP BY t.id, t.yes, t.no, t.abstain, t.absent
        )
        SELECT COUNT(*) FROM serving WHERE n <> counted
        """
    )


def ballot_factions() -> int:
    """Each ballot records the deputy's faction on the vote's date (none without a faction
    membership then)."""
    return _count(
        f"""
        SELECT COUNT(*) FROM bills_ballot b
        JOIN bills_vote v ON v.id = b.vote_id
        LEFT JOIN (
            SELECT m.deputy_id, f.faction_id, f.starts_on, f.ends_on
            FROM deputies_factionmembership f
            JOIN deputies_mandate m ON m.id = f.mandate_id
        ) fm ON fm.deputy_id = b.deputy_id AND fm.starts_on <= v.date
            AND (fm.ends_on IS NULL OR fm.ends_on >= v.date)
        WHERE {_not_equal("b.faction_id", "fm.faction_id")}
        """
    )


def faction_lines() -> int:
    """Each faction's stored line in a vote is the option more than half of its present
    members chose there, and a line is stored wherever there is one."""
    stored = 'SELECT vote_id, faction_id, "option" FROM bills_factionline'
    derived = sql.faction_lines("1 = 1")
    return _count(
        f"""
        SELECT (SELECT COUNT(*) FROM ({stored} EXCEPT {derived}) extra)
             + (SELECT COUNT(*) FROM ({derived} EXCEPT {stored}) missing)
        """
    )


def law_numbers() -> int:
    """Law numbers are unique per convocation and suffix, and only signed bills have one."""
    return _count(
        """
        SELECT
          (SELECT COUNT(*) FROM (
              SELECT 1 FROM bills_bill WHERE law_serial IS NOT NULL
              GROUP BY law_serial, law_convocation_id, law_suffix HAVING COUNT(*) > 1) d)
        + (SELECT COUNT(*) FROM bills_bill WHERE law_serial IS NOT NULL AND stage <> 'signed')
        """
    )


def bill_serials() -> int:
    """Registration numbers and serials are unique (each per convocation)."""
    return _count(
        """
        SELECT COUNT(*) FROM (
            SELECT 1 FROM bills_bill GROUP BY convocation_id, serial HAVING COUNT(*) > 1
        ) d
        """
    )


CHECKS: list[tuple[str, Callable]] = [
    ("bill_stage", bill_stage),
    ("event_sequence", event_sequence),
    ("event_actions", event_actions),
    ("tally_counts", tally_counts),
    ("tally_rules", tally_rules),
    ("official_totals", official_totals),
    ("ballot_mandates", ballot_mandates),
    ("ballots_complete", ballots_complete),
    ("ballot_factions", ballot_factions),
    ("faction_lines", faction_lines),
    ("law_numbers", law_numbers),
    ("bill_serials", bill_serials),
]


def run_checks(
    only: list[str] | None = None, on_check: Callable[[Check], None] = lambda check: None
) -> list[Check]:
    """Run the checks (all, or those named), reporting each as it finishes."""
    results = []
    for name, function in CHECKS:
        if only and name not in only:
            continue
        started = time.monotonic()
        examples: list[str] = []
        takes_examples = function.__code__.co_argcount == 1
        violations = function(examples) if takes_examples else function()
        doc = " ".join((function.__doc__ or "").split())
        check = Check(name, doc, violations, time.monotonic() - started, examples)
        on_check(check)
        results.append(check)
    return results
