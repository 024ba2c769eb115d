"""Shared test fixtures: the customer-style meshes, the backend's log events, PostgreSQL."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.durations import load_durations, longest_first
from tests.pg import Cluster, running_cluster

REPO = Path(__file__).resolve().parent.parent
# The shop's real-world meshes sit beside the checkout; tests read them in place.
FIXTURE_MESHES = REPO.parent / "shared" / "fixtures" / "meshes"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the longest test files first (tests/durations.py says why).

    A file's tests keep their order and stay together.
    """
    files = list(dict.fromkeys(_file_of(item) for item in items))
    rank = {name: index for index, name in enumerate(longest_first(files, load_durations()))}
    items.sort(key=lambda item: rank[_file_of(item)])


def _file_of(item: pytest.Item) -> str:
    """The item's test file relative to the checkout, as `durations.json` names it."""
    return item.path.resolve().relative_to(REPO).as_posix()


@pytest.fixture(scope="session")
def fixture_meshes() -> Path:
    """The folder of customer-style CAD files shared beside the checkout."""
    assert FIXTURE_MESHES.is_dir(), f"missing fixtures at {FIXTURE_MESHES}"
    return FIXTURE_MESHES


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """The session's throwaway PostgreSQL cluster (tests/pg.py), started on first use."""
    yield from running_cluster()


class LoggedEvents(logging.Handler):
    """The structlog events one logger emits, as the dicts it logged (not parsed back from JSON)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.events: list[dict[str, Any]] = []

    def emit(self, record: logging.LogRecord) -> None:
        """Keep one event (structlog hands the stdlib logger the event dict itself)."""
        if isinstance(record.msg, dict):
            self.events.append(record.msg)

    def named(self, event: str) -> list[dict[str, Any]]:
        """The events called `event`, oldest first."""
        return [e for e in self.events if e.get("event") == event]


@contextlib.contextmanager
def logged(logger: str) -> Iterator[LoggedEvents]:
    """Collect what the stdlib logger `logger` (e.g. `smallbatch.request`) logs in the `with`."""
    handler = LoggedEvents()
    target = logging.getLogger(logger)
    target.addHandler(handler)
    try:
        yield handler
    finally:
        target.removeHandler(handler)
