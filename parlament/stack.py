"""The production processes on this machine, without Docker: `make stack`.

Runs migrate and collectstatic, then gunicorn, a Celery worker and Celery beat against the
PostgreSQL and Redis named by DATABASE_URL and REDIS_URL, with production settings
(DEBUG off, hashed static files). Ctrl-C stops them all.
"""

import os
import secrets
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def environment(**extra) -> dict[str, str]:
    env = os.environ.copy()
    env.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/parlament")
    env.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
    env.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    env.update(DEBUG="0", STATIC_MANIFEST="1", DJANGO_SETTINGS_MODULE="parlament.settings")
    env.update(extra)
    return env


def web(port: int = 8000, app: str = "parlament.wsgi", *options: str) -> list[str]:
    return [
        PYTHON,
        "-m",
        "gunicorn",
        "--config",
        "parlament/gunicorn.py",
        "--bind",
        f"127.0.0.1:{port}",
        *options,
        app,
    ]


def worker(name: str = "worker") -> list[str]:
    return [
        PYTHON,
        "-m",
        "celery",
        "--app",
        "parlament",
        "worker",
        "--loglevel",
        "INFO",
        "--concurrency",
        "1",
        "--hostname",
        f"{name}@%h",
    ]


def beat(schedule: str = "/tmp/parlament-celerybeat") -> list[str]:
    return [
        PYTHON,
        "-m",
        "celery",
        "--app",
        "parlament",
        "beat",
        "--loglevel",
        "INFO",
        "--schedule",
        schedule,
    ]


def prepare(env) -> None:
    for command in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True)


def main() -> None:
    env = environment()
    prepare(env)
    port = int(env.get("PORT", "8000"))
    processes = [
        subprocess.Popen(argv, cwd=ROOT, env=env) for argv in (web(port), worker(), beat())
    ]
    print(f"Serving http://127.0.0.1:{port} with a Celery worker and beat. Ctrl-C stops.")

    def stop(*_):
        for process in processes:
            process.terminate()

    signal.signal(signal.SIGTERM, stop)
    try:
        for process in processes:
            process.wait()
    except KeyboardInterrupt:
        stop()
        for process in processes:
            process.wait()


if __name__ == "__main__":
    main()
