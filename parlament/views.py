import datetime

from django.db.models import Count, Max
from django.shortcuts import render
from django.utils import timezone

from bills import procedure
from bills.models import Bill, BillEvent
from bills.queries import overdue_bills
from chambers.models import Chamber, Convocation
from deputies.models import composition
from parlament.api import kept_until_changed

RECENT = datetime.timedelta(days=7)
# The pipeline of the home page: where bills wait, in the order a law travels.
PIPELINE = [
    (
        "majilis",
        [
            "registered",
            "majilis_committee",
            "majilis_second_reading",
            "majilis_reconsideration",
            "senate_amendments",
        ],
    ),
    ("senate", ["senate"]),
    ("both", ["conciliation", "joint_sitting"]),
    ("president", ["president", "objections"]),
    ("law", ["signed"]),
]


def reference_date(today: datetime.date, convocation) -> datetime.date:
    """Today, or the last day of the bicameral Parliament once it has ended."""
    if convocation and convocation.ends_on and convocation.ends_on < today:
        return convocation.ends_on
    return today


OVERDUE_SHOWN = 20


def _bill_figures(at: datetime.date) -> tuple[dict[str, int], list[tuple[int, object]]]:
    """Bills per stage, and the pending bills past a deadline on `at` (ids with their
    deadlines, most overdue first; only bills a clock may run for are read). Kept until a
    bill changes: working out thousands of deadlines takes a while."""

    def compute():
        counts = dict(Bill.objects.values_list("stage").annotate(n=Count("id")).order_by())
        overdue = overdue_bills(at, "b.id", "b.registered_on")
        found = [(deadline, on, pk) for (pk, on), _state, deadline in overdue]
        # Most overdue first; among equals, the bills list's order (newest first).
        found.sort(key=lambda f: (f[0].days_left, -f[1].toordinal(), -f[2]))
        return counts, [(pk, deadline) for deadline, _registered_on, pk in found]

    return kept_until_changed(f"home:bills:{at.isoformat()}", Bill, compute)


def _moved(at: datetime.date) -> list[Bill]:
    """The bills whose latest step falls in the week up to `at`, latest first: from the
    events of that week (an index on the date), not from every bill's history."""
    recent = (
        BillEvent.objects.filter(date__gt=at - RECENT, date__lte=at)
        .exclude(bill__in=BillEvent.objects.filter(date__gt=at).values("bill"))
        .values("bill")
        .annotate(moved_on=Max("date"))
        .order_by("-moved_on", "-bill")[:20]
    )
    moved_on = {row["bill"]: row["moved_on"] for row in recent}
    bills = Bill.objects.in_bulk(moved_on)
    for pk, bill in bills.items():
        bill.moved_on = moved_on[pk]
    return sorted(bills.values(), key=lambda b: (b.moved_on, b.pk), reverse=True)


def home(request):
    today = timezone.localdate()
    convocation = Convocation.objects.latest_started(today)
    at = reference_date(today, convocation)
    chambers = [
        {"chamber": chamber, "seats": chamber.seats_on(at), **composition(chamber, at)}
        for chamber in Chamber.objects.all()
    ]
    counts, overdue = _bill_figures(at)
    labels = procedure.STAGE_LABELS
    pipeline = [
        (group, [(stage, labels[procedure.Stage(stage)], counts.get(stage, 0)) for stage in stages])
        for group, stages in PIPELINE
    ]
    shown = Bill.objects.in_bulk([pk for pk, _deadline in overdue[:OVERDUE_SHOWN]])
    moved = _moved(at)
    context = {
        "convocation": convocation,
        "at": at,
        "ended": at < today,
        "chambers": chambers,
        "pipeline": pipeline,
        "rejected": counts.get("rejected", 0),
        "withdrawn": counts.get("withdrawn", 0),
        "moved": moved,
        # A bill deleted between keeping the figures and reading them here is left out.
        "overdue": [
            (shown[pk], deadline) for pk, deadline in overdue[:OVERDUE_SHOWN] if pk in shown
        ],
        "overdue_count": len(overdue),
    }
    return render(request, "parlament/home.html", context)
