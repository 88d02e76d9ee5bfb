"""Public pages about a chamber (composition, Bureau, committees) and about one committee."""

import statistics
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bills.models import Bill, BillEvent
from bills.procedure import Action, Stage
from deputies.models import (
    Basis,
    CommitteeMembership,
    CommitteeRole,
    FactionMembership,
    Mandate,
    bureau,
    by_name,
)
from deputies.views import BILL_ROW, bill_url, date_asked, latest_day, until
from parlament.hemicycle import Seat

from .models import Chamber, Committee, Convocation

INDEPENDENT = "#6f7780"
VACANT = "#e4e8ec"
# Seats by basis where a chamber has no factions (the Senate), and parties with no colour.
BASIS_COLORS = {
    Basis.MASLIKHAT_ELECTION: "#2f6f9f",
    Basis.PRESIDENTIAL_APPOINTMENT: "#b5651d",
    Basis.PARTY_LIST: "#4f7f3f",
    Basis.SINGLE_MEMBER_DISTRICT: "#7a4f9f",
    Basis.ASSEMBLY_QUOTA: "#9f4f6a",
}
PALETTE = ["#1f6fb2", "#3a8f3a", "#e07b00", "#0f8b8d", "#c0392b", "#8e44ad", "#7f6a00"]
ROLE_ORDER = [CommitteeRole.CHAIR, CommitteeRole.DEPUTY_CHAIR, CommitteeRole.SECRETARY]


@dataclass
class Group:
    """Seats drawn together on the hemicycle and listed in its legend."""

    label: str
    color: str
    faction: object = None
    mandates: list = field(default_factory=list)
    vacant: int = 0

    @property
    def count(self) -> int:
        return len(self.mandates) or self.vacant


def seating_groups(mandates, membership: dict) -> tuple[list[Group], bool]:
    """Seats by faction when the chamber has factions (largest first, then deputies in no
    faction), else by how the mandates were obtained. Returns the groups and whether they
    are factions."""
    if membership:
        groups: dict[int | None, Group] = {}
        for mandate in mandates:
            row = membership.get(mandate.pk)
            key = row.faction_id if row else None
            if key not in groups:
                groups[key] = (
                    Group(row.faction.name, row.faction.party.color, faction=row.faction)
                    if row
                    else Group(_("Not in a faction"), INDEPENDENT)
                )
            groups[key].mandates.append(mandate)
        independents = groups.pop(None, None)
        ordered = sorted(groups.values(), key=lambda g: (-g.count, g.label))
        for index, group in enumerate(ordered):
            group.color = group.color or PALETTE[index % len(PALETTE)]
        return [*ordered, *([independents] if independents else [])], True
    by_basis: dict[str, Group] = {}
    for mandate in mandates:
        if mandate.basis not in by_basis:
            basis = Basis(mandate.basis)
            by_basis[mandate.basis] = Group(str(basis.label), BASIS_COLORS[basis])
        by_basis[mandate.basis].mandates.append(mandate)
    order = list(Basis.values)
    # Elected seats before appointed ones, as the Senate lists them.
    order.sort(key=lambda b: b != Basis.MASLIKHAT_ELECTION)
    return [by_basis[b] for b in order if b in by_basis], False


def chamber_detail(request, code):
    """A chamber on a date: its hemicycle, seats by faction or basis, Bureau and committees."""
    chamber = get_object_or_404(Chamber, code=code)
    at, date_error = date_asked(request, latest_day())
    convocation = Convocation.objects.active_on(at).order_by("-starts_on").first()
    established = chamber.seats_on(at)
    mandates = list(
        Mandate.objects.serving_on(at, chamber)
        .select_related("deputy")
        .order_by("deputy__last_name", "deputy__first_name", "pk")
    )
    membership = {
        row.mandate_id: row
        for row in FactionMembership.objects.active_on(at)
        .filter(mandate__chamber=chamber)
        .select_related("faction__party", "faction__chamber", "faction__convocation")
    }
    groups, by_faction = seating_groups(mandates, membership)
    vacant = max((established or 0) - len(mandates), 0)
    # No link per seat: the chart is one image (role="img") for assistive technology, and
    # the legend and the list of deputies carry the links.
    seats = [
        Seat(group.color, f"{m.deputy.full_name} — {group.label}")
        for group in groups
        for m in group.mandates
    ]
    if vacant:
        groups.append(Group(_("Vacant seat"), VACANT, vacant=vacant))
        seats += [Seat(VACANT, _("Vacant seat"))] * vacant

    title = _("%(chamber)s on %(date)s: %(held)s deputies in %(seats)s seats") % {
        "chamber": chamber.name,
        "date": date_format(at, "DATE_FORMAT"),
        "held": len(mandates),
        "seats": established or len(mandates),
    }

    active = Q(memberships__starts_on__lte=at) & (
        Q(memberships__ends_on__isnull=True) | Q(memberships__ends_on__gte=at)
    )
    committees = list(
        Committee.objects.active_on(at)
        .filter(chamber=chamber)
        .select_related("chamber", "convocation")
        .annotate(members=Count("memberships", filter=active))
        .order_by("name")
    )
    officers = bureau(chamber, at)
    chairs = {row.committee_id: row for row in officers["committee_chairs"]}
    for committee in committees:
        committee.chair = chairs.get(committee.pk)
    context = {
        "chamber": chamber,
        "convocation": convocation,
        "at": at,
        "errors": [date_error] if date_error else [],
        "established": established,
        "held": len(mandates),
        "vacant": vacant,
        "groups": groups,
        "by_faction": by_faction,
        "by_basis": sorted(
            Counter(Basis(m.basis).label for m in mandates).items(), key=lambda r: -r[1]
        ),
        "seats": seats,
        "chart_title": title,
        "bureau": officers,
        "committees": committees,
    }
    return render(request, "chambers/detail.html", context)


# --- Committee page ---------------------------------------------------------------------------


def days_in_committee(events) -> list[int]:
    """Days from each `referred` event to the next event that took the bill out of the
    Majilis committee stage, for the bills that left it. Events: (bill, action, date,
    from_stage, to_stage) ordered by bill and sequence."""
    durations, referred = [], {}
    for bill_id, action, on, from_stage, to_stage in events:
        if action == Action.REFERRED:
            referred[bill_id] = on
        elif (
            from_stage == Stage.MAJILIS_COMMITTEE
            and to_stage != Stage.MAJILIS_COMMITTEE
            and bill_id in referred
        ):
            durations.append((on - referred.pop(bill_id)).days)
    return durations


def committee_detail(request, public_id):
    """A committee: members by role on the date, the bills it leads or co-executes, and how
    long bills stay with it."""
    committee = (
        Committee.objects.by_public_ids([public_id])
        .select_related("chamber", "convocation")
        .first()
    )
    if committee is None:
        raise Http404(_("There is no committee “%(id)s”.") % {"id": public_id})
    at, date_error = date_asked(request, until(committee.ends_on))
    rank = Case(
        *(When(role=role, then=Value(i)) for i, role in enumerate(ROLE_ORDER)),
        default=Value(len(ROLE_ORDER)),
        output_field=IntegerField(),
    )
    members = list(
        CommitteeMembership.objects.active_on(at)
        .filter(committee=committee)
        .select_related("mandate__deputy")
        .alias(rank=rank)
        .order_by("rank", *by_name("mandate__deputy__"))
    )
    if members:
        factions = {
            row.mandate_id: row.faction
            for row in FactionMembership.objects.active_on(at)
            .filter(mandate__in=[m.mandate_id for m in members])
            .select_related("faction__party", "faction__chamber", "faction__convocation")
        }
        for member in members:
            member.faction = factions.get(member.mandate_id)
    # Every bill the committee led or co-executed: only what a row shows (a lead committee
    # of a national archive has thousands, and their summaries would spill the sort to disk).
    rows = Bill.objects.only(*BILL_ROW).order_by("-registered_on", "-pk")
    led = list(rows.filter(lead_committee=committee))
    co_executed = list(rows.filter(co_committees=committee))
    for bill in (*led, *co_executed):
        bill.url = bill_url(bill)
    events = (
        BillEvent.objects.filter(bill__lead_committee=committee)
        .filter(
            Q(action=Action.REFERRED)
            | (Q(from_stage=Stage.MAJILIS_COMMITTEE) & ~Q(to_stage=Stage.MAJILIS_COMMITTEE))
        )
        .order_by("bill", "sequence")
        .values_list("bill", "action", "date", "from_stage", "to_stage")
    )
    durations = days_in_committee(events)
    context = {
        "committee": committee,
        "at": at,
        "errors": [date_error] if date_error else [],
        "members": members,
        # A chamber without factions (the Senate) gets no faction column.
        "with_factions": any(getattr(m, "faction", None) for m in members),
        "led": led,
        "co_executed": co_executed,
        "in_committee": [b for b in led if b.stage == Stage.MAJILIS_COMMITTEE],
        "median_days": statistics.median(durations) if durations else None,
        "durations": len(durations),
    }
    return render(request, "chambers/committee.html", context)
