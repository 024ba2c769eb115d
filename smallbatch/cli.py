"""The `smallbatch` command: one entry point, a sub-command per job."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from smallbatch.commands import analyze as analyze_command
from smallbatch.commands import quote as quote_command
from smallbatch.commands import serve as serve_command
from smallbatch.commands import staff as staff_command

COMMANDS = (analyze_command, quote_command, serve_command, staff_command)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command registered."""
    parser = argparse.ArgumentParser(
        prog="smallbatch",
        description="Instant quotes and order intake for small-batch manufacturing.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; the exit status is the return value."""
    args = build_parser().parse_args(argv)
    status: int = args.run(args)
    return status


if __name__ == "__main__":
    sys.exit(main())
