"""The clerks' admin, through the test client: every write lands through the services."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bills import services
from bills.models import Ballot, Bill, BillEvent, Document, Tally, Vote
from chambers.models import Committee
from deputies.models import Mandate
from tests.bills.conftest import roll_call
from tests.factories import MandateFactory


@pytest.fixture(autouse=True)
def _english_admin(client):
    """The admin follows the browser's language; these tests read it in English."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


D = datetime.date
REGISTERED = D(2024, 1, 10)
REFERRED = D(2024, 1, 15)
VOTED = D(2024, 1, 20)  # both chambers full: Majilis 98, Senate 50
M, S, J = "majilis", "senate", "joint"

ADD = reverse("admin:bills_bill_add")
ENTER = reverse("admin:bills_vote_enter")
IMPORT = reverse("admin:bills_vote_import")


def change_url(bill):
    return reverse("admin:bills_bill_change", args=[bill.pk])


def action_url(bill, action):
    return reverse("admin:bills_bill_action", args=[bill.pk, action])


def row_counts():
    models = [Bill, BillEvent, Vote, Ballot, Tally, Document]
    models += [Bill.history.model, Vote.history.model, Ballot.history.model]
    return {m.__name__: m.objects.count() for m in models}


def error_codes(form):
    return {e.code for errors in form.errors.as_data().values() for e in errors}


def majilis_committees(on=REFERRED):
    return list(Committee.objects.active_on(on).filter(chamber__code=M).order_by("pk"))


def serving(chamber, on=VOTED):
    return list(
        Mandate.objects.serving_on(on, chamber).order_by("pk").values_list("deputy", flat=True)
    )


def ballots_post(chamber, yes, on=VOTED):
    deputies = serving(chamber, on)
    return {f"ballot-{d}": "yes" if i < yes else "no" for i, d in enumerate(deputies)}


@pytest.fixture
def referred(new_bill):
    bill = new_bill(on=REGISTERED)
    services.bill_apply_action(
        bill=bill, action="referred", date=REFERRED, committees=[majilis_committees()[0].pk]
    )
    bill.refresh_from_db()
    return bill


@pytest.fixture
def at_joint_sitting(new_bill):
    bill = new_bill("constitutional_law", on=REGISTERED)
    services.bill_apply_action(bill=bill, action="sent_to_joint_sitting", date=REFERRED)
    bill.refresh_from_db()
    return bill


# --- Clerk groups -----------------------------------------------------------------------------


def test_clerk_groups_come_with_their_permissions(clerks):
    names = set(Group.objects.values_list("name", flat=True))
    assert set(services.CLERK_GROUPS.values()) <= names
    for clerk in clerks:
        assert clerk.has_perm("bills.add_vote")
        assert clerk.has_perm("bills.change_bill")
        assert clerk.has_perm("bills.add_billevent")
        assert clerk.has_perm("bills.add_document")
        assert clerk.has_perm("deputies.view_mandate")
        assert clerk.has_perm("chambers.view_committee")
        assert clerk.has_perm("bills.view_historicalbill")
        assert not clerk.has_perm("bills.change_billevent")
        assert not clerk.has_perm("bills.delete_bill")
        assert not clerk.has_perm("bills.change_ballot")


# --- End to end -------------------------------------------------------------------------------


def test_alice_registers_refers_enters_a_roll_call_and_advances_the_bill(
    client, clerks, parliament
):
    alice = clerks[0]
    client.force_login(alice)

    # Register the bill.
    assert client.get(ADD).status_code == 200
    response = client.post(
        ADD,
        {
            "kind": "law",
            "initiator_type": "government",
            "title_kk": "Сынақ заңы",
            "title_ru": "Тестовый закон",
            "title_en": "Test law",
            "summary_ru": "Кратко",
            "registered_on": REGISTERED.isoformat(),
        },
    )
    bill = Bill.objects.get()
    assert response.status_code == 302
    assert response.url == change_url(bill)
    assert (bill.stage, bill.title_ru, bill.summary_ru) == (
        "registered",
        "Тестовый закон",
        "Кратко",
    )
    assert bill.history.get().history_user == alice

    # The change page offers the next steps as buttons, dated at the last event once the
    # convocation is over.
    page = client.get(change_url(bill))
    assert page.status_code == 200
    assert action_url(bill, "referred") in page.content.decode()
    steps = page.context["procedure_steps"]
    assert [(s["url"], s["mine"]) for s in steps] == [
        (action_url(bill, "referred"), True),
        (action_url(bill, "withdrawn"), True),
    ]

    # Refer it: lead committee first, then a co-executing one.
    lead, co = majilis_committees()[:2]
    form = client.get(action_url(bill, "referred"))
    assert form.status_code == 200
    assert form.context["adminform"].form["date"].value() == REGISTERED
    response = client.post(
        action_url(bill, "referred"),
        {
            "date": REFERRED.isoformat(),
            "lead_committee": lead.pk,
            "co_committees": [co.pk],
            "note": "Бюро шешімі",
            "version": bill.version,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    bill.refresh_from_db()
    assert (bill.stage, bill.lead_committee, list(bill.co_committees.all())) == (
        "majilis_committee",
        lead,
        [co],
    )
    assert bill.events.last().recorded_by == alice

    # Enter a 98-deputy roll call in one POST.
    sheet = client.get(ENTER, {"bill": bill.pk, "chamber": M, "date": VOTED.isoformat()})
    assert sheet.status_code == 200
    assert sheet.content.decode().count("<tr data-deputy=") == 98
    assert "needs 50 of 98" in sheet.content.decode()
    response = client.post(
        ENTER,
        {
            "bill": bill.pk,
            "chamber": M,
            "date": VOTED.isoformat(),
            "motion": "first reading",
            "_save": "1",
            **ballots_post(M, yes=61),
        },
    )
    vote = Vote.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("admin:bills_vote_change", args=[vote.pk])
    tally = vote.tallies.get()
    assert (vote.result, vote.recorded_by, tally.yes, tally.no, tally.absent) == (
        "passed",
        alice,
        61,
        37,
        0,
    )
    assert vote.ballots.count() == 98

    # The action form offers the vote; submitting advances the bill.
    form = client.get(action_url(bill, "first_reading_approved"))
    assert list(form.context["adminform"].form.fields["votes"].queryset) == [vote]
    response = client.post(
        action_url(bill, "first_reading_approved"),
        {"date": VOTED.isoformat(), "votes": [vote.pk], "version": bill.version},
    )
    assert response.status_code == 302
    bill.refresh_from_db()
    assert bill.stage == "majilis_second_reading"
    assert list(bill.events.last().votes.all()) == [vote]


# --- Vote entry -------------------------------------------------------------------------------


def test_vote_entry_renders_98_deputies_in_a_fixed_number_of_queries(
    client, clerks, referred, django_assert_num_queries
):
    client.force_login(clerks[0])
    params = {"bill": referred.pk, "chamber": M, "date": VOTED.isoformat()}
    # 1 the session, 2 the user, 3-4 the user's own and group permissions (may they add
    # votes), 5 the user's groups (the chambers offered), 6 the bill, 7 the chambers, 8 the
    # Majilis seats, 9 the mandates serving that day with their deputies, 10 their faction
    # memberships with the factions, 11 the user's groups again (services.authorize, for the
    # notice), 12 whether demo data exists (the site's context processor), 13 the bill shown
    # in the autocomplete widget.
    with django_assert_num_queries(13):
        response = client.get(ENTER, params)
    assert response.content.decode().count("<tr data-deputy=") == 98
    groups = response.context["sheet"].groups
    assert [len(g.rows) for g in groups][:3] == [62, 8, 6]  # Amanat, Auyl, then the next
    assert groups[-1].label == "Фракциясыз" or not groups[-1].is_faction


def test_joint_sitting_entry_renders_148_rows_in_a_fixed_number_of_queries(
    client, clerks, at_joint_sitting, django_assert_num_queries
):
    client.force_login(clerks[2])
    params = {"bill": at_joint_sitting.pk, "chamber": J, "date": VOTED.isoformat()}
    # As for one chamber, plus the Senate's seats: 14.
    with django_assert_num_queries(14):
        response = client.get(ENTER, params)
    html = response.content.decode()
    assert html.count("<tr data-deputy=") == 148
    assert "needs 66 of 98" in html and "needs 34 of 50" in html
    assert [g.chamber for g in response.context["sheet"].groups][-1] == S


def test_bulk_buttons_work_without_javascript(client, clerks, referred):
    client.force_login(clerks[0])
    before = row_counts()
    header = {"bill": referred.pk, "chamber": M, "date": VOTED.isoformat(), "motion": "m"}
    response = client.post(ENTER, {**header, "bulk": "yes"})
    sheet = response.context["sheet"]
    assert {row.option for row in sheet.rows()} == {"yes"}
    assert sheet.chambers[0].outcome == "passed"
    # Mark one absent, then "all present vote no" leaves the absent one alone.
    first = next(sheet.rows()).deputy_id
    posted = {f"ballot-{row.deputy_id}": row.option for row in sheet.rows()}
    posted[f"ballot-{first}"] = "absent"
    response = client.post(ENTER, {**header, **posted, "bulk": "no"})
    options = {row.deputy_id: row.option for row in response.context["sheet"].rows()}
    assert options.pop(first) == "absent"
    assert set(options.values()) == {"no"}
    # A faction's button changes that faction only.
    faction = response.context["sheet"].groups[1]
    response = client.post(ENTER, {**header, "bulk": f"yes:{faction.key}"})
    yes = [row for row in response.context["sheet"].rows() if row.option == "yes"]
    assert len(yes) == len(faction.rows)
    assert row_counts() == before


def test_official_totals_that_differ_need_a_confirmation(client, clerks, referred):
    client.force_login(clerks[0])
    data = {
        "bill": referred.pk,
        "chamber": M,
        "date": VOTED.isoformat(),
        "motion": "first reading",
        "official_yes": 62,
        "official_no": 36,
        "_save": "1",
        **ballots_post(M, yes=61),
    }
    before = row_counts()
    response = client.post(ENTER, data)
    assert response.status_code == 409
    form = response.context["adminform"].form
    assert "totals_mismatch" in error_codes(form)
    assert 'name="confirm_mismatch"' in response.content.decode()
    assert row_counts() == before
    response = client.post(ENTER, {**data, "confirm_mismatch": "on"})
    assert response.status_code == 302
    vote = Vote.objects.get()
    assert vote.totals_mismatch and vote.official_yes == 62


# --- Clerks and their chambers ----------------------------------------------------------------


def test_chamber_choices_follow_the_clerks_groups(client, clerks, referred):
    offered = {}
    for clerk in clerks:
        client.force_login(clerk)
        form = client.get(ENTER).context["adminform"].form
        offered[clerk.username] = [code for code, _ in form.fields["chamber"].choices if code]
    assert offered == {"alice": [M], "bob": [S], "carol": [M, S, J]}


def test_senate_clerk_cannot_record_a_majilis_vote_or_step(client, clerks, referred):
    alice, bob, _ = clerks
    client.force_login(bob)
    before = row_counts()
    response = client.post(
        ENTER,
        {
            "bill": referred.pk,
            "chamber": M,
            "date": VOTED.isoformat(),
            "motion": "first reading",
            "_save": "1",
            **ballots_post(M, yes=61),
        },
    )
    assert response.status_code == 403
    assert "chamber_not_allowed" in error_codes(response.context["adminform"].form)
    assert row_counts() == before

    vote, _ = services.vote_record(
        bill=referred, body=M, date=VOTED, motion="m", ballots=roll_call(M, VOTED, 61), user=alice
    )
    before = row_counts()
    page = client.get(action_url(referred, "first_reading_approved"))
    assert page.context["notice"]  # warned before submitting
    response = client.post(
        action_url(referred, "first_reading_approved"),
        {"date": VOTED.isoformat(), "votes": [vote.pk], "version": referred.version},
    )
    assert response.status_code == 403
    assert "chamber_not_allowed" in error_codes(response.context["adminform"].form)
    assert row_counts() == before
    referred.refresh_from_db()
    assert referred.stage == "majilis_committee"
    # On the bill page the Majilis steps are shown, but not as buttons for bob.
    steps = client.get(change_url(referred)).context["procedure_steps"]
    assert steps and not any(step["mine"] for step in steps if step["where"] == "Мәжіліс")


# --- Bill edits: optimistic locking ------------------------------------------------------------


def change_data(bill, **changes):
    data = {
        **{f"title_{lang}": getattr(bill, f"title_{lang}") for lang in ("kk", "ru", "en")},
        **{f"summary_{lang}": getattr(bill, f"summary_{lang}") for lang in ("kk", "ru", "en")},
        "version": bill.version,
    }
    if bill.priority:
        data["priority"] = "on"
    for prefix in ("documents", "events"):
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    return {**data, **changes}


def test_second_clerk_saving_a_stale_form_is_refused_and_keeps_their_input(
    client, clerks, referred
):
    alice, _, carol = clerks
    loaded = Bill.objects.get(pk=referred.pk)  # both clerks open the form at this version
    client.force_login(alice)
    response = client.post(change_url(referred), change_data(loaded, title_ru="Закон Алисы"))
    assert response.status_code == 302

    client.force_login(carol)
    before = row_counts()
    response = client.post(change_url(referred), change_data(loaded, title_ru="Закон Кэрол"))
    assert response.status_code == 409
    form = response.context["adminform"].form
    assert "conflict" in error_codes(form)
    html = response.content.decode()
    assert "Закон Кэрол" in html  # carol's input is still on the form
    assert "Закон Алисы" in html  # and what alice saved is shown beside it
    assert row_counts() == before
    referred.refresh_from_db()
    assert (referred.title_ru, referred.version) == ("Закон Алисы", loaded.version + 1)

    # Saving again, now knowing alice's change, goes through.
    again = change_data(loaded, title_ru="Закон Кэрол", version=form["version"].value())
    response = client.post(change_url(referred), again)
    assert response.status_code == 302
    referred.refresh_from_db()
    assert referred.title_ru == "Закон Кэрол"
    assert referred.history.first().history_user == carol


def test_bill_edits_are_refused_by_the_service_with_the_input_kept(
    client, clerks, referred, django_user_model
):
    alice, bob, _ = clerks
    before = row_counts()
    client.force_login(alice)
    response = client.post(change_url(referred), change_data(referred, title_kk=""))
    assert response.status_code == 400
    form = response.context["adminform"].form
    assert [e.code for e in form.errors.as_data()["title_kk"]] == ["title_required"]
    # A staff member who clerks for neither chamber may not edit a bill's texts.
    outsider = django_user_model.objects.create_user("erin", is_staff=True)
    outsider.user_permissions.add(*Permission.objects.filter(codename="change_bill"))
    client.force_login(outsider)
    response = client.post(change_url(referred), change_data(referred, title_ru="Закон Эрин"))
    assert response.status_code == 403
    assert "chamber_not_allowed" in error_codes(response.context["adminform"].form)
    assert "Закон Эрин" in response.content.decode()
    client.force_login(bob)  # bills are registered in the Majilis: not by a Senate clerk
    response = client.post(ADD, {"kind": "law", "initiator_type": "government"})
    assert response.status_code == 200  # the form itself wants a date first
    response = client.post(
        ADD,
        {
            "kind": "law",
            "initiator_type": "government",
            "title_kk": "Заң",
            "title_ru": "Закон",
            "registered_on": REGISTERED.isoformat(),
        },
    )
    assert response.status_code == 403
    assert row_counts() == before


def test_documents_are_added_on_the_bill_page_and_the_stage_is_not_editable(
    client, clerks, referred
):
    client.force_login(clerks[0])
    data = change_data(referred, stage="signed")
    data |= {
        "documents-TOTAL_FORMS": 1,
        "documents-0-language": "ru",
        "documents-0-stage": "majilis_committee",
        "documents-0-title": "Проект закона",
        "documents-0-url": "https://example.org/bill.pdf",
        "documents-0-date": REFERRED.isoformat(),
    }
    response = client.post(change_url(referred), data)
    assert response.status_code == 302
    referred.refresh_from_db()
    assert referred.stage == "majilis_committee"
    assert referred.documents.get().title == "Проект закона"


def test_events_are_append_only_and_history_cannot_be_reverted(client, clerks, referred):
    client.force_login(clerks[0])
    event = referred.events.last()
    assert client.get(reverse("admin:bills_billevent_add")).status_code == 403
    assert client.get(reverse("admin:bills_billevent_delete", args=[event.pk])).status_code == 403
    assert client.get(reverse("admin:bills_bill_delete", args=[referred.pk])).status_code == 403
    history = reverse("admin:bills_bill_history", args=[referred.pk])
    assert client.get(history).status_code == 200
    record = referred.history.last()
    revert = reverse("admin:bills_bill_simple_history", args=[referred.pk, record.history_id])
    before = row_counts()
    assert client.post(revert, change_data(referred)).status_code == 403
    assert row_counts() == before
    page = client.get(change_url(referred)).content.decode()
    assert 'name="events-0-action"' not in page


# --- Errors in the user's language -------------------------------------------------------------


@pytest.mark.parametrize(
    "language", [{"cookie": "ru"}, {"HTTP_ACCEPT_LANGUAGE": "ru"}], ids=["cookie", "header"]
)
def test_action_error_is_shown_on_the_form_in_russian(client, clerks, referred, language):
    client.force_login(clerks[0])
    failed, _ = services.vote_record(
        bill=referred, body=M, date=VOTED, motion="m", ballots=roll_call(M, VOTED, 40)
    )
    headers = {k: v for k, v in language.items() if k != "cookie"}
    if "cookie" in language:
        client.cookies["django_language"] = language["cookie"]
    before = row_counts()
    response = client.post(
        action_url(referred, "first_reading_approved"),
        {"date": VOTED.isoformat(), "votes": [failed.pk], "version": referred.version},
        **headers,
    )
    assert response.status_code == 409
    errors = response.context["adminform"].form.errors["votes"]
    assert "имеет результат «failed», а нужен «passed»" in errors[0]
    assert row_counts() == before


# --- CSV import -------------------------------------------------------------------------------


def upload(text, name="evote.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_import_preview_lists_bad_rows_and_writes_nothing(client, clerks, referred):
    client.force_login(clerks[0])
    deputies = serving(M)
    lines = ["deputy;option", *(f"{d};за" for d in deputies[:60])]
    lines.insert(3, "Жоқ Адам;за")  # line 4: unknown deputy
    lines.append(f"{deputies[61]};может быть")  # line 63: bad option
    before = row_counts()
    response = client.post(
        IMPORT,
        {
            "bill": referred.pk,
            "chamber": M,
            "date": VOTED.isoformat(),
            "motion": "first reading",
            "file": upload("\n".join(lines)),
            "_preview": "1",
        },
    )
    assert response.status_code == 200
    parsed = response.context["parsed"]
    assert [(p.line, p.code) for p in parsed.problems] == [
        (4, "unknown_deputy"),
        (63, "bad_option"),
    ]
    assert 'name="_confirm"' not in response.content.decode()
    assert row_counts() == before


def test_clean_import_is_previewed_then_recorded_with_history(client, clerks, referred):
    alice = clerks[0]
    client.force_login(alice)
    deputies = serving(M)
    lines = ["\ufeffdeputy;option"]
    lines += [f"{d};за" for d in deputies[:55]]
    lines += [f"{d};против" for d in deputies[55:90]]
    lines += [f"{d};воздержался" for d in deputies[90:93]]  # the last 5: not in the file
    header = {"bill": referred.pk, "chamber": M, "date": VOTED.isoformat(), "motion": "first"}
    before = row_counts()
    preview = client.post(IMPORT, {**header, "file": upload("\r\n".join(lines)), "_preview": "1"})
    assert preview.context["parsed"].ok
    assert 'name="_confirm"' in preview.content.decode()
    assert row_counts() == before
    form = preview.context["adminform"].form
    response = client.post(
        IMPORT,
        {
            **header,
            "csv_text": form["csv_text"].value(),
            "file_name": form["file_name"].value(),
            "_confirm": "1",
        },
    )
    assert response.status_code == 302
    vote = Vote.objects.get()
    tally = vote.tallies.get()
    assert (tally.yes, tally.no, tally.abstain, tally.absent) == (55, 35, 3, 5)
    assert vote.result == "passed"
    history = Ballot.history.filter(vote_id=vote.pk)
    assert history.count() == 98
    assert {h.history_change_reason for h in history} == {"CSV import: evote.csv"}
    assert {h.history_user_id for h in history} == {alice.pk}
    assert vote.history.get().history_change_reason == "CSV import: evote.csv"


# --- Changelists do not query per row ---------------------------------------------------------


def changelist_queries(client, name):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(f"admin:{name}_changelist"))
    assert response.status_code == 200
    return len(queries)


def test_bill_vote_and_event_changelists_query_a_fixed_number_of_times(
    client, clerks, new_bill, record
):
    client.force_login(clerks[2])

    def add_bills(n):
        for _ in range(n):
            bill = new_bill(on=REGISTERED)
            services.bill_apply_action(
                bill=bill, action="referred", date=REFERRED, committees=[majilis_committees()[0].pk]
            )
            bill.refresh_from_db()
            record(bill, M, VOTED, 60)

    lists = ("bills_bill", "bills_vote", "bills_billevent")
    add_bills(1)
    few = {name: changelist_queries(client, name) for name in lists}
    add_bills(4)
    assert {name: changelist_queries(client, name) for name in lists} == few


@pytest.mark.django_db
def test_deputy_and_mandate_changelists_query_a_fixed_number_of_times(client, clerks):
    client.force_login(clerks[0])
    MandateFactory.create_batch(2)
    few = {n: changelist_queries(client, n) for n in ("deputies_deputy", "deputies_mandate")}
    MandateFactory.create_batch(10)
    many = {n: changelist_queries(client, n) for n in ("deputies_deputy", "deputies_mandate")}
    assert few == many


# --- Every page renders -----------------------------------------------------------------------


def test_every_bills_admin_page_renders_for_a_superuser(client, referred, record):
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.org", "x"))
    vote = record(referred, M, VOTED, 60)
    event = referred.events.last()
    history = referred.history.last()
    pages = [
        reverse("admin:bills_bill_changelist"),
        reverse("admin:bills_bill_changelist") + "?q=VIII",
        ADD,
        change_url(referred),
        reverse("admin:bills_bill_history", args=[referred.pk]),
        reverse("admin:bills_bill_simple_history", args=[referred.pk, history.history_id]),
        action_url(referred, "committee_report"),
        action_url(referred, "withdrawn"),
        reverse("admin:bills_vote_changelist"),
        reverse("admin:bills_vote_change", args=[vote.pk]),
        reverse("admin:bills_vote_history", args=[vote.pk]),
        reverse("admin:bills_billevent_changelist"),
        reverse("admin:bills_billevent_change", args=[event.pk]),
        reverse("admin:bills_billevent_history", args=[event.pk]),
        ENTER,
        IMPORT,
    ]
    for page in pages:
        assert client.get(page).status_code == 200, page
    assert client.get(reverse("admin:bills_vote_add")).url == ENTER
    assert client.get(action_url(referred, "no_such_action")).status_code == 404


def test_vote_page_lists_ballots_by_faction_in_a_fixed_number_of_queries(
    client, clerks, referred, at_joint_sitting, record
):
    client.force_login(clerks[2])
    majilis = record(referred, M, VOTED, 60)
    joint = record(at_joint_sitting, J, VOTED, (70, 40))
    client.get(reverse("admin:bills_vote_change", args=[majilis.pk]))  # the process's caches
    counts = []
    for vote in (majilis, joint):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("admin:bills_vote_change", args=[vote.pk]))
        counts.append(len(queries))
        assert response.context["inline_admin_formsets"][1].formset.queryset.count() == (
            vote.ballots.count()
        )
    assert counts[0] == counts[1]
    assert "enter the roll call again" in response.content.decode()


def test_every_model_is_in_the_admin():
    from django.apps import apps
    from django.contrib import admin

    for label in ("chambers", "deputies", "bills"):
        for model in apps.get_app_config(label).get_models():
            if not model.__name__.startswith("Historical"):
                assert admin.site.is_registered(model), model


def test_reports_can_be_built_again_from_the_admin(
    client, db, django_user_model, django_capture_on_commit_callbacks
):
    from bills.models import Report

    admin_user = django_user_model.objects.create_superuser("root", password="x")
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):  # tasks run in-process here
        report = services.report_request(kind="activity")
    report.refresh_from_db()
    assert report.status == "done"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/bills/report/",
            {"action": "rebuild", "_selected_action": [report.pk]},
            follow=True,
        )
    assert response.status_code == 200
    report.refresh_from_db()
    assert (report.status, report.attempts) == ("done", 2)
    assert Report.objects.count() == 1
