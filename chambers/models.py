import datetime

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


def roman(number: int) -> str:
    return ROMAN[number - 1]


class PeriodQuerySet(models.QuerySet):
    def active_on(self, at: datetime.date | None = None):
        """Rows whose period contains the date (both ends inclusive; an open end is ongoing)."""
        at = at or timezone.localdate()
        return self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=at), starts_on__lte=at)

    def overlapping(self, starts_on: datetime.date, ends_on: datetime.date | None):
        qs = self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on))
        return qs if ends_on is None else qs.filter(starts_on__lte=ends_on)


class Period(models.Model):
    """A span of days, both ends inclusive; `ends_on` is empty while it lasts."""

    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    objects = PeriodQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="%(app_label)s_%(class)s_ends_after_start",
            )
        ]

    def is_active_on(self, at: datetime.date) -> bool:
        return self.starts_on <= at and (self.ends_on is None or at <= self.ends_on)


class Sourced(models.Model):
    """Reference facts carry their source, and whether a source confirmed them."""

    confirmed = models.BooleanField(
        _("confirmed"),
        default=True,
        help_text=_("Off when the fact is recalled but not yet confirmed by a source."),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        abstract = True


class Chamber(models.Model):
    MAJILIS = "majilis"
    SENATE = "senate"

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("chamber")
        verbose_name_plural = _("chambers")

    def __str__(self):
        return self.name

    def seats_on(self, at: datetime.date) -> int | None:
        row = self.seats.active_on(at).order_by("-starts_on").first()
        return row.seats if row else None


class ConvocationQuerySet(PeriodQuerySet):
    def latest_started(self, at: datetime.date | None = None):
        at = at or timezone.localdate()
        return self.filter(starts_on__lte=at).order_by("-starts_on").first()


class Convocation(Sourced, Period):
    """A convocation (созыв) of a legislature; the count follows the Majilis."""

    PARLIAMENT = "parliament"
    LEGISLATURES = [(PARLIAMENT, _("Parliament (Majilis and Senate)")), ("kurultai", _("Kurultai"))]

    legislature = models.CharField(
        _("legislature"), max_length=20, choices=LEGISLATURES, default=PARLIAMENT
    )
    number = models.PositiveSmallIntegerField(_("number"))

    objects = ConvocationQuerySet.as_manager()

    class Meta(Period.Meta):
        ordering = ["starts_on"]
        verbose_name = _("convocation")
        verbose_name_plural = _("convocations")
        constraints = [
            *Period.Meta.constraints,
            models.UniqueConstraint(fields=["legislature", "number"], name="convocation_unique"),
        ]

    def __str__(self):
        return _("%(roman)s convocation") % {"roman": self.roman}

    @property
    def roman(self) -> str:
        return roman(self.number)


class Seats(Sourced, Period):
    """The established number of seats of a chamber, from which every threshold is counted."""

    convocation = models.ForeignKey(Convocation, on_delete=models.CASCADE, related_name="seats")
    chamber = models.ForeignKey(Chamber, on_delete=models.PROTECT, related_name="seats")
    seats = models.PositiveSmallIntegerField(_("established seats"))

    class Meta(Period.Meta):
        ordering = ["convocation__starts_on", "chamber__position", "starts_on"]
        verbose_name = _("established seats")
        verbose_name_plural = _("established seats")
        constraints = [
            *Period.Meta.constraints,
            models.CheckConstraint(condition=Q(seats__gt=0), name="seats_positive"),
            models.UniqueConstraint(
                fields=["convocation", "chamber", "starts_on"], name="seats_unique"
            ),
        ]

    def __str__(self):
        return f"{self.chamber} {self.convocation.roman}: {self.seats}"


class Session(Period):
    """A session runs from the first working day of September to the last of June."""

    convocation = models.ForeignKey(Convocation, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField(_("number"))

    class Meta(Period.Meta):
        ordering = ["starts_on"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            *Period.Meta.constraints,
            models.UniqueConstraint(fields=["convocation", "number"], name="session_unique"),
        ]

    def __str__(self):
        return _("Session %(number)s of the %(convocation)s") % {
            "number": self.number,
            "convocation": self.convocation,
        }


class CommitteeQuerySet(PeriodQuerySet):
    def by_public_ids(self, ids):
        """Committees by their public ids ("majilis-viii-finance"); unknown ids are skipped."""
        query = Q(pk__in=[])
        for public_id in ids:
            chamber, _, rest = str(public_id).partition("-")
            number, _, code = rest.partition("-")
            if number.upper() in ROMAN:
                query |= Q(
                    chamber__code=chamber,
                    convocation__number=ROMAN.index(number.upper()) + 1,
                    code=code,
                )
        return self.filter(query)


class Committee(Sourced, Period):
    chamber = models.ForeignKey(Chamber, on_delete=models.PROTECT, related_name="committees")
    convocation = models.ForeignKey(
        Convocation, on_delete=models.PROTECT, related_name="committees"
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)

    objects = CommitteeQuerySet.as_manager()

    class Meta(Period.Meta):
        ordering = ["chamber__position", "name"]
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        constraints = [
            *Period.Meta.constraints,
            models.UniqueConstraint(
                fields=["chamber", "convocation", "code"], name="committee_unique_code"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def public_id(self) -> str:
        """Stable across re-imports: chamber, convocation and code."""
        return f"{self.chamber.code}-{self.convocation.roman.lower()}-{self.code}"


class Sitting(models.Model):
    """A plenary sitting of one chamber, or a joint sitting of both (no chamber)."""

    convocation = models.ForeignKey(Convocation, on_delete=models.PROTECT, related_name="sittings")
    chamber = models.ForeignKey(
        Chamber, on_delete=models.PROTECT, null=True, blank=True, related_name="sittings"
    )
    joint = models.BooleanField(_("joint sitting"), default=False)
    date = models.DateField(_("date"))

    class Meta:
        ordering = ["-date"]
        verbose_name = _("sitting")
        verbose_name_plural = _("sittings")
        indexes = [models.Index(fields=["date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(joint=True, chamber__isnull=True)
                | Q(joint=False, chamber__isnull=False),
                name="sitting_joint_xor_chamber",
            ),
            models.UniqueConstraint(
                fields=["chamber", "date"], condition=Q(joint=False), name="sitting_one_per_day"
            ),
            models.UniqueConstraint(
                fields=["date"], condition=Q(joint=True), name="joint_sitting_one_per_day"
            ),
        ]

    def __str__(self):
        where = _("Joint sitting") if self.joint else self.chamber
        return f"{where}, {self.date:%Y-%m-%d}"
