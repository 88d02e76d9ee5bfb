"""Synthetic deputies filling every seat of the VIII convocation (seed_demo, demo scale).

The structure is real (seats, factions, bases of mandates, committees); the people are not.
"""

import datetime
import random
import uuid

from chambers.models import Chamber, Committee, Convocation

from .demo_names import DISTRICTS, REGIONS, full_name
from .models import (
    Basis,
    ChamberOffice,
    CommitteeMembership,
    CommitteeRole,
    Deputy,
    EndReason,
    Faction,
    FactionMembership,
    Mandate,
    OfficeRole,
)

LANGS = ("kk", "ru", "en")

# Majilis 2023: party-list seats and single-member districts won, by party (DOMAIN.md B6).
MAJILIS_LIST_SEATS = {
    "amanat": 40,
    "auyl": 8,
    "respublica": 6,
    "ak-zhol": 6,
    "peoples-party": 5,
    "osdp": 4,
}
MAJILIS_DISTRICT_SEATS = {"amanat": 22, None: 7}  # None: independents
SENATE_APPOINTED = 10

# Mandates ended mid-term. Majilis list seats pass to the next candidate on the party's list
# the next day; a Senate seat elected by maslikhats is filled at a by-election weeks later.
MAJILIS_REPLACEMENTS = [
    ("amanat", datetime.date(2024, 2, 6), EndReason.APPOINTED_ELSEWHERE),
    ("ak-zhol", datetime.date(2024, 9, 16), EndReason.RESIGNED),
    ("respublica", datetime.date(2025, 3, 3), EndReason.APPOINTED_ELSEWHERE),
]
SENATE_REPLACEMENT = ("kyzylorda", datetime.date(2024, 2, 9), datetime.date(2024, 4, 12))


def _localised(field: str, values: dict) -> dict:
    return {field: values["kk"]} | {f"{field}_{lang}": values[lang] for lang in LANGS}


class _Builder:
    def __init__(self, rng: random.Random, convocation: Convocation):
        self.rng = rng
        self.convocation = convocation
        self.deputies: list[Deputy] = []
        self.mandates: list[Mandate] = []
        self.faction_of: dict[int, Faction] = {}  # index of mandate -> faction

    def person(self) -> Deputy:
        name = full_name(self.rng)
        born = datetime.date(1958, 1, 1) + datetime.timedelta(days=self.rng.randrange(365 * 35))
        deputy = Deputy(
            uuid=uuid.UUID(int=self.rng.getrandbits(128), version=4),
            birth_date=born,
            is_demo=True,
            **_localised("last_name", name["last"]),
            **_localised("first_name", name["first"]),
            **_localised("patronymic", name["patronymic"]),
        )
        self.deputies.append(deputy)
        return deputy

    def mandate(
        self,
        chamber,
        basis,
        *,
        faction=None,
        starts=None,
        ends=None,
        end_reason=None,
        district=None,
        region=None,
    ) -> Mandate:
        place = district or region or {}
        mandate = Mandate(
            deputy=self.person(),
            chamber=chamber,
            convocation=self.convocation,
            basis=basis,
            district_number=district["number"] if district else None,
            starts_on=starts or self.convocation.starts_on,
            ends_on=ends or self.convocation.ends_on,
            end_reason=end_reason or EndReason.PARLIAMENT_ABOLISHED,
            **_localised("constituency", {lang: place.get(lang, "") for lang in LANGS}),
        )
        if faction is not None:
            self.faction_of[len(self.mandates)] = faction
        self.mandates.append(mandate)
        return mandate


def seed_composition(*, rng: random.Random, convocation: Convocation) -> dict:
    """Create the demo deputies of a convocation; returns counts by kind of row."""
    majilis = Chamber.objects.get(code=Chamber.MAJILIS)
    senate = Chamber.objects.get(code=Chamber.SENATE)
    factions = {
        f.party.code: f
        for f in Faction.objects.filter(convocation=convocation, chamber=majilis).select_related(
            "party"
        )
    }
    build = _Builder(rng, convocation)

    for party, seats in MAJILIS_LIST_SEATS.items():
        for _ in range(seats):
            build.mandate(majilis, Basis.PARTY_LIST, faction=factions[party])
    districts = list(DISTRICTS)
    rng.shuffle(districts)
    winners = [party for party, seats in MAJILIS_DISTRICT_SEATS.items() for _ in range(seats)]
    for party, district in zip(winners, districts, strict=True):
        build.mandate(
            majilis,
            Basis.SINGLE_MEMBER_DISTRICT,
            faction=factions.get(party),
            district=district,
        )
    for party, last_day, reason in MAJILIS_REPLACEMENTS:
        faction = factions[party]
        leaving = next(
            m
            for i, m in enumerate(build.mandates)
            if build.faction_of.get(i) is faction
            and m.basis == Basis.PARTY_LIST
            and m.ends_on == convocation.ends_on
        )
        leaving.ends_on, leaving.end_reason = last_day, reason
        build.mandate(
            majilis,
            Basis.PARTY_LIST,
            faction=faction,
            starts=last_day + datetime.timedelta(days=1),
        )

    for region in REGIONS:
        for _ in range(2):
            build.mandate(senate, Basis.MASLIKHAT_ELECTION, region=region)
    for _ in range(SENATE_APPOINTED):
        build.mandate(senate, Basis.PRESIDENTIAL_APPOINTMENT)
    region_code, last_day, by_election = SENATE_REPLACEMENT
    region = next(r for r in REGIONS if r["code"] == region_code)
    leaving = next(m for m in build.mandates if m.constituency_en == region["en"])
    leaving.ends_on, leaving.end_reason = last_day, EndReason.APPOINTED_ELSEWHERE
    build.mandate(senate, Basis.MASLIKHAT_ELECTION, region=region, starts=by_election)

    Deputy.objects.bulk_create(build.deputies)
    for mandate in build.mandates:
        mandate.deputy_id = mandate.deputy.pk
    Mandate.objects.bulk_create(build.mandates)

    in_factions = [
        FactionMembership(
            mandate=build.mandates[i],
            faction=faction,
            starts_on=build.mandates[i].starts_on,
            ends_on=build.mandates[i].ends_on,
        )
        for i, faction in build.faction_of.items()
    ]
    memberships = _committee_memberships(rng, convocation, build.mandates)
    offices, leaders = _bureau(convocation, build, in_factions, memberships)
    FactionMembership.objects.bulk_create(in_factions)
    CommitteeMembership.objects.bulk_create(memberships)
    ChamberOffice.objects.bulk_create(offices)
    return {
        "deputies": len(build.deputies),
        "mandates": len(build.mandates),
        "faction memberships": len(build.faction_of),
        "committee memberships": len(memberships),
        "chamber offices": len(offices),
        "faction leaders": leaders,
    }


def _bureau(convocation, build, in_factions, memberships) -> tuple[list[ChamberOffice], int]:
    """Chamber officers and faction leaders for the whole term, picked in seating order (no
    random draw, so the other demo rows stay as they were) among full-term deputies who hold
    no committee office: each chamber's chair and two deputy chairs (Majilis: two from the
    largest faction and one from Ak Zhol; Senate: the chair appointed, the deputies elected),
    and every Majilis faction's leader."""
    busy = {m.mandate.pk for m in memberships if m.role != CommitteeRole.MEMBER}
    party_of = {row.mandate.pk: row.faction.party.code for row in in_factions}

    def free(chamber_code, *, basis=None, party=None):
        for mandate in build.mandates:
            if (
                mandate.chamber.code == chamber_code
                and (mandate.starts_on, mandate.ends_on)
                == (convocation.starts_on, convocation.ends_on)
                and mandate.pk not in busy
                and (basis is None or mandate.basis == basis)
                and (party is None or party_of.get(mandate.pk) == party)
            ):
                busy.add(mandate.pk)
                return mandate
        raise LookupError(f"no free deputy left in the {chamber_code} for the demo bureau")

    plan = [
        (Chamber.MAJILIS, OfficeRole.CHAIR, {"party": "amanat"}),
        (Chamber.MAJILIS, OfficeRole.DEPUTY_CHAIR, {"party": "amanat"}),
        (Chamber.MAJILIS, OfficeRole.DEPUTY_CHAIR, {"party": "ak-zhol"}),
        (Chamber.SENATE, OfficeRole.CHAIR, {"basis": Basis.PRESIDENTIAL_APPOINTMENT}),
        (Chamber.SENATE, OfficeRole.DEPUTY_CHAIR, {"basis": Basis.MASLIKHAT_ELECTION}),
        (Chamber.SENATE, OfficeRole.DEPUTY_CHAIR, {"basis": Basis.MASLIKHAT_ELECTION}),
    ]
    offices = []
    for chamber_code, role, which in plan:
        mandate = free(chamber_code, **which)
        offices.append(
            ChamberOffice(
                mandate=mandate, role=role, starts_on=mandate.starts_on, ends_on=mandate.ends_on
            )
        )
    leaders = 0
    for party in dict.fromkeys(row.faction.party.code for row in in_factions):
        leader = free(Chamber.MAJILIS, party=party)
        next(row for row in in_factions if row.mandate is leader).is_leader = True
        leaders += 1
    return offices, leaders


def _committee_memberships(rng, convocation, mandates) -> list[CommitteeMembership]:
    """Each deputy sits on one committee of their chamber; the first three seated on a
    committee at the start of the term are its chair, deputy chair and secretary, and they
    serve the whole term, so each committee always has exactly one chair."""
    rows = []
    for chamber_code in (Chamber.MAJILIS, Chamber.SENATE):
        committees = list(
            Committee.objects.filter(convocation=convocation, chamber__code=chamber_code)
        )
        full_term = [
            m
            for m in mandates
            if m.chamber.code == chamber_code
            and m.starts_on == convocation.starts_on
            and m.ends_on == convocation.ends_on
        ]
        rng.shuffle(full_term)
        officers = [CommitteeRole.CHAIR, CommitteeRole.DEPUTY_CHAIR, CommitteeRole.SECRETARY]
        seated = {}
        for index, mandate in enumerate(full_term):
            committee = committees[index % len(committees)]
            rank = index // len(committees)
            role = officers[rank] if rank < len(officers) else CommitteeRole.MEMBER
            seated[mandate.pk] = committee
            rows.append(_seat(mandate, committee, role))
        # Everyone else (replaced or replacing deputies) is an ordinary member.
        others = [m for m in mandates if m.chamber.code == chamber_code and m.pk not in seated]
        for index, mandate in enumerate(others):
            rows.append(_seat(mandate, committees[index % len(committees)], CommitteeRole.MEMBER))
    return rows


def _seat(mandate, committee, role) -> CommitteeMembership:
    return CommitteeMembership(
        mandate=mandate,
        committee=committee,
        role=role,
        starts_on=mandate.starts_on,
        ends_on=mandate.ends_on,
    )
