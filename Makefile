# Osengo — two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Two test processes: one per core of the project's machines (PYTEST_ARGS= for a serial run).
PYTEST_ARGS ?= -n 2

.DEFAULT_GOAL := help
.PHONY: help run serve test test-postgres lint format messages check bench bench-weight clean

help: ## List the available commands
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-14s %s\n", $$1, $$2}'

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/activate
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# axe-core (accessibility checks in the browser tests) comes from the npm registry when npm is
# there; without npm or Chromium the browser tests are skipped locally (CI installs both).
NPM := $(shell command -v npm 2>/dev/null)
JS_TEST_DEPS := $(if $(NPM),node_modules/.package-lock.json,)
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

run: $(VENV)/.installed ## Install, migrate, load the demo content and serve on 127.0.0.1:8000
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo_data
	$(PY) manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.installed-dev $(JS_TEST_DEPS) ## Run the whole test suite (SQLite by default; DATABASE_URL for PostgreSQL)
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev ## Ruff lint and format check, template indentation check, Django checks, migrations check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check --tabwidth 4 templates
	DJANGO_SETTINGS_MODULE=site_config.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=site_config.settings.test $(PY) manage.py makemigrations --check --dry-run

format: $(VENV)/.installed-dev ## Format Python code and templates
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml --tabwidth 4 templates

messages: $(VENV)/.installed ## Compile locale/fr (our French for Wagtail's own admin strings) after editing the .po
	$(PY) manage.py compilemessages --locale fr --ignore '.venv/*'

check-deploy: $(VENV)/.installed ## Django's deployment checks with the production settings
	DJANGO_SETTINGS_MODULE=site_config.settings.production SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
		ALLOWED_HOSTS=osengo.example $(PY) manage.py check --deploy --fail-level WARNING

# Bounded (< 10 min on 2 cores): 10,000 appointments on SQLite, 100,000 on SQLite and PostgreSQL,
# page cache as shipped / off / Redis, and the peer django-appointment 3.12 in its own virtualenv.
# Data sets are kept in .bench/ between runs. BENCH_ARGS adds options (bench/run.py --help), e.g.
# BENCH_ARGS="--databases sqlite --sizes 2000 --duration 2 --news 30" for a quick check.
bench: $(VENV)/.installed ## Load test under gunicorn (wrk); report in docs/benchmarks/
	$(PY) bench/run.py $(BENCH_ARGS)

# About a minute, no load: the smallest SQLite set (restored from .bench/ when kept), one gunicorn.
bench-weight: $(VENV)/.installed ## Home page weight only; rewrites that section of docs/benchmarks/latest.md
	$(PY) bench/run.py --weight-only $(BENCH_ARGS)

clean: ## Remove the virtualenv, the local database with its media and caches, and generated files
	rm -rf $(VENV) db.sqlite3* .test-db.sqlite3* staticfiles media .cache .test-media .pytest_cache
