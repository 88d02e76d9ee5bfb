"""The bills list and the bill page: filters, search, pages, the tracker, the next step and its
deadline, the timeline and the votes, with pinned query counts."""

import datetime
import re
import uuid

import pytest
from django.db import connection
from django.utils.html import escape

from bills import procedure, queries, services, views
from bills.models import Bill, Document
from chambers.models import Committee
from deputies.models import Mandate
from tests.bills.test_services import (
    APPROVE,
    PATHS,
    REFER,
    START,
    STEP,
    TO_SENATE,
    walk,
)

D = datetime.date
TAX = {
    "kk": "Салық кодексіне өзгерістер енгізу туралы",
    "ru": "О внесении изменений в Налоговый кодекс",
    "en": "On amendments to the Tax Code",
}
ROADS = {"kk": "Автомобиль жолдары туралы", "ru": "Об автомобильных дорогах", "en": "On roads"}
ELECTIONS = {"kk": "Сайлау туралы", "ru": "О выборах", "en": "On elections"}
MUSEUMS = {"kk": "Мұражайлар туралы", "ru": "О музеях", "en": "On museums"}


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def listed(client, url) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    return [bill.title_en for bill in response.context["bills"]]


def majilis_committees():
    return list(
        Committee.objects.filter(chamber__code="majilis", convocation__number=8).order_by("code")
    )


def create(title, on, *, kind="law", initiator_type="government", initiators=()):
    return services.bill_create(
        kind=kind,
        initiator_type=initiator_type,
        initiators=initiators,
        title=title,
        registered_on=on,
    )


def refer(bill, committee, on):
    services.bill_apply_action(bill=bill, action="referred", date=on, committees=[committee.pk])


@pytest.fixture
def catalogue(parliament):
    """Four bills that differ in every filter."""
    first, second = majilis_committees()[:2]
    deputy = Mandate.objects.serving_on(D(2024, 4, 10), "majilis").order_by("pk").first().deputy
    tax = create(TAX, D(2024, 3, 1))
    refer(tax, first, D(2024, 3, 5))
    roads = create(
        ROADS, D(2024, 4, 10), kind="code", initiator_type="deputies", initiators=[deputy.pk]
    )
    refer(roads, second, D(2024, 4, 12))
    elections = create(
        ELECTIONS, D(2024, 6, 1), kind="constitutional_law", initiator_type="president"
    )
    services.bill_apply_action(bill=elections, action="sent_to_joint_sitting", date=D(2024, 6, 3))
    museums = create(MUSEUMS, D(2023, 6, 1))
    services.bill_apply_action(bill=museums, action="withdrawn", date=D(2023, 7, 1))
    return {
        "tax": tax,
        "roads": roads,
        "elections": elections,
        "museums": museums,
        "deputy": deputy,
        "committee": first,
    }


# --- Bills list ---------------------------------------------------------------------------------


def test_lists_every_bill_newest_first(client, catalogue):
    assert listed(client, "/en/bills/") == [
        "On elections",
        "On roads",
        "On amendments to the Tax Code",
        "On museums",
    ]
    html = page(client, "/en/bills/")
    assert "4 bills" in html
    # A row: number, title, kind, stage label, registered date and lead committee.
    tax = catalogue["tax"]
    assert tax.number in html
    assert "In a Majilis committee" in html and "Withdrawn" in html
    assert "March 1, 2024" in html
    assert catalogue["committee"].name_en in html
    assert f'href="/en/committees/{catalogue["committee"].public_id}/"' in html


def test_rows_are_in_the_readers_language(client, catalogue):
    html = page(client, "/ru/bills/")
    assert "О внесении изменений в Налоговый кодекс" in html
    assert "В комитете Мажилиса" in html  # the stage label from procedure.STAGE_LABELS


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("stage=majilis_committee", ["On roads", "On amendments to the Tax Code"]),
        ("kind=code", ["On roads"]),
        ("initiator_type=president", ["On elections"]),
        (
            "convocation=VIII",
            ["On elections", "On roads", "On amendments to the Tax Code", "On museums"],
        ),
        (
            "convocation=viii",
            ["On elections", "On roads", "On amendments to the Tax Code", "On museums"],
        ),
        ("convocation=VII", []),
        ("registered_from=2024-04-01", ["On elections", "On roads"]),
        ("registered_to=2024-03-01", ["On amendments to the Tax Code", "On museums"]),
        (
            "registered_from=2024-03-01&registered_to=2024-04-10",
            ["On roads", "On amendments to the Tax Code"],
        ),
    ],
)
def test_each_filter(client, catalogue, query, titles):
    assert listed(client, f"/en/bills/?{query}") == titles


def test_filter_by_initiating_deputy_and_lead_committee(client, catalogue):
    deputy, committee = catalogue["deputy"], catalogue["committee"]
    assert listed(client, f"/en/bills/?initiator={deputy.uuid}") == ["On roads"]
    assert deputy.last_name_en in page(client, f"/en/bills/?initiator={deputy.uuid}")
    assert listed(client, f"/en/bills/?committee={committee.public_id}") == [
        "On amendments to the Tax Code"
    ]


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("stage=majilis_committee&kind=law", ["On amendments to the Tax Code"]),
        ("kind=law&initiator_type=government", ["On amendments to the Tax Code", "On museums"]),
        ("stage=majilis_committee&registered_from=2024-04-01&convocation=VIII", ["On roads"]),
        ("kind=code&initiator_type=government", []),
        ("q=налоговый&stage=majilis_committee", ["On amendments to the Tax Code"]),
        ("q=налоговый&stage=withdrawn", []),
    ],
)
def test_filters_combine(client, catalogue, query, titles):
    assert listed(client, f"/en/bills/?{query}") == titles


@pytest.mark.parametrize("word", ["налоговый", "Налоговый", "салық", "САЛЫҚ", "кодексіне"])
def test_search_finds_a_bill_by_a_russian_or_kazakh_word(client, catalogue, word):
    # On PostgreSQL ranked full text (Russian stems, Kazakh prefixes), on SQLite folded text.
    assert listed(client, f"/en/bills/?q={word}") == ["On amendments to the Tax Code"]
    assert listed(client, f"/en/bills/?q={word}&sort=oldest") == ["On amendments to the Tax Code"]


def test_search_by_a_kazakh_prefix_and_a_russian_word_form(client, catalogue):
    assert listed(client, "/kk/bills/?q=жол") == ["On roads"]
    assert listed(client, "/ru/bills/?q=музеях") == ["On museums"]


def test_sort_orders(client, catalogue):
    assert listed(client, "/en/bills/?sort=oldest")[0] == "On museums"
    assert listed(client, "/en/bills/?sort=newest")[0] == "On elections"
    services.bill_apply_action(
        bill=catalogue["tax"], action="withdrawn", date=D(2024, 7, 1)
    )  # the last change
    assert listed(client, "/en/bills/?sort=updated")[0] == "On amendments to the Tax Code"


@pytest.fixture
def many(catalogue):
    """30 more laws registered on consecutive days in 2025."""
    return [create(MUSEUMS, D(2025, 1, 1) + datetime.timedelta(days=n)) for n in range(30)]


def test_pages_of_25_keep_the_filters(client, many):
    html = page(client, "/en/bills/")
    assert "34 bills" in html and "page 1 of 2" in html
    assert len(listed(client, "/en/bills/")) == 25
    assert len(listed(client, "/en/bills/?page=2")) == 9
    # 32 laws: the links to other pages keep the filter.
    html = page(client, "/en/bills/?kind=law")
    assert "32 bills" in html
    assert 'href="?kind=law&amp;page=2"' in html
    html = page(client, "/en/bills/?kind=law&page=2")
    assert 'href="?kind=law" rel="prev"' in html
    assert 'aria-current="page">2<' in html
    assert len(listed(client, "/en/bills/?kind=law&page=2")) == 7


BAD = [
    ("stage=bogus", "Stage"),
    ("kind=statute", "Kind"),
    ("initiator_type=king", "Initiator"),
    ("initiator=not-a-uuid", "Initiating deputy (id)"),
    (f"initiator={uuid.UUID(int=7)}", "No deputy has this id."),
    ("committee=majilis-viii-nothing", "Lead committee"),
    ("convocation=XX", "Convocation"),
    ("registered_from=2024-02-30", "Registered from"),
    ("registered_to=yesterday", "Registered until"),
    ("registered_from=2024-05-01&registered_to=2024-04-01", "This date is before"),
    ("sort=relevance", "Ordering by best match needs a search."),
    ("sort=alphabetical", "Order"),
    ("page=abc", "Page numbers are whole numbers from 1."),
    ("page=0", "Page numbers are whole numbers from 1."),
    ("page=7", "There is only 1 page; showing it."),
    ("q=" + "x" * 201, "Search titles and summaries"),
]


@pytest.mark.parametrize(("query", "message"), BAD, ids=[q[:30] for q, _ in BAD])
def test_a_bad_value_is_reported_and_ignored(client, catalogue, query, message):
    response = client.get(f"/en/bills/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Some filters were ignored" in html
    assert escape(message) in html
    # Only the bad filter is dropped: an end date before the start keeps the start.
    assert len(response.context["bills"]) == (1 if "registered_to=2024-04-01" in query else 4)


def test_bad_values_do_not_spoil_the_good_ones(client, catalogue):
    titles = listed(client, "/en/bills/?stage=bogus&kind=code&page=x&registered_from=soon")
    assert titles == ["On roads"]
    # The page links keep only the filters that were used.
    html = page(client, "/en/bills/?stage=bogus&kind=law")
    assert 'href="/en/bills/">Clear all filters' in html


def test_the_filter_form_works_without_javascript(client, catalogue):
    html = page(client, "/en/bills/?kind=code")
    assert '<form method="get" action="/en/bills/"' in html
    for name, label in [
        ("stage", "Stage"),
        ("kind", "Kind"),
        ("initiator_type", "Initiator"),
        ("committee", "Lead committee"),
        ("convocation", "Convocation"),
        ("registered_from", "Registered from"),
        ("registered_to", "Registered until"),
        ("q", "Search titles and summaries"),
        ("sort", "Order"),
    ]:
        assert f'<label for="id_{name}">{label}:</label>' in html
    assert '<option value="code" selected>' in html
    assert 'type="date" name="registered_from"' in html
    assert f'<option value="{catalogue["committee"].public_id}">' in html
    assert '<option value="VIII">' in html
    assert "<script" not in html and "style=" not in html


def test_list_links_its_feed_and_stylesheet(client, catalogue):
    html = page(client, "/en/bills/")
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert 'href="/en/feeds/bills/"' in html
    assert 'href="/static/css/bills.css"' in html
    assert "<title>Bills — Parliament Tracker</title>" in html


def test_list_query_count_does_not_grow_with_bills(client, catalogue, django_assert_num_queries):
    # 1 demo-data flag, 2 committees that lead a bill (the committee filter), 3 convocations,
    # 4 the bills' latest change, 5 count of the bills, 6 the page of bills with their lead
    # committees.
    with django_assert_num_queries(6):
        client.get("/en/bills/")
    # The count is kept while no bill changes.
    with django_assert_num_queries(5):
        client.get("/en/bills/?page=1")
    # A deputy filter looks the deputy up: one more; on PostgreSQL a search first asks
    # whether any bill matches every word exactly (else it matches by similarity): one more.
    searching = 8 if connection.vendor == "postgresql" else 7
    with django_assert_num_queries(searching):
        client.get(f"/en/bills/?initiator={catalogue['deputy'].uuid}&q=жол&kind=code")
    committees = majilis_committees()
    for n in range(40):
        bill = create(MUSEUMS, D(2025, 2, 1) + datetime.timedelta(days=n))
        refer(bill, committees[n % len(committees)], D(2025, 4, 1))
    with django_assert_num_queries(6):
        client.get("/en/bills/")
    with django_assert_num_queries(6):
        client.get("/en/bills/?page=2&stage=majilis_committee&sort=updated")
    with django_assert_num_queries(5):
        client.get("/en/bills/?page=3&stage=majilis_committee")
    with django_assert_num_queries(searching):
        client.get(f"/en/bills/?initiator={catalogue['deputy'].uuid}&q=жол&kind=code")


def test_list_total_follows_new_bills(client, catalogue):
    first = client.get("/en/bills/").context["total"]
    create(MUSEUMS, D(2025, 2, 1))
    assert client.get("/en/bills/").context["total"] == first + 1


# --- Bill page ----------------------------------------------------------------------------------


@pytest.fixture
def in_senate(new_bill, record):
    """Two Majilis votes, then before the Senate since START + 2 steps (12 May 2024)."""
    return walk(new_bill("law", on=START - STEP), TO_SENATE, record)


@pytest.fixture
def on(monkeypatch):
    def set_today(day):
        monkeypatch.setattr(views, "_today", lambda: day)

    return set_today


def test_bill_page_shows_the_tracker_with_the_current_stage(client, in_senate):
    html = page(client, f"/en/bills/{in_senate.uuid}/")
    steps = re.findall(
        r'<li class="step step--(\S+)"( aria-current="step")?>\s*'
        r'<span class="step-label">([^<]+)</span>',
        html,
    )
    assert [(state, label) for state, _, label in steps] == [
        ("done", "Registered in the Majilis"),
        ("done", "In a Majilis committee"),
        ("done", "Awaiting second reading in the Majilis"),
        ("current", "In the Senate"),
        ("ahead", "With the President for signature"),
        ("ahead", "Signed into law"),
    ]
    assert [label for _, current, label in steps if current] == ["In the Senate"]


def test_next_step_and_deadline_in_the_readers_language(client, in_senate, on):
    today = D(2024, 6, 1)
    on(today)
    status = services.bill_status(in_senate, today)
    html = page(client, f"/ru/bills/{in_senate.uuid}/")
    assert escape(status.next_step["ru"]) in html
    assert "(26 из 50)" in status.next_step["ru"]
    assert status.deadline.label["ru"] in html  # "Срок рассмотрения в Сенате"
    # 60 days from 12 May 2024: 11 July, 40 days after 1 June.
    assert status.deadline.due == D(2024, 7, 11)
    html = page(client, f"/en/bills/{in_senate.uuid}/")
    assert "Senate&#x27;s period for consideration" in html
    assert "40 days left" in html and "July 11, 2024" in html


def test_an_overdue_deadline_says_by_how_many_days(client, in_senate, on):
    on(D(2024, 7, 21))
    html = page(client, f"/en/bills/{in_senate.uuid}/")
    assert "overdue by 10 days" in html
    assert "deadline--overdue" in html
    on(D(2024, 7, 12))
    assert "overdue by 1 day<" in page(client, f"/en/bills/{in_senate.uuid}/")


def test_the_page_status_agrees_with_the_service(in_senate, new_bill, record):
    kind, steps, _ = PATHS["objections accepted: rejected"]
    bills = [
        in_senate,
        new_bill("law", on=START),
        walk(new_bill("law", on=START - STEP), [*TO_SENATE, APPROVE], record),
        walk(new_bill("law", on=START - STEP, priority=True), [REFER], record),
        walk(new_bill(kind, on=START - STEP), steps, record),
    ]
    for bill in bills:
        for today in (D(2024, 6, 1), D(2026, 6, 30), D(2026, 11, 28), bill.stage_since):
            loaded = queries.bill_page(bill.uuid)
            with_events = services.bill_status(loaded, today, events=loaded.events.all())
            assert with_events == services.bill_status(bill, today)


def test_timeline_lists_every_event_with_the_verb_of_its_era(client, in_senate):
    html = page(client, f"/ru/bills/{in_senate.uuid}/")
    events = list(in_senate.events.order_by("sequence"))
    assert len(events) == 4
    era = procedure.era_on(events[-1].date)
    for event in events:
        assert f'id="event-{event.sequence}"' in html
        assert era.verb(event.action)["ru"] in html
    assert "Принят Мажилисом" in html  # the 2023 verb: the Majilis adopts
    committee = events[1].committees.get()
    assert committee.name_ru in html
    for vote in in_senate.votes.all():
        assert f'href="/ru/votes/{vote.uuid}/"' in html


def test_the_verb_follows_the_date_of_the_event():
    # Before 2023 the Majilis "approved" and the Senate "adopted" (DOMAIN.md A7).
    assert views._event_label("adopted_by_majilis", D(2022, 5, 1))["ru"] == "Одобрен Мажилисом"
    assert views._event_label("adopted_by_majilis", D(2024, 5, 1))["ru"] == "Принят Мажилисом"
    assert views._event_label("approved_by_senate", D(2024, 5, 1))["en"] == "Approved by the Senate"
    # Outside every era (after 30 June 2026) the plain label stands.
    assert views._event_label("signed", D(2026, 8, 1))["en"] == "Signed by the President"


def test_each_vote_has_its_rule_sentence_and_bars_by_faction(client, in_senate):
    html = page(client, f"/en/bills/{in_senate.uuid}/")
    # Both Majilis votes of the walk had 60 yes of 98, everyone present.
    assert html.count("needs 50 of 98 — 60 voted yes — passed") == 2
    assert "38 no, 0 abstained, 0 absent; 98 present, quorum 66" in html
    assert html.count("How each faction voted on") == 2
    vote = in_senate.votes.order_by("date").first()
    rows = queries.faction_counts([vote])[vote.pk]
    assert sum(row.total for row in rows) == 98
    amanat = next(row for row in rows if row.name_en == "Amanat faction")
    expected = vote.ballots.filter(faction__name_en="Amanat faction")
    cells = "".join(
        f'<td class="num">{expected.filter(option=o).count()}</td>'
        for o in ("yes", "no", "abstain", "absent")
    )
    assert re.search(r"Amanat faction</th>\s*" + re.escape(cells), html)
    assert '<rect class="opt-yes" x="0.0" y="0"' in html
    assert amanat.total == expected.count()


def test_committees_initiators_and_law_number(client, new_bill, record, parliament):
    deputy = Mandate.objects.serving_on(START, "majilis").order_by("pk").first().deputy
    bill = new_bill("law", on=START - STEP, initiator_type="deputies", initiators=[deputy.pk])
    services.bill_apply_action(
        bill=bill,
        action="referred",
        date=START,
        committees=[c.pk for c in majilis_committees()[:3]],
    )
    bill = walk(
        Bill.objects.get(pk=bill.pk),
        [
            ("first_reading_approved", [("majilis", 60)]),
            ("adopted_by_majilis", [("majilis", 60)]),
            APPROVE,
        ],
        record,
    )
    services.bill_apply_action(
        bill=bill, action="signed", date=START + STEP * 5, law_serial=186, law_suffix="ЗРК"
    )
    services.bill_apply_action(bill=bill, action="entered_into_force", date=START + STEP * 8)
    html = page(client, f"/en/bills/{bill.uuid}/")
    lead, *co = majilis_committees()[:3]
    assert f'<a href="/en/committees/{lead.public_id}/">{lead.name_en}</a>' in html
    for committee in co:
        assert f'href="/en/committees/{committee.public_id}/"' in html
    assert f'href="/en/deputies/{deputy.uuid}/"' in html
    assert "186-VIII ЗРК" in html
    assert "Signed into law" in html and "The law is in force." in html
    assert "May 21, 2024" in html  # signed
    assert "May 30, 2024" in html  # in force


def test_documents_are_listed(client, in_senate):
    Document.objects.create(
        bill=in_senate,
        language="ru",
        stage="majilis_committee",
        title="Проект закона",
        url="https://example.org/bill.pdf",
        date=START,
    )
    html = page(client, f"/en/bills/{in_senate.uuid}/")
    assert 'href="https://example.org/bill.pdf" hreflang="ru">Проект закона</a>' in html
    assert "<td>Russian</td>" in html


@pytest.mark.parametrize(
    ("path", "outcome", "reached"),
    [
        ("objections accepted: rejected", "Rejected", 5),
        ("rejected by the Majilis in committee stage", "Rejected", 2),
    ],
)
def test_final_outcomes_are_clear(client, new_bill, record, path, outcome, reached):
    kind, steps, _ = PATHS[path]
    bill = walk(new_bill(kind, on=START - STEP), steps, record)
    html = page(client, f"/en/bills/{bill.uuid}/")
    assert re.search(
        r'<li class="step step--outcome" aria-current="step">\s*'
        rf'<span class="step-label">{outcome}</span>',
        html,
    )
    assert html.count("step--done") == reached
    assert "The procedure is over: the bill was rejected." in html
    assert "<h3>Outcome</h3>" in html


def test_withdrawn_and_detour_stages(client, in_senate, record):
    services.bill_apply_action(
        bill=in_senate,
        action="amended_by_senate",
        date=START + STEP * 3,
        votes=[record(in_senate, "senate", START + STEP * 3, 30).pk],
    )
    html = page(client, f"/en/bills/{in_senate.uuid}/")
    # The Senate's amendments come after the Senate, before the President.
    labels = re.findall(r'<span class="step-label">([^<]+)</span>', html)
    assert labels.index("Majilis considering the Senate&#x27;s amendments") == 4
    assert 'step--current" aria-current="step">\n        <span class="step-label">Majilis' in html
    services.bill_apply_action(
        bill=Bill.objects.get(pk=in_senate.pk), action="withdrawn", date=START + STEP * 4
    )
    html = page(client, f"/en/bills/{in_senate.uuid}/")
    assert "The procedure is over: the initiator withdrew the bill." in html
    assert re.search(
        r'step--outcome" aria-current="step">\s*<span class="step-label">Withdrawn', html
    )
    assert html.count("step--not-reached") == 2


def test_bill_page_links_its_feed_and_is_accessible(client, in_senate):
    html = page(client, f"/en/bills/{in_senate.uuid}/")
    assert (
        f'<link rel="alternate" type="application/atom+xml" title="Every step of bill '
        f'{in_senate.number} (Atom)" href="/en/feeds/bills/{in_senate.uuid}/">'
    ) in html
    assert f"<title>{in_senate.number}: Test law — Parliament Tracker</title>" in html
    assert '<html lang="en">' in html
    kazakh = page(client, f"/kk/bills/{in_senate.uuid}/")
    assert f"<title>{in_senate.number}: Сынақ заңы — " in kazakh
    assert '<html lang="kk">' in kazakh
    assert "<caption>" in html and 'scope="col"' in html
    assert "<script" not in html and "style=" not in html


def test_unknown_bill_is_404(client, parliament):
    assert client.get(f"/en/bills/{uuid.uuid4()}/").status_code == 404
    assert client.get("/en/bills/not-a-uuid/").status_code == 404


def test_bill_page_query_count_does_not_grow(
    client, in_senate, new_bill, record, django_assert_num_queries
):
    # 1 demo-data flag; 2 the bill with its convocation, law convocation and lead committee;
    # 3 initiators; 4 co-executing committees; 5 events; 6 the events' committees;
    # 7 documents; 8 votes, each with the event it backs; 9 their tallies with the chamber;
    # 10 ballots counted by vote, chamber, faction and option; 11 the chambers' seats.
    with django_assert_num_queries(11):
        client.get(f"/en/bills/{in_senate.uuid}/")
    kind, steps, _ = PATHS["amendments rejected, conciliation agreed"]
    longer = walk(new_bill(kind, on=START - STEP), steps, record)
    for n in range(5):
        Document.objects.create(
            bill=longer,
            language="kk",
            stage="senate",
            title=f"№{n}",
            url="https://e.org/",
            date=START,
        )
    assert longer.votes.count() > in_senate.votes.count() + 3
    with django_assert_num_queries(11):
        client.get(f"/en/bills/{longer.uuid}/")
    with django_assert_num_queries(11):
        client.get(f"/en/bills/{in_senate.uuid}/")
