# Two entry points for users: `make report` and `make test`.
# The virtual environment is re-installed only when pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RAW ?= data/raw
# Year for dates written without one ("On June 13"); empty = leave such articles undated.
ASSUME_YEAR ?=
YEAR_FLAG := $(if $(ASSUME_YEAR),--assume-year $(ASSUME_YEAR))

.PHONY: report build test bench lab docs clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

report: $(STAMP)
	$(BIN)/reexdata report --raw $(RAW) --out reports/report.html $(YEAR_FLAG)

build: $(STAMP)
	$(BIN)/reexdata build --raw $(RAW) --out data/processed $(YEAR_FLAG)

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

docs: $(STAMP)
	$(BIN)/python -m reexdata._schema_docs > docs/tables.md

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

clean:
	rm -rf data/processed/* data/interim/* reports/*
