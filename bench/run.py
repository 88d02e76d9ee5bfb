"""The benchmark suite (`make bench`): on PostgreSQL and Redis, with production settings.

    make bench [SCALE=national|large|demo] [BENCH_ARGS="--seconds 10"]

1. Loads the scale into its own database (parlament_bench_<scale>) unless it is there already.
2. Starts gunicorn (parlament/gunicorn.py; WEB_CONCURRENCY workers of GUNICORN_THREADS
   threads) on bench.server, which adds the raw-SQL and trivial baselines to the portal, and
   a Celery worker on Redis.
3. Measures with wrk, in one run:
   - GET /api/v1/bills/?per_page=50, with a filter and with include=actions: requests per
     second beside the raw-SQL view serving the same JSON (checked equal first), in short runs
     alternating between the two; target ratio >= 0.7;
   - the bill, vote and deputy pages and the bills list with a search: median and 95th
     percentile latency at 8 connections, beside the trivial view;
   - full-text search for a rare and a common term in Russian and in Kazakh (one connection);
   - a 60-second mixed load (pages 80 %, API 18 %, staff writes 2 %) at 32 connections:
     5xx and socket errors must be zero;
   - every report's run time beside the same figures from raw SQL (bench/reports.py);
     target ratio <= 1.3;
   - EXPLAIN (ANALYZE, BUFFERS) of the main pages' queries (bench/plans.py);
   - the peak memory (VmHWM) of each gunicorn and Celery worker process.
4. Prints a table and writes bench-results/bench-<scale>.json.

The numbers depend on the machine; compare the ratios, which are measured in the same run.
"""

import argparse
import datetime
import http.client
import json
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench-results"
PYTHON = sys.executable
# Bills a scale holds at least: below that, the database is (re)loaded.
SCALES = {"demo": 150, "national": 4000, "large": 150_000}
SECTIONS = ["api", "pages", "search", "mixed", "worker", "reports", "plans"]

LATENCY_LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT {\\"requests\\": %d, \\"duration_us\\": %d, \\"p50_us\\": %d, \\"p95_us\\": %d, "
    .. "\\"p99_us\\": %d, \\"max_us\\": %d, \\"non_2xx_3xx\\": %d, \\"socket_errors\\": %d}\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, e.status, e.connect + e.read + e.write + e.timeout))
end
"""

# Requests drawn at random by weight from a file of JSON lines {weight, method, path, body,
# class}; 5xx counted per class.
MIXED_LUA = """
local requests, total, classes = {}, 0, {}
local threads = {}

local function decode(line)
  local t = {}
  t.weight = tonumber(line:match('"weight": ([%d.]+)'))
  t.method = line:match('"method": "(%u+)"')
  t.path = line:match('"path": "(.-)"')
  t.class = line:match('"class": "(%a+)"')
  t.body = line:match('"body": "(.*)"}$')
  if t.body then t.body = t.body:gsub('\\\\"', '"') end
  return t
end

init = function(args)
  for line in io.lines(args[1]) do
    local r = decode(line)
    total = total + r.weight
    local headers = {}
    if r.body then
      headers["Content-Type"] = "application/json"
      headers["Authorization"] = "Token " .. args[2]
    end
    r.raw = wrk.format(r.method, r.path, headers, r.body)
    r.upto = total
    requests[#requests + 1] = r
  end
  counts = {}
end

setup = function(thread)
  threads[#threads + 1] = thread
end

local last
request = function()
  local x = math.random() * total
  for _, r in ipairs(requests) do
    if x <= r.upto then last = r; return r.raw end
  end
  last = requests[#requests]
  return last.raw
end

response = function(status, headers, body)
  local key = last.class .. "_" .. math.floor(status / 100) .. "xx"
  counts[key] = (counts[key] or 0) + 1
end

done = function(summary, latency, requests)
  local merged = {}
  for _, thread in ipairs(threads) do
    local c = thread:get("counts")
    for k, v in pairs(c) do merged[k] = (merged[k] or 0) + v end
  end
  local parts = {}
  for k, v in pairs(merged) do parts[#parts + 1] = string.format('"%s": %d', k, v) end
  local e = summary.errors
  io.write(string.format(
    "RESULT {\\"requests\\": %d, \\"duration_us\\": %d, \\"p50_us\\": %d, \\"p90_us\\": %d, "
    .. "\\"p95_us\\": %d, \\"p99_us\\": %d, \\"max_us\\": %d, \\"socket_errors\\": %d, "
    .. "\\"by_class\\": {%s}}\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(95), latency:percentile(99), latency.max,
    e.connect + e.read + e.write + e.timeout, table.concat(parts, ", ")))
end
"""


# --- Processes -------------------------------------------------------------------------------


def environment(database: str, redis: str) -> dict:
    from parlament import stack

    return stack.environment(
        DATABASE_URL=database,
        REDIS_URL=redis,
        SECRET_KEY=os.environ.get("SECRET_KEY", secrets.token_urlsafe(50)),
        PYTHONPATH=str(ROOT),
        # Counted in Redis on every request, as in production, but never refused here.
        API_RATE_ANONYMOUS="1000000000/min",
        API_RATE_TOKEN="1000000000/min",
        LOG_LEVEL="WARNING",
    )


CHECKPOINT = """
from django.db import DatabaseError, connection
try:
    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")
    print("checkpoint done")
except DatabaseError as error:  # it needs a superuser or pg_checkpoint
    print(f"checkpoint skipped: {error}")
"""


def manage(env: dict, *args: str, capture: bool = False) -> str:
    done = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        capture_output=capture,
    )
    return done.stdout if capture else ""


def ensure_database(url: str) -> None:
    import psycopg2

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    connection = psycopg2.connect(admin)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def peak_rss_mb(pid: int) -> float | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    match = re.search(r"VmHWM:\s+(\d+) kB", status)
    return round(int(match.group(1)) / 1024, 1) if match else None


def fetch(base: str, path: str, method: str = "GET", body=None, headers=None):
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=600)
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    return response.status, response.read()


def wait_until_up(base: str, process: subprocess.Popen) -> None:
    for _ in range(600):
        if process.poll() is not None:
            raise SystemExit("gunicorn stopped; see bench-results/gunicorn.log")
        try:
            if fetch(base, "/healthz")[0] in (200, 503):
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit("gunicorn did not answer within a minute")


# --- Load --------------------------------------------------------------------------------------


def wrk(url: str, *, seconds: int, connections: int, script: str, args=()) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(script)
    threads = min(connections, 2)
    argv = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s"]
    argv += ["--timeout", "10s", "-s", lua.name, url]
    if args:
        argv += ["--", *args]
    out = subprocess.run(argv, check=True, capture_output=True, text=True).stdout
    os.unlink(lua.name)
    result = json.loads(re.search(r"^RESULT (.*)$", out, re.M).group(1))
    result["rps"] = round(result["requests"] / (result["duration_us"] / 1e6), 1)
    return result


def ms(us: float) -> float:
    return round(us / 1000, 1)


def compare(base: str, api: str, raw: str, *, rounds: int, seconds: int, connections: int):
    """Requests per second of `api` and `raw` (medians), in rounds of two short runs in
    alternating order, and the median of the rounds' ratios."""
    status_api, body_api = fetch(base, api)
    status_raw, body_raw = fetch(base, raw)
    assert (status_api, status_raw) == (200, 200), (api, status_api, status_raw)
    if json.loads(body_api) != json.loads(body_raw):
        raise SystemExit(f"{api} and {raw} answer different JSON: the baseline is wrong")
    samples = {api: [], raw: []}
    for path in (api, raw):  # warm up
        wrk(base + path, seconds=2, connections=connections, script=LATENCY_LUA)
    for i in range(rounds):
        order = [api, raw] if i % 2 == 0 else [raw, api]
        for path in order:
            result = wrk(base + path, seconds=seconds, connections=connections, script=LATENCY_LUA)
            if result["non_2xx_3xx"] or result["socket_errors"]:
                raise SystemExit(f"{path}: failed responses {result}")
            samples[path].append(result["rps"])
    api_rps, raw_rps = statistics.median(samples[api]), statistics.median(samples[raw])
    # Each round's two runs are next to each other in time: the median of the rounds' ratios
    # leaves out what the machine's other load did to one round (seen to halve a run).
    ratio = statistics.median(a / r for a, r in zip(samples[api], samples[raw], strict=True))
    return {
        "path": api,
        "baseline": raw,
        "api_rps": round(api_rps, 1),
        "raw_rps": round(raw_rps, 1),
        "ratio": round(ratio, 3),
        "target": ">= 0.7",
        "ok": ratio >= 0.7,
        "bytes": len(body_api),
        "runs": samples,
    }


def latency(base: str, path: str, *, seconds: int, connections: int) -> dict:
    status, _ = fetch(base, path)
    assert status == 200, (path, status)
    result = wrk(base + path, seconds=seconds, connections=connections, script=LATENCY_LUA)
    return {
        "path": path,
        "connections": connections,
        "rps": result["rps"],
        "p50_ms": ms(result["p50_us"]),
        "p95_ms": ms(result["p95_us"]),
        "p99_ms": ms(result["p99_us"]),
        "failed": result["non_2xx_3xx"] + result["socket_errors"],
    }


# --- What to request ---------------------------------------------------------------------------


ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
WORDS = """SELECT lower(w), count(*) FROM bills_bill,
                  regexp_split_to_table({column}, '[^[:alpha:]]+') AS w
            WHERE length(w) >= 6 GROUP BY lower(w) ORDER BY count(*) DESC, lower(w)"""


def pick(database: str) -> dict:
    """Representative objects and search terms, read from the database."""
    import psycopg2

    connection = psycopg2.connect(database)
    with connection, connection.cursor() as c:

        def one(sql):
            c.execute(sql)
            return c.fetchone()

        def many(sql):
            c.execute(sql)
            return [str(r[0]) for r in c.fetchall()]

        faction = one(
            """SELECT ch.code, cv.number, p.code FROM deputies_faction f
                 JOIN chambers_chamber ch ON ch.id = f.chamber_id
                 JOIN chambers_convocation cv ON cv.id = f.convocation_id
                 JOIN deputies_party p ON p.id = f.party_id
                ORDER BY cv.number DESC, f.seats_won DESC NULLS LAST, f.id LIMIT 1"""
        )
        committee = one(
            """SELECT ch.code, cv.number, cm.code FROM chambers_committee cm
                 JOIN chambers_chamber ch ON ch.id = cm.chamber_id
                 JOIN chambers_convocation cv ON cv.id = cm.convocation_id
                WHERE cv.number = 8 ORDER BY cm.id LIMIT 1"""
        )
        out = {
            "bill": str(
                one(
                    """SELECT b.uuid FROM bills_bill b
                         JOIN bills_billevent e ON e.bill_id = b.id
                        GROUP BY b.id ORDER BY count(*) DESC, b.id LIMIT 1"""
                )[0]
            ),
            "vote": str(
                one(
                    """SELECT uuid FROM bills_vote WHERE body = 'majilis'
                        ORDER BY date DESC, id DESC LIMIT 1"""
                )[0]
            ),
            "deputy": str(
                one(
                    """SELECT uuid FROM deputies_deputy WHERE id = (
                         SELECT deputy_id FROM bills_ballot GROUP BY deputy_id
                          ORDER BY count(*) DESC, deputy_id LIMIT 1)"""
                )[0]
            ),
            "bills": many("SELECT uuid FROM bills_bill ORDER BY md5(uuid::text) LIMIT 300"),
            "votes": many("SELECT uuid FROM bills_vote ORDER BY md5(uuid::text) LIMIT 300"),
            "deputies": many(
                """SELECT uuid FROM deputies_deputy d WHERE EXISTS (
                     SELECT 1 FROM deputies_mandate m WHERE m.deputy_id = d.id)
                    ORDER BY md5(uuid::text) LIMIT 100"""
            ),
            "stage": one(
                "SELECT stage FROM bills_bill GROUP BY stage ORDER BY count(*) DESC LIMIT 1"
            )[0],
            "committee": f"{committee[0]}-{ROMAN[committee[1] - 1].lower()}-{committee[2]}",
            "faction": f"{faction[0]}-{ROMAN[faction[1] - 1].lower()}-{faction[2]}",
            "terms": {},
        }
        for lang, column in (("ru", "title_ru"), ("kk", "title_kk")):
            c.execute(WORDS.format(column=column))
            words = c.fetchall()
            rare = [w for w, n in words if n <= 3] or [words[-1][0]]
            out["terms"][lang] = {"common": words[0][0], "rare": rare[len(rare) // 2]}
    connection.close()
    return out


def staff_token(env: dict) -> str:
    script = """
from django.contrib.auth.models import Group, User
from rest_framework.authtoken.models import Token
user, _ = User.objects.get_or_create(username="bench-clerk", defaults={"is_staff": True})
user.groups.set(Group.objects.filter(name__in=["Majilis clerks", "Senate clerks"]))
print("TOKEN " + Token.objects.get_or_create(user=user)[0].key)
"""
    out = manage(env, "shell", "-c", script, capture=True)
    return re.search(r"^TOKEN (\w+)$", out, re.M).group(1)


def repost_body(base: str, vote: str) -> str:
    """The roll call of an existing vote, as the e-voting system would post it again."""
    status, body = fetch(base, f"/api/v1/votes/{vote}/?include=ballots")
    assert status == 200, status
    v = json.loads(body)
    payload = {
        "chamber": v["chamber"],
        "date": v["date"],
        "bill": v["bill"]["id"] if isinstance(v["bill"], dict) else v["bill"],
        "motion": v["motion"],
        "ballots": [{"deputy": b["deputy"]["id"], "option": b["option"]} for b in v["ballots"]],
    }
    return json.dumps(payload, ensure_ascii=False)


def mixed_requests(picked: dict, write_body: str) -> list[dict]:
    p = picked
    pages = [
        ("/ru/", 8),
        ("/kk/", 4),
        ("/ru/bills/", 8),
        (f"/ru/bills/?stage={p['stage']}", 4),
        (f"/ru/bills/?q={quote(p['terms']['ru']['common'])}", 4),
        ("/ru/deputies/", 4),
        (f"/ru/committees/{p['committee']}/", 2),
        (f"/ru/factions/{p['faction']}/", 2),
        ("/ru/stats/", 2),
    ]
    pages += [(f"/ru/bills/{u}/", 20 / len(p["bills"])) for u in p["bills"]]
    pages += [(f"/kk/votes/{u}/", 12 / len(p["votes"])) for u in p["votes"]]
    pages += [(f"/ru/deputies/{u}/", 10 / len(p["deputies"])) for u in p["deputies"]]
    api = [
        ("/api/v1/bills/?per_page=50", 4),
        (f"/api/v1/bills/?per_page=50&stage={p['stage']}", 2),
        ("/api/v1/bills/?per_page=20&include=actions,votes", 2),
        ("/api/v1/votes/?per_page=50", 2),
        ("/api/v1/deputies/", 1),
        (f"/api/v1/bills/?q={quote(p['terms']['kk']['common'])}", 1),
    ]
    api += [(f"/api/v1/bills/{u}/", 2 / len(p["bills"])) for u in p["bills"]]
    api += [(f"/api/v1/votes/{u}/ballots/", 2 / len(p["votes"])) for u in p["votes"]]
    api += [(f"/api/v1/deputies/{u}/ballots/", 2 / len(p["deputies"])) for u in p["deputies"]]
    rows = []
    for share, group, name in ((80, pages, "page"), (18, api, "api")):
        weight = sum(w for _, w in group)
        rows += [
            {"weight": share * w / weight, "method": "GET", "path": path, "class": name}
            for path, w in group
        ]
    rows.append({"weight": 2, "method": "POST", "path": "/api/v1/votes/", "class": "write"})
    rows[-1]["body"] = write_body
    return rows


# --- The run ---------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=list(SCALES), default="national")
    parser.add_argument("--database", help="default postgres://…/parlament_bench_<scale>")
    parser.add_argument("--redis", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/9"))
    parser.add_argument("--seconds", type=int, default=10, help="per latency measurement")
    parser.add_argument("--rounds", type=int, default=6, help="alternating runs per ratio")
    parser.add_argument("--mixed-seconds", type=int, default=60)
    parser.add_argument("--reload", action="store_true", help="load the scale even if present")
    parser.add_argument("--only", nargs="*", choices=SECTIONS, help="these sections only")
    parser.add_argument("--skip", nargs="*", default=[], choices=SECTIONS)
    args = parser.parse_args()
    run = set(args.only or SECTIONS) - set(args.skip)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk (make bench installs it)")
    database = args.database or os.environ.get(
        "BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/parlament_bench_{args.scale}"
    )
    if not database.startswith("postgres"):
        raise SystemExit("The benchmark runs on PostgreSQL: --database postgres://…")
    RESULTS.mkdir(exist_ok=True)
    env = environment(database, args.redis)
    result = {
        "scale": args.scale,
        "started_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "workers": int(env.get("WEB_CONCURRENCY", "2")),
        "threads": int(env.get("GUNICORN_THREADS", "2")),
    }

    ensure_database(database)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    bills = int(
        manage(
            env,
            "shell",
            "-c",
            "from bills.models import Bill; print(Bill.objects.count())",
            capture=True,
        ).split()[-1]
    )
    if args.reload or bills < SCALES[args.scale]:
        print(f"Loading the {args.scale} scale into {database} …", flush=True)
        started = time.monotonic()
        result["load"] = manage(env, "seed_demo", "--scale", args.scale, capture=True).strip()
        result["load_s"] = round(time.monotonic() - started, 1)
        print(result["load"], flush=True)
        # Write the loaded pages out now: the checkpointer would spread that over the first
        # minutes of measuring (the API's first rounds ran at two thirds of their speed).
        print(manage(env, "shell", "-v0", "-c", CHECKPOINT, capture=True).strip(), flush=True)
    picked = pick(database)
    token = staff_token(env)

    port = 18000 + os.getpid() % 1000
    base = f"http://127.0.0.1:{port}"
    log = open(RESULTS / "gunicorn.log", "w")  # noqa: SIM115
    from parlament import stack

    web = subprocess.Popen(
        stack.web(port, "bench.server:application", "--access-logfile", "/dev/null"),
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    worker_log = open(RESULTS / "worker.log", "w")  # noqa: SIM115
    worker = subprocess.Popen(
        stack.worker("bench"), cwd=ROOT, env=env, stdout=worker_log, stderr=subprocess.STDOUT
    )
    try:
        wait_until_up(base, web)
        c = 8
        s = args.seconds
        if "api" in run:
            print("Measuring the API against its raw-SQL baseline …", flush=True)
            result["api"] = [
                compare(base, api, raw, rounds=args.rounds, seconds=max(3, s // 2), connections=c)
                for api, raw in (
                    ("/api/v1/bills/?per_page=50", "/api/raw-bench/bills/?per_page=50"),
                    (
                        f"/api/v1/bills/?per_page=50&stage={picked['stage']}",
                        f"/api/raw-bench/bills/?per_page=50&stage={picked['stage']}",
                    ),
                    (
                        "/api/v1/bills/?per_page=50&include=actions",
                        "/api/raw-bench/bills/?per_page=50&include=actions",
                    ),
                )
            ]
        if "pages" in run:
            print("Measuring page latency …", flush=True)
            q = quote(picked["terms"]["ru"]["common"])
            pages = {
                "trivial view": "/bench/trivial/",
                "bill page": f"/ru/bills/{picked['bill']}/",
                "vote page": f"/ru/votes/{picked['vote']}/",
                "deputy page": f"/ru/deputies/{picked['deputy']}/",
                "bills list with a search": f"/ru/bills/?q={q}",
                "bills list": "/ru/bills/",
                "home": "/ru/",
            }
            result["pages"] = {
                name: latency(base, path, seconds=s, connections=c) for name, path in pages.items()
            }
        if "search" in run:
            print("Measuring search …", flush=True)
            result["search"] = {}
            for lang, terms in picked["terms"].items():
                for kind, term in terms.items():
                    path = f"/api/v1/bills/?q={quote(term)}"
                    row = latency(base, path, seconds=max(3, s // 2), connections=1)
                    row["term"] = term
                    result["search"][f"{lang} {kind}"] = row

        if "mixed" in run:
            print(f"Mixed load, {args.mixed_seconds} s at 32 connections …", flush=True)
            body = repost_body(base, picked["vote"])
            status, answer = fetch(
                base,
                "/api/v1/votes/",
                "POST",
                body.encode(),
                {"Content-Type": "application/json", "Authorization": f"Token {token}"},
            )
            if status != 200:
                raise SystemExit(f"re-posting a vote answered {status}: {answer[:500]!r}")
            with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as lines:
                for row in mixed_requests(picked, body):
                    lines.write(json.dumps(row, ensure_ascii=False) + "\n")
            mixed = wrk(
                base + "/",
                seconds=args.mixed_seconds,
                connections=32,
                script=MIXED_LUA,
                args=[lines.name, token],
            )
            os.unlink(lines.name)
            mixed["errors_5xx"] = sum(v for k, v in mixed["by_class"].items() if k.endswith("5xx"))
            mixed["ok"] = mixed["errors_5xx"] == 0 and mixed["socket_errors"] == 0
            result["mixed"] = mixed

        if "worker" in run:
            print("Building reports through the Celery worker …", flush=True)
            result["worker_reports"] = through_worker(base, token)
        result["memory_mb"] = {
            "gunicorn workers": [peak_rss_mb(pid) for pid in children(web.pid)],
            "celery worker": [peak_rss_mb(pid) for pid in [worker.pid, *children(worker.pid)]],
        }
    finally:
        for process in (web, worker):
            process.terminate()
        for process in (web, worker):
            process.wait(timeout=60)
        log.close()
        worker_log.close()

    if "reports" in run:
        print("Timing the reports against raw SQL …", flush=True)
        result["reports"] = run_json(env, "bench/reports.py", RESULTS / "reports.json")
    if "plans" in run:
        print("Explaining the main queries …", flush=True)
        result["plans"] = run_json(
            env, "bench/plans.py", RESULTS / "plans.json", "--out", str(RESULTS / "plans")
        )
    out = RESULTS / f"bench-{args.scale}.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str) + "\n")
    print_table(result)
    print(f"\nWritten to {out.relative_to(ROOT)}")


def through_worker(base: str, token: str) -> list[dict]:
    """Asks for the deputies report and the dump of the latest convocation over the API and
    waits for the Celery worker to finish them."""
    headers = {"Content-Type": "application/json", "Authorization": f"Token {token}"}
    done = []
    for kind in ("deputies", "dump"):
        started = time.monotonic()
        status, body = fetch(base, "/api/v1/reports/", "POST", json.dumps({"kind": kind}), headers)
        if status not in (200, 202):
            raise SystemExit(f"POST /api/v1/reports/ {kind}: {status} {body[:300]!r}")
        url = urlsplit(json.loads(body)["url"]).path
        while True:
            report = json.loads(fetch(base, url)[1])
            if report["status"] in ("done", "failed"):
                break
            time.sleep(0.5)
        done.append(
            {"kind": kind, "status": report["status"], "s": round(time.monotonic() - started, 1)}
        )
    return done


def run_json(env: dict, script: str, out: Path, *args: str):
    subprocess.run([PYTHON, script, *args], cwd=ROOT, env={**env, "DEBUG": "0"}, check=True)
    return json.loads(out.read_text())


def print_table(r: dict) -> None:
    print(f"\n== {r['scale']} scale ({r['cpus']} CPUs, gunicorn {r['workers']}×{r['threads']})")
    if "load_s" in r:
        print(f"load: {r['load_s']} s — {r['load']}")
    if "api" in r:
        print_api(r)
    if "pages" in r:
        print_pages(r)
    if "search" in r:
        print_search(r)
    print_rest(r)


def print_api(r: dict) -> None:
    print(f"\n{'API list (8 connections)':<58}{'req/s':>9}{'raw':>9}{'ratio':>7}  target")
    for row in r["api"]:
        mark = "ok" if row["ok"] else "MISSED"
        print(
            f"{row['path']:<58}{row['api_rps']:>9}{row['raw_rps']:>9}{row['ratio']:>7}"
            f"  >= 0.7 {mark}"
        )


def print_pages(r: dict) -> None:
    print(f"\n{'page (8 connections)':<40}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for name, row in r["pages"].items():
        print(f"{name:<40}{row['rps']:>9}{row['p50_ms']:>9}{row['p95_ms']:>9}{row['p99_ms']:>9}")


def print_search(r: dict) -> None:
    print(f"\n{'search (1 connection)':<40}{'term':<20}{'p50 ms':>9}{'p95 ms':>9}")
    for name, row in r["search"].items():
        print(f"{name:<40}{row['term']:<20}{row['p50_ms']:>9}{row['p95_ms']:>9}")


def print_rest(r: dict) -> None:
    if "mixed" in r:
        m = r["mixed"]
        print(
            f"\nmixed load 32 connections: {m['rps']} req/s, p50 {ms(m['p50_us'])} ms, "
            f"p90 {ms(m['p90_us'])}, p95 {ms(m['p95_us'])}, p99 {ms(m['p99_us'])}, "
            f"max {ms(m['max_us'])}; 5xx {m['errors_5xx']}, socket errors {m['socket_errors']}"
            f" {'ok' if m['ok'] else 'FAILED'}"
        )
        print(f"  by class: {m['by_class']}")
    reports = r.get("reports", {}).get("results", [])
    for row in reports:
        if row is reports[0]:
            print(f"\n{'report':<34}{'runs':>6}{'report s':>10}{'raw s':>10}{'ratio':>7}  target")
        mark = "ok" if row["ok"] else "MISSED"
        print(
            f"{row['kind']:<34}{row['runs']:>6}{row['report_s']:>10}{row['raw_s']:>10}"
            f"{row['ratio']:>7}  <= 1.3 {mark}"
        )
    if "worker_reports" in r:
        print(f"\nreports through the worker: {r['worker_reports']}")
    if "memory_mb" in r:
        print(f"peak memory (MB): {r['memory_mb']}")
    if r.get("plans"):
        print(
            f"\n{'query plans':<40}{'queries':>8}{'total ms':>10}{'slowest ms':>12}  index-driven"
        )
        for row in r["plans"]:
            print(
                f"{row['page']:<40}{row['queries']:>8}{row['total_ms']:>10.2f}"
                f"{row['slowest_ms']:>12.2f}  {'yes' if row['index_driven'] else 'NO'}"
            )


if __name__ == "__main__":
    main()
