"""API output shapes for deputies and factions (ARCHITECTURE.md §5).

Shapes build their dicts from `.values()` rows that deputies.api loads in bulk; the
`*_columns(prefix)` helpers name what a row needs, so queries on other models can join them.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema_serializer
from rest_framework import serializers

from chambers.models import roman
from chambers.serializers import CommitteeRef, committee_ref
from parlament.api import LANGUAGE_CODES, ReadSerializer, Texts, public_id, texts, translated

from .models import Basis, CommitteeRole, EndReason, OfficeRole

NAME_PARTS = ("last_name", "first_name", "patronymic")

# --- References --------------------------------------------------------------------------------


def deputy_columns(prefix: str = "") -> list[str]:
    return [f"{prefix}uuid", *translated(*NAME_PARTS, prefix=prefix)]


_NAME_KEYS: dict[str, tuple] = {}


def deputy_name(row: dict, prefix: str = "") -> dict[str, str]:
    """ "Last First Patronymic" in each language (the parts given in it)."""
    keys = _NAME_KEYS.get(prefix)
    if keys is None:
        keys = _NAME_KEYS[prefix] = tuple(
            (code, tuple(f"{prefix}{part}_{code}" for part in NAME_PARTS))
            for code in LANGUAGE_CODES
        )
    return {code: " ".join(row[k] for k in parts if row[k]) for code, parts in keys}


def deputy_ref(row: dict, prefix: str = "") -> dict:
    uuid = row[f"{prefix}uuid"]
    return {"id": uuid, "ocd_id": f"ocd-person/{uuid}", "name": deputy_name(row, prefix)}


class DeputyRef(ReadSerializer):
    id = serializers.UUIDField(help_text=_("Stable public id."))
    ocd_id = serializers.CharField(help_text=_("ocd-person/<id>"))
    name = Texts(help_text=_("Last name, first name and patronymic."))

    def to_representation(self, row):
        return deputy_ref(row)


def faction_columns(prefix: str = "") -> list[str]:
    return [
        f"{prefix}party__code",
        f"{prefix}chamber__code",
        f"{prefix}convocation__number",
        *translated("name", prefix=prefix),
    ]


def faction_ref(row: dict, prefix: str = "") -> dict | None:
    if row[f"{prefix}party__code"] is None:
        return None
    key = public_id(
        row[f"{prefix}chamber__code"],
        row[f"{prefix}convocation__number"],
        row[f"{prefix}party__code"],
    )
    return {"id": key, "ocd_id": f"ocd-organization/{key}", "name": texts(row, f"{prefix}name")}


class FactionRef(ReadSerializer):
    id = serializers.CharField(help_text=_("Chamber, convocation and party: majilis-viii-amanat."))
    ocd_id = serializers.CharField(help_text=_("ocd-organization/<id>"))
    name = Texts()

    def to_representation(self, row):
        return faction_ref(row)


# --- Factions ----------------------------------------------------------------------------------

FACTION_COLUMNS = [
    "id",
    *faction_columns(),
    "starts_on",
    "ends_on",
    "seats_won",
    "party__color",
    *translated("name", "short_name", prefix="party__"),
]


class PartyOut(serializers.Serializer):
    code = serializers.CharField()
    name = Texts()
    short_name = Texts()
    color = serializers.CharField(
        allow_blank=True, help_text=_("#rrggbb: the portal's choice for charts, not official.")
    )


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "A Majilis faction",
            value={
                "id": "majilis-viii-amanat",
                "ocd_id": "ocd-organization/majilis-viii-amanat",
                "name": {"kk": "«AMANAT» фракциясы", "ru": "Фракция «AMANAT»", "en": "AMANAT"},
                "party": {
                    "code": "amanat",
                    "name": {"kk": "AMANAT", "ru": "AMANAT", "en": "AMANAT"},
                    "short_name": {"kk": "AMANAT", "ru": "AMANAT", "en": "AMANAT"},
                    "color": "#1f6fb2",
                },
                "chamber": "majilis",
                "convocation": "VIII",
                "starts_on": "2023-03-29",
                "ends_on": "2026-07-01",
                "seats_won": 62,
            },
        )
    ]
)
class FactionOut(FactionRef):
    party = PartyOut()
    chamber = serializers.CharField()
    convocation = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)
    seats_won = serializers.IntegerField(allow_null=True, help_text=_("Seats won at the election."))

    def to_representation(self, row):
        return {
            **faction_ref(row),
            "party": {
                "code": row["party__code"],
                "name": texts(row, "party__name"),
                "short_name": texts(row, "party__short_name"),
                "color": row["party__color"],
            },
            "chamber": row["chamber__code"],
            "convocation": roman(row["convocation__number"]),
            "starts_on": row["starts_on"],
            "ends_on": row["ends_on"],
            "seats_won": row["seats_won"],
        }


# --- Deputies ----------------------------------------------------------------------------------

DEPUTY_COLUMNS = ["id", *deputy_columns(), "birth_date", "photo"]
MANDATE_COLUMNS = [
    "id",
    "deputy_id",
    "chamber__code",
    "convocation__number",
    "basis",
    "district_number",
    *translated("constituency"),
    "starts_on",
    "ends_on",
    "end_reason",
]


def mandate_out(row: dict) -> dict:
    return {
        "chamber": row["chamber__code"],
        "convocation": roman(row["convocation__number"]),
        "basis": row["basis"],
        "district_number": row["district_number"],
        "constituency": texts(row, "constituency"),
        "starts_on": row["starts_on"],
        "ends_on": row["ends_on"],
        "end_reason": row["end_reason"],
    }


def mandate_history_out(row: dict) -> dict:
    return {
        **mandate_out(row),
        "factions": [
            {
                "faction": faction_ref(m, "faction__"),
                "is_leader": m["is_leader"],
                "starts_on": m["starts_on"],
                "ends_on": m["ends_on"],
            }
            for m in row["factions"]
        ],
        "committees": [
            {
                "committee": committee_ref(m, "committee__"),
                "role": m["role"],
                "starts_on": m["starts_on"],
                "ends_on": m["ends_on"],
            }
            for m in row["committees"]
        ],
        "offices": [
            {"role": o["role"], "starts_on": o["starts_on"], "ends_on": o["ends_on"]}
            for o in row["offices"]
        ],
    }


class MandateOut(ReadSerializer):
    chamber = serializers.CharField()
    convocation = serializers.CharField()
    basis = serializers.ChoiceField(choices=Basis.choices)
    district_number = serializers.IntegerField(allow_null=True)
    constituency = Texts()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)
    end_reason = serializers.ChoiceField(choices=[("", ""), *EndReason.choices], allow_blank=True)

    def to_representation(self, row):
        return mandate_out(row)


class SeatOut(serializers.Serializer):
    committee = CommitteeRef()
    role = serializers.ChoiceField(choices=CommitteeRole.choices)


class CurrentOut(serializers.Serializer):
    on = serializers.DateField(help_text=_("`serving_on`, else today or Parliament's last day."))
    mandate = MandateOut(allow_null=True)
    faction = FactionRef(allow_null=True)
    faction_leader = serializers.BooleanField()
    committees = SeatOut(many=True)


class FactionTermOut(serializers.Serializer):
    faction = FactionRef()
    is_leader = serializers.BooleanField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)


class CommitteeTermOut(serializers.Serializer):
    committee = CommitteeRef()
    role = serializers.ChoiceField(choices=CommitteeRole.choices)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)


class OfficeOut(serializers.Serializer):
    role = serializers.ChoiceField(choices=OfficeRole.choices)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)


class MandateHistoryOut(MandateOut):
    factions = FactionTermOut(many=True)
    committees = CommitteeTermOut(many=True)
    offices = OfficeOut(many=True, help_text=_("Chair or deputy chair of the chamber."))

    def to_representation(self, row):
        return mandate_history_out(row)


def photo_url(request, name: str) -> str | None:
    if not name:
        return None
    return request.build_absolute_uri(settings.MEDIA_URL + name)


_EXAMPLE_DEPUTY = {
    "id": "5b0f3f5e-8f4e-4e43-9d1b-2f3d2c8e6a11",
    "ocd_id": "ocd-person/5b0f3f5e-8f4e-4e43-9d1b-2f3d2c8e6a11",
    "name": {
        "kk": "Серікова Әйгерім Болатқызы",
        "ru": "Серикова Айгерим Болатовна",
        "en": "Serikova Aigerim",
    },
    "last_name": {"kk": "Серікова", "ru": "Серикова", "en": "Serikova"},
    "first_name": {"kk": "Әйгерім", "ru": "Айгерим", "en": "Aigerim"},
    "patronymic": {"kk": "Болатқызы", "ru": "Болатовна", "en": ""},
    "birth_date": "1979-04-12",
    "photo": None,
    "current": {
        "on": "2026-07-01",
        "mandate": {
            "chamber": "majilis",
            "convocation": "VIII",
            "basis": "party_list",
            "district_number": None,
            "constituency": {"kk": "", "ru": "", "en": ""},
            "starts_on": "2023-03-29",
            "ends_on": "2026-07-01",
            "end_reason": "parliament_abolished",
        },
        "faction": {
            "id": "majilis-viii-amanat",
            "ocd_id": "ocd-organization/majilis-viii-amanat",
            "name": {"kk": "«AMANAT» фракциясы", "ru": "Фракция «AMANAT»", "en": "AMANAT"},
        },
        "faction_leader": False,
        "committees": [
            {
                "committee": {
                    "id": "majilis-viii-finance",
                    "ocd_id": "ocd-organization/majilis-viii-finance",
                    "name": {
                        "kk": "Қаржы және бюджет комитеті",
                        "ru": "Комитет по финансам и бюджету",
                        "en": "Committee on Finance and Budget",
                    },
                },
                "role": "member",
            }
        ],
    },
}


@extend_schema_serializer(examples=[OpenApiExample("A deputy", value=_EXAMPLE_DEPUTY)])
class DeputyOut(DeputyRef):
    last_name = Texts()
    first_name = Texts()
    patronymic = Texts()
    birth_date = serializers.DateField(allow_null=True)
    photo = serializers.URLField(allow_null=True)
    current = CurrentOut(
        help_text=_("The mandate, faction and committees on one day (`current.on`).")
    )
    mandates = MandateHistoryOut(
        many=True,
        required=False,
        help_text=_("Every mandate with its dated memberships: with `include=mandates`."),
    )

    def to_representation(self, row):
        current = row["current"]
        mandate = current["mandate"]
        faction = current["faction"]
        body = {
            **deputy_ref(row),
            "last_name": texts(row, "last_name"),
            "first_name": texts(row, "first_name"),
            "patronymic": texts(row, "patronymic"),
            "birth_date": row["birth_date"],
            "photo": photo_url(self.context["request"], row["photo"]),
            "current": {
                "on": current["on"],
                "mandate": mandate_out(mandate) if mandate else None,
                "faction": faction_ref(faction, "faction__") if faction else None,
                "faction_leader": bool(faction and faction["is_leader"]),
                "committees": [
                    {"committee": committee_ref(m, "committee__"), "role": m["role"]}
                    for m in current["committees"]
                ],
            },
        }
        if "mandates" in row:
            body["mandates"] = [mandate_history_out(m) for m in row["mandates"]]
        return body
