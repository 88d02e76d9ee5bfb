"""The bills API: reads for everyone, writes for clerks through the services.

Reads load `.values()` rows in a fixed number of queries per page, whatever the number of
rows, actions, votes or ballots: the loading plan of each list sits in its `represent`, and
tests/api/test_read.py pins the counts.
"""

import datetime
import uuid
from collections import defaultdict
from pathlib import Path

from django.db import connection
from django.db.models import Count
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    OpenApiTypes,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from chambers.models import ROMAN, Committee, Convocation
from deputies.models import Deputy, Faction, Mandate
from deputies.serializers import deputy_columns, faction_columns, faction_ref
from parlament.api import (
    ErrorOut,
    PublicList,
    PublicRead,
    check_query,
    ids,
    plain_columns,
    text_columns,
)
from parlament.refs import REFERENCES

from . import services, sql
from .filters import (
    ActionFilter,
    BallotFilter,
    BillFilter,
    DownloadFilter,
    ReportFilter,
    VoteFilter,
)
from .models import Ballot, Bill, BillEvent, Document, Option, Report, Tally, Vote
from .queries import within_terms
from .serializers import (
    BILL_COLUMNS,
    VOTE_COLUMNS,
    VOTE_REF_COLUMNS,
    ActionInput,
    ActionOut,
    BallotOut,
    BillCreateInput,
    BillDetailOut,
    BillOut,
    DownloadOut,
    ReportDetailOut,
    ReportOut,
    ReportQueuedOut,
    ReportRequestInput,
    VoteCreateInput,
    VoteOut,
)
from .services import DomainError

ERRORS = {
    400: OpenApiResponse(ErrorOut, description=gettext_lazy("A bad parameter, named.")),
    404: OpenApiResponse(ErrorOut, description=gettext_lazy("No such object.")),
}
WRITE_ERRORS = {
    400: OpenApiResponse(ErrorOut, description=gettext_lazy("Malformed input, field named.")),
    401: OpenApiResponse(ErrorOut, description=gettext_lazy("No token.")),
    403: OpenApiResponse(ErrorOut, description=gettext_lazy("Not a clerk of that chamber.")),
    404: OpenApiResponse(ErrorOut, description=gettext_lazy("An id that does not exist.")),
    409: OpenApiResponse(
        ErrorOut, description=gettext_lazy("Not allowed by the procedure or out of date.")
    ),
}


def include_parameter(*names: str) -> OpenApiParameter:
    return OpenApiParameter(
        "include",
        {"type": "array", "items": {"type": "string", "enum": list(names)}},
        style="form",
        explode=False,
        description=gettext_lazy("Related data to add to each item, in the same request: %s.")
        % ", ".join(names),
    )


def _by(rows, key: str) -> dict[int, list[dict]]:
    groups = defaultdict(list)
    for row in rows:
        groups[row[key]].append(row)
    return groups


# --- Loading plans ------------------------------------------------------------------------------

EVENT_COLUMNS = [
    "id",
    "bill_id",
    "sequence",
    "action",
    "date",
    "body",
    "from_stage",
    "to_stage",
    "note",
]
DOCUMENT_COLUMNS = ["bill_id", "language", "stage", "title", "file", "url", "date"]
TALLY_COLUMNS = ["vote_id", "chamber__code", "seats", "threshold", "quorum", *Option.values]
BALLOT_COLUMNS = ["vote_id", "option", "chamber__code", "faction_id", *deputy_columns("deputy__")]
BY_NAME = ("deputy__last_name", "deputy__first_name", "deputy_id")


def bill_links(pks: list[int]) -> tuple[dict, dict]:
    """The ids of the initiators and of the co-executing committees of these bills, by bill:
    one query over the two link tables."""
    if not pks:
        return {}, {}
    quote = connection.ops.quote_name
    initiators = Bill.initiators.through._meta.db_table
    committees = Bill.co_committees.through._meta.db_table
    of_bills, params = sql.among("bill_id", pks)
    query = (
        f"SELECT bill_id, deputy_id, 0 FROM {quote(initiators)} WHERE {of_bills} "
        f"UNION ALL "
        f"SELECT bill_id, committee_id, 1 FROM {quote(committees)} WHERE {of_bills}"
    )
    found = ({}, {})
    for bill, other, table in sql.rows(query, [*params, *params]):
        found[table].setdefault(bill, []).append(other)
    return found


def bill_rows(queryset):
    """Bills as `.values()` rows of BILL_COLUMNS: one query."""
    return queryset.values(*BILL_COLUMNS)


def _committee_order(pk: int):
    return (REFERENCES.committee(pk)["name"]["kk"], pk)


def with_bill_related(bills: list[dict], include=frozenset()) -> list[dict]:
    """Bills (rows of bill_rows) with their initiators (by name) and co-executing committees:
    two queries. Each of `actions` (3), `votes` (4) and `documents` (1) adds its queries,
    whatever the number of bills."""
    pks = [b["id"] for b in bills]
    initiators, co_committees = bill_links(pks)
    for bill in bills:
        people = sorted(initiators.get(bill["id"], ()), key=REFERENCES.deputy_order)
        bill["initiators"] = [REFERENCES.deputy(pk) for pk in people]
        committees = sorted(co_committees.get(bill["id"], ()), key=_committee_order)
        bill["co_committees"] = [REFERENCES.committee(pk) for pk in committees]
    if "actions" in include:
        events = _by(events_with_refs(events_of(pks)), "bill_id")
        for bill in bills:
            bill["events"] = events.get(bill["id"], [])
    if "votes" in include:
        votes = _by(
            votes_with_counts(
                list(
                    Vote.objects.filter(bill__in=pks).order_by("-date", "-pk").values(*VOTE_COLUMNS)
                )
            ),
            "bill_id",
        )
        for bill in bills:
            bill["votes"] = votes.get(bill["id"], [])
    if "documents" in include:
        documents = _by(
            Document.objects.filter(bill__in=pks)
            .order_by("date", "language", "pk")
            .values(*DOCUMENT_COLUMNS),
            "bill_id",
        )
        for bill in bills:
            bill["documents"] = documents.get(bill["id"], [])
    return bills


def events_of(pks: list[int]) -> list[dict]:
    """The events of these bills as rows of EVENT_COLUMNS, by bill and sequence: the same as
    `.values()` gives, without building an ORM query on every request."""
    if not pks:
        return []
    quote = connection.ops.quote_name
    meta = BillEvent._meta
    columns = ", ".join(quote(meta.get_field(name).column) for name in EVENT_COLUMNS)
    of_bills, params = sql.among(quote("bill_id"), pks)
    query = (
        f"SELECT {columns} FROM {quote(meta.db_table)} WHERE {of_bills} ORDER BY bill_id, sequence"
    )
    rows = [dict(zip(EVENT_COLUMNS, row, strict=True)) for row in sql.rows(query, params)]
    if rows and isinstance(rows[0]["date"], str):  # SQLite
        for row in rows:
            row["date"] = datetime.date.fromisoformat(row["date"])
    return rows


def events_with_refs(events: list[dict]) -> list[dict]:
    """Events (`.values()` rows of EVENT_COLUMNS) with the public ids of their committees and
    votes: one query over the two link tables. A vote is read by its key for each link: a
    join let the planner hash all votes when it expected more links than come."""
    pks = [e["id"] for e in events]
    committees, votes = {}, {}
    if pks:
        quote = connection.ops.quote_name
        of_events, params = sql.among("l.billevent_id", pks)
        vote_table = quote(Vote._meta.db_table)
        query = (
            f"SELECT l.billevent_id, l.committee_id, NULL, NULL, 0 "
            f"FROM {quote(BillEvent.committees.through._meta.db_table)} l "
            f"WHERE {of_events} "
            f"UNION ALL "
            f"SELECT l.billevent_id, l.vote_id, "
            f"(SELECT v.uuid FROM {vote_table} v WHERE v.id = l.vote_id), "
            f"(SELECT v.date FROM {vote_table} v WHERE v.id = l.vote_id), 1 "
            f"FROM {quote(BillEvent.votes.through._meta.db_table)} l "
            f"WHERE {of_events}"
        )
        for event, pk, vote, on, table in sql.rows(query, [*params, *params]):
            if table:
                vote = vote if isinstance(vote, uuid.UUID) else uuid.UUID(vote)
                votes.setdefault(event, []).append((str(on), pk, vote))
            else:
                committees.setdefault(event, []).append(pk)
    for event in events:
        linked = sorted(committees.get(event["id"], ()), key=REFERENCES.committee_order)
        event["committees"] = [REFERENCES.committee(pk)["id"] for pk in linked]
        event["votes"] = [v for _on, _pk, v in sorted(votes.get(event["id"], ()), reverse=True)]
    return events


def faction_refs(pks) -> dict[int, dict]:
    """Factions by database id, as references (with their seats won, for ordering)."""
    return {
        row["id"]: {"ref": faction_ref(row), "seats_won": row["seats_won"] or 0}
        for row in Faction.objects.rewrite(False)
        .filter(pk__in=pks)
        .values("id", "seats_won", *faction_columns())
    }


def votes_with_counts(votes: list[dict], *, ballots: bool = False) -> list[dict]:
    """Votes (`.values()` rows of VOTE_COLUMNS) with their tallies and the ballots counted
    per chamber and faction: three queries; with `ballots`, every ballot: one more."""
    pks = [v["id"] for v in votes]
    tallies = _by(
        Tally.objects.filter(vote__in=pks)
        .order_by("vote", "chamber__position")
        .values(*TALLY_COLUMNS, "result"),
        "vote_id",
    )
    counts = list(
        Ballot.objects.filter(vote__in=pks)
        .values("vote_id", "chamber__code", "chamber__position", "faction_id", "option")
        .annotate(n=Count("id"))
        .order_by()
    )
    rows = []
    if ballots:
        rows = list(Ballot.objects.filter(vote__in=pks).order_by(*BY_NAME).values(*BALLOT_COLUMNS))
    factions = faction_refs({c["faction_id"] for c in counts} - {None})
    groups: dict[int, dict[tuple, dict]] = defaultdict(dict)
    for count in counts:
        key = (count["chamber__position"], count["faction_id"])
        group = groups[count["vote_id"]].get(key)
        if group is None:
            faction = factions.get(count["faction_id"])
            group = groups[count["vote_id"]][key] = {
                "chamber": count["chamber__code"],
                "faction": faction["ref"] if faction else None,
                **dict.fromkeys(Option.values, 0),
                "_order": (
                    count["chamber__position"],
                    faction is None,
                    -(faction["seats_won"] if faction else 0),
                    faction["ref"]["id"] if faction else "",
                ),
            }
        group[count["option"]] += count["n"]
    by_vote = _by(rows, "vote_id")
    for vote in votes:
        vote["tallies"] = [
            {**t, "chamber": t["chamber__code"]} for t in tallies.get(vote["id"], [])
        ]
        ordered = sorted(groups.get(vote["id"], {}).values(), key=lambda g: g["_order"])
        vote["factions"] = [{k: v for k, v in g.items() if k != "_order"} for g in ordered]
        if ballots:
            vote["ballots"] = [
                {**b, "faction": (factions.get(b["faction_id"]) or {}).get("ref")}
                for b in by_vote.get(vote["id"], [])
            ]
    return votes


def bill_detail_row(**lookup) -> dict:
    """A bill with its actions, votes, documents and status: twelve queries. 404 if none."""
    rows = list(bill_rows(Bill.objects.rewrite(False).filter(**lookup)))
    if not rows:
        raise exceptions.NotFound()
    bill = with_bill_related(rows, {"actions", "votes", "documents"})[0]
    state = Bill(
        kind=bill["kind"],
        stage=bill["stage"],
        stage_since=bill["stage_since"],
        priority=bill["priority"],
    )
    events = [
        BillEvent(sequence=e["sequence"], action=e["action"], date=e["date"])
        for e in bill["events"]
    ]
    bill["status"] = services.bill_status(state, timezone.localdate(), events=events)
    return bill


def bill_detail(request, bill_pk: int, *, status_code=status.HTTP_200_OK) -> Response:
    bill = bill_detail_row(pk=bill_pk)
    return Response(BillDetailOut(bill, context={"request": request}).data, status=status_code)


def vote_row(**lookup) -> dict:
    rows = list(Vote.objects.filter(**lookup).values(*VOTE_COLUMNS))
    if not rows:
        raise exceptions.NotFound()
    return rows[0]


# --- Bills --------------------------------------------------------------------------------------


def _pks(model, uuids, field: str, code: str) -> list[int]:
    """Database ids for public ids, in the order given; unknown ones are a 400."""
    found = dict(model.objects.filter(uuid__in=uuids).values_list("uuid", "pk"))
    missing = [str(u) for u in uuids if u not in found]
    if missing:
        raise DomainError(
            code,
            _("Unknown %(field)s: %(ids)s.") % {"field": field, "ids": ", ".join(missing)},
            field=field,
        )
    return [found[u] for u in uuids]


BILL_CSV = [
    *plain_columns("id", "ocd_id", "number", "convocation", "kind", "initiator_type"),
    ("initiators", lambda b: ids(b["initiators"])),
    *text_columns("title", lambda b: b["title"]),
    *text_columns("summary", lambda b: b["summary"]),
    *plain_columns("registered_on", "priority", "stage", "stage_since"),
    ("lead_committee", lambda b: (b["lead_committee"] or {}).get("id")),
    ("co_committees", lambda b: ids(b["co_committees"])),
    ("law_number", lambda b: (b["law_number"] or {}).get("text")),
    *plain_columns("signed_on", "in_force_on", "updated_at", "version"),
]


@extend_schema_view(
    get=extend_schema(
        summary=gettext_lazy("Bills"),
        description=gettext_lazy(
            "Bills with their initiators and committees. `include=actions,votes,documents` "
            "adds those to each bill in the same request. `Last-Modified` is the latest "
            "`updated_at` of any bill, or the latest deletion of one if later."
        ),
        parameters=[include_parameter("actions", "votes", "documents")],
        responses={
            (200, "application/json"): BillOut(many=True),
            (200, "text/csv"): OpenApiTypes.STR,
            **ERRORS,
        },
    ),
    post=extend_schema(
        summary=gettext_lazy("Register a bill (Majilis clerks)"),
        request=BillCreateInput,
        responses={201: BillDetailOut, **WRITE_ERRORS},
    ),
)
class BillList(PublicList, generics.ListCreateAPIView):
    """Bills; clerks of the Majilis register new ones (stage `registered`)."""

    serializer_class = BillOut
    filterset_class = BillFilter
    includes = ("actions", "votes", "documents")
    csv_columns = BILL_CSV

    def get_queryset(self):
        return Bill.objects.rewrite(False).order_by("-registered_on", "-pk")

    changed_at = (Bill, "updated_at")

    def rows(self, queryset):
        return bill_rows(queryset)

    def represent(self, rows, include):
        loaded = with_bill_related(rows, include)
        return BillOut(loaded, many=True, context={"request": self.request}).data

    def create(self, request, *args, **kwargs):
        data = BillCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        convocation = None
        if "convocation" in values:
            convocation = get_object_or_404(
                Convocation,
                legislature=Convocation.PARLIAMENT,
                number=ROMAN.index(values["convocation"]) + 1
                if values["convocation"] in ROMAN
                else 0,
            )
        bill = services.bill_create(
            kind=values["kind"],
            initiator_type=values["initiator_type"],
            initiators=_pks(Deputy, values["initiators"], "initiators", "unknown_deputy"),
            title=values["title"],
            summary=values.get("summary"),
            registered_on=values["registered_on"],
            convocation=convocation,
            priority=values["priority"],
            user=request.user,
        )
        return bill_detail(request, bill.pk, status_code=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(
        summary=gettext_lazy("A bill"),
        description=gettext_lazy(
            "A bill with its actions, votes (newest first), documents, and where it stands "
            "today (`status`)."
        ),
        responses={200: BillDetailOut, **ERRORS},
    )
)
class BillDetail(PublicRead, generics.RetrieveAPIView):
    serializer_class = BillDetailOut
    queryset = Bill.objects.all()

    def retrieve(self, request, *args, **kwargs):
        self.read_parameters(request)
        bill = bill_detail_row(uuid=kwargs["id"])
        self._last_modified = bill["updated_at"]
        return Response(BillDetailOut(bill, context={"request": request}).data)


ACTION_CSV = [
    ("bill", lambda e: e["bill"]),
    *plain_columns("sequence", "action", "date", "chamber", "from_stage", "to_stage"),
    ("committees", lambda e: ";".join(e["committees"])),
    ("votes", lambda e: ";".join(map(str, e["votes"]))),
    *plain_columns("note"),
]


@extend_schema_view(
    get=extend_schema(
        summary=gettext_lazy("A bill's actions"),
        description=gettext_lazy(
            "The bill's actions in order (DOMAIN.md A6). `Last-Modified` is the bill's "
            "`updated_at`."
        ),
        responses={
            (200, "application/json"): ActionOut(many=True),
            (200, "text/csv"): OpenApiTypes.STR,
            **ERRORS,
        },
    ),
    post=extend_schema(
        summary=gettext_lazy("Record the bill's next action (clerks)"),
        request=ActionInput,
        responses={201: BillDetailOut, **WRITE_ERRORS},
    ),
)
class BillActions(PublicList, generics.ListCreateAPIView):
    """A bill's events in order; clerks append the next one (DOMAIN.md A6)."""

    serializer_class = ActionOut
    filterset_class = ActionFilter
    csv_columns = ACTION_CSV

    def get_bill(self):
        return get_object_or_404(Bill, uuid=self.kwargs["id"])

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return BillEvent.objects.none()
        self.bill = (
            Bill.objects.filter(uuid=self.kwargs["id"]).values("pk", "uuid", "updated_at").first()
        )
        if self.bill is None:
            raise exceptions.NotFound()
        return BillEvent.objects.filter(bill=self.bill["pk"]).order_by("sequence")

    def last_modified(self):
        return self.bill["updated_at"]

    def rows(self, queryset):
        return queryset.values(*EVENT_COLUMNS)

    def represent(self, rows, include):
        out = ActionOut(events_with_refs(rows), many=True).data
        if self.request.accepted_renderer.format == "csv":
            for event in out:
                event["bill"] = self.bill["uuid"]
        return out

    def create(self, request, *args, **kwargs):
        bill = self.get_bill()
        data = ActionInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        committees = list(
            Committee.objects.by_public_ids(values["committees"]).select_related(
                "chamber", "convocation"
            )
        )
        by_id = {c.public_id: c.pk for c in committees}
        unknown = [c for c in values["committees"] if c not in by_id]
        if unknown:
            raise DomainError(
                "unknown_committee",
                _("Unknown committees: %(ids)s.") % {"ids": ", ".join(unknown)},
                field="committees",
            )
        law = values.get("law_number") or {}
        services.bill_apply_action(
            bill=bill,
            action=values["action"],
            date=values["date"],
            votes=_pks(Vote, values["votes"], "votes", "vote_not_found"),
            committees=[by_id[c] for c in values["committees"]],
            note=values["note"],
            variant=values["variant"],
            law_serial=law.get("serial"),
            law_suffix=law.get("suffix", ""),
            expected_version=values.get("version"),
            user=request.user,
        )
        return bill_detail(request, bill.pk, status_code=status.HTTP_201_CREATED)


# --- Votes --------------------------------------------------------------------------------------


def _tally(vote: dict, chamber: str, key: str):
    for tally in vote["tallies"]:
        if tally["chamber"] == chamber:
            return tally[key]
    return None


VOTE_CSV = [
    *plain_columns("id", "ocd_id"),
    ("bill", lambda v: v["bill"]["id"]),
    ("bill_number", lambda v: v["bill"]["number"]),
    *plain_columns("chamber", "date", "motion", "stage", "rule", "result"),
    *[
        (f"{chamber}_{key}", lambda v, c=chamber, k=key: _tally(v, c, k))
        for chamber in ("majilis", "senate")
        for key in ("threshold", "yes", "no", "abstain", "absent", "result")
    ],
    *[
        (f"official_{option}", lambda v, o=option: v["official_totals"][o])
        for option in Option.values
    ],
    *plain_columns("totals_mismatch", "updated_at"),
]


@extend_schema_view(
    get=extend_schema(
        summary=gettext_lazy("Votes"),
        description=gettext_lazy(
            "Roll-call votes with the rule they were held to, the threshold, the result and "
            "the ballots counted per chamber (`tallies`) and per faction (`factions`). "
            "`include=ballots` adds every ballot. `Last-Modified` is the latest `updated_at` "
            "of any vote, or the latest deletion of one if later. CSV: one row per vote, with "
            "per-chamber counts."
        ),
        parameters=[include_parameter("ballots")],
        responses={
            (200, "application/json"): VoteOut(many=True),
            (200, "text/csv"): OpenApiTypes.STR,
            **ERRORS,
        },
    ),
    post=extend_schema(
        summary=gettext_lazy("Record a vote with its ballots (clerks)"),
        request=VoteCreateInput,
        responses={201: VoteOut, 200: VoteOut, **WRITE_ERRORS},
    ),
)
class VoteList(PublicList, generics.ListCreateAPIView):
    """Roll-call votes; clerks (or the e-voting system) record new ones with their ballots.
    Re-sending a vote already recorded (same chamber, date, bill and motion) returns it."""

    serializer_class = VoteOut
    filterset_class = VoteFilter
    includes = ("ballots",)
    csv_columns = VOTE_CSV
    queryset = Vote.objects.order_by("-date", "-pk")

    changed_at = (Vote, "updated_at")

    def rows(self, queryset):
        return queryset.values(*VOTE_COLUMNS)

    def represent(self, rows, include):
        return VoteOut(votes_with_counts(rows, ballots="ballots" in include), many=True).data

    def create(self, request, *args, **kwargs):
        data = VoteCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        bill = get_object_or_404(Bill, uuid=values["bill"])
        uuids = [b["deputy"] for b in values["ballots"]]
        deputies = dict(Deputy.objects.filter(uuid__in=uuids).values_list("uuid", "pk"))
        unknown = sorted({str(u) for u in uuids if u not in deputies})
        if unknown:
            raise DomainError(
                "unknown_deputy",
                _("Unknown deputies: %(ids)s.") % {"ids": ", ".join(unknown)},
                field="ballots",
            )
        vote, created = services.vote_record(
            bill=bill,
            body=values["chamber"],
            date=values["date"],
            motion=values["motion"],
            ballots=[(deputies[b["deputy"]], b["option"]) for b in values["ballots"]],
            official_totals=values.get("official_totals"),
            confirm_mismatch=values["confirm_mismatch"],
            user=request.user,
        )
        row = votes_with_counts([vote_row(pk=vote.pk)])[0]
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(VoteOut(row).data, status=code)


@extend_schema_view(
    get=extend_schema(
        summary=gettext_lazy("A vote"),
        description=gettext_lazy("A vote as in the list; `include=ballots` adds every ballot."),
        parameters=[include_parameter("ballots")],
        responses={200: VoteOut, **ERRORS},
    )
)
class VoteDetail(PublicRead, generics.RetrieveAPIView):
    serializer_class = VoteOut
    queryset = Vote.objects.all()
    includes = ("ballots",)

    def retrieve(self, request, *args, **kwargs):
        include = self.read_parameters(request)
        vote = votes_with_counts([vote_row(uuid=kwargs["id"])], ballots="ballots" in include)[0]
        self._last_modified = vote["updated_at"]
        return Response(VoteOut(vote).data)


# --- Ballots ------------------------------------------------------------------------------------

BALLOT_PAGE_COLUMNS = [
    "option",
    "chamber__code",
    *deputy_columns("deputy__"),
    *faction_columns("faction__"),
    *[f"vote__{c}" for c in VOTE_REF_COLUMNS],
]
BALLOT_CSV = [
    ("vote", lambda b: b["vote"]["id"]),
    ("date", lambda b: b["vote"]["date"]),
    ("vote_chamber", lambda b: b["vote"]["chamber"]),
    ("bill", lambda b: b["vote"]["bill"]["id"]),
    ("bill_number", lambda b: b["vote"]["bill"]["number"]),
    ("motion", lambda b: b["vote"]["motion"]),
    ("result", lambda b: b["vote"]["result"]),
    ("deputy", lambda b: b["deputy"]["id"]),
    *text_columns("name", lambda b: b["deputy"]["name"]),
    *plain_columns("chamber", "option"),
    ("faction", lambda b: (b["faction"] or {}).get("id")),
    *text_columns("faction_name", lambda b: (b["faction"] or {}).get("name")),
]


class BallotList(PublicList, generics.ListAPIView):
    """Ballots with the vote, the deputy and the faction of the day: one query per page."""

    serializer_class = BallotOut
    filterset_class = BallotFilter
    csv_columns = BALLOT_CSV

    def rows(self, queryset):
        return queryset.values(*BALLOT_PAGE_COLUMNS)

    def represent(self, rows, include):
        for row in rows:
            row["faction"] = faction_ref(row, "faction__")
        return BallotOut(rows, many=True).data


BALLOT_RESPONSES = {
    (200, "application/json"): BallotOut(many=True),
    (200, "text/csv"): OpenApiTypes.STR,
    **ERRORS,
}


@extend_schema_view(
    get=extend_schema(
        summary=gettext_lazy("A vote's ballots"),
        description=gettext_lazy(
            "How each deputy voted, with the faction of the day; by name. `?format=csv` gives "
            "them all as one table. `Last-Modified` is the vote's `updated_at`."
        ),
        responses=BALLOT_RESPONSES,
    )
)
class VoteBallots(BallotList):
    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Ballot.objects.none()
        self.vote = Vote.objects.filter(uuid=self.kwargs["id"]).values("pk", "updated_at").first()
        if self.vote is None:
            raise exceptions.NotFound()
        return Ballot.objects.filter(vote=self.vote["pk"]).order_by(*BY_NAME)

    def last_modified(self):
        return self.vote["updated_at"]


@extend_schema_view(
    get=extend_schema(
        summary=gettext_lazy("A deputy's voting record"),
        description=gettext_lazy(
            "Every ballot the deputy cast (or was absent for), newest first, with the vote "
            "and the faction of the day. `?format=csv` gives the whole record as one table."
        ),
        responses=BALLOT_RESPONSES,
    )
)
class DeputyBallots(BallotList):
    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Ballot.objects.none()
        deputy = Deputy.objects.filter(uuid=self.kwargs["id"]).values("pk").first()
        if deputy is None:
            raise exceptions.NotFound()
        self.terms = list(
            Mandate.objects.filter(deputy=deputy["pk"]).values_list("starts_on", "ends_on")
        )
        return Ballot.objects.filter(deputy=deputy["pk"]).order_by("-vote__date", "-vote_id")

    def rows(self, queryset):
        # The page (not the count) reads the votes of the deputy's terms only.
        return super().rows(within_terms(queryset, self.terms))


# --- Reports and downloads ----------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        summary=gettext_lazy("Reports"),
        description=gettext_lazy("Computed reports and where their runs stand."),
        responses={
            (200, "application/json"): ReportOut(many=True),
            (200, "text/csv"): OpenApiTypes.STR,
            **ERRORS,
        },
    ),
    post=extend_schema(
        summary=gettext_lazy("Queue a report (staff)"),
        request=ReportRequestInput,
        responses={202: ReportQueuedOut, **WRITE_ERRORS},
    ),
)
class ReportList(PublicList, generics.ListCreateAPIView):
    """Reports and their status; staff queue one with `{"kind", "parameters"}` (202)."""

    serializer_class = ReportOut
    filterset_class = ReportFilter
    queryset = Report.objects.order_by("kind", "key")
    csv_columns = [
        *plain_columns("id", "kind", "status", "url", "requested_at", "started_at"),
        *plain_columns("finished_at", "generated_at", "file", "error"),
        ("parameters", lambda r: ";".join(f"{k}={v}" for k, v in r["parameters"].items())),
    ]

    def represent(self, rows, include):
        return ReportOut(rows, many=True, context={"request": self.request}).data

    def create(self, request, *args, **kwargs):
        data = ReportRequestInput(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.report_request(
            kind=data.validated_data["kind"],
            parameters=data.validated_data["parameters"],
            user=request.user,
        )
        report.refresh_from_db()  # an in-process run may already have finished it
        body = ReportOut(report, context={"request": request}).data
        short = {key: body[key] for key in ("id", "kind", "status", "url")}
        return Response(short, status=status.HTTP_202_ACCEPTED, headers={"Location": body["url"]})


@extend_schema_view(
    get=extend_schema(summary=gettext_lazy("A report"), responses={200: ReportDetailOut, **ERRORS})
)
class ReportDetail(PublicRead, generics.RetrieveAPIView):
    serializer_class = ReportDetailOut
    queryset = Report.objects.all()
    lookup_field = "uuid"
    lookup_url_kwarg = "id"

    def retrieve(self, request, *args, **kwargs):
        self.read_parameters(request)
        return super().retrieve(request, *args, **kwargs)


@extend_schema_view(
    get=extend_schema(
        summary=gettext_lazy("Bulk downloads"),
        description=gettext_lazy(
            "The latest full dump of each convocation: a zip with a CSV file per table (bills, "
            "actions, votes, tallies, ballots, deputies) and a README. Rebuilt nightly."
        ),
        responses={
            (200, "application/json"): DownloadOut(many=True),
            (200, "text/csv"): OpenApiTypes.STR,
            **ERRORS,
        },
    )
)
class DownloadList(PublicList, generics.ListAPIView):
    serializer_class = DownloadOut
    filterset_class = DownloadFilter
    queryset = (
        Report.objects.filter(kind=Report.Kind.DUMP, generated_at__isnull=False)
        .exclude(file="")
        .order_by("-generated_at", "pk")
    )
    csv_columns = plain_columns("convocation", "generated_at", "url", "size", "report")

    def represent(self, rows, include):
        return DownloadOut(rows, many=True, context={"request": self.request}).data


@extend_schema_view(
    get=extend_schema(
        summary=gettext_lazy("A report's file"),
        description=gettext_lazy("The report's file: a dump's zip, as listed in downloads/."),
        responses={
            (200, "application/zip"): OpenApiTypes.BINARY,
            404: OpenApiResponse(ErrorOut, description=gettext_lazy("No such file.")),
        },
    )
)
class ReportFile(APIView):
    """The report's file (a dump's zip), streamed from storage."""

    def get(self, request, id):
        check_query(request, ())
        report = get_object_or_404(Report.objects.exclude(file=""), uuid=id)
        name = f"{report.kind}-{report.key_slug}{Path(report.file.name).suffix}"
        return FileResponse(report.file.open("rb"), as_attachment=True, filename=name)
