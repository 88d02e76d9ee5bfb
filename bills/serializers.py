"""API input and output shapes for bills, their actions, votes, ballots and reports
(ARCHITECTURE.md §5)."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from chambers.models import roman
from chambers.serializers import CommitteeRef
from deputies.serializers import DeputyRef, FactionRef, deputy_ref
from parlament.api import LANGUAGE_CODES, ReadSerializer, Texts, local_iso, texts, translated
from parlament.refs import REFERENCES

from . import procedure
from .models import Body, InitiatorType, Kind, Option, Report, Result

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
# Each shape documents its fields for the schema and builds its dict from `.values()` rows that
# bills.api loads in bulk (with the related rows attached under plain keys).

BILL_REF_COLUMNS = ["uuid", "number", *translated("title")]


def bill_ref(row: dict, prefix: str = "") -> dict:
    uuid = row[f"{prefix}uuid"]
    return {
        "id": uuid,
        "ocd_id": f"ocd-bill/{uuid}",
        "number": row[f"{prefix}number"],
        "title": texts(row, f"{prefix}title"),
    }


class BillRef(ReadSerializer):
    id = serializers.UUIDField()
    ocd_id = serializers.CharField(help_text=_("ocd-bill/<id>"))
    number = serializers.CharField(help_text=_("The registration number."))
    title = Texts()

    def to_representation(self, row):
        return bill_ref(row)


class DocumentOut(ReadSerializer):
    language = serializers.ChoiceField(choices=LANGUAGE_CODES)
    stage = serializers.ChoiceField(choices=[s.value for s in procedure.Stage])
    title = serializers.CharField()
    date = serializers.DateField()
    url = serializers.URLField(help_text=_("The file on this site, or the official address."))

    def to_representation(self, row):
        url = row["url"]
        if row["file"]:
            url = self.context["request"].build_absolute_uri(settings.MEDIA_URL + row["file"])
        return {
            "language": row["language"],
            "stage": row["stage"],
            "title": row["title"],
            "date": row["date"],
            "url": url,
        }


def action_out(row: dict) -> dict:
    return {
        "sequence": row["sequence"],
        "action": row["action"],
        "date": row["date"],
        "chamber": row["body"],
        "from_stage": row["from_stage"],
        "to_stage": row["to_stage"],
        "committees": row["committees"],
        "votes": row["votes"],
        "note": row["note"],
    }


class ActionOut(ReadSerializer):
    sequence = serializers.IntegerField(help_text=_("1, 2, … within the bill: with it, the id."))
    action = serializers.ChoiceField(choices=[a.value for a in procedure.Action])
    date = serializers.DateField()
    chamber = serializers.CharField(allow_blank=True, help_text=_("Where; empty outside them."))
    from_stage = serializers.CharField(allow_blank=True)
    to_stage = serializers.CharField()
    committees = serializers.ListField(child=serializers.CharField(), help_text=_("Public ids."))
    votes = serializers.ListField(child=serializers.UUIDField(), help_text=_("Vote ids."))
    note = serializers.CharField(allow_blank=True)

    def to_representation(self, row):
        return action_out(row)


class TallyOut(ReadSerializer):
    chamber = serializers.ChoiceField(choices=["majilis", "senate"])
    seats = serializers.IntegerField(help_text=_("Established seats on the day."))
    threshold = serializers.IntegerField(help_text=_("Yes votes needed."))
    quorum = serializers.IntegerField()
    yes = serializers.IntegerField()
    no = serializers.IntegerField()
    abstain = serializers.IntegerField()
    absent = serializers.IntegerField()
    result = serializers.ChoiceField(choices=Result.choices)

    def to_representation(self, row):
        return {key: row[key] for key in TALLY_KEYS}


TALLY_KEYS = ("chamber", "seats", "threshold", "quorum", *Option.values, "result")


class FactionTallyOut(serializers.Serializer):
    chamber = serializers.ChoiceField(choices=["majilis", "senate"])
    faction = FactionRef(allow_null=True, help_text=_("Empty: deputies in no faction."))
    yes = serializers.IntegerField()
    no = serializers.IntegerField()
    abstain = serializers.IntegerField()
    absent = serializers.IntegerField()


class VoteBallotOut(ReadSerializer):
    deputy = DeputyRef()
    chamber = serializers.ChoiceField(choices=["majilis", "senate"])
    option = serializers.ChoiceField(choices=Option.choices)
    faction = FactionRef(allow_null=True, help_text=_("The deputy's faction on the day."))

    def to_representation(self, row):
        return {
            "deputy": deputy_ref(row, "deputy__"),
            "chamber": row["chamber__code"],
            "option": row["option"],
            "faction": row["faction"],
        }


@extend_schema_field(
    {
        "oneOf": [
            {"type": "integer"},
            {"type": "object", "additionalProperties": {"type": "integer"}},
        ],
        "nullable": True,
        "description": "Yes votes needed; per chamber ({majilis, senate}) for a joint sitting.",
    }
)
class ThresholdField(serializers.Field):
    pass


class TotalsOut(serializers.Serializer):
    yes = serializers.IntegerField(allow_null=True)
    no = serializers.IntegerField(allow_null=True)
    abstain = serializers.IntegerField(allow_null=True)
    absent = serializers.IntegerField(allow_null=True)


VOTE_COLUMNS = [
    "id",
    "uuid",
    "bill_id",
    *[f"bill__{c}" for c in BILL_REF_COLUMNS],
    "body",
    "date",
    "motion",
    "stage",
    "rule",
    "result",
    *(f"official_{option}" for option in Option.values),
    "totals_mismatch",
    "updated_at",
    "version",
]


def vote_out(row: dict) -> dict:
    tallies = row["tallies"]
    if row["body"] == Body.JOINT:
        threshold = {t["chamber"]: t["threshold"] for t in tallies}
    else:
        threshold = tallies[0]["threshold"] if tallies else None
    body = {
        "id": row["uuid"],
        "ocd_id": f"ocd-vote/{row['uuid']}",
        "bill": bill_ref(row, "bill__"),
        "chamber": row["body"],
        "date": row["date"],
        "motion": row["motion"],
        "stage": row["stage"],
        "rule": row["rule"],
        "threshold": threshold,
        "result": row["result"],
        "tallies": [{key: t[key] for key in TALLY_KEYS} for t in tallies],
        "factions": row["factions"],
        "official_totals": {o: row[f"official_{o}"] for o in Option.values},
        "totals_mismatch": row["totals_mismatch"],
        "updated_at": local_iso(row["updated_at"]),
        "version": row["version"],
    }
    if "ballots" in row:
        body["ballots"] = [
            {
                "deputy": deputy_ref(b, "deputy__"),
                "chamber": b["chamber__code"],
                "option": b["option"],
                "faction": b["faction"],
            }
            for b in row["ballots"]
        ]
    return body


_EXAMPLE_VOTE = {
    "id": "0b8f7c1e-4a55-4c1b-8d36-6f0c3b2f9e21",
    "ocd_id": "ocd-vote/0b8f7c1e-4a55-4c1b-8d36-6f0c3b2f9e21",
    "bill": {
        "id": "9c0f5a52-1d2e-4f7a-9b1e-3c4d5e6f7a8b",
        "ocd_id": "ocd-bill/9c0f5a52-1d2e-4f7a-9b1e-3c4d5e6f7a8b",
        "number": "125-VIII",
        "title": {"kk": "Салық туралы", "ru": "О налогах", "en": "On taxes"},
    },
    "chamber": "majilis",
    "date": "2024-05-06",
    "motion": "first reading",
    "stage": "referred",
    "rule": "simple",
    "threshold": 50,
    "result": "passed",
    "tallies": [
        {
            "chamber": "majilis",
            "seats": 98,
            "threshold": 50,
            "quorum": 66,
            "yes": 70,
            "no": 15,
            "abstain": 5,
            "absent": 8,
            "result": "passed",
        }
    ],
    "factions": [
        {
            "chamber": "majilis",
            "faction": {
                "id": "majilis-viii-amanat",
                "ocd_id": "ocd-organization/majilis-viii-amanat",
                "name": {"kk": "«AMANAT» фракциясы", "ru": "Фракция «AMANAT»", "en": "AMANAT"},
            },
            "yes": 60,
            "no": 0,
            "abstain": 1,
            "absent": 1,
        }
    ],
    "official_totals": {"yes": 70, "no": 15, "abstain": 5, "absent": 8},
    "totals_mismatch": False,
    "updated_at": "2024-05-06T11:02:13.512000+05:00",
    "version": 1,
}


@extend_schema_serializer(examples=[OpenApiExample("A Majilis vote", value=_EXAMPLE_VOTE)])
class VoteOut(ReadSerializer):
    id = serializers.UUIDField()
    ocd_id = serializers.CharField(help_text=_("ocd-vote/<id>"))
    bill = BillRef()
    chamber = serializers.ChoiceField(choices=Body.choices)
    date = serializers.DateField()
    motion = serializers.CharField()
    stage = serializers.CharField(help_text=_("The bill's stage when it was voted."))
    rule = serializers.ChoiceField(choices=[r.value for r in procedure.Rule])
    threshold = ThresholdField()
    result = serializers.ChoiceField(choices=Result.choices)
    tallies = TallyOut(many=True, help_text=_("Per chamber: two for a joint sitting."))
    factions = FactionTallyOut(many=True, help_text=_("Ballots per chamber and faction."))
    official_totals = TotalsOut(help_text=_("As officially announced; empty if not given."))
    totals_mismatch = serializers.BooleanField()
    updated_at = serializers.DateTimeField(help_text=_("Moves with every write to the vote."))
    version = serializers.IntegerField()
    ballots = VoteBallotOut(many=True, required=False, help_text=_("With `include=ballots`."))

    def to_representation(self, row):
        return vote_out(row)


VOTE_REF_COLUMNS = [
    "uuid",
    "date",
    "body",
    "motion",
    "result",
    *[f"bill__{c}" for c in BILL_REF_COLUMNS],
]


class VoteRef(ReadSerializer):
    id = serializers.UUIDField()
    ocd_id = serializers.CharField()
    date = serializers.DateField()
    chamber = serializers.ChoiceField(choices=Body.choices)
    motion = serializers.CharField()
    result = serializers.ChoiceField(choices=Result.choices)
    bill = BillRef()

    def to_representation(self, row):
        return vote_ref(row)


def vote_ref(row: dict, prefix: str = "vote__") -> dict:
    uuid = row[f"{prefix}uuid"]
    return {
        "id": uuid,
        "ocd_id": f"ocd-vote/{uuid}",
        "date": row[f"{prefix}date"],
        "chamber": row[f"{prefix}body"],
        "motion": row[f"{prefix}motion"],
        "result": row[f"{prefix}result"],
        "bill": bill_ref(row, f"{prefix}bill__"),
    }


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A ballot",
            value={
                "vote": {
                    "id": _EXAMPLE_VOTE["id"],
                    "ocd_id": _EXAMPLE_VOTE["ocd_id"],
                    "date": "2024-05-06",
                    "chamber": "majilis",
                    "motion": "first reading",
                    "result": "passed",
                    "bill": _EXAMPLE_VOTE["bill"],
                },
                "deputy": {
                    "id": "5b0f3f5e-8f4e-4e43-9d1b-2f3d2c8e6a11",
                    "ocd_id": "ocd-person/5b0f3f5e-8f4e-4e43-9d1b-2f3d2c8e6a11",
                    "name": {
                        "kk": "Серікова Әйгерім Болатқызы",
                        "ru": "Серикова Айгерим Болатовна",
                        "en": "Serikova Aigerim",
                    },
                },
                "chamber": "majilis",
                "option": "yes",
                "faction": _EXAMPLE_VOTE["factions"][0]["faction"],
            },
        )
    ]
)
class BallotOut(VoteBallotOut):
    vote = VoteRef()

    def to_representation(self, row):
        return {"vote": vote_ref(row), **super().to_representation(row)}


class LawNumberOut(serializers.Serializer):
    serial = serializers.IntegerField()
    convocation = serializers.CharField(allow_null=True)
    suffix = serializers.CharField(allow_blank=True)
    text = serializers.CharField(help_text=_("As officially written: 186-VIII ЗРК."))


BILL_COLUMNS = [
    "id",
    "uuid",
    "number",
    "convocation_id",
    "kind",
    "initiator_type",
    *translated("title", "summary"),
    "registered_on",
    "priority",
    "stage",
    "stage_since",
    "lead_committee_id",
    "law_serial",
    "law_convocation_id",
    "law_suffix",
    "signed_on",
    "in_force_on",
    "updated_at",
    "version",
]


def law_number(row: dict) -> dict | None:
    if row["law_serial"] is None:
        return None
    number = REFERENCES.convocation_number(row["law_convocation_id"])
    numeral = roman(number) if number else None
    text = f"{row['law_serial']}{f'-{numeral}' if numeral else ''} {row['law_suffix']}".strip()
    return {
        "serial": row["law_serial"],
        "convocation": numeral,
        "suffix": row["law_suffix"],
        "text": text,
    }


def bill_out(row: dict, request) -> dict:
    body = {
        "id": row["uuid"],
        "ocd_id": f"ocd-bill/{row['uuid']}",
        "number": row["number"],
        "convocation": roman(REFERENCES.convocation_number(row["convocation_id"])),
        "kind": row["kind"],
        "initiator_type": row["initiator_type"],
        "initiators": row["initiators"],
        "title": texts(row, "title"),
        "summary": texts(row, "summary"),
        "registered_on": row["registered_on"],
        "priority": row["priority"],
        "stage": row["stage"],
        "stage_since": row["stage_since"],
        "lead_committee": REFERENCES.committee(row["lead_committee_id"]),
        "co_committees": row["co_committees"],
        "law_number": law_number(row),
        "signed_on": row["signed_on"],
        "in_force_on": row["in_force_on"],
        "updated_at": local_iso(row["updated_at"]),
        "version": row["version"],
    }
    if "events" in row:
        body["actions"] = [action_out(e) for e in row["events"]]
    if "votes" in row:
        body["votes"] = [vote_out(v) for v in row["votes"]]
    if "documents" in row:
        documents = DocumentOut(context={"request": request})
        body["documents"] = [documents.to_representation(d) for d in row["documents"]]
    return body


_EXAMPLE_BILL = {
    "id": "9c0f5a52-1d2e-4f7a-9b1e-3c4d5e6f7a8b",
    "ocd_id": "ocd-bill/9c0f5a52-1d2e-4f7a-9b1e-3c4d5e6f7a8b",
    "number": "125-VIII",
    "convocation": "VIII",
    "kind": "law",
    "initiator_type": "government",
    "initiators": [],
    "title": {"kk": "Салық туралы", "ru": "О налогах", "en": "On taxes"},
    "summary": {"kk": "", "ru": "", "en": ""},
    "registered_on": "2024-01-10",
    "priority": False,
    "stage": "signed",
    "stage_since": "2024-06-20",
    "lead_committee": {
        "id": "majilis-viii-finance",
        "ocd_id": "ocd-organization/majilis-viii-finance",
        "name": {
            "kk": "Қаржы және бюджет комитеті",
            "ru": "Комитет по финансам и бюджету",
            "en": "Committee on Finance and Budget",
        },
    },
    "co_committees": [],
    "law_number": {"serial": 186, "convocation": "VIII", "suffix": "ЗРК", "text": "186-VIII ЗРК"},
    "signed_on": "2024-06-20",
    "in_force_on": "2024-07-01",
    "updated_at": "2024-06-20T16:40:02.120000+05:00",
    "version": 9,
}


@extend_schema_serializer(examples=[OpenApiExample("A signed law", value=_EXAMPLE_BILL)])
class BillOut(ReadSerializer):
    id = serializers.UUIDField(help_text=_("Stable public id, the key in the bill's URL."))
    ocd_id = serializers.CharField(help_text=_("ocd-bill/<id>"))
    number = serializers.CharField(help_text=_("The registration number (natural key)."))
    convocation = serializers.CharField(help_text=_("Registered in this convocation (VIII)."))
    kind = serializers.ChoiceField(choices=Kind.choices)
    initiator_type = serializers.ChoiceField(choices=InitiatorType.choices)
    initiators = DeputyRef(many=True, help_text=_("Initiating deputies, if deputies initiated."))
    title = Texts()
    summary = Texts()
    registered_on = serializers.DateField()
    priority = serializers.BooleanField(help_text=_("A presidential priority bill."))
    stage = serializers.ChoiceField(choices=[s.value for s in procedure.Stage])
    stage_since = serializers.DateField()
    lead_committee = CommitteeRef(allow_null=True)
    co_committees = CommitteeRef(many=True)
    law_number = LawNumberOut(allow_null=True, help_text=_("Once signed."))
    signed_on = serializers.DateField(allow_null=True)
    in_force_on = serializers.DateField(allow_null=True)
    updated_at = serializers.DateTimeField(
        help_text=_("Moves with every write to the bill and with every vote recorded on it.")
    )
    version = serializers.IntegerField(help_text=_("Send it back with an action (409 if stale)."))
    actions = ActionOut(many=True, required=False, help_text=_("With `include=actions`."))
    votes = VoteOut(many=True, required=False, help_text=_("With `include=votes`; newest first."))
    documents = DocumentOut(many=True, required=False, help_text=_("With `include=documents`."))

    def to_representation(self, row):
        return bill_out(row, self.context.get("request"))


class DeadlineOut(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    due = serializers.DateField()
    days_left = serializers.IntegerField()
    overdue = serializers.BooleanField()


class StatusOut(serializers.Serializer):
    next_step = serializers.CharField(help_text=_("The next step in plain words."))
    deadline = DeadlineOut(allow_null=True)
    allowed_actions = serializers.ListField(child=serializers.CharField())


def status_out(status) -> dict:
    deadline = status.deadline
    return {
        "next_step": str(status.next_step),
        "deadline": None
        if deadline is None
        else {
            "name": deadline.name,
            "label": str(deadline.label),
            "due": deadline.due,
            "days_left": deadline.days_left,
            "overdue": deadline.overdue,
        },
        "allowed_actions": [t.action.value for t in status.allowed],
    }


class BillDetailOut(BillOut):
    """A bill with its actions, votes, documents and where it stands today."""

    status = StatusOut(help_text=_("Where the bill stands today."))
    actions = ActionOut(many=True)
    votes = VoteOut(many=True, help_text=_("Newest first."))
    documents = DocumentOut(many=True)

    def to_representation(self, row):
        return {**bill_out(row, self.context.get("request")), "status": status_out(row["status"])}


# --- Reports -------------------------------------------------------------------------------


class ReportRequestInput(StrictSerializer):
    kind = serializers.ChoiceField(Report.Kind.choices)
    parameters = serializers.DictField(required=False, default=dict)


class ReportOut(serializers.Serializer):
    id = serializers.UUIDField(source="uuid")
    kind = serializers.ChoiceField(choices=Report.Kind.choices)
    parameters = serializers.DictField()
    status = serializers.ChoiceField(choices=Report.Status.choices)
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


class ReportQueuedOut(serializers.Serializer):
    id = serializers.UUIDField()
    kind = serializers.ChoiceField(choices=Report.Kind.choices)
    status = serializers.ChoiceField(choices=Report.Status.choices)
    url = serializers.URLField(help_text=_("The report's API address: poll it."))


class ReportDetailOut(ReportOut):
    data = serializers.JSONField()


class DownloadOut(serializers.Serializer):
    convocation = serializers.CharField(help_text=_("The convocation the dump covers (VIII)."))
    generated_at = serializers.DateTimeField(help_text=_("When the data was read."))
    url = serializers.URLField(help_text=_("The zip file: a CSV per table and a README."))
    size = serializers.IntegerField(allow_null=True, help_text=_("Bytes."))
    report = serializers.URLField(help_text=_("The report behind it (status, parameters)."))

    def to_representation(self, report):
        request = self.context["request"]
        try:
            size = report.file.size
        except OSError:
            size = None
        return {
            "convocation": report.parameters.get("convocation"),
            "generated_at": local_iso(report.generated_at),
            "url": request.build_absolute_uri(reverse("api:report-file", args=[report.uuid])),
            "size": size,
            "report": request.build_absolute_uri(reverse("api:report-detail", args=[report.uuid])),
        }
