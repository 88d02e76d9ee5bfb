"""The production processes for real: gunicorn and Celery workers on PostgreSQL and Redis.

A report requested over the API is built by a worker; a worker killed with SIGKILL in the
middle of a long report loses nothing: the next worker builds it, once.
"""

import datetime
import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
import zipfile
from io import BytesIO

import pytest
from django.conf import settings
from django.db import connection
from rest_framework.authtoken.models import Token

from bills.models import Ballot, Bill, Report, Tally, Vote
from deputies.models import Mandate
from parlament import stack
from tests.conftest import needs_postgresql

# Transactional tests flush the tables afterwards: the reference data from the migrations is
# serialized first and restored after each test.
pytestmark = [
    needs_postgresql,
    pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL (CI's second run sets it)"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
ON = datetime.date(2024, 5, 6)
PYTHON_ROOT = stack.ROOT


@pytest.fixture
def services_env(tmp_path):
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = stack.environment(
        DATABASE_URL=url,
        REDIS_URL=settings.REDIS_URL,
        ALLOWED_HOSTS="127.0.0.1",
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
        CELERY_VISIBILITY_TIMEOUT="10",  # a dead worker's report goes to the next within 10 s
        WEB_CONCURRENCY="1",
        HTTPS="0",
    )
    subprocess.run(
        [stack.PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=PYTHON_ROOT,
        env=env,
        check=True,
    )
    subprocess.run(
        [stack.PYTHON, "-m", "celery", "--app", "parlament", "purge", "-f"],
        cwd=PYTHON_ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    return env


@pytest.fixture
def processes(services_env):
    started = []

    def start(argv, log):
        process = subprocess.Popen(
            argv,
            cwd=PYTHON_ROOT,
            env=services_env,
            start_new_session=True,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(check, seconds=90, every=0.05):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {seconds} s waiting for {check.__name__}")


def many_votes(parliament_bill, count):
    """Enough roll calls that the dump takes a while to write (rows as the services write
    them: one ballot per serving deputy)."""
    deputies = list(Mandate.objects.serving_on(ON, "majilis").values_list("deputy", "chamber"))
    for n in range(count):
        vote = Vote.objects.create(
            bill=parliament_bill,
            body="majilis",
            date=ON,
            motion=f"amendment {n}",
            stage="majilis_committee",
            rule="simple",
            result="passed",
        )
        Tally.objects.create(
            vote=vote,
            chamber_id=deputies[0][1],
            seats=98,
            threshold=50,
            quorum=66,
            yes=98,
            no=0,
            abstain=0,
            absent=0,
            result="passed",
        )
        Ballot.objects.bulk_create(
            Ballot(vote=vote, deputy_id=d, chamber_id=c, option="yes") for d, c in deputies
        )


def test_reports_on_real_workers_survive_a_killed_worker(
    parliament, new_bill, processes, tmp_path, django_user_model
):
    bill = new_bill(on=ON)
    many_votes(bill, 800)
    staff = django_user_model.objects.create_user("clerk", is_staff=True, is_superuser=True)
    token = Token.objects.create(user=staff).key
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    processes(stack.web(port), tmp_path / "web.log")
    first_worker = processes(stack.worker("first"), tmp_path / "worker-1.log")
    wait_for(lambda: http("GET", f"{base}/healthz")[0] == 200)
    assert json.loads(http("GET", f"{base}/healthz")[1]) == {"database": "ok", "broker": "ok"}
    auth = {"Authorization": f"Token {token}"}

    # A report requested over the API is built by the worker.
    status, body = http("POST", f"{base}/api/v1/reports/", {"kind": "activity"}, auth)
    assert status == 202, body
    status_url = json.loads(body)["url"]
    wait_for(lambda: json.loads(http("GET", status_url)[1])["status"] == "done")
    assert http("GET", f"{base}/en/stats/")[0] == 200

    # Kill the worker in the middle of a long report; a new worker builds it, once.
    status, body = http("POST", f"{base}/api/v1/reports/", {"kind": "dump"}, auth)
    dump = Report.objects.get(uuid=json.loads(body)["id"])
    wait_for(lambda: Report.objects.get(pk=dump.pk).status == "running", every=0.01)
    os.killpg(first_worker.pid, signal.SIGKILL)
    first_worker.wait(timeout=10)
    dump.refresh_from_db()
    assert (dump.status, dump.attempts) == ("running", 1), "the dump finished before the kill"
    processes(stack.worker("second"), tmp_path / "worker-2.log")
    wait_for(lambda: Report.objects.get(pk=dump.pk).status == "done", seconds=120)
    dump.refresh_from_db()
    assert dump.attempts == 2
    files = list((tmp_path / "media" / "reports").iterdir())
    assert [f.name for f in files] == [os.path.basename(dump.file.name)]
    status, archive = http("GET", f"{base}/api/v1/reports/{dump.uuid}/file")
    assert status == 200
    names = zipfile.ZipFile(BytesIO(archive)).namelist()
    assert any(name.startswith("ballots") for name in names)
    assert Bill.objects.count() == 1


def http(method, url, body=None, headers=None) -> tuple[int, bytes]:
    """(status, body); status 0 while the server is not up yet."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        url,
        data=data,
        method=method,
        headers={"Content-Type": "application/json", **(headers or {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except (urllib.error.URLError, ConnectionError):
        return 0, b""
