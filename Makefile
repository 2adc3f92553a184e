# The README's two commands: `make run` and `make test`.
# Both build .venv from nothing when it is missing, and reinstall when pyproject.toml changes.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= db/workbench.db

.PHONY: run test bench clean

run: $(STAMP)
	@if [ ! -s "$(DB)" ]; then $(BIN)/workbench --db "$(DB)" ingest seeds/; fi
	$(BIN)/workbench --db "$(DB)" review

test: $(STAMP)
	$(BIN)/python -m pytest -q

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

clean:
	rm -rf $(VENV) build *.egg-info
