# Two entry points for users: `make report` and `make test`.
# The virtual environment is re-installed only when pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RAW ?= data/raw

.PHONY: report build test bench lab clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

report: $(STAMP)
	$(BIN)/reexdata report --raw $(RAW) --out reports/report.html

build: $(STAMP)
	$(BIN)/reexdata build --raw $(RAW) --out data/processed

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

clean:
	rm -rf data/processed/* data/interim/* reports/*
