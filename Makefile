# The two commands of the README: `make site` and `make test`. Each sets up what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test lint bench serve validate docs clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## Build the example directory into site/ (validates first; keeps the old site on failure).
site: $(STAMP)
	$(BIN)/vejviser build .

## Lint, check generated docs, and run the tests.
test: $(STAMP)
	$(BIN)/ruff check src tests scripts bench
	$(BIN)/ruff format --check src tests scripts bench
	$(BIN)/cog --check docs/*.md
	$(BIN)/python -m pytest

## Validate the records and print every problem.
validate: $(STAMP)
	$(BIN)/vejviser validate .

## Regenerate the docs that are derived from the code (field reference, CLI help).
docs: $(STAMP)
	$(BIN)/cog -r docs/*.md

## Run the benchmarks and write their figures to bench/results/.
bench: $(STAMP)
	$(BIN)/python bench/run.py

## Serve the site locally and rebuild when a record changes.
serve: $(STAMP)
	$(BIN)/mkdocs serve

clean:
	rm -rf site build
