"""The deputies and factions API (reads only). A deputy's voting record,
`deputies/<id>/ballots/`, is in bills.api with the other ballots.

Deputies, mandates and memberships have no change time: these lists take no
`updated_since` (a deputy list is a few hundred rows; the ETag makes refetching it cheap).
"""

from collections import defaultdict

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, generics
from rest_framework.response import Response

from chambers.serializers import committee_columns
from parlament.api import (
    PublicList,
    PublicRead,
    date_param,
    ids,
    plain_columns,
    text_columns,
)

from .filters import DeputyFilter, FactionFilter
from .models import (
    ChamberOffice,
    CommitteeMembership,
    Deputy,
    Faction,
    FactionMembership,
    Mandate,
)
from .serializers import (
    DEPUTY_COLUMNS,
    FACTION_COLUMNS,
    MANDATE_COLUMNS,
    DeputyOut,
    FactionOut,
    faction_columns,
)
from .views import latest_day

FACTION_TERM_COLUMNS = [
    "mandate_id",
    "mandate__deputy_id",
    "is_leader",
    "starts_on",
    "ends_on",
    *faction_columns("faction__"),
]
COMMITTEE_TERM_COLUMNS = [
    "mandate_id",
    "mandate__deputy_id",
    "role",
    "starts_on",
    "ends_on",
    *committee_columns("committee__"),
]


def _grouped(rows, key: str) -> dict[int, list[dict]]:
    groups = defaultdict(list)
    for row in rows:
        groups[row[key]].append(row)
    return groups


def with_terms(deputies: list[dict], on, *, history: bool) -> list[dict]:
    """Deputies (`.values()` rows) with their mandate, faction and committees on the day:
    three queries; with `history`, every mandate and membership: four more."""
    pks = [d["id"] for d in deputies]
    mandates = {
        m["deputy_id"]: m
        for m in Mandate.objects.rewrite(False)
        .active_on(on)
        .filter(deputy__in=pks)
        .values(*MANDATE_COLUMNS)
    }
    factions = {
        m["mandate__deputy_id"]: m
        for m in FactionMembership.objects.active_on(on)
        .filter(mandate__deputy__in=pks)
        .values(*FACTION_TERM_COLUMNS)
    }
    committees = _grouped(
        CommitteeMembership.objects.active_on(on)
        .filter(mandate__deputy__in=pks)
        .order_by("committee__name", "role", "pk")
        .values(*COMMITTEE_TERM_COLUMNS),
        "mandate__deputy_id",
    )
    for deputy in deputies:
        pk = deputy["id"]
        deputy["current"] = {
            "on": on,
            "mandate": mandates.get(pk),
            "faction": factions.get(pk),
            "committees": committees.get(pk, []),
        }
    if history:
        _add_history(deputies, pks)
    return deputies


def _add_history(deputies: list[dict], pks: list[int]) -> None:
    mandates = list(
        Mandate.objects.rewrite(False)
        .filter(deputy__in=pks)
        .order_by("starts_on")
        .values(*MANDATE_COLUMNS)
    )
    factions = _grouped(
        FactionMembership.objects.filter(mandate__deputy__in=pks)
        .order_by("starts_on", "pk")
        .values(*FACTION_TERM_COLUMNS),
        "mandate_id",
    )
    committees = _grouped(
        CommitteeMembership.objects.filter(mandate__deputy__in=pks)
        .order_by("starts_on", "committee__name", "pk")
        .values(*COMMITTEE_TERM_COLUMNS),
        "mandate_id",
    )
    offices = _grouped(
        ChamberOffice.objects.filter(mandate__deputy__in=pks)
        .order_by("starts_on", "pk")
        .values("mandate_id", "role", "starts_on", "ends_on"),
        "mandate_id",
    )
    by_deputy = defaultdict(list)
    for mandate in mandates:
        pk = mandate["id"]
        mandate.update(
            factions=factions.get(pk, []),
            committees=committees.get(pk, []),
            offices=offices.get(pk, []),
        )
        by_deputy[mandate["deputy_id"]].append(mandate)
    for deputy in deputies:
        deputy["mandates"] = by_deputy.get(deputy["id"], [])


def reference_day(request):
    """`serving_on`, else today or Parliament's last day."""
    return date_param(request, "serving_on", latest_day)


@extend_schema_view(
    get=extend_schema(
        summary=_("Deputies"),
        description=_(
            "Deputies of both chambers, past and present, each with the mandate, faction and "
            "committees of one day (`current`): `serving_on` if given, else today or the last "
            "day of Parliament. `include=mandates` adds every mandate with its dated faction "
            "and committee memberships. No `updated_since`: deputies carry no change time."
        ),
        parameters=[
            OpenApiParameter(
                "include",
                {"type": "array", "items": {"type": "string", "enum": ["mandates"]}},
                style="form",
                explode=False,
                description=_("Related data to add: mandates (the whole career)."),
            )
        ],
    )
)
class DeputyList(PublicList, generics.ListAPIView):
    serializer_class = DeputyOut
    filterset_class = DeputyFilter
    queryset = Deputy.objects.rewrite(False).order_by("last_name", "first_name", "patronymic", "pk")
    includes = ("mandates",)
    csv_columns = [
        *plain_columns("id", "ocd_id"),
        *text_columns("last_name", lambda d: d["last_name"]),
        *text_columns("first_name", lambda d: d["first_name"]),
        *text_columns("patronymic", lambda d: d["patronymic"]),
        *plain_columns("birth_date"),
        ("on", lambda d: d["current"]["on"]),
        ("chamber", lambda d: (d["current"]["mandate"] or {}).get("chamber")),
        ("convocation", lambda d: (d["current"]["mandate"] or {}).get("convocation")),
        ("basis", lambda d: (d["current"]["mandate"] or {}).get("basis")),
        ("district_number", lambda d: (d["current"]["mandate"] or {}).get("district_number")),
        ("mandate_starts_on", lambda d: (d["current"]["mandate"] or {}).get("starts_on")),
        ("mandate_ends_on", lambda d: (d["current"]["mandate"] or {}).get("ends_on")),
        ("faction", lambda d: (d["current"]["faction"] or {}).get("id")),
        ("faction_leader", lambda d: d["current"]["faction_leader"]),
        ("committees", lambda d: ids(c["committee"] for c in d["current"]["committees"])),
    ]

    def rows(self, queryset):
        return queryset.values(*DEPUTY_COLUMNS)

    def represent(self, rows, include):
        loaded = with_terms(rows, reference_day(self.request), history="mandates" in include)
        return DeputyOut(loaded, many=True, context={"request": self.request}).data


@extend_schema_view(
    get=extend_schema(
        summary=_("A deputy"),
        description=_(
            "A deputy with every mandate and membership, and `current` as in the list "
            "(`serving_on` chooses its day)."
        ),
        parameters=[
            OpenApiParameter(
                "serving_on",
                {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
                description=_("The day `current` describes."),
            )
        ],
    )
)
class DeputyDetail(PublicRead, generics.RetrieveAPIView):
    serializer_class = DeputyOut
    queryset = Deputy.objects.all()

    def allowed_parameters(self):
        return super().allowed_parameters() | {"serving_on"}

    def retrieve(self, request, *args, **kwargs):
        self.read_parameters(request)
        on = reference_day(request)
        rows = list(Deputy.objects.rewrite(False).filter(uuid=kwargs["id"]).values(*DEPUTY_COLUMNS))
        if not rows:
            raise exceptions.NotFound()
        loaded = with_terms(rows, on, history=True)
        return Response(DeputyOut(loaded[0], context={"request": request}).data)


# --- Factions ----------------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        summary=_("Factions"),
        description=_(
            "Party factions per chamber and convocation. No `updated_since`: factions carry no "
            "change time."
        ),
    )
)
class FactionList(PublicList, generics.ListAPIView):
    serializer_class = FactionOut
    filterset_class = FactionFilter
    queryset = Faction.objects.rewrite(False).order_by(
        "-convocation__number", "chamber__position", "-seats_won", "pk"
    )
    csv_columns = [
        *plain_columns("id", "ocd_id"),
        *text_columns("name", lambda f: f["name"]),
        ("party", lambda f: f["party"]["code"]),
        *plain_columns("chamber", "convocation", "starts_on", "ends_on", "seats_won"),
    ]

    def rows(self, queryset):
        return queryset.values(*FACTION_COLUMNS)

    def represent(self, rows, include):
        return FactionOut(rows, many=True).data


@extend_schema_view(get=extend_schema(summary=_("A faction")))
class FactionDetail(PublicRead, generics.RetrieveAPIView):
    serializer_class = FactionOut
    queryset = Faction.objects.all()

    def retrieve(self, request, *args, **kwargs):
        self.read_parameters(request)
        row = (
            Faction.objects.by_public_ids([kwargs["id"]])
            .rewrite(False)
            .values(*FACTION_COLUMNS)
            .first()
        )
        if row is None:
            raise exceptions.NotFound()
        return Response(FactionOut(row).data)
