# Two entry points for users: `make report` and `make test`.
# `make report` (and build, lab, bench, docs) installs the package and its
# runtime dependencies only; `make test` adds the development extra (pytest,
# hypothesis, notebooks, playwright, mypy). Each install is redone only when
# pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
RAW ?= data/raw
# Year for dates written without one ("On June 13"); empty = leave such articles undated.
ASSUME_YEAR ?=
YEAR_FLAG := $(if $(ASSUME_YEAR),--assume-year $(ASSUME_YEAR))
# Extra pytest arguments, e.g. `make test PYTEST_ARGS="-x tests/test_themes.py"`.
PYTEST_ARGS ?=

.PHONY: report build test test-fast typecheck bench eval lab docs clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(STAMP)

# The development extra on top of the runtime install.
$(DEV_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(DEV_STAMP)

report: $(STAMP)
	$(BIN)/reexdata report --raw $(RAW) --out reports/report.html $(YEAR_FLAG)

build: $(STAMP)
	$(BIN)/reexdata build --raw $(RAW) --out data/processed $(YEAR_FLAG)

# The type check runs first: a type error fails `make test` (and so CI).
# Every test runs, the `slow` ones included.
test: typecheck
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# A quick loop while working: the type check and every test not marked `slow`.
test-fast: typecheck
	$(BIN)/python -m pytest -m "not slow" $(PYTEST_ARGS)

# mypy on reexdata/, configured in pyproject.toml ([tool.mypy]).
typecheck: $(DEV_STAMP)
	$(BIN)/python -m mypy

# The build and the report (time, file size, largest figure) at 10k and 100k
# generated articles; e.g. `make bench BENCH_ARGS="--sizes 1k,10k"` for a shorter run.
# Then the build on the Chinese development pages (CORPORA, below; skipped when
# absent) against TF-IDF with jieba as its tokenizer, SVD and k-means.
# Then rx.search's speed against a Python regex loop (BENCH_QUERY_ARGS="--n 10000 --no-loop" is quicker).
BENCH_ARGS ?= --sizes 10k,100k
BENCH_QUERY_ARGS ?= --n 100000
bench: $(STAMP)
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)
	$(BIN)/python -m benchmarks.bench_zh $(CORPORA)/zh-news-2011-dev
	$(BIN)/python -m benchmarks.bench_query $(BENCH_QUERY_ARGS)

# Accuracy on the development corpora, which are not in the repo (CORPORA),
# each line against the plain baseline of the same run; and repair_text on
# ftfy's own test cases when FTFY_TESTS names a copy of ftfy's repository.
CORPORA ?= ../shared/corpora
eval: $(DEV_STAMP)
	$(BIN)/python -m benchmarks.eval_themes $(CORPORA)/reuters21578-dev.jsonl
	$(BIN)/python -m benchmarks.eval_clusters $(CORPORA)/reuters21578-dev.jsonl
	$(BIN)/python -m benchmarks.eval_zh $(CORPORA)/zh-news-2011-dev
	$(BIN)/python -m benchmarks.eval_zh_mentions $(CORPORA)/zh-news-2011-dev
	$(BIN)/python -m benchmarks.eval_query --corpus $(CORPORA)/reuters21578-dev.jsonl
	$(if $(FTFY_TESTS),$(BIN)/python -m benchmarks.eval_repair $(FTFY_TESTS),@echo "eval_repair: skipped (set FTFY_TESTS to a copy of ftfy's repository)")

docs: $(STAMP)
	$(BIN)/python -m reexdata._schema_docs > docs/tables.md

# Jupyter refuses to start as root (most containers) without --allow-root.
lab: $(STAMP)
	$(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) notebooks/

clean:
	rm -rf data/processed/* data/interim/* reports/*
