"""`smallbatch db copy`: move a SQLite install onto PostgreSQL (and S3), verified.

Reads the SQLite database and stored files of the data directory (`SMALLBATCH_DATA_DIR`,
or `--from-data-dir`) and writes every row into the PostgreSQL database of
`SMALLBATCH_DATABASE_URL` (or `--to`), migrating it first; with `SMALLBATCH_S3_ENDPOINT`
and `SMALLBATCH_S3_BUCKET` set, every stored file goes into the bucket under the key the
local store gives it (without them the files stay in the data directory). Ids are kept.
It then counts both sides and prints a table of table, rows, copied.

Stop every server and worker first. The target must be empty: a second copy is refused.
Exit status: 0 copied and verified, 1 a count differs, 2 nothing copied (a missing source,
an unreachable or non-empty target; the message names the variable or option).
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import sys
from typing import TYPE_CHECKING, Any

import msgspec
import structlog

from backend.settings import POSTGRES_SCHEMES, Settings, settings_from_env
from envconfig import EnvError, env_vars
from smallbatch.commands.common import check_database

if TYPE_CHECKING:  # the database stack is imported once the settings hold (see run_copy)
    from backend.copying.service import CopyResult

EXIT_MISMATCH = 1
EXIT_REFUSED = 2
#: Each setting's variable, from the settings' own definitions.
VARIABLE = {v.field: v.name for v in env_vars(Settings)}


def add_parser(subparsers: Any) -> None:
    """Register the db sub-command and its `copy` action."""
    parser = subparsers.add_parser(
        "db", help="copy the database to PostgreSQL", description=__doc__
    )
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    copy = actions.add_parser(
        "copy", help="copy every row and stored file into PostgreSQL (and S3), then verify"
    )
    copy.add_argument("--from-data-dir", metavar="DIR", help="the data directory to copy from")
    copy.add_argument("--to", metavar="URL", help="the postgresql://… database to copy into")
    copy.set_defaults(run=run_copy)


class Plan(msgspec.Struct, frozen=True):
    """Where from and where to, and the names to blame when either fails."""

    settings: Settings  # with the data directory to copy from
    target_url: str
    source_name: str  # the variable or option that named the source
    target_name: str


def run_copy(args: argparse.Namespace) -> int:
    """Copy, verify and print the table; the exit status says how it went."""
    # Log lines (the target's migrations) and progress go to stderr: stdout is the table.
    structlog.configure(logger_factory=structlog.PrintLoggerFactory(sys.stderr))
    try:
        plan = _plan(args)
    except EnvError as error:
        sys.stderr.write(f"error: {error}\n")
        return EXIT_REFUSED
    # Imported once the settings hold: a wrong one is answered before a second of imports.
    import asyncpg  # noqa: PLC0415

    from backend.copying.plan import CopyRefused, report  # noqa: PLC0415

    try:
        result = asyncio.run(_copy(plan))
    except (EnvError, CopyRefused) as error:
        sys.stderr.write(f"error: {error}\n")
        return EXIT_REFUSED
    except (asyncpg.PostgresError, asyncpg.InterfaceError) as error:
        sys.stderr.write(f"error: {plan.target_name}: PostgreSQL refused the copy ({error})\n")
        return EXIT_REFUSED
    except sqlite3.Error as error:
        sys.stderr.write(f"error: {plan.source_name}: the SQLite database failed ({error})\n")
        return EXIT_REFUSED
    sys.stdout.write(report(result.tables, result.files, result.missing))
    if not result.ok:
        sys.stderr.write("error: the target does not hold everything the source does\n")
        return EXIT_MISMATCH
    return 0


def _plan(args: argparse.Namespace) -> Plan:
    """The source and target from the settings and options, both checked to be there."""
    settings = settings_from_env()
    source_name = "--from-data-dir" if args.from_data_dir else VARIABLE["data_dir"]
    target_name = "--to" if args.to else VARIABLE["database_url"]
    if args.from_data_dir:
        settings = msgspec.structs.replace(settings, data_dir=args.from_data_dir)
    if not settings.database_path.is_file():
        raise EnvError(f"{source_name}: there is no database at {settings.database_path}")
    target_url = args.to or settings.database_url
    if not target_url:
        raise EnvError(f"{target_name}: set it to the postgresql://… database to copy into")
    if not target_url.startswith(POSTGRES_SCHEMES):
        raise EnvError(f"{target_name}: a postgresql://… URL")
    check_database(target_url, target_name)
    return Plan(settings, target_url, source_name, target_name)


async def _copy(plan: Plan) -> CopyResult:
    """Open both databases and the file store, copy, close."""
    from backend.copying.service import copy_into  # noqa: PLC0415
    from backend.db import Database  # noqa: PLC0415
    from backend.pg import PgDatabase  # noqa: PLC0415
    from backend.storage.choose import blobs_for  # noqa: PLC0415

    blobs = blobs_for(plan.settings)
    if blobs is not None:
        await asyncio.to_thread(blobs.check)  # StorageUnavailable names its variable
    source = Database(plan.settings.database_path, readers=1)
    target = PgDatabase(plan.target_url, readers=1)
    await source.open()  # brought to this version's schema first, as `serve` would
    try:
        await target.open()  # and the target too: the same migrations
        try:
            return await copy_into(source, target, plan.settings.data_path, blobs, say=_progress)
        finally:
            await target.close()
    finally:
        await source.close()


def _progress(line: str) -> None:
    sys.stderr.write(line + "\n")
