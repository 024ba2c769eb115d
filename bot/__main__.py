"""`python -m bot`: run the bot alone against a running backend (see bot/README.md)."""

from __future__ import annotations

import asyncio
import contextlib
import sys

from bot.config import ConfigError, config_from_env
from bot.runner import run_bot


def main() -> int:
    """Read the environment and run until Ctrl-C."""
    try:
        config = config_from_env()
    except ConfigError as error:
        sys.stderr.write(f"error: {error}\n")
        return 2
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run_bot(config))
    return 0


if __name__ == "__main__":
    sys.exit(main())
