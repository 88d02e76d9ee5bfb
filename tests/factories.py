"""Factories for every model. Chambers and the VIII convocation come from the reference data
migration, so factories look them up rather than inventing new ones."""

import datetime

import factory
from factory.django import DjangoModelFactory

from chambers import models as chambers
from deputies import models as deputies

VIII_STARTS = datetime.date(2023, 3, 29)
VIII_ENDS = datetime.date(2026, 7, 1)


class ChamberFactory(DjangoModelFactory):
    class Meta:
        model = chambers.Chamber
        django_get_or_create = ("code",)

    code = chambers.Chamber.MAJILIS
    name = factory.LazyAttribute(lambda o: o.code.title())


class ConvocationFactory(DjangoModelFactory):
    class Meta:
        model = chambers.Convocation
        django_get_or_create = ("legislature", "number")

    legislature = chambers.Convocation.PARLIAMENT
    number = 8
    starts_on = VIII_STARTS
    ends_on = VIII_ENDS


class SeatsFactory(DjangoModelFactory):
    class Meta:
        model = chambers.Seats

    convocation = factory.SubFactory(ConvocationFactory, legislature="kurultai", number=1)
    chamber = factory.SubFactory(ChamberFactory)
    seats = 145
    starts_on = factory.SelfAttribute("convocation.starts_on")
    ends_on = factory.SelfAttribute("convocation.ends_on")


class SessionFactory(DjangoModelFactory):
    class Meta:
        model = chambers.Session

    convocation = factory.SubFactory(ConvocationFactory, legislature="kurultai", number=1)
    number = factory.Sequence(lambda n: n + 1)
    starts_on = datetime.date(2026, 9, 1)
    ends_on = datetime.date(2027, 6, 30)


class CommitteeFactory(DjangoModelFactory):
    class Meta:
        model = chambers.Committee

    chamber = factory.SubFactory(ChamberFactory)
    convocation = factory.SubFactory(ConvocationFactory)
    code = factory.Sequence(lambda n: f"committee-{n}")
    name_kk = factory.Sequence(lambda n: f"№ {n} комитет")
    name_ru = factory.Sequence(lambda n: f"Комитет № {n}")
    name_en = factory.Sequence(lambda n: f"Committee No. {n}")
    name = factory.SelfAttribute("name_kk")
    starts_on = VIII_STARTS
    ends_on = VIII_ENDS


class SittingFactory(DjangoModelFactory):
    class Meta:
        model = chambers.Sitting

    convocation = factory.SubFactory(ConvocationFactory)
    chamber = factory.SubFactory(ChamberFactory)
    joint = False
    date = datetime.date(2024, 5, 15)


class DeputyFactory(DjangoModelFactory):
    class Meta:
        model = deputies.Deputy

    last_name_kk = factory.Sequence(lambda n: f"Сынақов{n}")
    last_name_ru = factory.Sequence(lambda n: f"Сынаков{n}")
    last_name_en = factory.Sequence(lambda n: f"Synaqov{n}")
    last_name = factory.SelfAttribute("last_name_kk")
    first_name_kk = "Әлібек"
    first_name_ru = "Алибек"
    first_name_en = "Alibek"
    first_name = factory.SelfAttribute("first_name_kk")
    birth_date = datetime.date(1975, 4, 1)
    is_demo = True


class PartyFactory(DjangoModelFactory):
    class Meta:
        model = deputies.Party

    code = factory.Sequence(lambda n: f"party-{n}")
    name = factory.Sequence(lambda n: f"Party {n}")
    short_name = factory.Sequence(lambda n: f"P{n}")


class FactionFactory(DjangoModelFactory):
    class Meta:
        model = deputies.Faction

    party = factory.SubFactory(PartyFactory)
    chamber = factory.SubFactory(ChamberFactory)
    convocation = factory.SubFactory(ConvocationFactory)
    name = factory.LazyAttribute(lambda o: f"{o.party.short_name} faction")
    starts_on = VIII_STARTS
    ends_on = VIII_ENDS


class MandateFactory(DjangoModelFactory):
    class Meta:
        model = deputies.Mandate

    deputy = factory.SubFactory(DeputyFactory)
    chamber = factory.SubFactory(ChamberFactory)
    convocation = factory.SubFactory(ConvocationFactory)
    basis = deputies.Basis.PARTY_LIST
    starts_on = VIII_STARTS
    ends_on = VIII_ENDS
    end_reason = deputies.EndReason.PARLIAMENT_ABOLISHED


class FactionMembershipFactory(DjangoModelFactory):
    class Meta:
        model = deputies.FactionMembership

    mandate = factory.SubFactory(MandateFactory)
    faction = factory.SubFactory(FactionFactory, chamber=factory.SelfAttribute("..mandate.chamber"))
    starts_on = factory.SelfAttribute("mandate.starts_on")
    ends_on = factory.SelfAttribute("mandate.ends_on")


class CommitteeMembershipFactory(DjangoModelFactory):
    class Meta:
        model = deputies.CommitteeMembership

    mandate = factory.SubFactory(MandateFactory)
    committee = factory.SubFactory(
        CommitteeFactory, chamber=factory.SelfAttribute("..mandate.chamber")
    )
    role = deputies.CommitteeRole.MEMBER
    starts_on = factory.SelfAttribute("mandate.starts_on")
    ends_on = factory.SelfAttribute("mandate.ends_on")
