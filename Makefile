# make run   set up everything and serve the dashboard on http://127.0.0.1:8000 (SQLite)
# make test  run the test suite (SQLite by default; set DATABASE_URL for PostgreSQL)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed-from-lock
NODE_INSTALLED := node_modules/.installed-from-lock
HOST ?= 127.0.0.1
PORT ?= 8000
GOVUK_FRONTEND_VERSION := $(shell cat static/govuk-frontend/VERSION)

BENCH_DATABASE_URL ?= sqlite:///$(CURDIR)/.bench.sqlite3
# The production stance, on this machine over plain HTTP.
BENCH_ENV := DATABASE_URL=$(BENCH_DATABASE_URL) DEBUG=0 SECURE_SSL_REDIRECT=0 ALLOWED_HOSTS=127.0.0.1,localhost,testserver \
	SECRET_KEY=benchmark-only-secret-key-not-for-deployment-0123456789abcdef

LOADTEST_DATABASE := roadmap_loadtest
LOADTEST_ENV := DATABASE_URL=postgres://postgres@127.0.0.1:5432/$(LOADTEST_DATABASE) DEBUG=0 SECURE_SSL_REDIRECT=0 \
	BEHIND_TLS_PROXY=1 ALLOWED_HOSTS=127.0.0.1,localhost SECRET_KEY=load-test-only-secret-key-0123456789abcdefghij

.PHONY: run test lint format migrations-check check-deploy collectstatic lock vendor-govuk-frontend clean bench node_modules loadtest

$(INSTALLED): requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; this is " + sys.version.split()[0] + ". Set PYTHON=/path/to/python3.11.")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-virtualenv -r requirements.lock
	@touch $@

run: $(INSTALLED)
	DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DEBUG=1 $(BIN)/python manage.py load_report
	DEBUG=1 $(BIN)/python manage.py seed_demo
	DEBUG=1 $(BIN)/python manage.py publish_exports http://$(HOST):$(PORT)
	@echo "Serving the dashboard on http://$(HOST):$(PORT)/ (Ctrl-C stops it)"
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

# axe-core and the Nu HTML Checker for the browser tests. --ignore-scripts: vnu-jar's install script
# would fetch a Java runtime from outside the registry when it finds no system Java; the tests use the system one.
$(NODE_INSTALLED): package-lock.json
	@if command -v npm >/dev/null; then npm ci --ignore-scripts --no-audit --no-fund && touch $@; \
	else echo "npm not found: the browser tests will skip (make test still runs the rest)"; fi

node_modules: $(NODE_INSTALLED)

test: $(INSTALLED) $(NODE_INSTALLED)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(INSTALLED)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: $(INSTALLED)
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

# The production stance: DEBUG off, a real-looking key and host, every deploy check a failure.
check-deploy: $(INSTALLED)
	DEBUG=0 SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
		ALLOWED_HOSTS=roadmap.example.gov.uk $(BIN)/python manage.py check --deploy --fail-level WARNING

collectstatic: $(INSTALLED)
	DEBUG=1 $(BIN)/python manage.py collectstatic --no-input --verbosity 0

# Not part of make test: builds a synthetic dataset about twenty times the report's in a
# throwaway database and measures every page type (see the README for the last results).
bench: $(INSTALLED)
	@command -v wrk >/dev/null || apt-get install -y -qq wrk
	rm -f .bench.sqlite3
	$(BENCH_ENV) $(BIN)/python manage.py migrate --no-input --verbosity 0
	DEBUG=1 $(BIN)/python manage.py collectstatic --no-input --verbosity 0
	$(BENCH_ENV) $(BIN)/python manage.py bench --json bench-results.json
	rm -f .bench.sqlite3

# Not part of make test: gunicorn on PostgreSQL under 60 s of mixed traffic at 32 connections,
# with PostgreSQL restarted part-way. Needs the local PostgreSQL (user postgres, trust auth).
loadtest: $(INSTALLED)
	dropdb --if-exists -h 127.0.0.1 -U postgres $(LOADTEST_DATABASE)
	createdb -h 127.0.0.1 -U postgres $(LOADTEST_DATABASE)
	DEBUG=1 $(BIN)/python manage.py collectstatic --no-input --verbosity 0
	$(LOADTEST_ENV) $(BIN)/python manage.py loadtest

# Regenerate requirements.lock from pyproject.toml (needs pip-tools).
lock:
	pip-compile --quiet --extra dev --strip-extras --no-emit-index-url --no-emit-find-links \
		--output-file requirements.lock pyproject.toml

# Refresh the vendored GOV.UK Frontend from npm: make vendor-govuk-frontend GOVUK_FRONTEND_VERSION=x.y.z
vendor-govuk-frontend:
	rm -rf .vendor-tmp && mkdir .vendor-tmp
	cd .vendor-tmp && npm pack --silent govuk-frontend@$(GOVUK_FRONTEND_VERSION) && tar xzf govuk-frontend-*.tgz
	rm -rf static/govuk-frontend && mkdir -p static/govuk-frontend
	cp .vendor-tmp/package/dist/govuk/govuk-frontend.min.css* .vendor-tmp/package/dist/govuk/govuk-frontend.min.js* static/govuk-frontend/
	cp -r .vendor-tmp/package/dist/govuk/assets static/govuk-frontend/
	# The stylesheet points at /assets/; make it relative so the files are served from STATIC_URL.
	sed -i 's#url(/assets/#url(assets/#g' static/govuk-frontend/govuk-frontend.min.css
	echo $(GOVUK_FRONTEND_VERSION) > static/govuk-frontend/VERSION
	rm -rf .vendor-tmp

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 node_modules
