"""Filters of the bills, actions, votes, ballots and reports lists (django-filter; each value
is checked, a bad one is a 400 naming the parameter)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chambers.models import ROMAN, Committee
from deputies.filters import FACTION_ID, committee_filter, one_by_public_id
from deputies.models import Faction
from parlament.api import (
    BooleanFilter,
    ChoicesFilter,
    DateFilter,
    FilterSet,
    OrderingFilter,
    PatternFilter,
    UpdatedSince,
    UUIDFilter,
)

from . import procedure
from .models import Ballot, Bill, BillEvent, Body, InitiatorType, Kind, Option, Report, Result, Vote
from .search import search_bills

STAGES = [s.value for s in procedure.Stage]
CHAMBERS = ["majilis", "senate"]
TEXT = r"[^\x00-\x1f]{1,200}"


def in_convocations(queryset, name, value):
    return queryset.filter(**{f"{name}__in": [ROMAN.index(v) + 1 for v in value]})


class BillFilter(FilterSet):
    q = PatternFilter(
        pattern=TEXT,
        message=_("Up to 200 characters."),
        method="search",
        description=_(
            "Words in the title, summary or number, in any language; every word must match. "
            "On PostgreSQL, Russian and English words match their other forms, Kazakh words "
            "match as prefixes, misspellings are forgiven and results come best first."
        ),
    )
    stage = ChoicesFilter(choices=STAGES, description=_("The bill's stage (DOMAIN.md A3)."))
    kind = ChoicesFilter(choices=Kind.values, description=_("The kind of bill (DOMAIN.md A5)."))
    initiator_type = ChoicesFilter(choices=InitiatorType.values, description=_("Who initiated it."))
    initiator = UUIDFilter(
        method="initiated_by", description=_("Bills this deputy (id) co-initiated.")
    )
    committee = committee_filter(
        method="in_committee", description=_("Bills led or co-executed by the committee.")
    )
    lead_committee = committee_filter(method="led_by", description=_("Bills led by the committee."))
    convocation = ChoicesFilter(
        field_name="convocation__number",
        choices=ROMAN,
        method=in_convocations,
        description=_("Registered in the convocation (VIII)."),
    )
    priority = BooleanFilter(description=_("Presidential priority bills (true) or others."))
    registered_from = DateFilter(
        field_name="registered_on", lookup_expr="gte", description=_("Registered on or after.")
    )
    registered_to = DateFilter(
        field_name="registered_on", lookup_expr="lte", description=_("Registered on or before.")
    )
    signed_from = DateFilter(
        field_name="signed_on", lookup_expr="gte", description=_("Signed on or after.")
    )
    signed_to = DateFilter(
        field_name="signed_on", lookup_expr="lte", description=_("Signed on or before.")
    )
    updated_since = UpdatedSince(
        description=_(
            "Bills whose `updated_at` is at or after this time: every write to the bill (its "
            "registration, each action, an edit) and every vote recorded on it moves it."
        )
    )
    ordering = OrderingFilter(
        {
            "-registered_on": ("-registered_on", "-pk"),
            "registered_on": ("registered_on", "pk"),
            "-updated_at": ("-updated_at", "-pk"),
            "updated_at": ("updated_at", "pk"),
            "-stage_since": ("-stage_since", "-pk"),
            "stage_since": ("stage_since", "pk"),
            "number": ("number",),
        },
        description=_("Default: newest registered first (best match first with `q`)."),
    )

    class Meta:
        model = Bill
        fields = []

    def search(self, queryset, name, value):
        return search_bills(queryset, value)

    def initiated_by(self, queryset, name, value):
        return queryset.filter(
            pk__in=Bill.initiators.through.objects.filter(deputy__uuid=value).values("bill_id")
        )

    def in_committee(self, queryset, name, value):
        committee = one_by_public_id(Committee.objects, value, name)
        co = Bill.co_committees.through.objects.filter(committee=committee).values("bill_id")
        return queryset.filter(Q(lead_committee=committee) | Q(pk__in=co))

    def led_by(self, queryset, name, value):
        return queryset.filter(lead_committee=one_by_public_id(Committee.objects, value, name))


class ActionFilter(FilterSet):
    action = ChoicesFilter(
        choices=[a.value for a in procedure.Action], description=_("The action (DOMAIN.md A6).")
    )
    date_from = DateFilter(field_name="date", lookup_expr="gte", description=_("On or after."))
    date_to = DateFilter(field_name="date", lookup_expr="lte", description=_("On or before."))
    updated_since = UpdatedSince(
        "recorded_at",
        description=_("Actions recorded at or after this time (actions are never edited)."),
    )

    class Meta:
        model = BillEvent
        fields = []


class VoteFilter(FilterSet):
    chamber = ChoicesFilter(
        field_name="body", choices=Body.values, description=_("Where: joint is a joint sitting.")
    )
    date_from = DateFilter(field_name="date", lookup_expr="gte", description=_("On or after."))
    date_to = DateFilter(field_name="date", lookup_expr="lte", description=_("On or before."))
    bill = UUIDFilter(field_name="bill__uuid", description=_("Votes on this bill (id)."))
    result = ChoicesFilter(choices=Result.values, description=_("The result."))
    rule = ChoicesFilter(
        choices=[r.value for r in procedure.Rule], description=_("The majority required.")
    )
    motion = PatternFilter(
        pattern=TEXT,
        message=_("Up to 200 characters."),
        field_name="motion",
        lookup_expr="icontains",
        description=_("Votes whose motion contains this text."),
    )
    updated_since = UpdatedSince(
        description=_(
            "Votes whose `updated_at` is at or after this time (it moves with every write to the "
            "vote, its tallies or its ballots)."
        )
    )
    ordering = OrderingFilter(
        {
            "-date": ("-date", "-pk"),
            "date": ("date", "pk"),
            "-updated_at": ("-updated_at", "-pk"),
            "updated_at": ("updated_at", "pk"),
        },
        description=_("Default: newest first."),
    )

    class Meta:
        model = Vote
        fields = []


class BallotFilter(FilterSet):
    """For a vote's ballots and for a deputy's record alike."""

    option = ChoicesFilter(choices=Option.values, description=_("How the deputy voted."))
    faction = PatternFilter(
        pattern=f"none|{FACTION_ID}",
        message=_("A faction id such as majilis-viii-amanat, or none."),
        method="in_faction",
        description=_("The deputy's faction on the day of the vote; `none` for no faction."),
    )
    chamber = ChoicesFilter(
        field_name="chamber__code",
        choices=CHAMBERS,
        description=_("The deputy's chamber (both sit in a joint sitting)."),
    )
    date_from = DateFilter(
        field_name="vote__date", lookup_expr="gte", description=_("Votes on or after.")
    )
    date_to = DateFilter(
        field_name="vote__date", lookup_expr="lte", description=_("Votes on or before.")
    )
    updated_since = UpdatedSince(
        "vote__updated_at",
        description=_("Ballots of votes whose `updated_at` is at or after this time."),
    )
    ordering = OrderingFilter(
        {
            "-date": ("-vote__date", "-vote_id", "pk"),
            "date": ("vote__date", "vote_id", "pk"),
            "name": ("deputy__last_name", "deputy__first_name", "deputy_id", "vote_id"),
            "option": ("option", "deputy__last_name", "deputy__first_name", "pk"),
        },
        description=_("Default: by name for a vote's ballots, newest first for a deputy's."),
    )

    class Meta:
        model = Ballot
        fields = []

    def in_faction(self, queryset, name, value):
        if value == "none":
            return queryset.filter(faction__isnull=True)
        return queryset.filter(faction=one_by_public_id(Faction.objects, value, name))


class ReportFilter(FilterSet):
    kind = ChoicesFilter(choices=Report.Kind.values, description=_("The kind of report."))
    status = ChoicesFilter(choices=Report.Status.values, description=_("Where its run stands."))
    updated_since = UpdatedSince(
        method="changed_since",
        description=_("Reports requested, started or finished at or after this time."),
    )

    class Meta:
        model = Report
        fields = []

    def changed_since(self, queryset, name, value):
        return queryset.filter(
            Q(requested_at__gte=value) | Q(started_at__gte=value) | Q(finished_at__gte=value)
        )


class DownloadFilter(FilterSet):
    convocation = ChoicesFilter(
        choices=ROMAN, method="in_convocations", description=_("The convocation (VIII).")
    )
    updated_since = UpdatedSince(
        "generated_at", description=_("Dumps generated at or after this time.")
    )

    class Meta:
        model = Report
        fields = []

    def in_convocations(self, queryset, name, value):
        return queryset.filter(parameters__convocation__in=value)
