"""`smallbatch worker`: run queued analyses (Celery) until Ctrl-C.

It needs `SMALLBATCH_BROKER_URL` and the backend's own settings (the same
`SMALLBATCH_DATA_DIR`: it reads the stored files and writes results to the same
database). Each job runs the geometry engine in the process sandbox, as the server does.
`--queues heavy`, `--queues mesh` or `--queues thumbs` keeps a worker to STEP files, to
quick meshes or to drawing their previews.
Before Celery starts it checks what it needs: the broker, the database
(`SMALLBATCH_DATABASE_URL`) and the file store (S3 when configured); one that does not
answer stops it with status 2, naming the variable.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from envconfig import EnvError
from smallbatch.commands.common import check_database

EXIT_BAD_SETTING = 2


def add_parser(subparsers: Any) -> None:
    """Register the worker sub-command."""
    parser = subparsers.add_parser("worker", help="run queued analyses", description=__doc__)
    parser.add_argument(
        "--queues", default="mesh,heavy,thumbs", help="the queues to take jobs from (default: all)"
    )
    parser.add_argument(
        "--concurrency", type=int, default=1, help="jobs at once in this worker (default: 1)"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Serve jobs until interrupted; 2 on a wrong setting or an unreachable broker."""
    # Imported here: the other sub-commands never load Celery.
    from backend.jobs.app import QUEUES, create_celery  # noqa: PLC0415
    from backend.jobs.broker import broker_answers, unreachable_message  # noqa: PLC0415
    from backend.jobs.job import register, worker_settings  # noqa: PLC0415
    from backend.jobs.settings import queue_settings  # noqa: PLC0415
    from backend.storage.choose import open_store  # noqa: PLC0415

    queues = [q.strip() for q in args.queues.split(",") if q.strip()]
    try:
        queue, settings = queue_settings(), worker_settings()
        if not queue.broker_url:
            raise EnvError("SMALLBATCH_BROKER_URL: a worker needs a broker; set it")
        if unknown := sorted(set(queues) - set(QUEUES)):
            raise EnvError(f"--queues: no queue {', '.join(unknown)}; use {', '.join(QUEUES)}")
        if not broker_answers(queue.broker_url):
            raise EnvError(unreachable_message(queue.broker_url))
        # A job writes to the database and reads the stored file: without either every
        # job would fail, so the worker does not start rather than take them.
        check_database(settings.database_url)
        open_store(settings)  # StorageUnavailable names the S3 variable
    except EnvError as error:
        sys.stderr.write(f"error: {error}\n")
        return EXIT_BAD_SETTING
    app = create_celery(queue, settings.limits)
    register(app)
    app.worker_main(
        [
            "worker",
            f"--queues={','.join(queues)}",
            f"--concurrency={max(1, args.concurrency)}",
            "--pool=prefork",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ]
    )
    return 0
