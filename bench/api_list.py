"""Requests per second of GET /api/v1/bills/?per_page=50 beside a minimal view that returns
the same JSON built from one raw SQL query, both served by one gunicorn in the same run.

    DATABASE_URL=postgres://… [REDIS_URL=redis://…] .venv/bin/python bench/api_list.py

The database must hold the demo data (`manage.py seed_demo`); with the default SQLite file
(/tmp/bench-api.sqlite3) the script migrates and seeds it when it has no bills. gunicorn runs
with production settings (DEBUG off, parlament/gunicorn.py: WEB_CONCURRENCY workers of
GUNICORN_THREADS threads) on 127.0.0.1. The load comes from `wrk` when installed (apt-get
install wrk), else from a small threaded client, in short runs alternating between the two
so that a slower spell of a shared machine hits both alike. The baseline sits under /api/
too, so it goes through the same middleware (ETag, headers); the throttle rates are raised so
that neither is refused, but the API still counts every request in the cache. Prints a table
and writes bench-results/api_list.json. Target: ratio (API / raw) >= 0.7.
"""

import argparse
import datetime
import http.client
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DATABASE = "sqlite:////tmp/bench-api.sqlite3"
API_PATH = "/api/v1/bills/?per_page=50"
RAW_PATH = "/api/raw-bench/bills/?per_page=50"
LANGS = ("kk", "ru", "en")

# --- The baseline, imported by gunicorn as bench.api_list:application ------------------------

_SQL_SQLITE = """
SELECT b.id, b.uuid, b.number, c.number, b.kind, b.initiator_type,
       b.title_kk, b.title_ru, b.title_en, b.summary_kk, b.summary_ru, b.summary_en,
       b.registered_on, b.priority, b.stage, b.stage_since,
       lc.code, lch.code, lcc.number, lc.name_kk, lc.name_ru, lc.name_en,
       b.law_serial, lawc.number, b.law_suffix, b.signed_on, b.in_force_on, b.updated_at,
       b.version,
       (SELECT json_group_array(json_array(d.uuid, d.last_name_kk, d.first_name_kk,
               d.patronymic_kk, d.last_name_ru, d.first_name_ru, d.patronymic_ru,
               d.last_name_en, d.first_name_en, d.patronymic_en))
          FROM (SELECT d.* FROM bills_bill_initiators bi
                  JOIN deputies_deputy d ON d.id = bi.deputy_id
                 WHERE bi.bill_id = b.id
                 ORDER BY d.last_name, d.first_name, d.id) d),
       (SELECT json_group_array(json_array(k.code, k.chamber, k.convocation,
               k.name_kk, k.name_ru, k.name_en))
          FROM (SELECT cm.code, ch.code AS chamber, cv.number AS convocation,
                       cm.name_kk, cm.name_ru, cm.name_en
                  FROM bills_bill_co_committees bc
                  JOIN chambers_committee cm ON cm.id = bc.committee_id
                  JOIN chambers_chamber ch ON ch.id = cm.chamber_id
                  JOIN chambers_convocation cv ON cv.id = cm.convocation_id
                 WHERE bc.bill_id = b.id
                 ORDER BY cm.name, cm.id) k),
       COUNT(*) OVER ()
  FROM bills_bill b
  JOIN chambers_convocation c ON c.id = b.convocation_id
  LEFT JOIN chambers_committee lc ON lc.id = b.lead_committee_id
  LEFT JOIN chambers_chamber lch ON lch.id = lc.chamber_id
  LEFT JOIN chambers_convocation lcc ON lcc.id = lc.convocation_id
  LEFT JOIN chambers_convocation lawc ON lawc.id = b.law_convocation_id
 ORDER BY b.registered_on DESC, b.id DESC
 LIMIT %s OFFSET %s
"""
_SQL_POSTGRESQL = (
    _SQL_SQLITE.replace("json_group_array(json_array(d.uuid", "json_agg(json_build_array(d.uuid")
    .replace("d.patronymic_en))", "d.patronymic_en) ORDER BY d.last_name, d.first_name, d.id)")
    .replace("json_group_array(json_array(k.code", "json_agg(json_build_array(k.code")
    .replace("k.name_en))", "k.name_en) ORDER BY k.name, k.id)")
    .replace(
        "cm.name_kk, cm.name_ru, cm.name_en\n",
        "cm.name_kk, cm.name_ru, cm.name_en, cm.name, cm.id\n",
    )
    .replace("                 ORDER BY d.last_name, d.first_name, d.id) d", "                ) d")
    .replace("                 ORDER BY cm.name, cm.id) k", "                ) k")
)
_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


def _texts(values):
    return {lang: value or "" for lang, value in zip(LANGS, values, strict=True)}


def _uuid(value):
    return str(uuid.UUID(str(value)))


def _day(value):
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value)


def _committee(code, chamber, convocation, names):
    key = f"{chamber}-{_ROMAN[convocation - 1].lower()}-{code}"
    return {"id": key, "ocd_id": f"ocd-organization/{key}", "name": _texts(names)}


def _json_list(value):
    if value is None:
        return []
    return json.loads(value) if isinstance(value, str) else value


def raw_bills(request):
    """The bills list from one raw query: the least a server must do for the same JSON."""
    import orjson
    from django.db import connection
    from django.http import HttpResponse
    from django.utils import timezone

    per_page = int(request.GET.get("per_page", 50))
    sql = _SQL_POSTGRESQL if connection.vendor == "postgresql" else _SQL_SQLITE
    with connection.cursor() as cursor:
        cursor.execute(sql, [per_page, 0])
        rows = cursor.fetchall()
    results = []
    for r in rows:
        bill_id = _uuid(r[1])
        updated = r[27]
        if isinstance(updated, str):
            updated = datetime.datetime.fromisoformat(updated)
        if updated.tzinfo is None:  # SQLite keeps UTC without a zone
            updated = updated.replace(tzinfo=datetime.UTC)
        law = None
        if r[22] is not None:
            numeral = _ROMAN[r[23] - 1] if r[23] else None
            law = {
                "serial": r[22],
                "convocation": numeral,
                "suffix": r[24],
                "text": f"{r[22]}{f'-{numeral}' if numeral else ''} {r[24]}".strip(),
            }
        initiators = []
        for d in _json_list(r[29]):
            names = {}
            for i, lang in enumerate(LANGS):
                parts = d[1 + 3 * i : 4 + 3 * i]
                names[lang] = " ".join(p for p in parts if p)
            person = _uuid(d[0])
            initiators.append({"id": person, "ocd_id": f"ocd-person/{person}", "name": names})
        results.append(
            {
                "id": bill_id,
                "ocd_id": f"ocd-bill/{bill_id}",
                "number": r[2],
                "convocation": _ROMAN[r[3] - 1],
                "kind": r[4],
                "initiator_type": r[5],
                "initiators": initiators,
                "title": _texts(r[6:9]),
                "summary": _texts(r[9:12]),
                "registered_on": _day(r[12]),
                "priority": bool(r[13]),
                "stage": r[14],
                "stage_since": _day(r[15]),
                "lead_committee": None if r[16] is None else _committee(*r[16:19], r[19:22]),
                "co_committees": [_committee(*k[:3], k[3:6]) for k in _json_list(r[30])],
                "law_number": law,
                "signed_on": _day(r[25]),
                "in_force_on": _day(r[26]),
                "updated_at": timezone.localtime(updated).isoformat(),
                "version": r[28],
            }
        )
    total = rows[0][31] if rows else 0
    body = {
        "results": results,
        "pagination": {
            "page": 1,
            "per_page": per_page,
            "total_items": total,
            "max_page": max(1, -(-total // per_page)),
        },
    }
    return HttpResponse(orjson.dumps(body), content_type="application/json")


def _urls():
    from django.urls import path

    from parlament.urls import urlpatterns as site

    return [path("api/raw-bench/bills/", raw_bills), *site]


def __getattr__(name):
    # gunicorn imports `application`; Django then asks this module for `urlpatterns`.
    if name == "urlpatterns":
        return _urls()
    if name == "application":
        import django
        from django.conf import settings

        django.setup(set_prefix=False)
        settings.ROOT_URLCONF = "bench.api_list"
        from django.core.handlers.wsgi import WSGIHandler

        return WSGIHandler()
    raise AttributeError(name)


# --- Load ---------------------------------------------------------------------------------------


def wrk(url: str, seconds: int, connections: int) -> float:
    out = subprocess.run(
        ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise SystemExit(f"{url}: {errors.group(1)} failed responses\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def threaded(url: str, seconds: int, connections: int) -> float:
    """A keep-alive client per thread; counts 200 answers."""
    host, port = url.split("/")[2].split(":")
    path = "/" + url.split("/", 3)[3]
    done, stop = [0] * connections, time.monotonic() + seconds

    def run(i):
        conn = http.client.HTTPConnection(host, int(port))
        while time.monotonic() < stop:
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise SystemExit(f"{url}: {response.status}")
            done[i] += 1

    threads = [threading.Thread(target=run, args=(i,)) for i in range(connections)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(done) / (time.monotonic() - started)


def fetch(url: str) -> tuple[int, bytes]:
    host, port = url.split("/")[2].split(":")
    conn = http.client.HTTPConnection(host, int(port))
    conn.request("GET", "/" + url.split("/", 3)[3])
    response = conn.getresponse()
    return response.status, response.read()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare_database(env: dict) -> None:
    check = "from bills.models import Bill; import sys; sys.exit(0 if Bill.objects.exists() else 3)"
    manage = [sys.executable, str(ROOT / "manage.py")]
    status = subprocess.run([*manage, "shell", "-c", check], env=env, capture_output=True)
    if status.returncode == 0:
        return
    print("No bills in the database: migrating and seeding the demo data (about a minute)…")
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
    subprocess.run([*manage, "seed_demo"], env=env, check=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5, help="per run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=8, help="alternating runs of each")
    args = parser.parse_args()

    env = os.environ.copy()
    env.setdefault("DATABASE_URL", DEFAULT_DATABASE)
    env.setdefault("SECRET_KEY", "benchmark-only")
    env.update(
        DJANGO_SETTINGS_MODULE="parlament.settings",
        DEBUG="0",
        PYTHONPATH=str(ROOT),
        API_RATE_ANONYMOUS="1000000000/min",
        API_RATE_TOKEN="1000000000/min",
        LOG_LEVEL="WARNING",
    )
    prepare_database({**env, "DEBUG": "1"})
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = open("/tmp/bench-api-gunicorn.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            str(ROOT / "parlament/gunicorn.py"),
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            "/dev/null",
            "bench.api_list:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(200):
            try:
                if fetch(base + API_PATH)[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        status_api, api_body = fetch(base + API_PATH)
        status_raw, raw_body = fetch(base + RAW_PATH)
        assert (status_api, status_raw) == (200, 200), (status_api, status_raw)
        assert json.loads(api_body) == json.loads(raw_body), "the two answers differ"
        load = wrk if shutil.which("wrk") else threaded
        for url in (base + API_PATH, base + RAW_PATH):  # warm both up
            load(url, 2, args.connections)
        api, raw = [], []
        for i in range(args.rounds):
            order = [(api, API_PATH), (raw, RAW_PATH)]
            for samples, path in order if i % 2 == 0 else order[::-1]:
                samples.append(load(base + path, args.seconds, args.connections))
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()

    result = {
        "database": env["DATABASE_URL"].split(":")[0],
        "cache": "redis" if env.get("REDIS_URL") else "locmem",
        "load": load.__name__,
        "cpus": os.cpu_count(),
        "workers": int(env.get("WEB_CONCURRENCY", "2")),
        "threads": int(env.get("GUNICORN_THREADS", "2")),
        "connections": args.connections,
        "seconds": args.seconds,
        "bytes": len(api_body),
        "api_rps": round(sum(api) / len(api), 1),
        "raw_rps": round(sum(raw) / len(raw), 1),
        "rounds": {"api": api, "raw": raw},
    }
    result["ratio"] = round(result["api_rps"] / result["raw_rps"], 3)
    pairs = sorted(a / r for a, r in zip(api, raw, strict=True))
    result["median_pair_ratio"] = round(statistics.median(pairs), 3)
    print(f"{'endpoint':<44}{'req/s':>10}")
    print(f"{API_PATH:<44}{result['api_rps']:>10}")
    print(f"{RAW_PATH + ' (raw SQL)':<44}{result['raw_rps']:>10}")
    print(
        f"ratio {result['ratio']} (median of paired runs {result['median_pair_ratio']}; "
        f"{result['database']}, {result['cache']}, {result['load']})"
    )
    out = ROOT / "bench-results" / "api_list.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
