"""The sweep of lost queued analyses, on SQLite and PostgreSQL: resend, count, give up."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from backend.db import Database, now_iso
from backend.jobs.app import hard_limit_seconds
from backend.jobs.settings import QueueSettings
from backend.jobs.sweep import (
    GAVE_UP_MESSAGE,
    MAX_ATTEMPTS,
    UNQUEUED_GRACE,
    PendingSweep,
    lost_after_seconds,
    sweep_jobs,
)
from backend.parts import repository
from backend.parts.analysis import GAVE_UP, RETRIED
from backend.parts.repository import AnalysisKey
from backend.settings import Settings
from backend.stores import database_for
from bot.i18n import Translator
from geometry.limits import DEFAULT_LIMITS

pytestmark = [
    pytest.mark.anyio,
    pytest.mark.parametrize("dialect", ["sqlite", "postgres"], indirect=True),
]

LOST_AFTER = 600.0


@pytest.fixture
async def db(settings: Settings) -> AsyncIterator[Database]:
    """The test's database (SQLite file or a fresh PostgreSQL database), migrated."""
    settings.data_path.mkdir(parents=True, exist_ok=True)
    database = database_for(settings, readers=1)
    await database.open()
    yield database
    await database.close()


async def pending(
    db: Database, sha: str, *, age: float, attempts: int = 0, queued: bool = True
) -> AnalysisKey:
    """A pending analysis claimed `age` seconds ago whose workers started it `attempts` times.

    `queued`: the broker took its job when it was claimed (else the publish never happened).
    """
    key = AnalysisKey("1001", sha * 64, "auto", "stl")
    claimed = now_iso(datetime.now(UTC) - timedelta(seconds=age))
    async with db.write() as tx:
        await repository.insert_file(tx, key.sha256, 10, claimed)
        assert await repository.claim_analysis(tx, key, claimed, retry=RETRIED)
        for _ in range(attempts):
            assert await repository.begin_attempt(tx, key) is not None
        if queued:
            assert await repository.mark_queued(tx, key, claimed)
    return key


async def sent_ago(db: Database, key: AnalysisKey, seconds: float) -> None:
    """Move the analysis's last resend `seconds` into the past."""
    at = now_iso(datetime.now(UTC) - timedelta(seconds=seconds))
    async with db.write() as tx:
        await tx.execute(
            "UPDATE analyses SET sent_at = ?"
            " WHERE customer = ? AND sha256 = ? AND units = ? AND declared = ?",
            (at, *key),
        )


async def row(db: Database, key: AnalysisKey) -> tuple[str, str | None, str | None, int]:
    """(status, error code, error message, attempts) of the analysis of `key`."""
    async with db.read() as conn:
        found = await conn.fetch_one(
            "SELECT status, error_code, error_message, attempts FROM analyses"
            " WHERE customer = ? AND sha256 = ? AND units = ? AND declared = ?",
            tuple(key),
        )
    assert found is not None
    return str(found[0]), found[1], found[2], int(found[3])


async def test_a_lost_job_is_sent_again_once_per_cut_off_and_a_fresh_one_is_left(
    db: Database,
) -> None:
    lost = await pending(db, "a", age=2 * LOST_AFTER, attempts=1)
    fresh = await pending(db, "b", age=1)
    sent: list[AnalysisKey] = []
    sweep = PendingSweep(db, sent.append, LOST_AFTER)
    assert await sweep.run() == (1, 0)
    assert sent == [lost]
    # Just sent: the next sweep (or another replica's) waits a whole cut-off again,
    # and while no worker takes the job, twice as long after each resend.
    assert await sweep.run() == (0, 0)
    await sent_ago(db, lost, 1.5 * LOST_AFTER)
    assert await sweep.run() == (0, 0)
    await sent_ago(db, lost, 2.5 * LOST_AFTER)
    assert await sweep.run() == (1, 0)
    assert sent == [lost, lost]
    await sent_ago(db, lost, 3.5 * LOST_AFTER)
    assert await sweep.run() == (0, 0)  # sent twice: it waits four cut-offs now
    assert (await row(db, lost))[0] == (await row(db, fresh))[0] == "pending"
    # A worker that has taken the job counts its start; a finished row counts nothing.
    assert await _begin(db, lost) == 2
    async with db.write() as tx:
        assert await repository.finish_analysis(tx, lost, "{}", now_iso())
    assert await _begin(db, lost) is None


async def test_a_row_its_workers_died_on_too_often_ends_failed_and_can_be_sent_again(
    db: Database,
) -> None:
    doomed = await pending(db, "c", age=2 * LOST_AFTER, attempts=MAX_ATTEMPTS)
    sent: list[AnalysisKey] = []
    assert await PendingSweep(db, sent.append, LOST_AFTER).run() == (0, 1)
    assert sent == []
    assert await row(db, doomed) == ("failed", GAVE_UP, GAVE_UP_MESSAGE, MAX_ATTEMPTS)
    # "Please send it again": a new upload claims it afresh, its count back at zero.
    async with db.write() as tx:
        assert await repository.claim_analysis(tx, doomed, now_iso(), retry=RETRIED)
    assert await row(db, doomed) == ("pending", None, None, 0)


async def test_a_row_whose_job_was_never_published_is_sent_by_one_replica_within_seconds(
    db: Database,
) -> None:
    # The replica that accepted these uploads died between its commit and the publish.
    orphan = await pending(db, "d", age=UNQUEUED_GRACE + 5, queued=False)
    publishing = await pending(db, "e", age=1, queued=False)  # its publish is under way
    await pending(db, "f", age=UNQUEUED_GRACE + 5)  # queued: its job may be running
    first: list[AnalysisKey] = []
    second: list[AnalysisKey] = []
    replicas = [
        PendingSweep(db, first.append, LOST_AFTER),
        PendingSweep(db, second.append, LOST_AFTER),
    ]
    assert [await sweep.run() for sweep in replicas] == [(1, 0), (0, 0)]
    assert (first, second) == ([orphan], [])
    assert await replicas[1].run() == (0, 0)  # claimed once: never sent twice by the sweep
    # The publish under way succeeds and says so; nothing is left for the sweep.
    async with db.write() as tx:
        assert await repository.mark_queued(tx, publishing, now_iso())
        assert not await repository.mark_queued(tx, publishing, now_iso())
    assert await replicas[0].run() == (0, 0)
    # A retried failure claims the row afresh: unqueued again until its new job is taken.
    async with db.write() as tx:
        assert await repository.fail_analysis(tx, orphan, code="timeout", message="x", at=now_iso())
        assert await repository.claim_analysis(tx, orphan, now_iso(), retry=RETRIED)
        assert await repository.mark_queued(tx, orphan, now_iso())


async def _begin(db: Database, key: AnalysisKey) -> int | None:
    async with db.write() as tx:
        return await repository.begin_attempt(tx, key)


async def test_the_sweep_runs_only_with_a_broker_and_waits_past_the_hard_limit(
    db: Database,
) -> None:
    assert sweep_jobs(_NoAnalyses(), db, DEFAULT_LIMITS, QueueSettings()) == []
    queued = QueueSettings(broker_url="redis://127.0.0.1:1/0", sweep_seconds=5)
    (job,) = sweep_jobs(_NoAnalyses(), db, DEFAULT_LIMITS, queued)
    assert job.name == "pending-analyses"
    assert lost_after_seconds(DEFAULT_LIMITS) > hard_limit_seconds(DEFAULT_LIMITS)
    assert hard_limit_seconds(DEFAULT_LIMITS) > DEFAULT_LIMITS.worker_wall_seconds
    # The customer reads why in their own language.
    russian = Translator("ru").geometry_error(GAVE_UP, GAVE_UP_MESSAGE)
    assert russian != GAVE_UP_MESSAGE and any("а" <= c <= "я" for c in russian)


class _NoAnalyses:
    """An analyzer that is never asked to do anything here."""

    def schedule(self, key: AnalysisKey) -> None:
        raise AssertionError(key)

    async def resume(self) -> int:
        return 0

    async def close(self) -> None:
        return None
