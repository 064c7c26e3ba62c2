"""Shared fixtures for the Python tests of bildungsnetz."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

import bildungsnetz as bn

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "examples" / "data"
CONFORMANCE = ROOT / "tests" / "conformance"

# No example database on disk (nothing cached outside .venv); no deadlines on a loaded CI box.
settings.register_profile("bildungsnetz", database=None, deadline=None, max_examples=200)
settings.load_profile("bildungsnetz")


@pytest.fixture(scope="session")
def book() -> bn.RuleBook:
    return bn.RuleBook()


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


@pytest.fixture(scope="session")
def conformance_dir() -> Path:
    return CONFORMANCE
