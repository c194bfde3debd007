# The one entry point: make run | test | lint | fmt | serve | bench
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON_BOOT ?= $(shell command -v python3.12 || command -v python3.13 || command -v python3)
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
DEV_ENV := DJANGO_DEBUG=1
# Production-like settings for `make serve` on this machine (plain HTTP on loopback).
PROD_ENV := DJANGO_DEBUG=0 DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-local-serve-$$(hostname)-not-for-internet} DJANGO_HTTPS=$${DJANGO_HTTPS:-0}

.PHONY: help
help:
	@echo "make run    - serve the portal with demo content on http://127.0.0.1:8000"
	@echo "make test   - run the whole test suite (browser tests included)"
	@echo "make lint   - ruff, djlint and migration checks"
	@echo "make fmt    - format Python and templates"
	@echo "make serve  - gunicorn with production settings on http://127.0.0.1:8000"

$(UV):
	@$(PYTHON_BOOT) -c 'import sys; sys.exit(sys.version_info < (3, 12))' || \
		{ echo "Python 3.12+ is needed (found $$($(PYTHON_BOOT) --version))."; exit 1; }
	$(PYTHON_BOOT) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==0.13.8

$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	UV_PYTHON=$(PYTHON_BOOT) $(UV) sync --frozen --quiet
	@touch $@

.PHONY: venv
venv: $(VENV)/.synced

.PHONY: db
db: venv
	$(DEV_ENV) $(MANAGE) migrate --no-input -v0
	$(DEV_ENV) $(MANAGE) compilemessages --ignore=.venv --ignore=.tools --ignore=node_modules -v0

.PHONY: run
run: db
	$(DEV_ENV) $(MANAGE) seed_demo
	$(DEV_ENV) $(MANAGE) export_open_data -v0
	@echo "SPRING portal: http://127.0.0.1:8000/  (moderation: http://127.0.0.1:8000/admin/)"
	$(DEV_ENV) $(MANAGE) runserver 127.0.0.1:8000

.PHONY: serve
serve: db
	$(PROD_ENV) DJANGO_STATIC_MANIFEST=1 $(MANAGE) collectstatic --no-input -v0
	$(PROD_ENV) $(VENV)/bin/gunicorn spring_portal.wsgi:application -c spring_portal/gunicorn.conf.py

.PHONY: test
test: venv node_modules/.installed compilemessages
	$(PY) -m pytest $(PYTEST_ARGS)

.PHONY: lint
lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint templates --lint
	$(DEV_ENV) $(MANAGE) makemigrations --check --dry-run

.PHONY: fmt
fmt: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djlint templates --reformat --quiet || true

.PHONY: check-deploy
check-deploy: venv
	DJANGO_DEBUG=0 DJANGO_SECRET_KEY=ci-check-deploy-$$(date +%s)-a-long-random-enough-secret-value DJANGO_HTTPS=1 \
		$(MANAGE) check --deploy --fail-level WARNING

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	@touch $@


.PHONY: backup
backup: venv
	$(DEV_ENV) $(MANAGE) backup_portal $(BACKUP)

.PHONY: restore
restore: venv
	@test -n "$(BACKUP)" || { echo "Usage: make restore BACKUP=backups/<time>"; exit 1; }
	$(DEV_ENV) $(MANAGE) restore_portal $(BACKUP)

.PHONY: audit
audit: venv
	@# Known-vulnerable pinned packages: reads the lock file, asks the PyPI vulnerability API.
	@mkdir -p .data
	$(UV) export --frozen --format requirements-txt --no-hashes --no-emit-project -q > .data/requirements-audit.txt
	$(VENV)/bin/pip-audit -r .data/requirements-audit.txt --disable-pip --no-deps --progress-spinner off

.PHONY: scale-check
scale-check: venv
	$(PY) bench/scale_check.py

# The bench scripts start their servers and commands with BENCH=1 (bench/portal_bench).
# wrk drives the load; installed from Debian's packages when missing (as root).
.PHONY: wrk
wrk:
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq wrk >/dev/null; } || \
		{ echo "wrk is needed: apt-get install wrk"; exit 1; }

.PHONY: bench
bench: venv wrk
	$(PY) bench/run_bench.py

# 100 visitors and 10 members for LOAD_SECONDS (60) against gunicorn, production settings.
.PHONY: load
load: venv wrk
	$(PY) bench/load.py

MAKEMESSAGES := $(DEV_ENV) $(MANAGE) makemessages -l fr -l de --ignore=.venv --ignore=.tools --ignore=node_modules --ignore=tests --ignore=bench --ignore=.data --add-location=file -v0

.PHONY: messages
messages: venv
	$(MAKEMESSAGES)
	$(MAKEMESSAGES) -d djangojs

.PHONY: compilemessages
compilemessages: venv
	$(DEV_ENV) $(MANAGE) compilemessages --ignore=.venv --ignore=.tools --ignore=node_modules -v0

.PHONY: migration-compat
migration-compat: venv
	.ci/migration_compat.sh $(BASE)
