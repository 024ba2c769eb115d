"""Nothing stays pending: the backend sends a lost job again, and gives up after a few tries.

A queued analysis can lose its job: the broker restarted without persistence, a publish
was never taken, a worker was killed so hard that nothing gave the job back. Every
`SMALLBATCH_BROKER_SWEEP_SECONDS` the backend looks for rows pending for longer than any
job may run (Celery's hard time limit and a margin) and sends their jobs again. A
duplicate is harmless: the job id is the same and a worker writes only over a pending row.

While no worker takes a job (none is running), sending it again only piles copies up in
the broker: the sweep waits twice as long after each resend of a row, up to
`2 ** MAX_DOUBLINGS` cut-offs (about an hour and a half by default).

A row whose job no broker ever took (`queued_at` unset: the replica that accepted the upload
died between its commit and the publish) need not wait that long: it is sent once it is
`UNQUEUED_GRACE` seconds old, by whichever replica's sweep claims it first.

Workers count their starts on the row (`repository.begin_attempt`). A row started
`MAX_ATTEMPTS` times and still pending has killed its workers each time: the sweep (or
the next worker to take it) records it `failed` with a reason a person understands.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import structlog

from backend.db import Database, now_iso
from backend.jobs.app import hard_limit_seconds
from backend.jobs.settings import QueueSettings
from backend.parts import repository
from backend.parts.analysis import GAVE_UP, Analyses, fail
from backend.parts.repository import AnalysisKey
from backend.periodic import Periodic
from geometry.limits import Limits

log = structlog.get_logger("smallbatch.sweep")

#: Starts by a worker before a row that is still pending is given up.
MAX_ATTEMPTS = 3
#: A row's wait doubles after each resend, this many times at most.
MAX_DOUBLINGS = 5
#: Seconds past the hard time limit before a pending row counts as lost (a job just
#: finishing, a worker's clock a little behind).
SWEEP_MARGIN = 60.0
#: Seconds a claimed row may wait for its first publish before the sweep sends it (a publish
#: takes milliseconds; one refused by a broker that is down is retried by its own replica).
UNQUEUED_GRACE = 10.0
#: The sentence of a row given up (`GAVE_UP`; the bot says it in the user's language).
GAVE_UP_MESSAGE = "Measuring this file failed repeatedly. Please send it again or contact us."


def lost_after_seconds(limits: Limits) -> float:
    """How long a row may stay pending before its job counts as lost."""
    return hard_limit_seconds(limits) + SWEEP_MARGIN


async def give_up(db: Database, key: AnalysisKey) -> None:
    """Record the row of `key` failed for good: its workers died on it every time."""
    await fail(db, key, GAVE_UP, GAVE_UP_MESSAGE)


class PendingSweep:
    """Sends the jobs of pending rows older than `lost_after` seconds again (one run a call)."""

    def __init__(self, db: Database, send: Callable[[AnalysisKey], None], lost_after: float):
        self._db = db
        self._send = send
        self._lost_after = timedelta(seconds=lost_after)

    async def run(self) -> tuple[int, int]:
        """One sweep: (jobs sent again, rows given up)."""
        now = datetime.now(UTC)
        orphans = await self._send_unqueued(now)
        before = now_iso(now - self._lost_after)
        async with self._db.read() as conn:
            stale = await repository.stale_analyses(conn, before)
        resent = given_up = 0
        for row in stale:
            if row.attempts >= MAX_ATTEMPTS:
                await give_up(self._db, row.key)
                given_up += 1
                continue
            due = now_iso(now - self._lost_after * 2 ** min(row.resends, MAX_DOUBLINGS))
            if row.last_sent >= due:
                continue  # sent again not long ago and still not taken: no worker yet
            async with self._db.write() as tx:
                mine = await repository.mark_sent(tx, row.key, now_iso(now), before=due)
            if mine:  # another replica's sweep may have sent it a moment ago
                self._send(row.key)
                resent += 1
        if stale or orphans:
            log.info("analyses_swept", resent=resent, unqueued=orphans, given_up=given_up)
        return resent + orphans, given_up

    async def _send_unqueued(self, now: datetime) -> int:
        """Send the rows no broker took a job for; how many this replica claimed."""
        async with self._db.read() as conn:
            orphans = await repository.unqueued_analyses(
                conn, now_iso(now - timedelta(seconds=UNQUEUED_GRACE))
            )
        sent = 0
        for key in orphans:
            async with self._db.write() as tx:
                mine = await repository.mark_queued(tx, key, now_iso(now))
            if mine:
                self._send(key)
                sent += 1
        return sent


def sweep_jobs(
    analyzer: Analyses, db: Database, limits: Limits, queue: QueueSettings
) -> list[Periodic]:
    """The periodic sweep when analyses go through a broker; none for in-process workers."""
    if not queue.broker_url:
        return []  # the in-process analyzer resumes its pending rows at start itself
    sweep = PendingSweep(db, analyzer.schedule, lost_after_seconds(limits))
    return [Periodic("pending-analyses", sweep.run, queue.sweep_seconds)]
