"""The clerks' admin: bills, their steps, roll calls and e-voting imports.

Every write goes through bills.services, which decides the law and who may record what; the
admin reads input, narrows choices and shows refusals on the form. Custom views:
  bills/bill/<id>/action/<action>/  one step of the procedure
  bills/vote/enter/                 a roll call, one row per deputy
  bills/vote/import/                the same from an e-voting export (CSV), with a preview
"""

from urllib.parse import urlencode

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import F
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from chambers.models import Convocation
from deputies.models import Mandate

from . import imports, procedure, services
from .forms import (
    BillActionForm,
    BillChangeForm,
    BillCreateForm,
    RollCallSheet,
    VoteEntryForm,
    VoteImportForm,
    action_label,
    allowed_transitions,
    default_date,
    posted_ballots,
    user_language,
)
from .models import (
    RULES,
    Ballot,
    Bill,
    BillEvent,
    Body,
    Document,
    FactionLine,
    Option,
    Report,
    Tally,
    Vote,
)

P = procedure


def _refusal(user, body) -> str:
    """The services' own words when the user may not record for `body`, shown before a submit."""
    try:
        services.authorize(user, body)
    except services.DomainError as error:
        return error.message
    return ""


class _Refused(Exception):
    """A service refused the save inside the admin's change view: roll it all back."""

    def __init__(self, error: services.DomainError):
        super().__init__(error.message)
        self.error = error


class HistoryWithoutRevertMixin:
    """History is for reading: reverting would write around the services and the version."""

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ReadOnlyInline:
    extra = 0
    max_num = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- Bills ------------------------------------------------------------------------------------


class BillEventInline(ReadOnlyInline, admin.TabularInline):
    """The bill's steps, appended by the services only."""

    model = BillEvent
    fields = ["sequence", "date", "action", "body", "from_stage", "to_stage"]
    fields += ["committees", "votes", "note", "recorded_by"]
    readonly_fields = fields
    ordering = ["sequence"]
    verbose_name_plural = gettext_lazy("Steps so far (added only by the step buttons above)")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("recorded_by")
            .prefetch_related("committees", "votes")
        )


class DocumentInline(admin.TabularInline):
    model = Document
    extra = 0
    fields = ["language", "stage", "title", "file", "url", "date"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


BILL_FACTS = [
    "number",
    "convocation",
    "kind",
    "initiator_type",
    "initiators",
    "registered_on",
    "stage",
    "stage_since",
    "lead_committee",
    "co_committees",
    "law_number",
    "signed_on",
    "in_force_on",
]


@admin.register(Bill)
class BillAdmin(HistoryWithoutRevertMixin, SimpleHistoryAdmin):
    form = BillChangeForm
    list_display = ["number", "title", "kind", "stage", "registered_on", "lead_committee"]
    list_select_related = ["lead_committee"]
    list_filter = ["stage", "kind", "initiator_type", "convocation"]
    search_fields = ["number", "title_kk", "title_ru", "title_en"]
    date_hierarchy = "registered_on"
    readonly_fields = BILL_FACTS
    fieldsets = [
        (None, {"fields": BILL_FACTS}),
        (
            gettext_lazy("Titles, summaries and priority"),
            {
                "fields": [
                    *(f"title_{lang}" for lang in ("kk", "ru", "en")),
                    *(f"summary_{lang}" for lang in ("kk", "ru", "en")),
                    "priority",
                    "version",
                ]
            },
        ),
    ]
    inlines = [DocumentInline, BillEventInline]

    def get_urls(self):
        view = self.admin_site.admin_view(self.action_view)
        return [
            path("<path:object_id>/action/<str:action>/", view, name="bills_bill_action"),
            *super().get_urls(),
        ]

    def has_delete_permission(self, request, obj=None):
        return False  # a bill ends by a step of the procedure (withdrawn, rejected), not here

    def get_form(self, request, obj=None, change=False, **kwargs):
        # "version" is the form's own hidden field, not the model's (non-editable) column.
        fields = kwargs.pop("fields", None) or flatten_fieldsets(self.get_fieldsets(request, obj))
        kwargs["fields"] = [name for name in fields if name != "version"]
        form = super().get_form(request, obj, change=change, **kwargs)
        form.refusal = getattr(request, "bill_refusal", None)  # a class of this request's own
        return form

    # The add form registers the bill through services.bill_create.
    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        post = request.method == "POST"
        form = BillCreateForm(
            request.POST if post else None,
            initial={"registered_on": default_date(None)},
            admin_site=self.admin_site,
        )
        status = 200
        if post and form.is_valid():
            try:
                bill = services.bill_create(**form.service_kwargs(), user=request.user)
            except services.DomainError as error:
                form.add_domain_error(error)
                status = error.status
            else:
                self.log_addition(request, bill, [{"added": {}}])
                self.message_user(
                    request,
                    _("Bill %(number)s was registered.") % {"number": bill.number},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:bills_bill_change", args=[bill.pk]))
        fieldsets = [
            (None, {"fields": ["kind", "initiator_type", "initiators", "registered_on"]}),
            (_("Titles"), {"fields": ["title_kk", "title_ru", "title_en"]}),
            (_("Summaries"), {"fields": ["summary_kk", "summary_ru", "summary_en", "priority"]}),
        ]
        adminform = helpers.AdminForm(form, fieldsets, {}, model_admin=self)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Register a bill"),
            "adminform": adminform,
            "object_id": None,
            "original": None,
            "is_popup": False,
            "to_field": None,
            "media": self.media + adminform.media,
            "inline_admin_formsets": [],
            "errors": helpers.AdminErrorList(form, []),
            "preserved_filters": self.get_preserved_filters(request),
            **(extra_context or {}),
        }
        response = self.render_change_form(request, context, add=True, form_url=form_url)
        response.status_code = status
        return response

    def save_model(self, request, obj, form, change):
        if not change:
            raise PermissionDenied  # bills are registered by add_view
        try:
            services.bill_edit(bill=obj, user=request.user, **form.service_kwargs())
        except services.DomainError as error:
            raise _Refused(error) from None
        obj.refresh_from_db()

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except _Refused as refused:
            # The refused save was rolled back with the documents saved beside it; the page is
            # shown again from the same input, the form invalid with the service's reason.
            request.bill_refusal = refused.error
            response = super().changeform_view(request, object_id, form_url, extra_context)
            response.status_code = refused.error.status
            return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        bill = self.get_object(request, unquote(object_id))
        context = dict(extra_context or {})
        if bill is not None:
            context.update(self._procedure_context(request, bill))
        return super().change_view(request, object_id, form_url, context)

    def _procedure_context(self, request, bill: Bill) -> dict:
        on = default_date(bill)
        steps = []
        if request.user.has_perm("bills.add_billevent"):
            for transition in allowed_transitions(bill, on):
                body = services.action_body(transition.action, bill.stage)
                steps.append(
                    {
                        "label": action_label(transition.action, on),
                        "url": reverse(
                            "admin:bills_bill_action", args=[bill.pk, transition.action]
                        ),
                        "mine": not _refusal(request.user, body),
                        "where": Body(body).label if body else "",
                        "votes": _needs(transition),
                    }
                )
        entry = reverse("admin:bills_vote_enter") + "?" + urlencode({"bill": bill.pk})
        return {"procedure_steps": steps, "procedure_date": on, "record_vote_url": entry}

    def action_view(self, request, object_id, action):
        bill = self.get_object(request, unquote(object_id))
        if bill is None:
            raise Http404
        if not request.user.has_perm("bills.add_billevent"):
            raise PermissionDenied
        try:
            action = P.Action(action)
        except ValueError:
            raise Http404 from None
        on = default_date(bill)
        transition = next((t for t in allowed_transitions(bill, on) if t.action == action), None)
        post = request.method == "POST"
        form = BillActionForm(
            request.POST if post else None,
            bill=bill,
            action=action,
            transition=transition,
            on=on,
            initial={"date": on, "version": bill.version, "votes": request.GET.getlist("vote")},
        )
        if "votes" in form.fields and not post:
            # A step usually happens the day of its vote: start from the newest usable one.
            latest = form.fields["votes"].queryset.values_list("date", flat=True).first()
            if latest and on < latest <= timezone.localdate():
                form.initial["date"] = latest
        status = 200
        if post and form.is_valid():
            try:
                event = services.bill_apply_action(
                    bill=bill, user=request.user, **form.service_kwargs()
                )
            except services.DomainError as error:
                form.add_domain_error(error)
                status = error.status
            else:
                label = action_label(event.action, event.date)
                self.log_change(request, bill, label)
                self.message_user(
                    request,
                    _("Recorded: %(action)s, %(date)s.") % {"action": label, "date": event.date},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:bills_bill_change", args=[bill.pk]))
        here = reverse("admin:bills_bill_action", args=[bill.pk, action])
        record_links = [
            {
                "body": Body(body).label,
                "url": reverse("admin:bills_vote_enter")
                + "?"
                + urlencode({"bill": bill.pk, "chamber": body, "date": on, "next": here}),
            }
            for body in form.needed_bodies
        ]
        adminform = helpers.AdminForm(form, [(None, {"fields": list(form.fields)})], {})
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": action_label(action, on),
            "subtitle": str(bill),
            "original": bill,
            "adminform": adminform,
            "media": self.media + adminform.media,
            "errors": helpers.AdminErrorList(form, []),
            "allowed": transition is not None,
            "needs": _needs(transition) if transition else "",
            "record_links": record_links,
            "notice": _refusal(request.user, services.action_body(action, bill.stage)),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request, "admin/bills/bill/action_form.html", context, status=status
        )


def _needs(transition: P.Transition) -> str:
    """The votes an action needs, e.g. "Majilis: a majority of all members, passed"."""
    rules = dict(RULES)
    outcomes = {P.Outcome.PASSED: _("passed"), P.Outcome.FAILED: _("failed")}
    return "; ".join(
        f"{Body(req.body).label}: {rules[req.rule]}, {outcomes.get(req.must, req.must)}"
        for req in transition.votes
    )


@admin.register(BillEvent)
class BillEventAdmin(HistoryWithoutRevertMixin, SimpleHistoryAdmin):
    """Steps are appended by the action buttons of a bill, never added or edited here."""

    list_display = ["bill_number", "sequence", "date", "action", "body", "to_stage"]
    list_display += ["recorded_by"]
    list_select_related = ["bill", "recorded_by"]
    list_filter = ["action", "body", "to_stage"]
    search_fields = ["bill__number"]
    date_hierarchy = "date"
    fields = ["bill", "sequence", "date", "action", "body", "from_stage", "to_stage"]
    fields += ["committees", "votes", "note", "recorded_by", "recorded_at"]
    readonly_fields = fields

    @admin.display(description=gettext_lazy("bill"), ordering="bill__number")
    def bill_number(self, event):
        return event.bill.number

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- Votes ------------------------------------------------------------------------------------


class TallyInline(ReadOnlyInline, admin.TabularInline):
    model = Tally
    fields = ["chamber", "seats", "threshold", "quorum", "yes", "no", "abstain", "absent"]
    fields += ["result"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("chamber")


class BallotInline(ReadOnlyInline, admin.TabularInline):
    model = Ballot
    fields = ["chamber", "faction", "deputy", "option"]
    readonly_fields = fields
    verbose_name_plural = gettext_lazy("ballots, by faction")
    template = "admin/bills/vote/ballots_inline.html"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("chamber", "faction", "deputy")
            .order_by(
                "chamber__position",
                F("faction__seats_won").desc(nulls_last=True),
                "faction_id",
                f"deputy__last_name_{user_language()}",
                f"deputy__first_name_{user_language()}",
            )
        )


VOTE_FIELDS = ["bill", "body", "date", "motion", "stage", "rule", "result"]
VOTE_FIELDS += ["official_yes", "official_no", "official_abstain", "official_absent"]
VOTE_FIELDS += ["totals_mismatch", "recorded_by", "created_at"]


@admin.register(Vote)
class VoteAdmin(HistoryWithoutRevertMixin, SimpleHistoryAdmin):
    """Votes are entered on the roll-call screen or imported; corrected by re-entry."""

    list_display = ["bill_number", "body", "date", "motion", "result", "totals_mismatch"]
    list_select_related = ["bill"]
    list_filter = ["body", "result", "totals_mismatch", "rule", "stage"]
    search_fields = ["bill__number", "motion"]
    date_hierarchy = "date"
    fields = VOTE_FIELDS
    readonly_fields = VOTE_FIELDS
    inlines = [TallyInline, BallotInline]

    @admin.display(description=gettext_lazy("bill"), ordering="bill__number")
    def bill_number(self, vote):
        return vote.bill.number

    def get_urls(self):
        return [
            path("enter/", self.admin_site.admin_view(self.entry_view), name="bills_vote_enter"),
            path("import/", self.admin_site.admin_view(self.import_view), name="bills_vote_import"),
            *super().get_urls(),
        ]

    def has_change_permission(self, request, obj=None):
        return False  # the ballots are the record: a wrong vote is entered again, not edited

    def has_delete_permission(self, request, obj=None):
        return False

    def add_view(self, request, form_url="", extra_context=None):
        return HttpResponseRedirect(reverse("admin:bills_vote_enter"))

    def _check_entry_permission(self, request):
        if not request.user.has_perm("bills.add_vote"):
            raise PermissionDenied

    def _initial(self, request) -> dict:
        initial = {
            k: request.GET[k] for k in ("bill", "chamber", "date", "motion") if k in request.GET
        }
        if "date" not in initial and initial.get("bill", "").isdigit():
            bill = Bill.objects.select_related("convocation").filter(pk=initial["bill"]).first()
            initial["date"] = default_date(bill)
        return initial

    def _next_url(self, request) -> str | None:
        target = request.POST.get("next") or request.GET.get("next")
        if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return target
        return None

    def entry_view(self, request):
        """One screen for a roll call: load the deputies serving that day, mark each, save."""
        self._check_entry_permission(request)
        post = request.method == "POST"
        form = VoteEntryForm(
            request.POST if post else None,
            initial=self._initial(request),
            user=request.user,
            admin_site=self.admin_site,
        )
        header = form.header()
        sheet = None
        if header:
            sheet = RollCallSheet.load(*header)
            if post:
                sheet.set_options(posted_ballots(request.POST))
                option, _sep, scope = request.POST.get("bulk", "").partition(":")
                if option in Option.values:
                    sheet.apply_bulk(option, scope or None)
        status, mismatch = 200, False
        if post and "_save" in request.POST and form.is_valid():
            ballots = list(posted_ballots(request.POST).items())
            if not ballots:
                form.add_error(None, _("Load the deputies and mark their votes first."))
            else:
                try:
                    vote, created = services.vote_record(
                        bill=form.cleaned_data["bill"],
                        body=form.cleaned_data["chamber"],
                        date=form.cleaned_data["date"],
                        motion=form.cleaned_data["motion"],
                        ballots=ballots,
                        official_totals=form.official_totals(),
                        confirm_mismatch=form.cleaned_data["confirm_mismatch"],
                        user=request.user,
                    )
                except services.DomainError as error:
                    form.add_domain_error(error)
                    status, mismatch = error.status, error.code == "totals_mismatch"
                else:
                    return self._recorded(request, vote, created)
        show_confirm = mismatch or bool(post and request.POST.get("confirm_mismatch"))
        official = ["official_yes", "official_no", "official_abstain", "official_absent"]
        fieldsets = [
            (None, {"fields": ["bill", "chamber", "date", "motion"]}),
            (
                _("Official totals, as announced (optional)"),
                {"fields": official + (["confirm_mismatch"] if show_confirm else [])},
            ),
        ]
        context = self._vote_context(request, form, fieldsets, _("Enter a roll call"))
        context |= {
            "sheet": sheet,
            "options": [(o.value, str(o.label)) for o in Option],
            "notice": _refusal(request.user, header[1]) if header else "",
            "next": self._next_url(request) or "",
            "import_url": reverse("admin:bills_vote_import") + "?" + request.GET.urlencode(),
        }
        return TemplateResponse(request, "admin/bills/vote/entry.html", context, status=status)

    def import_view(self, request):
        """Step 1: upload and preview (nothing written). Step 2: confirm a clean file."""
        self._check_entry_permission(request)
        post = request.method == "POST"
        form = VoteImportForm(
            request.POST if post else None,
            request.FILES if post else None,
            initial=self._initial(request),
            user=request.user,
            admin_site=self.admin_site,
        )
        parsed, sheet, status = None, None, 200
        if post and form.is_valid():
            bill, body, on = form.header()
            serving, others = _import_people(body, on)
            parsed = imports.parse_ballots(
                form.cleaned_data["csv_text"], serving=serving, others=others
            )
            sheet = RollCallSheet.load(bill, body, on)
            sheet.set_options(dict(parsed.ballots))
            # A file chosen again on the preview page is previewed, never recorded unseen.
            if "_confirm" in request.POST and parsed.ok and not request.FILES:
                try:
                    vote, created = _record_import(form, parsed, request.user)
                except services.DomainError as error:
                    form.add_domain_error(error)
                    status = error.status
                else:
                    return self._recorded(request, vote, created)
        header = ["bill", "chamber", "date", "motion", "file", "csv_text", "file_name"]
        fieldsets = [(None, {"fields": header})]
        context = self._vote_context(request, form, fieldsets, _("Import a roll call (CSV)"))
        context |= {"parsed": parsed, "sheet": sheet}
        return TemplateResponse(request, "admin/bills/vote/import.html", context, status=status)

    def _vote_context(self, request, form, fieldsets, title) -> dict:
        adminform = helpers.AdminForm(form, fieldsets, {})
        request.current_app = self.admin_site.name
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "adminform": adminform,
            "form": form,
            "media": self.media + adminform.media,
            "errors": helpers.AdminErrorList(form, []),
            "entry_url": reverse("admin:bills_vote_enter"),
        }

    def _recorded(self, request, vote, created):
        if created:
            self.log_addition(request, vote, [{"added": {}}])
            text = _("The vote was recorded: %(result)s.") % {"result": vote.get_result_display()}
        else:
            text = _("This vote was already recorded; nothing changed.")
        self.message_user(request, text, messages.SUCCESS if created else messages.INFO)
        target = self._next_url(request)
        if target:
            return HttpResponseRedirect(f"{target}{'&' if '?' in target else '?'}vote={vote.pk}")
        return HttpResponseRedirect(reverse("admin:bills_vote_change", args=[vote.pk]))


def _import_people(body: str, on) -> tuple[list[imports.Person], list[imports.Person]]:
    """Who serves that day in the counted chamber(s), and who else held a mandate in the
    convocation (to tell "not serving that day" from an unknown name)."""
    codes = [Body.MAJILIS, Body.SENATE] if body == Body.JOINT else [body]
    mandates = Mandate.objects.select_related("deputy", "chamber")
    serving = [
        imports.Person.of(m.deputy, m.chamber.code)
        for m in mandates.serving_on(on).filter(chamber__code__in=codes)
    ]
    ids = {p.id for p in serving}
    others = [
        imports.Person.of(m.deputy, m.chamber.code)
        for m in mandates.filter(convocation__in=Convocation.objects.active_on(on))
        if m.deputy_id not in ids
    ]
    return serving, others


def _record_import(form: VoteImportForm, parsed: imports.Parsed, user):
    data = form.cleaned_data
    with transaction.atomic():
        vote, created = services.vote_record(
            bill=data["bill"],
            body=data["chamber"],
            date=data["date"],
            motion=data["motion"],
            ballots=parsed.ballots,
            user=user,
            change_reason=f"CSV import: {data['file_name']}"[:100],
        )
    return vote, created


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written only by the services: browsable, never edited here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Ballot)
class BallotAdmin(ReadOnlyAdmin):
    list_display = ["vote", "deputy", "chamber", "option", "faction"]
    list_filter = ["option", "chamber", "faction"]
    list_select_related = ["vote__bill", "deputy", "chamber", "faction"]
    search_fields = ["deputy__last_name_kk", "deputy__last_name_ru", "deputy__last_name_en"]
    raw_id_fields = ["vote", "deputy"]


@admin.register(FactionLine)
class FactionLineAdmin(ReadOnlyAdmin):
    list_display = ["vote", "faction", "option"]
    list_filter = ["option", "faction"]
    list_select_related = ["vote__bill", "faction"]
    raw_id_fields = ["vote"]


@admin.register(Tally)
class TallyAdmin(ReadOnlyAdmin):
    list_display = ["vote", "chamber", "yes", "no", "abstain", "absent", "threshold", "result"]
    list_filter = ["chamber", "result"]
    list_select_related = ["vote__bill", "chamber"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "bill", "language", "stage", "date"]
    list_filter = ["language", "stage"]
    list_select_related = ["bill"]
    search_fields = ["title", "bill__number"]
    raw_id_fields = ["bill"]


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["kind", "key", "status", "attempts", "requested_at", "finished_at"]
    list_filter = ["kind", "status"]
    actions = ["rebuild"]

    def has_change_permission(self, request, obj=None):
        return request.user.is_staff  # the action needs it; the fields stay read-only

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    @admin.action(description=gettext_lazy("Build again"))
    def rebuild(self, request, queryset):
        for report in queryset:
            services.report_request(
                kind=report.kind, parameters=report.parameters, user=request.user
            )
        self.message_user(
            request,
            _("%(count)d reports queued.") % {"count": queryset.count()},
            messages.SUCCESS,
        )
