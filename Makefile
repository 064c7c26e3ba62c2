# bildungsnetz — `make test` sets up what it needs (inside this clone) and runs every test.

CARGO ?= cargo

.PHONY: test test-rust lint tour

test: lint test-rust

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --exclude bildungsnetz-python --all-targets -- -D warnings

test-rust:
	$(CARGO) test --workspace --exclude bildungsnetz-python

tour:
	$(CARGO) run --release --example tour
