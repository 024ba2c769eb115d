"""`smallbatch staff`: staff accounts and their console passwords.

`smallbatch staff add NAME [--role staff|admin]` creates a staff account;
`smallbatch staff passwd NAME` sets its password for the browser console.

`add` prints the new API token alone on the last line. Only its hash is stored,
so it cannot be shown again; create a new account if it is lost. `passwd`
asks twice on a terminal, or reads one line from standard input otherwise, and
stores only an argon2 hash; it signs the account out of every browser.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from typing import Any

from backend.auth.service import create_staff
from backend.console.accounts import set_password
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
    passwd = actions.add_parser("passwd", help="set a staff account's console password")
    passwd.add_argument("name", metavar="NAME")
    passwd.set_defaults(run=run_passwd)


def run_add(args: argparse.Namespace) -> int:
    """Create the account in the configured data directory and print its token."""
    try:
        settings = settings_from_env()
        ensure_data_dir(settings)
        token = asyncio.run(_with_db(settings.database_path, create_staff, args.name, args.role))
    except (SettingsError, DomainError) as error:
        sys.stderr.write(f"error: {error}\n")
        return 2
    sys.stdout.write(f"created {args.role} account {args.name!r}; its API token:\n{token}\n")
    return 0


def run_passwd(args: argparse.Namespace) -> int:
    """Read the new password and store its hash for the named account."""
    try:
        password = _read_password()
        settings = settings_from_env()
        ensure_data_dir(settings)
        asyncio.run(_with_db(settings.database_path, set_password, args.name, password))
    except (SettingsError, DomainError, PasswordMismatch) as error:
        sys.stderr.write(f"error: {error}\n")
        return 2
    sys.stdout.write(f"password set for {args.name!r}; it can now sign in to the console\n")
    return 0


class PasswordMismatch(Exception):
    """The two entries differ."""


def _read_password() -> str:
    if not sys.stdin.isatty():
        # Scripts and tests pipe it in: one line, its newline dropped.
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("New password: ")
    if getpass.getpass("Again: ") != first:
        raise PasswordMismatch("the two passwords differ; nothing was changed")
    return first


async def _with_db(path: Any, action: Any, *args: Any) -> Any:
    db = Database(path, readers=0)
    await db.open()
    try:
        return await action(db, *args)
    finally:
        await db.close()
