"""The database itself refuses impossible composition data, whatever writes it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from deputies.models import Basis, CommitteeRole, Mandate
from tests.factories import (
    CommitteeFactory,
    CommitteeMembershipFactory,
    DeputyFactory,
    FactionFactory,
    FactionMembershipFactory,
    MandateFactory,
)

D = datetime.date
pytestmark = pytest.mark.django_db


def refused(**kwargs):
    return pytest.raises(IntegrityError, **kwargs)


def test_period_must_not_end_before_it_starts():
    with refused(), transaction.atomic():
        MandateFactory(starts_on=D(2024, 1, 10), ends_on=D(2024, 1, 9))
    with refused(), transaction.atomic():
        FactionFactory(starts_on=D(2024, 1, 10), ends_on=D(2024, 1, 9))
    MandateFactory(starts_on=D(2024, 1, 10), ends_on=D(2024, 1, 10))  # one day is fine


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ((D(2023, 3, 29), D(2026, 7, 1)), (D(2024, 1, 1), D(2024, 6, 1))),  # inside
        ((D(2023, 3, 29), D(2024, 1, 1)), (D(2024, 1, 1), None)),  # shares the last day
        ((D(2023, 3, 29), None), (D(2030, 1, 1), D(2030, 2, 1))),  # open-ended first
        ((D(2024, 1, 1), D(2024, 2, 1)), (D(2023, 1, 1), None)),  # open-ended second
    ],
)
def test_overlapping_mandates_of_one_deputy_are_refused(first, second):
    deputy = DeputyFactory()
    MandateFactory(deputy=deputy, starts_on=first[0], ends_on=first[1], end_reason="")
    before = Mandate.objects.count()
    with refused(), transaction.atomic():
        MandateFactory(deputy=deputy, starts_on=second[0], ends_on=second[1], end_reason="")
    assert Mandate.objects.count() == before


def test_consecutive_mandates_and_other_deputies_are_allowed():
    deputy = DeputyFactory()
    MandateFactory(deputy=deputy, starts_on=D(2021, 1, 15), ends_on=D(2023, 1, 19))
    MandateFactory(deputy=deputy, starts_on=D(2023, 3, 29), ends_on=None, end_reason="")
    MandateFactory(starts_on=D(2021, 1, 15), ends_on=D(2023, 1, 19))
    assert Mandate.objects.filter(deputy=deputy).count() == 2


def test_an_update_cannot_create_an_overlap():
    deputy = DeputyFactory()
    MandateFactory(deputy=deputy, starts_on=D(2021, 1, 15), ends_on=D(2023, 1, 19))
    later = MandateFactory(deputy=deputy, starts_on=D(2023, 3, 29))
    with refused(), transaction.atomic():
        Mandate.objects.filter(pk=later.pk).update(starts_on=D(2023, 1, 19))
    later.refresh_from_db()
    assert later.starts_on == D(2023, 3, 29)


def test_one_chair_per_committee_at_a_time():
    committee = CommitteeFactory()
    CommitteeMembershipFactory(committee=committee, role=CommitteeRole.CHAIR)
    with refused(), transaction.atomic():
        CommitteeMembershipFactory(committee=committee, role=CommitteeRole.CHAIR)
    # A deputy chair, and a chair after the first one left, are fine.
    CommitteeMembershipFactory(committee=committee, role=CommitteeRole.DEPUTY_CHAIR)
    first = committee.memberships.get(role=CommitteeRole.CHAIR)
    first.ends_on = D(2024, 5, 31)
    first.save()
    CommitteeMembershipFactory(
        committee=committee,
        role=CommitteeRole.CHAIR,
        mandate__starts_on=D(2024, 6, 1),
        starts_on=D(2024, 6, 1),
    )
    assert committee.memberships.filter(role=CommitteeRole.CHAIR).count() == 2


def test_a_mandate_is_in_one_faction_at_a_time():
    membership = FactionMembershipFactory()
    with refused(), transaction.atomic():
        FactionMembershipFactory(mandate=membership.mandate, starts_on=D(2025, 1, 1))


@pytest.mark.parametrize(
    ("starts_on", "ends_on"),
    [
        (D(2023, 3, 28), D(2024, 1, 1)),  # starts before the mandate
        (D(2024, 1, 1), D(2026, 7, 2)),  # ends after it
        (D(2024, 1, 1), None),  # open-ended inside a closed mandate
    ],
)
@pytest.mark.parametrize("factory", [FactionMembershipFactory, CommitteeMembershipFactory])
def test_memberships_lie_within_the_mandate(factory, starts_on, ends_on):
    mandate = MandateFactory()
    with refused(), transaction.atomic():
        factory(mandate=mandate, starts_on=starts_on, ends_on=ends_on)
    assert not mandate.faction_memberships.exists()
    assert not mandate.committee_memberships.exists()


def test_a_mandate_cannot_shrink_below_its_memberships():
    membership = CommitteeMembershipFactory()
    mandate = membership.mandate
    with refused(), transaction.atomic():
        Mandate.objects.filter(pk=mandate.pk).update(ends_on=D(2025, 1, 1))
    mandate.refresh_from_db()
    assert mandate.ends_on == D(2026, 7, 1)


def test_how_a_seat_was_won_needs_its_place():
    with refused(), transaction.atomic():
        MandateFactory(basis=Basis.SINGLE_MEMBER_DISTRICT, district_number=None)
    with refused(), transaction.atomic():
        MandateFactory(basis=Basis.MASLIKHAT_ELECTION, constituency="")
    with refused(), transaction.atomic():
        MandateFactory(ends_on=None, end_reason="resigned")


def test_forms_get_the_same_rules_as_messages():
    mandate = MandateFactory()
    clash = Mandate(
        deputy=mandate.deputy,
        chamber=mandate.chamber,
        convocation=mandate.convocation,
        basis=Basis.PARTY_LIST,
        starts_on=D(2024, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        clash.full_clean()
    assert "starts_on" in error.value.message_dict

    membership = CommitteeMembershipFactory.build(
        mandate=mandate, committee=CommitteeFactory(), starts_on=D(2020, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        membership.full_clean()
    assert "starts_on" in error.value.message_dict


def test_postgresql_enforces_overlap_with_an_exclusion_constraint(postgresql):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE contype = 'x' ORDER BY conname",
        )
        names = [row[0] for row in cursor.fetchall()]
    expected = {"committee_one_chair", "faction_membership_no_overlap", "mandate_no_overlap"}
    assert expected <= set(names)
