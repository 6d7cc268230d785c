# Balanse: the two commands a newcomer needs are `make demo` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= $(shell for p in python3.12 python3.13 python3; do command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; break; }; done)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in e-mails, QR codes and credentials point at the address the demo serves on (unless SITE_URL is set).
DEMO_ENV := SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)} ALLOWED_HOSTS=$${ALLOWED_HOSTS:-$(HOST),127.0.0.1,localhost}

.PHONY: help setup demo serve test lint messages browser clean

help:
	@echo "make demo   set everything up, load demo data and serve http://$(HOST):$(PORT)"
	@echo "make test   set everything up and run all checks and tests (SQLite, or DATABASE_URL)"

$(PY):
	@if [ -z "$(PYTHON)" ]; then echo "Python 3.12 or newer is needed (see .python-version)"; exit 1; fi
	@echo "==> Creating the virtual environment in $(VENV) with $$($(PYTHON) --version)"
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.lock | $(PY)
	@echo "==> Installing the locked dependencies (requirements.lock, hashes checked)"
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	@touch $@

setup: $(VENV)/.installed
	@command -v msgfmt >/dev/null 2>&1 || { echo "==> Installing gettext (msgfmt) for the translations"; scripts/apt-install.sh gettext; }
	@echo "==> Compiling the translations (nb, en)"
	@$(PY) manage.py compilemessages --ignore=.venv --ignore=var -v0
	@echo "==> Migrating the database ($${DATABASE_URL:-SQLite in var/})"
	@$(PY) manage.py migrate --no-input -v0

demo: setup
	@echo "==> Loading the default content and demo data (safe to repeat)"
	@$(DEMO_ENV) $(PY) manage.py load_demo
	@echo "==> Serving http://$(HOST):$(PORT) with uvicorn (ASGI). Stop with Ctrl+C."
	@echo "    E-mails (log-in codes, invitations) are printed below and shown at http://$(HOST):$(PORT)/dev/outbox/"
	@$(DEMO_ENV) $(VENV)/bin/uvicorn balanse.asgi:application --host $(HOST) --port $(PORT) --log-level warning

serve: setup
	@$(DEMO_ENV) $(VENV)/bin/uvicorn balanse.asgi:application --host $(HOST) --port $(PORT) --reload

browser:
	@scripts/ensure-chromium.sh

lint: $(VENV)/.installed
	@echo "==> ruff format --check and ruff check"
	@$(VENV)/bin/ruff format --check --quiet .
	@$(VENV)/bin/ruff check --quiet .
	@echo "==> Checking the architecture's import contracts (import-linter, see docs/architecture.md)"
	@set -o pipefail; $(VENV)/bin/lint-imports --no-cache | tail -n 1

test: setup browser lint
	@echo "==> Checking that every model change has a migration"
	@DJANGO_ENV=test $(PY) manage.py makemigrations --check --dry-run -v0
	@echo "==> Checking production settings (check --deploy)"
	@DJANGO_ENV=production SECRET_KEY=ci-check-only-$$(date +%s)-abcdefghijklmnopqrstuvwxyz0123456789 ALLOWED_HOSTS=balanse.example $(PY) manage.py check --deploy --fail-level WARNING
	@if [ -n "$$DATABASE_URL" ]; then echo "==> Running pytest against $$DATABASE_URL"; else echo "==> Running pytest against SQLite"; fi
	@DJANGO_ENV=test $(VENV)/bin/pytest -n 2 -p no:cacheprovider $(PYTEST_ARGS)

messages: $(VENV)/.installed
	@echo "==> Updating the nb and en catalogs (en is filled from the English source)"
	@$(PY) scripts/messages.py

clean:
	rm -rf $(VENV) var/static
