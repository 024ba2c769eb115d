"""Disabling staff accounts and revoking their API tokens (the CLI and the console's staff page).

A disabled account is refused at once everywhere: its API token at the next request (the
authenticator reads the account each time), its browser sessions (deleted, and a session of a
disabled account never counts), its password at sign-in. Enabling it again restores the token
and the password, not the sessions. Each account has one API token: revoking it leaves the
account without one; `new_token` issues a replacement (the old one stops working at once).
"""

from __future__ import annotations

import asyncio

import structlog

from backend.auth import repository
from backend.auth.repository import StaffListRow, StaffRow
from backend.auth.schemas import Principal
from backend.auth.service import issue_token
from backend.db import Conn, Database, now_iso
from backend.errors import Forbidden, InvalidRequest, NotFound

log = structlog.get_logger("smallbatch.auth")

#: Who acts when an operator runs `smallbatch staff` on the server (a name no account can have).
OPERATOR = Principal(role="admin", name="(command line)")


def _require_admin(by: Principal) -> None:
    if by.role != "admin":
        raise Forbidden("Only an admin can manage staff accounts.")


async def _account(conn: Conn, name: str) -> StaffRow:
    account = await repository.staff_by_name(conn, name)
    if account is None:
        raise NotFound(f"There is no staff account named {name!r}.")
    return account


async def list_accounts(db: Database, by: Principal) -> list[StaffListRow]:
    """Every staff account, for an admin."""
    _require_admin(by)
    async with db.read() as conn:
        return await repository.list_staff(conn, now_iso())


async def disable(db: Database, by: Principal, name: str) -> None:
    """Disable `name`: its token, sessions and password are refused from now on."""
    _require_admin(by)
    if by.name == name:
        raise InvalidRequest("You cannot disable your own account.")
    async with db.write() as tx:
        account = await _account(tx, name)
        await repository.set_disabled(tx, account.id, now_iso())
    log.info("staff_disabled", staff_id=account.id, name=name, by=by.actor)


async def enable(db: Database, by: Principal, name: str) -> None:
    """Let a disabled account in again (its token, if not revoked, and its password)."""
    _require_admin(by)
    async with db.write() as tx:
        account = await _account(tx, name)
        await repository.set_disabled(tx, account.id, None)
    log.info("staff_enabled", staff_id=account.id, name=name, by=by.actor)


async def revoke_token(db: Database, by: Principal, name: str) -> None:
    """Revoke `name`'s API token: refused from the next request on."""
    _require_admin(by)
    async with db.write() as tx:
        account = await _account(tx, name)
        await repository.set_token_hash(tx, account.id, "")
    log.info("staff_token_revoked", staff_id=account.id, name=name, by=by.actor)


async def new_token(db: Database, by: Principal, name: str) -> str:
    """A new API token for `name` (shown once); the old one is refused from now on."""
    _require_admin(by)
    async with db.read() as conn:
        staff_id = (await _account(conn, name)).id
    _, token, token_hash = await asyncio.to_thread(issue_token, staff_id)
    async with db.write() as tx:
        await repository.set_token_hash(tx, staff_id, token_hash)
    log.info("staff_token_issued", staff_id=staff_id, name=name, by=by.actor)
    return token
