"""Run time of every report (bills.reports.compute, what the Celery task calls) beside the
same figures computed by hand-written SQL, on PostgreSQL, with the figures checked equal.

    DATABASE_URL=postgres://… .venv/bin/python bench/reports.py [--convocation VIII] [--repeat 3]

For each kind the report and its baseline run alternately (so a slower spell of a shared
machine hits both alike), at least `repeat` times and, as timeit's autorange does, again until
`budget` seconds are spent (up to MAX_RUNS): a report of a few milliseconds gets enough runs for
its best time to mean something. As in timeit, the garbage collector waits while a run is
timed. Best and median of each are kept, ratio = best report / best raw.

The baselines are one or a few queries through `connection.cursor()` with a little Python to
shape the rows; the dump's writes the same tables as CSV and JSON with PostgreSQL's own
`COPY (SELECT …) TO STDOUT` (CSV, and row_to_json of the same rows), zipped at the report's
level. Figures that differ raise FiguresDiffer: a benchmark comparing different figures is
worthless. Peak RSS (ru_maxrss, a high-water mark) is read before and after each kind, so a
kind that loads a whole table shows as a jump.

Reads the database only. Prints a table and writes bench-results/reports.json.
"""

import argparse
import csv
import datetime
import gc
import hashlib
import io
import json
import os
import resource
import statistics
import sys
import tempfile
import time
import zipfile
from collections import Counter, defaultdict
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 1.3
MAX_RUNS = 50
KINDS = ("convocation_summary", "deputies", "committees", "deadlines", "activity", "dump")

if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parlament.settings")
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    import django

    django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from bills import procedure as P  # noqa: E402
from bills import reports  # noqa: E402
from chambers.models import ROMAN  # noqa: E402

FINAL = ("signed", "rejected", "withdrawn")


class FiguresDiffer(AssertionError):
    """A report's figure is not the one its raw SQL computes."""


# --- Running and timing ---------------------------------------------------------------------


def measure_reports(
    *, convocation: str = "VIII", repeat: int = 3, budget: float = 3.0, kinds=KINDS, out=None
) -> list[dict]:
    """Time each kind against its raw SQL; raises FiguresDiffer when a figure differs.

    One dict per kind: kind, parameters, runs, report_s (best), report_median_s, raw_s (best),
    raw_median_s, ratio, target, ok, rss_before_mb, rss_after_mb.
    """
    if connection.vendor != "postgresql":
        raise RuntimeError("bench/reports.py needs PostgreSQL: set DATABASE_URL=postgres://…")
    results = []
    for kind in kinds:
        given = {"convocation": convocation} if reports.PARAMETERS[kind] else {}
        parameters = reports.clean_parameters(kind, given)
        rss_before = _rss_mb()
        report_times, raw_times = [], []
        with tempfile.TemporaryDirectory(prefix=f"bench-{kind}-") as tmp:
            began, run = time.perf_counter(), 0
            while run < repeat or (run < MAX_RUNS and time.perf_counter() - began < budget):
                workdir = Path(tmp) / f"run{run}"
                (workdir / "report").mkdir(parents=True)
                (workdir / "raw").mkdir()
                with _timed(report_times):
                    result = reports.compute(kind, parameters, workdir=workdir / "report")
                with _timed(raw_times), _snapshot():
                    raw = RAW[kind](parameters, workdir / "raw")
                if run == 0:  # checked once, outside the timings
                    _compare(kind, FIGURES[kind](result), RAW_FIGURES.get(kind, _same)(raw))
                if result.file:
                    result.file.unlink()
                run += 1
        rss_after = _rss_mb()
        best, raw_best = min(report_times), min(raw_times)
        ratio = round(best / raw_best, 2) if raw_best else None
        row = {
            "kind": kind,
            "parameters": parameters,
            "runs": len(report_times),
            "report_s": round(best, 4),
            "report_median_s": round(statistics.median(report_times), 4),
            "raw_s": round(raw_best, 4),
            "raw_median_s": round(statistics.median(raw_times), 4),
            "ratio": ratio,
            "target": TARGET,
            "ok": ratio is not None and ratio <= TARGET,
            "rss_before_mb": rss_before,
            "rss_after_mb": rss_after,
        }
        results.append(row)
        if out:
            out(row)
    return results


@contextmanager
def _timed(times: list):
    """Appends the block's wall time. As timeit does, the garbage collector waits until the
    end: a collection falling in one side's run would not be that side's work."""
    gc.collect()
    gc.disable()
    start = time.perf_counter()
    try:
        yield
    finally:
        times.append(time.perf_counter() - start)
        gc.enable()


def _rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # KiB on Linux


@contextmanager
def _snapshot():
    """The report's footing: one read-only REPEATABLE READ transaction (or, inside a test's
    transaction, that one)."""
    outer = connection.in_atomic_block
    with transaction.atomic():
        if not outer:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def _compare(kind: str, got, expected, path: str = "") -> None:
    """Equal, or FiguresDiffer naming the first differing figure."""
    where = f"{kind}{path}"
    if isinstance(got, dict) and isinstance(expected, dict):
        if set(got) != set(expected):
            missing, extra = sorted(set(expected) - set(got)), sorted(set(got) - set(expected))
            raise FiguresDiffer(
                f"{where}: keys differ; only in raw SQL: {missing[:5]}, only in the report: "
                f"{extra[:5]}"
            )
        for key in got:
            _compare(kind, got[key], expected[key], f"{path}.{key}")
    elif isinstance(got, list) and isinstance(expected, list):
        if len(got) != len(expected):
            raise FiguresDiffer(f"{where}: {len(got)} rows in the report, {len(expected)} in SQL")
        for i, (a, b) in enumerate(zip(got, expected, strict=True)):
            _compare(kind, a, b, f"{path}[{i}]")
    elif got != expected:
        raise FiguresDiffer(f"{where}: report {got!r} != raw SQL {expected!r}")


def _same(value):
    return value


def sql(query: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def _convocation(parameters: dict) -> tuple[int, datetime.date, datetime.date | None]:
    [row] = sql(
        "SELECT id, starts_on, ends_on FROM chambers_convocation "
        "WHERE legislature = 'parliament' AND number = %s",
        [ROMAN.index(parameters["convocation"]) + 1],
    )
    return row


def _round(value) -> float | None:
    return None if value is None else round(value, 1)


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


# Dates "within the convocation": both ends included, an open end still running.
WITHIN = "{0} >= %(starts_on)s AND ({0} <= %(ends_on)s OR %(ends_on)s IS NULL)"


# --- convocation_summary ------------------------------------------------------------------------


def raw_summary(parameters: dict, _workdir: Path) -> dict:
    pk, _starts, _ends = _convocation(parameters)
    groups = sql(
        "SELECT stage, kind, initiator_type, COUNT(*) FROM bills_bill WHERE convocation_id = %s "
        "GROUP BY GROUPING SETS ((stage), (kind), (initiator_type))",
        [pk],
    )
    by_stage = {s: n for s, k, i, n in groups if s is not None}
    by_kind = {k: n for s, k, i, n in groups if k is not None}
    by_initiator = {i: n for s, k, i, n in groups if i is not None}
    [milestones] = sql(
        """SELECT
             COUNT(DISTINCT e.bill_id) FILTER (
               WHERE e.action IN ('adopted_by_majilis', 'readopted_by_majilis')),
             COUNT(DISTINCT e.bill_id) FILTER (WHERE e.action = 'approved_by_senate'),
             COUNT(DISTINCT e.bill_id) FILTER (WHERE e.action = 'amended_by_senate'),
             COUNT(DISTINCT e.bill_id) FILTER (WHERE e.action = 'adopted_at_joint_sitting'),
             COUNT(DISTINCT e.bill_id) FILTER (WHERE e.action = 'entered_into_force')
           FROM bills_billevent e JOIN bills_bill b ON b.id = e.bill_id
           WHERE b.convocation_id = %s""",
        [pk],
    )
    [signature] = sql(
        "SELECT COUNT(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY signed_on - registered_on), "
        "percentile_cont(0.9) WITHIN GROUP (ORDER BY signed_on - registered_on) FROM bills_bill "
        "WHERE convocation_id = %s AND stage = 'signed' AND signed_on IS NOT NULL",
        [pk],
    )
    # A completed stay: from the change that brought the bill in to the change that took it out.
    stays = sql(
        """SELECT from_stage, COUNT(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY days),
                  percentile_cont(0.9) WITHIN GROUP (ORDER BY days)
           FROM (SELECT e.from_stage,
                        e.date - LAG(e.date) OVER (PARTITION BY e.bill_id ORDER BY e.sequence)
                          AS days
                 FROM bills_billevent e JOIN bills_bill b ON b.id = e.bill_id
                 WHERE b.convocation_id = %s AND e.from_stage <> e.to_stage) changes
           WHERE from_stage <> '' AND days IS NOT NULL
           GROUP BY from_stage""",
        [pk],
    )
    total = sum(by_stage.values())
    outcome = {
        "signed": by_stage.get("signed", 0),
        "rejected": by_stage.get("rejected", 0),
        "withdrawn": by_stage.get("withdrawn", 0),
        "pending": total - sum(by_stage.get(stage, 0) for stage in FINAL),
    }
    names = ("adopted_by_majilis", "approved_by_senate", "amended_by_senate")
    names += ("adopted_at_joint_sitting", "entered_into_force")
    stays = {stage: (n, median, p90) for stage, n, median, p90 in stays}
    return {
        "bills": total,
        "by_initiator": by_initiator,
        "by_kind": by_kind,
        "by_outcome": outcome,
        "by_stage": by_stage,
        "counters": {**dict(zip(names, milestones, strict=True)), **outcome},
        "deputy_initiated_share": _ratio(by_initiator.get("deputies", 0), total),
        "days_to_signature": {
            "count": signature[0],
            "median": _round(signature[1]),
            "p90": _round(signature[2]),
        },
        "days_in_stage": {
            stage: {
                "count": stays.get(stage, (0,))[0],
                "median": _round(stays.get(stage, (0, None))[1]),
                "p90": _round(stays.get(stage, (0, None, None))[2]),
                "open": by_stage.get(stage, 0),
            }
            for stage in set(stays) | set(by_stage)
            if stage not in FINAL
        },
    }


def summary_figures(result) -> dict:
    data = result.data
    figures = {key: data[key] for key in RAW_SUMMARY_KEYS}
    # Zeros are the report's padding over every choice; the SQL only returns what exists.
    for key in ("by_initiator", "by_kind", "by_stage"):
        figures[key] = {k: n for k, n in data[key].items() if n}
    figures["days_in_stage"] = {
        stage: figure
        for stage, figure in data["days_in_stage"].items()
        if figure["count"] or figure["open"]
    }
    return figures


RAW_SUMMARY_KEYS = (
    "bills", "by_initiator", "by_kind", "by_outcome", "by_stage", "counters",
    "deputy_initiated_share", "days_to_signature", "days_in_stage",
)  # fmt: skip


# --- deputies -----------------------------------------------------------------------------------


def raw_deputies(parameters: dict, _workdir: Path) -> dict:
    """One query: every ballot of the period with its session, joined to its faction's line
    in the vote as the roll call stored it (bills_factionline)."""
    pk, starts_on, ends_on = _convocation(parameters)
    if "session" in parameters:
        [(starts_on, ends_on)] = sql(
            "SELECT starts_on, ends_on FROM chambers_session "
            "WHERE convocation_id = %s AND number = %s",
            [pk, parameters["session"]],
        )
    rows = sql(
        f"""WITH ballots AS (
              SELECT x.deputy_id, x.vote_id, x.faction_id, x.option, s.number AS session
              FROM bills_ballot x
              JOIN bills_vote v ON v.id = x.vote_id
              LEFT JOIN chambers_session s ON s.convocation_id = %(convocation)s
                AND v.date >= s.starts_on AND (v.date <= s.ends_on OR s.ends_on IS NULL)
              WHERE {WITHIN.format("v.date")}
            )
            SELECT d.uuid, b.session, COUNT(*),
                   COUNT(*) FILTER (WHERE b.option <> 'absent'),
                   COUNT(l.option) FILTER (WHERE b.option <> 'absent'),
                   COUNT(l.option) FILTER (WHERE b.option <> 'absent' AND b.option <> l.option)
            FROM ballots b
            JOIN deputies_deputy d ON d.id = b.deputy_id
            LEFT JOIN bills_factionline l ON l.vote_id = b.vote_id AND l.faction_id = b.faction_id
            GROUP BY d.uuid, b.session""",
        {"convocation": pk, "starts_on": starts_on, "ends_on": ends_on},
    )
    deputies = defaultdict(dict)
    totals = Counter()
    for uuid, session, ballots, present, with_line, against in rows:
        counts = Counter(ballots=ballots, present=present, with_line=with_line, against=against)
        deputies[str(uuid)]["none" if session is None else str(session)] = counts
        totals.update(counts)
    return {
        "totals": _deputy_figures(totals),
        "deputies": {
            uuid: {
                **_deputy_figures(sum(sessions.values(), Counter())),
                "sessions": {key: _deputy_figures(c) for key, c in sessions.items()},
            }
            for uuid, sessions in deputies.items()
        },
    }


def _deputy_figures(counts: Counter) -> dict:
    return {
        "ballots": counts["ballots"],
        "present": counts["present"],
        "attendance": _ratio(counts["present"], counts["ballots"]),
        "with_line": counts["with_line"],
        "against": counts["against"],
    }


def deputies_figures(result) -> dict:
    fields = ("ballots", "present", "attendance", "with_line", "against")
    return {
        "totals": result.data["totals"],
        "deputies": {
            d["deputy"]: {**{f: d[f] for f in fields}, "sessions": d["sessions"]}
            for d in result.data["deputies"]
        },
    }


# --- committees ---------------------------------------------------------------------------------


def raw_committees(parameters: dict, _workdir: Path) -> list:
    pk, _starts, _ends = _convocation(parameters)
    rows = sql(
        """WITH led AS (
             SELECT b.lead_committee_id AS committee_id, b.stage,
                    MIN(e.date) FILTER (WHERE e.action = 'referred') AS referred_on,
                    MIN(e.date) FILTER (WHERE e.from_stage = 'majilis_committee'
                                          AND e.to_stage <> 'majilis_committee') AS left_on
             FROM bills_bill b LEFT JOIN bills_billevent e ON e.bill_id = b.id
             WHERE b.convocation_id = %(convocation)s AND b.lead_committee_id IS NOT NULL
             GROUP BY b.id
           )
           SELECT ch.code || '-' || LOWER((%(roman)s::text[])[cv.number]) || '-' || c.code,
                  COUNT(led.committee_id),
                  COUNT(*) FILTER (WHERE led.stage = 'majilis_committee'),
                  COUNT(led.left_on - led.referred_on),
                  percentile_cont(0.5) WITHIN GROUP (ORDER BY led.left_on - led.referred_on)
           FROM chambers_committee c
           JOIN chambers_chamber ch ON ch.id = c.chamber_id
           JOIN chambers_convocation cv ON cv.id = c.convocation_id
           LEFT JOIN led ON led.committee_id = c.id
           WHERE (c.convocation_id = %(convocation)s AND ch.code = 'majilis')
              OR c.id IN (SELECT committee_id FROM led)
           GROUP BY c.id, ch.position, c.code, ch.code, cv.number
           ORDER BY ch.position, c.code""",
        {"convocation": pk, "roman": ROMAN},
    )
    return [
        {
            "committee": committee,
            "referred_as_lead": led,
            "held": held,
            "concluded": concluded,
            "median_days_to_conclusion": _round(median),
        }
        for committee, led, held, concluded, median in rows
    ]


def committees_figures(result) -> list:
    fields = ("committee", "referred_as_lead", "held", "concluded", "median_days_to_conclusion")
    return [{f: row[f] for f in fields} for row in result.data["committees"]]


# --- deadlines ----------------------------------------------------------------------------------

# Clocks by stage, and the stages a priority bill's clock runs in (DOMAIN.md B3): the
# statute's periods come from the procedure's era table, the rest is here.
STAGE_CLOCKS = {"senate": "senate", "president": "president", "objections": "override"}
IN_PARLIAMENT = {s.value for s in P.NON_FINAL_STAGES} - {"president", "objections"}


def raw_deadlines(_parameters: dict, _workdir: Path) -> dict:
    """A count of the pending bills, and one query for those a clock may run for with what
    their clocks start from; the clocks' lengths from the procedure's era table."""
    today = timezone.localdate()
    [(ends_on,)] = sql(
        "SELECT ends_on FROM chambers_convocation WHERE legislature = 'parliament' "
        "AND starts_on <= %s ORDER BY starts_on DESC LIMIT 1",
        [today],
    ) or [(None,)]
    at = ends_on if ends_on and ends_on < today else today
    [(pending,)] = sql(
        "SELECT COUNT(*) FROM bills_bill WHERE stage NOT IN ('signed', 'rejected', 'withdrawn')"
    )
    # Only the bills a clock may run for, as the report reads them; the registration only for
    # a priority bill before Parliament, the last action only before the President.
    rows = sql(
        """SELECT b.uuid, b.number, b.title_kk, b.title_ru, b.title_en, b.stage, b.stage_since,
                  b.priority,
                  CASE WHEN b.priority AND b.stage = ANY(%s) THEN (SELECT e.date
                    FROM bills_billevent e
                    WHERE e.bill_id = b.id AND e.action = 'introduced' ORDER BY e.sequence
                    LIMIT 1) END,
                  CASE WHEN b.stage = 'president' THEN (SELECT e.action FROM bills_billevent e
                    WHERE e.bill_id = b.id ORDER BY e.sequence DESC LIMIT 1) END
           FROM bills_bill b
           WHERE b.stage = ANY(%s) OR (b.priority AND b.stage = ANY(%s))""",
        [sorted(IN_PARLIAMENT), list(STAGE_CLOCKS), sorted(IN_PARLIAMENT)],
    )
    overdue = []
    for uuid, number, *titles, stage, since, priority, introduced_on, last_action in rows:
        clocks = []
        if stage in STAGE_CLOCKS and (era := _era(since)):
            name = STAGE_CLOCKS[stage]
            if name == "president" and last_action == "override_passed":
                name = "president_after_override"
            clocks.append((name, era.clocks[name].due(since)))
        registered = introduced_on or (since if stage == "registered" else None)
        era = _era(registered)
        if priority and stage in IN_PARLIAMENT and era and "priority" in era.clocks:
            clocks.append(("priority", era.clocks["priority"].due(registered)))
        if clocks:
            name, due = min(clocks, key=lambda clock: clock[1])
            if due < at:
                title = {lang: t or "" for lang, t in zip(("kk", "ru", "en"), titles, strict=True)}
                overdue.append((str(uuid), number, title, stage, name, due, (at - due).days))
    overdue.sort(key=lambda row: (-row[6], row[1]))
    return {
        "reference_date": at.isoformat(),
        "pending": pending,
        "overdue": len(overdue),
        "by_stage": dict(Counter(row[3] for row in overdue)),
        "bills": [
            {
                **{"bill": u, "number": number, "title": title, "stage": s, "deadline": n},
                **{"due": d.isoformat(), "days_over": over},
            }
            for u, number, title, s, n, d, over in overdue
        ],
    }


def _era(on):
    if on is None:
        return None
    try:
        return P.era_on(on)
    except P.ProcedureError:
        return None


def deadlines_figures(result) -> dict:
    data = result.data
    fields = ("bill", "number", "title", "stage", "deadline", "due", "days_over")
    return {
        **{key: data[key] for key in ("reference_date", "pending", "overdue", "by_stage")},
        "bills": [{f: row[f] for f in fields} for row in data["bills"]],
    }


# --- activity -----------------------------------------------------------------------------------


def raw_activity(parameters: dict, _workdir: Path) -> dict:
    _pk, starts_on, ends_on = _convocation(parameters)
    today = timezone.localdate()
    at = ends_on if ends_on and ends_on < today else today
    rows = sql(
        f"""SELECT 'events', to_char(date, 'YYYY-MM'), COUNT(*) FROM bills_billevent
            WHERE {WITHIN.format("date")} GROUP BY 2
            UNION ALL
            SELECT 'votes', to_char(date, 'YYYY-MM'), COUNT(*) FROM bills_vote
            WHERE {WITHIN.format("date")} GROUP BY 2
            UNION ALL
            SELECT 'signed', to_char(signed_on, 'YYYY-MM'), COUNT(*) FROM bills_bill
            WHERE {WITHIN.format("signed_on")} GROUP BY 2""",
        {"starts_on": starts_on, "ends_on": ends_on},
    )
    counts = {"events": {}, "votes": {}, "signed": {}}
    for series, month, n in rows:
        counts[series][month] = n
    last = max([at.strftime("%Y-%m"), *(month for _series, month, _n in rows)])
    months, year, month = [], starts_on.year, starts_on.month
    while (key := f"{year:04d}-{month:02d}") <= last:
        months.append({"month": key, **{name: c.get(key, 0) for name, c in counts.items()}})
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return {
        "months": months,
        "totals": {name: sum(c.values()) for name, c in counts.items()},
    }


def activity_figures(result) -> dict:
    return {"months": result.data["months"], "totals": result.data["totals"]}


# --- dump ---------------------------------------------------------------------------------------

# The dump's CSV files as SELECTs: the same columns, in the same order, with the same public
# ids (committees and factions as chamber-convocation-code).
_ROMAN = "LOWER((%(roman)s::text[])[{}])"
_COMMITTEE = (
    "(SELECT ch.code || '-' || " + _ROMAN.format("cv.number") + " || '-' || c.code "
    "FROM chambers_committee c JOIN chambers_chamber ch ON ch.id = c.chamber_id "
    "JOIN chambers_convocation cv ON cv.id = c.convocation_id WHERE c.id = {})"
)
_IN_CONVOCATION = "SELECT id FROM bills_bill WHERE convocation_id = %(convocation)s"
_VOTES = (
    "SELECT v.id FROM bills_vote v JOIN bills_bill b ON b.id = v.bill_id "
    "WHERE b.convocation_id = %(convocation)s"
)
DUMP_SQL = {
    "bills": f"""
        SELECT b.uuid, b.number, (%(roman)s::text[])[cv.number] AS convocation, b.kind,
          b.initiator_type,
          (SELECT string_agg(d.uuid::text, ' ' ORDER BY i.id) FROM bills_bill_initiators i
             JOIN deputies_deputy d ON d.id = i.deputy_id WHERE i.bill_id = b.id) AS initiators,
          b.title_kk, b.title_ru, b.title_en, b.summary_kk, b.summary_ru, b.summary_en,
          b.registered_on, b.priority::text AS priority, b.stage, b.stage_since,
          {_COMMITTEE.format("b.lead_committee_id")} AS lead_committee,
          (SELECT string_agg({_COMMITTEE.format("x.committee_id")}, ' ' ORDER BY x.id)
             FROM bills_bill_co_committees x WHERE x.bill_id = b.id) AS co_committees,
          CASE WHEN b.law_serial IS NOT NULL THEN BTRIM(b.law_serial || COALESCE('-' ||
            (%(roman)s::text[])[lc.number], '') || ' ' || b.law_suffix) END AS law_number,
          b.law_serial, (%(roman)s::text[])[lc.number] AS law_convocation, b.law_suffix,
          b.signed_on, b.in_force_on, b.is_demo::text AS is_demo
        FROM bills_bill b
        JOIN chambers_convocation cv ON cv.id = b.convocation_id
        LEFT JOIN chambers_convocation lc ON lc.id = b.law_convocation_id
        WHERE b.convocation_id = %(convocation)s ORDER BY b.id""",
    "events": f"""
        SELECT b.uuid AS bill, e.sequence, e.action, e.date, e.body, e.from_stage, e.to_stage,
          (SELECT string_agg({_COMMITTEE.format("x.committee_id")}, ' ' ORDER BY x.id)
             FROM bills_billevent_committees x WHERE x.billevent_id = e.id) AS committees,
          (SELECT string_agg(v.uuid::text, ' ' ORDER BY x.id) FROM bills_billevent_votes x
             JOIN bills_vote v ON v.id = x.vote_id WHERE x.billevent_id = e.id) AS votes,
          e.note
        FROM bills_billevent e JOIN bills_bill b ON b.id = e.bill_id
        WHERE b.convocation_id = %(convocation)s ORDER BY e.bill_id, e.sequence""",
    "votes": """
        SELECT v.uuid, b.uuid AS bill, v.body, v.date, v.motion, v.stage, v.rule, v.result,
          v.official_yes, v.official_no, v.official_abstain, v.official_absent,
          v.totals_mismatch::text AS totals_mismatch
        FROM bills_vote v JOIN bills_bill b ON b.id = v.bill_id
        WHERE b.convocation_id = %(convocation)s ORDER BY v.id""",
    "tallies": f"""
        SELECT v.uuid AS vote, ch.code AS chamber, t.seats, t.threshold, t.quorum, t.yes, t.no,
          t.abstain, t.absent, t.result
        FROM bills_tally t JOIN bills_vote v ON v.id = t.vote_id
        JOIN chambers_chamber ch ON ch.id = t.chamber_id
        WHERE t.vote_id IN ({_VOTES}) ORDER BY t.vote_id, ch.position""",
    "ballots": f"""
        SELECT v.uuid AS vote, d.uuid AS deputy, ch.code AS chamber, x.option,
          fc.code || '-' || {_ROMAN.format("fv.number")} || '-' || p.code AS faction
        FROM bills_ballot x
        JOIN bills_vote v ON v.id = x.vote_id
        JOIN bills_bill b ON b.id = v.bill_id
        JOIN deputies_deputy d ON d.id = x.deputy_id
        JOIN chambers_chamber ch ON ch.id = x.chamber_id
        LEFT JOIN deputies_faction f ON f.id = x.faction_id
        LEFT JOIN chambers_chamber fc ON fc.id = f.chamber_id
        LEFT JOIN chambers_convocation fv ON fv.id = f.convocation_id
        LEFT JOIN deputies_party p ON p.id = f.party_id
        WHERE b.convocation_id = %(convocation)s ORDER BY x.vote_id, x.deputy_id""",
    "deputies": f"""
        SELECT d.uuid, d.last_name_kk, d.last_name_ru, d.last_name_en, d.first_name_kk,
          d.first_name_ru, d.first_name_en, d.patronymic_kk, d.patronymic_ru, d.patronymic_en,
          d.is_demo::text AS is_demo
        FROM deputies_deputy d
        WHERE d.id IN (SELECT deputy_id FROM bills_ballot WHERE vote_id IN ({_VOTES})
                       UNION SELECT deputy_id FROM bills_bill_initiators
                       WHERE bill_id IN ({_IN_CONVOCATION}))
        ORDER BY d.id""",
}


def raw_dump(parameters: dict, workdir: Path) -> dict:
    """The report's tables, the raw way: each as PostgreSQL's COPY … WITH CSV writes it, and
    as one flat JSON object a line that PostgreSQL builds (row_to_json of the same rows; the
    report nests the languages and wraps the objects in an array), all zipped at the
    report's compression level."""
    pk, _starts, _ends = _convocation(parameters)
    params = {"convocation": pk, "roman": ROMAN}
    files = {}
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg2 cursor, for COPY
        for name, select in DUMP_SQL.items():
            query = raw.mogrify(select, params).decode()
            path = workdir / f"{name}.csv"
            with path.open("wb") as handle:
                raw.copy_expert(f"COPY ({query}) TO STDOUT WITH (FORMAT csv, HEADER)", handle)
            files[name] = (path, raw.rowcount)
            # JSON text holds no raw control characters: with these as quote and delimiter,
            # CSV mode copies each object as it is.
            with (workdir / f"{name}.json").open("wb") as handle:
                raw.copy_expert(
                    f"COPY (SELECT row_to_json(t) FROM ({query}) t) TO STDOUT "
                    "WITH (FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')",
                    handle,
                )
    with zipfile.ZipFile(
        workdir / "dump.zip", "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1
    ) as archive:
        for name in DUMP_SQL:
            for suffix in ("csv", "json"):
                archive.write(workdir / f"{name}.{suffix}", arcname=f"{name}.{suffix}")
    return files


def dump_raw_figures(files: dict) -> dict:
    figures = {}
    for name, (path, copied) in files.items():
        with path.open(encoding="utf-8", newline="") as handle:
            count, digest = _digest(csv.reader(handle))
        if count != copied:
            raise FiguresDiffer(f"dump.{name}: COPY said {copied} rows, the file holds {count}")
        figures[name] = {"rows": count, "sha256": digest}
    return figures


def dump_figures(result) -> dict:
    figures = {}
    with zipfile.ZipFile(result.file) as archive:
        for name, count in result.data["counts"].items():
            with archive.open(f"{name}.csv") as handle:
                text = io.TextIOWrapper(handle, encoding="utf-8", newline="")
                rows, digest = _digest(csv.reader(text))
            if rows != count:
                raise FiguresDiffer(f"dump.{name}: counts say {count}, the CSV holds {rows}")
            figures[name] = {"rows": rows, "sha256": digest}
    return figures


def _digest(rows) -> tuple[int, str]:
    """Data rows (after the header) and a checksum of every parsed row, header included: the
    two writers quote and end lines differently, the values must not differ."""
    digest, count = hashlib.sha256(), -1
    for row in rows:
        digest.update("\x1f".join(row).encode())
        digest.update(b"\x1e")
        count += 1
    return count, digest.hexdigest()


RAW = {
    "convocation_summary": raw_summary,
    "deputies": raw_deputies,
    "committees": raw_committees,
    "deadlines": raw_deadlines,
    "activity": raw_activity,
    "dump": raw_dump,
}
FIGURES = {
    "convocation_summary": summary_figures,
    "deputies": deputies_figures,
    "committees": committees_figures,
    "deadlines": deadlines_figures,
    "activity": activity_figures,
    "dump": dump_figures,
}
RAW_FIGURES = {"dump": dump_raw_figures}


# --- Alone --------------------------------------------------------------------------------------

HEADER = (
    f"{'kind':<20} {'report s':>9} {'(median)':>9} {'raw s':>8} {'(median)':>9} "
    f"{'ratio':>6} {'ok':>3} {'runs':>5} {'RSS MB before→after':>20}"
)


def _line(row: dict) -> str:
    rss = f"{row['rss_before_mb']:.0f}→{row['rss_after_mb']:.0f}"
    return (
        f"{row['kind']:<20} {row['report_s']:>9.3f} {row['report_median_s']:>9.3f} "
        f"{row['raw_s']:>8.3f} {row['raw_median_s']:>9.3f} {row['ratio']:>6} "
        f"{'yes' if row['ok'] else 'NO':>3} {row['runs']:>5} {rss:>20}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--convocation", default="VIII")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each, at least")
    parser.add_argument(
        "--budget", type=float, default=3.0, help="seconds per kind to run again within"
    )
    parser.add_argument("--kind", action="append", choices=KINDS, help="only these kinds")
    args = parser.parse_args()
    [(bills, ballots)] = sql(
        "SELECT (SELECT COUNT(*) FROM bills_bill), (SELECT COUNT(*) FROM bills_ballot)"
    )
    print(
        f"{connection.settings_dict['NAME']}: {bills} bills, {ballots} ballots; convocation "
        f"{args.convocation}, best and median of {args.repeat} runs or more (within "
        f"{args.budget} s); target ratio ≤ {TARGET}"
    )
    print(HEADER)
    results = measure_reports(
        convocation=args.convocation,
        repeat=args.repeat,
        budget=args.budget,
        kinds=args.kind or KINDS,
        out=lambda row: print(_line(row), flush=True),
    )
    path = ROOT / "bench-results" / "reports.json"
    path.parent.mkdir(exist_ok=True)
    meta = {
        "database": connection.settings_dict["NAME"],
        "bills": bills,
        "ballots": ballots,
        "at": timezone.now().isoformat(),
        "repeat": args.repeat,
        "budget_s": args.budget,
    }
    path.write_text(json.dumps({**meta, "results": results}, indent=2) + "\n")
    print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
