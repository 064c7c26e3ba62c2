# bildungsnetz — `make test` sets up what it needs (inside this clone) and runs every test.
#
# Each language adds its own targets in mk/<part>.mk and appends them to TEST_TARGETS.

CARGO ?= cargo

TEST_TARGETS := lint test-rust

-include mk/*.mk

.PHONY: test lint test-rust tour

test: $(TEST_TARGETS)

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --workspace --no-deps --exclude bildungsnetz-python

test-rust:
	$(CARGO) test --workspace --exclude bildungsnetz-python

tour:
	$(CARGO) run --release --example tour
