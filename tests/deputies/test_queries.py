import datetime

import pytest

from chambers.models import Chamber
from deputies.models import Deputy, Mandate, composition
from tests.factories import (
    ChamberFactory,
    CommitteeMembershipFactory,
    DeputyFactory,
    FactionFactory,
    FactionMembershipFactory,
    MandateFactory,
)

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def term():
    """Alice's predecessor leaves on 5 Feb 2024; Alice sits from 6 Feb; a senator throughout."""
    majilis = ChamberFactory(code=Chamber.MAJILIS)
    senate = ChamberFactory(code=Chamber.SENATE)
    leaving = MandateFactory(
        chamber=majilis, ends_on=D(2024, 2, 5), end_reason="appointed_elsewhere"
    )
    alice = MandateFactory(chamber=majilis, starts_on=D(2024, 2, 6))
    senator = MandateFactory(chamber=senate)
    return leaving, alice, senator


def test_serving_on_a_date_in_a_chamber(term):
    leaving, alice, senator = term
    on = Deputy.objects.serving_on
    assert set(on(D(2024, 2, 5), "majilis")) == {leaving.deputy}
    assert set(on(D(2024, 2, 6), "majilis")) == {alice.deputy}
    assert set(on(D(2024, 2, 6))) == {alice.deputy, senator.deputy}
    assert set(on(D(2026, 7, 1), Chamber.objects.get(code="senate"))) == {senator.deputy}
    assert not on(D(2026, 7, 2)).exists()
    assert not on(D(2023, 3, 28)).exists()


def test_mandate_of_a_deputy_on_a_date(term):
    leaving, alice, _ = term
    assert leaving.deputy.mandate_on(D(2024, 2, 5)) == leaving
    assert leaving.deputy.mandate_on(D(2024, 2, 6)) is None
    assert Mandate.objects.serving_on(D(2024, 2, 6), "majilis").get() == alice


def test_faction_on_a_date_follows_a_switch():
    mandate = MandateFactory()
    first, second = FactionFactory(), FactionFactory()
    FactionMembershipFactory(mandate=mandate, faction=first, ends_on=D(2024, 12, 31))
    FactionMembershipFactory(mandate=mandate, faction=second, starts_on=D(2025, 1, 1))
    deputy = mandate.deputy
    assert deputy.faction_on(D(2024, 12, 31)) == first
    assert deputy.faction_on(D(2025, 1, 1)) == second
    assert deputy.faction_on(D(2026, 7, 2)) is None
    assert set(Deputy.objects.in_faction(second, D(2024, 6, 1))) == set()
    assert set(Deputy.objects.in_faction(second, D(2025, 6, 1))) == {deputy}


def test_committee_members_on_a_date():
    early = CommitteeMembershipFactory(ends_on=D(2024, 6, 30))
    committee = early.committee
    late = CommitteeMembershipFactory(committee=committee, starts_on=D(2024, 7, 1))
    assert set(Deputy.objects.in_committee(committee, D(2024, 6, 30))) == {early.mandate.deputy}
    assert set(Deputy.objects.in_committee(committee, D(2024, 7, 1))) == {late.mandate.deputy}
    assert list(late.mandate.deputy.committees_on(D(2024, 7, 1))) == [late]


def test_composition_counts_factions_and_bases(term):
    _, alice, _ = term
    faction = FactionFactory(chamber=alice.chamber)
    FactionMembershipFactory(mandate=alice, faction=faction)
    result = composition(alice.chamber, D(2024, 3, 1))
    assert result["total"] == 1
    assert result["by_faction"] == [(faction, 1)]
    assert result["unaffiliated"] == 0


def test_full_name_is_in_the_active_language():
    from django.utils import translation

    deputy = DeputyFactory(patronymic_kk="Сәкенұлы", patronymic_ru="Сакенович", patronymic_en="")
    with translation.override("ru"):
        assert deputy.full_name.endswith("Алибек Сакенович")
    with translation.override("en"):
        # No English patronymic: content falls back kk -> ru -> en.
        assert deputy.full_name.endswith("Alibek Сәкенұлы")
