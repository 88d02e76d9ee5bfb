import datetime
import uuid

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, RegexValidator
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from chambers.models import (
    ROMAN,
    Chamber,
    Committee,
    Convocation,
    Period,
    PeriodQuerySet,
    Sourced,
)

# The Majilis Bureau includes the faction leaders since the 2007 amendments (DOMAIN.md B6;
# Const. Law on Parliament art. 10 as amended 19 June 2007, S8).
FACTION_LEADERS_IN_BUREAU_SINCE = datetime.date(2007, 6, 19)


def in_language(path: str):
    """A translated field reached through relations, in the active language (else the
    default column): modeltranslation rewrites such lookups only on querysets of the
    translated model itself, so a membership ordered by "mandate__deputy__last_name" would
    otherwise sort by the Kazakh column in every language."""
    language = (get_language() or "kk")[:2]
    if language not in ("kk", "ru", "en"):
        language = "kk"
    return Coalesce(NullIf(F(f"{path}_{language}"), Value("")), F(path))


def by_name(prefix: str = "") -> list:
    """Ordering by a deputy's last and first name in the active language."""
    return [in_language(f"{prefix}last_name").asc(), in_language(f"{prefix}first_name").asc()]


class DeputyQuerySet(models.QuerySet):
    def serving_on(self, at: datetime.date | None = None, chamber: Chamber | str | None = None):
        """Deputies holding a mandate on the date, in one chamber when given."""
        mandates = Mandate.objects.serving_on(at, chamber)
        return self.filter(pk__in=mandates.values("deputy_id"))

    def in_faction(self, faction, at: datetime.date | None = None):
        memberships = FactionMembership.objects.active_on(at).filter(faction=faction)
        return self.filter(pk__in=memberships.values("mandate__deputy_id"))

    def in_committee(self, committee, at: datetime.date | None = None):
        memberships = CommitteeMembership.objects.active_on(at).filter(committee=committee)
        return self.filter(pk__in=memberships.values("mandate__deputy_id"))


class Deputy(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    last_name = models.CharField(_("last name"), max_length=100)
    first_name = models.CharField(_("first name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    photo = models.FileField(
        _("photo"),
        upload_to="deputies/",
        blank=True,
        validators=[FileExtensionValidator(["jpg", "jpeg", "png", "webp"])],
    )
    is_demo = models.BooleanField(
        _("demo"), default=False, help_text=_("Synthetic person created for demonstration.")
    )

    objects = DeputyQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("deputy")
        verbose_name_plural = _("deputies")

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)

    def mandate_on(self, at: datetime.date):
        return self.mandates.active_on(at).select_related("chamber", "convocation").first()

    def faction_on(self, at: datetime.date):
        membership = (
            FactionMembership.objects.active_on(at)
            .for_deputy(self)
            .select_related("faction__party")
            .first()
        )
        return membership.faction if membership else None

    def committees_on(self, at: datetime.date):
        return (
            CommitteeMembership.objects.active_on(at)
            .for_deputy(self)
            .select_related("committee__chamber")
        )


class Party(Sourced):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60)
    color = models.CharField(
        _("colour"),
        max_length=7,
        blank=True,
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Write the colour as #rrggbb."))],
        help_text=_(
            "Its seats on seating charts, as #rrggbb: the portal's choice for telling parties "
            "apart, not an official party colour."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self):
        return self.short_name


class FactionQuerySet(PeriodQuerySet):
    def by_public_ids(self, ids):
        """Factions by their public ids ("majilis-viii-amanat"); unknown ids are skipped."""
        query = Q(pk__in=[])
        for public_id in ids:
            chamber, _, rest = str(public_id).partition("-")
            number, _, party = rest.partition("-")
            if number.upper() in ROMAN and party:
                query |= Q(
                    chamber__code=chamber,
                    convocation__number=ROMAN.index(number.upper()) + 1,
                    party__code=party,
                )
        return self.filter(query)


class Faction(Sourced, Period):
    """A party's faction in a chamber for one convocation."""

    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="factions")
    chamber = models.ForeignKey(Chamber, on_delete=models.PROTECT, related_name="factions")
    convocation = models.ForeignKey(Convocation, on_delete=models.PROTECT, related_name="factions")
    name = models.CharField(_("name"), max_length=200)
    seats_won = models.PositiveSmallIntegerField(
        _("seats won"), null=True, blank=True, help_text=_("Seats won at the election.")
    )

    objects = FactionQuerySet.as_manager()

    class Meta(Period.Meta):
        ordering = ["-seats_won", "name"]
        verbose_name = _("faction")
        verbose_name_plural = _("factions")
        constraints = [
            *Period.Meta.constraints,
            models.UniqueConstraint(
                fields=["party", "chamber", "convocation"], name="faction_unique"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def public_id(self) -> str:
        """Stable across re-imports: chamber, convocation and party."""
        return f"{self.chamber.code}-{self.convocation.roman.lower()}-{self.party.code}"


class Basis(models.TextChoices):
    PARTY_LIST = "party_list", _("party list")
    SINGLE_MEMBER_DISTRICT = "single_member_district", _("single-member district")
    ASSEMBLY_QUOTA = "assembly_quota", _("Assembly of People of Kazakhstan quota")
    MASLIKHAT_ELECTION = "maslikhat_election", _("elected by maslikhats")
    PRESIDENTIAL_APPOINTMENT = "presidential_appointment", _("appointed by the President")


class EndReason(models.TextChoices):
    TERM_ENDED = "term_ended", _("term ended")
    PARLIAMENT_ABOLISHED = "parliament_abolished", _("powers of Parliament ended")
    RESIGNED = "resigned", _("resigned")
    APPOINTED_ELSEWHERE = "appointed_elsewhere", _("appointed to another office")
    DIED = "died", _("died")
    REVOKED = "revoked", _("mandate revoked")


class MandateQuerySet(PeriodQuerySet):
    def serving_on(self, at: datetime.date | None = None, chamber: Chamber | str | None = None):
        qs = self.active_on(at)
        if isinstance(chamber, str):
            return qs.filter(chamber__code=chamber)
        if chamber is not None:
            return qs.filter(chamber=chamber)
        return qs


class Mandate(Period):
    """A deputy's term of office in a chamber: how it was obtained and how it ended."""

    deputy = models.ForeignKey(Deputy, on_delete=models.CASCADE, related_name="mandates")
    chamber = models.ForeignKey(Chamber, on_delete=models.PROTECT, related_name="mandates")
    convocation = models.ForeignKey(Convocation, on_delete=models.PROTECT, related_name="mandates")
    basis = models.CharField(_("basis"), max_length=30, choices=Basis.choices)
    district_number = models.PositiveSmallIntegerField(_("district number"), null=True, blank=True)
    constituency = models.CharField(
        _("district or region"), max_length=200, blank=True, help_text=_("As officially named.")
    )
    end_reason = models.CharField(_("end reason"), max_length=30, choices=EndReason, blank=True)

    objects = MandateQuerySet.as_manager()

    class Meta(Period.Meta):
        ordering = ["starts_on"]
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        indexes = [models.Index(fields=["chamber", "starts_on", "ends_on"])]
        constraints = [
            *Period.Meta.constraints,
            models.CheckConstraint(
                condition=~Q(basis=Basis.SINGLE_MEMBER_DISTRICT) | Q(district_number__isnull=False),
                name="mandate_district_has_number",
            ),
            models.CheckConstraint(
                condition=~Q(basis=Basis.MASLIKHAT_ELECTION) | ~Q(constituency=""),
                name="mandate_maslikhat_has_region",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True, end_reason="") | Q(ends_on__isnull=False),
                name="mandate_end_reason_needs_end",
            ),
        ]
        # Overlapping mandates of one deputy are refused by the database itself:
        # an exclusion constraint on PostgreSQL, triggers on SQLite (migration 0002).

    def __str__(self):
        return f"{self.deputy} — {self.chamber}, {self.convocation.roman}"

    def clean(self):
        super().clean()
        if self.deputy_id and self.starts_on:
            others = Mandate.objects.filter(deputy_id=self.deputy_id).exclude(pk=self.pk)
            if others.overlapping(self.starts_on, self.ends_on).exists():
                raise ValidationError(
                    {"starts_on": _("The deputy already holds a mandate in this period.")}
                )


class MembershipQuerySet(PeriodQuerySet):
    def for_deputy(self, deputy):
        return self.filter(mandate__deputy=deputy)


class Membership(Period):
    """A dated membership that must lie within the deputy's mandate."""

    objects = MembershipQuerySet.as_manager()

    class Meta(Period.Meta):
        abstract = True

    def clean(self):
        super().clean()
        mandate = getattr(self, "mandate", None)
        if mandate is None or not self.starts_on:
            return
        ends_late = mandate.ends_on and (self.ends_on is None or self.ends_on > mandate.ends_on)
        if self.starts_on < mandate.starts_on or ends_late:
            raise ValidationError(
                {"starts_on": _("A membership must lie within the deputy's mandate.")}
            )


class FactionMembershipQuerySet(MembershipQuerySet):
    def leaders(self):
        return self.filter(is_leader=True)


class FactionMembership(Membership):
    """A deputy in a faction; a change of leader closes the row and opens a new one."""

    mandate = models.ForeignKey(
        Mandate, on_delete=models.CASCADE, related_name="faction_memberships"
    )
    faction = models.ForeignKey(Faction, on_delete=models.PROTECT, related_name="memberships")
    is_leader = models.BooleanField(
        _("faction leader"), default=False, help_text=_("Leads the faction in this period.")
    )

    objects = FactionMembershipQuerySet.as_manager()

    class Meta(Membership.Meta):
        ordering = ["starts_on"]
        verbose_name = _("faction membership")
        verbose_name_plural = _("faction memberships")

    def __str__(self):
        return f"{self.mandate.deputy} — {self.faction}"

    def clean(self):
        super().clean()
        if self.is_leader and self.faction_id and self.starts_on:
            leaders = FactionMembership.objects.filter(
                faction_id=self.faction_id, is_leader=True
            ).exclude(pk=self.pk)
            if leaders.overlapping(self.starts_on, self.ends_on).exists():
                raise ValidationError({"is_leader": _("The faction already has a leader then.")})


class CommitteeRole(models.TextChoices):
    CHAIR = "chair", _("chair")
    DEPUTY_CHAIR = "deputy_chair", _("deputy chair")
    SECRETARY = "secretary", _("secretary")
    MEMBER = "member", _("member")


class CommitteeMembership(Membership):
    mandate = models.ForeignKey(
        Mandate, on_delete=models.CASCADE, related_name="committee_memberships"
    )
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(
        _("role"), max_length=20, choices=CommitteeRole, default=CommitteeRole.MEMBER
    )

    class Meta(Membership.Meta):
        ordering = ["committee", "role", "starts_on"]
        verbose_name = _("committee membership")
        verbose_name_plural = _("committee memberships")

    def __str__(self):
        return f"{self.mandate.deputy} — {self.committee} ({self.get_role_display()})"

    def clean(self):
        super().clean()
        if self.role == CommitteeRole.CHAIR and self.committee_id and self.starts_on:
            chairs = CommitteeMembership.objects.filter(
                committee_id=self.committee_id, role=CommitteeRole.CHAIR
            ).exclude(pk=self.pk)
            if chairs.overlapping(self.starts_on, self.ends_on).exists():
                raise ValidationError({"role": _("The committee already has a chair then.")})


class OfficeRole(models.TextChoices):
    CHAIR = "chair", _("chair")
    DEPUTY_CHAIR = "deputy_chair", _("deputy chair")


class ChamberOfficeQuerySet(MembershipQuerySet):
    def of_chamber(self, chamber: Chamber | str):
        if isinstance(chamber, str):
            return self.filter(mandate__chamber__code=chamber)
        return self.filter(mandate__chamber=chamber)


class ChamberOffice(Membership):
    """The chair or a deputy chair of the deputy's chamber, held within a mandate."""

    mandate = models.ForeignKey(Mandate, on_delete=models.CASCADE, related_name="chamber_offices")
    role = models.CharField(_("office"), max_length=20, choices=OfficeRole)

    objects = ChamberOfficeQuerySet.as_manager()

    class Meta(Membership.Meta):
        ordering = ["role", "starts_on"]
        verbose_name = _("chamber office")
        verbose_name_plural = _("chamber offices")

    def __str__(self):
        return f"{self.mandate.deputy} — {self.get_role_display()}"

    def clean(self):
        super().clean()
        if self.role == OfficeRole.CHAIR and self.mandate_id and self.starts_on:
            chairs = (
                ChamberOffice.objects.filter(role=OfficeRole.CHAIR)
                .of_chamber(self.mandate.chamber)
                .exclude(pk=self.pk)
            )
            if chairs.overlapping(self.starts_on, self.ends_on).exists():
                raise ValidationError({"role": _("The chamber already has a chair then.")})


def bureau(chamber: Chamber, at: datetime.date) -> dict:
    """The chamber's Bureau on a date (DOMAIN.md B6): its chair and deputy chairs, the
    committee chairs and, in the Majilis, the faction leaders. Three queries."""
    offices = list(
        ChamberOffice.objects.active_on(at)
        .of_chamber(chamber)
        .select_related("mandate__deputy")
        .order_by("role", *by_name("mandate__deputy__"))
    )
    committee_chairs = list(
        CommitteeMembership.objects.active_on(at)
        .filter(role=CommitteeRole.CHAIR, committee__chamber=chamber)
        .select_related("mandate__deputy", "committee__chamber", "committee__convocation")
        .order_by(in_language("committee__name"))
    )
    leaders = []
    if chamber.code == Chamber.MAJILIS and at >= FACTION_LEADERS_IN_BUREAU_SINCE:
        leaders = list(
            FactionMembership.objects.active_on(at)
            .leaders()
            .filter(faction__chamber=chamber)
            .select_related(
                "mandate__deputy", "faction__party", "faction__chamber", "faction__convocation"
            )
            .order_by("-faction__seats_won", in_language("faction__name"))
        )
    return {
        "chair": next((o for o in offices if o.role == OfficeRole.CHAIR), None),
        "deputy_chairs": [o for o in offices if o.role == OfficeRole.DEPUTY_CHAIR],
        "committee_chairs": committee_chairs,
        "faction_leaders": leaders,
    }


def composition(chamber: Chamber, at: datetime.date) -> dict:
    """Seats held on a date in a chamber, by faction (None: no faction) and by basis."""
    serving = Mandate.objects.serving_on(at, chamber)
    by_basis = dict(serving.values_list("basis").annotate(n=models.Count("id")).order_by("basis"))
    counts = dict(
        FactionMembership.objects.active_on(at)
        .filter(mandate__in=serving)
        .values_list("faction")
        .annotate(n=models.Count("id"))
        .order_by()
    )
    factions = Faction.objects.filter(pk__in=counts).select_related("party")
    by_faction = sorted(((f, counts[f.pk]) for f in factions), key=lambda row: -row[1])
    total = sum(by_basis.values())
    unaffiliated = total - sum(counts.values())
    return {
        "total": total,
        "by_faction": by_faction,
        "unaffiliated": unaffiliated,
        "by_basis": [(Basis(code).label, n) for code, n in by_basis.items()],
    }
