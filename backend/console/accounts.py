"""Staff sign-in for the console: passwords (argon2) and browser sessions.

A session cookie holds 32 random bytes; the database keeps only their SHA-256,
so a copy of the database signs nobody in. Changing a password ends that
account's sessions. Customers (and the bot) have no password and no session:
the console never accepts an `Authorization` header.
"""

from __future__ import annotations

import asyncio
import secrets
from datetime import timedelta

import structlog
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from backend.auth.schemas import Principal, StaffRole
from backend.console import repository, signin_limits
from backend.db import Database, now_iso
from backend.errors import InvalidRequest, NotFound, Unauthorized
from backend.structs import Clock, secret_digest

log = structlog.get_logger("smallbatch.console")

MIN_PASSWORD = 10
MAX_PASSWORD = 1024
_HASHER = PasswordHasher()
# Verified against when the name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _HASHER.hash(secrets.token_urlsafe(16))


class WrongPassword(Unauthorized):
    """The name or the password is wrong (which one is not said)."""

    code = "wrong_password"


def check_password_rules(password: str) -> None:
    """Refuse passwords too short to resist guessing, or absurdly long."""
    if len(password) < MIN_PASSWORD:
        raise InvalidRequest(f"A password needs at least {MIN_PASSWORD} characters.")
    if len(password) > MAX_PASSWORD:
        raise InvalidRequest(f"A password has at most {MAX_PASSWORD} characters.")


async def set_password(db: Database, name: str, password: str) -> None:
    """Give a staff account a new console password (and sign it out everywhere)."""
    check_password_rules(password)
    password_hash = await asyncio.to_thread(_HASHER.hash, password)
    async with db.write() as tx:
        account = await repository.account_by_name(tx, name)
        if account is None:
            raise NotFound(f"There is no staff account named {name!r}.")
        await repository.set_password(tx, account.id, password_hash)
    log.info("staff_password_set", staff_id=account.id, name=name)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


class Sessions:
    """Signs staff in and out and recognises their browsers."""

    def __init__(self, db: Database, clock: Clock, lifetime: timedelta) -> None:
        self._db = db
        self._clock = clock
        self.lifetime = lifetime

    async def sign_in(self, name: str, password: str, address: str) -> tuple[str, Principal]:
        """A new session token for the right name and password; else `WrongPassword`.

        `address` is the client's (`signin_limits.client_key`); the attempt is counted
        against it and the name before the password is checked (`RateLimited` beyond).
        """
        name = name.strip()[:64]
        now = self._clock.now()
        async with self._db.write() as tx:
            attempt = await signin_limits.reserve(tx, name, address, now)
            account = await repository.account_by_name(tx, name)
        # A disabled account's password is refused like a wrong one (and costs as long).
        stored = None if account is None or account.disabled else account.password_hash
        ok = await asyncio.to_thread(_verify, stored or _DUMMY_HASH, password[:MAX_PASSWORD])
        if account is None or stored is None or not ok:
            log.info("console_sign_in_failed", name=name, address=address)
            raise WrongPassword("Wrong name or password.")
        token = secrets.token_urlsafe(32)
        async with self._db.write() as tx:
            await signin_limits.succeeded(tx, attempt)
            await repository.insert_session(
                tx, secret_digest(token), account.id, now_iso(now), now_iso(now + self.lifetime)
            )
        log.info("console_signed_in", staff_id=account.id, name=account.name, address=address)
        return token, _principal(account.role, account.name)

    async def principal(self, token: str | None) -> Principal | None:
        """Who this session cookie belongs to, or None when it is missing, unknown or expired."""
        if not token or len(token) > 128:
            return None
        async with self._db.read() as conn:
            row = await repository.get_session(
                conn, secret_digest(token), now_iso(self._clock.now())
            )
        return None if row is None else _principal(row.role, row.name)

    async def sign_out(self, token: str | None) -> None:
        """Forget this browser's session."""
        if token:
            async with self._db.write() as tx:
                await repository.delete_session(
                    tx, secret_digest(token), now_iso(self._clock.now())
                )


def _principal(role: str, name: str) -> Principal:
    staff_role: StaffRole = "admin" if role == "admin" else "staff"
    return Principal(role=staff_role, name=name)
