"""The reference data every database gets from migrations (DOMAIN.md B1, B6)."""

import datetime
import itertools

import pytest

from chambers.models import Chamber, Committee, Convocation, Seats, Session
from deputies.models import Faction, Party

D = datetime.date
pytestmark = pytest.mark.django_db

SEATS_AT_START = {  # convocation: (Majilis, Senate)
    1: (67, 47),
    2: (77, 39),
    3: (77, 39),
    4: (107, 47),
    5: (107, 47),
    6: (107, 47),
    7: (107, 49),
    8: (98, 50),
}


def test_two_chambers():
    assert list(Chamber.objects.values_list("code", "name_ru")) == [
        ("majilis", "Мажилис"),
        ("senate", "Сенат"),
    ]


def test_convocations_one_to_eight_in_order_without_overlap():
    convocations = list(Convocation.objects.filter(legislature="parliament"))
    assert [c.number for c in convocations] == list(range(1, 9))
    assert [c.roman for c in convocations][-1] == "VIII"
    for earlier, later in itertools.pairwise(convocations):
        assert earlier.ends_on < later.starts_on
    viii = convocations[-1]
    assert (viii.starts_on, viii.ends_on) == (D(2023, 3, 29), D(2026, 7, 1))


@pytest.mark.parametrize(("number", "seats"), SEATS_AT_START.items())
def test_established_seats_at_the_start_of_each_convocation(number, seats):
    convocation = Convocation.objects.get(legislature="parliament", number=number)
    majilis, senate = Chamber.objects.all()
    assert (
        majilis.seats_on(convocation.starts_on),
        senate.seats_on(convocation.starts_on),
    ) == seats


def test_seats_cover_each_convocation_without_gaps():
    for convocation in Convocation.objects.all():
        for chamber in Chamber.objects.all():
            rows = list(Seats.objects.filter(convocation=convocation, chamber=chamber))
            assert rows[0].starts_on == convocation.starts_on
            assert rows[-1].ends_on == convocation.ends_on
            for earlier, later in itertools.pairwise(rows):
                assert earlier.ends_on + datetime.timedelta(days=1) == later.starts_on


def test_shymkent_raised_the_senate_to_49_during_the_vi_convocation():
    senate = Chamber.objects.get(code="senate")
    assert senate.seats_on(D(2018, 1, 1)) == 47
    assert senate.seats_on(D(2020, 1, 1)) == 49


def test_recalled_facts_are_marked_unconfirmed():
    assert not Convocation.objects.get(number=1).confirmed
    assert Convocation.objects.get(number=8).confirmed
    assert not Seats.objects.get(convocation__number=1, chamber__code="majilis").confirmed
    assert Committee.objects.filter(confirmed=True).count() == 0  # DOMAIN.md B6 marks them (R)


def test_viii_convocation_has_seven_committees_in_each_chamber():
    for code in ("majilis", "senate"):
        committees = Committee.objects.filter(chamber__code=code, convocation__number=8)
        assert committees.count() == 7  # the legal maximum per chamber
        for committee in committees:
            assert committee.name_kk and committee.name_ru and committee.name_en


def test_viii_sessions_run_september_to_june():
    sessions = list(Session.objects.filter(convocation__number=8))
    assert [(s.starts_on, s.ends_on) for s in sessions] == [
        (D(2023, 3, 29), D(2023, 6, 30)),
        (D(2023, 9, 1), D(2024, 6, 28)),
        (D(2024, 9, 2), D(2025, 6, 30)),
        (D(2025, 9, 1), D(2026, 6, 30)),
    ]


def test_viii_factions_add_up_with_independents_to_98():
    factions = Faction.objects.filter(convocation__number=8, chamber__code="majilis")
    seats = {f.party.code: f.seats_won for f in factions.select_related("party")}
    assert seats == {
        "amanat": 62,
        "auyl": 8,
        "respublica": 6,
        "ak-zhol": 6,
        "peoples-party": 5,
        "osdp": 4,
    }
    assert sum(seats.values()) + 7 == Chamber.objects.get(code="majilis").seats_on(D(2023, 4, 1))
    assert Party.objects.count() == 6
