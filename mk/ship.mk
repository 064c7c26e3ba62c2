# Shipping: the Python wheel, the CMake package, the README's C steps, the stated minimum
# versions, and the sizes of what is shipped. Included after python.mk (it uses its venv).
#
#   make wheel            an abi3 wheel of the Python package into dist/
#   make test-wheel       that wheel installed into a fresh venv, smoke-tested (in make test)
#   make test-c-cmake     examples/c built with CMake against `make install` (in make test)
#   make test-readme-c    the README's "First steps in C" run as written (in make test)
#   make test-versions    the README's minimum versions are the ones set, and true (in make test)
#   make msrv             the workspace checked with the minimum Rust (installs it with rustup)
#   make sizes            release builds of everything shipped, and their sizes

TEST_TARGETS += test-versions test-wheel test-c-cmake test-readme-c

RUST_MSRV := $(shell sed -n 's/^rust-version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
DIST := $(CURDIR)/dist
WHEEL_GLOB := $(DIST)/bildungsnetz-$(C_VERSION)-cp3*-abi3-*.whl
# CMake for the tests: pinned, from PyPI, in a venv of its own inside the clone (no root, nothing
# installed outside). CMAKE=/path/to/cmake uses another.
CMAKE_PIN := cmake==4.4.4
TOOLS_VENV := $(CURDIR)/build/tools
SHIP_TARGETS := wheel test-wheel test-versions

.PHONY: $(SHIP_TARGETS) test-c-cmake test-readme-c msrv sizes

$(SHIP_TARGETS): export PIP_NO_CACHE_DIR := 1
$(SHIP_TARGETS): export PIP_DISABLE_PIP_VERSION_CHECK := 1
$(SHIP_TARGETS): export PYTHONDONTWRITEBYTECODE := 1

# maturin builds the release profile: no DWARF in the extension (see [profile.release]).
wheel: $(PY_STAMP)
	rm -f $(WHEEL_GLOB)
	cd python && VIRTUAL_ENV=$(PY_VENV) $(PY_VENV)/bin/maturin build --release --quiet --out $(DIST)
	@ls $(WHEEL_GLOB)

# A fresh venv outside the clone, the wheel alone (no index, no dependencies), a smoke test run
# from outside the clone in isolated mode: what a user who got the wheel would have.
test-wheel: wheel
	@set -e; venv=$$(mktemp -d); trap 'rm -rf "$$venv"' EXIT; \
	python3 -m venv "$$venv"; \
	"$$venv/bin/python" -m pip install --quiet --no-index --no-deps $(WHEEL_GLOB); \
	cd "$$venv" && "$$venv/bin/python" -I $(CURDIR)/tests/python/wheel_smoke.py \
		"$$venv" $(CURDIR)/examples/data

test-versions: $(PY_STAMP)
	$(PY) mk/check_versions.py

# The workspace with its minimum Rust: not part of `make test`, since it installs a toolchain
# with rustup (outside the clone) and checks the whole dependency tree again.
msrv:
	rustup toolchain install $(RUST_MSRV) --profile minimal
	CARGO_TARGET_DIR=$(C_TARGET_DIR)/msrv $(CARGO) +$(RUST_MSRV) check --workspace --all-targets --locked

$(TOOLS_VENV)/.cmake-stamp:
	python3 -m venv $(TOOLS_VENV)
	PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 $(TOOLS_VENV)/bin/python -m pip install --quiet $(CMAKE_PIN)
	touch $@

# Shell: sets $cmake to the cmake to test with: CMAKE if given, else the pinned one (installed on
# first use), else one on PATH, else empty (the CMake tests then say so and are skipped).
FIND_CMAKE = cmake="$(CMAKE)"; \
	if [ -z "$$cmake" ]; then \
		$(MAKE) -s --no-print-directory $(TOOLS_VENV)/.cmake-stamp >&2 || \
			echo "the pinned $(CMAKE_PIN) could not be installed; looking for cmake on PATH" >&2; \
		if [ -x $(TOOLS_VENV)/bin/cmake ]; then cmake=$(TOOLS_VENV)/bin/cmake; \
		else cmake=$$(command -v cmake || true); fi; \
	fi

# Installs into a temporary prefix (debug build, shared with the tests), checks which versions
# the package accepts (tests/c/cmake), then builds examples/c with CMake and runs both programs.
test-c-cmake: | $(C_BUILD)
	@set -e; $(FIND_CMAKE); \
	if [ -z "$$cmake" ]; then echo "test-c-cmake: skipped: no cmake (CMAKE=... or pip/apt-get install cmake)"; exit 0; fi; \
	prefix=$$(mktemp -d); trap 'rm -rf "$$prefix"' EXIT; \
	$(MAKE) --no-print-directory install PREFIX=$$prefix C_PROFILE=dev >/dev/null; \
	rm -rf $(C_BUILD)/cmake-package $(C_BUILD)/cmake-examples; \
	echo "== $$("$$cmake" --version | head -n 1): the installed package"; \
	"$$cmake" -S tests/c/cmake -B $(C_BUILD)/cmake-package -DCMAKE_PREFIX_PATH=$$prefix \
		-DEXPECTED_VERSION=$(C_VERSION) | grep 'cmake package:'; \
	"$$cmake" -S examples/c -B $(C_BUILD)/cmake-examples -DCMAKE_PREFIX_PATH=$$prefix >/dev/null; \
	"$$cmake" --build $(C_BUILD)/cmake-examples >/dev/null; \
	echo "== examples/c with CMake (shared)"; \
	$(C_BUILD)/cmake-examples/network_report $(C_DATA)/hagen.json $(C_DATA)/broken.json > $(C_BUILD)/cmake-shared.out; \
	echo "== examples/c with CMake (static)"; \
	$(C_BUILD)/cmake-examples/network_report_static $(C_DATA)/hagen.json $(C_DATA)/broken.json > $(C_BUILD)/cmake-static.out; \
	cmp $(C_BUILD)/cmake-shared.out $(C_BUILD)/cmake-static.out; \
	grep -q 'valid, 0 problem' $(C_BUILD)/cmake-shared.out; grep -q 'duplicate_id' $(C_BUILD)/cmake-shared.out; \
	readelf -d $(C_BUILD)/cmake-examples/network_report | grep -q 'NEEDED.*libbildungsnetz.so.$(C_VERSION)'; \
	if readelf -d $(C_BUILD)/cmake-examples/network_report_static | grep -q libbildungsnetz; then \
		echo "network_report_static needs libbildungsnetz.so"; exit 1; fi; \
	echo "test-c-cmake: 3 passed, 0 failed"

# The README's C section, run as written: `make install PREFIX=$HOME/.local` with HOME a
# temporary directory (C_PROFILE=dev: the paths are the same, the debug build is shared with the
# tests), first.c compiled with pkg-config and run, then again with CMake. No PKG_CONFIG_PATH or
# LD_LIBRARY_PATH comes from outside: the README must say what is needed.
test-readme-c: | $(C_BUILD)
	@set -e; $(FIND_CMAKE); C_PROFILE=dev python3 tests/c/readme_steps.py $(CURDIR) "$$cmake"

# What `make install` and `make wheel` ship, release builds, and their sizes: installed into a
# temporary prefix (so the .a is measured as installed, its DWARF stripped), the wheel unpacked.
sizes: wheel
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(MAKE) --no-print-directory install PREFIX=$$tmp C_PROFILE=release >/dev/null; \
	(cd $$tmp && python3 -m zipfile -e $(WHEEL_GLOB) wheel); \
	for f in lib/libbildungsnetz.so.$(C_VERSION) lib/libbildungsnetz.a bin/bildungsnetz \
		wheel/bildungsnetz/_native.abi3.so; do \
		printf '%12d  %s\n' $$(stat -c %s $$tmp/$$f) $$f; \
	done; \
	printf '%12d  %s\n' $$(stat -c %s $(WHEEL_GLOB)) $$(basename $(WHEEL_GLOB))
