"""EXPLAIN (ANALYZE, BUFFERS) of every query the main pages and API endpoints run, on the
database at hand, to see which plans are index-driven at scale.

    DATABASE_URL=postgres://… .venv/bin/python bench/plans.py [--out bench-results/plans]
        [--no-seqscan]

In-process (Django's test client, DEBUG off, no server). The objects come from the data: the
bill with the most events, the Majilis vote with the most ballots, the deputy with the most
ballots, the committee leading the most bills, the largest faction, and a common and a rare
title word in Russian and in Kazakh. Each page is requested once to warm up, then once with
its SQL and parameters captured (`connection.execute_wrapper`); every SELECT is explained and
the plans are written to <out>/<page>.txt. Requests run in transactions that are rolled back,
so the database is only read. `--no-seqscan` explains with `enable_seqscan = off`: on a small
database PostgreSQL rightly prefers sequential scans, and this shows whether an index could
serve instead.

Prints a table: queries, total and slowest execution time (EXPLAIN ANALYZE's "Execution
Time"), and whether every plan is index-driven — no Seq Scan on a big table: one of
BIG_TABLES holding at least `--min-rows` rows (planner statistics; a table never analysed
counts as big). Scanning a few thousand deputies' mandates is the right plan, so the default
threshold is 2,000 rows; `--min-rows 0` flags every table of the list. With `--no-seqscan`
JIT is off too (the disabled scans' huge costs would otherwise compile every query), and the
times are the forced plans', not the planner's choice.
"""

import argparse
import json
import os
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.test import Client
from django.test.utils import override_settings

ROOT = Path(__file__).resolve().parent.parent
BIG_TABLES = frozenset(
    {
        "bills_bill",
        "bills_billevent",
        "bills_vote",
        "bills_ballot",
        "bills_tally",
        "bills_document",
        "bills_billevent_votes",
        "bills_billevent_committees",
        "bills_bill_initiators",
        "deputies_mandate",
        "deputies_factionmembership",
    }
)
SEQ_SCAN = re.compile(r"Seq Scan on (\w+)")
EXECUTION_TIME = re.compile(r"Execution Time: ([\d.]+) ms")
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
MIN_TERM_LENGTH = 5  # search_bills' trigram path starts here
EXPLAIN = "EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT) "
MIN_ROWS = 2_000


@dataclass
class Query:
    sql: str
    params: object
    plan: str = ""
    ms: float = 0.0
    seq_scans: list[str] = field(default_factory=list)


@dataclass
class PageResult:
    page: str
    url: str
    status: int
    queries: int
    explained: int
    total_ms: float
    slowest_ms: float
    index_driven: bool
    seq_scans: list[str]

    def as_dict(self) -> dict:
        return dict(self.__dict__)


# --- Choosing the objects ---------------------------------------------------------------------


def term_frequencies(titles) -> Counter:
    """In how many titles each word (letters only, case-folded) occurs."""
    counts = Counter()
    for title in titles:
        counts.update({w.casefold() for w in WORD.findall(title or "")})
    return counts


def common_and_rare(counts: Counter) -> tuple[str | None, str | None]:
    """The most frequent word long enough for the trigram path, and one found in one title
    (the longest, for a selective search), or the least frequent there is."""
    words = [(n, w) for w, n in counts.items() if len(w) >= MIN_TERM_LENGTH]
    if not words:
        return None, None
    common = max(words, key=lambda r: (r[0], r[1]))[1]
    rare = min(words, key=lambda r: (r[0], -len(r[1]), r[1]))[1]
    return common, rare


def pick_targets() -> dict:
    """The representative objects, read from the database (a few aggregate queries)."""
    from django.db.models import Count, F

    from bills.models import Ballot, Bill, Tally, Vote
    from chambers.models import Chamber, Committee
    from deputies.models import Deputy, Faction

    targets = {}
    bill_id = (
        Bill.objects.values("pk")
        .annotate(n=Count("events"))
        .order_by("-n", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
    targets["bill"] = Bill.objects.filter(pk=bill_id).values("uuid").first()
    # A tally counts the chamber's ballots: no pass over the ballots table.
    tally = (
        Tally.objects.filter(chamber__code=Chamber.MAJILIS, vote__body="majilis")
        .annotate(cast=F("yes") + F("no") + F("abstain") + F("absent"))
        .order_by("-cast", "-vote_id")
        .values("vote_id")
        .first()
    )
    vote = Vote.objects.filter(pk=tally["vote_id"]) if tally else Vote.objects.order_by("-pk")
    targets["vote"] = vote.values("uuid").first()
    deputy = (
        Ballot.objects.values("deputy").annotate(n=Count("pk")).order_by("-n", "deputy").first()
    )
    targets["deputy"] = (
        Deputy.objects.filter(pk=deputy["deputy"]).values("uuid").first() if deputy else None
    )
    # The faction line filters only do work for a deputy who sat in a faction.
    member = (
        Ballot.objects.exclude(faction=None)
        .values("deputy")
        .annotate(n=Count("pk"))
        .order_by("-n", "deputy")
        .first()
    )
    targets["faction_deputy"] = (
        Deputy.objects.filter(pk=member["deputy"]).values("uuid").first() if member else None
    )
    led = (
        Bill.objects.exclude(lead_committee=None)
        .values("lead_committee")
        .annotate(n=Count("pk"))
        .order_by("-n", "lead_committee")
        .first()
    )
    committee = (
        Committee.objects.select_related("chamber", "convocation")
        .filter(pk=led["lead_committee"])
        .first()
        if led
        else None
    )
    targets["committee"] = committee.public_id if committee else None
    faction = (
        Faction.objects.select_related("party", "chamber", "convocation")
        .annotate(n=Count("memberships"))
        .order_by("-n", "pk")
        .first()
    )
    targets["faction"] = faction.public_id if faction else None
    latest = (
        Bill.objects.values("convocation__number", "stage")
        .annotate(n=Count("pk"))
        .order_by("-convocation__number", "-n", "stage")
        .first()
    )
    if latest:
        from chambers.models import roman

        targets["filter"] = (
            f"stage={latest['stage']}&convocation={roman(latest['convocation__number'])}"
        )
    for lang in ("ru", "kk"):
        titles = Bill.objects.order_by().values_list(f"title_{lang}", flat=True).iterator(5000)
        targets[f"terms_{lang}"] = common_and_rare(term_frequencies(titles))
    return targets


def page_urls(targets: dict) -> dict[str, str]:
    """Page name (also its file name) -> URL."""
    pages = {
        "home": "/ru/",
        "bills-list": "/ru/bills/",
    }
    for lang in ("ru", "kk"):
        common, rare = targets.get(f"terms_{lang}") or (None, None)
        if common:
            pages[f"bills-list-q-{lang}-common"] = f"/ru/bills/?q={common}"
        if rare:
            pages[f"bills-list-q-{lang}-rare"] = f"/ru/bills/?q={rare}"
    if targets.get("bill"):
        pages["bill"] = f"/ru/bills/{targets['bill']['uuid']}/"
    if targets.get("vote"):
        pages["vote"] = f"/ru/votes/{targets['vote']['uuid']}/"
    if targets.get("deputy"):
        uuid = targets["deputy"]["uuid"]
        pages["deputy"] = f"/ru/deputies/{uuid}/"
        pages["deputy-agree"] = f"/ru/deputies/{uuid}/?line=agree"
        pages["deputy-disagree"] = f"/ru/deputies/{uuid}/?line=disagree"
    if targets.get("faction_deputy"):
        uuid = targets["faction_deputy"]["uuid"]
        pages["member"] = f"/ru/deputies/{uuid}/"
        pages["member-agree"] = f"/ru/deputies/{uuid}/?line=agree"
        pages["member-disagree"] = f"/ru/deputies/{uuid}/?line=disagree"
    if targets.get("committee"):
        pages["committee"] = f"/ru/committees/{targets['committee']}/"
    if targets.get("faction"):
        pages["faction"] = f"/ru/factions/{targets['faction']}/"
    pages["chamber"] = "/ru/chambers/majilis/"
    pages["api-bills"] = "/api/v1/bills/?per_page=50"
    if targets.get("filter"):
        pages["api-bills-filter"] = f"/api/v1/bills/?per_page=50&{targets['filter']}"
    pages["api-bills-include"] = "/api/v1/bills/?per_page=50&include=actions,votes,documents"
    for lang in ("ru", "kk"):
        common, rare = targets.get(f"terms_{lang}") or (None, None)
        if common:
            pages[f"api-bills-q-{lang}-common"] = f"/api/v1/bills/?per_page=50&q={common}"
        if rare:
            pages[f"api-bills-q-{lang}-rare"] = f"/api/v1/bills/?per_page=50&q={rare}"
    pages["api-votes"] = "/api/v1/votes/?per_page=50"
    if targets.get("vote"):
        pages["api-vote-ballots"] = f"/api/v1/votes/{targets['vote']['uuid']}/ballots/"
    if targets.get("deputy"):
        pages["api-deputy-ballots"] = (
            f"/api/v1/deputies/{targets['deputy']['uuid']}/ballots/?per_page=50"
        )
    return pages


# --- Capturing and explaining -----------------------------------------------------------------


def _is_select(sql: str) -> bool:
    head = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else ""
    return head in ("SELECT", "WITH", "(SELECT")


def _capture(queries: list[Query]):
    def wrapper(execute, sql, params, many, context):
        if not many:
            queries.append(Query(sql, params))
        return execute(sql, params, many, context)

    return wrapper


def big_tables(min_rows: int) -> frozenset[str]:
    """The tables of BIG_TABLES with at least min_rows rows by the planner's statistics."""
    if min_rows <= 0:
        return BIG_TABLES
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class WHERE relkind = 'r' AND relname = ANY(%s)",
            [sorted(BIG_TABLES)],
        )
        rows = dict(cursor.fetchall())
    # reltuples is -1 before the first ANALYZE: unknown counts as big.
    return frozenset(t for t in BIG_TABLES if rows.get(t, -1) < 0 or rows[t] >= min_rows)


def explain(
    query: Query, *, seqscan: bool = True, big: frozenset[str] = BIG_TABLES, repeat: int = 1
) -> None:
    """EXPLAIN ANALYZE the query, `repeat` times on a busy machine: the fastest run is kept."""
    for _ in range(repeat):
        plan = Query(query.sql, query.params)
        _explain_once(plan, seqscan=seqscan, big=big)
        if not query.plan or plan.ms < query.ms:
            query.plan, query.ms, query.seq_scans = plan.plan, plan.ms, plan.seq_scans


def _explain_once(query: Query, *, seqscan: bool, big: frozenset[str]) -> None:
    with connection.cursor() as cursor:
        if not seqscan:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL jit = off")
        if query.params is None:
            cursor.execute(EXPLAIN + query.sql)
        else:
            cursor.execute(EXPLAIN + query.sql, query.params)
        lines = [row[0] for row in cursor.fetchall()]
        if not seqscan:
            cursor.execute("RESET enable_seqscan")
            cursor.execute("RESET jit")
    query.plan = "\n".join(lines)
    found = EXECUTION_TIME.search(query.plan)
    query.ms = float(found.group(1)) if found else 0.0
    query.seq_scans = [
        line.strip() for line in lines if (match := SEQ_SCAN.search(line)) and match.group(1) in big
    ]


def _readable(query: Query) -> str:
    try:
        return connection.ops.compose_sql(query.sql, query.params)
    except Exception:  # not PostgreSQL, or parameters it cannot quote: show them apart
        return f"{query.sql}\n-- params: {query.params!r}"


def explain_page(
    client,
    name: str,
    url: str,
    *,
    seqscan: bool = True,
    big: frozenset[str] = BIG_TABLES,
    repeat: int = 1,
    out: Path | None = None,
):
    """Request the URL (warm-up, then captured) and explain each of its SELECTs."""
    queries: list[Query] = []
    with transaction.atomic():
        client.get(url)
        transaction.set_rollback(True)
    with transaction.atomic():
        with connection.execute_wrapper(_capture(queries)):
            response = client.get(url)
        selects = [q for q in queries if _is_select(q.sql)]
        for query in selects:
            explain(query, seqscan=seqscan, big=big, repeat=repeat)
        transaction.set_rollback(True)
    result = PageResult(
        page=name,
        url=url,
        status=response.status_code,
        queries=len(queries),
        explained=len(selects),
        total_ms=round(sum(q.ms for q in selects), 3),
        slowest_ms=round(max((q.ms for q in selects), default=0.0), 3),
        index_driven=not any(q.seq_scans for q in selects),
        seq_scans=[line for q in selects for line in q.seq_scans],
    )
    if out is not None:
        parts = [
            f"# {name}: GET {url} -> {response.status_code}\n"
            f"# {result.queries} queries, {result.explained} explained, "
            f"{result.total_ms} ms in total, slowest {result.slowest_ms} ms"
            + ("" if seqscan else ", enable_seqscan = off")
            + "\n"
        ]
        for number, query in enumerate(selects, 1):
            parts.append(
                f"\n-- query {number}: {query.ms} ms\n{_readable(query)}\n\n{query.plan}\n"
            )
        (out / f"{name}.txt").write_text("".join(parts), encoding="utf-8")
    return result


def explain_pages(
    out: str | Path | None = None,
    *,
    seqscan: bool = True,
    pages: dict | None = None,
    min_rows: int = MIN_ROWS,
    repeat: int = 1,
) -> list[dict]:
    """Explain the queries of every page (pages: name -> URL; default: chosen from the data).
    Returns a row per page: page, url, status, queries, explained, total_ms, slowest_ms,
    index_driven and seq_scans (the offending plan lines: Seq Scans on the tables of
    BIG_TABLES with at least min_rows rows). Each query is explained `repeat` times and the
    fastest run kept."""
    if connection.vendor != "postgresql":
        raise RuntimeError("EXPLAIN (ANALYZE, BUFFERS) needs PostgreSQL: set DATABASE_URL.")
    if pages is None:
        pages = page_urls(pick_targets())
    if out is not None:
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
    big = big_tables(min_rows)
    with override_settings(DEBUG=False, ALLOWED_HOSTS=["*"]):
        client = Client()
        return [
            explain_page(
                client, name, url, seqscan=seqscan, big=big, repeat=repeat, out=out
            ).as_dict()
            for name, url in pages.items()
        ]


def table(rows: list[dict]) -> str:
    """The rows as text; each page's Seq Scans on big tables under it."""
    lines = [
        f"{'page':28}{'status':>7}{'queries':>8}{'total ms':>10}{'slowest ms':>12}  index-driven"
    ]
    for row in rows:
        lines.append(
            f"{row['page']:28}{row['status']:>7}{row['queries']:>8}{row['total_ms']:>10.2f}"
            f"{row['slowest_ms']:>12.2f}  {'yes' if row['index_driven'] else 'no'}"
        )
        lines += [f"{'':32}{line}" for line in dict.fromkeys(row["seq_scans"])]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "bench-results" / "plans"))
    parser.add_argument(
        "--no-seqscan", action="store_true", help="explain with enable_seqscan = off"
    )
    parser.add_argument(
        "--min-rows",
        type=int,
        default=MIN_ROWS,
        help="a Seq Scan counts against a table of BIG_TABLES from this many rows",
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="explain each query this many times, keep the fastest"
    )
    parser.add_argument("--only", nargs="*", help="only these pages (names as in the table)")
    args = parser.parse_args()
    started = time.perf_counter()
    targets = pick_targets()
    print(f"targets ({time.perf_counter() - started:.1f} s): {targets}")
    pages = page_urls(targets)
    if args.only:
        pages = {name: url for name, url in pages.items() if name in args.only}
    rows = explain_pages(
        args.out,
        seqscan=not args.no_seqscan,
        pages=pages,
        min_rows=args.min_rows,
        repeat=args.repeat,
    )
    print(table(rows))
    Path(args.out).with_suffix(".json").write_text(json.dumps(rows, indent=2) + "\n")
    print(f"plans in {args.out}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parlament.settings")
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    import django

    django.setup()
    main()
