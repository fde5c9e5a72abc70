# Everyday commands. Each target creates .venv/ when missing and installs the project into it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed
AXE := var/npm/node_modules/axe-core/axe.min.js
# scorm-again (MIT): the SCORM 1.2 run-time that plays the LMS in tests/browser/test_scorm.py
SCORM_AGAIN := var/npm/node_modules/scorm-again/dist/scorm12.min.js

# The tests (and the checks that import settings) run production settings with a test secret.
TESTENV := SECRET_KEY=tests-only-not-a-real-secret-0123456789abcdef FRONTLINE_DEMO=0 \
	SECURE_SSL_REDIRECT=0 STATIC_MANIFEST=0
DEMOENV := FRONTLINE_DEMO=1 SITE_URL=http://127.0.0.1:$(PORT)

MO := $(patsubst %.po,%.mo,$(wildcard frontline/locale/*/LC_MESSAGES/django.po))

.PHONY: messages demo totp test test-ralph test-browser lint typecheck migrations-check imports licences bench bench-load \
	bench-live bench-audit bench-academy check-deploy clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

## make messages: compile the translations (frontline/locale/*/LC_MESSAGES/django.po -> .mo)
messages: $(MO)

frontline/locale/%/LC_MESSAGES/django.mo: frontline/locale/%/LC_MESSAGES/django.po $(STAMP)
	$(BIN)/python tools/compile_messages.py $< $@

## make demo: migrate, load content, create demo accounts (printed), serve on 127.0.0.1:$(PORT)
demo: $(STAMP) messages
	$(DEMOENV) $(BIN)/frontline migrate --noinput
	$(DEMOENV) $(BIN)/frontline content load
	$(DEMOENV) $(BIN)/frontline demo_data
	$(DEMOENV) $(BIN)/frontline runserver 127.0.0.1:$(PORT)

## make totp WHO=analyst: the current second-factor code of a demo account
totp: $(STAMP)
	@$(DEMOENV) $(BIN)/frontline totp $(WHO)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(TESTENV) $(BIN)/mypy frontline

migrations-check: $(STAMP)
	$(TESTENV) $(BIN)/frontline makemigrations --check --dry-run

## the import layers (contracts in pyproject.toml, docs/architecture.md "Layers")
imports: $(STAMP)
	$(BIN)/lint-imports --no-cache

## no GPL- or AGPL-only runtime dependency (prints each with its licence)
licences: $(STAMP)
	$(BIN)/python tools/check_licences.py

## make test: lint, types, migrations, import layers, licences, the pytest suite on SQLite, then on PostgreSQL when
## FRONTLINE_TEST_DATABASE_URL is set (e.g. postgres://postgres@127.0.0.1:5432/test)
test: lint typecheck migrations-check imports licences messages
	$(TESTENV) DATABASE_URL=sqlite:///:memory: $(BIN)/pytest -n auto -m "not browser and not ralph"
	@if [ -n "$(FRONTLINE_TEST_DATABASE_URL)" ]; then \
		echo "== the suite again on PostgreSQL"; \
		$(TESTENV) DATABASE_URL="$(FRONTLINE_TEST_DATABASE_URL)" $(BIN)/pytest -n auto -m "not browser and not ralph"; \
	fi

$(AXE) $(SCORM_AGAIN):
	npm install --silent --no-audit --no-fund --prefix var/npm axe-core@4 scorm-again@3

## make test-browser: Playwright in Debian's chromium (/usr/bin/chromium), with axe-core and scorm-again
test-browser: $(STAMP) messages $(AXE) $(SCORM_AGAIN)
	@test -x /usr/bin/chromium || { echo "needs Debian's chromium: apt-get install chromium"; exit 1; }
	$(TESTENV) DATABASE_URL=sqlite:///:memory: $(BIN)/pytest -m browser

RALPH := var/ralph/bin/uvicorn

# Ralph (ralph-malph, MIT), an open-source learning record store, in its own environment: its
# pinned dependencies (FastAPI, pydantic...) stay out of Frontline's.
$(RALPH):
	$(PYTHON) -m venv var/ralph
	var/ralph/bin/pip install --quiet 'ralph-malph[lrs,cli]==5.1.0' requests

## make test-ralph: xAPI statements sent to Ralph on loopback (file-system backend), Ralph down and up
test-ralph: $(STAMP) messages $(RALPH)
	$(TESTENV) DATABASE_URL=sqlite:///:memory: $(BIN)/pytest -m ralph

## make bench: page weights (more benchmarks as they are written)
bench: $(STAMP) messages
	$(TESTENV) $(BIN)/python bench/page_weight.py
	$(TESTENV) $(BIN)/python bench/screening.py

## make bench-load: p50/p95/p99 of saving quiz answers, 200 simulated learners, on PostgreSQL
## (first the CPU and queries of one answer, in-process)
bench-load: $(STAMP)
	$(BIN)/python bench/answer_cpu.py
	$(BIN)/python bench/quiz_load.py

## make bench-live: a live run with a room of 40 polling and voting, latency percentiles, PostgreSQL
bench-live: $(STAMP)
	$(BIN)/python bench/live_room.py

## make bench-audit: the cost of one audit row, writers at once, and `audit verify` over 100,000
## rows, on SQLite and PostgreSQL
bench-audit: $(STAMP)
	$(BIN)/python bench/audit.py

## make bench-academy: queries and CPU per course page at 1,000 participants, PostgreSQL
bench-academy: $(STAMP)
	$(BIN)/python bench/course_scale.py

## make check-deploy: two app servers behind nginx sharing PostgreSQL and Redis, the backup round
## trip (PostgreSQL, SQLite), three task workers on one queue, recovery after kill -9. Scratch
## databases frontline_cluster, frontline_workers and frontline_backup(_restored) are dropped and
## made again; Redis database 8 is emptied.
check-deploy: $(STAMP)
	$(BIN)/python deploy/checks/two_servers.py
	$(BIN)/python deploy/checks/workers.py
	$(BIN)/python deploy/checks/backup_roundtrip.py
	$(BIN)/python deploy/checks/backup_roundtrip.py --database-url sqlite
	$(BIN)/python bench/recovery.py

clean:
	rm -rf $(VENV) var/npm .mypy_cache .ruff_cache .pytest_cache
