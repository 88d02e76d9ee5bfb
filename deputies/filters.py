"""Filters of the deputies and factions lists (django-filter, checked: a bad value is a 400)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions

from chambers.models import ROMAN, Committee
from parlament.api import (
    ChoicesFilter,
    DateFilter,
    FilterSet,
    OrderingFilter,
    PatternFilter,
)

from .models import CommitteeMembership, Deputy, Faction, FactionMembership, Mandate

CHAMBERS = ["majilis", "senate"]
FACTION_ID = r"(majilis|senate)-[ivx]+-[a-z0-9_-]+"
COMMITTEE_ID = r"(majilis|senate)-[ivx]+-[a-z0-9_-]+"


def one_by_public_id(queryset, value: str, parameter: str):
    """The committee or faction with this public id; an unknown one is a 400 naming it."""
    found = list(queryset.by_public_ids([value]).values_list("pk", flat=True)[:1])
    if not found:
        raise exceptions.ValidationError(
            {parameter: [_("No such %(what)s: “%(id)s”.") % {"what": parameter, "id": value}]}
        )
    return found[0]


def faction_filter(**kwargs) -> PatternFilter:
    return PatternFilter(
        pattern=FACTION_ID,
        message=gettext_lazy("A faction id such as majilis-viii-amanat."),
        **kwargs,
    )


def committee_filter(**kwargs) -> PatternFilter:
    return PatternFilter(
        pattern=COMMITTEE_ID,
        message=gettext_lazy("A committee id such as majilis-viii-finance."),
        **kwargs,
    )


class DeputyFilter(FilterSet):
    """Without `serving_on` the filters look at a deputy's whole career (every mandate and
    membership); with it, at that day only."""

    serving_on = DateFilter(
        method="joint",
        description=gettext_lazy(
            "Deputies holding a mandate on this day; `chamber`, `faction` and `committee` then "
            "apply to that day, and `current` describes it."
        ),
    )
    chamber = ChoicesFilter(
        choices=CHAMBERS,
        method="joint",
        description=gettext_lazy("Deputies who sat in the chamber (on `serving_on`, if given)."),
    )
    convocation = ChoicesFilter(
        choices=ROMAN,
        method="joint",
        description=gettext_lazy("Deputies with a mandate in the convocation (VIII)."),
    )
    faction = faction_filter(
        method="joint",
        description=gettext_lazy("Members of the faction (on `serving_on`, if given)."),
    )
    committee = committee_filter(
        method="joint",
        description=gettext_lazy("Members of the committee (on `serving_on`, if given)."),
    )
    ordering = OrderingFilter(
        {
            "name": ("last_name", "first_name", "patronymic", "pk"),
            "-name": ("-last_name", "-first_name", "-patronymic", "-pk"),
            "birth_date": ("birth_date", "pk"),
            "-birth_date": ("-birth_date", "-pk"),
        },
        description=gettext_lazy("Default: by name (as written in Kazakh)."),
    )

    class Meta:
        model = Deputy
        fields = []

    def joint(self, queryset, name, value):
        return queryset  # applied together in filter_queryset

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        on = data.get("serving_on")
        mandates = Mandate.objects.active_on(on) if on else Mandate.objects.all()
        if data.get("chamber"):
            mandates = mandates.filter(chamber__code__in=data["chamber"])
        if data.get("convocation"):
            numbers = [ROMAN.index(v) + 1 for v in data["convocation"]]
            mandates = mandates.filter(convocation__number__in=numbers)
        if on or data.get("chamber") or data.get("convocation"):
            queryset = queryset.filter(pk__in=mandates.values("deputy_id"))
        if data.get("faction"):
            faction = one_by_public_id(Faction.objects, data["faction"], "faction")
            members = FactionMembership.objects.filter(faction=faction)
            members = members.active_on(on) if on else members
            queryset = queryset.filter(pk__in=members.values("mandate__deputy_id"))
        if data.get("committee"):
            committee = one_by_public_id(Committee.objects, data["committee"], "committee")
            members = CommitteeMembership.objects.filter(committee=committee)
            members = members.active_on(on) if on else members
            queryset = queryset.filter(pk__in=members.values("mandate__deputy_id"))
        return type(self).base_filters["ordering"].filter(queryset, data.get("ordering"))


class FactionFilter(FilterSet):
    chamber = ChoicesFilter(
        field_name="chamber__code", choices=CHAMBERS, description=gettext_lazy("The chamber.")
    )
    convocation = ChoicesFilter(
        choices=ROMAN,
        method="in_convocations",
        description=gettext_lazy("The convocation, as a Roman numeral (VIII)."),
    )
    active_on = DateFilter(
        method="active", description=gettext_lazy("Factions that existed on this day.")
    )
    ordering = OrderingFilter(
        {
            "name": ("name", "pk"),
            "-seats_won": ("-seats_won", "name", "pk"),
            "-convocation": ("-convocation__number", "chamber__position", "-seats_won", "pk"),
        },
        description=gettext_lazy(
            "Default: newest convocation first, then chamber and seats won at the election."
        ),
    )

    class Meta:
        model = Faction
        fields = []

    def in_convocations(self, queryset, name, value):
        return queryset.filter(convocation__number__in=[ROMAN.index(v) + 1 for v in value])

    def active(self, queryset, name, value):
        return queryset.active_on(value)
