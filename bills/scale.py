"""Bulk demo data for ``seed_demo --scale national`` and ``--scale large``.

Convocations I–VIII with every seat filled by synthetic deputies, and thousands of bills whose
histories are chosen step by step with the pure procedure (``bills.procedure``: the allowed
actions, the vote rules and the next stage in the era of each action's date), with roll calls
that reach exactly the result each step needs. Nothing goes through the services: rows are
generated as tab-separated lines and loaded with COPY on PostgreSQL, or ``executemany`` on
SQLite, in chunks so memory stays bounded.

What the loader writes and what it leaves out:

- Ids are given explicitly, counting on from the highest id left after the previous demo data
  is removed, so the same seed on the same reference data gives the same rows; uuids come
  from the seeded random generator.
- The VIII convocation keeps the demo scale's composition (``deputies.demo``: factions,
  committees, bureau). Convocations I–VII have no factions or committees in the reference
  data: their ballots carry no faction and their referrals name no committee.
- Bulk rows have no django-simple-history records.
- ``search_text`` is written with the rows; the tsvector columns are filled afterwards in one
  UPDATE (``bills.search.index_vectors``).
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime
import io
import random
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator

from django.db import connection, transaction
from django.db.models import Max

from chambers.models import Chamber, Committee, Convocation, Seats, Session
from deputies.demo import seed_composition
from deputies.demo_names import REGIONS, full_name
from deputies.models import Basis, Deputy, EndReason, FactionMembership, Mandate

from . import demo
from . import procedure as P
from .models import Bill
from .search import folded, index_vectors
from .services import action_body
from .sql import store_faction_lines

A, S = P.Action, P.Stage
MAJILIS, SENATE, JOINT = "majilis", "senate", "joint"
WEDNESDAY, THURSDAY = 2, 3
LAW_SUFFIX = demo.LAW_SUFFIX
NULL = "\\N"


@dataclasses.dataclass(frozen=True)
class Scale:
    bills: int
    silent: float  # share of bills that stop before any vote (pending in committee, withdrawn)
    amendments: float  # mean votes on amendments at a second reading, besides the final one
    help: str


SCALES = {
    "national": Scale(
        bills=5_000,
        silent=0.08,
        amendments=3.5,
        help="convocations I–VIII: about 5,000 bills, 18,000 votes, 1.5 million ballots",
    ),
    "large": Scale(
        bills=200_000,
        silent=0.72,
        amendments=1.2,
        help="about 200,000 bills, 150,000 votes, 12 million ballots, 1 million documents",
    ),
}

# --- The tables written, with the type of each column (for SQLite's executemany) -------------
# i int, s text, b bool, d date, t timestamp, u uuid (32 hex digits, as Django stores it).

TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    "bills_bill": (
        ("id", "i"), ("uuid", "u"), ("number", "s"), ("serial", "i"), ("convocation_id", "i"),
        ("kind", "s"), ("initiator_type", "s"), ("title", "s"), ("title_kk", "s"),
        ("title_ru", "s"), ("title_en", "s"), ("summary", "s"), ("summary_kk", "s"),
        ("summary_ru", "s"), ("summary_en", "s"), ("registered_on", "d"), ("priority", "b"),
        ("stage", "s"), ("stage_since", "d"), ("lead_committee_id", "i"), ("law_serial", "i"),
        ("law_convocation_id", "i"), ("law_suffix", "s"), ("signed_on", "d"),
        ("in_force_on", "d"), ("is_demo", "b"), ("version", "i"), ("created_at", "t"),
        ("updated_at", "t"), ("search_text", "s"),
    ),
    "bills_bill_initiators": (("id", "i"), ("bill_id", "i"), ("deputy_id", "i")),
    "bills_bill_co_committees": (("id", "i"), ("bill_id", "i"), ("committee_id", "i")),
    "bills_vote": (
        ("id", "i"), ("uuid", "u"), ("bill_id", "i"), ("body", "s"), ("date", "d"),
        ("motion", "s"), ("stage", "s"), ("rule", "s"), ("result", "s"), ("official_yes", "i"),
        ("official_no", "i"), ("official_abstain", "i"), ("official_absent", "i"),
        ("totals_mismatch", "b"), ("version", "i"), ("created_at", "t"), ("updated_at", "t"),
    ),
    "bills_billevent": (
        ("id", "i"), ("bill_id", "i"), ("sequence", "i"), ("action", "s"), ("date", "d"),
        ("body", "s"), ("from_stage", "s"), ("to_stage", "s"), ("note", "s"),
        ("recorded_at", "t"),
    ),
    "bills_billevent_votes": (("id", "i"), ("billevent_id", "i"), ("vote_id", "i")),
    "bills_billevent_committees": (("id", "i"), ("billevent_id", "i"), ("committee_id", "i")),
    "bills_tally": (
        ("id", "i"), ("vote_id", "i"), ("chamber_id", "i"), ("seats", "i"), ("threshold", "i"),
        ("quorum", "i"), ("yes", "i"), ("no", "i"), ("abstain", "i"), ("absent", "i"),
        ("result", "s"),
    ),
    "bills_ballot": (
        ("id", "i"), ("vote_id", "i"), ("chamber_id", "i"), ("deputy_id", "i"), ("option", "s"),
        ("faction_id", "i"),
    ),
    "bills_document": (
        ("id", "i"), ("bill_id", "i"), ("language", "s"), ("stage", "s"), ("title", "s"),
        ("file", "s"), ("url", "s"), ("date", "d"),
    ),
}  # fmt: skip
# Rows referring to other rows come after them: foreign keys are checked per statement.
LOAD_ORDER = tuple(TABLES)

# --- Removing the previous demo data, set-based ------------------------------------------------

_DEMO_BILLS = "SELECT id FROM bills_bill WHERE is_demo"
_DEMO_VOTES = f"SELECT id FROM bills_vote WHERE bill_id IN ({_DEMO_BILLS})"
_DEMO_EVENTS = f"SELECT id FROM bills_billevent WHERE bill_id IN ({_DEMO_BILLS})"
_DEMO_MANDATES = (
    "SELECT id FROM deputies_mandate WHERE deputy_id IN "
    "(SELECT id FROM deputies_deputy WHERE is_demo)"
)
_OLD_BILLS = "SELECT id FROM bills_historicalbill WHERE is_demo"
_OLD_VOTES = f"SELECT id FROM bills_historicalvote WHERE bill_id IN ({_OLD_BILLS})"
BILL_TABLES = (
    "bills_factionline", "bills_ballot", "bills_tally", "bills_billevent_votes",
    "bills_billevent_committees", "bills_billevent", "bills_vote", "bills_document",
    "bills_bill_initiators", "bills_bill_co_committees", "bills_bill",
)  # fmt: skip
DEPUTY_TABLES = (
    "deputies_chamberoffice", "deputies_committeemembership", "deputies_factionmembership",
    "deputies_mandate", "deputies_deputy",
)  # fmt: skip


def delete_demo() -> None:
    """Remove every demo bill (with its events, votes, tallies, ballots, documents and
    history) and every demo deputy, keeping all other rows. On PostgreSQL, when no other bill
    or deputy exists, the tables are truncated and their ids start again at 1."""
    with connection.cursor() as cursor:

        def some(sql: str) -> bool:
            cursor.execute(f"SELECT EXISTS ({sql})")
            return bool(cursor.fetchone()[0])

        postgresql = connection.vendor == "postgresql"
        only_demo_bills = not some("SELECT 1 FROM bills_bill WHERE NOT is_demo")
        only_demo_deputies = not some("SELECT 1 FROM deputies_deputy WHERE NOT is_demo")
        if postgresql and only_demo_bills:
            tables = BILL_TABLES + (DEPUTY_TABLES if only_demo_deputies else ())
            cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY")
        else:
            for sql in (
                f"DELETE FROM bills_factionline WHERE vote_id IN ({_DEMO_VOTES})",
                f"DELETE FROM bills_ballot WHERE vote_id IN ({_DEMO_VOTES})",
                f"DELETE FROM bills_tally WHERE vote_id IN ({_DEMO_VOTES})",
                f"DELETE FROM bills_billevent_votes WHERE billevent_id IN ({_DEMO_EVENTS})",
                f"DELETE FROM bills_billevent_votes WHERE vote_id IN ({_DEMO_VOTES})",
                f"DELETE FROM bills_billevent_committees WHERE billevent_id IN ({_DEMO_EVENTS})",
                f"DELETE FROM bills_billevent WHERE bill_id IN ({_DEMO_BILLS})",
                f"DELETE FROM bills_vote WHERE bill_id IN ({_DEMO_BILLS})",
                f"DELETE FROM bills_document WHERE bill_id IN ({_DEMO_BILLS})",
                f"DELETE FROM bills_bill_initiators WHERE bill_id IN ({_DEMO_BILLS})",
                f"DELETE FROM bills_bill_co_committees WHERE bill_id IN ({_DEMO_BILLS})",
                "DELETE FROM bills_bill WHERE is_demo",
            ):
                cursor.execute(sql)
        for sql in (
            f"DELETE FROM bills_historicalballot WHERE vote_id IN ({_OLD_VOTES})",
            f"DELETE FROM bills_historicalvote WHERE bill_id IN ({_OLD_BILLS})",
            f"DELETE FROM bills_historicalbillevent WHERE bill_id IN ({_OLD_BILLS})",
            "DELETE FROM bills_historicalbill WHERE is_demo",
        ):
            cursor.execute(sql)
        if not (postgresql and only_demo_bills and only_demo_deputies):
            for table in DEPUTY_TABLES[:3]:
                cursor.execute(f"DELETE FROM {table} WHERE mandate_id IN ({_DEMO_MANDATES})")
            cursor.execute(f"DELETE FROM deputies_mandate WHERE id IN ({_DEMO_MANDATES})")
            cursor.execute("DELETE FROM deputies_deputy WHERE is_demo")


# --- Composition of convocations I–VII --------------------------------------------------------


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _localised(field: str, values: dict) -> dict:
    return {field: values["kk"]} | {f"{field}_{lang}": values[lang] for lang in demo.LANGS}


def _bases(convocation: Convocation, chamber: str, seats: int) -> list[str]:
    """How the seats were filled (DOMAIN.md B1): the Majilis all single-member in 1995, 67
    districts and 10 party-list seats from 1999, 98 party-list and 9 Assembly seats from 2007;
    the Senate elected by maslikhats plus 7 (15 from 2007) appointed senators."""
    n = convocation.number
    if chamber == MAJILIS:
        if n == 1:
            return [Basis.SINGLE_MEMBER_DISTRICT] * seats
        if n <= 3:
            return [Basis.SINGLE_MEMBER_DISTRICT] * 67 + [Basis.PARTY_LIST] * (seats - 67)
        return [Basis.PARTY_LIST] * (seats - 9) + [Basis.ASSEMBLY_QUOTA] * 9
    appointed = 7 if n <= 3 else 15
    return [Basis.MASLIKHAT_ELECTION] * (seats - appointed) + [
        Basis.PRESIDENTIAL_APPOINTMENT
    ] * appointed


def compose_older(rng: random.Random, convocations: list[Convocation]) -> dict:
    """Synthetic deputies in every seat of convocations I–VII, from their Seats rows: a seat
    added during a term (the Senate's Shymkent seats in 2018) is filled from that day; a few
    mandates end early and pass to a successor (the next day, or weeks later in the Senate);
    about a quarter of the seats go to a deputy of the previous convocation."""
    chambers = {c.code: c for c in Chamber.objects.all()}
    deputies: list[Deputy] = []
    mandates: list[Mandate] = []
    previous: dict[str, list[Deputy]] = {MAJILIS: [], SENATE: []}

    def person() -> Deputy:
        name = full_name(rng)
        born = datetime.date(1935, 1, 1) + datetime.timedelta(days=rng.randrange(365 * 45))
        deputy = Deputy(
            uuid=_uuid(rng),
            birth_date=born,
            is_demo=True,
            **_localised("last_name", name["last"]),
            **_localised("first_name", name["first"]),
            **_localised("patronymic", name["patronymic"]),
        )
        deputies.append(deputy)
        return deputy

    for convocation in convocations:
        rows = list(
            Seats.objects.filter(convocation=convocation)
            .select_related("chamber")
            .order_by("chamber__position", "starts_on")
        )
        for code in (MAJILIS, SENATE):
            returning = list(previous[code])
            rng.shuffle(returning)
            held: list[Mandate] = []
            counters: dict[str, int] = {}
            filled = 0
            for row in (r for r in rows if r.chamber.code == code):
                for basis in _bases(convocation, code, row.seats)[filled:]:
                    index = counters[basis] = counters.get(basis, -1) + 1
                    again = returning and row.starts_on == convocation.starts_on
                    mandate = Mandate(
                        deputy=returning.pop() if again and rng.random() < 0.25 else person(),
                        chamber=chambers[code],
                        convocation=convocation,
                        basis=basis,
                        starts_on=row.starts_on,
                        ends_on=convocation.ends_on,
                        end_reason=EndReason.TERM_ENDED,
                        **_place(basis, index),
                    )
                    held.append(mandate)
                    if rng.random() < 0.03:
                        successor = _succeed(rng, mandate, person, code)
                        if successor is not None:
                            held.append(successor)
                filled = max(filled, row.seats)
            mandates += held
            previous[code] = [m.deputy for m in held if m.ends_on == convocation.ends_on]
    Deputy.objects.bulk_create(deputies)
    for mandate in mandates:
        mandate.deputy_id = mandate.deputy.pk
    Mandate.objects.bulk_create(mandates)
    return {"deputies": len(deputies), "mandates": len(mandates)}


def _place(basis: str, index: int) -> dict:
    """District number and constituency of the index-th seat of its basis."""
    if basis == Basis.SINGLE_MEMBER_DISTRICT:
        number = index + 1
        names = {
            "kk": f"№ {number} сайлау округі",
            "ru": f"Избирательный округ № {number}",
            "en": f"Electoral district No. {number}",
        }
        return {"district_number": number, **_localised("constituency", names)}
    if basis == Basis.MASLIKHAT_ELECTION:
        return _localised("constituency", REGIONS[(index // 2) % len(REGIONS)])
    return _localised("constituency", {"kk": "", "ru": "", "en": ""})


def _succeed(rng, mandate: Mandate, person: Callable[[], Deputy], code: str) -> Mandate | None:
    """End the mandate early and seat a successor; None if the term is too short for it."""
    span = (mandate.ends_on - mandate.starts_on).days
    if span < 400:
        return None
    last = mandate.starts_on + datetime.timedelta(days=rng.randint(150, span - 200))
    gap = 1 if code == MAJILIS else rng.randint(30, 70)
    mandate.ends_on = last
    mandate.end_reason = rng.choice([EndReason.RESIGNED, EndReason.APPOINTED_ELSEWHERE])
    successor = Mandate(
        deputy=person(),
        chamber=mandate.chamber,
        convocation=mandate.convocation,
        basis=mandate.basis,
        district_number=mandate.district_number,
        starts_on=last + datetime.timedelta(days=gap),
        ends_on=mandate.convocation.ends_on,
        end_reason=EndReason.TERM_ENDED,
        constituency=mandate.constituency,
        constituency_kk=mandate.constituency_kk,
        constituency_ru=mandate.constituency_ru,
        constituency_en=mandate.constituency_en,
    )
    return successor


# --- Who sits, and the seats, on a day ----------------------------------------------------------


class Roster:
    """Every mandate and faction membership in the database (demo or not), asked per day."""

    def __init__(self):
        self.chamber_ids = dict(Chamber.objects.values_list("code", "pk"))
        factions: dict[int, list[tuple]] = {}
        for mandate, starts, ends, faction in FactionMembership.objects.values_list(
            "mandate_id", "starts_on", "ends_on", "faction_id"
        ):
            factions.setdefault(mandate, []).append((starts, ends, faction))
        self.mandates: dict[str, list[tuple]] = {MAJILIS: [], SENATE: []}
        rows = Mandate.objects.filter(chamber__code__in=(MAJILIS, SENATE)).values_list(
            "pk", "deputy_id", "chamber__code", "starts_on", "ends_on"
        )
        for pk, deputy, code, starts, ends in rows.order_by("starts_on", "deputy_id"):
            self.mandates[code].append((starts, ends, deputy, factions.get(pk, ())))
        self.starts = {code: [m[0] for m in rows] for code, rows in self.mandates.items()}
        self.seat_rows = {
            code: list(
                Seats.objects.filter(chamber__code=code).values_list(
                    "starts_on", "ends_on", "seats"
                )
            )
            for code in (MAJILIS, SENATE)
        }
        self.cache: dict[tuple[str, datetime.date], Members] = {}

    def seats_on(self, chamber: str, on: datetime.date) -> int | None:
        """As Chamber.seats_on: the latest row in force that day."""
        rows = [r for r in self.seat_rows[chamber] if r[0] <= on and (r[1] is None or on <= r[1])]
        return max(rows)[2] if rows else None

    def serving(self, chamber: str, on: datetime.date) -> Members:
        key = (chamber, on)
        found = self.cache.get(key)
        if found is None:
            end = bisect.bisect_right(self.starts[chamber], on)
            members = []
            for _starts, ends, deputy, factions in self.mandates[chamber][:end]:
                if ends is None or on <= ends:
                    faction = next(
                        (f for s, e, f in factions if s <= on and (e is None or on <= e)), None
                    )
                    members.append((deputy, faction))
            found = self.cache[key] = Members(self.chamber_ids[chamber], members)
        return found


class Members:
    """The deputies serving in one chamber on one day, with the text of their ballot rows."""

    def __init__(self, chamber_id: int, members: list[tuple[int, int | None]]):
        self.chamber_id = chamber_id
        self.factions = [f for _, f in members]
        self.middle = [f"\t{chamber_id}\t{deputy}\t" for deputy, _ in members]
        self.tail = [f"\t{NULL if f is None else f}\n" for _, f in members]
        self.deputies = [d for d, _ in members]
        self.grouped = any(f is not None for f in self.factions)

    def __len__(self) -> int:
        return len(self.deputies)


# --- Plans of bills -----------------------------------------------------------------------------


@dataclasses.dataclass
class TallyPlan:
    chamber: str
    seats: int
    threshold: int
    quorum: int
    yes: int
    no: int
    abstain: int
    absent: int
    result: str
    members: Members


@dataclasses.dataclass
class VotePlan:
    body: str
    date: datetime.date
    motion: str
    stage: str
    rule: str
    result: str
    tallies: list[TallyPlan]
    official: tuple | None = None
    mismatch: bool = False
    id: int = 0


@dataclasses.dataclass
class StepPlan:
    action: str
    date: datetime.date
    from_stage: str
    to_stage: str
    body: str
    votes: list[VotePlan] = dataclasses.field(default_factory=list)
    committees: tuple[int, ...] = ()


@dataclasses.dataclass
class BillPlan:
    kind: str
    initiator: str
    registered_on: datetime.date
    title: dict
    summary: dict
    committee: str
    priority: bool = False
    initiators: list[int] = dataclasses.field(default_factory=list)
    steps: list[StepPlan] = dataclasses.field(default_factory=list)
    extra_votes: list[VotePlan] = dataclasses.field(default_factory=list)
    law_serial: int | None = None


# Weights of the actions the walk may take next; the procedure says which are allowed.
WEIGHTS = {
    S.REGISTERED: {A.REFERRED: 1.0, A.SENT_TO_JOINT_SITTING: 0.3, A.WITHDRAWN: 0.02},
    S.MAJILIS_COMMITTEE: {
        A.COMMITTEE_REPORT: 0.5, A.FIRST_READING_APPROVED: 0.65, A.ADOPTED_BY_MAJILIS: 0.3,
        A.REJECTED_BY_MAJILIS: 0.03, A.WITHDRAWN: 0.03, A.SENT_TO_JOINT_SITTING: 3.0,
    },
    S.MAJILIS_SECOND_READING: {
        A.ADOPTED_BY_MAJILIS: 1.0, A.REJECTED_BY_MAJILIS: 0.03, A.WITHDRAWN: 0.015,
    },
    S.SENATE: {
        A.APPROVED_BY_SENATE: 1.0, A.AMENDED_BY_SENATE: 0.08, A.NOT_APPROVED_BY_SENATE: 0.04,
        A.WITHDRAWN: 0.01, A.COMMITTEE_REPORT: 0.15,
    },
    S.MAJILIS_RECONSIDERATION: {A.READOPTED_BY_MAJILIS: 0.6, A.REJECTED_BY_MAJILIS: 0.4},
    S.SENATE_AMENDMENTS: {A.AMENDMENTS_ACCEPTED: 0.8, A.AMENDMENTS_REJECTED: 0.2},
    S.CONCILIATION: {A.CONCILIATION_AGREED: 0.7, A.CONCILIATION_FAILED: 0.3},
    S.JOINT_SITTING: {A.ADOPTED_AT_JOINT_SITTING: 1.0, A.WITHDRAWN: 0.02},
    S.PRESIDENT: {A.SIGNED: 1.0, A.RETURNED_WITH_OBJECTIONS: 0.02},
    S.OBJECTIONS: {A.OVERRIDE_PASSED: 0.3, A.OBJECTIONS_ACCEPTED: 0.7},
    S.SIGNED: {A.ENTERED_INTO_FORCE: 1.0},
}  # fmt: skip
# Bills that never reach a vote: referred, perhaps reported on, then left or withdrawn.
SILENT = {
    S.REGISTERED: {A.REFERRED: 1.0, A.WITHDRAWN: 0.05},
    S.MAJILIS_COMMITTEE: {A.COMMITTEE_REPORT: 0.5, A.WITHDRAWN: 0.15},
}
# Days before an action (from, to) and where it happens: a chamber's plenary day, any
# working day in session ("session"), or any working day (None).
TIMING = {
    A.REFERRED: (2, 10, None), A.COMMITTEE_REPORT: (14, 45, "session"),
    A.FIRST_READING_APPROVED: (30, 100, MAJILIS), A.ADOPTED_BY_MAJILIS: (14, 70, MAJILIS),
    A.REJECTED_BY_MAJILIS: (20, 90, MAJILIS), A.APPROVED_BY_SENATE: (14, 55, SENATE),
    A.AMENDED_BY_SENATE: (14, 55, SENATE), A.NOT_APPROVED_BY_SENATE: (14, 55, SENATE),
    A.READOPTED_BY_MAJILIS: (14, 40, MAJILIS), A.AMENDMENTS_ACCEPTED: (7, 25, MAJILIS),
    A.AMENDMENTS_REJECTED: (7, 25, MAJILIS), A.CONCILIATION_AGREED: (21, 50, "votes"),
    A.CONCILIATION_FAILED: (30, 60, "session"), A.SENT_TO_JOINT_SITTING: (14, 40, "session"),
    A.ADOPTED_AT_JOINT_SITTING: (14, 40, JOINT), A.SIGNED: (5, 28, None),
    A.RETURNED_WITH_OBJECTIONS: (10, 25, None), A.OVERRIDE_PASSED: (7, 18, "votes"),
    A.OBJECTIONS_ACCEPTED: (31, 34, None), A.WITHDRAWN: (20, 150, "session"),
    A.ENTERED_INTO_FORCE: (3, 60, None),
}  # fmt: skip
MOTIONS = {
    A.FIRST_READING_APPROVED: "first reading",
    A.APPROVED_BY_SENATE: "Senate approval",
    A.NOT_APPROVED_BY_SENATE: "Senate approval",
    A.AMENDED_BY_SENATE: "Senate amendments and additions",
    A.READOPTED_BY_MAJILIS: "re-adoption after the Senate's non-approval",
    A.AMENDMENTS_ACCEPTED: "agreement with the Senate's amendments",
    A.AMENDMENTS_REJECTED: "agreement with the Senate's amendments",
    A.CONCILIATION_AGREED: demo.CONCILIATION_MOTION,
    A.ADOPTED_AT_JOINT_SITTING: "first and second readings, as a whole",
    A.OVERRIDE_PASSED: demo.OVERRIDE_MOTION,
}
STAGE_MOTIONS = {  # adoption or rejection by the Majilis, by the stage it happens at
    S.MAJILIS_COMMITTEE: "adoption in one reading",
    S.MAJILIS_SECOND_READING: "second reading, as a whole",
    S.MAJILIS_RECONSIDERATION: "re-adoption after the Senate's non-approval",
}
KINDS = {
    P.Kind.LAW: 0.66, P.Kind.RATIFICATION: 0.22, P.Kind.CODE: 0.07, P.Kind.BUDGET: 0.02,
    P.Kind.CONSTITUTIONAL_LAW: 0.025, P.Kind.CONSTITUTIONAL_AMENDMENT: 0.005,
}  # fmt: skip
MAX_STEPS = 30
OFFICIAL_TOTALS_SHARE = 0.10
MISMATCH_SHARE = 0.001
CONSTITUTIONAL_LAWS = [
    ("«Қазақстан Республикасындағы сайлау туралы»", "«О выборах в Республике Казахстан»",
     "“On elections in the Republic of Kazakhstan”"),
    ("«Қазақстан Республикасының Үкіметі туралы»", "«О Правительстве Республики Казахстан»",
     "“On the Government of the Republic of Kazakhstan”"),
    ("«Қазақстан Республикасының сот жүйесі мен судьяларының мәртебесі туралы»",
     "«О судебной системе и статусе судей Республики Казахстан»",
     "“On the judicial system and the status of judges of the Republic of Kazakhstan”"),
    ("«Қазақстан Республикасының Парламенті және оның депутаттарының мәртебесі туралы»",
     "«О Парламенте Республики Казахстан и статусе его депутатов»",
     "“On the Parliament of the Republic of Kazakhstan and the status of its deputies”"),
]  # fmt: skip
DOCUMENTS = {
    "text": {"kk": "Заң жобасының мәтіні", "ru": "Текст законопроекта", "en": "Text of the bill"},
    "note": {"kk": "Түсіндірме жазба", "ru": "Пояснительная записка", "en": "Explanatory note"},
    "conclusion": {
        "kk": "Комитеттің қорытындысы", "ru": "Заключение комитета",
        "en": "Committee conclusion",
    },
    "adopted": {
        "kk": "Мәжіліс қабылдаған заңның мәтіні", "ru": "Текст закона, принятого Мажилисом",
        "en": "Text of the law as passed by the Majilis",
    },
    "signed": {
        "kk": "Қол қойылған заңның мәтіні", "ru": "Текст подписанного закона",
        "en": "Text of the signed law",
    },
}  # fmt: skip


class _Titles(demo.Titles):
    """The demo titles without the uniqueness check: at this scale titles repeat, as real
    "amendments to certain legislative acts" titles do."""

    def unique(self, make):
        return make()


class Walker:
    """Plans the bills of one convocation: texts, initiators, and the history each bill takes
    under the procedure in force on the date of each step."""

    def __init__(self, rng, scale: Scale, roster: Roster, convocation, committees: dict):
        self.rng, self.scale, self.roster = rng, scale, roster
        self.convocation = convocation
        self.committees = committees  # Majilis committee code -> id (VIII only)
        self.titles = _Titles(rng)
        last = min(convocation.ends_on or P.ERA_2023.ends, P.ERA_2023.ends)
        sessions = Session.objects.filter(convocation=convocation).values_list(
            "starts_on", "ends_on"
        )
        self.cal = demo.Calendar(
            [(s, e or last) for s, e in sessions] or [(convocation.starts_on, last)],
            first=convocation.starts_on + datetime.timedelta(days=5),
            last=last,
        )
        self.kinds, self.kind_weights = list(KINDS), list(KINDS.values())

    # Texts and initiators.

    def bill(self) -> BillPlan:
        rng, cal = self.rng, self.cal
        span = (cal.last - cal.first).days
        registered = None
        while registered is None:
            registered = cal.workday(cal.first + datetime.timedelta(days=rng.randrange(span)))
        kind = rng.choices(self.kinds, self.kind_weights)[0]
        era = P.era_on(registered)
        roll = rng.random()
        if roll < 0.12 and P.Initiator.PRESIDENT in era.initiators:
            initiator = P.Initiator.PRESIDENT
        elif roll < 0.4 and kind not in (P.Kind.BUDGET, P.Kind.RATIFICATION):
            initiator = P.Initiator.DEPUTIES
        else:
            initiator = P.Initiator.GOVERNMENT
        title, summary, committee = self.texts(kind, registered, initiator)
        plan = BillPlan(
            kind=kind,
            initiator=initiator,
            registered_on=registered,
            title=title,
            summary=summary,
            committee=committee,
            priority=initiator == P.Initiator.PRESIDENT and rng.random() < 0.3,
        )
        if initiator == P.Initiator.DEPUTIES:
            serving = self.roster.serving(MAJILIS, registered).deputies
            plan.initiators = rng.sample(serving, min(len(serving), rng.choice((1, 2, 3, 5))))
        return plan

    def texts(self, kind, registered, initiator):
        deputies = initiator == P.Initiator.DEPUTIES
        match kind:
            case P.Kind.RATIFICATION:
                return self.titles.ratification()
            case P.Kind.CODE:
                return self.titles.code_amendment(deputies=deputies)
            case P.Kind.BUDGET:
                y = registered.year + 1
                title = {
                    "kk": f"{y} – {y + 2} жылдарға арналған республикалық бюджет туралы",
                    "ru": f"О республиканском бюджете на {y} – {y + 2} годы",
                    "en": f"On the republican budget for {y}–{y + 2}",
                }
                return (
                    title,
                    demo._sentence(
                        (
                            "республикалық бюджеттің кірістері мен шығыстарын белгілеуге",
                            "на установление доходов и расходов республиканского бюджета",
                            "to set the revenues and spending of the republican budget",
                        )
                    ),
                    "finance",
                )
            case P.Kind.CONSTITUTIONAL_LAW:
                kk, ru, en = self.rng.choice(CONSTITUTIONAL_LAWS)
                title = {
                    "kk": f"{kk} Қазақстан Республикасының Конституциялық заңына өзгерістер "
                    "мен толықтырулар енгізу туралы",
                    "ru": "О внесении изменений и дополнений в Конституционный закон "
                    f"Республики Казахстан {ru}",
                    "en": "On amendments and additions to the Constitutional Law of the "
                    f"Republic of Kazakhstan {en}",
                }
                return title, demo._sentence(self.rng.choice(demo.GENERIC_AIMS)), "legislation"
            case P.Kind.CONSTITUTIONAL_AMENDMENT:
                title = {
                    "kk": "Қазақстан Республикасының Конституциясына өзгерістер мен "
                    "толықтырулар енгізу туралы",
                    "ru": "О внесении изменений и дополнений в Конституцию Республики Казахстан",
                    "en": "On amendments and additions to the Constitution of the Republic "
                    "of Kazakhstan",
                }
                return title, demo._sentence(self.rng.choice(demo.GENERIC_AIMS)), "legislation"
        return self.titles.law(deputies=deputies)

    # The history.

    def walk(self, plan: BillPlan) -> None:
        rng = self.rng
        on = plan.registered_on
        state = P.apply(
            P.BillState(kind=P.Kind(plan.kind), stage=None, priority=plan.priority),
            A.INTRODUCED,
            on,
        )
        plan.steps.append(StepPlan(A.INTRODUCED, on, "", S.REGISTERED, MAJILIS))
        silent = rng.random() < self.scale.silent
        reported = False
        while len(plan.steps) < MAX_STEPS and not (
            state.stage in (S.REJECTED, S.WITHDRAWN)
            or (state.stage == S.SIGNED and state.history[-1][0] != A.SIGNED)
        ):
            weights = (SILENT if silent else WEIGHTS).get(state.stage, {})
            candidates = [
                (t.action, weights[t.action])
                for t in P.allowed_actions(state, on + datetime.timedelta(days=1))
                if t.action in weights and not (t.action == A.COMMITTEE_REPORT and reported)
            ]
            stop = 0.15 if silent else 0.004
            if not candidates or rng.random() < stop:
                break
            action = rng.choices([a for a, _ in candidates], [w for _, w in candidates])[0]
            step = self.step(plan, state, action, on)
            if step is None:
                break
            wording = action == A.OBJECTIONS_ACCEPTED and step.to_stage == S.PRESIDENT
            try:
                state = P.apply(
                    state,
                    action,
                    step.date,
                    outcomes={P.Body(v.body): P.Outcome(v.result) for v in step.votes},
                    rules={P.Body(v.body): P.Rule(v.rule) for v in step.votes},
                    variant=P.PRESIDENTS_WORDING if wording else None,
                )
            except P.ProcedureError:
                break
            if state.stage != step.to_stage:
                raise RuntimeError(f"{action}: planned {step.to_stage}, procedure {state.stage}")
            reported = action == A.COMMITTEE_REPORT or (
                reported and step.to_stage == step.from_stage
            )
            plan.steps.append(step)
            on = step.date

    def step(self, plan: BillPlan, state: P.BillState, action, on) -> StepPlan | None:
        rng, cal = self.rng, self.cal
        low, high, where = TIMING[action]
        if action == A.ADOPTED_BY_MAJILIS and state.stage == S.MAJILIS_COMMITTEE:
            low, high = 30, 90
        day = on + datetime.timedelta(days=rng.randint(low, high))
        if day > cal.last:
            return None
        try:
            bodies = [req.body for req in P.transition(state, action, day).votes]
        except P.ProcedureError:
            return None
        dates: list[datetime.date | None] = []
        if bodies == [P.Body.MAJILIS, P.Body.SENATE]:
            first = cal.sitting(day, WEDNESDAY)
            dates = [first, first and cal.sitting(first + demo.DAY, THURSDAY)]
        elif bodies == [P.Body.JOINT]:
            dates = [cal.sitting(day, None)]
        elif bodies:
            weekday = {P.Body.MAJILIS: WEDNESDAY, P.Body.SENATE: THURSDAY}[bodies[0]]
            dates = [cal.sitting(day, weekday)]
        day = dates[-1] if dates else cal.workday(day, in_session=where == "session")
        if day is None or any(d is None for d in dates):
            return None
        try:
            t = P.transition(state, action, day)
            to_stage = P.next_stage(state, action, day, variant=self.variant(action))
        except P.ProcedureError:
            return None
        votes = []
        for req, vote_day in zip(t.votes, dates, strict=True):
            vote = self.vote(plan, state.stage, action, req, vote_day)
            if vote is None:
                return None
            votes.append(vote)
        committees = ()
        if self.committees and action in (A.REFERRED, A.COMMITTEE_REPORT):
            lead = self.committees[plan.committee]
            committees = (lead,)
            if action == A.REFERRED:
                others = [c for c in self.committees.values() if c != lead]
                committees += tuple(rng.sample(others, rng.choice((0, 0, 1, 1, 2))))
        return StepPlan(
            action=action,
            date=day,
            from_stage=state.stage,
            to_stage=to_stage,
            body=action_body(action, state.stage) or "",
            votes=votes,
            committees=committees,
        )

    def variant(self, action) -> str | None:
        if action != A.OBJECTIONS_ACCEPTED:
            return None
        return self.rng.choice(P.VARIANTS[action])

    def vote(self, plan, stage, action, req: P.VoteRequirement, on, motion=None, must=None):
        try:
            rule = P.vote_rule(P.Kind(plan.kind), stage, req.body, on)
        except P.ProcedureError:
            return None
        must = must or req.must
        chambers = (MAJILIS, SENATE) if req.body == P.Body.JOINT else (req.body.value,)
        tallies = []
        for chamber in chambers:
            tally = self.tally(chamber, on, rule, must)
            if tally is None:
                return None
            tallies.append(tally)
        results = [t.result for t in tallies]
        result = P.Outcome.PASSED if all(r == P.Outcome.PASSED for r in results) else must
        motion = motion or MOTIONS.get(action) or STAGE_MOTIONS[stage]
        vote = VotePlan(req.body, on, motion, stage, rule, result, tallies)
        roll = self.rng.random()
        totals = tuple(sum(getattr(t, o) for t in tallies) for o in demo.Option.values)
        if roll < MISMATCH_SHARE and totals[0] < sum(totals):
            # One deputy recorded as not voting yes was announced as voting yes.
            moved = next(i for i in (3, 1, 2) if totals[i])
            vote.official = tuple(
                n + (1 if i == 0 else -1 if i == moved else 0) for i, n in enumerate(totals)
            )
            vote.mismatch = True
        elif roll < OFFICIAL_TOTALS_SHARE:
            vote.official = totals
        return vote

    def tally(self, chamber, on, rule, must) -> TallyPlan | None:
        """Counts that give exactly the result ``must``, with some absence and dissent."""
        rng = self.rng
        seats = self.roster.seats_on(chamber, on)
        members = self.roster.serving(chamber, on)
        if seats is None or not members:
            return None
        n = len(members)
        threshold, quorum = P.threshold(rule, seats), P.quorum(seats)
        needed = max(quorum, threshold) if must == P.Outcome.PASSED else quorum
        if n < needed or n > seats:
            return None
        absent = min(n - needed, int(n * rng.uniform(0.02, 0.12)))
        present = n - absent
        if must == P.Outcome.PASSED:
            dissent = min(present - threshold, int(present * rng.uniform(0.0, 0.12)))
        else:
            most = min(threshold - 1, present)
            dissent = present - rng.randint(most * 2 // 5, most)
        yes = present - dissent
        no = rng.randint(dissent // 2, dissent)
        result = P.outcome(rule=rule, seats=seats, yes=yes, present=present)
        if result != must:
            raise RuntimeError(f"{chamber} {on}: counts give {result}, not {must}")
        return TallyPlan(
            chamber, seats, threshold, quorum, yes, no, dissent - no, absent, result, members
        )

    def amendments(self, plan: BillPlan) -> None:
        """Votes on amendments at a second reading, held on the day of the final vote and not
        attached to any step: the chamber votes article by article, then on the whole."""
        rng = self.rng
        mean = self.scale.amendments
        for step in plan.steps:
            if step.action != A.ADOPTED_BY_MAJILIS or step.from_stage != S.MAJILIS_SECOND_READING:
                continue
            count = min(int(rng.expovariate(1 / mean)) if mean else 0, 12)
            req = P.VoteRequirement(P.Body.MAJILIS, P.Rule.SIMPLE)
            for number in range(1, count + 1):
                must = P.Outcome.PASSED if rng.random() < 0.7 else P.Outcome.FAILED
                vote = self.vote(
                    plan, step.from_stage, step.action, req, step.date,
                    motion=f"amendment No. {number}", must=must,
                )  # fmt: skip
                if vote is not None:
                    plan.extra_votes.append(vote)


# --- Rows ---------------------------------------------------------------------------------------


def _text(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def _opt(value) -> str:
    return NULL if value is None else str(value)


def _at(day: datetime.date, hour: int = 4) -> str:
    """A timestamp on the day: 09:00 in Almaty is 04:00 UTC."""
    return f"{day.isoformat()} {hour:02d}:00:00+00:00"


class Rows:
    """Per-table buffers of tab-separated lines, with the next id of each table."""

    def __init__(self, next_ids: dict[str, int]):
        self.lines: dict[str, list[str]] = {table: [] for table in TABLES}
        self.next = dict(next_ids)

    def id(self, table: str) -> int:
        n = self.next[table]
        self.next[table] = n + 1
        return n

    def add(self, table: str, *values) -> int:
        n = self.id(table)
        self.lines[table].append("\t".join((str(n), *values)) + "\n")
        return n


def emit(rows: Rows, rng: random.Random, plan: BillPlan, convocation, serial: int) -> None:
    """The rows of one bill: the bill, its events, votes, tallies, ballots and documents."""
    roman = convocation.roman
    number = f"{roman}-{serial:04d}"
    bill_uuid = _uuid(rng)
    last = plan.steps[-1]
    moved = [s for s in plan.steps if s.from_stage != s.to_stage]
    signed = next((s.date for s in plan.steps if s.action == A.SIGNED), None)
    in_force = next((s.date for s in plan.steps if s.action == A.ENTERED_INTO_FORCE), None)
    referred = next((s for s in plan.steps if s.action == A.REFERRED), None)
    lead = referred.committees[0] if referred and referred.committees else None
    votes = [v for s in plan.steps for v in s.votes] + plan.extra_votes
    touched = max([last.date, *(v.date for v in votes)])
    title, summary = plan.title, plan.summary
    bill_id = rows.add(
        "bills_bill",
        bill_uuid.hex, number, str(serial), str(convocation.pk), plan.kind, plan.initiator,
        _text(title["kk"]), _text(title["kk"]), _text(title["ru"]), _text(title["en"]),
        _text(summary["kk"]), _text(summary["kk"]), _text(summary["ru"]), _text(summary["en"]),
        plan.registered_on.isoformat(), "t" if plan.priority else "f", last.to_stage,
        moved[-1].date.isoformat(), _opt(lead), _opt(plan.law_serial),
        _opt(convocation.pk if plan.law_serial else None), LAW_SUFFIX if plan.law_serial else "",
        _opt(signed), _opt(in_force), "t", str(len(plan.steps)), _at(plan.registered_on),
        _at(touched, 10), _text(folded(number, title, summary)),
    )  # fmt: skip
    b = str(bill_id)
    for deputy in plan.initiators:
        rows.add("bills_bill_initiators", b, str(deputy))
    if referred:
        for committee in referred.committees[1:]:
            rows.add("bills_bill_co_committees", b, str(committee))
    for vote in votes:
        vote_row(rows, rng, b, vote)
    for sequence, step in enumerate(plan.steps, start=1):
        values = (step.action, step.date.isoformat(), step.body, step.from_stage, step.to_stage)
        event = str(rows.add("bills_billevent", b, str(sequence), *values, "", _at(step.date, 6)))
        for vote in step.votes:
            rows.add("bills_billevent_votes", event, str(vote.id))
        for committee in step.committees:
            rows.add("bills_billevent_committees", event, str(committee))
    documents(rows, rng, b, bill_uuid, plan)


def vote_row(rows: Rows, rng: random.Random, bill_id: str, vote: VotePlan) -> None:
    official = vote.official or (None,) * 4
    vote.id = rows.add(
        "bills_vote",
        _uuid(rng).hex, bill_id, vote.body, vote.date.isoformat(), vote.motion, vote.stage,
        vote.rule, vote.result, *map(_opt, official), "t" if vote.mismatch else "f", "1",
        _at(vote.date, 8), _at(vote.date, 8),
    )  # fmt: skip
    v = str(vote.id)
    ballots = rows.lines["bills_ballot"]
    for t in vote.tallies:
        rows.add(
            "bills_tally",
            v, str(t.members.chamber_id), str(t.seats), str(t.threshold), str(t.quorum),
            str(t.yes), str(t.no), str(t.abstain), str(t.absent), t.result,
        )  # fmt: skip
        members = t.members
        order = list(range(len(members)))
        rng.shuffle(order)
        absent, voting = order[: t.absent], order[t.absent :]
        if members.grouped:
            # Deputies vote with their faction: a random lean per faction orders the dissent.
            lean = {f: rng.random() for f in set(members.factions)}
            factions = members.factions
            voting.sort(key=lambda i: lean[factions[i]] + 0.4 * rng.random())
        options = (
            [(i, "yes") for i in voting[: t.yes]]
            + [(i, "no") for i in voting[t.yes : t.yes + t.no]]
            + [(i, "abstain") for i in voting[t.yes + t.no :]]
            + [(i, "absent") for i in absent]
        )
        first = rows.next["bills_ballot"]
        rows.next["bills_ballot"] = first + len(options)
        middle, tail = members.middle, members.tail
        ballots.extend(
            f"{first + k}\t{v}{middle[i]}{option}{tail[i]}" for k, (i, option) in enumerate(options)
        )


def documents(rows: Rows, rng: random.Random, bill_id: str, bill_uuid, plan: BillPlan) -> None:
    """A few documents' metadata: the bill and its explanatory note as registered, committee
    conclusions, the text adopted by the Majilis and the signed law."""
    made = []
    for step in plan.steps:
        if step.action == A.INTRODUCED:
            made += [("text", lang, step) for lang in ("kk", "ru")]
            if rng.random() < 0.6:
                made.append(("text", "en", step))
            if rng.random() < 0.5:
                made += [("note", lang, step) for lang in ("kk", "ru")]
        elif step.action == A.COMMITTEE_REPORT and rng.random() < 0.5:
            made += [("conclusion", lang, step) for lang in ("kk", "ru")]
        elif step.to_stage == S.SENATE and step.from_stage != S.SENATE:
            made += [("adopted", lang, step) for lang in ("kk", "ru")]
        elif step.action == A.SIGNED:
            made += [("signed", lang, step) for lang in ("kk", "ru", "en")]
    for n, (what, lang, step) in enumerate(made, start=1):
        rows.add(
            "bills_document",
            bill_id, lang, step.to_stage, _text(DOCUMENTS[what][lang]), "",
            f"https://demo.invalid/bills/{bill_uuid.hex}/{n:02d}-{what}-{lang}.pdf",
            step.date.isoformat(),
        )  # fmt: skip


# --- Loading ------------------------------------------------------------------------------------


class Loader:
    """Writes buffered lines: COPY on PostgreSQL, executemany on SQLite. Keeps the time and
    row count of each table, and on PostgreSQL a copy of the ballot lines for the plain-COPY
    comparison."""

    def __init__(self, spool=None):
        self.postgresql = connection.vendor == "postgresql"
        self.seconds = dict.fromkeys(TABLES, 0.0)
        self.count = dict.fromkeys(TABLES, 0)
        self.spool = spool

    def flush(self, rows: Rows) -> None:
        with connection.cursor() as cursor:
            for table in LOAD_ORDER:
                lines = rows.lines[table]
                if not lines:
                    continue
                started = time.monotonic()
                text = "".join(lines)
                columns = ", ".join(c for c, _ in TABLES[table])
                if self.postgresql:
                    cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", io.StringIO(text))
                    if table == "bills_ballot" and self.spool is not None:
                        self.spool.write(text)
                else:
                    marks = ", ".join("?" * len(TABLES[table]))
                    convert = _sqlite_row(TABLES[table])
                    cursor.executemany(
                        f"INSERT INTO {table} ({columns}) VALUES ({marks})",
                        [convert(line) for line in lines],
                    )
                self.seconds[table] += time.monotonic() - started
                self.count[table] += len(lines)
                lines.clear()


def _unescape(value: str) -> str:
    if "\\" not in value:
        return value
    out, chars = [], iter(value)
    for c in chars:
        if c == "\\":
            c = next(chars)
            c = {"t": "\t", "n": "\n"}.get(c, c)
        out.append(c)
    return "".join(out)


def _sqlite_row(columns) -> Callable[[str], tuple]:
    def convert(kind: str, value: str):
        if value == NULL:
            return None
        match kind:
            case "i":
                return int(value)
            case "b":
                return value == "t"
            case "t":
                return value.removesuffix("+00:00")
            case "s":
                return _unescape(value)
        return value

    kinds = [kind for _, kind in columns]
    return lambda line: tuple(
        convert(k, v) for k, v in zip(kinds, line.rstrip("\n").split("\t"), strict=True)
    )


def _next_ids() -> dict[str, int]:
    with connection.cursor() as cursor:
        ids = {}
        for table in TABLES:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")
            ids[table] = cursor.fetchone()[0]
    return ids


def _reset_sequences() -> None:
    if connection.vendor != "postgresql":
        return  # SQLite's AUTOINCREMENT follows the highest id given
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {table}"
            )


@dataclasses.dataclass
class Report:
    counts: dict[str, int]
    seconds: dict[str, float]
    total: float
    deputies: dict
    plain_copy: float | None = None
    search: float = 0.0
    faction_lines: float = 0.0
    rebuilt: tuple[str, ...] = ()

    def lines(self) -> Iterator[str]:
        for table in TABLES:
            n, s = self.counts[table], self.seconds[table]
            if not n:
                continue
            rate = n / s if s else 0
            line = f"{table.removeprefix('bills_')}: {n:,} rows in {s:.1f} s ({rate:,.0f} rows/s)"
            if table in self.rebuilt:
                line += " with its indexes and keys rebuilt"
            if table == "bills_ballot" and self.plain_copy is not None:
                plain_rate = n / self.plain_copy if self.plain_copy else 0
                line += (
                    f"; plain COPY of the same rows: {self.plain_copy:.1f} s "
                    f"({plain_rate:,.0f} rows/s)"
                )
            yield line
        yield f"search vectors: {self.search:.1f} s"
        yield f"faction lines (from the ballots, in SQL): {self.faction_lines:.1f} s"
        loading = sum(self.seconds.values())
        yield (
            f"total {self.total:.1f} s: loading {loading:.1f} s, generating and the rest "
            f"{self.total - loading:.1f} s"
        )


# Tables whose secondary indexes and foreign keys are dropped for the load and rebuilt after
# it (on PostgreSQL, in the same transaction): building an index once over the loaded rows and
# validating a foreign key in one join costs a fraction of maintaining them row by row.
REBUILT = [
    "bills_bill",  # its search indexes too: the vectors are written after the rows
    "bills_ballot",
    "bills_document",
    "bills_billevent",
    "bills_billevent_votes",
]


def _without_indexes(tables: list[str]) -> list[tuple[str, str]]:
    """Drop the secondary indexes and foreign keys of these tables; what to run to restore
    them, exactly as they were (same names and definitions), by table."""
    restore = []
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                """SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
                    WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname""",
                [table],
            )
            for name, definition in cursor.fetchall():
                cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
                restore.append((table, f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'))
            cursor.execute(
                """SELECT i.indexname, i.indexdef FROM pg_indexes i
                    WHERE i.tablename = %s AND NOT EXISTS (
                      SELECT 1 FROM pg_constraint c
                       WHERE c.conrelid = %s::regclass AND c.conname = i.indexname)
                    ORDER BY i.indexname""",
                [table, table],
            )
            for name, definition in cursor.fetchall():
                cursor.execute(f'DROP INDEX "{name}"')
                restore.append((table, definition))
    return restore


def _restore(restore: list[tuple[str, str]], seconds: dict[str, float]) -> None:
    if not restore:
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for table, statement in restore:
            started = time.monotonic()
            cursor.execute(statement)
            seconds[table] += time.monotonic() - started


def load_scale(
    name: str,
    *,
    seed: int,
    bills: int | None = None,
    plain_copy: bool = True,
    log: Callable[[str], None] = lambda line: None,
) -> Report:
    """Replace the demo data with the ``name`` scale (``bills`` overrides its number of
    bills, for tests). Deterministic for a seed on the same reference data."""
    started = time.monotonic()
    scale = SCALES[name]
    total_bills = scale.bills if bills is None else bills
    rng = random.Random(seed)
    convocations = list(
        Convocation.objects.filter(legislature=Convocation.PARLIAMENT).order_by("number")
    )
    if not convocations:
        raise LookupError("Reference data is missing: run `python manage.py migrate` first.")
    postgresql = connection.vendor == "postgresql"
    # Closed by _plain_copy once the comparison is made.
    spool = tempfile.TemporaryFile("w+", encoding="utf-8") if postgresql and plain_copy else None  # noqa: SIM115
    loader = Loader(spool)
    with transaction.atomic():
        if postgresql:
            # Foreign keys checked at the end of each COPY rather than queued to the commit.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        delete_demo()
        restore = _without_indexes(REBUILT) if postgresql else []
        deputies = compose_older(rng, [c for c in convocations if c.number < 8])
        last = convocations[-1]
        deputies = {
            k: deputies.get(k, 0) + v
            for k, v in seed_composition(rng=rng, convocation=last).items()
        }
        log(f"deputies: {deputies['deputies']:,}, mandates {deputies['mandates']:,}")
        roster = Roster()
        rows = Rows(_next_ids())
        first_ballot = rows.next["bills_ballot"]
        days = {c.pk: (min(c.ends_on, P.ERA_2023.ends) - c.starts_on).days for c in convocations}
        quota = _shares(total_bills, [days[c.pk] for c in convocations])
        for convocation, count in zip(convocations, quota, strict=True):
            _convocation(rng, scale, roster, convocation, count, rows, loader)
            log(
                f"convocation {convocation.roman}: {count:,} bills; "
                f"{rows.next['bills_ballot'] - first_ballot:,} ballots so far "
                f"({time.monotonic() - started:.0f} s)"
            )
        loader.flush(rows)
        _reset_sequences()
        search_started = time.monotonic()
        index_vectors(Bill.objects.filter(is_demo=True))
        search = time.monotonic() - search_started
        lines_started = time.monotonic()
        store_faction_lines(f"b.vote_id IN ({_DEMO_VOTES})", [])
        lines = time.monotonic() - lines_started
        _restore(restore, loader.seconds)
    if postgresql:
        # VACUUM also empties the GIN indexes' pending lists (the search vectors were written
        # after the load) and marks the pages all-visible for index-only scans; it cannot run
        # inside a transaction, where ANALYZE must do.
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        with connection.cursor() as cursor:
            for table in (*TABLES, "bills_factionline"):
                cursor.execute(f"{command} {table}")
    report = Report(
        counts=loader.count,
        seconds=loader.seconds,
        total=time.monotonic() - started,
        deputies=deputies,
        search=search,
        faction_lines=lines,
        rebuilt=tuple(REBUILT) if postgresql else (),
    )
    if spool is not None:
        report.plain_copy = _plain_copy(spool)
        spool.close()
    return report


def _shares(total: int, weights: list[int]) -> list[int]:
    """``total`` split in proportion to the weights, summing exactly to it."""
    whole = sum(weights)
    counts = [total * w // whole for w in weights]
    for i in sorted(range(len(weights)), key=lambda i: -weights[i])[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _convocation(rng, scale, roster, convocation, count, rows: Rows, loader: Loader) -> None:
    committees = dict(
        Committee.objects.filter(convocation=convocation, chamber__code=MAJILIS).values_list(
            "code", "pk"
        )
    )
    walker = Walker(rng, scale, roster, convocation, committees)
    plans = [walker.bill() for _ in range(count)]
    plans.sort(key=lambda p: p.registered_on)
    for plan in plans:
        walker.walk(plan)
        walker.amendments(plan)
    # Serials follow registration and law numbers the order of signature, both counting on
    # from any bills of the convocation already in the database.
    existing = Bill.objects.filter(convocation=convocation).aggregate(last=Max("serial"))
    laws = Bill.objects.filter(law_convocation=convocation).aggregate(last=Max("law_serial"))
    first_serial = (existing["last"] or 0) + 1
    signatures = sorted(
        (step.date, n) for n, p in enumerate(plans) for step in p.steps if step.action == A.SIGNED
    )
    for number, (_, n) in enumerate(signatures, start=(laws["last"] or 0) + 1):
        plans[n].law_serial = number
    for n, plan in enumerate(plans):
        emit(rows, rng, plan, convocation, first_serial + n)
        if len(rows.lines["bills_ballot"]) >= 400_000:
            loader.flush(rows)
        plans[n] = None  # the rows are written; the plan can go


def _plain_copy(spool) -> float:
    """Seconds to COPY the same ballot lines into a scratch table with the columns of the
    ballots but no index, constraint or foreign key: the cost of the bare load."""
    spool.seek(0)
    columns = ", ".join(c for c, _ in TABLES["bills_ballot"])
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("CREATE TABLE scale_plain_ballot (LIKE bills_ballot)")
        started = time.monotonic()
        cursor.copy_expert(f"COPY scale_plain_ballot ({columns}) FROM STDIN", spool)
        seconds = time.monotonic() - started
        cursor.execute("DROP TABLE scale_plain_ballot")
    return seconds
