"""Random sequences of actions and votes through the services never leave the procedure,
and two clerks acting on one bill at once cannot both succeed."""

import contextlib
import datetime
import random
import threading

import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bills import procedure as P
from bills import services
from bills.models import Bill, Tally
from bills.services import DomainError
from chambers.models import Convocation
from deputies.demo import seed_composition
from tests.conftest import needs_postgresql, roll_call

START = datetime.date(2024, 5, 6)
SEATS = {"majilis": 98, "senate": 50}


def draw_vote(data, bill, body, on):
    """A roll call with random turnout and support, sometimes below quorum."""
    chambers = ["majilis", "senate"] if body == "joint" else [body]
    yes, present = [], []
    for chamber in chambers:
        n_present = data.draw(st.integers(SEATS[chamber] // 2, SEATS[chamber]))
        present.append(n_present)
        yes.append(data.draw(st.integers(0, n_present)))
    vote, _ = services.vote_record(
        bill=bill,
        body=body,
        date=on,
        motion=f"motion {on} {body}",
        ballots=roll_call(body, on, tuple(yes), tuple(present)),
    )
    return vote


@pytest.mark.django_db
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_sequences_stay_within_the_procedure(parliament, data):
    with transaction.atomic():
        kind = data.draw(st.sampled_from(list(P.Kind)))
        bill = services.bill_create(
            kind=kind,
            initiator_type="government",
            title={"kk": "Заң", "ru": "Закон"},
            registered_on=START,
        )
        committee = bill.convocation.committees.filter(chamber__code="majilis").first().pk
        on = START
        for _ in range(data.draw(st.integers(1, 14))):
            on += datetime.timedelta(days=data.draw(st.integers(0, 5)))
            state = services.bill_state(bill)
            allowed = [t.action for t in P.allowed_actions(state, on)]
            anything = data.draw(st.booleans()) or not allowed
            action = data.draw(st.sampled_from(list(P.Action) if anything else allowed))
            bodies = []
            try:
                t = P.transition(state, action, on)
                bodies = [req.body.value for req in t.votes]
            except P.ProcedureError:
                pass
            votes = []
            for body in bodies:
                with contextlib.suppress(DomainError):
                    votes.append(draw_vote(data, bill, body, on).pk)
            before = (bill.stage, bill.version, bill.events.count())
            try:
                services.bill_apply_action(
                    bill=bill,
                    action=action,
                    date=on,
                    votes=votes,
                    committees=[committee] if action == "referred" else [],
                    variant=data.draw(st.sampled_from(P.VARIANTS.get(action, (None,)))),
                )
            except DomainError:
                bill.refresh_from_db()
                assert (bill.stage, bill.version, bill.events.count()) == before
                continue
            bill.refresh_from_db()
            target = P.transition(state, action, on).targets(P.Stage(before[0]))
            assert bill.stage in target
            assert before[0] not in P.FINAL_STAGES or action == "entered_into_force"
        for tally in Tally.objects.filter(vote__bill=bill):
            present = tally.yes + tally.no + tally.abstain
            if tally.result == "passed":
                assert tally.yes >= tally.threshold and present >= tally.quorum
            assert tally.threshold == P.threshold(P.Rule(tally.vote.rule), tally.seats)
        for event in bill.events.prefetch_related("votes"):
            for vote in event.votes.all():
                assert vote.bill_id == bill.pk
        transaction.set_rollback(True)


@needs_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_clerks_moving_one_bill_at_once():
    seed_composition(rng=random.Random(1), convocation=Convocation.objects.get(number=8))
    bill = services.bill_create(
        kind="law", initiator_type="government", title={"kk": "Заң", "ru": "Закон"},
        registered_on=START,
    )  # fmt: skip
    committee = bill.convocation.committees.filter(chamber__code="majilis").first().pk
    barrier = threading.Barrier(2)
    outcomes = []

    def clerk():
        try:
            barrier.wait()
            services.bill_apply_action(
                bill=bill, action="referred", date=START, committees=[committee]
            )
            outcomes.append("ok")
        except DomainError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=clerk) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["action_not_allowed", "ok"]
    bill.refresh_from_db()
    assert bill.stage == "majilis_committee"
    assert bill.events.count() == 2
    assert Bill.objects.get(pk=bill.pk).version == 2
