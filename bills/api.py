"""The bills API: reads for everyone, writes for clerks through the services."""

from pathlib import Path

from django.db.models import Prefetch
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import generics, status
from rest_framework.response import Response

from chambers.models import ROMAN, Committee, Convocation
from deputies.models import Deputy

from . import services
from .models import Bill, BillEvent, Report, Tally, Vote
from .serializers import (
    ActionInput,
    BillCreateInput,
    BillDetailOut,
    BillOut,
    EventOut,
    ReportDetailOut,
    ReportOut,
    ReportRequestInput,
    VoteCreateInput,
    VoteOut,
)
from .services import DomainError

VOTE_LOADING = (
    Vote.objects.select_related("bill")
    .prefetch_related(Prefetch("tallies", Tally.objects.select_related("chamber")))
    .order_by("-date", "-id")
)
EVENT_LOADING = BillEvent.objects.prefetch_related(
    Prefetch("committees", Committee.objects.select_related("chamber", "convocation")),
    Prefetch("votes", Vote.objects.only("id", "uuid")),
).order_by("sequence")
COMMITTEES = Committee.objects.select_related("chamber", "convocation")


def bills_with_refs():
    return Bill.objects.select_related(
        "convocation", "law_convocation", "lead_committee__chamber", "lead_committee__convocation"
    ).prefetch_related("initiators", Prefetch("co_committees", COMMITTEES))


def bill_detail(bill_pk: int, *, status_code=status.HTTP_200_OK) -> Response:
    bill = (
        bills_with_refs()
        .prefetch_related(Prefetch("events", EVENT_LOADING), Prefetch("votes", VOTE_LOADING))
        .get(pk=bill_pk)
    )
    context = {"status": services.bill_status(bill, timezone.localdate())}
    return Response(BillDetailOut(bill, context=context).data, status=status_code)


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


class BillList(generics.ListCreateAPIView):
    """Bills; clerks of the Majilis register new ones (stage `registered`)."""

    serializer_class = BillOut

    def get_queryset(self):
        return bills_with_refs().order_by("-registered_on", "-id")

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
        return bill_detail(bill.pk, status_code=status.HTTP_201_CREATED)


class BillDetail(generics.RetrieveAPIView):
    serializer_class = BillDetailOut

    def retrieve(self, request, *args, **kwargs):
        bill = get_object_or_404(Bill.objects.only("pk"), uuid=kwargs["id"])
        return bill_detail(bill.pk)


class BillActions(generics.ListCreateAPIView):
    """A bill's events in order; clerks append the next one (DOMAIN.md A6)."""

    serializer_class = EventOut
    pagination_class = None

    def get_bill(self):
        return get_object_or_404(Bill, uuid=self.kwargs["id"])

    def get_queryset(self):
        return EVENT_LOADING.filter(bill=self.get_bill())

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
        return bill_detail(bill.pk, status_code=status.HTTP_201_CREATED)


class VoteList(generics.ListCreateAPIView):
    """Roll-call votes; clerks (or the e-voting system) record new ones with their ballots.
    Re-sending a vote already recorded (same chamber, date, bill and motion) returns it."""

    serializer_class = VoteOut
    queryset = VOTE_LOADING

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
        vote = VOTE_LOADING.get(pk=vote.pk)
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(VoteOut(vote).data, status=code)


class VoteDetail(generics.RetrieveAPIView):
    serializer_class = VoteOut
    queryset = VOTE_LOADING
    lookup_field = "uuid"
    lookup_url_kwarg = "id"


class ReportList(generics.ListCreateAPIView):
    """Reports and their status; staff queue one with `{"kind", "parameters"}` (202)."""

    serializer_class = ReportOut
    queryset = Report.objects.order_by("kind", "key")

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


class ReportDetail(generics.RetrieveAPIView):
    serializer_class = ReportDetailOut
    queryset = Report.objects.all()
    lookup_field = "uuid"
    lookup_url_kwarg = "id"


def report_file(request, id):
    """The report's file (a dump's zip), streamed from storage."""
    report = get_object_or_404(Report.objects.exclude(file=""), uuid=id)
    name = f"{report.kind}-{report.key_slug}{Path(report.file.name).suffix}"
    return FileResponse(report.file.open("rb"), as_attachment=True, filename=name)
