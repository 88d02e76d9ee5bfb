"""The vote page: seating charts, ballots by faction, deputies against their faction's majority,
official totals beside the ballots."""

import re
import uuid
from collections import Counter, defaultdict
from itertools import groupby

import pytest
from django.utils.html import escape

from bills import services
from bills.models import Ballot
from bills.queries import faction_groups
from deputies.models import FactionMembership
from tests.bills.test_services import PATHS, REFER, START, STEP, walk
from tests.conftest import roll_call

M, J = "majilis", "joint"
YES, NO, ABSTAIN = "#2e7d32", "#c62828", "#f2a900"


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def section(html, start, end):
    return html[html.index(start) : html.index(end)]


@pytest.fixture
def referred(new_bill, record):
    return walk(new_bill("law", on=START - STEP), [REFER], record)


@pytest.fixture
def majilis_vote(referred, record):
    return record(referred, M, START + STEP, 60, present=90)


@pytest.fixture
def joint_vote(new_bill, record):
    kind, steps, _ = PATHS["constitutional law at a joint sitting"]
    bill = walk(new_bill(kind, on=START - STEP), steps[:2], record)
    return record(bill, J, START + STEP * 2, (70, 40))


def test_a_majilis_vote_has_98_seats(client, majilis_vote):
    html = page(client, f"/en/votes/{majilis_vote.uuid}/")
    assert html.count('<svg class="hemicycle"') == 1
    assert html.count("<circle") == 98
    assert html.count(f'fill="{YES}"') == 60
    assert html.count(f'fill="{NO}"') == 30
    assert html.count('fill="#9e9e9e"') == 8
    assert "needs 50 of 98 — 60 voted yes — passed" in html


def test_a_joint_sitting_has_one_hemicycle_per_chamber(client, joint_vote):
    html = page(client, f"/en/votes/{joint_vote.uuid}/")
    charts = html.split('<svg class="hemicycle"')[1:]
    assert [chart.count("<circle") for chart in charts] == [98, 50]
    assert html.count("<circle") == 98 + 50
    assert "How each deputy of the Majilis voted" in html
    assert "How each deputy of the Senate voted" in html
    assert "needs 66 of 98 — 70 voted yes — passed" in html
    assert "needs 34 of 50 — 40 voted yes — passed" in html


def test_seats_sit_together_by_faction(client, majilis_vote):
    html = page(client, f"/en/votes/{majilis_vote.uuid}/")
    chart = section(html, '<svg class="hemicycle"', "</svg>")
    labels = re.findall(r"<circle [^>]*><title>([^<]+)</title>", chart)
    factions = [label.split(" — ")[1] for label in labels]
    blocks = [name for name, _ in groupby(factions)]
    assert len(blocks) == len(set(blocks)) == 7  # six factions, then the independents
    assert blocks[0] == "Amanat faction" and blocks[-1] == "not in a faction"


def hand_count(vote):
    counts = defaultdict(Counter)
    for faction, option in Ballot.objects.filter(vote=vote).values_list(
        "faction__name_en", "option"
    ):
        counts[faction or "Not in a faction"][option] += 1
    return counts


def test_faction_totals_equal_a_hand_count(client, majilis_vote):
    html = page(client, f"/en/votes/{majilis_vote.uuid}/")
    table = section(html, 'class="ballots"', "</table>")
    shown = dict(
        re.findall(
            r'<th scope="rowgroup" colspan="2">([^<]+)</th>.*?Faction total</th><td>([^<]+)</td>',
            table,
            flags=re.S,
        )
    )
    expected = {
        escape(
            name
        ): f"{c['yes']} yes, {c['no']} no, {c['abstain']} abstained, {c['absent']} absent"
        for name, c in hand_count(majilis_vote).items()
    }
    assert shown == expected
    assert len(shown) == 7
    assert table.count('<td class="opt opt--') == 98
    assert "98 ballots" in html


def test_bill_page_bars_match_the_hand_count(client, majilis_vote):
    html = page(client, f"/en/bills/{majilis_vote.bill.uuid}/")
    for name, c in hand_count(majilis_vote).items():
        cells = "".join(f'<td class="num">{c[o]}</td>' for o in ("yes", "no", "abstain", "absent"))
        assert re.search(re.escape(escape(name)) + r"</th>\s*" + re.escape(cells), html), name


@pytest.fixture
def split_vote(referred):
    """A hand-made Majilis vote: Amanat votes yes with three exceptions, Respublica mostly no,
    Auyl splits evenly (no majority), the independents vote as they like."""
    on = START + STEP
    members = defaultdict(list)
    for deputy, party in (
        FactionMembership.objects.active_on(on)
        .filter(mandate__chamber__code=M)
        .order_by("mandate__deputy_id")
        .values_list("mandate__deputy_id", "faction__party__code")
    ):
        members[party].append(deputy)
    amanat, respublica, auyl = members["amanat"], members["respublica"], members["auyl"]
    ballots = [(d, "yes") for d in amanat[3:]]
    ballots += [(amanat[0], "no"), (amanat[1], "no"), (amanat[2], "abstain")]
    ballots += [(respublica[0], "yes"), (respublica[1], "abstain")]
    ballots += [(d, "no") for d in respublica[2:]]
    ballots += [(d, "yes") for d in auyl[:3]] + [(d, "no") for d in auyl[3:6]]
    vote, _ = services.vote_record(
        bill=referred, body=M, date=on, motion="hand-made", ballots=ballots
    )
    against = [amanat[0], amanat[1], amanat[2], respublica[0], respublica[1]]
    return vote, against


def test_deputies_against_their_factions_majority(client, split_vote):
    vote, against = split_vote
    html = page(client, f"/en/votes/{vote.uuid}/")
    listed = section(html, 'id="dissent-heading"', 'id="ballots-heading"')
    deputies = {b.deputy_id: b.deputy for b in vote.ballots.select_related("deputy")}
    shown = re.findall(r'href="/en/deputies/([0-9a-f-]+)/"', listed)
    assert sorted(shown) == sorted(str(deputies[d].uuid) for d in against)
    assert "Amanat faction: voted “no”, the faction's majority voted “yes”" in listed
    assert "Respublica faction: voted “yes”, the faction's majority voted “no”" in listed
    assert "Auyl" not in listed  # 3 yes, 3 no: no majority


def test_the_roll_call_stores_each_factions_majority(split_vote):
    vote, _against = split_vote
    stored = dict(vote.faction_lines.values_list("faction__party__code", "option"))
    assert stored == {"amanat": "yes", "respublica": "no"}  # Auyl 3-3, the rest absent
    ballots = vote.ballots.select_related("deputy", "chamber", "faction__party")
    shown = {g.faction.party.code: g.line for g in faction_groups(ballots) if g.line}
    assert shown == stored  # the vote page's majorities are the stored lines


def test_no_one_against_the_line(client, referred):
    vote, _ = services.vote_record(
        bill=referred,
        body=M,
        date=START + STEP,
        motion="unanimous",
        ballots=roll_call(M, START + STEP, 98),
    )
    html = page(client, f"/en/votes/{vote.uuid}/")
    assert "Every deputy present voted with the majority of their faction." in html


def test_official_totals_mismatch_is_shown(client, referred, record):
    official = {"yes": 61, "no": 37, "abstain": 0, "absent": 0}
    vote = record(referred, M, START + STEP, 60, official_totals=official, confirm_mismatch=True)
    html = page(client, f"/en/votes/{vote.uuid}/")
    assert (
        "Official totals: 61 yes, 37 no, 0 abstain, 0 absent — the ballots give 60 yes, 38 no, "
        "0 abstain, 0 absent:"
    ) in html
    assert "a difference of 1 (yes), a difference of 1 (no)." in html
    assert '<tr class="differs"><th scope="row">Yes</th><td class="num">61</td>' in html
    bill_page = page(client, f"/en/bills/{referred.uuid}/")
    assert "The official totals differ from the individual ballots." in bill_page


def test_matching_official_totals(client, referred, record):
    official = {"yes": 60, "no": 38, "abstain": 0, "absent": 0}
    vote = record(referred, M, START + STEP, 60, official_totals=official)
    html = page(client, f"/en/votes/{vote.uuid}/")
    assert "the individual ballots agree" in html
    assert "differs" not in html


def test_vote_page_in_russian_links_its_bill_and_step(client, new_bill, record):
    bill = walk(new_bill("law", on=START - STEP), PATHS["adopted in one reading"][1][:2], record)
    vote = bill.votes.get()
    html = page(client, f"/ru/votes/{vote.uuid}/")
    assert f'href="/ru/bills/{bill.uuid}/"' in html
    assert "Тестовый закон" in html
    assert f'href="/ru/bills/{bill.uuid}/#event-3">Принят Мажилисом</a>' in html
    assert "<caption>" in html and "<script" not in html and "style=" not in html


def test_unknown_vote_is_404(client, parliament):
    assert client.get(f"/en/votes/{uuid.uuid4()}/").status_code == 404


def test_vote_page_query_count_does_not_grow_with_ballots(
    client, majilis_vote, joint_vote, django_assert_num_queries
):
    # 1 the vote with its bill; 2 its tallies with the chamber; 3 the events it backs;
    # 4 every ballot with its deputy, chamber and faction; 5 the demo-data flag.
    with django_assert_num_queries(5):
        client.get(f"/en/votes/{majilis_vote.uuid}/")
    with django_assert_num_queries(5):  # 148 ballots instead of 98
        client.get(f"/en/votes/{joint_vote.uuid}/")
