"""Named read queries for the public bill pages and feeds.

Each function loads what its page shows in a fixed number of queries, whatever the number of
bills, events, votes or ballots: the loading plan sits next to the query, and the tests in
tests/web pin the counts.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.shortcuts import get_object_or_404

from chambers.models import Chamber, Committee, Convocation
from deputies.models import Deputy

from . import procedure as P
from . import sql
from .models import (
    PRESENT,
    Ballot,
    Bill,
    BillEvent,
    Document,
    FactionLine,
    Option,
    Tally,
    Vote,
)

LANGS = ("kk", "ru", "en")
OPTIONS = tuple(Option.values)  # yes, no, abstain, absent


def translated(*names: str) -> list[str]:
    """The kk/ru/en columns of translated fields, e.g. title -> title_kk, title_ru, title_en."""
    return [f"{name}_{lang}" for name in names for lang in LANGS]


def _related(prefix: str, names) -> list[str]:
    return [f"{prefix}__{name}" for name in names]


# What a committee link needs: its name and the parts of its public id.
COMMITTEE_FIELDS = ["id", "code", *translated("name"), "chamber__code", "convocation__number"]
COMMITTEES = Committee.objects.select_related("chamber", "convocation").only(*COMMITTEE_FIELDS)
DEPUTY_FIELDS = ["id", "uuid", *translated("last_name", "first_name", "patronymic")]
DEPUTIES = Deputy.objects.only(*DEPUTY_FIELDS)


# --- Bills list ---------------------------------------------------------------------------------

LIST_FIELDS = [
    "id",
    "uuid",
    "number",
    "kind",
    "stage",
    "registered_on",
    "updated_at",
    *translated("title"),
    *_related("lead_committee", COMMITTEE_FIELDS),
]


def bill_rows():
    """Bills with what a row of the list shows: one query per page (plus one to count)."""
    return Bill.objects.select_related(
        "lead_committee__chamber", "lead_committee__convocation"
    ).only(*LIST_FIELDS)


def lead_committees():
    """Committees that lead at least one bill, for the list's committee filter."""
    return COMMITTEES.filter(pk__in=Bill.objects.values("lead_committee")).order_by(
        "-convocation__number", "chamber__position", "name"
    )


def parliament_convocations():
    return Convocation.objects.filter(legislature=Convocation.PARLIAMENT).order_by("-number")


# --- Bill page ----------------------------------------------------------------------------------

EVENTS = BillEvent.objects.only(
    "id", "bill_id", "sequence", "action", "date", "body", "from_stage", "to_stage", "note"
).prefetch_related(Prefetch("committees", COMMITTEES))
DOCUMENTS = Document.objects.only(
    "id", "bill_id", "language", "stage", "title", "file", "url", "date"
)
TALLIES = Tally.objects.select_related("chamber").only(
    "id",
    "vote_id",
    "seats",
    "threshold",
    "quorum",
    "yes",
    "no",
    "abstain",
    "absent",
    "result",
    "chamber__code",
    "chamber__position",
    *_related("chamber", translated("name")),
)
VOTE_FIELDS = [
    "id",
    "uuid",
    "bill_id",
    "body",
    "date",
    "motion",
    "stage",
    "rule",
    "result",
    *(f"official_{option}" for option in OPTIONS),
    "totals_mismatch",
]
_EVENT_OF_VOTE = BillEvent.votes.through.objects.filter(vote_id=OuterRef("pk")).values(
    "billevent_id"
)[:1]


def bill_page(uuid) -> Bill:
    """A bill with everything its page shows, in seven queries: the bill (with its convocation,
    law convocation and lead committee), initiators, co-executing committees, events, the
    events' committees, documents, and votes with, per vote, the event it backs (a subquery)
    and then its tallies — eight with the tallies. 404 for an unknown id."""
    votes = (
        Vote.objects.only(*VOTE_FIELDS)
        .annotate(event_pk=Subquery(_EVENT_OF_VOTE))
        .prefetch_related(Prefetch("tallies", TALLIES))
        .order_by("date", "id")
    )
    queryset = Bill.objects.defer(
        "search_kk", "search_ru", "search_en", "search_text"
    ).select_related(
        "convocation",
        "law_convocation",
        "lead_committee__chamber",
        "lead_committee__convocation",
    )
    return get_object_or_404(
        queryset.prefetch_related(
            Prefetch("initiators", DEPUTIES.order_by("last_name", "first_name")),
            Prefetch("co_committees", COMMITTEES.order_by("name")),
            Prefetch("events", EVENTS.order_by("sequence")),
            Prefetch("documents", DOCUMENTS.order_by("date", "language")),
            Prefetch("votes", votes),
        ),
        uuid=uuid,
    )


@dataclass
class FactionRow:
    """One faction's ballots in one vote (and chamber): counts per option."""

    chamber_position: int
    chamber: SimpleNamespace  # name_kk, name_ru, name_en
    faction_id: int | None
    names: dict[str, str]  # name_kk, name_ru, name_en
    seats_won: int | None
    counts: Counter = field(default_factory=Counter)

    def __getattr__(self, name):  # name_kk etc., for {% text row "name" %}
        try:
            return self.__dict__["names"][name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def cells(self) -> list[int]:
        return [self.counts[o] for o in OPTIONS]

    @property
    def segments(self) -> list[tuple[str, float, float]]:
        """(option, x, width) in percent of the faction, for a stacked bar."""
        x, parts = 0.0, []
        for option in OPTIONS:
            width = 100 * self.counts[option] / self.total if self.total else 0
            if width:
                parts.append((option, round(x, 3), round(width, 3)))
            x += width
        return parts


def _faction_sort_key(row: FactionRow):
    return (row.chamber_position, row.faction_id is None, -(row.seats_won or 0), row.name_kk)


def faction_counts(votes) -> dict[int, list[FactionRow]]:
    """Ballots counted per vote, chamber, faction and option: one query for all the votes."""
    name_columns = _related("faction", translated("name"))
    chamber_columns = _related("chamber", translated("name"))
    rows = (
        Ballot.objects.filter(vote__in=[v.pk for v in votes])
        .values(
            "vote_id",
            "chamber__position",
            *chamber_columns,
            "faction_id",
            "faction__seats_won",
            *name_columns,
            "option",
        )
        .annotate(n=Count("id"))
        .order_by()
    )
    grouped: dict[int, dict[tuple, FactionRow]] = defaultdict(dict)
    for row in rows:
        key = (row["chamber__position"], row["faction_id"])
        faction = grouped[row["vote_id"]].get(key)
        if faction is None:
            faction = grouped[row["vote_id"]][key] = FactionRow(
                chamber_position=row["chamber__position"],
                chamber=SimpleNamespace(
                    **{c.removeprefix("chamber__"): row[c] for c in chamber_columns}
                ),
                faction_id=row["faction_id"],
                names={c.removeprefix("faction__"): row[c] or "" for c in name_columns},
                seats_won=row["faction__seats_won"],
            )
        faction.counts[row["option"]] += row["n"]
    return {
        vote: sorted(factions.values(), key=_faction_sort_key) for vote, factions in grouped.items()
    }


# --- Vote page ----------------------------------------------------------------------------------

BALLOT_FIELDS = [
    "id",
    "vote_id",
    "option",
    "chamber__code",
    "chamber__position",
    *_related("chamber", translated("name")),
    *_related("deputy", DEPUTY_FIELDS),
    "faction__id",
    "faction__seats_won",
    *_related("faction", translated("name")),
]


def vote_page(uuid) -> Vote:
    """A vote with its bill, its tallies, the events it backs and every ballot with the deputy,
    the chamber and the faction: four queries. 404 for an unknown id."""
    queryset = (
        Vote.objects.select_related("bill")
        .only(*VOTE_FIELDS, "bill__uuid", "bill__number", *_related("bill", translated("title")))
        .prefetch_related(
            Prefetch("tallies", TALLIES),
            Prefetch(
                "events", BillEvent.objects.only("id", "sequence", "action", "date").order_by("id")
            ),
            Prefetch(
                "ballots",
                Ballot.objects.select_related("deputy", "chamber", "faction").only(*BALLOT_FIELDS),
            ),
        )
    )
    return get_object_or_404(queryset, uuid=uuid)


@dataclass
class FactionGroup:
    """A faction's ballots in a vote, for the ballots table and the list of dissenters."""

    chamber: Chamber
    faction: object | None  # deputies.Faction, or None for deputies in no faction
    ballots: list = field(default_factory=list)

    @property
    def counts(self) -> Counter:
        return Counter(b.option for b in self.ballots)

    @property
    def cells(self) -> list[int]:
        counts = self.counts
        return [counts[o] for o in OPTIONS]

    @property
    def line(self) -> str | None:
        """The option more than half of the faction's present members chose, as the roll call
        stored it (bills.models.FactionLine); None where no option had such a majority (or no
        one was present), and for deputies outside any faction."""
        if self.faction is None:
            return None
        return FactionLine.majority(Counter(b.option for b in self.ballots if b.option in PRESENT))

    @property
    def dissenters(self) -> list:
        line = self.line
        if line is None:
            return []
        return [b for b in self.ballots if b.option in PRESENT and b.option != line]


def faction_groups(ballots) -> list[FactionGroup]:
    """Ballots by chamber, then faction (largest first, no faction last), then deputy name."""
    groups: dict[tuple, FactionGroup] = {}
    for ballot in ballots:
        key = (ballot.chamber.pk, ballot.faction_id)
        if key not in groups:
            groups[key] = FactionGroup(chamber=ballot.chamber, faction=ballot.faction)
        groups[key].ballots.append(ballot)
    for group in groups.values():
        group.ballots.sort(key=lambda b: str(b.deputy))
    return sorted(
        groups.values(),
        key=lambda g: (
            g.chamber.position,
            g.faction is None,
            -((g.faction.seats_won or 0) if g.faction else 0),
            str(g.faction or ""),
        ),
    )


# --- Feeds --------------------------------------------------------------------------------------

FEED_SIZE = 50


def feed_events(**filters):
    """The newest bill events with their bill's number and titles: one query."""
    return (
        BillEvent.objects.filter(**filters)
        .select_related("bill")
        .only(
            "id",
            "sequence",
            "action",
            "date",
            "body",
            "to_stage",
            "note",
            "bill__uuid",
            "bill__number",
            *_related("bill", translated("title")),
        )
        .order_by("-date", "-id")[:FEED_SIZE]
    )


def within_terms(ballots, terms):
    """A deputy's ballots, limited to the votes of the days of their mandates' terms
    ((start, end) pairs; end None while serving), where all of them lie: the newest-first
    record then reads the votes of those days, not every vote held since."""
    if not terms:
        return ballots.none()
    ballots = ballots.filter(vote__date__gte=min(start for start, _end in terms))
    if all(end for _start, end in terms):
        ballots = ballots.filter(vote__date__lte=max(end for _start, end in terms))
    return ballots


def overdue_bills(at: datetime.date, *columns: str):
    """(row, state, deadline) for each pending bill past a statutory deadline on `at`, in no
    order; a row holds the values of `columns`, SQL expressions over the bill `b` such as
    "b.number", as the driver gives them (see bills.sql). Only the bills a clock may run for
    are read (most pending bills sit in stages without one), each with the events of its
    history that the procedure's clocks read (procedure.clock_history): one query, with index
    probes only for the bills that need an event, whatever the length of the histories. The
    state holds just those events: it is for deadline() only."""
    clocked, first_read, last_read = (
        sorted(stage.value for stage in stages)
        for stages in (P.CLOCKED_STAGES, P.PRIORITY_CLOCKED_STAGES, P.LAST_ACTION_STAGES)
    )
    priority = f"b.priority AND b.stage IN ({sql.placeholders(first_read)})"
    president = f"b.stage IN ({sql.placeholders(last_read)})"
    last = "FROM bills_billevent e WHERE e.bill_id = b.id ORDER BY e.sequence DESC LIMIT 1"
    select = [
        "b.kind",
        "b.stage",
        "b.stage_since",
        "b.priority",
        f"""CASE WHEN {priority} THEN (SELECT e.date FROM bills_billevent e
            WHERE e.bill_id = b.id AND e.action = %s ORDER BY e.sequence LIMIT 1) END""",
        f"CASE WHEN {president} THEN (SELECT e.action {last}) END",
        f"CASE WHEN {president} THEN (SELECT e.date {last}) END",
        *columns,
    ]
    rows = sql.rows(
        f"SELECT {', '.join(select)} FROM bills_bill b "
        f"WHERE b.stage IN ({sql.placeholders(clocked)}) OR {priority}",
        [
            *first_read, P.Action.INTRODUCED.value,
            *last_read, *last_read,
            *clocked, *first_read,
        ],
    )  # fmt: skip
    # Dictionaries are quicker than calling the enums, e.g. P.Action(value).
    action_of, kind_of, stage_of = (
        {member.value: member for member in enum} for enum in (P.Action, P.Kind, P.Stage)
    )
    for kind, stage, since, priority, introduced_on, last_action, last_on, *row in rows:
        history = ((P.Action.INTRODUCED, sql.date(introduced_on)),) if introduced_on else ()
        if last_action:
            history += ((action_of[last_action], sql.date(last_on)),)
        state = P.BillState(  # as services.bill_state builds it, with procedure.clock_history
            kind=kind_of[kind],
            stage=stage_of[stage],
            history=history,
            stage_since=since,
            priority=priority,
        )
        deadline = P.deadline(state, at)
        if deadline and deadline.overdue:
            yield row, state, deadline
