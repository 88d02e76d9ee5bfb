PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test stack lint format migrations-check messages bench bench-vote clean

$(VENV)/installed: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed: make PYTHON=python3.11 ...")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/installed-dev: requirements-dev.txt $(VENV)/installed
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

## run: set up .venv and a SQLite database with demo data, then serve the portal
run: $(VENV)/installed
	DEBUG=$${DEBUG:-1} $(PY) manage.py quickstart
	DEBUG=$${DEBUG:-1} $(PY) manage.py runserver $(HOST):$(PORT)

## test: the whole suite (SQLite by default; DATABASE_URL and REDIS_URL switch to real services)
test: $(VENV)/installed-dev
	SECRET_KEY=$${SECRET_KEY:-tests-only-secret-key} $(PY) -m pytest $(PYTEST_ARGS)

## stack: the production processes (gunicorn, Celery worker and beat) on the local PostgreSQL and Redis
stack: $(VENV)/installed
	$(PY) -m parlament.stack

lint: $(VENV)/installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: $(VENV)/installed
	DEBUG=1 DATABASE_URL=sqlite:///:memory: $(PY) manage.py makemigrations --check --dry-run

## messages: refresh the kk/ru/en catalogs from the code, then compile them
messages: $(VENV)/installed
	DEBUG=1 $(PY) manage.py makemessages --no-obsolete --no-location -l kk -l ru -l en -i '.venv/*' -i 'staticfiles/*'
	DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv

## bench: the benchmark suite on PostgreSQL and Redis (SCALE=national|large|demo; BENCH_ARGS=...)
SCALE ?= national
bench: $(VENV)/installed-dev
	@command -v wrk >/dev/null || { test "$$(id -u)" = 0 && apt-get install -y -qq wrk; } || { echo "wrk is needed: sudo apt-get install wrk"; exit 1; }
	$(PY) bench/run.py --scale $(SCALE) $(BENCH_ARGS)

## bench-vote: a 98-ballot roll call through the API against raw SQL (DATABASE_URL picks the database)
bench-vote: $(VENV)/installed-dev
	$(PY) bench/vote_api.py

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm staticfiles
