# Quick start: `make site` builds the site into site/, `make test` runs every test.
# Both create .venv and install the project on first use; only Python 3.11+ is needed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8000

.PHONY: site test serve lint bench validate generate clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Builds into a temporary folder, then swaps it in: a failed build leaves the old site/ alone.
site: $(STAMP)
	rm -rf site.tmp
	$(BIN)/mkdocs build --strict --site-dir site.tmp
	rm -rf site.old && (test ! -d site || mv site site.old) && mv site.tmp site && rm -rf site.old

validate: $(STAMP)
	$(BIN)/python -m sitegen validate

generate: $(STAMP)
	$(BIN)/python -m sitegen generate build/generated

test: $(STAMP)
	$(BIN)/python -m pytest -n auto

lint: $(STAMP)
	$(BIN)/ruff check src hooks tests benchmarks
	$(BIN)/mypy

# Rebuilds when anything in content/, data/ or src/ changes.
serve: $(STAMP)
	$(BIN)/mkdocs serve --strict -a 127.0.0.1:$(PORT) -w data -w src

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf site site.tmp site.old build .pytest_cache
