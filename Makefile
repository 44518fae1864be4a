# ITA Portal. `make run` sets everything up and serves on 127.0.0.1:$(PORT);
# `make test` sets up and runs the whole test suite with the linters.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
WORKERS ?= 2
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installed

.PHONY: run dev test setup system-deps migrate bootstrap lint check-deploy bench load clean

setup: system-deps $(STAMP)

system-deps:
	@scripts/system-deps.sh

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $(STAMP)

migrate: setup
	$(MANAGE) migrate --noinput

bootstrap: migrate
	$(MANAGE) bootstrap

run: bootstrap
	$(MANAGE) collectstatic --noinput --verbosity 0
	@echo "ITA Portal: http://127.0.0.1:$(PORT)/"
	$(BIN)/gunicorn ita_portal.wsgi --workers $(WORKERS) --bind 127.0.0.1:$(PORT) \
		--access-logfile - --forwarded-allow-ips 127.0.0.1

dev: bootstrap
	DJANGO_SETTINGS_MODULE=ita_portal.settings.dev $(MANAGE) runserver 127.0.0.1:$(PORT)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run

# Production settings with throwaway secrets: every deployment check must pass.
check-deploy: setup
	DJANGO_SETTINGS_MODULE=ita_portal.settings.prod \
	SECRET_KEY=check-deploy-only-$$(head -c 48 /dev/urandom | base64 | tr -d '/+=') \
	ALLOWED_HOSTS=ita.example.go.th DATABASE_URL=sqlite:///$$(mktemp -u).sqlite3 \
	$(MANAGE) check --deploy --fail-level WARNING

test: lint check-deploy
	$(BIN)/pytest

bench: setup
	bench/run.sh
	.venv/bin/python bench/pdf.py
	.venv/bin/python bench/procurement.py
	.venv/bin/python bench/readiness.py

# About 8 minutes: 60 s of 64 connections per URL, then PostgreSQL stopped for 10 s under
# load (a throwaway cluster on port 5544; needs root or a user who may run initdb).
load: setup
	bench/load.sh
	bench/outage.sh

clean:
	rm -rf $(VENV) var/staticfiles .pytest_cache .ruff_cache
