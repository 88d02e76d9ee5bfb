"""API input and output shapes for bills, their actions and votes (ARCHITECTURE.md §5)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from parlament.api import LANGUAGE_CODES, localized

from . import procedure
from .models import Body, InitiatorType, Kind, Option, Report

NAME_PARTS = ("last_name", "first_name", "patronymic")


def deputy_name(deputy) -> dict[str, str]:
    names = {}
    for code in LANGUAGE_CODES:
        parts = [getattr(deputy, f"{part}_{code}") for part in NAME_PARTS]
        names[code] = " ".join(p for p in parts if p)
    return names


# --- Input ----------------------------------------------------------------------------------


class StrictSerializer(serializers.Serializer):
    """Unknown keys are an error, never silently ignored."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({key: [_("Unknown field.")] for key in unknown})
        return super().to_internal_value(data)


class TextsInput(StrictSerializer):
    kk = serializers.CharField(required=False, allow_blank=True, max_length=500)
    ru = serializers.CharField(required=False, allow_blank=True, max_length=500)
    en = serializers.CharField(required=False, allow_blank=True, max_length=500)


class SummaryInput(TextsInput):
    kk = serializers.CharField(required=False, allow_blank=True)
    ru = serializers.CharField(required=False, allow_blank=True)
    en = serializers.CharField(required=False, allow_blank=True)


class BillCreateInput(StrictSerializer):
    kind = serializers.ChoiceField(Kind.choices)
    initiator_type = serializers.ChoiceField(InitiatorType.choices)
    initiators = serializers.ListField(child=serializers.UUIDField(), required=False, default=list)
    title = TextsInput()
    summary = SummaryInput(required=False)
    registered_on = serializers.DateField()
    convocation = serializers.RegexField(r"^[IVX]+$", required=False)
    priority = serializers.BooleanField(required=False, default=False)


class TotalsInput(StrictSerializer):
    yes = serializers.IntegerField(min_value=0, required=False)
    no = serializers.IntegerField(min_value=0, required=False)
    abstain = serializers.IntegerField(min_value=0, required=False)
    absent = serializers.IntegerField(min_value=0, required=False)


class BallotInput(StrictSerializer):
    deputy = serializers.UUIDField()
    option = serializers.ChoiceField(Option.choices)


class VoteCreateInput(StrictSerializer):
    chamber = serializers.ChoiceField(Body.choices)
    date = serializers.DateField()
    bill = serializers.UUIDField()
    motion = serializers.CharField(max_length=200)
    official_totals = TotalsInput(required=False)
    ballots = BallotInput(many=True, allow_empty=False, max_length=500)
    confirm_mismatch = serializers.BooleanField(required=False, default=False)


class LawNumberInput(StrictSerializer):
    serial = serializers.IntegerField(min_value=1)
    suffix = serializers.CharField(max_length=10, required=False, allow_blank=True, default="")


class ActionInput(StrictSerializer):
    action = serializers.ChoiceField([a.value for a in procedure.Action])
    date = serializers.DateField()
    votes = serializers.ListField(child=serializers.UUIDField(), required=False, default=list)
    committees = serializers.ListField(
        child=serializers.CharField(max_length=80), required=False, default=list
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")
    variant = serializers.CharField(required=False, allow_null=True, default=None)
    law_number = LawNumberInput(required=False)
    version = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text=_("The bill version you saw; a newer one makes the request a 409 conflict."),
    )


# --- Output ---------------------------------------------------------------------------------


class DeputyRef(serializers.Serializer):
    id = serializers.UUIDField(source="uuid")
    ocd_id = serializers.SerializerMethodField()
    name = serializers.SerializerMethodField()

    def get_ocd_id(self, deputy) -> str:
        return f"ocd-person/{deputy.uuid}"

    def get_name(self, deputy) -> dict[str, str]:
        return deputy_name(deputy)


class CommitteeRef(serializers.Serializer):
    id = serializers.CharField(source="public_id")
    name = serializers.SerializerMethodField()

    def get_name(self, committee) -> dict[str, str]:
        return localized(committee, "name")


class TallyOut(serializers.Serializer):
    chamber = serializers.CharField(source="chamber.code")
    seats = serializers.IntegerField()
    threshold = serializers.IntegerField()
    quorum = serializers.IntegerField()
    yes = serializers.IntegerField()
    no = serializers.IntegerField()
    abstain = serializers.IntegerField()
    absent = serializers.IntegerField()
    result = serializers.CharField()


class VoteOut(serializers.Serializer):
    id = serializers.UUIDField(source="uuid")
    ocd_id = serializers.SerializerMethodField()
    bill = serializers.SerializerMethodField()
    chamber = serializers.CharField(source="body")
    date = serializers.DateField()
    motion = serializers.CharField()
    stage = serializers.CharField()
    rule = serializers.CharField()
    threshold = serializers.SerializerMethodField()
    result = serializers.CharField()
    tallies = TallyOut(many=True)
    official_totals = serializers.DictField(child=serializers.IntegerField(allow_null=True))
    totals_mismatch = serializers.BooleanField()

    def get_ocd_id(self, vote) -> str:
        return f"ocd-vote/{vote.uuid}"

    def get_bill(self, vote) -> dict:
        return {"id": str(vote.bill.uuid), "number": vote.bill.number}

    def get_threshold(self, vote) -> int | dict[str, int]:
        """Yes votes needed; per chamber for a joint sitting."""
        tallies = list(vote.tallies.all())
        if vote.body == Body.JOINT:
            return {t.chamber.code: t.threshold for t in tallies}
        return tallies[0].threshold


class EventOut(serializers.Serializer):
    sequence = serializers.IntegerField()
    action = serializers.CharField()
    date = serializers.DateField()
    chamber = serializers.CharField(source="body")
    from_stage = serializers.CharField()
    to_stage = serializers.CharField()
    committees = serializers.SerializerMethodField()
    votes = serializers.SerializerMethodField()
    note = serializers.CharField()

    def get_committees(self, event) -> list[str]:
        return [c.public_id for c in event.committees.all()]

    def get_votes(self, event) -> list[str]:
        return [str(v.uuid) for v in event.votes.all()]


class BillOut(serializers.Serializer):
    id = serializers.UUIDField(source="uuid")
    ocd_id = serializers.SerializerMethodField()
    number = serializers.CharField()
    convocation = serializers.CharField(source="convocation.roman")
    kind = serializers.CharField()
    initiator_type = serializers.CharField()
    initiators = DeputyRef(many=True)
    title = serializers.SerializerMethodField()
    summary = serializers.SerializerMethodField()
    registered_on = serializers.DateField()
    priority = serializers.BooleanField()
    stage = serializers.CharField()
    stage_since = serializers.DateField()
    lead_committee = CommitteeRef(allow_null=True)
    co_committees = CommitteeRef(many=True)
    law_number = serializers.SerializerMethodField()
    signed_on = serializers.DateField()
    in_force_on = serializers.DateField()
    updated_at = serializers.DateTimeField()
    version = serializers.IntegerField()

    def get_ocd_id(self, bill) -> str:
        return f"ocd-bill/{bill.uuid}"

    def get_title(self, bill) -> dict[str, str]:
        return localized(bill, "title")

    def get_summary(self, bill) -> dict[str, str]:
        return localized(bill, "summary")

    def get_law_number(self, bill) -> dict | None:
        if bill.law_serial is None:
            return None
        return {
            "serial": bill.law_serial,
            "convocation": bill.law_convocation.roman if bill.law_convocation_id else None,
            "suffix": bill.law_suffix,
            "text": bill.law_number,
        }


class BillDetailOut(BillOut):
    status = serializers.SerializerMethodField()
    actions = EventOut(many=True, source="events")
    votes = VoteOut(many=True)

    def get_status(self, bill) -> dict:
        """Where the bill stands today: next step in plain words, deadline, allowed actions."""
        status = self.context["status"]
        deadline = status.deadline
        return {
            "next_step": status.next_step,
            "deadline": None
            if deadline is None
            else {
                "name": deadline.name,
                "label": deadline.label,
                "due": deadline.due,
                "days_left": deadline.days_left,
                "overdue": deadline.overdue,
            },
            "allowed_actions": [t.action.value for t in status.allowed],
        }


class ReportRequestInput(StrictSerializer):
    kind = serializers.ChoiceField(Report.Kind.choices)
    parameters = serializers.DictField(required=False, default=dict)


class ReportOut(serializers.Serializer):
    id = serializers.UUIDField(source="uuid")
    kind = serializers.CharField()
    parameters = serializers.DictField()
    status = serializers.CharField()
    url = serializers.SerializerMethodField()
    requested_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField()
    generated_at = serializers.DateTimeField()
    file = serializers.SerializerMethodField()
    error = serializers.CharField()

    def get_url(self, report) -> str:
        return self.context["request"].build_absolute_uri(
            reverse("api:report-detail", args=[report.uuid])
        )

    def get_file(self, report) -> str | None:
        if not report.file:
            return None
        return self.context["request"].build_absolute_uri(
            reverse("api:report-file", args=[report.uuid])
        )


class ReportDetailOut(ReportOut):
    data = serializers.JSONField()
