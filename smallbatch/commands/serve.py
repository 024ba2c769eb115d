"""`smallbatch serve`: run the backend over HTTP, with the Telegram bot, until Ctrl-C.

Configuration comes from `SMALLBATCH_*` environment variables (see
backend/README.md and bot/README.md); none is needed. Without
`TELEGRAM_BOT_TOKEN` the bot talks to a local Telegram emulator whose chat page
it prints; `--backend-only` (or `SMALLBATCH_BOT=off`) serves the backend alone.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sys
from typing import Any

import uvicorn

from backend.settings import Settings, SettingsError, settings_from_env
from pricing import RateCardError


def add_parser(subparsers: Any) -> None:
    """Register the serve sub-command."""
    parser = subparsers.add_parser("serve", help="run the backend service", description=__doc__)
    parser.add_argument(
        "--backend-only", action="store_true", help="serve the backend without the bot"
    )
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
    if not (getattr(args, "backend_only", False) or os.environ.get("SMALLBATCH_BOT") == "off"):
        return _with_bot(settings)
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        log_config=None,  # our JSON logging is already in place
        access_log=False,  # RequestLogMiddleware logs each request once
        timeout_graceful_shutdown=10,
    )
    return 0


def _with_bot(settings: Settings) -> int:
    """The backend and the bot together (and the emulator without a token)."""
    from bot.config import ConfigError  # noqa: PLC0415
    from smallbatch.commands.together import serve_together  # noqa: PLC0415  # imports aiogram

    try:
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(serve_together(settings))
    except ConfigError as error:
        sys.stderr.write(f"error: {error}\n")
        return 2
    return 0
