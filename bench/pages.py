"""Median latency and queries of the bill page, the bills list (with and without a search),
the vote page and the deputy page on the demo data, beside a trivial Django view served the
same way in the same run (in-process test client: no network, no server).

    DATABASE_URL=postgres://… .venv/bin/python bench/pages.py [--rounds 50]

Runs in a throw-away test database; prints a table and writes bench-results/pages.json.
"""

import argparse
import json
import os
import statistics
import sys
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parlament.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    override_settings,
    setup_test_environment,
)
from django.urls import path  # noqa: E402

from parlament import urls as site_urls  # noqa: E402


def trivial(request):
    return HttpResponse("ok")


urlpatterns = [path("trivial/", trivial), *site_urls.urlpatterns]


def measure(client, url, rounds):
    client.get(url)  # warm-up
    samples, queries = [], set()
    for _ in range(rounds):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            samples.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
        queries.add(len(captured))
    ms = sorted(s * 1000 for s in samples)
    return {
        "median_ms": round(statistics.median(ms), 2),
        "p95_ms": round(ms[max(0, int(len(ms) * 0.95) - 1)], 2),
        "queries": sorted(queries),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        call_command("seed_demo", stdout=StringIO())
        from bills.models import Ballot, Bill, Vote

        bill = Bill.objects.filter(votes__isnull=False).order_by("-registered_on").first()
        vote = Vote.objects.filter(body="majilis").order_by("-date").first()
        deputy = Ballot.objects.filter(vote=vote).first().deputy
        word = bill.title_ru.split()[-1]
        pages = {
            "trivial view": "/trivial/",
            "bill page": f"/ru/bills/{bill.uuid}/",
            "bills list": "/ru/bills/",
            f"bills list, q={word}": f"/ru/bills/?q={word}",
            "vote page": f"/ru/votes/{vote.uuid}/",
            "deputy page": f"/ru/deputies/{deputy.uuid}/",
        }
        with override_settings(ROOT_URLCONF=__name__):
            client = Client()
            results = {name: measure(client, url, args.rounds) for name, url in pages.items()}
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    base = results["trivial view"]["median_ms"]
    for row in results.values():
        row["x_trivial"] = round(row["median_ms"] / base, 1)
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    report = {"database": connection.vendor, "rounds": args.rounds, "pages": results}
    (out / "pages.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(f"{args.rounds} requests per page on {connection.vendor} (demo data)")
    print(f"{'page':32}{'median ms':>10}{'p95 ms':>9}{'× trivial':>11}  queries")
    for name, row in results.items():
        print(
            f"{name:32}{row['median_ms']:>10}{row['p95_ms']:>9}{row['x_trivial']:>11}  "
            f"{row['queries']}"
        )


if __name__ == "__main__":
    main()
