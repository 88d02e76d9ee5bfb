"""The write API for clerks and the e-voting system: every A6 path, and errors that change
nothing (400 malformed, 401/403 who, 409 procedure)."""

import datetime
import uuid

import pytest

from bills.models import Ballot, Bill, BillEvent, Vote
from deputies.models import Deputy, Mandate
from tests.bills.test_services import PATHS, START, STEP
from tests.conftest import roll_call

M, S = "majilis", "senate"
TITLE = {"kk": "Сынақ заңы", "ru": "Тестовый закон", "en": "Test law"}


def uuids(ballots):
    ids = dict(Deputy.objects.values_list("pk", "uuid"))
    return [{"deputy": str(ids[d]), "option": o} for d, o in ballots]


def rows():
    return {m.__name__: m.objects.count() for m in (Bill, BillEvent, Vote, Ballot)}


def post(client, url, body, expect):
    response = client.post(f"/api/v1/{url}", body, format="json")
    assert response.status_code == expect, response.json()
    return response.json()


def create_bill(client, kind="law", on=START - STEP):
    body = {"kind": kind, "initiator_type": "government", "title": TITLE, "registered_on": on}
    return post(client, "bills/", body, 201)


def vote(client, bill, body, on, yes, expect=201, **extra):
    payload = {
        "chamber": body,
        "date": on,
        "bill": bill["id"],
        "motion": f"{bill['stage']} {on}",
        "ballots": uuids(roll_call(body, on, yes)),
        **extra,
    }
    return post(client, "votes/", payload, expect)


@pytest.mark.parametrize(("kind", "steps", "final"), PATHS.values(), ids=PATHS.keys())
def test_every_path_through_the_api(parliament, as_clerk, kind, steps, final):
    _, _, carol = as_clerk  # clerks for both chambers, so joint sittings too
    bill = create_bill(carol, kind)
    assert (bill["stage"], bill["ocd_id"]) == ("registered", f"ocd-bill/{bill['id']}")
    committee = "majilis-viii-legislation"
    on = START
    for action, votes, *variant in steps:
        attached = [vote(carol, bill, body, on, yes)["id"] for body, yes in votes]
        body = {"action": action, "date": on, "votes": attached, "version": bill["version"]}
        if action == "referred":
            body["committees"] = [committee, "majilis-viii-finance"]
        if variant:
            body["variant"] = variant[0]
        if action == "signed":
            body["law_number"] = {"serial": 186, "suffix": "ЗРК"}
        bill = post(carol, f"bills/{bill['id']}/actions/", body, 201)
        on += STEP
    assert bill["stage"] == final
    assert [a["action"] for a in bill["actions"]] == ["introduced", *[s[0] for s in steps]]
    if final == "signed":
        assert bill["law_number"]["text"] == "186-VIII ЗРК"
    if any(s[0] == "referred" for s in steps):
        assert bill["lead_committee"]["id"] == committee
        assert [c["id"] for c in bill["co_committees"]] == ["majilis-viii-finance"]
    detail = carol.get(f"/api/v1/bills/{bill['id']}/").json()
    assert detail == bill


def test_vote_response_carries_rule_threshold_and_tallies(parliament, as_clerk):
    alice = as_clerk[0]
    bill = create_bill(alice)
    bill = post(
        alice,
        f"bills/{bill['id']}/actions/",
        {"action": "referred", "date": START, "committees": ["majilis-viii-finance"]},
        201,
    )
    result = vote(alice, bill, M, START, 61, official_totals={"yes": 61, "no": 37})
    assert (result["rule"], result["threshold"], result["result"]) == ("simple", 50, "passed")
    assert result["tallies"] == [
        {
            "chamber": "majilis",
            "seats": 98,
            "threshold": 50,
            "quorum": 66,
            "yes": 61,
            "no": 37,
            "abstain": 0,
            "absent": 0,
            "result": "passed",
        }
    ]
    assert result["official_totals"] == {"yes": 61, "no": 37, "abstain": None, "absent": None}
    assert not result["totals_mismatch"]


def test_joint_vote_threshold_per_chamber(parliament, as_clerk):
    _, _, carol = as_clerk
    bill = create_bill(carol, "constitutional_law")
    bill = post(
        carol,
        f"bills/{bill['id']}/actions/",
        {"action": "sent_to_joint_sitting", "date": START},
        201,
    )
    result = vote(carol, bill, "joint", START, (80, 40))
    assert result["threshold"] == {"majilis": 66, "senate": 34}
    assert [t["chamber"] for t in result["tallies"]] == ["majilis", "senate"]


def test_reposting_the_same_vote_returns_it(parliament, as_clerk):
    alice, _, _ = as_clerk
    bill = create_bill(alice)
    bill = post(
        alice,
        f"bills/{bill['id']}/actions/",
        {"action": "referred", "date": START, "committees": ["majilis-viii-finance"]},
        201,
    )
    first = vote(alice, bill, M, START, 60)
    again = vote(alice, bill, M, START, 60, expect=200)
    assert again["id"] == first["id"]
    assert Vote.objects.count() == 1


# --- Errors ---------------------------------------------------------------------------------


@pytest.fixture
def referred(parliament, as_clerk):
    alice = as_clerk[0]
    bill = create_bill(alice)
    return post(
        alice,
        f"bills/{bill['id']}/actions/",
        {"action": "referred", "date": START, "committees": ["majilis-viii-finance"]},
        201,
    )


def refused(client, url, body, status, code):
    before = rows()
    response = client.post(f"/api/v1/{url}", body, format="json")
    assert response.status_code == status, response.json()
    error = response.json()["error"]
    assert error["code"] == code
    assert error["message"]
    assert rows() == before
    return error


def test_malformed_input_names_the_field(as_clerk, parliament):
    alice = as_clerk[0]
    body = {
        "kind": "law",
        "initiator_type": "government",
        "title": TITLE,
        "registered_on": "2024-13-01",
    }
    error = refused(alice, "bills/", body, 400, "invalid")
    assert list(error["fields"]) == ["registered_on"]
    error = refused(
        alice, "bills/", {**body, "registered_on": START, "colour": "red"}, 400, "invalid"
    )
    assert list(error["fields"]) == ["colour"]
    error = refused(
        alice,
        "bills/",
        {**body, "registered_on": START, "title": {"en": "x"}},
        400,
        "title_required",
    )
    assert error["field"] == "title"
    error = refused(
        alice, "bills/", {**body, "registered_on": START, "kind": "decree"}, 400, "invalid"
    )
    assert "kind" in error["fields"]


def test_bad_ballots_are_400(referred, as_clerk):
    alice = as_clerk[0]
    ballots = uuids(roll_call(M, START, 60))
    body = {"chamber": M, "date": START, "bill": referred["id"], "motion": "m"}
    error = refused(
        alice, "votes/", {**body, "ballots": [*ballots, ballots[0]]}, 400, "duplicate_ballot"
    )
    assert error["field"] == "ballots"
    senator = Mandate.objects.serving_on(START, S).first().deputy.uuid
    refused(
        alice,
        "votes/",
        {**body, "ballots": [*ballots, {"deputy": str(senator), "option": "yes"}]},
        400,
        "deputy_not_serving",
    )
    refused(
        alice,
        "votes/",
        {**body, "ballots": [{"deputy": str(senator), "option": "maybe"}]},
        400,
        "invalid",
    )
    refused(
        alice,
        "votes/",
        {**body, "ballots": [{"deputy": "0" * 32, "option": "yes"}]},
        400,
        "unknown_deputy",
    )


def test_who_may_write(referred, as_clerk, api, django_user_model):
    bob = as_clerk[1]
    body = {
        "chamber": M,
        "date": START,
        "bill": referred["id"],
        "motion": "m",
        "ballots": uuids(roll_call(M, START, 60)),
    }
    refused(api, "votes/", body, 401, "not_authenticated")
    refused(bob, "votes/", body, 403, "chamber_not_allowed")
    citizen = django_user_model.objects.create_user("dana")
    api.force_authenticate(citizen)
    refused(api, "votes/", body, 403, "permission_denied")
    # Reading needs no account.
    assert api.get(f"/api/v1/bills/{referred['id']}/").status_code == 200


def test_procedure_refusals_are_409_with_the_allowed_actions(referred, as_clerk):
    alice, _, carol = as_clerk
    url = f"bills/{referred['id']}/actions/"
    error = refused(
        carol, url, {"action": "approved_by_senate", "date": START}, 409, "action_not_allowed"
    )
    assert "first_reading_approved" in error["allowed_actions"]
    failed = vote(alice, referred, M, START, 30)
    refused(
        alice,
        url,
        {"action": "first_reading_approved", "date": START, "votes": [failed["id"]]},
        409,
        "vote_result_mismatch",
    )
    refused(
        alice, url, {"action": "committee_report", "date": START, "version": 1}, 409, "conflict"
    )
    refused(
        carol,
        "votes/",
        {
            "chamber": S,
            "date": START,
            "bill": referred["id"],
            "motion": "m",
            "ballots": uuids(roll_call(S, START, 30)),
        },
        409,
        "no_vote_expected",
    )


def test_errors_speak_the_readers_language(referred, as_clerk):
    response = as_clerk[2].post(
        f"/api/v1/bills/{referred['id']}/actions/",
        {"action": "approved_by_senate", "date": START},
        format="json",
        headers={"accept-language": "ru"},
    )
    assert "Допустимо" in response.json()["error"]["message"]


def test_a_98_ballot_vote_takes_a_fixed_number_of_queries(
    referred, as_clerk, django_assert_max_num_queries
):
    alice = as_clerk[0]
    payload = {
        "chamber": M,
        "date": START,
        "bill": referred["id"],
        "motion": "m",
        "ballots": uuids(roll_call(M, START, 70)),
    }
    with django_assert_max_num_queries(40):
        response = alice.post("/api/v1/votes/", payload, format="json")
    assert response.status_code == 201
    assert Ballot.objects.count() == 98


def test_updated_at_moves_when_a_vote_is_recorded(referred, as_clerk):
    before = Bill.objects.get(uuid=referred["id"]).updated_at
    vote(as_clerk[0], referred, M, START, 60)
    assert Bill.objects.get(uuid=referred["id"]).updated_at > before


def test_unknown_ids_and_paths_are_json_404(api, db):
    for path in (f"bills/{uuid.UUID(int=0)}/", f"votes/{uuid.UUID(int=0)}/", "bills/42/", "nope/"):
        response = api.get(f"/api/v1/{path}")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"


def test_reading_dates_as_given(parliament, as_clerk):
    bill = create_bill(as_clerk[0], on=datetime.date(2024, 1, 10))
    assert bill["registered_on"] == "2024-01-10"
