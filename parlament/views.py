import datetime

from django.db.models import Count, Max, Prefetch
from django.shortcuts import render
from django.utils import timezone

from bills import procedure
from bills.models import Bill, BillEvent
from bills.services import bill_state
from chambers.models import Chamber, Convocation
from deputies.models import composition

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


def home(request):
    today = timezone.localdate()
    convocation = Convocation.objects.latest_started(today)
    at = reference_date(today, convocation)
    chambers = [
        {"chamber": chamber, "seats": chamber.seats_on(at), **composition(chamber, at)}
        for chamber in Chamber.objects.all()
    ]
    counts = dict(Bill.objects.values_list("stage").annotate(n=Count("id")).order_by())
    labels = procedure.STAGE_LABELS
    pipeline = [
        (group, [(stage, labels[procedure.Stage(stage)], counts.get(stage, 0)) for stage in stages])
        for group, stages in PIPELINE
    ]
    moved = (
        Bill.objects.annotate(moved_on=Max("events__date"))
        .filter(moved_on__gt=at - RECENT, moved_on__lte=at)
        .order_by("-moved_on", "-id")[:20]
    )
    pending = Bill.objects.pending().prefetch_related(
        Prefetch("events", BillEvent.objects.only("bill_id", "action", "date", "sequence"))
    )
    overdue = []
    for bill in pending:
        deadline = procedure.deadline(bill_state(bill, events=bill.events.all()), at)
        if deadline and deadline.overdue:
            overdue.append((bill, deadline))
    overdue.sort(key=lambda row: row[1].days_left)
    context = {
        "convocation": convocation,
        "at": at,
        "ended": at < today,
        "chambers": chambers,
        "pipeline": pipeline,
        "rejected": counts.get("rejected", 0),
        "withdrawn": counts.get("withdrawn", 0),
        "moved": moved,
        "overdue": overdue[:20],
        "overdue_count": len(overdue),
    }
    return render(request, "parlament/home.html", context)
