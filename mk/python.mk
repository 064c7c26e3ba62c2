# Python module (python/): a local venv built from scratch, the extension built by maturin in
# release mode, then mypy.stubtest, mypy --strict and pytest. Everything stays inside the clone.

PY_VENV := $(CURDIR)/.venv
PY := $(PY_VENV)/bin/python
PY_STAMP := $(PY_VENV)/.deps-stamp
PY_TARGETS := python-venv python-develop test-python bench-python

TEST_TARGETS += test-python

.PHONY: $(PY_TARGETS)

# No caches outside the clone: pip does not cache, mypy caches inside .venv.
$(PY_TARGETS) $(PY_STAMP): export VIRTUAL_ENV := $(PY_VENV)
$(PY_TARGETS) $(PY_STAMP): export PATH := $(PY_VENV)/bin:$(PATH)
$(PY_TARGETS) $(PY_STAMP): export PIP_NO_CACHE_DIR := 1
$(PY_TARGETS) $(PY_STAMP): export PIP_DISABLE_PIP_VERSION_CHECK := 1
$(PY_TARGETS) $(PY_STAMP): export MYPY_CACHE_DIR := $(PY_VENV)/.mypy_cache
$(PY_TARGETS) $(PY_STAMP): export PYTHONDONTWRITEBYTECODE := 1

$(PY_STAMP): python/requirements-dev.txt
	python3 -m venv $(PY_VENV)
	$(PY) -m pip install --quiet -r python/requirements-dev.txt
	touch $@

python-venv: $(PY_STAMP)

python-develop: $(PY_STAMP)
	cd python && $(PY_VENV)/bin/maturin develop --release --quiet

test-python: python-develop
	$(PY) -m mypy.stubtest bildungsnetz._native --allowlist python/stubtest-allowlist.txt --mypy-config-file python/pyproject.toml
	$(PY) -m mypy --config-file python/pyproject.toml python/python/bildungsnetz tests/python $(wildcard examples/python/*.py)
	$(PY) -m pytest -p no:cacheprovider -q tests/python

bench-python: python-develop
	$(PY) examples/python/bench_school_entry.py
	$(PY) examples/python/bench_batch.py
