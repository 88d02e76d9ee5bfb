"""API output shapes for chambers, convocations and committees (ARCHITECTURE.md §5).

Each shape documents its fields for the schema and builds its dict from a `.values()` row;
`*_columns(prefix)` name the columns it needs, so a query on another model can join them.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema_serializer
from rest_framework import serializers

from parlament.api import ReadSerializer, Texts, public_id, texts, translated

from .models import Convocation, roman

# --- Convocations ------------------------------------------------------------------------------


def convocation_id(number: int, legislature: str = Convocation.PARLIAMENT) -> str:
    """ "VIII" for the Parliament's convocations (as bills give them); another legislature's
    are prefixed with its name."""
    text = roman(number)
    return text if legislature == Convocation.PARLIAMENT else f"{legislature}-{text}"


CONVOCATION_COLUMNS = ["legislature", "number", "starts_on", "ends_on"]


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "The VIII convocation",
            value={
                "id": "VIII",
                "ocd_id": "ocd-session/parliament-viii",
                "number": 8,
                "legislature": "parliament",
                "starts_on": "2023-03-29",
                "ends_on": "2026-07-01",
            },
        )
    ]
)
class ConvocationOut(ReadSerializer):
    id = serializers.CharField(help_text=_("The Roman numeral, e.g. VIII."))
    ocd_id = serializers.CharField()
    number = serializers.IntegerField()
    legislature = serializers.ChoiceField(choices=[c for c, _n in Convocation.LEGISLATURES])
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True, help_text=_("Empty while it lasts."))

    def to_representation(self, row):
        key = convocation_id(row["number"], row["legislature"])
        return {
            "id": key,
            "ocd_id": f"ocd-session/{row['legislature']}-{roman(row['number']).lower()}",
            "number": row["number"],
            "legislature": row["legislature"],
            "starts_on": row["starts_on"],
            "ends_on": row["ends_on"],
        }


# --- Chambers ----------------------------------------------------------------------------------


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "The Majilis",
            value={
                "id": "majilis",
                "ocd_id": "ocd-organization/majilis",
                "name": {"kk": "Мәжіліс", "ru": "Мажилис", "en": "Majilis"},
                "seats": 98,
                "seats_on": "2026-07-01",
            },
        )
    ]
)
class ChamberOut(ReadSerializer):
    id = serializers.CharField(help_text=_("The chamber's code: majilis or senate."))
    ocd_id = serializers.CharField()
    name = Texts()
    seats = serializers.IntegerField(
        allow_null=True,
        help_text=_("Established seats on `seats_on`, from which thresholds count."),
    )
    seats_on = serializers.DateField()

    def to_representation(self, row):
        return {
            "id": row["code"],
            "ocd_id": f"ocd-organization/{row['code']}",
            "name": texts(row, "name"),
            "seats": row["seats"],
            "seats_on": row["seats_on"],
        }


# --- Committees --------------------------------------------------------------------------------


def committee_columns(prefix: str = "") -> list[str]:
    return [
        f"{prefix}code",
        f"{prefix}chamber__code",
        f"{prefix}convocation__number",
        *translated("name", prefix=prefix),
    ]


def committee_ref(row: dict, prefix: str = "") -> dict | None:
    if row[f"{prefix}code"] is None:
        return None
    key = public_id(
        row[f"{prefix}chamber__code"], row[f"{prefix}convocation__number"], row[f"{prefix}code"]
    )
    return {"id": key, "ocd_id": f"ocd-organization/{key}", "name": texts(row, f"{prefix}name")}


class CommitteeRef(ReadSerializer):
    id = serializers.CharField(help_text=_("Chamber, convocation and code: majilis-viii-finance."))
    ocd_id = serializers.CharField()
    name = Texts()

    def to_representation(self, row):
        return committee_ref(row)


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A Majilis committee",
            value={
                "id": "majilis-viii-finance",
                "ocd_id": "ocd-organization/majilis-viii-finance",
                "name": {
                    "kk": "Қаржы және бюджет комитеті",
                    "ru": "Комитет по финансам и бюджету",
                    "en": "Committee on Finance and Budget",
                },
                "code": "finance",
                "chamber": "majilis",
                "convocation": "VIII",
                "starts_on": "2023-03-29",
                "ends_on": "2026-07-01",
            },
        )
    ]
)
class CommitteeOut(CommitteeRef):
    code = serializers.CharField()
    chamber = serializers.CharField()
    convocation = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)

    def to_representation(self, row):
        return {
            **committee_ref(row),
            "code": row["code"],
            "chamber": row["chamber__code"],
            "convocation": roman(row["convocation__number"]),
            "starts_on": row["starts_on"],
            "ends_on": row["ends_on"],
        }


COMMITTEE_COLUMNS = ["id", *committee_columns(), "starts_on", "ends_on"]
