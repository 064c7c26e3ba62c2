# Shipping: the stated minimum versions. Included after python.mk (it uses its venv).
#
#   make test-versions    the README's minimum versions are the ones set, and true (in make test)
#   make msrv             the workspace checked with the minimum Rust (installs it with rustup)

TEST_TARGETS += test-versions

RUST_MSRV := $(shell sed -n 's/^rust-version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)

.PHONY: test-versions msrv

test-versions: export PYTHONDONTWRITEBYTECODE := 1

test-versions: $(PY_STAMP)
	$(PY) mk/check_versions.py

# The workspace with its minimum Rust: not part of `make test`, since it installs a toolchain
# with rustup (outside the clone) and checks the whole dependency tree again.
msrv:
	rustup toolchain install $(RUST_MSRV) --profile minimal
	CARGO_TARGET_DIR=$(C_TARGET_DIR)/msrv $(CARGO) +$(RUST_MSRV) check --workspace --all-targets --locked
