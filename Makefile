# Two commands set everything up on a fresh machine: `make run` and `make test`.
# Both create .venv when missing and (re)install the project from pyproject.toml when it changes.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
ARGS   ?=

.PHONY: run test lint e2e bench soak clean pg pg-stop

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "meetingtui needs Python 3.11 or newer; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/meetingtui $(ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest -q -n auto

lint: $(STAMP)
	$(BIN)/ruff check meetingtui tests bench
	$(BIN)/ruff format --check meetingtui tests bench

e2e: $(STAMP)
	$(BIN)/python -m pytest -q tests/e2e

bench: $(STAMP)
	$(BIN)/python -m bench

# A local PostgreSQL in .pg/ for trying the team store (docs/team.md); prints the MEETINGTUI_STORE to use.
pg: $(STAMP)
	$(BIN)/python -m tests.pg start

pg-stop: $(STAMP)
	$(BIN)/python -m tests.pg stop

soak: $(STAMP)
	MEETINGTUI_SOAK_KILLS=500 $(BIN)/python -m pytest -q tests/test_kill.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis build dist
