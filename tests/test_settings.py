"""Settings come from the environment, and a bad value stops the start with its name."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.conftest import needs_postgresql

ROOT = Path(__file__).resolve().parent.parent
PROBE = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'db': s.DATABASES['default']['ENGINE'], "
    "'cache': s.CACHES['default']['BACKEND'], 'eager': s.CELERY_TASK_ALWAYS_EAGER, "
    "'broker': s.CELERY_BROKER_URL, 'debug': s.DEBUG, 'lang': s.LANGUAGE_CODE, "
    "'tz': s.TIME_ZONE, 'hosts': s.ALLOWED_HOSTS}))"
)
OURS = ("DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS")


def start(**env):
    base = {k: v for k, v in os.environ.items() if k not in OURS}
    base["DJANGO_SETTINGS_MODULE"] = "parlament.settings"
    return subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=base | env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def settings_with(**env):
    result = start(**env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def failure_of(**env):
    result = start(**env)
    assert result.returncode != 0
    return result.stderr.strip().splitlines()[-1]


def test_defaults_are_sqlite_in_process_kazakh_and_almaty_time():
    s = settings_with(DEBUG="1")
    assert s["db"] == "django.db.backends.sqlite3"
    assert s["cache"].endswith("LocMemCache")
    assert s["eager"] is True
    assert (s["lang"], s["tz"]) == ("kk", "Asia/Almaty")


def test_postgresql_and_redis_urls_switch_the_services():
    s = settings_with(
        SECRET_KEY="k" * 50,
        DATABASE_URL="postgres://user:pw@db:5432/parlament",
        REDIS_URL="redis://cache:6379/0",
        ALLOWED_HOSTS="parlament.kz, www.parlament.kz",
    )
    assert s["db"] == "django.db.backends.postgresql"
    assert s["cache"].endswith("RedisCache")
    assert (s["eager"], s["broker"]) == (False, "redis://cache:6379/0")
    assert (s["debug"], s["hosts"]) == (False, ["parlament.kz", "www.parlament.kz"])


def test_secret_key_is_required_when_debug_is_off():
    message = failure_of(DEBUG="0")
    assert "SECRET_KEY is required when DEBUG is off" in message


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"DEBUG": "maybe"}, "DEBUG"),
        ({"DEBUG": "1", "DATABASE_URL": "mysql://u@h/db"}, "DATABASE_URL"),
        ({"DEBUG": "1", "DATABASE_URL": "not a url"}, "DATABASE_URL"),
        ({"DEBUG": "1", "REDIS_URL": "http://cache:6379"}, "REDIS_URL"),
        ({"DEBUG": "1", "CONN_MAX_AGE": "soon", "DATABASE_URL": "postgres://h/db"}, "CONN_MAX_AGE"),
        ({"DEBUG": "1", "CSRF_TRUSTED_ORIGINS": "parlament.kz"}, "CSRF_TRUSTED_ORIGINS"),
    ],
)
def test_a_bad_value_names_the_variable(env, named):
    message = failure_of(**env)
    assert "ImproperlyConfigured" in message
    assert named in message


@needs_postgresql
@pytest.mark.django_db
def test_postgresql_connections_run_without_jit():
    """JIT compilation costs more than the portal's queries take (bench/plans.py)."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_database_url_options_come_after_and_win():
    probe = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DATABASES['default']['OPTIONS']['options'])"
    )
    base = {k: v for k, v in os.environ.items() if k not in OURS}
    url = "postgres://user:pw@db:5432/parlament?options=-c%20jit%3Don"
    env = base | {"DJANGO_SETTINGS_MODULE": "parlament.settings", "DEBUG": "1", "DATABASE_URL": url}
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "-c jit=off -c jit=on", result.stderr
