"""The deputies list, the deputy page (voting record, attendance) and the faction page."""

import datetime
import re

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from bills import services
from bills.models import Ballot, Vote
from chambers.models import Chamber, Committee
from deputies.models import CommitteeMembership, Deputy, Faction, FactionMembership, Mandate
from tests.factories import (
    CommitteeMembershipFactory,
    ConvocationFactory,
    DeputyFactory,
    FactionMembershipFactory,
    MandateFactory,
)

D = datetime.date
TODAY = D(2026, 11, 28)
END = D(2026, 7, 1)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _after_parliament(monkeypatch):
    """Pages default to min(today, end of the convocation): fix today after 1 July 2026."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)


def html_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def rows(html: str) -> list[str]:
    """The body rows of the page's main table."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr>(.*?)</tr>", body, re.S)


def majilis():
    return Chamber.objects.get(code="majilis")


def osdp():
    return Faction.objects.get(party__code="osdp")


def osdp_members(at=END) -> list[Deputy]:
    return list(Deputy.objects.in_faction(osdp(), at).order_by("pk"))  # four: the smallest faction


# --- Deputies list ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "heading", "chamber"),
    [("kk", "Депутаттар", "Мәжіліс"), ("ru", "Депутаты", "Мажилис"), ("en", "Deputies", "Majilis")],
)
def test_list_in_each_language(client, parliament, lang, heading, chamber):
    html = html_of(client.get(f"/{lang}/deputies/", {"chamber": "majilis"}))
    assert f'<html lang="{lang}">' in html
    assert f"<h1>{heading}</h1>" in html
    shown = re.findall(rf'/{lang}/deputies/([0-9a-f-]{{36}})/">([^<]+)</a>', html)
    assert len(shown) == 50
    with translation.override(lang):
        names = {str(d.uuid): d.full_name for d in Deputy.objects.serving_on(END, "majilis")}
    assert all(names[uuid] == name for uuid, name in shown)  # names in the reader's language
    assert f">{chamber}</a>" in html
    assert "<caption>" in html and 'scope="col"' in html


def test_list_defaults_to_the_last_day_of_parliament_and_paginates(client, parliament):
    # Today is after 1 July 2026: the list shows the composition of that last day.
    html = html_of(client.get("/en/deputies/"))
    assert "148 deputies serving on July 1, 2026 match." in html
    assert 'value="2026-07-01"' in html
    assert len(rows(html)) == 50
    assert "Page 1 of 3" in html
    last = html_of(client.get("/en/deputies/", {"page": 3}))
    assert len(rows(last)) == 48
    assert 'rel="prev"' in last


def test_filters_combine_and_live_in_the_address(client, parliament):
    faction = osdp()
    committee = Committee.objects.get(chamber__code="majilis", code="finance")
    expected = set(
        Deputy.objects.serving_on(END, "majilis")
        .in_faction(faction, END)
        .filter(mandates__basis="party_list")
        .values_list("uuid", flat=True)
    )
    params = {"chamber": "majilis", "faction": "majilis-viii-osdp", "basis": "party_list"}
    html = html_of(client.get("/en/deputies/", params))
    assert {str(u) for u in expected} == set(re.findall(r"/en/deputies/([0-9a-f-]{36})/", html))
    assert len(expected) == 4
    # The chosen values stay selected, so the address and the form agree.
    assert '<option value="majilis-viii-osdp" selected>' in html
    assert '<option value="party_list" selected>' in html

    in_finance = set(
        Deputy.objects.in_committee(committee, END)
        .in_faction(Faction.objects.get(party__code="amanat"), END)
        .values_list("uuid", flat=True)
    )
    html = html_of(
        client.get(
            "/en/deputies/",
            {"faction": "majilis-viii-amanat", "committee": "majilis-viii-finance"},
        )
    )
    assert {str(u) for u in in_finance} == set(re.findall(r"/en/deputies/([0-9a-f-]{36})/", html))
    assert 0 < len(in_finance) < 14


def test_deputies_in_no_faction(client, parliament):
    html = html_of(client.get("/en/deputies/", {"chamber": "majilis", "faction": "none"}))
    assert "7 deputies serving on July 1, 2026 match." in html


def test_a_past_date_shows_who_served_then(client, parliament):
    # The Kyzylorda Senate seat was vacant from 10 February to 11 April 2024.
    html = html_of(client.get("/en/deputies/", {"chamber": "senate", "date": "2024-03-01"}))
    assert "49 deputies serving on March 1, 2024 match." in html


def test_bad_filter_values_are_reported_not_fatal(client, parliament):
    response = client.get(
        "/en/deputies/",
        {
            "chamber": "kurultai",
            "faction": "majilis-viii-nobody",
            "committee": "senate-viii-nothing",
            "basis": "lottery",
            "date": "2024-13-45",
            "page": "many",
        },
    )
    html = html_of(response)
    assert 'role="alert"' in html
    for value in (
        "kurultai",
        "majilis-viii-nobody",
        "senate-viii-nothing",
        "lottery",
        "2024-13-45",
    ):
        assert f"“{value}”" in html
    # Every bad filter is dropped: the default list is shown.
    assert "148 deputies serving on July 1, 2026 match." in html


def test_list_query_count_is_constant(client, parliament, django_assert_num_queries):
    # 1 latest convocation (the default date), 2 chambers, 3 factions and 4 committees for
    # the filters, 5 count, 6 the page of mandates with deputy, chamber and convocation,
    # 7 their faction memberships, 8 their committee memberships, 9 the demo-data flag.
    with django_assert_num_queries(9):
        client.get("/en/deputies/", {"faction": "majilis-viii-amanat"})
    # More rows: a second committee seat for forty deputies, deputies of an earlier
    # convocation, and a hundred more serving deputies in a new faction.
    for mandate in Mandate.objects.serving_on(END, "majilis")[:40]:
        CommitteeMembershipFactory(
            mandate=mandate,
            committee=Committee.objects.get(chamber__code="majilis", code="ecology"),
        )
    seventh = ConvocationFactory(number=7, starts_on=D(2021, 1, 15), ends_on=D(2023, 1, 19))
    for _ in range(30):
        MandateFactory(convocation=seventh, starts_on=seventh.starts_on, ends_on=seventh.ends_on)
    extra = FactionMembershipFactory.create_batch(100)
    assert Mandate.objects.serving_on(END).count() == 248 and len(extra) == 100
    with django_assert_num_queries(9):
        client.get("/en/deputies/", {"faction": "majilis-viii-amanat"})
    with django_assert_num_queries(9):
        client.get("/en/deputies/", {"page": 4})


# --- Deputy page: a hand-made record ----------------------------------------------------------

# OSDP ballots in five Majilis votes: the deputy under test first, then the three others.
# Everyone else is absent. The faction majority is an option chosen by more than half of the
# members present.
RECORD = [
    # deputy, others                      majority   deputy is
    ("yes", ("yes", "yes", "no")),  # V1  yes        agreeing
    ("no", ("yes", "yes", "yes")),  # V2  yes        disagreeing
    ("absent", ("yes", "yes", "no")),  # V3  yes      neither (absent)
    ("abstain", ("yes", "no", "abstain")),  # V4 none: abstain, the largest, has 2 of 4
    ("yes", ("no", "yes", "no")),  # V5  tie (2-2)   neither
]
VOTE_DAYS = [D(2024, 2, 1) + datetime.timedelta(days=7 * i) for i in range(len(RECORD))]


@pytest.fixture
def hand_record(new_bill):
    """A bill in committee and the five votes of RECORD; returns (deputy, votes)."""
    bill = new_bill()
    finance = Committee.objects.get(chamber__code="majilis", code="finance")
    services.bill_apply_action(
        bill=bill, action="referred", date=D(2024, 1, 20), committees=[finance.pk]
    )
    deputy, *others = osdp_members(D(2024, 2, 1))
    votes = []
    for n, (mine, theirs) in enumerate(RECORD, start=1):
        ballots = [(deputy.pk, mine), *zip((d.pk for d in others), theirs, strict=True)]
        vote, _ = services.vote_record(
            bill=bill, body="majilis", date=VOTE_DAYS[n - 1], motion=f"V{n}", ballots=ballots
        )
        votes.append(vote)
    return deputy, votes


def motions(html: str) -> list[str]:
    return re.findall(r'/en/votes/[0-9a-f-]{36}/">(V\d)</a>', html)


def test_voting_record_newest_first_with_links(client, hand_record):
    deputy, votes = hand_record
    html = html_of(client.get(f"/en/deputies/{deputy.uuid}/"))
    assert motions(html) == ["V5", "V4", "V3", "V2", "V1"]
    bill = votes[0].bill
    assert f'href="/en/bills/{bill.uuid}/">{bill.number}</a>' in html
    assert f'href="/en/votes/{votes[0].uuid}/">V1</a>' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"line": "agree"}, ["V1"]),
        ({"line": "disagree"}, ["V2"]),
        ({"option": "yes"}, ["V5", "V1"]),
        ({"option": "yes", "line": "agree"}, ["V1"]),
        ({"option": "absent", "line": "disagree"}, []),
        ({"option": "absent"}, ["V3"]),
    ],
)
def test_voting_record_filters(client, hand_record, query, expected):
    deputy, _ = hand_record
    html = html_of(client.get(f"/en/deputies/{deputy.uuid}/", query))
    assert motions(html) == expected


def test_voting_record_bad_filters_are_reported(client, hand_record):
    deputy, _ = hand_record
    html = html_of(client.get(f"/en/deputies/{deputy.uuid}/", {"option": "maybe", "line": "x"}))
    assert "“maybe”" in html and "“x”" in html and 'role="alert"' in html
    assert motions(html) == ["V5", "V4", "V3", "V2", "V1"]


def test_attendance_matches_an_independent_count(client, hand_record):
    deputy, _ = hand_record
    ballots = list(Ballot.objects.filter(deputy=deputy).values_list("option", flat=True))
    present = sum(option != "absent" for option in ballots)
    assert (present, len(ballots)) == (4, 5)
    html = html_of(client.get(f"/en/deputies/{deputy.uuid}/"))
    assert f"<strong>{100 * present / len(ballots):.1f}%</strong>" in html
    assert f"present at {present} of {len(ballots)} recorded votes" in html


def test_voting_record_paginates_by_fifty(client, hand_record, django_assert_num_queries):
    deputy, votes = hand_record
    bill = votes[0].bill
    extra = Vote.objects.bulk_create(
        Vote(
            bill=bill,
            body="majilis",
            date=D(2024, 4, 1) + datetime.timedelta(days=n),
            motion=f"extra {n}",
            stage="majilis_committee",
            rule="simple",
            result="no_quorum",
        )
        for n in range(60)
    )
    Ballot.objects.bulk_create(
        Ballot(vote=v, deputy=deputy, chamber=majilis(), option="yes", faction=osdp())
        for v in extra
    )
    first = html_of(client.get(f"/en/deputies/{deputy.uuid}/"))
    assert "65 ballots, newest first" in first
    assert first.count("/en/votes/") == 50
    assert "extra 59" in first and "V5" not in first
    second = html_of(client.get(f"/en/deputies/{deputy.uuid}/", {"page": 2}))
    assert motions(second) == ["V5", "V4", "V3", "V2", "V1"]


def test_a_prolific_deputys_page_shows_the_newest_bills_and_links_the_rest(
    client, parliament, new_bill, monkeypatch
):
    monkeypatch.setattr("deputies.views.INITIATED_SHOWN", 1)
    deputy, *_ = osdp_members()
    bills = [new_bill(initiator_type="deputies", initiators=[deputy.pk]) for _ in range(2)]
    html = html_of(client.get(f"/en/deputies/{deputy.uuid}/"))
    assert "2 bills the deputy initiated" in html
    shown = [b for b in bills if f'href="/en/bills/{b.uuid}/"' in html]
    assert len(shown) == 1
    assert f'href="/en/bills/?initiator={deputy.uuid}">All bills the deputy initiated' in html


def test_deputy_page_shows_history_and_initiated_bills(client, parliament, new_bill):
    deputy, *_ = osdp_members()
    bill = new_bill(initiator_type="deputies", initiators=[deputy.pk])
    html = html_of(client.get(f"/ru/deputies/{deputy.uuid}/"))
    with translation.override("ru"):
        assert f"<h1>{deputy.full_name}</h1>" in html
    assert "Фракция &quot;ОСДП&quot;" in html  # faction history, in Russian
    assert 'href="/ru/factions/majilis-viii-osdp/' in html
    assert f'href="/ru/bills/{bill.uuid}/">{bill.number}</a>' in html
    assert "Тестовый закон" in html
    # No photo: initials in an SVG with a text alternative, in the reader's language.
    with translation.override("ru"):
        no_photo = gettext("No photo of %(name)s: initials only") % {"name": ""}
        no_votes = gettext("No recorded votes yet.")
    assert f'role="img" aria-label="{no_photo.split(":")[0].strip()}' in html
    assert no_votes in html


@pytest.mark.parametrize(
    ("lang", "faction"), [("kk", "фракциясы"), ("ru", "Фракция"), ("en", "faction")]
)
def test_deputy_page_in_each_language(client, parliament, lang, faction):
    deputy = osdp_members()[0]
    html = html_of(client.get(f"/{lang}/deputies/{deputy.uuid}/"))
    assert f'<html lang="{lang}">' in html
    with translation.override(lang):
        assert deputy.full_name in html
    assert faction in html


def test_unknown_deputy_is_404(client, parliament):
    assert client.get("/en/deputies/6f1c1a8e-0000-4000-8000-000000000000/").status_code == 404


def test_deputy_page_query_count_is_constant(client, hand_record, django_assert_num_queries):
    deputy, _ = hand_record
    # 1 deputy, 2 mandates, 3 faction memberships, 4 committee memberships, 5 chamber
    # offices, 6 bills initiated, 7 attendance counts, 8 count and 9 page of the filtered
    # ballots (with vote, bill, faction and the faction line), 10 the demo-data flag.
    with django_assert_num_queries(10):
        client.get(f"/en/deputies/{deputy.uuid}/", {"line": "agree"})
    for n in range(30):
        new = services.bill_create(
            kind="law",
            initiator_type="deputies",
            initiators=[deputy.pk],
            title={"kk": f"Заң {n}", "ru": f"Закон {n}"},
            registered_on=D(2024, 3, 1),
        )
        Vote.objects.create(
            bill=new,
            body="majilis",
            date=D(2024, 3, 2),
            motion="m",
            stage="registered",
            rule="simple",
            result="passed",
        )
    Ballot.objects.bulk_create(
        Ballot(vote=v, deputy=d, chamber=majilis(), option="no", faction=osdp())
        for v in Vote.objects.filter(motion="m")
        for d in osdp_members()
    )
    with django_assert_num_queries(10):
        client.get(f"/en/deputies/{deputy.uuid}/", {"line": "agree"})


def test_deputy_without_ballots_skips_the_empty_page(client, parliament, django_assert_num_queries):
    deputy = DeputyFactory()
    # As above, without the page of ballots: the record holds the 0 ballots of attendance.
    with django_assert_num_queries(8):
        html = html_of(client.get(f"/en/deputies/{deputy.uuid}/"))
    assert "No mandate recorded." in html


# --- Faction page -----------------------------------------------------------------------------


def test_faction_page_members_leader_and_seats(client, parliament):
    faction = osdp()
    leader = FactionMembership.objects.get(faction=faction, is_leader=True)
    html = html_of(client.get("/en/factions/majilis-viii-osdp/"))
    assert "<h1>OSDP faction</h1>" in html
    assert "4 seats on July 1, 2026" in html
    assert f'Leader: <a href="/en/deputies/{leader.mandate.deputy.uuid}/">' in html
    assert len(rows(html)) == 4
    assert 'href="/en/chambers/majilis/?date=2026-07-01"' in html
    assert "No data: no member of the faction was present" in html


@pytest.mark.parametrize(
    ("lang", "name"),
    [
        ("kk", "&quot;ЖСДП&quot; фракциясы"),
        ("ru", "Фракция &quot;ОСДП&quot;"),
        ("en", "OSDP faction"),
    ],
)
def test_faction_page_in_each_language(client, parliament, lang, name):
    html = html_of(client.get(f"/{lang}/factions/majilis-viii-osdp/"))
    assert f"<h1>{name}</h1>" in html


def test_cohesion_against_a_hand_computation(client, hand_record):
    # Rice index per vote, over present members: V1 |3-1|/4, V2 |3-1|/4, V3 |2-1|/3,
    # V4 |1-3|/4, V5 |2-2|/4.
    expected = (0.5 + 0.5 + 1 / 3 + 0.5 + 0) / 5
    html = html_of(client.get("/en/factions/majilis-viii-osdp/"))
    assert f"{expected:.3f}" == "0.367"
    assert "<strong>0.367</strong>" in html
    assert "Rice index averaged over 5 votes" in html
    # Before the last two votes, only V1-V3 count.
    html = html_of(client.get("/en/factions/majilis-viii-osdp/", {"date": "2024-02-15"}))
    assert f"<strong>{(0.5 + 0.5 + 1 / 3) / 3:.3f}</strong>" in html


def test_votes_that_split_the_faction_most_first(client, hand_record):
    _, votes = hand_record
    html = html_of(client.get("/en/factions/majilis-viii-osdp/"))
    section = html.split('id="breaks"', 1)[1]
    # Broke ranks: V4 and V5 two members each (V5, later, first), then one each.
    assert motions(section) == ["V5", "V4", "V3", "V2", "V1"]
    v4 = rows(section)[1]
    breakers = Ballot.objects.filter(vote=votes[3], faction=osdp(), option__in=["yes", "no"])
    assert {str(b.deputy.uuid) for b in breakers} == set(
        re.findall(r"/en/deputies/([0-9a-f-]{36})/", v4)
    )
    # Neither V5 (2-2) nor V4 (abstain 2 of 4) had a majority; V3 had one.
    assert "no majority" in rows(section)[0] and "no majority" in rows(section)[1]
    assert "no majority" not in rows(section)[2]


def test_faction_bad_date_and_unknown_faction(client, parliament):
    html = html_of(client.get("/en/factions/majilis-viii-osdp/", {"date": "soon"}))
    assert "“soon” is not a date" in html
    assert client.get("/en/factions/majilis-viii-nobody/").status_code == 404
    assert client.get("/en/factions/senate-viii-amanat/").status_code == 404


def test_faction_query_count_is_constant(client, hand_record, django_assert_num_queries):
    # 1 faction with party, chamber and convocation, 2 members on the date, 3 the votes'
    # latest change, 4 the faction's counts per vote (kept until a vote changes), 5 the top
    # votes with their bills, 6 the ballots of those who broke ranks, 7 the demo-data flag.
    with django_assert_num_queries(7):
        client.get("/en/factions/majilis-viii-osdp/")
    with django_assert_num_queries(6):
        client.get("/en/factions/majilis-viii-osdp/")
    _, votes = hand_record
    bill = votes[0].bill
    extra = Vote.objects.bulk_create(
        Vote(
            bill=bill,
            body="majilis",
            date=D(2024, 5, 1) + datetime.timedelta(days=n),
            motion=f"extra {n}",
            stage="majilis_committee",
            rule="simple",
            result="no_quorum",
        )
        for n in range(40)
    )
    members = osdp_members()
    Ballot.objects.bulk_create(
        Ballot(vote=v, deputy=d, chamber=majilis(), option=("yes", "no")[i % 2], faction=osdp())
        for v in extra
        for i, d in enumerate(members)
    )
    Vote.objects.filter(pk__in=[v.pk for v in extra]).update(updated_at=timezone.now())
    with django_assert_num_queries(7):
        html = client.get("/en/factions/majilis-viii-osdp/").content.decode()
    assert "extra 39" in html  # the new votes counted: they split the faction


def test_faction_without_breaks_needs_fewer_queries(client, parliament, django_assert_num_queries):
    # No vote split the faction: no top votes to load.
    with django_assert_num_queries(5):
        client.get("/en/factions/majilis-viii-amanat/")


def test_committee_membership_links_back(client, parliament):
    row = CommitteeMembership.objects.filter(role="chair").select_related("mandate__deputy").first()
    html = html_of(client.get(f"/en/deputies/{row.mandate.deputy.uuid}/"))
    public_id = (
        Committee.objects.select_related("chamber", "convocation")
        .get(pk=row.committee_id)
        .public_id
    )
    assert f'href="/en/committees/{public_id}/' in html
    assert ">Chair</td>" in html


def test_senators_are_not_listed_as_outside_factions(client, parliament):
    html = html_of(client.get("/en/deputies/", {"chamber": "senate"}))
    assert "Not in a faction</td>" not in html
    assert '<td data-label="Faction">—</td>' in html
