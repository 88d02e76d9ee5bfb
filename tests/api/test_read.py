"""The read API: shapes and ids, filters (checked: a bad one is a 400 naming it), include=,
CSV, pagination, and the number of queries each endpoint takes whatever the number of rows."""

import csv
import datetime
import io

import pytest
from django.utils import timezone
from django.utils.http import http_date

from bills.models import Ballot, Bill, Vote
from deputies.models import Deputy, Mandate
from tests.api.conftest import DAY, START, SUMMARY, TITLE

V1 = "/api/v1/"


def get(client, url, expect=200, **params):
    response = client.get(f"{V1}{url}", params)
    assert response.status_code == expect, response.content[:500]
    return response.json()


def error_fields(client, url, **params) -> dict:
    body = get(client, url, 400, **params)
    assert body["error"]["code"] == "invalid"
    assert body["error"]["message"]
    return body["error"]["fields"]


def body(response) -> str:
    """The text of a whole answer, streamed (a whole CSV list) or not."""
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def table(response) -> list[dict]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(body(response))))


# --- Shapes and ids -----------------------------------------------------------------------------


def test_a_bill_in_the_list(api, make_bills):
    (bill,) = make_bills(1)
    body = get(api, "bills/")
    assert body["pagination"] == {"page": 1, "per_page": 50, "total_items": 1, "max_page": 1}
    (item,) = body["results"]
    assert item["id"] == str(bill.uuid)
    assert item["ocd_id"] == f"ocd-bill/{bill.uuid}"
    assert item["number"] == bill.number
    assert item["title"] == TITLE
    assert item["summary"] == SUMMARY
    assert (item["kind"], item["initiator_type"], item["stage"]) == (
        "law",
        "deputies",
        "majilis_second_reading",
    )
    assert [i["ocd_id"].split("/")[0] for i in item["initiators"]] == ["ocd-person"] * 2
    assert set(item["initiators"][0]["name"]) == {"kk", "ru", "en"}
    assert item["lead_committee"]["id"] == "majilis-viii-legislation"
    assert item["lead_committee"]["ocd_id"] == "ocd-organization/majilis-viii-legislation"
    assert [c["id"] for c in item["co_committees"]] == ["majilis-viii-finance"]
    assert "actions" not in item and "votes" not in item


def test_include_expands_related_data(api, make_bills):
    make_bills(1)
    (item,) = get(api, "bills/", include="actions,votes,documents")["results"]
    assert [a["action"] for a in item["actions"]] == [
        "introduced",
        "referred",
        "first_reading_approved",
    ]
    (vote,) = item["votes"]
    assert item["actions"][2]["votes"] == [vote["id"]]
    assert item["actions"][1]["committees"] == ["majilis-viii-legislation", "majilis-viii-finance"]
    assert (vote["rule"], vote["threshold"], vote["result"]) == ("simple", 50, "passed")
    assert item["documents"] == [
        {
            "language": "kk",
            "stage": "majilis_committee",
            "title": "Заң жобасы",
            "date": "2024-05-06",
            "url": "https://example.org/bill.pdf",
        }
    ]


def test_the_bill_page_matches_the_list_with_everything_included(api, make_bills):
    (bill,) = make_bills(1)
    (listed,) = get(api, "bills/", include="actions,votes,documents")["results"]
    detail = get(api, f"bills/{bill.uuid}/")
    assert set(detail["status"]) == {"next_step", "deadline", "allowed_actions"}
    assert {k: v for k, v in detail.items() if k != "status"} == listed


def test_a_vote_has_tallies_per_chamber_and_faction(api, make_bills):
    make_bills(1)
    vote = Vote.objects.get()
    body = get(api, f"votes/{vote.uuid}/", include="ballots")
    assert body["ocd_id"] == f"ocd-vote/{vote.uuid}"
    assert body["bill"]["title"] == TITLE
    (tally,) = body["tallies"]
    assert (tally["chamber"], tally["yes"], tally["no"], tally["threshold"]) == (
        "majilis",
        60,
        38,
        50,
    )
    assert sum(f["yes"] + f["no"] + f["abstain"] + f["absent"] for f in body["factions"]) == 98
    named = [f["faction"] for f in body["factions"] if f["faction"]]
    assert all(f["ocd_id"] == f"ocd-organization/{f['id']}" for f in named)
    assert len(body["ballots"]) == 98
    assert {b["option"] for b in body["ballots"]} == {"yes", "no"}
    assert get(api, "votes/")["results"][0] == {k: v for k, v in body.items() if k != "ballots"}


def test_ballots_of_a_vote_and_of_a_deputy(api, make_bills):
    make_bills(2)
    vote = Vote.objects.first()
    ballots = get(api, f"votes/{vote.uuid}/ballots/", per_page=500)["results"]
    assert len(ballots) == 98
    names = [b["deputy"]["name"]["kk"] for b in ballots]
    assert names == sorted(names, key=lambda n: n.split()[0]) or len(set(names)) == 98
    deputy = Deputy.objects.get(uuid=ballots[0]["deputy"]["id"])
    record = get(api, f"deputies/{deputy.uuid}/ballots/")["results"]
    assert len(record) == 2
    assert {r["vote"]["id"] for r in record} == {str(v.uuid) for v in Vote.objects.all()}
    assert record[0]["deputy"]["id"] == str(deputy.uuid)
    assert record[0]["vote"]["bill"]["number"]


def test_deputies_with_their_mandate_faction_and_committees(api, parliament):
    serving = Mandate.objects.serving_on(START, "majilis").select_related("deputy").first()
    body = get(api, "deputies/", serving_on=START.isoformat(), chamber="majilis", per_page=500)
    assert body["pagination"]["total_items"] == 98
    item = next(d for d in body["results"] if d["id"] == str(serving.deputy.uuid))
    assert item["ocd_id"] == f"ocd-person/{serving.deputy.uuid}"
    assert item["current"]["on"] == START.isoformat()
    assert item["current"]["mandate"]["chamber"] == "majilis"
    assert item["current"]["mandate"]["convocation"] == "VIII"
    detail = get(api, f"deputies/{serving.deputy.uuid}/", serving_on=START.isoformat())
    assert detail["current"] == item["current"]
    assert detail["mandates"][0]["chamber"] == "majilis"
    with_history = get(api, "deputies/", include="mandates", per_page=1)["results"][0]
    assert "mandates" in with_history


def test_reference_data(api, parliament):
    factions = get(api, "factions/", chamber="majilis", convocation="VIII")["results"]
    assert factions and all(f["id"].startswith("majilis-viii-") for f in factions)
    assert get(api, f"factions/{factions[0]['id']}/") == factions[0]
    committees = get(api, "committees/", chamber="senate", convocation="VIII")["results"]
    assert committees and all(c["chamber"] == "senate" for c in committees)
    assert get(api, f"committees/{committees[0]['id']}/") == committees[0]
    chambers = get(api, "chambers/", seats_on="2024-05-06")["results"]
    assert [(c["id"], c["seats"]) for c in chambers] == [("majilis", 98), ("senate", 50)]
    assert get(api, "chambers/senate/", seats_on="2024-05-06")["seats"] == 50
    convocations = get(api, "convocations/")["results"]
    assert convocations[-1]["id"] == "VIII"
    assert get(api, "convocations/VIII/")["ocd_id"] == "ocd-session/parliament-viii"
    for path in ("factions/majilis-viii-nope/", "committees/x/", "chambers/kurultai/"):
        assert get(api, path, 404)["error"]["code"] == "not_found"


# --- Filters ------------------------------------------------------------------------------------


def ids_of(body) -> set[str]:
    return {item["id"] for item in body["results"]}


def test_bill_filters(api, make_bills, new_bill):
    walked = make_bills(2)
    fresh = new_bill(kind="code", on=START + 10 * DAY)
    all_ids = {str(b.uuid) for b in [*walked, fresh]}
    walked_ids = {str(b.uuid) for b in walked}
    assert ids_of(get(api, "bills/")) == all_ids
    assert ids_of(get(api, "bills/", stage="majilis_second_reading")) == walked_ids
    assert ids_of(get(api, "bills/", stage="registered,majilis_second_reading")) == all_ids
    assert ids_of(get(api, "bills/", kind="code")) == {str(fresh.uuid)}
    assert ids_of(get(api, "bills/", initiator_type="government")) == {str(fresh.uuid)}
    initiator = walked[0].initiators.first()
    assert ids_of(get(api, "bills/", initiator=str(initiator.uuid))) == walked_ids
    assert ids_of(get(api, "bills/", committee="majilis-viii-finance")) == walked_ids
    assert ids_of(get(api, "bills/", lead_committee="majilis-viii-finance")) == set()
    assert ids_of(get(api, "bills/", convocation="VIII")) == all_ids
    assert ids_of(get(api, "bills/", convocation="VII")) == set()
    assert ids_of(get(api, "bills/", registered_from="2024-05-07")) == {str(fresh.uuid)}
    assert ids_of(get(api, "bills/", registered_to="2024-05-06")) == walked_ids
    assert ids_of(get(api, "bills/", q="тестовый")) == all_ids
    assert ids_of(get(api, "bills/", q="налогах")) == walked_ids
    assert ids_of(get(api, "bills/", priority="false")) == all_ids
    ordered = get(api, "bills/", ordering="registered_on")["results"]
    assert ordered[-1]["id"] == str(fresh.uuid)
    assert get(api, "bills/")["results"][0]["id"] == str(fresh.uuid)


def test_updated_since(api, make_bills):
    first, second = make_bills(2)
    Bill.objects.filter(pk=first.pk).update(updated_at=timezone.now() - datetime.timedelta(days=2))
    since = (timezone.localtime() - datetime.timedelta(days=1)).isoformat(timespec="seconds")
    assert ids_of(get(api, "bills/", updated_since=since)) == {str(second.uuid)}
    assert ids_of(get(api, "bills/", updated_since=timezone.localdate().isoformat())) == {
        str(second.uuid)
    }
    assert len(get(api, "votes/", updated_since=since)["results"]) == 2
    vote = Vote.objects.first()
    assert get(api, f"votes/{vote.uuid}/ballots/", updated_since="2999-01-01")["results"] == []
    actions = get(api, f"bills/{second.uuid}/actions/", updated_since=since)["results"]
    assert [a["sequence"] for a in actions] == [1, 2, 3]


def test_vote_filters(api, make_bills):
    walked = make_bills(2)
    votes = {str(v.uuid) for v in Vote.objects.all()}
    assert ids_of(get(api, "votes/", chamber="majilis")) == votes
    assert ids_of(get(api, "votes/", chamber="senate,joint")) == set()
    assert ids_of(get(api, "votes/", date_from="2024-05-07", date_to="2024-05-07")) == votes
    assert ids_of(get(api, "votes/", date_to="2024-05-06")) == set()
    bill_votes = get(api, "votes/", bill=str(walked[0].uuid))["results"]
    assert [v["bill"]["id"] for v in bill_votes] == [str(walked[0].uuid)]
    assert ids_of(get(api, "votes/", result="passed")) == votes
    assert ids_of(get(api, "votes/", result="failed,no_quorum")) == set()
    assert ids_of(get(api, "votes/", motion="MAJILIS_COMMITTEE")) == votes
    assert ids_of(get(api, "votes/", motion="second reading")) == set()


def test_ballot_filters(api, make_bills):
    make_bills(1)
    vote = Vote.objects.get()
    url = f"votes/{vote.uuid}/ballots/"
    assert get(api, url, option="no")["pagination"]["total_items"] == 38
    faction = Ballot.objects.exclude(faction=None).select_related("faction").first().faction
    in_faction = Ballot.objects.filter(faction=faction).count()
    body = get(api, url, faction=faction.public_id)
    assert body["pagination"]["total_items"] == in_faction
    none = get(api, url, faction="none")["pagination"]["total_items"]
    assert none == Ballot.objects.filter(faction=None).count()
    assert get(api, url, date_from="2024-05-08")["results"] == []
    deputy = Ballot.objects.filter(option="yes").first().deputy
    record = f"deputies/{deputy.uuid}/ballots/"
    assert get(api, record, option="yes")["pagination"]["total_items"] == 1
    assert get(api, record, option="no")["pagination"]["total_items"] == 0


def test_deputy_filters(api, parliament):
    on = START.isoformat()
    senators = get(api, "deputies/", serving_on=on, chamber="senate", per_page=500)
    assert senators["pagination"]["total_items"] == 50
    assert {d["current"]["mandate"]["chamber"] for d in senators["results"]} == {"senate"}
    faction = get(api, "factions/", chamber="majilis")["results"][0]
    members = get(api, "deputies/", faction=faction["id"], serving_on=on, per_page=500)
    assert members["results"]
    assert {d["current"]["faction"]["id"] for d in members["results"]} == {faction["id"]}
    members = get(api, "deputies/", committee="majilis-viii-finance", per_page=500)
    for deputy in members["results"]:
        assert "majilis-viii-finance" in {
            c["committee"]["id"] for c in deputy["current"]["committees"]
        }
    assert get(api, "deputies/", serving_on="1990-01-01")["results"] == []
    names = [d["last_name"]["kk"] for d in get(api, "deputies/", per_page=500)["results"]]
    assert names == sorted(names)


# --- Errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "params", "field"),
    [
        ("bills/", {"colour": "red"}, "colour"),
        ("bills/", {"stage": "nowhere"}, "stage"),
        ("bills/", {"stage": "registered,"}, "stage"),
        ("bills/", {"registered_from": "06.05.2024"}, "registered_from"),
        ("bills/", {"registered_from": "2024-02-30"}, "registered_from"),
        ("bills/", {"updated_since": "yesterday"}, "updated_since"),
        ("bills/", {"initiator": "42"}, "initiator"),
        ("bills/", {"committee": "majilis-viii-nope"}, "committee"),
        ("bills/", {"priority": "yes"}, "priority"),
        ("bills/", {"ordering": "title"}, "ordering"),
        ("bills/", {"page": "0"}, "page"),
        ("bills/", {"page": "2"}, "page"),
        ("bills/", {"per_page": "501"}, "per_page"),
        ("bills/", {"per_page": "ten"}, "per_page"),
        ("bills/", {"include": "ballots"}, "include"),
        ("bills/", {"format": "xml"}, "format"),
        ("bills/", {"q": ""}, "q"),
        ("bills/", {"format": "csv", "include": "votes"}, "include"),
        ("votes/", {"chamber": "kurultai"}, "chamber"),
        ("votes/", {"bill": "not-a-uuid"}, "bill"),
        ("deputies/", {"serving_on": "2024"}, "serving_on"),
        ("deputies/", {"faction": "majilis-viii-nope"}, "faction"),
        ("deputies/", {"updated_since": "2024-01-01"}, "updated_since"),
        ("factions/", {"updated_since": "2024-01-01"}, "updated_since"),
        ("chambers/majilis/", {"seats_on": "tomorrow"}, "seats_on"),
        ("convocations/", {"legislature": "senate"}, "legislature"),
    ],
)
def test_bad_parameters_are_400_naming_them(api, parliament, url, params, field):
    assert list(error_fields(api, url, **params)) == [field]


def test_a_repeated_parameter_is_refused(api, db):
    response = api.get(f"{V1}bills/?stage=registered&stage=signed")
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["stage"]


def test_errors_are_json_even_for_csv(api, db):
    response = api.get(f"{V1}bills/", {"format": "csv", "stage": "x"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["fields"] == {
        "stage": [response.json()["error"]["fields"]["stage"][0]]
    }


def test_unknown_objects_are_404(api, db):
    for path in (
        "votes/00000000-0000-0000-0000-000000000000/ballots/",
        "deputies/00000000-0000-0000-0000-000000000000/",
        "deputies/00000000-0000-0000-0000-000000000000/ballots/",
        "bills/00000000-0000-0000-0000-000000000000/actions/",
    ):
        assert get(api, path, 404)["error"]["code"] == "not_found"


# --- CSV ----------------------------------------------------------------------------------------


def test_bills_as_csv(api, make_bills, new_bill):
    make_bills(1)
    new_bill(kind="code", on=START + DAY)
    rows = table(api.get(f"{V1}bills/", {"format": "csv", "kind": "law"}))
    (row,) = rows
    assert (row["title_kk"], row["title_ru"], row["title_en"]) == (
        TITLE["kk"],
        TITLE["ru"],
        TITLE["en"],
    )
    assert row["co_committees"] == "majilis-viii-finance"
    assert len(row["initiators"].split(";")) == 2
    assert row["priority"] == "false"


def test_a_whole_list_as_csv_is_streamed_and_revalidated_by_date(api, make_bills):
    make_bills(3)
    whole = api.get(f"{V1}bills/", {"format": "csv"})
    assert whole.streaming  # written as it is sent
    assert len(table(whole)) == 3
    again = api.get(f"{V1}bills/", {"format": "csv"}, HTTP_IF_MODIFIED_SINCE=whole["Last-Modified"])
    assert again.status_code == 304
    page = api.get(f"{V1}bills/", {"format": "csv", "per_page": 2})
    assert not page.streaming and len(table(page)) == 2


def test_a_vote_roll_call_and_a_deputy_record_as_csv(api, make_bills):
    make_bills(2)
    vote = Vote.objects.first()
    rows = table(api.get(f"{V1}votes/{vote.uuid}/ballots/", {"format": "csv"}))
    assert len(rows) == 98  # all of them, not a page
    assert {"deputy", "name_kk", "name_ru", "name_en", "option", "faction", "bill_number"} <= set(
        rows[0]
    )
    assert (
        len(table(api.get(f"{V1}votes/{vote.uuid}/ballots/", {"format": "csv", "option": "no"})))
        == 38
    )
    deputy = rows[0]["deputy"]
    record = table(api.get(f"{V1}deputies/{deputy}/ballots/", {"format": "csv"}))
    assert len(record) == 2
    paged = table(api.get(f"{V1}votes/{vote.uuid}/ballots/", {"format": "csv", "per_page": 10}))
    assert len(paged) == 10


@pytest.mark.parametrize(
    "url",
    [
        "votes/",
        "factions/",
        "committees/",
        "chambers/",
        "convocations/",
        "deputies/",
        "reports/",
        "downloads/",
    ],
)
def test_every_list_answers_csv(api, make_bills, url):
    make_bills(1)
    response = api.get(f"{V1}{url}", {"format": "csv"})
    assert response.status_code == 200
    assert body(response).splitlines()[0]


# --- Query counts -------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 3])
def test_bill_queries_do_not_grow_with_rows(api, make_bills, django_assert_num_queries, count):
    make_bills(count)
    # the table's latest updated_at (Last-Modified), the count, the page, the initiators'
    # and co-committees' ids; the process reads committees, convocations and deputies once
    with django_assert_num_queries(7):
        get(api, "bills/")
    # the count is kept while the table does not change
    with django_assert_num_queries(3):
        get(api, "bills/")
    # + events, their committees' and votes' ids; votes, tallies, faction counts, factions;
    # documents
    with django_assert_num_queries(10):
        get(api, "bills/", include="actions,votes,documents")
    # latest updated_at, one chunk of rows, the initiators' and co-committees' ids
    with django_assert_num_queries(3):
        body(api.get(f"{V1}bills/", {"format": "csv"}))
    bill = Bill.objects.first()
    # the bill, initiators' and co-committees' ids, events, their committees' and votes'
    # ids, votes, tallies, faction counts, factions, documents, seats (for the status)
    with django_assert_num_queries(10):
        get(api, f"bills/{bill.uuid}/")
    # the bill, count, page, the events' committees' and votes' ids
    with django_assert_num_queries(4):
        get(api, f"bills/{bill.uuid}/actions/")


@pytest.mark.parametrize("count", [1, 3])
def test_vote_queries_do_not_grow_with_rows(api, make_bills, django_assert_num_queries, count):
    make_bills(count)
    # the table's latest updated_at, the count, the page, tallies, faction counts, factions
    with django_assert_num_queries(6):
        get(api, "votes/")
    # + every ballot (the count is kept while the table does not change)
    with django_assert_num_queries(6):
        get(api, "votes/", include="ballots")
    vote = Vote.objects.first()
    # the vote, tallies, faction counts, factions (+ ballots)
    with django_assert_num_queries(4):
        get(api, f"votes/{vote.uuid}/")
    with django_assert_num_queries(5):
        get(api, f"votes/{vote.uuid}/", include="ballots")
    # the vote, count, page (ballots with deputy, faction, vote and bill joined)
    with django_assert_num_queries(3):
        get(api, f"votes/{vote.uuid}/ballots/", per_page=500)
    # the vote, all ballots in one chunk
    with django_assert_num_queries(2):
        body(api.get(f"{V1}votes/{vote.uuid}/ballots/", {"format": "csv"}))
    deputy = Ballot.objects.first().deputy
    # the deputy, their terms, count, page
    with django_assert_num_queries(4):
        get(api, f"deputies/{deputy.uuid}/ballots/")


def test_deputy_and_reference_queries(api, parliament, django_assert_num_queries):
    # count, page, the reference day (latest convocation), the day's mandates, faction and
    # committee memberships
    with django_assert_num_queries(6):
        get(api, "deputies/", per_page=500)
    # + every mandate, faction membership, committee membership and office
    with django_assert_num_queries(10):
        get(api, "deputies/", per_page=500, include="mandates")
    deputy = Deputy.objects.first()
    # the deputy, the reference day, the day's mandate, faction, committees, and history (4)
    with django_assert_num_queries(9):
        get(api, f"deputies/{deputy.uuid}/")
    for url in ("factions/", "committees/", "convocations/", "reports/", "downloads/"):
        with django_assert_num_queries(2):  # count, page
            get(api, url)
    # count, page, the reference day, seats
    with django_assert_num_queries(4):
        get(api, "chambers/")


def test_list_totals_follow_every_change(api, make_bills):
    make_bills(2)
    assert get(api, "bills/")["pagination"]["total_items"] == 2
    withdrawn = get(api, "bills/", stage="withdrawn")["pagination"]["total_items"]
    make_bills(1)
    assert get(api, "bills/")["pagination"]["total_items"] == 3
    # every write bumps updated_at, which the kept totals are checked against
    bill = Bill.objects.exclude(stage="withdrawn").first()
    Bill.objects.filter(pk=bill.pk).update(stage="withdrawn", updated_at=timezone.now())
    assert get(api, "bills/", stage="withdrawn")["pagination"]["total_items"] == withdrawn + 1


def test_list_totals_and_last_modified_follow_a_deletion(api, make_bills):
    first, second = make_bills(2)
    listed = api.get(V1 + "bills/")
    assert listed.json()["pagination"]["total_items"] == 2
    # A deletion leaves no updated_at behind: the history's deletion time stands in for it.
    later = timezone.now() + datetime.timedelta(minutes=5)
    second._history_date = later  # the time the history records the deletion at
    second.delete()
    again = api.get(V1 + "bills/", HTTP_IF_MODIFIED_SINCE=listed["Last-Modified"])
    assert again.status_code == 200
    assert again.json()["pagination"]["total_items"] == 1
    assert again["Last-Modified"] == http_date(later.timestamp())
    votes = get(api, "votes/")["pagination"]["total_items"]
    first.votes.get().delete()
    assert get(api, "votes/")["pagination"]["total_items"] == votes - 1


def test_references_reload_for_unknown_rows_and_after_their_time(make_bills, monkeypatch):
    from chambers.models import Committee
    from parlament.refs import REFERENCES
    from tests.factories import DeputyFactory

    committee = Committee.objects.first()
    before = REFERENCES.committee(committee.pk)["name"]["en"]
    Committee.objects.filter(pk=committee.pk).update(name_en="Renamed")
    assert REFERENCES.committee(committee.pk)["name"]["en"] == before  # kept a while
    monkeypatch.setattr(REFERENCES, "ttl", 0)
    assert REFERENCES.committee(committee.pk)["name"]["en"] == "Renamed"
    monkeypatch.setattr(REFERENCES, "ttl", 3600)
    deputy = DeputyFactory()  # unknown to the references until now
    assert REFERENCES.deputy(deputy.pk)["id"] == deputy.uuid
