"""The staff admin's forms: they read input and hand it to bills.services, which decides.

A refused write (services.DomainError) comes back as an error on the field it names.
"""

import datetime
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from django import forms
from django.contrib.admin.widgets import (
    AdminDateWidget,
    AutocompleteSelect,
    AutocompleteSelectMultiple,
)
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from chambers.models import Chamber, Committee
from deputies.models import Deputy, FactionMembership, Mandate

from . import imports, procedure, services
from .models import RULES, Bill, Body, InitiatorType, Kind, Option, Vote

P = procedure
LANGUAGES = ("kk", "ru", "en")


def user_language() -> str:
    language = (get_language() or "kk")[:2]
    return language if language in LANGUAGES else "en"


class DomainErrorMixin:
    """Shows a services.DomainError on the form field it concerns."""

    # The service's name for a field -> the form's; a name not on the form is a form-wide error.
    domain_fields: Mapping[str, str] = {}
    # Errors of the procedure name no field; their code tells which input they are about.
    domain_codes: Mapping[str, str] = {}

    def add_domain_error(self, error: services.DomainError) -> None:
        name = self.domain_fields.get(error.field, error.field)
        if name is None:
            name = self.domain_codes.get(error.code)
        if callable(name):
            name = name(self)
        target = name if name in self.fields and not self.fields[name].widget.is_hidden else None
        self.add_error(target, ValidationError(error.message, code=error.code))


class BodyChoiceField(forms.ChoiceField):
    """Offers the chambers the user records for, but accepts any: refusing one is the
    services' decision (services.authorize), with its own message."""

    def valid_value(self, value):
        return value in Body.values


def body_choices(user) -> list[tuple[str, str]]:
    bodies = services.clerk_bodies(user)
    return [("", "---------")] + [(b.value, b.label) for b in Body if b in bodies]


def default_date(bill: Bill | None) -> datetime.date:
    """Today, or, once the bill's convocation has ended, the date of its last event."""
    today = timezone.localdate()
    if bill is None or bill.convocation.ends_on is None or today <= bill.convocation.ends_on:
        return today
    last = bill.events.order_by("-sequence").values_list("date", flat=True).first()
    return last or bill.stage_since


def allowed_transitions(bill: Bill, on: datetime.date) -> list[P.Transition]:
    try:
        return P.allowed_actions(services.bill_state(bill), on)
    except P.ProcedureError:
        return []  # no bicameral Parliament on that day


def action_label(action: str, on: datetime.date) -> str:
    """The action's name in the user's language, with the verb of its era."""
    try:
        labels = P.era_on(on).verb(action)
    except P.ProcedureError:
        labels = P.ACTION_LABELS[P.Action(action)]
    return labels[user_language()]


def _autocomplete(form_field: forms.ModelChoiceField, widget) -> None:
    """The admin's search-as-you-type select, as ModelAdmin.autocomplete_fields gives it."""
    widget.choices = form_field.choices
    widget.is_required = form_field.required
    form_field.widget = widget


# --- Bills ------------------------------------------------------------------------------------


def _first_missing_title(form) -> str | None:
    """The service names "title" when an official language's title is missing."""
    for lang in services.OFFICIAL_LANGUAGES:
        if not (form.cleaned_data.get(f"title_{lang}") or "").strip():
            return f"title_{lang}"
    return None


class BillCreateForm(DomainErrorMixin, forms.Form):
    kind = forms.ChoiceField(label=capfirst(_("kind")), choices=Kind.choices)
    initiator_type = forms.ChoiceField(
        label=capfirst(_("initiator")), choices=InitiatorType.choices
    )
    initiators = forms.ModelMultipleChoiceField(
        Deputy.objects.all(),
        label=capfirst(_("initiating deputies")),
        required=False,
        help_text=_("Only for a deputies' bill: the deputies who introduced it."),
    )
    title_kk = forms.CharField(label=capfirst(_("title (Kazakh)")), max_length=500, required=False)
    title_ru = forms.CharField(label=capfirst(_("title (Russian)")), max_length=500, required=False)
    title_en = forms.CharField(label=capfirst(_("title (English)")), max_length=500, required=False)
    summary_kk = forms.CharField(
        label=capfirst(_("summary (Kazakh)")), widget=forms.Textarea, required=False
    )
    summary_ru = forms.CharField(
        label=capfirst(_("summary (Russian)")), widget=forms.Textarea, required=False
    )
    summary_en = forms.CharField(
        label=capfirst(_("summary (English)")), widget=forms.Textarea, required=False
    )
    registered_on = forms.DateField(label=capfirst(_("registered on")), widget=AdminDateWidget)
    priority = forms.BooleanField(label=capfirst(_("presidential priority bill")), required=False)

    domain_fields = {"title": _first_missing_title}

    def __init__(self, *args, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        _autocomplete(
            self.fields["initiators"],
            AutocompleteSelectMultiple(Bill._meta.get_field("initiators"), admin_site),
        )

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "initiator_type": data["initiator_type"],
            "initiators": [deputy.pk for deputy in data["initiators"]],
            "title": {lang: data[f"title_{lang}"] for lang in LANGUAGES},
            "summary": {lang: data[f"summary_{lang}"] for lang in LANGUAGES},
            "registered_on": data["registered_on"],
            "priority": data["priority"],
        }


EDITABLE_BILL_FIELDS = [
    *(f"title_{lang}" for lang in LANGUAGES),
    *(f"summary_{lang}" for lang in LANGUAGES),
    "priority",
]


class BillChangeForm(DomainErrorMixin, forms.ModelForm):
    """Titles, summaries and the priority flag, saved by services.bill_edit with the version
    the form was loaded at (the hidden field), so a save over someone else's is refused.

    BillAdmin sets `refusal` when the service refused the save: the form is then shown again,
    invalid, with the user's input kept and the refusal on the field it concerns.
    """

    version = forms.IntegerField(widget=forms.HiddenInput)
    refusal: services.DomainError | None = None
    domain_fields = {"title": _first_missing_title}

    class Meta:
        model = Bill
        fields = EDITABLE_BILL_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        for lang in LANGUAGES:
            for name in (f"title_{lang}", f"summary_{lang}"):
                # The labels come from modeltranslation ("Title [kk]").
                self.fields[name].required = False  # which titles are required: the service
                self.fields[name].empty_value = ""

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "title": {lang: data[f"title_{lang}"] for lang in LANGUAGES},
            "summary": {lang: data[f"summary_{lang}"] for lang in LANGUAGES},
            "priority": data["priority"],
            "expected_version": data["version"],
        }

    def clean(self):
        cleaned = super().clean()
        if self.refusal is None:
            return cleaned
        if self.refusal.code == "conflict":
            self._conflict(Bill.objects.get(pk=self.instance.pk), cleaned.get("version"))
        self.add_domain_error(self.refusal)
        return cleaned

    def _conflict(self, current: Bill, expected: int | None):
        for name in EDITABLE_BILL_FIELDS:
            saved = getattr(current, name)
            if name in self.cleaned_data and (saved or "") != (self.cleaned_data[name] or ""):
                shown = (_("yes") if saved else _("no")) if name == "priority" else saved
                self.add_error(name, _("Saved meanwhile: “%(value)s”") % {"value": shown})
        # Saving again, after reading the other clerk's values, replaces them deliberately.
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = current.version
        raise ValidationError(
            _("Someone else saved this bill while you were editing it (now version "
              "%(theirs)s, you loaded version %(yours)s). Nothing was saved: your input is "
              "kept below, with what is saved now noted under each field that differs. Save "
              "again to replace it with your input.")
            % {"theirs": current.version, "yours": expected},
            code="conflict",
        )  # fmt: skip


class VoteChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, vote):
        return _("%(body)s, %(date)s: %(motion)s — %(result)s") % {
            "body": vote.get_body_display(),
            "date": vote.date.isoformat(),
            "motion": vote.motion,
            "result": vote.get_result_display(),
        }


VARIANT_LABELS = {
    "rejected": _("the law fails (rejected)"),
    P.PRESIDENTS_WORDING: _("the law takes the President's wording"),
}


class BillActionForm(DomainErrorMixin, forms.Form):
    """One step of the procedure: the fields the action needs, nothing more."""

    date = forms.DateField(label=capfirst(_("date")), widget=AdminDateWidget)
    note = forms.CharField(
        label=capfirst(_("note")), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, bill: Bill, action: P.Action, transition, on, **kwargs):
        super().__init__(*args, **kwargs)
        self.bill, self.action, self.transition = bill, action, transition
        self.needed_bodies = [req.body for req in transition.votes] if transition else []
        if self.needed_bodies:
            self.fields["votes"] = VoteChoiceField(
                bill.votes.filter(
                    stage=bill.stage,
                    date__gte=bill.stage_since,
                    body__in=self.needed_bodies,
                    events__isnull=True,
                ).order_by("-date", "-pk"),
                label=capfirst(_("votes")),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text=_("One vote per chamber that has to vote, held at this stage and "
                            "not yet used for another step."),
            )  # fmt: skip
        committees = Committee.objects.active_on(on).filter(chamber__code=Chamber.MAJILIS)
        if action == P.Action.REFERRED:
            self.fields["lead_committee"] = forms.ModelChoiceField(
                committees, label=capfirst(_("lead committee")), required=False
            )
            self.fields["co_committees"] = forms.ModelMultipleChoiceField(
                committees,
                label=capfirst(_("co-executing committees")),
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        elif action == P.Action.COMMITTEE_REPORT:
            self.fields["committees"] = forms.ModelMultipleChoiceField(
                committees,
                label=capfirst(_("committees")),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text=_("The committees whose conclusion this is."),
            )
        if action in P.VARIANTS:
            variants = P.VARIANTS[action]
            self.fields["variant"] = forms.ChoiceField(
                label=capfirst(_("outcome")),
                choices=[(v, VARIANT_LABELS.get(v, v)) for v in variants],
                initial=variants[0],
                widget=forms.RadioSelect,
            )
        if action == P.Action.SIGNED:
            self.fields["law_serial"] = forms.IntegerField(
                label=capfirst(_("law number")), min_value=1, required=False
            )
            self.fields["law_suffix"] = forms.CharField(
                label=capfirst(_("law number suffix")),
                max_length=10,
                required=False,
                help_text=_("As written after the convocation, e.g. ЗРК or ҚРЗ."),
            )

    domain_codes = {
        "vote_required": "votes",
        "vote_not_expected": "votes",
        "vote_result_mismatch": "votes",
        "vote_rule_mismatch": "votes",
        "date_before_previous_action": "date",
        "variant_not_allowed": "variant",
    }

    @property
    def domain_fields(self):
        committees = "lead_committee" if "lead_committee" in self.fields else "committees"
        return {"committees": committees, "registered_on": "date"}

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        if "lead_committee" in data:
            lead = [data["lead_committee"]] if data["lead_committee"] else []
            committees = [c.pk for c in lead + [c for c in data["co_committees"] if c not in lead]]
        else:
            committees = [c.pk for c in data.get("committees", [])]
        return {
            "action": self.action,
            "date": data["date"],
            "votes": [v.pk for v in data.get("votes", [])],
            "committees": committees,
            "note": data["note"],
            "variant": data.get("variant") or None,
            "law_serial": data.get("law_serial"),
            "law_suffix": data.get("law_suffix", ""),
            "expected_version": data["version"],
        }


# --- Votes ------------------------------------------------------------------------------------


class VoteHeaderForm(DomainErrorMixin, forms.Form):
    bill = forms.ModelChoiceField(Bill.objects.all(), label=capfirst(_("bill")))
    chamber = BodyChoiceField(label=capfirst(_("chamber")))
    date = forms.DateField(label=capfirst(_("date")), widget=AdminDateWidget)
    motion = forms.CharField(
        label=capfirst(_("motion")),
        max_length=200,
        help_text=_("What was voted on, as announced, e.g. “first reading”."),
    )
    domain_fields = {"ballots": None}

    def __init__(self, *args, user, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        _autocomplete(
            self.fields["bill"], AutocompleteSelect(Vote._meta.get_field("bill"), admin_site)
        )
        self.fields["chamber"].choices = body_choices(user)

    def header(self) -> tuple[Bill, str, datetime.date] | None:
        """Bill, chamber and date when each is valid, whatever the other fields hold."""
        values = []
        for name in ("bill", "chamber", "date"):
            raw = self[name].data if self.is_bound else self.initial.get(name)
            try:
                values.append(self.fields[name].clean(raw))
            except ValidationError:
                return None
        return tuple(values)


class VoteEntryForm(VoteHeaderForm):
    official_yes = forms.IntegerField(
        label=capfirst(_("official yes")), min_value=0, required=False
    )
    official_no = forms.IntegerField(label=capfirst(_("official no")), min_value=0, required=False)
    official_abstain = forms.IntegerField(
        label=capfirst(_("official abstain")), min_value=0, required=False
    )
    official_absent = forms.IntegerField(
        label=capfirst(_("official absent")), min_value=0, required=False
    )
    confirm_mismatch = forms.BooleanField(
        label=capfirst(_("Record the vote although the official totals differ from the ballots")),
        required=False,
    )
    domain_fields = {"ballots": None, "official_totals": "confirm_mismatch"}

    def official_totals(self) -> dict[str, int] | None:
        totals = {o: self.cleaned_data.get(f"official_{o}") for o in Option.values}
        return {o: n for o, n in totals.items() if n is not None} or None


class VoteImportForm(VoteHeaderForm):
    file = forms.FileField(
        label=capfirst(_("e-voting export (CSV)")),
        required=False,
        help_text=_("Columns “deputy” (id or full name in Kazakh, Russian or English) and "
                    "“option” (yes/no/abstain/absent, or за/против/воздержался/отсутствовал, "
                    "or жақтап/қарсы/қалыс/қатыспады); UTF-8, commas or semicolons."),
    )  # fmt: skip
    # After the preview the file travels back as text, so the confirmed file is the previewed one.
    csv_text = forms.CharField(required=False, widget=forms.HiddenInput)
    file_name = forms.CharField(required=False, max_length=255, widget=forms.HiddenInput)
    domain_fields = {"ballots": None, "official_totals": None}
    MAX_BYTES = 1_000_000

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload:
            if upload.size > self.MAX_BYTES:
                raise ValidationError(_("The file is larger than 1 MB."), code="too_large")
            try:
                cleaned["csv_text"] = imports.decode(upload.read())
            except UnicodeDecodeError:
                self.add_error("file", _("The file is not UTF-8 text: export it as CSV UTF-8."))
                return cleaned
            cleaned["file_name"] = upload.name
            # The preview page sends the text back on confirmation.
            self.data = self.data.copy()
            self.data["csv_text"], self.data["file_name"] = cleaned["csv_text"], upload.name
        elif not cleaned.get("csv_text"):
            self.add_error("file", _("Choose the exported file."))
        return cleaned


# --- The roll-call sheet ----------------------------------------------------------------------


@dataclass
class SheetRow:
    deputy_id: int
    name: str
    option: str = Option.ABSENT


@dataclass
class SheetGroup:
    key: str  # the scope of a bulk button: "<chamber>-<faction id or none>"
    chamber: str
    label: str
    is_faction: bool
    rows: list[SheetRow]


@dataclass
class SheetChamber:
    code: str
    name: str
    seats: int | None
    threshold: int | None
    quorum: int | None
    rule_label: str
    counts: dict[str, int] = field(default_factory=dict)
    outcome: str = ""


@dataclass
class RollCallSheet:
    """One row per deputy serving in the counted chamber(s) on the day, grouped by faction."""

    body: str
    rule: str | None
    rule_problem: str
    chambers: list[SheetChamber]
    groups: list[SheetGroup]

    @classmethod
    def load(cls, bill: Bill, body: str, on: datetime.date) -> "RollCallSheet":
        # Queries: the chambers, each chamber's seats, the mandates with their deputies, and the
        # faction memberships with their factions.
        codes = [Body.MAJILIS, Body.SENATE] if body == Body.JOINT else [body]
        chambers = list(Chamber.objects.filter(code__in=codes).order_by("position"))
        try:
            rule, problem = (
                P.vote_rule(P.Kind(bill.kind), P.Stage(bill.stage), P.Body(body), on),
                "",
            )
        except P.ProcedureError as error:
            rule, problem = None, error.message.get(user_language(), error.message["en"])
        rule_labels = dict(RULES)
        sheet_chambers = []
        for chamber in chambers:
            seats = chamber.seats_on(on)
            sheet_chambers.append(
                SheetChamber(
                    code=chamber.code,
                    name=chamber.name,
                    seats=seats,
                    threshold=P.threshold(rule, seats) if rule and seats else None,
                    quorum=P.quorum(seats) if seats else None,
                    rule_label=str(rule_labels[rule]) if rule else "",
                )
            )
        mandates = list(
            Mandate.objects.serving_on(on).filter(chamber__in=chambers).select_related("deputy")
        )
        factions = {
            m.mandate_id: m.faction
            for m in FactionMembership.objects.active_on(on)
            .filter(mandate__in=[m.pk for m in mandates])
            .select_related("faction")
        }
        by_chamber = {c.pk: c for c in chambers}
        groups: dict[tuple, SheetGroup] = {}
        for mandate in mandates:
            chamber = by_chamber[mandate.chamber_id]
            faction = factions.get(mandate.pk)
            key = (chamber.position, chamber.code, faction.pk if faction else None)
            if key not in groups:
                label = faction.name if faction else str(_("No faction"))
                if body == Body.JOINT:
                    label = f"{chamber.name} — {label}"
                groups[key] = SheetGroup(
                    key=f"{chamber.code}-{faction.pk if faction else 'none'}",
                    chamber=chamber.code,
                    label=label,
                    is_faction=faction is not None,
                    rows=[],
                )
            groups[key].rows.append(SheetRow(mandate.deputy_id, mandate.deputy.full_name))
        for group in groups.values():
            group.rows.sort(key=lambda row: imports.normalize(row.name))
        # By chamber, then the largest factions first; deputies without a faction last.
        ordered = sorted(
            groups.items(),
            key=lambda item: (item[0][0], item[0][2] is None, -len(item[1].rows), item[1].label),
        )
        sheet = cls(body, rule, problem, sheet_chambers, [group for _, group in ordered])
        sheet.count()
        return sheet

    def rows(self):
        for group in self.groups:
            yield from group.rows

    def set_options(self, chosen: Mapping[int, str]) -> None:
        for row in self.rows():
            row.option = chosen.get(row.deputy_id, row.option)
        self.count()

    def apply_bulk(self, option: str, scope: str | None = None) -> None:
        """Everyone in scope not marked absent votes `option` (on a fresh sheet, everyone);
        "absent" resets the whole scope. The same rule as static/admin-extra/vote_entry.js."""
        rows = [r for g in self.groups if scope in (None, g.key) for r in g.rows]
        if option != Option.ABSENT:
            present = [r for r in rows if r.option != Option.ABSENT]
            rows = present or rows
        for row in rows:
            row.option = option
        self.count()

    def count(self) -> None:
        for chamber in self.chambers:
            counts = Counter(
                r.option for g in self.groups if g.chamber == chamber.code for r in g.rows
            )
            chamber.counts = {o: counts[o] for o in Option.values}
            present = counts[Option.YES] + counts[Option.NO] + counts[Option.ABSTAIN]
            chamber.outcome = ""
            if self.rule and chamber.seats:
                try:
                    chamber.outcome = P.outcome(
                        rule=self.rule, seats=chamber.seats, yes=counts[Option.YES], present=present
                    )
                except ValueError:
                    chamber.outcome = ""  # more present than seats: the service will say why


def posted_ballots(data) -> dict[int, str]:
    """The `ballot-<deputy id>` radio buttons of the vote entry form."""
    chosen = {}
    for key, value in data.items():
        prefix, _sep, deputy = key.partition("-")
        if prefix == "ballot" and deputy.isdigit():
            chosen[int(deputy)] = value
    return chosen
