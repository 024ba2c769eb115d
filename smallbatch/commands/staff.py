"""`smallbatch staff`: staff accounts, their console passwords and API tokens.

`smallbatch staff add NAME [--role staff|admin]` creates a staff account;
`smallbatch staff passwd NAME` sets its password for the browser console;
`smallbatch staff disable NAME` refuses its token, sessions and password at once
(`enable NAME` lets it in again); `smallbatch staff token NAME` issues a new API
token (the old one stops working); `smallbatch staff revoke NAME` revokes its token;
`smallbatch staff list` shows every account.

`add` and `token` print the API token alone on the last line. Only its hash is
stored, so it cannot be shown again; issue a new one if it is lost. `passwd`
asks twice on a terminal, or reads one line from standard input otherwise, and
stores only an argon2 hash; it signs the account out of every browser.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from collections.abc import Awaitable, Callable
from typing import Any, NamedTuple

from backend.auth import accounts
from backend.auth.service import create_staff
from backend.console.accounts import set_password
from backend.errors import DomainError
from backend.settings import Settings, SettingsError, ensure_data_dir, settings_from_env
from backend.stores import database_for


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
    for action, spec in _ACTIONS.items():
        sub = actions.add_parser(action, help=spec.help)
        sub.add_argument("name", metavar="NAME")
        sub.set_defaults(run=run_action, action=action)
    actions.add_parser("list", help="list staff accounts").set_defaults(run=run_list)


class Action(NamedTuple):
    """One `smallbatch staff ACTION NAME`: its help, the service it calls, what it says after."""

    help: str
    run: Callable[..., Awaitable[str | None]]
    done: str


_ACTIONS = {
    "disable": Action(
        "refuse an account's token, sessions and password at once",
        accounts.disable,
        "disabled {name!r}: its API token, sessions and password are refused",
    ),
    "enable": Action("let a disabled account in again", accounts.enable, "enabled {name!r}"),
    "token": Action(
        "issue a new API token for an account (the old one stops working)",
        accounts.new_token,
        "new API token for {name!r} (the old one is refused from now on):",
    ),
    "revoke": Action(
        "revoke an account's API token",
        accounts.revoke_token,
        "revoked the API token of {name!r}",
    ),
}


def run_action(args: argparse.Namespace) -> int:
    """Disable, enable, re-token or revoke the named account, as the operator."""
    try:
        settings = settings_from_env()
        ensure_data_dir(settings)
        run = _ACTIONS[args.action].run
        token = asyncio.run(_with_db(settings, run, accounts.OPERATOR, args.name))
    except (SettingsError, DomainError) as error:
        sys.stderr.write(f"error: {error}\n")
        return 2
    sys.stdout.write(_ACTIONS[args.action].done.format(name=args.name) + "\n")
    if isinstance(token, str):
        sys.stdout.write(token + "\n")
    return 0


def run_list(_: argparse.Namespace) -> int:
    """Print every account: name, role, state, token, password, live sessions."""
    try:
        settings = settings_from_env()
        ensure_data_dir(settings)
        rows = asyncio.run(_with_db(settings, accounts.list_accounts, accounts.OPERATOR))
    except (SettingsError, DomainError) as error:
        sys.stderr.write(f"error: {error}\n")
        return 2
    for row in rows:
        state = "disabled" if row.disabled_at else "active"
        token = "token" if row.has_token else "no token"
        password = "password" if row.has_password else "no password"
        sys.stdout.write(
            f"{row.name}\t{row.role}\t{state}\t{token}\t{password}\t{row.sessions} sessions\n"
        )
    return 0


def run_add(args: argparse.Namespace) -> int:
    """Create the account in the configured data directory and print its token."""
    try:
        settings = settings_from_env()
        ensure_data_dir(settings)
        token = asyncio.run(_with_db(settings, create_staff, args.name, args.role))
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
        asyncio.run(_with_db(settings, set_password, args.name, password))
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


async def _with_db(settings: Settings, action: Any, *args: Any) -> Any:
    db = database_for(settings, readers=1)
    await db.open()
    try:
        return await action(db, *args)
    finally:
        await db.close()
