"""Public pages about deputies and factions: who sat where on a date, and how they voted.

Every page reads a date from the query string (`date`, ISO); without one it shows the latest
day of the composition it describes. Bad filter values are reported on the page, never a 500.
"""

import datetime
import re
import statistics
from dataclasses import dataclass

from django import forms
from django.core.paginator import Paginator
from django.db.models import (
    Count,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Concat
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bills.models import PRESENT, Ballot, Bill, FactionLine, Option, Vote
from bills.queries import within_terms
from chambers.models import Chamber, Committee, Convocation
from parlament.api import kept_until_changed

from .models import (
    Basis,
    ChamberOffice,
    CommitteeMembership,
    Deputy,
    Faction,
    FactionMembership,
    Mandate,
    by_name,
    in_language,
)

PER_PAGE = 50
TOP_BREAKS = 10
NO_FACTION = "none"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


# --- Shared by the deputies and chambers pages ------------------------------------------------


def latest_day(today: datetime.date | None = None) -> datetime.date:
    """Today, or the last day of the latest convocation once it has ended (one query): the
    bicameral Parliament ended on 1 July 2026, and "now" shows it as it last stood."""
    today = today or timezone.localdate()
    convocation = Convocation.objects.latest_started(today)
    return min(today, convocation.ends_on) if convocation and convocation.ends_on else today


def until(ends_on: datetime.date | None) -> datetime.date:
    """Today, or the last day of something that has ended (a faction, a committee)."""
    today = timezone.localdate()
    return min(today, ends_on) if ends_on else today


def date_asked(request, default: datetime.date) -> tuple[datetime.date, str]:
    """The `date` of the query string, else the default; with a message when it is no date."""
    raw = request.GET.get("date", "").strip()
    if not raw:
        return default, ""
    try:
        if not _ISO_DATE.fullmatch(raw):
            raise ValueError(raw)
        return datetime.date.fromisoformat(raw), ""
    except ValueError:
        message = _("“%(value)s” is not a date written as YYYY-MM-DD; showing %(date)s.") % {
            "value": raw[:40],
            "date": date_format(default, "DATE_FORMAT"),
        }
        return default, message


# What a row of a table of bills shows (chambers/_bills.html, the bills a deputy initiated).
BILL_ROW = ["id", "uuid", "number", "registered_on", "stage", "title_kk", "title_ru", "title_en"]


def bill_url(bill: Bill) -> str:
    return reverse("bills:detail", args=[bill.uuid])


def vote_url(vote: Vote) -> str:
    return reverse("bills:vote", args=[vote.uuid])


def initials(deputy: Deputy) -> str:
    return "".join(part[:1] for part in (deputy.last_name, deputy.first_name) if part).upper()


# --- Faction lines ----------------------------------------------------------------------------


def with_faction_line(ballots):
    """Each ballot with `faction_line`: the option more than half of the present members of
    the deputy's faction chose in that vote (yes, no or abstain), as recorded with the roll
    call (bills.models.FactionLine); "" when the deputy was in no faction or no option had
    such a majority. One index probe per ballot."""
    line = FactionLine.objects.filter(vote=OuterRef("vote"), faction=OuterRef("faction"))
    return ballots.annotate(faction_line=Coalesce(Subquery(line.values("option")), Value("")))


def agreeing(ballots):
    # An absence never agrees: excluded first, its line is not computed.
    return ballots.exclude(option=Option.ABSENT).filter(option=F("faction_line"))


def disagreeing(ballots):
    """Present, in a faction with a line, and not on it; absences are neither."""
    # "option:line" against the pairs that disagree reads `faction_line` once: comparing it
    # twice (not "", not the option) would run its subquery twice per ballot.
    pairs = [f"{mine}:{line}" for mine in PRESENT for line in PRESENT if mine != line]
    return (
        ballots.exclude(option=Option.ABSENT)
        .alias(option_line=Concat("option", Value(":"), "faction_line"))
        .filter(option_line__in=pairs)
    )


# --- Deputies list ----------------------------------------------------------------------------


class DeputyFilters(forms.Form):
    chamber = forms.ChoiceField(
        label=gettext_lazy("chamber"),
        required=False,
        error_messages={
            "invalid_choice": gettext_lazy(
                "There is no chamber “%(value)s”; showing both chambers."
            )
        },
    )
    faction = forms.ChoiceField(
        label=gettext_lazy("faction"),
        required=False,
        error_messages={
            "invalid_choice": gettext_lazy(
                "There is no faction “%(value)s” on this date; the faction filter is ignored."
            )
        },
    )
    committee = forms.ChoiceField(
        label=gettext_lazy("committee"),
        required=False,
        error_messages={
            "invalid_choice": gettext_lazy(
                "There is no committee “%(value)s” on this date; the committee filter is ignored."
            )
        },
    )
    basis = forms.ChoiceField(
        label=gettext_lazy("basis"),
        required=False,
        error_messages={
            "invalid_choice": gettext_lazy(
                "“%(value)s” is not a way of obtaining a mandate; the filter is ignored."
            )
        },
    )

    def __init__(self, data, *, chambers, factions, committees):
        super().__init__(data)
        self.fields["chamber"].choices = [
            ("all", _("both chambers")),
            *((c.code, c.name) for c in chambers),
        ]
        self.fields["faction"].choices = [
            ("", _("any")),
            *((f.public_id, f.name) for f in factions),
            (NO_FACTION, _("Not in a faction")),
        ]
        by_chamber = {}
        for committee in committees:
            by_chamber.setdefault(committee.chamber.name, []).append(
                (committee.public_id, committee.name)
            )
        self.fields["committee"].choices = [("", _("any")), *by_chamber.items()]
        self.fields["basis"].choices = [("", _("any")), *Basis.choices]


def deputy_list(request):
    """Deputies serving on a date, filtered by chamber, faction, committee and basis."""
    at, date_error = date_asked(request, latest_day())
    chambers = list(Chamber.objects.all())
    factions = list(
        Faction.objects.active_on(at)
        .select_related("party", "chamber", "convocation")
        .order_by("chamber__position", "-seats_won", "name")
    )
    committees = list(
        Committee.objects.active_on(at)
        .select_related("chamber", "convocation")
        .order_by("chamber__position", "name")
    )
    form = DeputyFilters(request.GET, chambers=chambers, factions=factions, committees=committees)
    form.is_valid()
    chosen = form.cleaned_data
    chamber = next((c for c in chambers if c.code == chosen.get("chamber")), None)

    mandates = Mandate.objects.serving_on(at, chamber)
    faction = next((f for f in factions if f.public_id == chosen.get("faction")), None)
    in_factions = FactionMembership.objects.active_on(at)
    if faction is not None:
        mandates = mandates.filter(pk__in=in_factions.filter(faction=faction).values("mandate"))
    elif chosen.get("faction") == NO_FACTION:
        mandates = mandates.exclude(pk__in=in_factions.values("mandate"))
    committee = next((c for c in committees if c.public_id == chosen.get("committee")), None)
    if committee is not None:
        seated = CommitteeMembership.objects.active_on(at).filter(committee=committee)
        mandates = mandates.filter(pk__in=seated.values("mandate"))
    if chosen.get("basis"):
        mandates = mandates.filter(basis=chosen["basis"])

    mandates = (
        mandates.select_related("deputy", "chamber", "convocation")
        .prefetch_related(
            Prefetch(
                "faction_memberships",
                FactionMembership.objects.active_on(at).select_related(
                    "faction__party", "faction__chamber", "faction__convocation"
                ),
                to_attr="factions_then",
            ),
            Prefetch(
                "committee_memberships",
                CommitteeMembership.objects.active_on(at)
                .select_related("committee__chamber", "committee__convocation")
                .order_by(in_language("committee__name")),
                to_attr="committees_then",
            ),
        )
        .order_by("deputy__last_name", "deputy__first_name", "pk")
    )
    page = Paginator(mandates, PER_PAGE).get_page(request.GET.get("page"))
    errors = [date_error] if date_error else []
    errors += [error for field_errors in form.errors.values() for error in field_errors]
    context = {
        "at": at,
        "form": form,
        "errors": errors,
        "page_obj": page,
        "chamber": chamber,
        "faction": faction,
        "committee": committee,
        "filtered": bool(faction or committee or chosen.get("basis") or chosen.get("faction")),
        # The Senate has no factions: its members are not "not in a faction".
        "with_factions": {f.chamber_id for f in factions},
        "opts": Deputy._meta,
    }
    return render(request, "deputies/list.html", context)


# --- Deputy page ------------------------------------------------------------------------------


class RecordFilters(forms.Form):
    option = forms.ChoiceField(
        label=gettext_lazy("option"),
        required=False,
        error_messages={
            "invalid_choice": gettext_lazy("“%(value)s” is not a ballot option; it is ignored.")
        },
    )
    line = forms.ChoiceField(
        label=gettext_lazy("Faction line"),
        required=False,
        error_messages={
            "invalid_choice": gettext_lazy(
                "“%(value)s” is not a choice of the faction line filter; it is ignored."
            )
        },
    )

    def __init__(self, data):
        super().__init__(data)
        self.fields["option"].choices = [("", _("any")), *Option.choices]
        self.fields["line"].choices = [
            ("", _("any")),
            ("agree", _("with the faction majority")),
            ("disagree", _("against the faction majority")),
        ]


@dataclass
class Attendance:
    ballots: int
    present: int

    @property
    def absent(self) -> int:
        return self.ballots - self.present

    @property
    def rate(self) -> float | None:
        return 100 * self.present / self.ballots if self.ballots else None


# The newest bills a deputy initiated shown on their page; the bills list has them all.
INITIATED_SHOWN = 50


def deputy_detail(request, id):
    """A deputy: mandates, faction and committee history, offices, votes, bills initiated."""
    deputy = get_object_or_404(Deputy, uuid=id)
    mandates = list(deputy.mandates.select_related("chamber", "convocation").order_by("starts_on"))
    factions = list(
        FactionMembership.objects.for_deputy(deputy)
        .select_related("faction__party", "faction__chamber", "faction__convocation")
        .order_by("starts_on")
    )
    committees = list(
        CommitteeMembership.objects.for_deputy(deputy)
        .select_related("committee__chamber", "committee__convocation")
        .order_by("starts_on", in_language("committee__name"))
    )
    offices = list(
        ChamberOffice.objects.for_deputy(deputy)
        .select_related("mandate__chamber")
        .order_by("starts_on")
    )
    initiated = list(
        deputy.initiated_bills.only(*BILL_ROW).order_by("-registered_on", "-pk")[
            : INITIATED_SHOWN + 1
        ]
    )
    initiated_total = len(initiated)
    if initiated_total > INITIATED_SHOWN:  # the rest are one link away, on the bills list
        initiated_total = deputy.initiated_bills.count()
        initiated = initiated[:INITIATED_SHOWN]
    for bill in initiated:
        bill.url = bill_url(bill)
    counts = deputy.ballots.aggregate(
        ballots=Count("pk"), present=Count("pk", filter=~Q(option=Option.ABSENT))
    )
    attendance = Attendance(**counts)

    form = RecordFilters(request.GET)
    form.is_valid()
    chosen = form.cleaned_data
    ballots = with_faction_line(
        within_terms(deputy.ballots, [(m.starts_on, m.ends_on) for m in mandates]).select_related(
            "vote__bill", "faction"
        )
    )
    if chosen.get("option"):
        ballots = ballots.filter(option=chosen["option"])
    if chosen.get("line") == "agree":
        ballots = agreeing(ballots)
    elif chosen.get("line") == "disagree":
        ballots = disagreeing(ballots)
    ballots = ballots.order_by("-vote__date", "-vote__pk")
    paginator = Paginator(ballots, PER_PAGE)
    if not chosen.get("option") and not chosen.get("line"):
        paginator.count = counts["ballots"]  # the whole record, counted above
    page = paginator.get_page(request.GET.get("page"))
    for ballot in page:
        ballot.vote.url = vote_url(ballot.vote)
        ballot.vote.bill.url = bill_url(ballot.vote.bill)
        ballot.line_label = Option(ballot.faction_line).label if ballot.faction_line else ""
        ballot.agrees = bool(ballot.faction_line) and ballot.option == ballot.faction_line

    errors = [error for field_errors in form.errors.values() for error in field_errors]
    context = {
        "deputy": deputy,
        "initials": initials(deputy),
        "mandates": mandates,
        "factions": factions,
        "committees": committees,
        "offices": offices,
        "initiated": initiated,
        "initiated_total": initiated_total,
        "attendance": attendance,
        "form": form,
        "errors": errors,
        "page_obj": page,
        "filtered": bool(chosen.get("option") or chosen.get("line")),
    }
    return render(request, "deputies/detail.html", context)


# --- Faction page -----------------------------------------------------------------------------


@dataclass
class FactionVote:
    """One vote as the faction cast it: counts of its members' ballots."""

    vote_id: int
    yes: int
    no: int
    abstain: int
    absent: int

    @property
    def present(self) -> int:
        return self.yes + self.no + self.abstain

    @property
    def rice(self) -> float:
        """Rice index: |yes − (no + abstain)| / present; 1 united, 0 evenly split."""
        return abs(self.yes - (self.no + self.abstain)) / self.present

    @property
    def line(self) -> str:
        """The option more than half of the present members chose (the faction's line, as
        bills.models.FactionLine stores it); "" when none has such a majority."""
        counts = {"yes": self.yes, "no": self.no, "abstain": self.abstain}
        return FactionLine.majority(counts) or ""

    @property
    def broke_ranks(self) -> int:
        """Present members who did not vote as the largest group of the faction did (its
        majority, where it has one)."""
        return self.present - max(self.yes, self.no, self.abstain)


def cohesion(rows: list[FactionVote]) -> float | None:
    """The Rice index averaged over the votes where at least one member was present."""
    counted = [row.rice for row in rows if row.present]
    return statistics.fmean(counted) if counted else None


def faction_detail(request, public_id):
    """A faction: members on the date with its leader, seats, cohesion, votes that split it."""
    faction = (
        Faction.objects.by_public_ids([public_id])
        .select_related("party", "chamber", "convocation")
        .first()
    )
    if faction is None:
        raise Http404(_("There is no faction “%(id)s”.") % {"id": public_id})
    at, date_error = date_asked(request, until(faction.ends_on))
    members = list(
        FactionMembership.objects.active_on(at)
        .filter(faction=faction)
        .select_related("mandate__deputy")
        .order_by("-is_leader", *by_name("mandate__deputy__"))
    )
    option_count = {
        option: Count("pk", filter=Q(option=option))
        for option in (Option.YES, Option.NO, Option.ABSTAIN, Option.ABSENT)
    }
    # Every vote the faction cast, counted by option: hundreds of thousands of ballots for a
    # long-lived faction, so kept until a vote changes (a ballot is written with its vote).
    rows = kept_until_changed(
        f"faction-votes:{faction.pk}:{at.isoformat()}",
        Vote,
        lambda: [
            FactionVote(vote_id=row.pop("vote"), **row)
            for row in Ballot.objects.filter(faction=faction, vote__date__lte=at)
            .values("vote")
            .annotate(**option_count)
            .order_by()
        ],
    )
    present_rows = [row for row in rows if row.present]
    breaks = sorted(
        (row for row in present_rows if row.broke_ranks),
        key=lambda row: (-row.broke_ranks, -row.vote_id),
    )[:TOP_BREAKS]
    if breaks:
        votes = Vote.objects.select_related("bill").in_bulk([row.vote_id for row in breaks])
        breakers: dict[int, list] = {row.vote_id: [] for row in breaks}
        lines = {row.vote_id: row for row in breaks}
        for ballot in (
            Ballot.objects.filter(faction=faction, vote__in=list(breakers))
            .exclude(option=Option.ABSENT)
            .select_related("deputy")
            .order_by(*by_name("deputy__"))
        ):
            row = lines[ballot.vote_id]
            largest = max(row.yes, row.no, row.abstain)
            # Without a majority, everyone outside the first largest group broke ranks.
            line = row.line or next(
                o for o in ("yes", "no", "abstain") if getattr(row, o) == largest
            )
            if ballot.option != line:
                breakers[ballot.vote_id].append(ballot)
        breaks = [row for row in breaks if row.vote_id in votes]  # none deleted since kept
        for row in breaks:
            row.vote = votes[row.vote_id]
            row.vote.url = vote_url(row.vote)
            row.vote.bill.url = bill_url(row.vote.bill)
            row.breakers = breakers[row.vote_id]
    context = {
        "faction": faction,
        "at": at,
        "errors": [date_error] if date_error else [],
        "members": members,
        "leader": next((m for m in members if m.is_leader), None),
        "cohesion": cohesion(rows),
        "votes_counted": len(present_rows),
        "breaks": breaks,
    }
    return render(request, "deputies/faction.html", context)
