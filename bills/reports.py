"""Report computations. Tasks only call them (through services.report_build).

Each kind is computed set-based: grouped aggregates and rows, in a handful of queries whatever
the number of bills or ballots, with SQL that SQLite and PostgreSQL both run. The deputies
report and the dump build theirs with the ORM; the short reports (summary, committees,
deadlines, activity) write theirs by hand (bills.sql), as building them took about as long as
running them. Python only does what SQL cannot do portably: medians and percentiles (from
counts of each number of days), and the procedure's deadlines.

Scope of each kind (stated again in its data, under "scope"):
- convocation_summary, committees, dump: the bills registered in the convocation, with
  everything that happened to them;
- deputies, activity: what happened on dates within the convocation (votes, events, laws
  signed), whichever convocation registered the bill;
- deadlines: every pending bill, on the reference date of the home page.

The reference date is today, or the convocation's last day once it has ended (as on the home
page): the bicameral Parliament ended on 1 July 2026.
"""

import csv
import datetime
import io
import json
import math
import shutil
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction
from django.db.models import (
    Case,
    IntegerField,
    Q,
    When,
)
from django.db.models import Value as V
from django.utils import timezone
from django.utils.translation import gettext as _

from chambers.models import ROMAN, Chamber, Convocation, Session
from deputies.models import Deputy, Faction

from . import procedure as P
from . import sql
from .models import (
    PRESENT,
    Ballot,
    Bill,
    BillEvent,
    InitiatorType,
    Kind,
    Report,
    Tally,
    Vote,
)
from .queries import overdue_bills

LANGS = ("kk", "ru", "en")
# Reports name each language's column (title_kk, …) themselves: their querysets skip
# modeltranslation's rewriting (`.rewrite(False)`), which costs a dict per row.
# Rows fetched per round trip when a report streams a large table (the dump).
CHUNK_SIZE = 2000

# The separate counters of DOMAIN.md B7: official statistics mix them, the portal does not.
# Each counts distinct bills with at least one such event.
MILESTONES = {
    "adopted_by_majilis": (P.Action.ADOPTED_BY_MAJILIS, P.Action.READOPTED_BY_MAJILIS),
    "approved_by_senate": (P.Action.APPROVED_BY_SENATE,),
    "amended_by_senate": (P.Action.AMENDED_BY_SENATE,),
    "adopted_at_joint_sitting": (P.Action.ADOPTED_AT_JOINT_SITTING,),
    "entered_into_force": (P.Action.ENTERED_INTO_FORCE,),
}

PARAMETERS = {
    Report.Kind.CONVOCATION_SUMMARY: ("convocation",),
    Report.Kind.DEPUTIES: ("convocation", "session"),
    Report.Kind.COMMITTEES: ("convocation",),
    Report.Kind.DEADLINES: (),
    Report.Kind.ACTIVITY: ("convocation",),
    Report.Kind.DUMP: ("convocation",),
}


@dataclass
class ReportResult:
    data: dict
    file: Path | None = None
    generated_at: datetime.datetime | None = None


def now() -> datetime.datetime:
    return timezone.now()


def today() -> datetime.date:
    return timezone.localdate()


# --- Parameters -----------------------------------------------------------------------------


def parliament_convocations():
    return Convocation.objects.filter(legislature=Convocation.PARLIAMENT)


def default_convocation(at: datetime.date | None = None) -> Convocation | None:
    """The latest convocation of Parliament that has started (VIII from 29 March 2023)."""
    return parliament_convocations().latest_started(at or today())


def reference_date(convocation: Convocation | None, on: datetime.date | None = None):
    """Today, or the convocation's last day once it has ended (as on the home page)."""
    on = on or today()
    if convocation and convocation.ends_on and convocation.ends_on < on:
        return convocation.ends_on
    return on


def clean_parameters(kind: str, parameters: dict) -> dict:
    """The parameters a kind accepts, normalised; ValueError names what is wrong.

    The result is canonical (the default convocation filled in, the session an integer), so
    that one Report row exists per kind and parameters.
    """
    return _clean(kind, parameters)[0]


def _clean(kind: str, parameters: dict) -> tuple[dict, Convocation | None]:
    if kind not in PARAMETERS:
        raise ValueError(
            _("“%(kind)s” is not a kind of report. Kinds: %(kinds)s.")
            % {"kind": kind, "kinds": ", ".join(PARAMETERS)}
        )
    if not isinstance(parameters, dict):
        raise ValueError(_('The parameters must be an object, such as {"convocation": "VIII"}.'))
    accepted = PARAMETERS[kind]
    unknown = sorted(set(parameters) - set(accepted))
    if unknown:
        raise ValueError(
            _("Unknown parameters for %(kind)s: %(unknown)s. It accepts: %(accepted)s.")
            % {
                "kind": kind,
                "unknown": ", ".join(unknown),
                "accepted": ", ".join(accepted) or _("none"),
            }
        )
    if not accepted:
        return {}, None
    convocation = _convocation(parameters.get("convocation"))
    cleaned = {"convocation": convocation.roman}
    if "session" in accepted and parameters.get("session") is not None:
        cleaned["session"] = _session(convocation, parameters["session"])
    return cleaned, convocation


def _convocation(value) -> Convocation:
    if value is None:
        convocation = default_convocation()
        if convocation is None:
            raise ValueError(_("convocation: no convocation of Parliament has started yet."))
        return convocation
    roman = value.strip().upper() if isinstance(value, str) else None
    if roman not in ROMAN:
        raise ValueError(
            _("convocation must be a Roman numeral such as “VIII”; got %(value)s.")
            % {"value": json.dumps(value, ensure_ascii=False)}
        )
    convocation = parliament_convocations().filter(number=ROMAN.index(roman) + 1).first()
    if convocation is None:
        raise ValueError(
            _("convocation: there is no %(roman)s convocation of Parliament.") % {"roman": roman}
        )
    return convocation


def _session(convocation: Convocation, value) -> int:
    number = value
    if isinstance(value, str) and value.strip().isdigit():
        number = int(value)
    if isinstance(number, bool) or not isinstance(number, int):
        raise ValueError(
            _("session must be a session number such as 1; got %(value)s.")
            % {"value": json.dumps(value, ensure_ascii=False)}
        )
    numbers = list(
        Session.objects.filter(convocation=convocation)
        .order_by("number")
        .values_list("number", flat=True)
    )
    if number not in numbers:
        raise ValueError(
            _("session: the %(roman)s convocation has no session %(number)s (sessions: %(known)s).")
            % {
                "roman": convocation.roman,
                "number": number,
                "known": ", ".join(map(str, numbers)) or _("none"),
            }
        )
    return number


# --- Entry point ------------------------------------------------------------------------------


def compute(
    kind: str, parameters: dict, *, workdir: Path, chunk_size: int = CHUNK_SIZE
) -> ReportResult:
    """Compute one report; a file it writes goes into `workdir`."""
    generated_at, path = now(), None
    with _snapshot():
        parameters, convocation = _clean(kind, parameters)
        match kind:
            case Report.Kind.CONVOCATION_SUMMARY:
                data = convocation_summary(convocation)
            case Report.Kind.DEPUTIES:
                data = deputies(convocation, session=parameters.get("session"))
            case Report.Kind.COMMITTEES:
                data = committees(convocation)
            case Report.Kind.DEADLINES:
                data = deadlines()
            case Report.Kind.ACTIVITY:
                data = activity(convocation)
            case Report.Kind.DUMP:
                data, path = dump(
                    convocation, Path(workdir), generated_at=generated_at, chunk_size=chunk_size
                )
    data = {"parameters": parameters, **data, "generated_at": generated_at.isoformat()}
    return ReportResult(data=data, file=path, generated_at=generated_at)


@contextmanager
def _snapshot():
    """One transaction, so every query of a report sees the same data; on PostgreSQL a
    read-only REPEATABLE READ snapshot (SQLite's read transaction already is one)."""
    outer = transaction.get_connection().in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # A report reads every row it streams: plan cursors for the whole result, not for
            # the first rows (the default, 0.1, favours plans that start fast).
            settings = "SET LOCAL cursor_tuple_fraction = 1.0"
            if not outer:
                settings = f"SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY; {settings}"
            with connection.cursor() as cursor:
                cursor.execute(settings)  # one round trip
        yield


# --- Small helpers ------------------------------------------------------------------------------


def percentile(counts: Mapping[int, int], q: float) -> float | None:
    """The q-th quantile (0 ≤ q ≤ 1) of values given as {value: how many times}, by linear
    interpolation between the closest ranks (the "inclusive" method of Python's
    statistics.quantiles, and PostgreSQL's percentile_cont); None without values."""
    total = sum(counts.values())
    if not total:
        return None
    position = (total - 1) * q
    low, high = math.floor(position), math.ceil(position)
    ranked, at_low, at_high = 0, None, None
    for value, n in sorted(counts.items()):
        ranked += n
        if at_low is None and low < ranked:
            at_low = value
        if high < ranked:
            at_high = value
            break
    return round(at_low + (at_high - at_low) * (position - low), 1)


def _spread(days: Mapping[int, int]) -> dict:
    """Count, median and 90th percentile of {days: how many times}."""
    return {
        "count": sum(days.values()),
        "median": percentile(days, 0.5),
        "p90": percentile(days, 0.9),
    }


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _texts(row: dict, field: str) -> dict[str, str]:
    return {lang: row.get(f"{field}_{lang}") or "" for lang in LANGS}


def _translated(*fields: str) -> list[str]:
    return [f"{field}_{lang}" for field in fields for lang in LANGS]


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _public_id(chamber: str, number: int | None, code: str) -> str:
    """Committee and faction public ids: "majilis-viii-finance", "majilis-viii-amanat"."""
    return f"{chamber}-{ROMAN[number - 1].lower()}-{code}" if number else ""


def _convocation_info(convocation: Convocation) -> dict:
    return {
        "convocation": convocation.roman,
        "starts_on": _iso(convocation.starts_on),
        "ends_on": _iso(convocation.ends_on),
        "reference_date": _iso(reference_date(convocation)),
    }


def _within(field: str, starts_on: datetime.date, ends_on: datetime.date | None) -> Q:
    """`field` on a day of the period, both ends included (an open end: still running)."""
    query = Q(**{f"{field}__gte": starts_on})
    return query & Q(**{f"{field}__lte": ends_on}) if ends_on else query


# --- convocation_summary ------------------------------------------------------------------------


def convocation_summary(convocation: Convocation) -> dict:
    """Bills registered in the convocation: by initiator, kind and outcome; the separate
    counters of DOMAIN.md B7; days from registration to signature and in each stage. Four
    queries."""
    by_stage, by_kind, by_initiator = Counter(), Counter(), Counter()
    for stage, kind, initiator, n in sql.rows(
        "SELECT stage, kind, initiator_type, COUNT(*) FROM bills_bill "
        "WHERE convocation_id = %s GROUP BY stage, kind, initiator_type",
        [convocation.pk],
    ):
        by_stage[stage] += n
        by_kind[kind] += n
        by_initiator[initiator] += n
    total = sum(by_stage.values())
    pending = sum(n for stage, n in by_stage.items() if stage not in P.FINAL_STAGES)
    outcome = {
        "signed": by_stage[P.Stage.SIGNED],
        "rejected": by_stage[P.Stage.REJECTED],
        "withdrawn": by_stage[P.Stage.WITHDRAWN],
        "pending": pending,
    }

    counts, params = [], []
    for actions in MILESTONES.values():
        counts.append(
            f"COUNT(DISTINCT CASE WHEN e.action IN ({sql.placeholders(actions)}) "
            "THEN e.bill_id END)"
        )
        params += actions
    [milestones] = sql.rows(
        f"SELECT {', '.join(counts)} FROM bills_billevent e "
        "JOIN bills_bill b ON b.id = e.bill_id WHERE b.convocation_id = %s",
        [*params, convocation.pk],
    )
    counters = {**dict(zip(MILESTONES, milestones, strict=True)), **outcome}

    to_signature = dict(
        sql.rows(
            f"SELECT {sql.days('signed_on', 'registered_on')} AS days, COUNT(*) FROM bills_bill "
            "WHERE convocation_id = %s AND stage = %s AND signed_on IS NOT NULL GROUP BY days",
            [convocation.pk, P.Stage.SIGNED],
        )
    )

    return {
        **_convocation_info(convocation),
        "scope": "bills registered in the convocation",
        "bills": total,
        "by_initiator": {value: by_initiator[value] for value in InitiatorType.values},
        "by_kind": {value: by_kind[value] for value in Kind.values},
        "by_outcome": outcome,
        "by_stage": {stage.value: by_stage[stage] for stage in P.Stage},
        "counters": counters,
        "deputy_initiated_share": _ratio(by_initiator[InitiatorType.DEPUTIES], total),
        "days_to_signature": _spread(to_signature),
        "days_in_stage": _days_in_stage(convocation, by_stage),
        "days_in_stage_method": (
            "Completed stays only: from the event that moved a bill into a stage to the event "
            "that moved it out (events that keep the stage are skipped). A bill that entered a "
            "stage twice counts twice. Bills still in a stage on the reference date are "
            "excluded and counted under 'open'."
        ),
    }


def _days_in_stage(convocation: Convocation, by_stage: Counter) -> dict:
    """{stage: {days: completed stays that long}}, counted in SQL: among the events that change
    a bill's stage, the one that brought the bill into the stage it now leaves is the change
    before it (a bill's first event leaves no stage)."""
    entered = "LAG(e.date) OVER (PARTITION BY e.bill_id ORDER BY e.sequence)"
    stays = defaultdict(dict)
    for stage, days, n in sql.rows(
        f"""SELECT from_stage, days, COUNT(*)
            FROM (SELECT e.from_stage, {sql.days("e.date", entered)} AS days
                  FROM bills_billevent e JOIN bills_bill b ON b.id = e.bill_id
                  WHERE b.convocation_id = %s AND e.from_stage <> e.to_stage) stays
            WHERE from_stage <> '' AND days IS NOT NULL
            GROUP BY from_stage, days""",
        [convocation.pk],
    ):
        stays[stage][days] = n
    return {
        stage.value: {**_spread(stays[stage]), "open": by_stage[stage]}
        for stage in P.Stage
        if stage not in P.FINAL_STAGES
    }


# --- deputies -----------------------------------------------------------------------------------


def deputies(convocation: Convocation, *, session: int | None = None) -> dict:
    """Per deputy: ballots, attendance and votes against the faction's majority, for the
    convocation (or one session) and per session. Five queries.

    Against the faction: a present ballot (yes, no or abstain) of a deputy who was in a faction
    on the vote's date, in a vote where more than half of that faction's present members chose
    one option, and the deputy chose another. Where no option has such a majority the faction
    had no line, and nobody counts as voting against it.
    """
    sessions = list(Session.objects.filter(convocation=convocation).order_by("number"))
    ballots = Ballot.objects.filter(
        _within("vote__date", convocation.starts_on, convocation.ends_on)
    )
    if session is not None:
        sessions = [s for s in sessions if s.number == session]
        ballots = ballots.filter(_within("vote__date", sessions[0].starts_on, sessions[0].ends_on))
    # Sessions are date ranges: a CASE names the one a vote's date falls in (none in the
    # summer recess, when an extraordinary sitting may still vote).
    session_of = Case(
        *[When(_within("vote__date", s.starts_on, s.ends_on), then=V(s.number)) for s in sessions],
        default=V(None),
        output_field=IntegerField(),
    )

    people: dict[int, dict] = {}
    # (deputy, session number) -> ballots, present, with_line, against
    figures: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    chamber_codes = dict(Chamber.objects.rewrite(False).values_list("id", "code"))
    for deputy_id, chamber, faction_id, number, *counts in _ballot_figures(ballots, session_of):
        person = people.setdefault(deputy_id, {"chambers": Counter(), "factions": Counter()})
        person["chambers"][chamber_codes[chamber]] += counts[0]
        if faction_id:
            person["factions"][faction_id] += counts[0]
        sums = figures[deputy_id, number]
        for i, n in enumerate(counts):
            sums[i] += n

    fields = ("ballots", "present", "with_line", "against")
    totals = Counter()
    for (deputy_id, number), counts in figures.items():
        person = people[deputy_id]
        key = "none" if number is None else str(number)
        person.setdefault("sessions", {})[key] = Counter(dict(zip(fields, counts, strict=True)))
        person.setdefault("total", Counter()).update(person["sessions"][key])
        totals.update(person["sessions"][key])

    names = {
        row["id"]: row
        for row in Deputy.objects.rewrite(False)
        .filter(pk__in=people)
        .values("id", "uuid", *_translated("last_name", "first_name", "patronymic"))
    }
    faction_ids = {pk for person in people.values() for pk in person["factions"]}
    factions = {
        row["id"]: row
        for row in Faction.objects.rewrite(False)
        .filter(pk__in=faction_ids)
        .values("id", "party__code", "chamber__code", "convocation__number", *_translated("name"))
    }

    def faction_public_id(pk: int) -> str:
        row = factions[pk]
        return _public_id(row["chamber__code"], row["convocation__number"], row["party__code"])

    listed = [
        {
            "deputy": str(names[pk]["uuid"]),
            "name": _full_name(names[pk]),
            "chambers": [code for code, _n in person["chambers"].most_common()],
            "factions": [faction_public_id(f) for f, _n in person["factions"].most_common()],
            **_deputy_figures(person["total"]),
            "sessions": {
                key: _deputy_figures(figures) for key, figures in sorted(person["sessions"].items())
            },
        }
        for pk, person in people.items()
    ]
    listed.sort(key=lambda row: (row["name"]["kk"], row["deputy"]))
    return {
        **_convocation_info(convocation),
        "scope": "ballots in votes held on dates within the convocation (or the session)",
        "session": session,
        "sessions": [
            {"number": s.number, "starts_on": _iso(s.starts_on), "ends_on": _iso(s.ends_on)}
            for s in sessions
        ],
        "totals": _deputy_figures(totals),
        "factions": {
            faction_public_id(pk): {"name": _texts(row, "name")} for pk, row in factions.items()
        },
        "deputies": listed,
        "method": (
            "attendance = ballots other than 'absent' / all ballots. against = present ballots "
            "differing from the option chosen by more than half of the present members of the "
            "deputy's faction (the faction on the vote's date); with_line = present ballots in "
            "votes where the faction had such a majority. Deputies in no faction have neither. "
            "Sessions are keyed by number; 'none' holds votes between sessions."
        ),
    }


def _ballot_figures(ballots, session_of) -> list[tuple]:
    """(deputy, chamber, faction, session number, ballots, present, with_line, against)
    in one grouped query over the ballots joined to their faction's line in each vote (the
    lines stored with the roll calls, bills.models.FactionLine).

    The ORM writes the ballots' part (filters, the session CASE); the join on two columns,
    which the ORM cannot express, is plain SQL that SQLite and PostgreSQL both run. No ballot
    travels to Python: streaming a million of them to match them against the lines there
    took most of the report's time.
    """
    voted = (
        ballots.annotate(session_number=session_of)
        .values("deputy_id", "chamber_id", "faction_id", "session_number", "vote_id", "option")
        .order_by()
    )
    voted_sql, voted_params = voted.query.get_compiler(using=voted.db).as_sql()
    present = f'b."option" IN ({sql.placeholders(PRESENT)})'
    query = f"""
        SELECT b.deputy_id, b.chamber_id, b.faction_id, b.session_number, COUNT(*),
            SUM(CASE WHEN {present} THEN 1 ELSE 0 END),
            SUM(CASE WHEN {present} AND l.vote_id IS NOT NULL THEN 1 ELSE 0 END),
            SUM(CASE WHEN {present} AND l."option" <> b."option" THEN 1 ELSE 0 END)
        FROM ({voted_sql}) b
        LEFT JOIN bills_factionline l ON l.vote_id = b.vote_id AND l.faction_id = b.faction_id
        GROUP BY b.deputy_id, b.chamber_id, b.faction_id, b.session_number
    """
    return sql.rows(query, [*PRESENT * 3, *voted_params])


def _full_name(row: dict) -> dict[str, str]:
    parts = ("last_name", "first_name", "patronymic")
    return {
        lang: " ".join(row[f"{part}_{lang}"] for part in parts if row[f"{part}_{lang}"])
        for lang in LANGS
    }


def _deputy_figures(counts: Counter) -> dict:
    return {
        "ballots": counts["ballots"],
        "present": counts["present"],
        "attendance": _ratio(counts["present"], counts["ballots"]),
        "with_line": counts["with_line"],
        "against": counts["against"],
    }


# --- committees ---------------------------------------------------------------------------------


def committees(convocation: Convocation) -> dict:
    """Per Majilis committee: bills of the convocation it leads, those it holds now, and the
    days from referral to the first event that moved the bill out of the committee stage. Two
    queries: the bills counted by (lead committee, held, days), then the committees."""
    in_committee = P.Stage.MAJILIS_COMMITTEE
    led, held, days = Counter(), Counter(), defaultdict(Counter)
    for committee_id, is_held, n_days, n in sql.rows(
        f"""SELECT lead_committee_id, stage = %s, {sql.days("left_on", "referred_on")}, COUNT(*)
            FROM (SELECT b.lead_committee_id, b.stage,
                         MIN(CASE WHEN e.action = %s THEN e.date END) AS referred_on,
                         MIN(CASE WHEN e.from_stage = %s AND e.to_stage <> %s
                             THEN e.date END) AS left_on
                  FROM bills_bill b LEFT JOIN bills_billevent e ON e.bill_id = b.id
                  WHERE b.convocation_id = %s AND b.lead_committee_id IS NOT NULL
                  GROUP BY b.id, b.lead_committee_id, b.stage) bills
            GROUP BY 1, 2, 3""",
        [in_committee, P.Action.REFERRED, in_committee, in_committee, convocation.pk],
    ):
        led[committee_id] += n
        held[committee_id] += n if is_held else 0
        if n_days is not None:
            days[committee_id][n_days] += n

    names = ", ".join(f"c.name_{lang}" for lang in LANGS)
    also = f" OR c.id IN ({sql.placeholders(led)})" if led else ""
    rows = sql.rows(
        f"""SELECT c.id, ch.code, cv.number, c.code, {names}
            FROM chambers_committee c
            JOIN chambers_chamber ch ON ch.id = c.chamber_id
            JOIN chambers_convocation cv ON cv.id = c.convocation_id
            WHERE (c.convocation_id = %s AND ch.code = %s){also}
            ORDER BY ch.position, c.code""",
        [convocation.pk, Chamber.MAJILIS, *led],
    )
    return {
        **_convocation_info(convocation),
        "scope": "bills registered in the convocation, by their lead committee",
        "committees": [
            {
                "committee": _public_id(chamber, number, code),
                "name": dict(zip(LANGS, (name or "" for name in names), strict=True)),
                "referred_as_lead": led[pk],
                "held": held[pk],
                "concluded": sum(days[pk].values()),
                "median_days_to_conclusion": percentile(days[pk], 0.5),
            }
            for pk, chamber, number, code, *names in rows
        ],
        "method": (
            "held = bills now at stage majilis_committee with the committee as lead. Days to "
            "conclusion: from the 'referred' event to the first event moving the bill out of "
            "majilis_committee (adopted, first reading, rejected, withdrawn, joint sitting)."
        ),
    }


# --- deadlines ----------------------------------------------------------------------------------


def deadlines() -> dict:
    """Pending bills past a statutory deadline on the home page's reference date, by stage,
    with the days over (procedure.deadline on each bill's state). Three queries."""
    convocation = default_convocation()
    at = reference_date(convocation)
    title_columns = [f"b.{column}" for column in _translated("title")]
    overdue = list(overdue_bills(at, sql.uuid_text("b.uuid"), "b.number", *title_columns))
    final = sorted(stage.value for stage in P.FINAL_STAGES)
    [(pending,)] = sql.rows(
        f"SELECT COUNT(*) FROM bills_bill WHERE stage NOT IN ({sql.placeholders(final)})", final
    )
    # Most overdue first (days_left is minus the days over), then by number.
    overdue.sort(key=lambda found: (found[2].days_left, found[0][1]))
    by_stage = Counter(state.stage for _row, state, _deadline in overdue)
    return {
        "reference_date": _iso(at),
        "scope": "every pending bill",
        "pending": pending,
        "overdue": len(overdue),
        "by_stage": {
            stage.value: by_stage[stage]
            for stage in P.Stage
            if stage not in P.FINAL_STAGES and by_stage[stage]
        },
        "bills": [
            {
                "bill": uuid,
                "number": number,
                "title": {lang: title or "" for lang, title in zip(LANGS, titles, strict=True)},
                "stage": str(state.stage),
                "deadline": deadline.name,
                "label": deadline.label,
                "due": deadline.due.isoformat(),
                "days_over": deadline.days_over,
                "confirmed": deadline.confirmed,
            }
            for (uuid, number, *titles), state, deadline in overdue
        ],
    }


# --- activity -----------------------------------------------------------------------------------


def activity(convocation: Convocation) -> dict:
    """Per month of the convocation: bill events, votes and laws signed. One query."""
    at = reference_date(convocation)
    period = [convocation.starts_on, *([convocation.ends_on] if convocation.ends_on else [])]
    parts, params = [], []
    for name, table, column in (
        ("events", "bills_billevent", "date"),
        ("votes", "bills_vote", "date"),
        ("signed", "bills_bill", "signed_on"),
    ):
        within = f"{column} >= %s" + (f" AND {column} <= %s" if convocation.ends_on else "")
        parts.append(
            f"SELECT %s, {sql.month(column)}, COUNT(*) FROM {table} WHERE {within} GROUP BY 2"
        )
        params += [name, *period]
    counts = {"events": {}, "votes": {}, "signed": {}}
    for name, month, n in sql.rows(" UNION ALL ".join(parts), params):
        counts[name][month] = n
    seen = [month for series in counts.values() for month in series]
    last = max([at.strftime("%Y-%m"), *seen])
    months, year, month = [], convocation.starts_on.year, convocation.starts_on.month
    while f"{year:04d}-{month:02d}" <= last:
        key = f"{year:04d}-{month:02d}"
        months.append(
            {"month": key, **{name: series.get(key, 0) for name, series in counts.items()}}
        )
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return {
        **_convocation_info(convocation),
        "scope": "events, votes and signatures dated within the convocation",
        "months": months,
        "totals": {name: sum(series.values()) for name, series in counts.items()},
    }


# --- dump ---------------------------------------------------------------------------------------


class _Table:
    """One table written as CSV (header row) and JSON (an array, one object a line) at once,
    a row or a chunk of rows at a time."""

    def __init__(self, directory: Path, name: str, columns: list[str]):
        self.name, self.columns, self.count = name, columns, 0
        self._files = ExitStack()
        csv_path, json_path = directory / f"{name}.csv", directory / f"{name}.json"
        self._csv_file = self._files.enter_context(csv_path.open("w", encoding="utf-8", newline=""))
        self._json_file = self._files.enter_context(json_path.open("w", encoding="utf-8"))
        self._csv = csv.writer(self._csv_file)
        self._csv.writerow(columns)
        self._json_file.write("[")

    def write(self, flat: list, nested: dict) -> None:
        self._csv.writerow([_csv_value(value) for value in flat])
        self._json_file.write(",\n" if self.count else "\n")
        self._json_file.write(_JSON.encode(nested))
        self.count += 1

    def write_lines(self, lines: list[str], records: list[str]) -> None:
        """`write` for many rows at once, already turned into CSV lines and JSON text."""
        if not lines:
            return
        self._csv_file.write("".join(lines))
        self._json_file.write(",\n" if self.count else "\n")
        self._json_file.write(",\n".join(records))
        self.count += len(lines)

    def close(self) -> list[str]:
        self._json_file.write("\n]\n")
        self._files.close()
        return [f"{self.name}.csv", f"{self.name}.json"]

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self._files.close()


_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _csv_value(value) -> str:
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return " ".join(map(str, value))
    return str(value)


def dump(
    convocation: Convocation,
    workdir: Path,
    *,
    generated_at: datetime.datetime,
    chunk_size: int = CHUNK_SIZE,
) -> tuple[dict, Path]:
    """A zip of the convocation's bills, events, votes, tallies, ballots and the deputies they
    name, as CSV and JSON, plus meta.json. Rows are streamed from the database
    (`.iterator(chunk_size)`) to files as they come; nothing holds a whole table."""
    staging = workdir / "dump"
    staging.mkdir(parents=True, exist_ok=True)

    def stream(queryset):
        return queryset.iterator(chunk_size=chunk_size)

    bills = Bill.objects.rewrite(False).filter(convocation=convocation)
    events = BillEvent.objects.filter(bill__convocation=convocation)
    votes = Vote.objects.filter(bill__convocation=convocation)
    ballots = Ballot.objects.filter(vote__bill__convocation=convocation)
    files, counts = [], {}
    named = set()  # the deputies the files name, collected as they are written
    for name, columns, write in (
        ("bills", BILL_COLUMNS, _dump_bills),
        ("events", EVENT_COLUMNS, _dump_events),
        ("votes", VOTE_COLUMNS, _dump_votes),
        ("tallies", TALLY_COLUMNS, _dump_tallies),
        ("ballots", BALLOT_COLUMNS, _dump_ballots),
        ("deputies", DEPUTY_COLUMNS, _dump_deputies),
    ):
        with _Table(staging, name, columns) as table:
            write(
                table,
                stream,
                bills=bills,
                events=events,
                votes=votes,
                ballots=ballots,
                chunk_size=chunk_size,
                named=named,
            )
            files += table.close()
        counts[name] = table.count

    meta = {
        "generated_at": generated_at.isoformat(),
        "convocation": convocation.roman,
        "files": files,
        "counts": counts,
        "encoding": "UTF-8; CSV files start with a header row",
        "ids": (
            "bills and votes by uuid, deputies by uuid, events by (bill, sequence), committees "
            "and factions by public id (chamber-convocation-code), as in the portal's URLs"
        ),
        "languages": "title_kk/title_ru/title_en columns in CSV, {kk, ru, en} objects in JSON",
    }
    (staging / "meta.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    files.append("meta.json")

    path = workdir / f"parlament-{convocation.roman.lower()}-{generated_at:%Y%m%d-%H%M%S}.zip"
    # Level 1: most of the size saving of the default level at a fraction of its time.
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name in files:
            archive.write(staging / name, arcname=name)  # copied in blocks, not read whole
    shutil.rmtree(staging)
    data = {
        "convocation": convocation.roman,
        "files": files,
        "counts": counts,
        "size": path.stat().st_size,
    }
    return data, path


def _committee_id(prefix: str) -> list[str]:
    return [f"{prefix}chamber__code", f"{prefix}convocation__number", f"{prefix}code"]


class Attached:
    """(key, value) rows sorted by key, read alongside a main stream sorted the same way: a
    merge join, so many-to-many columns and related rows stream too. The rows are first read
    at the first take()."""

    _UNREAD = object()

    def __init__(self, rows: Iterator):
        self._rows = iter(rows)
        self._head = self._UNREAD

    def take(self, key) -> list:
        if self._head is self._UNREAD:
            self._head = next(self._rows, None)
        values = []
        while self._head is not None and self._head[0] <= key:
            if self._head[0] == key:
                values.append(self._head[1])
            self._head = next(self._rows, None)
        return values


BILL_COLUMNS = [
    "uuid", "number", "convocation", "kind", "initiator_type", "initiators",
    "title_kk", "title_ru", "title_en", "summary_kk", "summary_ru", "summary_en",
    "registered_on", "priority", "stage", "stage_since", "lead_committee", "co_committees",
    "law_number", "law_serial", "law_convocation", "law_suffix", "signed_on", "in_force_on",
    "is_demo",
]  # fmt: skip


def _dump_bills(table: _Table, stream, *, bills, **_querysets) -> None:
    through = Bill.initiators.through.objects.filter(bill__in=bills)
    initiators = Attached(
        stream(through.order_by("bill_id", "id").values_list("bill_id", "deputy__uuid"))
    )
    co_through = Bill.co_committees.through.objects.filter(bill__in=bills)
    co_committees = Attached(
        (bill_id, _public_id(*parts))
        for bill_id, *parts in stream(
            co_through.order_by("bill_id", "id").values_list(
                "bill_id", *_committee_id("committee__")
            )
        )
    )
    rows = bills.order_by("id").values(
        "id", "uuid", "number", "convocation__number", "kind", "initiator_type",
        *_translated("title", "summary"), "registered_on", "priority", "stage", "stage_since",
        *_committee_id("lead_committee__"), "law_serial", "law_convocation__number",
        "law_suffix", "signed_on", "in_force_on", "is_demo",
    )  # fmt: skip
    for row in stream(rows):
        lead = _public_id(
            row["lead_committee__chamber__code"],
            row["lead_committee__convocation__number"],
            row["lead_committee__code"],
        )
        law_convocation = row["law_convocation__number"]
        law_roman = ROMAN[law_convocation - 1] if law_convocation else None
        law_number = ""
        if row["law_serial"] is not None:
            roman_part = f"-{law_roman}" if law_roman else ""
            law_number = f"{row['law_serial']}{roman_part} {row['law_suffix']}".strip()
        record = {
            "uuid": str(row["uuid"]),
            "number": row["number"],
            "convocation": ROMAN[row["convocation__number"] - 1],
            "kind": row["kind"],
            "initiator_type": row["initiator_type"],
            "initiators": [str(u) for u in initiators.take(row["id"])],
            "title": _texts(row, "title"),
            "summary": _texts(row, "summary"),
            "registered_on": _iso(row["registered_on"]),
            "priority": row["priority"],
            "stage": row["stage"],
            "stage_since": _iso(row["stage_since"]),
            "lead_committee": lead or None,
            "co_committees": co_committees.take(row["id"]),
            "law_number": law_number or None,
            "law_serial": row["law_serial"],
            "law_convocation": law_roman,
            "law_suffix": row["law_suffix"] or None,
            "signed_on": _iso(row["signed_on"]),
            "in_force_on": _iso(row["in_force_on"]),
            "is_demo": row["is_demo"],
        }
        flat = {**record, **{f"title_{k}": v for k, v in record["title"].items()}}
        flat |= {f"summary_{k}": v for k, v in record["summary"].items()}
        table.write([flat[column] for column in BILL_COLUMNS], record)


EVENT_COLUMNS = [
    "bill", "sequence", "action", "date", "body", "from_stage", "to_stage", "committees",
    "votes", "note",
]  # fmt: skip


def _dump_events(table: _Table, stream, *, events, **_querysets) -> None:
    order = ("billevent__bill_id", "billevent__sequence", "id")
    committees = Attached(
        ((bill_id, sequence), _public_id(*parts))
        for bill_id, sequence, *parts in stream(
            BillEvent.committees.through.objects.filter(billevent__in=events)
            .order_by(*order)
            .values_list(*order[:2], *_committee_id("committee__"))
        )
    )
    votes = Attached(
        ((bill_id, sequence), str(vote))
        for bill_id, sequence, vote in stream(
            BillEvent.votes.through.objects.filter(billevent__in=events)
            .order_by(*order)
            .values_list(*order[:2], "vote__uuid")
        )
    )
    rows = events.order_by("bill_id", "sequence").values_list(
        "bill_id", "bill__uuid", "sequence", "action", "date", "body", "from_stage", "to_stage",
        "note",
    )  # fmt: skip
    for bill_id, bill, sequence, action, on, body, from_stage, to_stage, note in stream(rows):
        key = (bill_id, sequence)
        record = {
            "bill": str(bill),
            "sequence": sequence,
            "action": action,
            "date": _iso(on),
            "body": body or None,
            "from_stage": from_stage or None,
            "to_stage": to_stage,
            "committees": committees.take(key),
            "votes": votes.take(key),
            "note": note,
        }
        table.write([record[column] for column in EVENT_COLUMNS], record)


VOTE_COLUMNS = [
    "uuid", "bill", "body", "date", "motion", "stage", "rule", "result", "official_yes",
    "official_no", "official_abstain", "official_absent", "totals_mismatch",
]  # fmt: skip


def _dump_votes(table: _Table, stream, *, votes, **_querysets) -> None:
    fields = ["uuid", "bill__uuid", *VOTE_COLUMNS[2:]]
    for values in stream(votes.order_by("id").values_list(*fields)):
        record = dict(zip(VOTE_COLUMNS, values, strict=True))
        record |= {"uuid": str(record["uuid"]), "bill": str(record["bill"])}
        record["date"] = _iso(record["date"])
        table.write([record[column] for column in VOTE_COLUMNS], record)


TALLY_COLUMNS = [
    "vote", "chamber", "seats", "threshold", "quorum", "yes", "no", "abstain", "absent",
    "result",
]  # fmt: skip


def _dump_tallies(table: _Table, stream, *, votes, **_querysets) -> None:
    rows = (
        Tally.objects.filter(vote__in=votes)
        .order_by("vote_id", "chamber__position")
        .values_list("vote__uuid", "chamber__code", *TALLY_COLUMNS[2:])
    )
    for values in stream(rows):
        record = dict(zip(TALLY_COLUMNS, values, strict=True))
        record["vote"] = str(record["vote"])
        table.write([record[column] for column in TALLY_COLUMNS], record)


BALLOT_COLUMNS = ["vote", "deputy", "chamber", "option", "faction"]


def _dump_ballots(
    table: _Table, stream, *, votes, ballots, chunk_size, named, **_querysets
) -> None:
    """The largest table: rows carry ids only, turned into public ids through lookups of the
    convocation's votes, deputies, chambers and factions (one query each, small)."""
    vote_ids = {pk: str(uuid) for pk, uuid in stream(votes.values_list("id", "uuid"))}
    # Every deputy (a small table): asking only for those with a ballot here costs a join of
    # every ballot.
    deputy_ids = {
        pk: str(uuid)
        for pk, uuid in stream(Deputy.objects.rewrite(False).values_list("id", "uuid"))
    }
    chambers = dict(Chamber.objects.rewrite(False).values_list("id", "code"))
    factions = {
        pk: _public_id(*parts)
        for pk, *parts in Faction.objects.rewrite(False)
        .filter(pk__in=ballots.values("faction_id"))
        .values_list("id", "chamber__code", "convocation__number", "party__code")
    }
    factions[None] = None
    rows = ballots.order_by("vote_id", "deputy_id").values_list(
        "vote_id", "deputy_id", "chamber_id", "option", "faction_id"
    )
    # Millions of rows from a few hundred thousand distinct values: each value is turned to
    # CSV and JSON text once, and the same text as `write` gives is put together from those
    # pieces: the vote, the deputy and the rest of the row, whose combinations are few.
    encode = _JSON.encode
    vote_texts, deputy_texts = (
        {pk: (_csv_cell(value), encode(value)) for pk, value in lookup.items()}
        for lookup in (vote_ids, deputy_ids)
    )
    tails = {}
    lines, records = [], []
    for vote_id, deputy_id, chamber_id, option, faction_id in stream(rows):
        tail = tails.get((chamber_id, option, faction_id))
        if tail is None:
            values = (chambers[chamber_id], option, factions[faction_id])
            tail = tails[chamber_id, option, faction_id] = (
                ",".join(map(_csv_cell, values)) + "\r\n",
                ",".join(
                    f"{encode(key)}:{encode(value)}"
                    for key, value in zip(BALLOT_COLUMNS[2:], values, strict=True)
                )
                + "}",
            )
        vote, deputy = vote_texts[vote_id], deputy_texts[deputy_id]
        named.add(deputy_id)
        lines.append(f"{vote[0]},{deputy[0]},{tail[0]}")
        records.append(f'{{"vote":{vote[1]},"deputy":{deputy[1]},{tail[1]}')
        if len(lines) == chunk_size:
            table.write_lines(lines, records)
            lines, records = [], []
    table.write_lines(lines, records)


def _csv_cell(value) -> str:
    """One value as csv.writer writes it among others in a row (quoted where it must be)."""
    text = _csv_value(value)
    if not text:
        return text  # alone in a row, csv.writer would write ""
    buffer = io.StringIO()
    csv.writer(buffer).writerow([text])  # the default line ending, which sets what is quoted
    return buffer.getvalue().removesuffix("\r\n")


NAME_FIELDS = ("last_name", "first_name", "patronymic")
DEPUTY_COLUMNS = ["uuid", *_translated(*NAME_FIELDS), "is_demo"]


def _dump_deputies(table: _Table, stream, *, bills, named, **_querysets) -> None:
    """The deputies the other files name: by ballot (collected as the ballots were written)
    or as initiators. Every deputy is read (a small table) and the others skipped: asking
    the database for those with a ballot in the convocation means matching a million ballots
    against each deputy."""
    initiators = Bill.initiators.through.objects.filter(bill__in=bills)
    named = named | set(stream(initiators.values_list("deputy_id", flat=True)))
    rows = Deputy.objects.rewrite(False).order_by("id").values("id", "uuid", *DEPUTY_COLUMNS[1:])
    for row in stream(rows):
        if row["id"] not in named:
            continue
        record = {
            "uuid": str(row["uuid"]),
            **{field: _texts(row, field) for field in NAME_FIELDS},
            "is_demo": row["is_demo"],
        }
        table.write([str(row["uuid"]), *[row[c] for c in DEPUTY_COLUMNS[1:]]], record)
