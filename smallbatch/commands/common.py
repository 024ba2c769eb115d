"""What the commands share: reading the file, reporting errors, checking the database."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from envconfig import EnvError
from geometry import GeometryError
from geometry.errors import UnsupportedFormat
from sandbox.server import Start
from vocabulary import UNITS

if TYPE_CHECKING:  # the pricing package (numpy, charts) is not analyze's to load
    from pricing import PricingError

EXIT_BAD_INPUT = 2

#: A command measures one file and exits: its worker is forked from the command itself
#: (single-threaded here), not from a forkserver that would import the engine a second time.
ONE_SHOT: Start = "fork"


def add_file_arguments(parser: argparse.ArgumentParser) -> None:
    """The FILE, --units and --json arguments of analyze and quote."""
    parser.add_argument("file", metavar="FILE", help="CAD file: STL, STEP, 3MF, OBJ, PLY or GLB")
    parser.add_argument("--units", choices=UNITS, help="the unit the file was drawn in")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def read_input(path: str) -> bytes:
    """The file's bytes, or a GeometryError a person understands."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise FileProblem("file_not_found", f"There is no file at {path}.") from exc
    except IsADirectoryError as exc:
        raise FileProblem("file_not_found", f"{path} is a folder, not a file.") from exc
    except OSError as exc:
        raise FileProblem("file_unreadable", f"We couldn't read {path}: {exc.strerror}.") from exc


class FileProblem(UnsupportedFormat):
    """The input file could not be opened at all."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def report_error(error: GeometryError | PricingError, as_json: bool) -> int:
    """Print a file or pricing error the way the command was asked to speak; exit status 2."""
    if as_json:
        sys.stdout.write(msgspec.json.encode({"error": error.as_dict()}).decode() + "\n")
    else:
        sys.stderr.write(f"error [{error.code}]: {error.message}\n")
    return EXIT_BAD_INPUT


def check_database(url: str | None, name: str | None = None) -> None:
    """Stop at start when PostgreSQL can't be reached, naming `name` (an option) or the variable."""
    if not url:
        return
    import asyncio  # noqa: PLC0415 (only a PostgreSQL start pays for these imports)

    from backend.pg import ERRORS, probe  # noqa: PLC0415
    from backend.settings import ENV_FIELDS  # noqa: PLC0415

    try:
        asyncio.run(probe(url))
    except (TimeoutError, *ERRORS) as exc:  # type: ignore[misc]  # mypy: starred tuple
        label = name or next(var for var, field in ENV_FIELDS.items() if field == "database_url")
        raise EnvError(f"{label}: the database cannot be reached ({exc})") from exc
