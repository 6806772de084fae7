# Quick start: `make site` builds the site into site/, `make test` runs every test.
# Both create .venv and install the project on first use; only Python 3.11+ is needed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8000

.PHONY: site test serve lint bench lighthouse validate generate clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Builds into a temporary folder, then swaps it in: a failed build leaves the old site/ alone.
# Dates in the output come from the last commit, so a rebuild gives the same bytes.
site: $(STAMP)
	MKDOCS=$(BIN)/mkdocs sh scripts/build_site.sh site

validate: $(STAMP)
	$(BIN)/python -m sitegen validate

generate: $(STAMP)
	$(BIN)/python -m sitegen generate build/generated

test: $(STAMP)
	$(BIN)/python -m pytest -n auto

lint: $(STAMP)
	$(BIN)/ruff check src hooks tests benchmarks
	$(BIN)/mypy

# Rebuilds when anything in content/, data/ or src/ changes, rendering only the pages whose
# output changed (--dirty; hooks/partial_rebuild.py keeps the menu and search whole). MkDocs
# warns about every --dirty build, so --strict cannot apply here: `make site` is the strict one.
serve: $(STAMP)
	$(BIN)/mkdocs serve --dirty --no-strict -a 127.0.0.1:$(PORT) -w data -w src

# Build cost, scale, rebuild time and page weight against their targets (benchmarks/README.md).
bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

# Lighthouse's phone profile on every page type of a fresh site/, three runs each, judged on
# Lighthouse's median run (needs `npm ci`, node and chromium).
lighthouse: site
	test -x node_modules/.bin/lighthouse || npm ci --ignore-scripts --no-audit --no-fund
	$(BIN)/python -m benchmarks.lighthouse site --json build/lighthouse.json

clean:
	rm -rf site site.tmp site.old build .pytest_cache .cache
