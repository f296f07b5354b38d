# Set-up is a side effect of the first target you run: a virtualenv in .venv with pip upgraded
# (the machine's pip 23 mis-resolves lxml's html-clean extra) and this package installed
# editable with its test extras. Re-runs skip the install unless pyproject.toml changed.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
BENCH ?= ../shared/bench/scrapinghub

.PHONY: demo test bench bench-speed lint

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check --upgrade pip
	$(PY) -m pip install -q --disable-pip-version-check -e '.[test,dask]'
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/clean seeds/004_2f4e89da11f66854.txt --explain

test: $(STAMP)
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) benchmarks/quality.py --bench $(BENCH)

lint: $(STAMP)
	$(PY) -m ruff check cleaner tests benchmarks

bench-speed: $(STAMP)
	$(PY) benchmarks/speed.py --bench $(BENCH)
