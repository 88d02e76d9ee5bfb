"""The reference data API: chambers, convocations and committees (reads only).

These rows have no change time, so their lists take no `updated_since`: they are short,
fetch them whole (the ETag makes refetching an unchanged list cheap).
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, generics
from rest_framework.response import Response

from deputies.views import latest_day
from parlament.api import (
    ChoiceFilter,
    ChoicesFilter,
    DateFilter,
    FilterSet,
    OrderingFilter,
    PublicList,
    PublicRead,
    date_param,
    plain_columns,
    text_columns,
    translated,
)

from .models import ROMAN, Chamber, Committee, Convocation, Seats
from .serializers import (
    COMMITTEE_COLUMNS,
    CONVOCATION_COLUMNS,
    ChamberOut,
    CommitteeOut,
    ConvocationOut,
)

CHAMBER_CODES = [Chamber.MAJILIS, Chamber.SENATE]
COMMITTEE_ID = r"(majilis|senate)-[ivx]+-[a-z0-9_-]+"


def _reference_day(request, name: str):
    return date_param(request, name, latest_day)


# --- Chambers ----------------------------------------------------------------------------------


class ChamberFilter(FilterSet):
    seats_on = DateFilter(
        method="keep",
        description=_("The day for `seats` (default: today, or the last day of Parliament)."),
    )

    class Meta:
        model = Chamber
        fields = []

    def keep(self, queryset, name, value):
        return queryset


CHAMBER_COLUMNS = ["id", "code", *translated("name")]


def with_seats(chambers: list[dict], on) -> list[dict]:
    """Chambers (`.values()` rows) with their established seats on the day: one query."""
    seats = {}
    for chamber, number in (
        Seats.objects.active_on(on)
        .filter(chamber__in=[c["id"] for c in chambers])
        .order_by("starts_on")
        .values_list("chamber_id", "seats")
    ):
        seats[chamber] = number  # the latest start wins
    return [{**c, "seats": seats.get(c["id"]), "seats_on": on} for c in chambers]


@extend_schema_view(
    get=extend_schema(summary=_("Chambers"), description=_("The Majilis and the Senate."))
)
class ChamberList(PublicList, generics.ListAPIView):
    serializer_class = ChamberOut
    filterset_class = ChamberFilter
    queryset = Chamber.objects.rewrite(False).order_by("position")
    csv_columns = [
        *plain_columns("id", "ocd_id"),
        *text_columns("name", lambda c: c["name"]),
        *plain_columns("seats", "seats_on"),
    ]

    def rows(self, queryset):
        return queryset.values(*CHAMBER_COLUMNS)

    def represent(self, rows, include):
        on = _reference_day(self.request, "seats_on")
        return ChamberOut(with_seats(rows, on), many=True).data


@extend_schema_view(get=extend_schema(summary=_("A chamber")))
class ChamberDetail(PublicRead, generics.RetrieveAPIView):
    serializer_class = ChamberOut
    queryset = Chamber.objects.all()

    def allowed_parameters(self):
        return super().allowed_parameters() | {"seats_on"}

    def retrieve(self, request, *args, **kwargs):
        self.read_parameters(request)
        on = _reference_day(request, "seats_on")
        found = list(
            Chamber.objects.rewrite(False).filter(code=kwargs["code"]).values(*CHAMBER_COLUMNS)
        )
        if not found:
            raise exceptions.NotFound()
        return Response(ChamberOut(with_seats(found, on)[0]).data)


# --- Convocations ------------------------------------------------------------------------------


class ConvocationFilter(FilterSet):
    legislature = ChoiceFilter(
        choices=[c for c, _n in Convocation.LEGISLATURES],
        description=_("Parliament (two chambers) or a future Kurultai."),
    )

    class Meta:
        model = Convocation
        fields = []


CONVOCATION_CSV = plain_columns("id", "ocd_id", "number", "legislature", "starts_on", "ends_on")


@extend_schema_view(
    get=extend_schema(
        summary=_("Convocations"),
        description=_("The convocations of Parliament, oldest first."),
    )
)
class ConvocationList(PublicList, generics.ListAPIView):
    serializer_class = ConvocationOut
    filterset_class = ConvocationFilter
    queryset = Convocation.objects.order_by("starts_on", "pk")
    csv_columns = CONVOCATION_CSV

    def rows(self, queryset):
        return queryset.values(*CONVOCATION_COLUMNS)

    def represent(self, rows, include):
        return ConvocationOut(rows, many=True).data


def convocation_lookup(key: str) -> dict:
    """ "VIII" (Parliament), or "<legislature>-<roman>"."""
    legislature, _sep, numeral = key.rpartition("-")
    if numeral not in ROMAN:
        return {"pk": None}
    return {
        "legislature": legislature or Convocation.PARLIAMENT,
        "number": ROMAN.index(numeral) + 1,
    }


@extend_schema_view(get=extend_schema(summary=_("A convocation")))
class ConvocationDetail(PublicRead, generics.RetrieveAPIView):
    serializer_class = ConvocationOut
    queryset = Convocation.objects.all()

    def retrieve(self, request, *args, **kwargs):
        self.read_parameters(request)
        queryset = Convocation.objects.filter(**convocation_lookup(kwargs["id"]))
        row = queryset.values(*CONVOCATION_COLUMNS).first()
        if row is None:
            raise exceptions.NotFound()
        return Response(ConvocationOut(row).data)


# --- Committees --------------------------------------------------------------------------------


class CommitteeFilter(FilterSet):
    chamber = ChoicesFilter(
        field_name="chamber__code", choices=CHAMBER_CODES, description=_("The chamber.")
    )
    convocation = ChoicesFilter(
        field_name="convocation__number",
        choices=ROMAN,
        method="in_convocations",
        description=_("The convocation, as a Roman numeral (VIII)."),
    )
    active_on = DateFilter(method="active", description=_("Committees that existed on this day."))
    ordering = OrderingFilter(
        {
            "name": ("name", "pk"),
            "-convocation": ("-convocation__number", "chamber__position", "name", "pk"),
            "convocation": ("convocation__number", "chamber__position", "name", "pk"),
        },
        description=_("Default: newest convocation first, then chamber and name."),
    )

    class Meta:
        model = Committee
        fields = []

    def in_convocations(self, queryset, name, value):
        return queryset.filter(convocation__number__in=[ROMAN.index(v) + 1 for v in value])

    def active(self, queryset, name, value):
        return queryset.active_on(value)


@extend_schema_view(
    get=extend_schema(
        summary=_("Committees"),
        description=_("Standing committees of each chamber and convocation."),
    )
)
class CommitteeList(PublicList, generics.ListAPIView):
    serializer_class = CommitteeOut
    filterset_class = CommitteeFilter
    queryset = Committee.objects.rewrite(False).order_by(
        "-convocation__number", "chamber__position", "name", "pk"
    )
    csv_columns = [
        *plain_columns("id", "ocd_id"),
        *text_columns("name", lambda c: c["name"]),
        *plain_columns("code", "chamber", "convocation", "starts_on", "ends_on"),
    ]

    def rows(self, queryset):
        return queryset.values(*COMMITTEE_COLUMNS)

    def represent(self, rows, include):
        return CommitteeOut(rows, many=True).data


@extend_schema_view(get=extend_schema(summary=_("A committee")))
class CommitteeDetail(PublicRead, generics.RetrieveAPIView):
    serializer_class = CommitteeOut
    queryset = Committee.objects.all()

    def retrieve(self, request, *args, **kwargs):
        self.read_parameters(request)
        queryset = Committee.objects.by_public_ids([kwargs["id"]]).rewrite(False)
        row = queryset.values(*COMMITTEE_COLUMNS).first()
        if row is None:
            raise exceptions.NotFound()
        return Response(CommitteeOut(row).data)
