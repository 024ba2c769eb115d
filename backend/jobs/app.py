"""The Celery application both sides share: its limits, its queues and its tasks' names.

Its settings are the issue's contract: a job is acknowledged only once it is done
(`task_acks_late`) and given back when the process running it dies
(`task_reject_on_worker_lost`); a worker takes one job at a time (prefetch 1); soft and
hard time limits sit above the sandbox's own wall clock, which normally answers first;
a pool child that grew past `MEMORY_PER_CHILD_KB` is replaced after its job. STEP files
(tessellation) go to the `heavy` queue, every other mesh to `mesh`, so a worker kept
for `mesh` is never stuck behind them. A mesh's preview PNG (about half of its job) is
drawn afterwards by a job of its own on `thumbs`: the report and the quote do not wait
for it, and drawing does not hold up the next mesh.
"""

from __future__ import annotations

import importlib.metadata

from celery import Celery

from backend.jobs.settings import QueueSettings
from geometry.detect import sniff
from geometry.limits import Limits

TASK = "smallbatch.analyze"
THUMBNAIL_TASK = "smallbatch.thumbnail"
MESH = "mesh"
HEAVY = "heavy"
THUMBS = "thumbs"
QUEUES = (MESH, HEAVY, THUMBS)
#: Enough of a file's start to tell a STEP file by its header.
HEAD_BYTES = 64

#: Seconds the soft limit leaves the sandbox's wall clock, and the hard limit the soft one.
SOFT_MARGIN = 15.0
HARD_MARGIN = 15.0
#: The pool child only waits on the sandbox's worker; it never holds a mesh.
MEMORY_PER_CHILD_KB = 512 * 1024


def engine_version() -> str:
    """What a result depends on besides the file: this release and its geometry engine."""
    version = importlib.metadata.version
    return f"smallbatch-{version('smallbatch')}+trimesh-{version('trimesh')}"


def is_step(declared: str, data: bytes) -> bool:
    """A STEP file, named so (`declared`) or sniffed from its start: tessellated, so heavy."""
    return declared == "step" or sniff(data[:HEAD_BYTES]) == "step"


#: kombu's own lifetime of the restore lock, seconds: the longest we let it be.
KOMBU_MUTEX_EXPIRE = 300


def hard_limit_seconds(limits: Limits) -> float:
    """Celery's hard time limit: past it the pool child running the job is killed."""
    return limits.worker_wall_seconds + SOFT_MARGIN + HARD_MARGIN


def create_celery(queue: QueueSettings, limits: Limits) -> Celery:
    """The Celery application for `queue`'s broker, its time limits from `limits`."""
    app = Celery("smallbatch", broker=queue.broker_url, set_as_current=False)
    soft = limits.worker_wall_seconds + SOFT_MARGIN
    visibility = queue.visibility_seconds
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_soft_time_limit=soft,
        task_time_limit=hard_limit_seconds(limits),
        worker_max_memory_per_child=MEMORY_PER_CHILD_KB,
        task_default_queue=MESH,
        task_ignore_result=True,  # the result is the database row
        task_serializer="json",
        accept_content=["json"],
        broker_connection_retry_on_startup=False,  # a broker missing at start is exit 2
        # A publish gives up within seconds (the backend sends it again later) rather than
        # holding one of the server's threads for as long as the broker is away.
        broker_connection_timeout=2.0,
        task_publish_retry_policy={"max_retries": 2, "interval_step": 0.5, "interval_max": 1.0},
        broker_transport_options={
            "visibility_timeout": visibility,
            # Sweep for jobs of dead workers often enough for the timeout to mean something.
            "unacked_restore_interval": max(1, min(10, visibility // 4)),
            "unacked_restore_throttle": 1,
            # The sweep runs under one lock; a worker killed inside it leaves the lock
            # behind, and kombu's 5 minutes would hold every other worker's sweep up.
            "unacked_mutex_expire": min(KOMBU_MUTEX_EXPIRE, visibility),
        },
        worker_hijack_root_logger=False,
        worker_send_task_events=False,
    )
    return app
