"""seed_demo fills every seat of the VIII convocation exactly, the same way every time."""

import datetime
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from chambers.models import Chamber, Committee
from deputies.demo_names import REGIONS
from deputies.models import (
    Basis,
    ChamberOffice,
    CommitteeMembership,
    CommitteeRole,
    Deputy,
    FactionMembership,
    Mandate,
    OfficeRole,
    composition,
)

D = datetime.date
START, END = D(2023, 3, 29), D(2026, 7, 1)
pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(demo_data):
    """The module's demo data (tests that seed again do so inside their own transaction)."""


def factions_on(at):
    result = composition(Chamber.objects.get(code="majilis"), at)
    return {f.party.code: n for f, n in result["by_faction"]} | {None: result["unaffiliated"]}


@pytest.mark.parametrize("at", [START, D(2024, 2, 6), D(2025, 1, 1), END])
def test_majilis_is_full_with_the_real_distribution(seeded, at):
    serving = Mandate.objects.serving_on(at, "majilis")
    assert serving.count() == 98
    assert Counter(serving.values_list("basis", flat=True)) == {
        Basis.PARTY_LIST: 69,
        Basis.SINGLE_MEMBER_DISTRICT: 29,
    }
    assert sorted(
        serving.values_list("district_number", flat=True).exclude(district_number=None)
    ) == list(range(1, 30))
    assert factions_on(at) == {
        "amanat": 62,
        "auyl": 8,
        "respublica": 6,
        "ak-zhol": 6,
        "peoples-party": 5,
        "osdp": 4,
        None: 7,
    }


@pytest.mark.parametrize("at", [START, END])
def test_senate_is_full_two_per_region_and_ten_appointed(seeded, at):
    serving = Mandate.objects.serving_on(at, "senate")
    assert serving.count() == 50
    assert serving.filter(basis=Basis.PRESIDENTIAL_APPOINTMENT).count() == 10
    elected = Counter(
        serving.filter(basis=Basis.MASLIKHAT_ELECTION).values_list("constituency_en", flat=True)
    )
    assert elected == {region["en"]: 2 for region in REGIONS}


def test_mandates_ended_mid_term_have_successors(seeded):
    ended = Mandate.objects.exclude(ends_on=END).select_related("chamber")
    assert sorted(m.chamber.code for m in ended) == ["majilis"] * 3 + ["senate"]
    for mandate in ended:
        assert mandate.end_reason
        if mandate.chamber.code == "majilis":
            # The next candidate on the party's list takes the seat the next day.
            successor = Mandate.objects.get(
                chamber=mandate.chamber, starts_on=mandate.ends_on + datetime.timedelta(days=1)
            )
            left = mandate.deputy.faction_on(mandate.ends_on)
            assert successor.deputy.faction_on(successor.starts_on) == left
    # The Senate seat stays empty until the by-election.
    assert Mandate.objects.serving_on(D(2024, 3, 1), "senate").count() == 49


def test_every_committee_has_one_chair_and_every_deputy_a_committee(seeded):
    for at in (START, D(2025, 1, 1), END):
        chairs = CommitteeMembership.objects.active_on(at).filter(role=CommitteeRole.CHAIR)
        assert sorted(chairs.values_list("committee", flat=True)) == sorted(
            Committee.objects.filter(convocation__number=8).values_list("pk", flat=True)
        )
    assert not Mandate.objects.filter(committee_memberships=None).exists()


def test_demo_people_are_marked_and_named_in_three_languages(seeded):
    assert Deputy.objects.count() == Deputy.objects.filter(is_demo=True).count() == 152
    for deputy in Deputy.objects.all():
        for lang in ("kk", "ru", "en"):
            assert getattr(deputy, f"last_name_{lang}") and getattr(deputy, f"first_name_{lang}")


def test_running_again_gives_the_same_rows(seeded):
    first = sorted(Deputy.objects.values_list("uuid", "last_name_kk", "birth_date"))
    call_command("seed_demo", stdout=StringIO())
    assert sorted(Deputy.objects.values_list("uuid", "last_name_kk", "birth_date")) == first
    assert Mandate.objects.count() == 152


def test_another_seed_gives_other_people(seeded):
    first = set(Deputy.objects.values_list("uuid", flat=True))
    call_command("seed_demo", seed=7, stdout=StringIO())
    assert first.isdisjoint(Deputy.objects.values_list("uuid", flat=True))
    assert Mandate.objects.serving_on(START, "majilis").count() == 98


def test_demo_bureau_chair_deputy_chairs_and_faction_leaders(seeded):
    offices = ChamberOffice.objects.select_related("mandate__chamber")
    by_chamber = Counter((o.mandate.chamber.code, o.role) for o in offices)
    assert by_chamber == {
        ("majilis", OfficeRole.CHAIR): 1,
        ("majilis", OfficeRole.DEPUTY_CHAIR): 2,
        ("senate", OfficeRole.CHAIR): 1,
        ("senate", OfficeRole.DEPUTY_CHAIR): 2,
    }
    leaders = FactionMembership.objects.filter(is_leader=True).select_related("faction__party")
    assert sorted(m.faction.party.code for m in leaders) == sorted(
        ["amanat", "auyl", "respublica", "ak-zhol", "peoples-party", "osdp"]
    )
    officers = {o.mandate_id for o in offices} | {m.mandate_id for m in leaders}
    # Officers serve the whole term, hold no committee office, and hold one office each.
    assert len(officers) == 12
    assert not Mandate.objects.filter(pk__in=officers).exclude(starts_on=START, ends_on=END)
    assert not CommitteeMembership.objects.filter(mandate__in=officers).exclude(
        role=CommitteeRole.MEMBER
    )
