"""Fixtures for the Python module's tests (run by ctest, label `python`).

ctest sets PYTHONPATH to the built package (build/<preset>/python), PARLEY_CLI to
the `parley` binary of the same build and PARLEY_SOURCE to the checkout.
"""

import os
import subprocess
from pathlib import Path

import pytest

SOURCE = Path(os.environ.get("PARLEY_SOURCE", Path(__file__).resolve().parents[2]))
SCENARIOS = sorted((SOURCE / "scenarios").glob("*.toml"))


@pytest.fixture(scope="session")
def cli():
    """Runs the parley command; returns the CompletedProcess (text)."""
    binary = os.environ.get("PARLEY_CLI")
    if not binary:
        pytest.skip("PARLEY_CLI is not set (run through ctest)")

    def run(*arguments, check=True):
        return subprocess.run([binary, *map(str, arguments)], capture_output=True, text=True,
                              check=check)

    return run


@pytest.fixture(scope="session")
def flagship():
    return SOURCE / "scenarios" / "ukraine_2025.toml"
