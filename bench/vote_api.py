"""Time to record a 98-ballot Majilis roll call through POST /api/v1/votes/, beside a raw
baseline (the same vote, tally and ballot rows written with plain SQL) in the same run.

    DATABASE_URL=postgres://… .venv/bin/python bench/vote_api.py [--rounds 30]

Runs in a throw-away test database (test_<name>); prints a table and writes JSON to
bench-results/vote_api.json.
"""

import argparse
import datetime
import json
import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parlament.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import translation  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from bills.sql import faction_lines  # noqa: E402

ON = datetime.date(2024, 5, 6)


def prepare(rounds: int):
    from django.contrib.auth import get_user_model

    from bills import services
    from chambers.models import Committee, Convocation
    from deputies.demo import seed_composition
    from deputies.models import Mandate

    with translation.override("kk"):
        seed_composition(rng=random.Random(1), convocation=Convocation.objects.get(number=8))
    committee = Committee.objects.filter(chamber__code="majilis").first()
    bills = []
    for _ in range(rounds * 2 + 1):
        bill = services.bill_create(
            kind="law",
            initiator_type="government",
            title={"kk": "Заң", "ru": "Закон"},
            registered_on=ON,
        )
        services.bill_apply_action(bill=bill, action="referred", date=ON, committees=[committee.pk])
        bills.append(bill)
    deputies = list(
        Mandate.objects.serving_on(ON, "majilis").values_list("deputy__uuid", "deputy_id")
    )
    clerk = get_user_model().objects.create_superuser("bench", password=None)
    return bills, deputies, Token.objects.create(user=clerk).key


def ballots(deputies, rng):
    options = ["yes"] * 70 + ["no"] * 15 + ["abstain"] * 5 + ["absent"] * 8
    rng.shuffle(options)
    return list(zip(deputies, options, strict=True))


def api_round(client, bill, deputies, rng):
    payload = {
        "chamber": "majilis",
        "date": ON.isoformat(),
        "bill": str(bill.uuid),
        "motion": "first reading",
        "ballots": [{"deputy": str(u), "option": o} for (u, _), o in ballots(deputies, rng)],
    }
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.post("/api/v1/votes/", payload, format="json")
        elapsed = time.perf_counter() - started
    assert response.status_code == 201, response.content
    return elapsed, len(queries)


def raw_round(bill, deputies, rng, majilis_id):
    """The least a database must do for the same vote: one vote, one tally, 98 ballots."""
    rows = ballots(deputies, rng)
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bills_vote (uuid, bill_id, body, date, motion, stage, rule, result, "
            "totals_mismatch, version, created_at, updated_at) VALUES "
            "(%s, %s, 'majilis', %s, 'raw', %s, 'simple', 'passed', false, 1, %s, %s)",
            [
                uuid.uuid4().hex if connection.vendor == "sqlite" else str(uuid.uuid4()),
                bill.pk,
                ON,
                bill.stage,
                datetime.datetime.now(datetime.UTC),
                datetime.datetime.now(datetime.UTC),
            ],
        )
        cursor.execute("SELECT max(id) FROM bills_vote")
        vote_id = cursor.fetchone()[0]
        cursor.execute(
            "INSERT INTO bills_tally (vote_id, chamber_id, seats, threshold, quorum, yes, no, "
            "abstain, absent, result) VALUES (%s, %s, 98, 50, 66, 70, 15, 5, 8, 'passed')",
            [vote_id, majilis_id],
        )
        cursor.executemany(
            "INSERT INTO bills_ballot (vote_id, deputy_id, chamber_id, option, faction_id) "
            "VALUES (%s, %s, %s, %s, NULL)",
            [(vote_id, pk, majilis_id, option) for (_, pk), option in rows],
        )
        # The faction lines, as the services store them with every roll call.
        cursor.execute(
            f'INSERT INTO bills_factionline (vote_id, faction_id, "option") '
            f"{faction_lines('b.vote_id = %s')}",
            [vote_id],
        )
    return time.perf_counter() - started


def summary(samples_s):
    ms = sorted(s * 1000 for s in samples_s)
    return {
        "median_ms": round(statistics.median(ms), 2),
        "p95_ms": round(ms[max(0, int(len(ms) * 0.95) - 1)], 2),
        "max_ms": round(ms[-1], 2),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()

    from chambers.models import Chamber

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        bills, deputies, token = prepare(args.rounds)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        rng = random.Random(7)
        majilis_id = Chamber.objects.get(code="majilis").pk
        api_round(client, bills[-1], deputies, rng)  # warm-up
        api, raw, queries = [], [], set()
        for bill_api, bill_raw in zip(bills[: args.rounds], bills[args.rounds : -1], strict=False):
            elapsed, n = api_round(client, bill_api, deputies, rng)
            api.append(elapsed)
            queries.add(n)
            raw.append(raw_round(bill_raw, deputies, rng, majilis_id))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    result = {
        "database": connection.vendor,
        "rounds": len(api),
        "ballots": 98,
        "api": summary(api) | {"queries": sorted(queries)},
        "raw_sql": summary(raw),
    }
    result["ratio_median"] = round(result["api"]["median_ms"] / result["raw_sql"]["median_ms"], 2)
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    (out / "vote_api.json").write_text(json.dumps(result, indent=2))
    print(f"98-ballot roll call, {result['rounds']} rounds on {result['database']}")
    print(f"{'':14}{'median ms':>10}{'p95 ms':>10}{'max ms':>10}")
    for name in ("api", "raw_sql"):
        row = result[name]
        print(f"{name:14}{row['median_ms']:>10}{row['p95_ms']:>10}{row['max_ms']:>10}")
    print(
        f"queries per API request: {result['api']['queries']}; "
        f"API / raw median: {result['ratio_median']}"
    )


if __name__ == "__main__":
    main()
