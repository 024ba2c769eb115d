"""The cluster suite's fixtures: the asyncio loop its tests run on."""

from __future__ import annotations

import pytest


@pytest.fixture
def anyio_backend() -> str:
    """Run async tests on asyncio, the loop the servers use too."""
    return "asyncio"
