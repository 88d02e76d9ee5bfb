"""The production configuration: deploy checks, the compose file, health."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SERVICES = {"db", "redis", "migrate", "web", "worker", "beat"}


def test_check_deploy_is_clean_with_production_settings():
    # DJANGO_ALLOW_ASYNC_UNSAFE is set for the browser tests; production never sets it.
    unset = ("DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env |= {
        "SECRET_KEY": "p" * 60 + "Q9!x",
        "HTTPS": "1",
        "ALLOWED_HOSTS": "parlament.kz",
        "STATIC_MANIFEST": "1",
        "DEBUG": "0",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


def test_compose_names_every_service_and_variable():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == SERVICES
    for name in ("web", "worker", "beat", "migrate"):
        assert services[name]["env_file"] == ".env"
        assert {"DATABASE_URL", "REDIS_URL"} <= set(services[name]["environment"])
    for name in ("web", "worker"):
        conditions = services[name]["depends_on"]
        assert conditions["db"]["condition"] == "service_healthy"
        assert conditions["redis"]["condition"] == "service_healthy"
        assert conditions["migrate"]["condition"] == "service_completed_successfully"
    assert "healthcheck" in services["db"] and "healthcheck" in services["redis"]
    assert set(compose["volumes"]) >= {"pgdata", "media"}
    # Every variable the settings read is documented in .env.example or set by compose.
    settings = (ROOT / "parlament" / "settings.py").read_text()
    read = set(re.findall(r'env(?:_bool|_int|_list|\.str)\(\s*"([A-Z_]+)"', settings))
    documented = set(re.findall(r"^#?\s*([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert read - documented - {"DATABASE_URL", "REDIS_URL"} == set()
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS"} <= read


def test_healthz_reports_database_and_broker(client, db, settings):
    settings.REDIS_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "not configured (tasks run in-process)"}
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"].startswith("error")


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI sets it)")
def test_healthz_with_redis(client, db, settings):
    settings.REDIS_URL = os.environ["REDIS_URL"]
    assert client.get("/healthz").json()["broker"] == "ok"
