"""`python -m bot.emulator --port 8081`: a local Telegram Bot API with a web chat page."""

from __future__ import annotations

import argparse

from bot.emulator.runner import run_emulator


def main() -> None:
    """Parse the address and serve until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m bot.emulator", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="loopback by default")
    parser.add_argument("--port", type=int, default=8081)
    args = parser.parse_args()
    run_emulator(args.host, args.port)


if __name__ == "__main__":
    main()
