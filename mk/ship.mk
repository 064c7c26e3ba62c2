# Shipping: the Python wheel, the stated minimum versions, and the sizes of what is shipped.
# Included after python.mk (it uses its venv).
#
#   make wheel            an abi3 wheel of the Python package into dist/
#   make test-wheel       that wheel installed into a fresh venv, smoke-tested (in make test)
#   make test-versions    the README's minimum versions are the ones set, and true (in make test)
#   make msrv             the workspace checked with the minimum Rust (installs it with rustup)
#   make sizes            release builds of everything shipped, and their sizes

TEST_TARGETS += test-versions test-wheel

RUST_MSRV := $(shell sed -n 's/^rust-version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
DIST := $(CURDIR)/dist
WHEEL_GLOB := $(DIST)/bildungsnetz-$(C_VERSION)-cp3*-abi3-*.whl
SHIP_TARGETS := wheel test-wheel test-versions

.PHONY: $(SHIP_TARGETS) msrv sizes

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
