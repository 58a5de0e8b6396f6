# Kohtaamo. `make run` starts the demo, `make test` runs the tests; see README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Django 6 needs Python 3.12 or newer: take the first one found on PATH or in pyenv.
PYTHON ?= $(shell for p in python3.13 python3.12 python3 $(HOME)/.pyenv/versions/3.13*/bin/python3 $(HOME)/.pyenv/versions/3.12*/bin/python3 /usr/local/bin/python3.1[2-9] /usr/bin/python3.1[2-9]; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then command -v $$p; break; fi; done)
PO_FILES := $(wildcard kohtaamo/locale/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)
CHROMIUM ?= /usr/bin/chromium
PG_URL ?= postgres://postgres@127.0.0.1:5432
RUN_ID := $(shell date +%s)_$$$$

.PHONY: system-packages help install run test test-unit test-postgres e2e lint format bench messages makemessages chromium check-deploy clean

help:
	@echo "make run            start the demo on http://$(HOST):$(PORT) (SQLite, demo data)"
	@echo "make test           run the whole test suite (SQLite, browser tests included)"
	@echo "make test-postgres  run the suite on PostgreSQL (a fresh database each run)"
	@echo "make e2e            run only the browser tests"
	@echo "make lint           ruff lint and format check, mypy type check"
	@echo "make bench          run the benchmarks, results in bench/results/"

# Debian libraries that WeasyPrint (PDF lists) needs, and the Swedish Hunspell dictionary
# the search splits Swedish compounds with; installed only when missing.
SYSTEM_LIBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext hunspell-sv

system-packages:
	@missing=""; for pkg in $(SYSTEM_LIBS); do dpkg-query -W -f='$${Status}' $$pkg 2>/dev/null | grep -q "ok installed" || missing="$$missing $$pkg"; done; \
	if [ -n "$$missing" ]; then echo "Installing Debian packages:$$missing"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) \
		|| { echo "Could not install$$missing: install them as root."; exit 1; }; fi

$(VENV)/.installed: pyproject.toml | system-packages
	@test -n "$(PYTHON)" || { echo "Kohtaamo needs Python 3.12 or newer; none was found."; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $@

install: $(VENV)/.installed

%.mo: %.po | system-packages
	msgfmt --check-format -o $@ $<

messages: $(MO_FILES)

makemessages: install
	cd kohtaamo && ../$(PY) ../manage.py makemessages --no-obsolete --no-location -l fi -l sv -l en -i "static/*"

run: install messages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

# Debian's chromium drives the browser tests; Playwright downloads no browser of its own.
chromium:
	@test -x $(CHROMIUM) || { echo "Installing Debian's chromium for the browser tests"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null) \
		|| { echo "Could not install chromium: run 'apt-get install chromium' as root."; exit 1; }; }

test: install messages chromium
	$(PY) -m pytest

test-unit: install messages
	$(PY) -m pytest -m "not e2e"

test-postgres: install messages
	DATABASE_URL=$(PG_URL)/kohtaamo_$(RUN_ID) $(PY) -m pytest -m "not e2e" --create-db -p no:cacheprovider

e2e: install messages chromium
	$(PY) -m pytest -m e2e

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	PYTHONPATH=$(CURDIR) $(VENV)/bin/mypy kohtaamo

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check-deploy: install
	KOHTAAMO_ENV=production SECRET_KEY=$$(head -c 48 /dev/urandom | base64) ALLOWED_HOSTS=kohtaamo.example.fi \
		CACHE_URL=$${CACHE_URL:-redis://127.0.0.1:6379/0} \
		$(PY) manage.py check --deploy --fail-level WARNING

bench: install messages
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) staticfiles var .pytest_cache .ruff_cache
