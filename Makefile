# KLOCKET portal. `make run` serves the portal with demo data; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
DEV_ENV := DJANGO_DEBUG=1
PO_FILES := $(wildcard locale/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)
CHROMIUM ?= /usr/bin/chromium

.PHONY: help run setup test test-unit lint format migrations messages translations browser clean vendor-bootstrap vendor-fonts check-deploy bench bench-load bench-signup wrk-tool backup restore

help:
	@echo "make run        set up (venv, SQLite under var/, demo data) and serve http://127.0.0.1:8000/"
	@echo "make test       set up and run every test, browser tests included"
	@echo "make test-unit  every test except the browser tests"
	@echo "make lint       ruff"
	@echo "make messages   update locale/*/django.po from the code, then translate them"
	@echo "make bench      query counts and times of the public pages on 100,000 dates (PostgreSQL), then make bench-load and make bench-signup"
	@echo "make bench-load load test: gunicorn + wrk, requests/s and p50/p99 per page (LOAD_ARGS=\"--duration 10\")"

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.base-installed: requirements/base.txt | $(BIN)/activate
	$(PY) -m pip install --quiet -r requirements/base.txt
	touch $@

$(VENV)/.dev-installed: requirements/dev.txt requirements/base.txt | $(BIN)/activate
	$(PY) -m pip install --quiet -r requirements/dev.txt
	touch $@ $(VENV)/.base-installed

# $(call debian-tool,command,package): install a missing Debian package with apt-get when root,
# otherwise say what to install and stop.
define debian-tool
@command -v $(1) >/dev/null || { \
  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
    echo "Installing $(2) ($(1)) with apt-get"; \
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) >/dev/null; \
  else echo "$(1) is missing: install it (sudo apt-get install $(2))"; exit 1; fi; }
endef

# Translations: msgfmt comes with GNU gettext (Debian package gettext).
gettext-tools:
	$(call debian-tool,msgfmt,gettext)

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po | gettext-tools
	msgfmt --check-format -o $@ $<

translations: $(MO_FILES)

setup: $(VENV)/.base-installed translations
	@mkdir -p var
	$(DEV_ENV) $(PY) manage.py migrate --noinput -v 0
	$(DEV_ENV) $(PY) manage.py load_demo --with-users

run: setup
	@echo "Serving the portal on http://127.0.0.1:8000/ (Ctrl-C stops it)"
	$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:8000

# Browser tests drive Debian's Chromium through Playwright (no browser download needed).
browser:
	@if [ -x "$(CHROMIUM)" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
	  echo "No $(CHROMIUM): trying Playwright's own Chromium (or install Debian's: sudo apt-get install chromium)"; \
	  $(BIN)/playwright install chromium || { echo "Install chromium, or set CHROMIUM=/path/to/chromium"; exit 1; }; \
	fi

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .

test: $(VENV)/.dev-installed translations browser lint
	@mkdir -p var
	KLOCKET_CHROMIUM=$(CHROMIUM) $(PY) -m pytest $(PYTEST_ARGS)

test-unit: $(VENV)/.dev-installed translations
	@mkdir -p var
	$(PY) -m pytest -m "not e2e" $(PYTEST_ARGS)

format: $(VENV)/.dev-installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

migrations: $(VENV)/.dev-installed
	$(DEV_ENV) $(PY) manage.py makemigrations

# Extract strings into the .po files; translate the new entries before committing.
# Every language KLOCKET_LANGUAGES may offer (klocket/languages.py) gets a catalogue; month and
# weekday names are filled from Django's catalogues or CLDR (klocket/date_names.py).
LANGUAGE_CODES = $(shell $(PY) -c 'from klocket.languages import LANGUAGES_KNOWN; print(" ".join(LANGUAGES_KNOWN))' 2>/dev/null || echo sv en)
messages: $(VENV)/.dev-installed gettext-tools
	$(DEV_ENV) $(PY) manage.py makemessages $(foreach code,$(LANGUAGE_CODES),-l $(code)) --no-obsolete --ignore=.venv --ignore=var --ignore=static/vendor --ignore=tests
	$(PY) -m klocket.i18n_tools fill-english locale/en/LC_MESSAGES/django.po
	$(foreach code,$(LANGUAGE_CODES),$(PY) -m klocket.i18n_tools fill-dates locale/$(code)/LC_MESSAGES/django.po $(code) &&) true

# Query counts and server times of the public pages on 100,000 generated dates (PostgreSQL in
# BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/klocket_bench), then the load
# test on the same data: gunicorn (gunicorn.conf.py) driven by wrk, requests/s and p50/p99 of
# each page against a trivial view (tests/bench/run_load.py; needs Redis on 127.0.0.1:6379).
# Options: BENCH_ARGS="--runs 10" for run_bench.py, LOAD_ARGS="--duration 10" for run_load.py.
bench: $(VENV)/.dev-installed translations wrk-tool
	$(PY) tests/bench/run_bench.py $(BENCH_ARGS)
	$(MAKE) --no-print-directory bench-load
	$(MAKE) --no-print-directory bench-signup

# The sign-up form posted by wrk at 64 connections (tests/bench/run_signup.py, its own database in
# BENCH_SIGNUP_DATABASE_URL): requests/s, errors, and exactly the places booked, the rest waiting.
bench-signup: $(VENV)/.dev-installed translations wrk-tool
	$(PY) tests/bench/run_signup.py $(SIGNUP_ARGS)

bench-load: $(VENV)/.dev-installed translations wrk-tool
	$(PY) tests/bench/run_load.py $(LOAD_ARGS)

# The HTTP load generator of make bench-load (Debian package wrk).
wrk-tool:
	$(call debian-tool,wrk,wrk)

check-deploy: $(VENV)/.base-installed
	DJANGO_DEBUG=0 DJANGO_SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	  DJANGO_ALLOWED_HOSTS=klocket.example.org $(PY) manage.py check --deploy --fail-level WARNING

# Back up the database and the uploaded files into $(BACKUP_DIR)/klocket-<time>/; restore one with
# make restore BACKUP=<backup dir, its manifest.json or a tar archive of it> [FORCE=1] (docs/deploy.md).
# Settings come from the environment as for the portal; ENV_FILE=/etc/klocket/klocket.env reads a
# server's environment file as systemd does; with neither DJANGO_SECRET_KEY nor DJANGO_DEBUG set,
# the development database under var/ is used.
BACKUP_DIR ?= var/backups
BACKUP_MANAGE = $(if $(ENV_FILE),KLOCKET_ENV_FILE=$(abspath $(ENV_FILE)) deploy/klocket-manage,$(if $(DJANGO_SECRET_KEY)$(DJANGO_DEBUG),,$(DEV_ENV) )$(PY) manage.py)

backup:
	@test -x $(PY) || { echo "No $(PY): run make setup, or install the venv as docs/deploy.md says"; exit 1; }
	$(BACKUP_MANAGE) backup --output-dir "$(BACKUP_DIR)"

restore:
	@test -n "$(BACKUP)" || { echo "Usage: make restore BACKUP=var/backups/klocket-<time> [FORCE=1]"; exit 2; }
	@test -x $(PY) || { echo "No $(PY): run make setup, or install the venv as docs/deploy.md says"; exit 1; }
	$(BACKUP_MANAGE) restore "$(BACKUP)"$(if $(FORCE), --force)

# Refresh the vendored Bootstrap from the npm registry: make vendor-bootstrap BOOTSTRAP=5.3.9
BOOTSTRAP ?= 5.3.9
vendor-bootstrap:
	cd /tmp && rm -rf package && npm pack bootstrap@$(BOOTSTRAP) --silent && tar xzf bootstrap-$(BOOTSTRAP).tgz
	cp /tmp/package/dist/css/bootstrap.min.css* /tmp/package/dist/css/bootstrap.rtl.min.css* /tmp/package/dist/js/bootstrap.bundle.min.js* /tmp/package/LICENSE static/vendor/bootstrap/

# Refresh the vendored Noto fonts (fontsource packages on the npm registry): the Arabic subset
# for ar and fa, the Ethiopic subset for ti, regular and bold, with their licence (SIL OFL).
# static/css/fonts.css declares them with unicode-range, so a browser downloads a file only for
# a page that shows that script.
FONTSOURCE ?= 5.3.0
vendor-fonts:
	@set -e; for font in arabic:arabic ethiopic:ethiopic; do \
	  family=$${font%%:*}; subset=$${font##*:}; dir=static/vendor/fonts/noto-sans-$$family; \
	  rm -rf /tmp/fontsource && mkdir -p /tmp/fontsource $$dir; \
	  (cd /tmp/fontsource && npm pack @fontsource/noto-sans-$$family@$(FONTSOURCE) --silent >/dev/null && tar xzf *.tgz); \
	  for weight in 400 700; do \
	    cp /tmp/fontsource/package/files/noto-sans-$$family-$$subset-$$weight-normal.woff2 $$dir/; \
	  done; \
	  cp /tmp/fontsource/package/LICENSE $$dir/LICENSE; \
	done

clean:
	rm -rf var/static var/test-media .pytest_cache
