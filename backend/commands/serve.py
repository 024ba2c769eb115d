"""`smallbatch serve`: run the backend over HTTP until Ctrl-C.

Configuration comes from `SMALLBATCH_*` environment variables (see
backend/README.md); none is needed.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

import uvicorn

from backend.settings import SettingsError, settings_from_env
from pricing import RateCardError


def add_parser(subparsers: Any) -> None:
    """Register the serve sub-command."""
    parser = subparsers.add_parser("serve", help="run the backend service", description=__doc__)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Build the app from the environment and serve it with uvicorn."""
    from backend.app import create_app  # noqa: PLC0415  # keeps `smallbatch analyze` light

    try:
        settings = settings_from_env()
        app = create_app(settings)
    except (SettingsError, RateCardError) as error:
        sys.stderr.write(f"error: {error}\n")
        return 2
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        log_config=None,  # our JSON logging is already in place
        access_log=False,  # RequestLogMiddleware logs each request once
        timeout_graceful_shutdown=10,
    )
    return 0
