"""`smallbatch serve`: run the backend over HTTP, with the Telegram bot, until Ctrl-C.

Configuration comes from `SMALLBATCH_*` environment variables (see README.md); none is
needed. Without `TELEGRAM_BOT_TOKEN` the bot talks to a local Telegram emulator whose
chat page it prints; `--backend-only` (or `SMALLBATCH_BOT=off`) serves the backend alone.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import sys
from typing import Any

from envconfig import EnvError
from pricing import RateCardError
from smallbatch.commands.common import check_database
from smallbatch.config import load_config


def add_parser(subparsers: Any) -> None:
    """Register the serve sub-command."""
    parser = subparsers.add_parser("serve", help="run the backend service", description=__doc__)
    parser.add_argument(
        "--backend-only", action="store_true", help="serve the backend without the bot"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Read the configuration and serve until interrupted; 2 on a wrong setting."""
    try:
        config = load_config()
        check_database(config.backend.database_url)
        _check_broker()
        # Imported once the settings hold: `smallbatch analyze` never loads the web stack
        # and the bot, and a wrong setting is answered before seconds of imports.
        from backend.storage.choose import open_store  # noqa: PLC0415
        from smallbatch import http, root  # noqa: PLC0415

        open_store(config.backend)  # an unreachable S3 store stops here, naming its variable

        with contextlib.suppress(KeyboardInterrupt):
            http.run(root.serve(config, backend_only=args.backend_only))
        # Everything is stopped and closed by now. Spare the exit a collection of this whole
        # heap: aiogram's and pydantic's objects alone took seconds at interpreter exit.
        gc.freeze()
    except (EnvError, RateCardError) as error:
        sys.stderr.write(f"error: {error}\n")
        return 2
    return 0


def _check_broker() -> None:
    """With `SMALLBATCH_BROKER_URL` set, the broker must answer before anything starts."""
    from backend.jobs.settings import queue_settings  # noqa: PLC0415  # Celery only if asked

    url = queue_settings().broker_url
    if url:
        from backend.jobs.broker import broker_answers, unreachable_message  # noqa: PLC0415

        if not broker_answers(url):
            raise EnvError(unreachable_message(url))
