import uuid
from collections.abc import Mapping

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils.functional import lazy
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from chambers.models import Chamber, Committee, Convocation
from deputies.models import Deputy, Faction

from . import procedure


def _in_language(labels: dict[str, str]) -> str:
    return labels.get((get_language() or "kk")[:2], labels["en"])


_localized = lazy(_in_language, str)


def _choices(enum, labels) -> list[tuple[str, str]]:
    return [(member.value, _localized(labels[member])) for member in enum]


STAGES = _choices(procedure.Stage, procedure.STAGE_LABELS)
ACTIONS = _choices(procedure.Action, procedure.ACTION_LABELS)
RULES = _choices(procedure.Rule, procedure.RULE_LABELS)


class Kind(models.TextChoices):
    LAW = procedure.Kind.LAW, _("law")
    CODE = procedure.Kind.CODE, pgettext_lazy("bill kind", "code")
    RATIFICATION = procedure.Kind.RATIFICATION, _("ratification or denunciation of a treaty")
    BUDGET = procedure.Kind.BUDGET, _("budget law")
    CONSTITUTIONAL_LAW = procedure.Kind.CONSTITUTIONAL_LAW, _("constitutional law")
    CONSTITUTIONAL_AMENDMENT = (
        procedure.Kind.CONSTITUTIONAL_AMENDMENT,
        _("amendment to the Constitution"),
    )


class InitiatorType(models.TextChoices):
    GOVERNMENT = procedure.Initiator.GOVERNMENT, _("Government")
    DEPUTIES = procedure.Initiator.DEPUTIES, _("deputies")
    PRESIDENT = procedure.Initiator.PRESIDENT, _("President")


class Body(models.TextChoices):
    MAJILIS = procedure.Body.MAJILIS, _("Majilis")
    SENATE = procedure.Body.SENATE, _("Senate")
    JOINT = procedure.Body.JOINT, _("joint sitting of the chambers")


class Result(models.TextChoices):
    PASSED = procedure.Outcome.PASSED, _("passed")
    FAILED = procedure.Outcome.FAILED, _("failed")
    NO_QUORUM = procedure.Outcome.NO_QUORUM, _("no quorum")


class Option(models.TextChoices):
    YES = "yes", _("yes")
    NO = "no", _("no")
    ABSTAIN = "abstain", _("abstain")
    ABSENT = "absent", _("absent")


# The options of a deputy present at a vote.
PRESENT = (Option.YES, Option.NO, Option.ABSTAIN)


class BillQuerySet(models.QuerySet):
    def in_stage(self, *stages):
        return self.filter(stage__in=stages)

    def pending(self):
        return self.exclude(stage__in=procedure.FINAL_STAGES)

    def clocked(self):
        """The bills a statutory clock may run for (procedure.deadline is None for others)."""
        return self.filter(
            Q(stage__in=procedure.CLOCKED_STAGES)
            | Q(priority=True, stage__in=procedure.PRIORITY_CLOCKED_STAGES)
        )


SEARCH_FIELDS = ("search_kk", "search_ru", "search_en", "search_text")


class BillManager(models.Manager.from_queryset(BillQuerySet)):
    def get_queryset(self):
        # The search columns are large and only read by the database.
        return super().get_queryset().defer(*SEARCH_FIELDS)


class Bill(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.CharField(_("registration number"), max_length=40, unique=True)
    convocation = models.ForeignKey(Convocation, on_delete=models.PROTECT, related_name="bills")
    serial = models.PositiveIntegerField(_("serial in the convocation"), editable=False)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    initiator_type = models.CharField(_("initiator"), max_length=20, choices=InitiatorType)
    initiators = models.ManyToManyField(
        Deputy, blank=True, related_name="initiated_bills", verbose_name=_("initiating deputies")
    )
    title = models.CharField(_("title"), max_length=500)
    summary = models.TextField(_("summary"), blank=True)
    registered_on = models.DateField(_("registered on"))
    priority = models.BooleanField(_("presidential priority bill"), default=False)
    stage = models.CharField(_("stage"), max_length=30, choices=STAGES, editable=False)
    stage_since = models.DateField(_("in this stage since"), editable=False)
    lead_committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_bills",
        verbose_name=_("lead committee"),
    )
    co_committees = models.ManyToManyField(
        Committee,
        blank=True,
        related_name="co_executed_bills",
        verbose_name=_("co-executing committees"),
    )
    law_serial = models.PositiveIntegerField(_("law number"), null=True, blank=True)
    law_convocation = models.ForeignKey(
        Convocation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="laws",
        verbose_name=_("convocation of the law number"),
    )
    law_suffix = models.CharField(_("law number suffix"), max_length=10, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True, editable=False)
    in_force_on = models.DateField(_("in force from"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo"), default=False)
    # Bumped by every service write; a form or request holding an older value is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    # Kept by bills.search.index_bills: a tsvector per language (PostgreSQL) and the
    # case-folded text of every title and summary (trigram search, and SQLite's fallback).
    search_kk = SearchVectorField(null=True, editable=False)
    search_ru = SearchVectorField(null=True, editable=False)
    search_en = SearchVectorField(null=True, editable=False)
    search_text = models.TextField(blank=True, editable=False)

    # The history model is registered in translation.py, after the kk/ru/en columns exist.
    objects = BillManager()

    class Meta:
        ordering = ["-registered_on", "-id"]
        verbose_name = _("bill")
        verbose_name_plural = _("bills")
        indexes = [
            models.Index(fields=["stage", "registered_on"]),
            models.Index(fields=["convocation", "registered_on"]),
            # The lists' default order (newest first) read backwards, stopping at the page.
            models.Index(fields=["registered_on", "id"], name="bill_registered_idx"),
            # Priority bills, few, by stage: their clock runs in most stages (clocked()).
            models.Index(fields=["stage"], condition=Q(priority=True), name="bill_priority_idx"),
            # Laws by date of signature: the activity report, the API's signed_after/before.
            models.Index(
                fields=["signed_on"], condition=Q(signed_on__isnull=False), name="bill_signed_idx"
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["convocation", "serial"], name="bill_unique_serial"),
            models.UniqueConstraint(
                fields=["law_serial", "law_convocation", "law_suffix"],
                condition=Q(law_serial__isnull=False),
                name="bill_unique_law_number",
            ),
            models.CheckConstraint(
                condition=Q(law_serial__isnull=True) | Q(stage=procedure.Stage.SIGNED),
                name="bill_law_number_only_when_signed",
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def law_number(self) -> str:
        """As officially written, e.g. "186-VII ЗРК"."""
        if self.law_serial is None:
            return ""
        roman = f"-{self.law_convocation.roman}" if self.law_convocation_id else ""
        return f"{self.law_serial}{roman} {self.law_suffix}".strip()


class BillEvent(models.Model):
    """One step of a bill, appended by the services and never edited."""

    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="events")
    sequence = models.PositiveIntegerField(editable=False)
    action = models.CharField(_("action"), max_length=40, choices=ACTIONS)
    date = models.DateField(_("date"))
    body = models.CharField(_("where"), max_length=10, choices=Body, blank=True)
    from_stage = models.CharField(_("from stage"), max_length=30, choices=STAGES, blank=True)
    to_stage = models.CharField(_("to stage"), max_length=30, choices=STAGES)
    committees = models.ManyToManyField(Committee, blank=True, verbose_name=_("committees"))
    votes = models.ManyToManyField("Vote", blank=True, related_name="events")
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["bill", "sequence"]
        verbose_name = _("bill event")
        verbose_name_plural = _("bill events")
        indexes = [models.Index(fields=["date"])]
        constraints = [
            models.UniqueConstraint(fields=["bill", "sequence"], name="bill_event_sequence")
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_action_display()}"


class Vote(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="votes")
    body = models.CharField(_("chamber"), max_length=10, choices=Body)
    date = models.DateField(_("date"))
    motion = models.CharField(_("motion"), max_length=200)
    stage = models.CharField(_("bill stage at the vote"), max_length=30, choices=STAGES)
    rule = models.CharField(_("rule"), max_length=20, choices=RULES)
    result = models.CharField(_("result"), max_length=10, choices=Result)
    official_yes = models.PositiveSmallIntegerField(_("official yes"), null=True, blank=True)
    official_no = models.PositiveSmallIntegerField(_("official no"), null=True, blank=True)
    official_abstain = models.PositiveSmallIntegerField(
        _("official abstain"), null=True, blank=True
    )
    official_absent = models.PositiveSmallIntegerField(_("official absent"), null=True, blank=True)
    totals_mismatch = models.BooleanField(
        _("official totals differ from the ballots"), default=False
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        indexes = [models.Index(fields=["date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["bill", "body", "date", "motion"], name="vote_unique_motion"
            )
        ]

    def __str__(self):
        return f"{self.get_body_display()} {self.date:%Y-%m-%d}: {self.motion}"

    @property
    def official_totals(self) -> dict[str, int | None]:
        return {option: getattr(self, f"official_{option}") for option in Option.values}


class Tally(models.Model):
    """The count of one chamber in a vote: a joint sitting has one per chamber."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="tallies")
    chamber = models.ForeignKey(Chamber, on_delete=models.PROTECT, related_name="+")
    seats = models.PositiveSmallIntegerField(_("established seats"))
    threshold = models.PositiveSmallIntegerField(_("yes votes needed"))
    quorum = models.PositiveSmallIntegerField(_("quorum"))
    yes = models.PositiveSmallIntegerField(_("yes"))
    no = models.PositiveSmallIntegerField(_("no"))
    abstain = models.PositiveSmallIntegerField(_("abstain"))
    absent = models.PositiveSmallIntegerField(_("absent"))
    result = models.CharField(_("result"), max_length=10, choices=Result)

    class Meta:
        ordering = ["vote", "chamber__position"]
        verbose_name = _("tally")
        verbose_name_plural = _("tallies")
        constraints = [
            models.UniqueConstraint(fields=["vote", "chamber"], name="tally_one_per_chamber")
        ]

    def __str__(self):
        return f"{self.chamber}: {self.yes}/{self.no}/{self.abstain}/{self.absent}"


class Ballot(models.Model):
    # Both keys lead an index below (vote, deputy and deputy, vote): no index of their own.
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="ballots", db_index=False)
    deputy = models.ForeignKey(
        Deputy, on_delete=models.PROTECT, related_name="ballots", db_index=False
    )
    chamber = models.ForeignKey(Chamber, on_delete=models.PROTECT, related_name="+")
    option = models.CharField(_("option"), max_length=10, choices=Option)
    faction = models.ForeignKey(
        Faction,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ballots",
        help_text=_("The deputy's faction on the day of the vote."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["vote", "deputy"]
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        indexes = [
            # A deputy's record and attendance, read from the index alone.
            models.Index(
                fields=["deputy", "vote"],
                include=["option", "faction", "id"],
                name="ballot_deputy_idx",
            ),
            # A faction's options in one vote (its line, the faction page's counts), read
            # from the index alone; its keys repeat, so deduplication keeps it small.
            models.Index(fields=["vote", "faction", "option"], name="ballot_vote_faction_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["vote", "deputy"], name="ballot_one_per_deputy")
        ]

    def __str__(self):
        return f"{self.deputy}: {self.get_option_display()}"


class FactionLine(models.Model):
    """A faction's line in a vote: the option more than half of its members present chose.
    Derived from the ballots (bills.sql.faction_lines) when the roll call is recorded; no row
    where no option had such a majority. A deputy's record filters on it."""

    vote = models.ForeignKey(
        Vote, on_delete=models.CASCADE, related_name="faction_lines", db_index=False
    )
    faction = models.ForeignKey(Faction, on_delete=models.PROTECT, related_name="+")
    option = models.CharField(_("option"), max_length=10, choices=Option)

    class Meta:
        verbose_name = _("faction line")
        verbose_name_plural = _("faction lines")
        constraints = [
            # Each ballot reads its faction's line by this key (deputies.views).
            models.UniqueConstraint(fields=["vote", "faction"], name="faction_line_one_per_vote")
        ]

    def __str__(self):
        return f"{self.faction}: {self.get_option_display()}"

    @staticmethod
    def majority(counts: Mapping[str, int]) -> str | None:
        """Of {present option: how many members chose it}, the option more than half chose;
        None when none did. The rule bills.sql.faction_lines applies to the stored lines."""
        present = sum(counts.values())
        return next((option for option, n in counts.items() if 2 * n > present), None)


class Document(models.Model):
    """A text version of a bill in one language at one stage."""

    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="documents")
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    stage = models.CharField(_("stage"), max_length=30, choices=STAGES)
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to="bills/", blank=True)
    url = models.URLField(_("address"), blank=True)
    date = models.DateField(_("date"))

    class Meta:
        ordering = ["bill", "date", "language"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.CheckConstraint(condition=~Q(file="") | ~Q(url=""), name="document_file_or_url")
        ]

    def __str__(self):
        return self.title


class Report(models.Model):
    """A computed report (bills.reports) of one kind and parameters, built by a Celery task.

    Re-running replaces the result in one transaction; the row keeps the last good result
    while a new run is queued or running."""

    class Kind(models.TextChoices):
        CONVOCATION_SUMMARY = "convocation_summary", _("convocation summary")
        DEPUTIES = "deputies", _("deputies: attendance and votes against the faction")
        COMMITTEES = "committees", _("committees: bills referred, held and concluded")
        DEADLINES = "deadlines", _("bills past a statutory deadline")
        ACTIVITY = "activity", _("activity by month")
        DUMP = "dump", _("full data dump")

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("report status", "queued")
        RUNNING = "running", pgettext_lazy("report status", "running")
        DONE = "done", pgettext_lazy("report status", "done")
        FAILED = "failed", pgettext_lazy("report status", "failed")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    # The parameters in a canonical text form, so one row exists per kind and parameters.
    key = models.CharField(max_length=200, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    requested_at = models.DateTimeField(_("requested at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    generated_at = models.DateTimeField(_("generated at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    data = models.JSONField(_("result"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to="reports/", blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["kind", "key"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="report_one_per_parameters")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.key}".strip()

    @property
    def key_slug(self) -> str:
        """The parameters for a file name: "convocation-VIII"."""
        return "-".join(f"{k}-{v}" for k, v in sorted(self.parameters.items())) or "all"
