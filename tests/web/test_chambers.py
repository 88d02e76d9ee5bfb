"""The chamber page (hemicycle, seats, Bureau, committees) and the committee page."""

import datetime
import re
import statistics

import pytest

from bills import services
from chambers.models import Committee
from deputies.models import ChamberOffice, CommitteeMembership, FactionMembership
from tests.conftest import roll_call
from tests.factories import CommitteeMembershipFactory, FactionMembershipFactory, MandateFactory

D = datetime.date
TODAY = D(2026, 11, 28)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _after_parliament(monkeypatch):
    """Pages default to min(today, end of the convocation): fix today after 1 July 2026."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)


def html_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def hemicycle(html: str) -> str:
    return re.search(r'<svg class="hemicycle".*?</svg>', html, re.S).group(0)


def committee(code, chamber="majilis") -> Committee:
    return Committee.objects.get(chamber__code=chamber, code=code)


# --- Chamber page -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "majilis", "senate", "independents"),
    [
        ("kk", "Мәжіліс", "Сенат", "Фракцияға кірмейді"),
        ("ru", "Мажилис", "Сенат", "Вне фракций"),
        ("en", "Majilis", "Senate", "Not in a faction"),
    ],
)
def test_chamber_pages_in_each_language(client, parliament, lang, majilis, senate, independents):
    html = html_of(client.get(f"/{lang}/chambers/majilis/"))
    assert f"<h1>{majilis}</h1>" in html
    assert f"<title>{majilis} · " in html
    assert independents in html
    html = html_of(client.get(f"/{lang}/chambers/senate/"))
    assert f"<h1>{senate}</h1>" in html


def test_majilis_hemicycle_has_98_seats_coloured_by_faction(client, parliament):
    html = html_of(client.get("/en/chambers/majilis/"))
    chart = hemicycle(html)
    assert chart.count("<circle") == 98
    assert 'role="img"' in chart and "<title>Majilis on July 1, 2026" in chart
    assert chart.count('fill="#1f6fb2"') == 62  # Amanat's colour (migration 0005)
    assert chart.count('fill="#6f7780"') == 7  # independents in grey
    # The legend is a list with the counts, not only colours, and links to the factions.
    legend = html.split('<ul class="legend">', 1)[1].split("</ul>", 1)[0]
    assert 'href="/en/factions/majilis-viii-amanat/?date=2026-07-01">Amanat faction</a>' in legend
    assert re.findall(r"<strong>(\d+)</strong>", legend) == ["62", "8", "6", "6", "5", "4", "7"]
    assert "98 of 98 seats held" in html


def test_senate_hemicycle_has_50_seats_by_basis(client, parliament):
    html = html_of(client.get("/en/chambers/senate/"))
    assert hemicycle(html).count("<circle") == 50
    legend = html.split('<ul class="legend">', 1)[1].split("</ul>", 1)[0]
    assert "Elected by maslikhats:" in legend and "<strong>40</strong>" in legend
    assert "Appointed by the President:" in legend and "<strong>10</strong>" in legend


def test_a_vacant_seat_is_drawn_and_listed(client, parliament):
    # The Kyzylorda seat was vacant between the senator's departure and the by-election.
    html = html_of(client.get("/en/chambers/senate/", {"date": "2024-03-01"}))
    chart = hemicycle(html)
    assert chart.count("<circle") == 50
    assert chart.count("<title>Vacant seat</title>") == 1
    assert "49 of 50 seats held" in html
    assert "Vacant seat:" in html


def test_majilis_bureau_has_chair_deputies_committee_chairs_and_faction_leaders(client, parliament):
    html = html_of(client.get("/en/chambers/majilis/"))
    bureau = html.split('id="bureau"', 1)[1].split("</table>", 1)[0]
    offices = ChamberOffice.objects.filter(mandate__chamber__code="majilis")
    leaders = FactionMembership.objects.filter(is_leader=True)
    chairs = CommitteeMembership.objects.filter(role="chair", committee__chamber__code="majilis")
    assert (offices.count(), leaders.count(), chairs.count()) == (3, 6, 7)
    for row in [*offices, *leaders, *chairs]:
        assert f"/en/deputies/{row.mandate.deputy.uuid}/" in bureau
    assert bureau.count('<tr><th scope="row"') == 3 + 7 + 6
    assert ">Chair</th>" in bureau and bureau.count(">Deputy chair</th>") == 2
    assert bureau.count("Leader: <a") == 6


def test_senate_bureau_has_no_faction_leaders(client, parliament):
    html = html_of(client.get("/en/chambers/senate/"))
    bureau = html.split('id="bureau"', 1)[1].split("</table>", 1)[0]
    assert bureau.count('<tr><th scope="row"') == 3 + 7
    assert "Leader:" not in bureau


def test_committees_with_chairs_and_member_counts(client, parliament):
    html = html_of(client.get("/en/chambers/majilis/"))
    table = html.split('id="committees"', 1)[1]
    finance = committee("finance")
    chair = CommitteeMembership.objects.get(committee=finance, role="chair")
    members = CommitteeMembership.objects.active_on(D(2026, 7, 1)).filter(committee=finance)
    row = next(r for r in table.split("<tr>") if "majilis-viii-finance" in r)
    assert f"/en/deputies/{chair.mandate.deputy.uuid}/" in row
    assert f'<td class="num" data-label="Members">{members.count()}</td>' in row


def test_chamber_bad_date_and_unknown_chamber(client, parliament):
    html = html_of(client.get("/en/chambers/majilis/", {"date": "1 July"}))
    assert "“1 July” is not a date" in html
    assert hemicycle(html).count("<circle") == 98
    assert client.get("/en/chambers/joint/").status_code == 404


def test_before_any_deputy_the_page_says_so(client, parliament):
    html = html_of(client.get("/en/chambers/majilis/", {"date": "1990-01-01"}))
    assert "No deputies recorded for this date." in html
    assert 'class="hemicycle"' not in html


@pytest.mark.parametrize(("code", "queries"), [("majilis", 11), ("senate", 10)])
def test_chamber_query_count_is_constant(
    client, parliament, django_assert_num_queries, code, queries
):
    # 1 chamber, 2 latest convocation (the default date), 3 convocation on the date, 4
    # established seats, 5 serving mandates with deputies, 6 faction memberships with
    # faction, party, chamber and convocation, 7 committees with member counts, and the
    # Bureau: 8 chair and deputy chairs, 9 committee chairs, 10 (Majilis only) faction
    # leaders; last, the demo-data flag.
    with django_assert_num_queries(queries):
        client.get(f"/en/chambers/{code}/")
    # More rows: extra committee seats, a hundred more deputies (over the seats) in the
    # Majilis with their own factions, bills in committee.
    for membership in CommitteeMembership.objects.filter(committee__chamber__code=code)[:40]:
        CommitteeMembershipFactory(mandate=membership.mandate, committee=committee("ecology"))
    FactionMembershipFactory.create_batch(50)
    MandateFactory.create_batch(50)
    with django_assert_num_queries(queries):
        client.get(f"/en/chambers/{code}/")


# --- Committee page ---------------------------------------------------------------------------


@pytest.fixture
def referrals(new_bill, record):
    """Bills led by the finance committee, with hand-computable days in committee:
    30 (withdrawn), 45 (first reading) and 70 (adopted in one reading); one still in
    committee after a committee report; one led by another committee."""
    finance, budget_co, other = committee("finance"), committee("economy"), committee("social")
    plans = [
        (D(2024, 1, 15), "withdrawn", D(2024, 2, 14)),
        (D(2024, 1, 20), "first_reading_approved", D(2024, 3, 5)),
        (D(2024, 2, 1), "adopted_by_majilis", D(2024, 4, 11)),
        (D(2024, 2, 10), "committee_report", D(2024, 2, 20)),
    ]
    bills = []
    for referred, action, on in plans:
        bill = new_bill(on=D(2024, 1, 12))
        services.bill_apply_action(
            bill=bill,
            action="referred",
            date=referred,
            committees=[finance.pk, budget_co.pk],
        )
        votes = []
        if action in ("first_reading_approved", "adopted_by_majilis"):
            votes = [record(bill, "majilis", on, 60).pk]
        services.bill_apply_action(bill=bill, action=action, date=on, votes=votes)
        bills.append(bill)
    elsewhere = new_bill(on=D(2024, 1, 12))
    services.bill_apply_action(
        bill=elsewhere, action="referred", date=D(2024, 1, 13), committees=[other.pk]
    )
    services.bill_apply_action(bill=elsewhere, action="withdrawn", date=D(2024, 1, 14))
    return bills, elsewhere


def test_median_days_in_committee_against_a_hand_computation(client, referrals):
    assert statistics.median([30, 45, 70]) == 45
    html = html_of(client.get("/en/committees/majilis-viii-finance/"))
    assert "<strong>45</strong>" in html
    assert "over 3 bills that left it" in html
    # The bill led elsewhere left after one day: that committee's median.
    html = html_of(client.get("/en/committees/majilis-viii-social/"))
    assert "<strong>1</strong>" in html and "over 1 bill that left it" in html


def test_median_says_no_data_without_bills(client, parliament):
    html = html_of(client.get("/en/committees/majilis-viii-finance/"))
    assert "Median days in committee: no data" in html


def test_bills_led_co_executed_and_now_in_committee(client, referrals):
    bills, elsewhere = referrals
    html = html_of(client.get("/en/committees/majilis-viii-finance/"))
    now = html.split('id="in-committee"', 1)[1].split("</table>", 1)[0]
    led = html.split('id="led"', 1)[1].split("</table>", 1)[0]
    assert re.findall(r"/en/bills/([0-9a-f-]{36})/", now) == [str(bills[3].uuid)]
    assert set(re.findall(r"/en/bills/([0-9a-f-]{36})/", led)) == {str(b.uuid) for b in bills}
    assert str(elsewhere.uuid) not in html
    co = html_of(client.get("/en/committees/majilis-viii-economy/"))
    co_table = co.split('id="co"', 1)[1].split("</table>", 1)[0]
    assert set(re.findall(r"/en/bills/([0-9a-f-]{36})/", co_table)) == {str(b.uuid) for b in bills}


@pytest.mark.parametrize(
    ("lang", "name"),
    [
        ("kk", "Қаржы және бюджет комитеті"),
        ("ru", "Комитет по финансам и бюджету"),
        ("en", "Committee on Finance and Budget"),
    ],
)
def test_committee_page_in_each_language(client, parliament, lang, name):
    html = html_of(client.get(f"/{lang}/committees/majilis-viii-finance/"))
    assert f"<h1>{name}</h1>" in html
    assert f"<title>{name} · " in html


def test_committee_members_by_role_with_their_factions(client, parliament):
    finance = committee("finance")
    html = html_of(client.get("/en/committees/majilis-viii-finance/"))
    members = html.split('id="members"', 1)[1].split("</table>", 1)[0]
    roles = re.findall(r'data-label="Role">([^<]+)</td>', members)
    assert roles[:3] == ["Chair", "Deputy chair", "Secretary"]
    assert set(roles[3:]) == {"Member"}
    on_date = CommitteeMembership.objects.active_on(D(2026, 7, 1)).filter(committee=finance)
    assert len(roles) == on_date.count()
    assert "/en/factions/majilis-viii-" in members
    assert 'href="/en/chambers/majilis/?date=2026-07-01"' in html


def test_committee_bad_date_and_unknown_committee(client, parliament):
    html = html_of(client.get("/en/committees/senate-viii-finance/", {"date": "2024-02-30"}))
    assert "“2024-02-30” is not a date" in html
    assert client.get("/en/committees/senate-viii-nothing/").status_code == 404
    assert client.get("/en/committees/nonsense/").status_code == 404


def test_committee_query_count_is_constant(client, referrals, django_assert_num_queries):
    # 1 committee with chamber and convocation, 2 members on the date, 3 their factions,
    # 4 bills led, 5 bills co-executed, 6 the referral and leaving events, 7 the demo flag.
    with django_assert_num_queries(7):
        client.get("/en/committees/majilis-viii-finance/")
    finance = committee("finance")
    for n in range(20):
        bill = services.bill_create(
            kind="law",
            initiator_type="government",
            title={"kk": f"Заң {n}", "ru": f"Закон {n}"},
            registered_on=D(2024, 5, 2),
        )
        services.bill_apply_action(
            bill=bill, action="referred", date=D(2024, 5, 3), committees=[finance.pk]
        )
        services.bill_apply_action(bill=bill, action="withdrawn", date=D(2024, 5, 4 + n))
    for membership in CommitteeMembership.objects.filter(committee__chamber__code="majilis")[:30]:
        CommitteeMembershipFactory(mandate=membership.mandate, committee=finance)
    with django_assert_num_queries(7):
        client.get("/en/committees/majilis-viii-finance/")


def test_roll_call_helper_fills_the_chamber(parliament):
    # The referrals fixture relies on 60 yes votes being a majority of the 98 seats.
    assert len(roll_call("majilis", D(2024, 3, 5), 60)) == 98


def test_senate_committee_has_no_faction_column(client, parliament):
    html = html_of(client.get("/en/committees/senate-viii-finance/"))
    assert "Faction" not in html and "Not in a faction" not in html
