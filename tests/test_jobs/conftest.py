"""The queue's shared fixture: one throwaway Redis per test module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.test_jobs.engines import Redis


@pytest.fixture(scope="module")
def redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Redis]:
    """One throwaway Redis for the module."""
    server = Redis(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()
