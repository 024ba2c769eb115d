"""The `smallbatch` command: one entry point, a sub-command per job.

A sub-command's module (and the web stack, geometry engine or bot it needs) is imported
only when that sub-command runs. Besides keeping `smallbatch analyze` quick to start, this
matters because every sandbox worker re-imports the main script (Python 3.11's forkserver
runs it again in each child): under `smallbatch serve` that script imports this module.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

#: Sub-command -> (its module, its one-line help). The module has add_parser(subparsers).
COMMANDS = {
    "analyze": ("smallbatch.commands.analyze", "measure a CAD file"),
    "db": ("smallbatch.commands.db", "copy the database to PostgreSQL"),
    "quote": ("smallbatch.commands.quote", "price a CAD file for every process"),
    "serve": ("smallbatch.commands.serve", "run the backend service"),
    "staff": ("smallbatch.commands.staff", "manage staff accounts"),
    "worker": ("smallbatch.commands.worker", "run queued analyses"),
}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; with `only`, just that sub-command's module is imported.

    The others are listed by name and help, so `smallbatch --help` still shows them all.
    """
    parser = argparse.ArgumentParser(
        prog="smallbatch",
        description="Instant quotes and order intake for small-batch manufacturing.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (module, help_text) in COMMANDS.items():
        if only is None or only == name:
            importlib.import_module(module).add_parser(subparsers)
        else:
            subparsers.add_parser(name, help=help_text)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; the exit status is the return value."""
    words = list(sys.argv[1:] if argv is None else argv)
    command = next((w for w in words if not w.startswith("-")), None)
    args = build_parser(command if command in COMMANDS else None).parse_args(words)
    status: int = args.run(args)
    return status


if __name__ == "__main__":
    sys.exit(main())
