import datetime
import random
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.utils import translation

from bills import services
from chambers.models import Convocation
from deputies.demo import seed_composition
from deputies.models import Deputy, Mandate


@pytest.fixture(autouse=True, scope="session")
def _tasks_in_process():
    """Tasks started by the code under test run here and now, even with REDIS_URL set; the
    integration tests start real workers for the broker path."""
    from parlament.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True


@pytest.fixture(autouse=True)
def _fresh_list_totals():
    """Figures kept between requests (list totals and reference rows per process, page
    figures in the cache, which is Redis when REDIS_URL is set): each test starts afresh."""
    from django.core.cache import cache

    from parlament.api import TOTALS
    from parlament.refs import REFERENCES

    TOTALS.clear()
    REFERENCES.clear()
    cache.clear()


@pytest.fixture(autouse=True)
def _kazakh_by_default():
    # Content columns are filled from the active language, as they are in a request.
    with translation.override("kk"):
        yield


# For transactional tests: decided at collection, so a skipped test never flushes the database.
needs_postgresql = pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
    reason="needs PostgreSQL: set DATABASE_URL=postgres://… (CI runs it)",
)


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """seed_demo once for a test module (it takes seconds): each test reads it in its own
    transaction, and the module removes it at the end so other tests start empty."""
    from bills.demo import delete_demo_bills

    with django_db_blocker.unblock(), translation.override("kk"):
        call_command("seed_demo", stdout=StringIO())
    yield
    with django_db_blocker.unblock():
        delete_demo_bills()
        Deputy.objects.filter(is_demo=True).delete()


@pytest.fixture
def postgresql(db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://… (CI runs it)")


@pytest.fixture
def parliament(db):
    """Every seat of the VIII convocation filled (Majilis 98, Senate 50)."""
    seed_composition(rng=random.Random(1), convocation=Convocation.objects.get(number=8))


def roll_call(body: str, on: datetime.date, yes, present=None):
    """Ballots where, in each counted chamber, `yes` deputies vote yes and the rest of the
    `present` vote no; everyone else is absent. For a joint sitting pass (majilis, senate)
    pairs."""
    chambers = ["majilis", "senate"] if body == "joint" else [body]
    yes = yes if isinstance(yes, tuple) else (yes,)
    present = present if isinstance(present, tuple) else (present,) * len(chambers)
    ballots = []
    for chamber, n_yes, n_present in zip(chambers, yes, present, strict=True):
        deputies = list(
            Mandate.objects.serving_on(on, chamber).order_by("pk").values_list("deputy", flat=True)
        )
        n_present = len(deputies) if n_present is None else n_present
        ballots += [(d, "yes") for d in deputies[:n_yes]]
        ballots += [(d, "no") for d in deputies[n_yes:n_present]]
    return ballots


@pytest.fixture
def record():
    """Record a vote on a bill's current stage; returns it."""

    def record(bill, body, on, yes, present=None, motion=None, **kwargs):
        vote, _ = services.vote_record(
            bill=bill,
            body=body,
            date=on,
            motion=motion or f"{bill.stage} {body} {on}",
            ballots=roll_call(body, on, yes, present),
            **kwargs,
        )
        return vote

    return record


@pytest.fixture
def new_bill(parliament):
    def new_bill(kind="law", on=datetime.date(2024, 1, 10), **kwargs):
        return services.bill_create(
            kind=kind,
            initiator_type=kwargs.pop("initiator_type", "government"),
            title={"kk": "Сынақ заңы", "ru": "Тестовый закон", "en": "Test law"},
            registered_on=on,
            **kwargs,
        )

    return new_bill


@pytest.fixture
def clerks(db):
    """alice clerks for the Majilis, bob for the Senate, carol for both."""
    groups = services.ensure_clerk_groups()
    User = get_user_model()
    alice = User.objects.create_user("alice", is_staff=True)
    bob = User.objects.create_user("bob", is_staff=True)
    carol = User.objects.create_user("carol", is_staff=True)
    alice.groups.add(groups["majilis"])
    bob.groups.add(groups["senate"])
    carol.groups.add(groups["majilis"], groups["senate"])
    return alice, bob, carol
