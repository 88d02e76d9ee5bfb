"""Public pages: the bills list, a bill, a vote. They read through bills.queries and show
what bills.procedure says; they never decide the law."""

import datetime
from collections import Counter, defaultdict

from django import forms
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from deputies.models import Deputy
from parlament.api import TOTALS, latest_change
from parlament.hemicycle import Seat

from . import procedure as P
from . import queries, services
from .models import STAGES, Bill, InitiatorType, Kind, Option
from .search import search_bills

PER_PAGE = 25
# Seat colours on the seating chart; bills.css uses the same ones for the bars.
OPTION_COLORS = {
    Option.YES: "#2e7d32",
    Option.NO: "#c62828",
    Option.ABSTAIN: "#f2a900",
    Option.ABSENT: "#9e9e9e",
}


def _today() -> datetime.date:
    """Today in Asia/Almaty; the tests replace it to see clocks run."""
    return timezone.localdate()


def _language() -> str:
    return (get_language() or "kk")[:2]


def _url(name: str, arg, fallback: str) -> str:
    """Another app's page: its named URL when it exists, else the public path of
    ARCHITECTURE.md §5 under the reader's language."""
    try:
        return reverse(name, args=[arg])
    except NoReverseMatch:
        return f"/{_language()}/{fallback}/{arg}/"


def deputy_url(deputy) -> str:
    return _url("deputies:detail", deputy.uuid, "deputies")


def committee_url(committee) -> str:
    return _url("chambers:committee", committee.public_id, "committees")


# --- Bills list ---------------------------------------------------------------------------------

SORTS = {
    "newest": ("-registered_on", "-id"),
    "oldest": ("registered_on", "id"),
    "updated": ("-updated_at", "-id"),
    "relevance": None,  # search_bills' ranking (PostgreSQL); newest first on SQLite
}
SORT_CHOICES = [
    ("newest", _("Newest first")),
    ("oldest", _("Oldest first")),
    ("updated", _("Recently updated")),
    ("relevance", _("Best match (with a search)")),
]
ANY = ("", _("Any"))
ISO_DATE = ["%Y-%m-%d"]


class BillFilters(forms.Form):
    """The list's filters, read from the query string; a bad value is reported and ignored."""

    q = forms.CharField(label=_("Search titles and summaries"), required=False, max_length=200)
    stage = forms.ChoiceField(label=_("Stage"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[ANY, *Kind.choices])
    initiator_type = forms.ChoiceField(
        label=_("Initiator"), required=False, choices=[ANY, *InitiatorType.choices]
    )
    initiator = forms.UUIDField(label=_("Initiating deputy (id)"), required=False)
    committee = forms.ChoiceField(label=_("Lead committee"), required=False)
    convocation = forms.ChoiceField(label=_("Convocation"), required=False)
    registered_from = forms.DateField(
        label=_("Registered from"),
        required=False,
        input_formats=ISO_DATE,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    registered_to = forms.DateField(
        label=_("Registered until"),
        required=False,
        input_formats=ISO_DATE,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    sort = forms.ChoiceField(label=_("Order"), required=False, choices=SORT_CHOICES)

    def __init__(self, data, *, committees, convocations):
        super().__init__(data)
        self.committees = {c.public_id: c for c in committees}
        self.convocations = {c.roman: c for c in convocations}
        self.fields["stage"].choices = [ANY, *STAGES]
        self.fields["committee"].choices = [
            ANY,
            *((public_id, str(c)) for public_id, c in self.committees.items()),
        ]
        self.fields["convocation"].choices = [
            ANY,
            *((roman, str(c)) for roman, c in self.convocations.items()),
        ]

    def clean_sort(self):
        sort = self.cleaned_data["sort"]
        if sort == "relevance" and not self.data.get("q", "").strip():
            raise forms.ValidationError(_("Ordering by best match needs a search."))
        return sort

    def clean(self):
        data = super().clean()
        start, end = data.get("registered_from"), data.get("registered_to")
        if start and end and end < start:
            self.add_error("registered_to", _("This date is before “Registered from”."))
        return data

    def full_clean(self):
        # Roman numerals may come in lower case: compare them in upper case.
        if self.is_bound and self.data.get("convocation"):
            self.data = self.data.copy()
            self.data["convocation"] = self.data["convocation"].upper()
        super().full_clean()


def bill_list(request):
    filters = BillFilters(
        request.GET,
        committees=queries.lead_committees(),
        convocations=queries.parliament_convocations(),
    )
    filters.is_valid()
    values = {k: v for k, v in filters.cleaned_data.items() if v not in ("", None)}
    problems = [
        (filters[name].label, error) for name, errors in filters.errors.items() for error in errors
    ]

    bills = queries.bill_rows()
    initiator = None
    if "initiator" in values:
        initiator = Deputy.objects.only(*queries.DEPUTY_FIELDS).filter(uuid=values["initiator"])
        initiator = initiator.first()
        if initiator is None:
            problems.append((filters["initiator"].label, _("No deputy has this id.")))
            del values["initiator"]
        else:
            bills = bills.filter(initiators=initiator)
    for name in ("stage", "kind", "initiator_type"):
        if name in values:
            bills = bills.filter(**{name: values[name]})
    if "committee" in values:
        bills = bills.filter(lead_committee=filters.committees[values["committee"]])
    if "convocation" in values:
        bills = bills.filter(convocation=filters.convocations[values["convocation"]])
    if "registered_from" in values:
        bills = bills.filter(registered_on__gte=values["registered_from"])
    if "registered_to" in values:
        bills = bills.filter(registered_on__lte=values["registered_to"])
    searching = bool(values.get("q", "").strip())
    if searching:
        bills = search_bills(bills, values["q"])
    sort = values.get("sort") or ("relevance" if searching else "newest")
    if SORTS[sort] is not None:
        bills = bills.order_by(*SORTS[sort])
    elif not bills.query.order_by:
        bills = bills.order_by(*SORTS["newest"])

    # Links keep the valid filters, in the form the reader wrote them.
    kept = QueryDict(mutable=True)
    for name in filters.fields:
        if name in values and request.GET.get(name):
            kept[name] = request.GET[name]

    paginator = Paginator(bills, PER_PAGE)
    # The total is kept while no bill changes: counting every match on each request costs
    # more than the page itself once there are hundreds of thousands of bills.
    latest = latest_change(Bill, "updated_at")
    key = ("bills-page", tuple(sorted((k, str(v)) for k, v in values.items() if k != "sort")))
    total = TOTALS.get(key, latest)
    if total is not None:
        paginator.count = total
    try:
        number = int(request.GET.get("page", "1"))
        if number < 1:
            raise ValueError
    except ValueError:
        problems.append((_("Page"), _("Page numbers are whole numbers from 1.")))
        number = 1
    if number > paginator.num_pages:
        last = paginator.num_pages
        message = ngettext(
            "There is only %(n)s page; showing it.",
            "There are only %(n)s pages; showing the last.",
            last,
        )
        problems.append((_("Page"), message % {"n": last}))
        number = paginator.num_pages
    page = paginator.page(number)
    if total is None:
        TOTALS.put(key, latest, paginator.count)

    def page_link(n):
        query = kept.copy()
        if n > 1:
            query["page"] = n
        return f"?{query.urlencode()}" if query else "?"

    pages = [
        (n, page_link(n) if n != Paginator.ELLIPSIS else None)
        for n in paginator.get_elided_page_range(number, on_each_side=2, on_ends=1)
    ]
    rows = list(page.object_list)
    for bill in rows:
        if bill.lead_committee:
            bill.lead_committee.url = committee_url(bill.lead_committee)
    context = {
        "filters": filters,
        "problems": problems,
        "page": page,
        "bills": rows,
        "total": paginator.count,
        "pages": pages,
        "previous_link": page_link(number - 1) if page.has_previous() else None,
        "next_link": page_link(number + 1) if page.has_next() else None,
        "initiator": initiator,
        "filtered": bool(kept),
    }
    return render(request, "bills/list.html", context)


# --- Bill page ----------------------------------------------------------------------------------


def _event_label(action: str, on: datetime.date) -> dict[str, str]:
    """The action in the words of its date's rules (the Majilis "approved" before 2023)."""
    try:
        return P.era_on(on).verb(action)
    except P.ProcedureError:
        return P.ACTION_LABELS[P.Action(action)]


def tracker(bill, events) -> list[dict]:
    """The steps of the bill's path, each done, skipped, current or ahead. A stage off the
    main path (a return, amendments, objections) or a final outcome is shown after the last
    path stage the bill reached."""
    try:
        path = P.path_for(P.Kind(bill.kind), bill.registered_on)
    except P.ProcedureError:
        path = P.MAIN_PATH
    current = P.Stage(bill.stage)
    reached = {e.to_stage for e in events} | {current}
    final = current in (P.Stage.REJECTED, P.Stage.WITHDRAWN)

    def step(stage, state):
        return {"stage": stage, "label": P.STAGE_LABELS[stage], "state": state}

    if current in path:
        at = path.index(current)
        before = [step(s, "done" if s in reached else "skipped") for s in path[:at]]
        return [*before, step(current, "current"), *(step(s, "ahead") for s in path[at + 1 :])]
    last = max((path.index(s) for s in reached if s in path), default=-1)
    steps = [step(s, "done" if s in reached else "skipped") for s in path[: last + 1]]
    steps.append(step(current, "outcome" if final else "current"))
    steps += [step(s, "not-reached" if final else "ahead") for s in path[last + 1 :]]
    return steps


def bill_detail(request, id):
    bill = queries.bill_page(id)
    today = _today()
    status = services.bill_status(bill, today, events=bill.events.all())
    events = list(bill.events.all())
    votes = list(bill.votes.all())
    by_event = defaultdict(list)
    for vote in votes:
        if vote.event_pk:
            by_event[vote.event_pk].append(vote)
    for event in events:
        event.label = _event_label(event.action, event.date)
        event.vote_list = by_event[event.pk]
        event.committee_list = list(event.committees.all())
        for committee in event.committee_list:
            committee.url = committee_url(committee)
    factions = queries.faction_counts(votes)
    for vote in votes:
        vote.tally_list = _tallies(vote)
        vote.faction_rows = factions.get(vote.pk, [])
        vote.joint = vote.body == P.Body.JOINT
    initiators = list(bill.initiators.all())
    for deputy in initiators:
        deputy.url = deputy_url(deputy)
    committees = [c for c in (bill.lead_committee, *bill.co_committees.all()) if c]
    for committee in committees:
        committee.url = committee_url(committee)
    deadline = status.deadline
    context = {
        "bill": bill,
        "status": status,
        "deadline": deadline,
        "overdue_days": -deadline.days_left if deadline else 0,
        "today": today,
        "steps": tracker(bill, events),
        "final": bill.stage in P.FINAL_STAGES,
        "events": events,
        "votes": votes,
        "documents": list(bill.documents.all()),
        "initiators": initiators,
        "lead_committee": bill.lead_committee,
        "co_committees": committees[1:] if bill.lead_committee else committees,
    }
    return render(request, "bills/detail.html", context)


def _tallies(vote) -> list:
    tallies = list(vote.tallies.all())
    for tally in tallies:
        tally.present = tally.yes + tally.no + tally.abstain
    return tallies


# --- Vote page ----------------------------------------------------------------------------------


def vote_detail(request, id):
    vote = queries.vote_page(id)
    tallies = _tallies(vote)
    ballots = list(vote.ballots.all())
    for ballot in ballots:
        ballot.deputy.url = deputy_url(ballot.deputy)
    groups = queries.faction_groups(ballots)
    option_names = dict(Option.choices)

    charts = []
    for tally in tallies:
        seats = [
            Seat(
                OPTION_COLORS[b.option],
                f"{b.deputy} — {g.faction or _('not in a faction')} — {option_names[b.option]}",
                b.deputy.url,
            )
            for g in groups
            if g.chamber.pk == tally.chamber.pk
            for b in g.ballots
        ]
        title = _("How each deputy of the %(chamber)s voted") % {"chamber": tally.chamber.name}
        charts.append(
            {
                "chamber": tally.chamber,
                "title": title,
                "seats": seats,
            }
        )

    counted = Counter(b.option for b in ballots)
    official = vote.official_totals
    totals = [
        {
            "option": option,
            "label": option_names[option],
            "official": official[option],
            "ballots": counted[option],
            "difference": (
                counted[option] - official[option] if official[option] is not None else None
            ),
        }
        for option in queries.OPTIONS
    ]
    for row in totals:
        row["magnitude"] = abs(row["difference"] or 0)
    mismatched = [row for row in totals if row["difference"]]
    context = {
        "vote": vote,
        "bill": vote.bill,
        "tallies": tallies,
        "charts": charts,
        "groups": groups,
        "ballot_count": len(ballots),
        "dissenting_groups": [g for g in groups if g.dissenters],
        "totals": totals,
        "has_official": any(v is not None for v in official.values()),
        "mismatched": mismatched,
        "official_text": _totals_text(totals, "official"),
        "ballots_text": _totals_text(totals, "ballots"),
        "events": [(e, _event_label(e.action, e.date)) for e in vote.events.all()],
        "legend": [(OPTION_COLORS[o], option_names[o]) for o in queries.OPTIONS],
    }
    return render(request, "bills/vote.html", context)


def _totals_text(totals, key) -> str:
    return ", ".join(f"{row[key]} {row['label']}" for row in totals if row[key] is not None)
