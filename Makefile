# Klachtpad: make run · make test · make lint
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
export KLACHTPAD_DEBUG ?= 1

.PHONY: install messages run test lint bench lock clean

$(STAMP): requirements.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $(STAMP)

install: $(STAMP)

# Translations are compiled from the committed .po files (needs gettext's msgfmt).
messages: install
	@cd src/klachtpad && ../../$(PY) ../../manage.py compilemessages -v0

run: messages
	$(PY) manage.py migrate --no-input -v0
	$(PY) manage.py demo_load
	@bash scripts/run.sh $(HOST) $(PORT)

test: messages
	@bash scripts/test.sh

lint: install
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/mypy src tests bench
	$(VENV)/bin/lint-imports
	@PY=$(PY) bash scripts/messages_check.sh
	$(PY) manage.py makemigrations --check --dry-run

# Speed targets, measured outside the test suite; results are appended to bench/results/.
bench: messages
	$(PY) bench/decision_letter.py
	@if pg_isready -q -h 127.0.0.1; then status=0; \
	for bench in reports worklist intake reminders reliability; do \
	$(PY) bench/$$bench.py || status=1; done; exit $$status; \
	else echo "PostgreSQL is not running: the PostgreSQL benchmarks are skipped"; fi

# Re-resolve the pinned versions after changing pyproject.toml.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -e ".[dev]"
	.lock-venv/bin/pip freeze --exclude-editable | grep -v -E '^(pip|setuptools)==' > requirements.txt
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
