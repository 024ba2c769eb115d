"""Shared test fixtures: where the customer-style meshes live."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# The shop's real-world meshes sit beside the checkout; tests read them in place.
FIXTURE_MESHES = REPO.parent / "shared" / "fixtures" / "meshes"


@pytest.fixture(scope="session")
def fixture_meshes() -> Path:
    """The folder of customer-style CAD files shared beside the checkout."""
    assert FIXTURE_MESHES.is_dir(), f"missing fixtures at {FIXTURE_MESHES}"
    return FIXTURE_MESHES
