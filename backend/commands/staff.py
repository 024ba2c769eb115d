"""`smallbatch staff add NAME [--role staff|admin]`: create a staff account.

Prints the new API token alone on the last line. Only its hash is stored, so
it cannot be shown again; create a new account if it is lost.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

from backend.auth.service import create_staff
from backend.db import Database
from backend.errors import DomainError
from backend.settings import SettingsError, ensure_data_dir, settings_from_env


def add_parser(subparsers: Any) -> None:
    """Register the staff sub-command and its `add` action."""
    parser = subparsers.add_parser("staff", help="manage staff accounts", description=__doc__)
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="create a staff account and print its token")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--role", choices=("staff", "admin"), default="staff")
    add.set_defaults(run=run_add)


def run_add(args: argparse.Namespace) -> int:
    """Create the account in the configured data directory and print its token."""
    try:
        settings = settings_from_env()
        ensure_data_dir(settings)
        token = asyncio.run(_add(settings.database_path, args.name, args.role))
    except (SettingsError, DomainError) as error:
        sys.stderr.write(f"error: {error}\n")
        return 2
    sys.stdout.write(f"created {args.role} account {args.name!r}; its API token:\n{token}\n")
    return 0


async def _add(path: Any, name: str, role: Any) -> str:
    db = Database(path, readers=0)
    await db.open()
    try:
        return await create_staff(db, name, role)
    finally:
        await db.close()
