"""Leases for the bot's replicas (over the API) and the backend's own periodic jobs.

A lease lasts `seconds` from the backend's clock unless its holder renews it; an expired
lease is free for the next asker. Every change runs in one write transaction, which
holds the store's write lock (SQLite's, or the advisory lock on PostgreSQL), and is one
conditional upsert besides, so two replicas can never both hold a lease.
"""

from __future__ import annotations

import os
import re
import secrets
import socket
from datetime import UTC, datetime

from backend.auth.schemas import Principal
from backend.db import Database, now_iso
from backend.errors import Forbidden, InvalidRequest
from backend.leases import repository
from backend.leases.repository import LeaseRow
from backend.leases.schemas import HOLDER_PATTERN, NAME_PATTERN, Lease, LeaseRequest
from backend.structs import Clock

_NAME = re.compile(NAME_PATTERN)
_HOLDER = re.compile(HOLDER_PATTERN)


class LeaseService:
    """Take, renew, read and release named leases."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    def _now_ms(self) -> int:
        return int(self._clock.now().timestamp() * 1000)

    async def take(self, principal: Principal, name: str, request: LeaseRequest) -> Lease:
        """The bot asks for (or renews) a lease; whether it holds it now, and whose it is."""
        _require_bot(principal)
        _check_name(name)
        row = await self._acquire(name, request.holder, request.seconds)
        return _lease(name, row, held=row.holder == request.holder)

    async def read(self, principal: Principal, name: str) -> Lease:
        """Who holds a lease now (nobody once it has expired)."""
        _require_bot(principal)
        _check_name(name)
        async with self._db.read() as conn:
            row = await repository.find(conn, name)
        if row is None or row.expires_at <= self._now_ms():
            return Lease(name=name, held=False, holder=None, expires_at=None)
        return _lease(name, row, held=True)

    async def release(self, principal: Principal, name: str, holder: str) -> None:
        """The bot gives a lease up (nothing happens unless `holder` has it)."""
        _require_bot(principal)
        _check_name(name)
        if not _HOLDER.fullmatch(holder):
            raise InvalidRequest("The holder is 1 to 128 printable characters without spaces.")
        await self.give_up(name, holder)

    async def hold(self, name: str, holder: str, seconds: float) -> bool:
        """For the backend's own work: take or renew `name`; whether `holder` has it now."""
        return (await self._acquire(name, holder, seconds)).holder == holder

    async def give_up(self, name: str, holder: str) -> None:
        """For the backend's own work: release `name` if `holder` has it."""
        async with self._db.write() as tx:
            await repository.release(tx, name, holder)

    async def _acquire(self, name: str, holder: str, seconds: float) -> LeaseRow:
        now = self._now_ms()
        async with self._db.write() as tx:
            return await repository.acquire(tx, name, holder, now, now + int(seconds * 1000))


def _lease(name: str, row: LeaseRow, *, held: bool) -> Lease:
    expires = now_iso(datetime.fromtimestamp(row.expires_at / 1000, UTC))
    return Lease(name=name, held=held, holder=row.holder, expires_at=expires)


def _check_name(name: str) -> None:
    if not _NAME.fullmatch(name):
        raise InvalidRequest(
            "A lease name is 1 to 64 of a-z 0-9 : . _ - (starting with a letter or digit)."
        )


def _require_bot(principal: Principal) -> None:
    if principal.role != "bot":
        raise Forbidden("Only the bot, without a customer header, takes leases.")


def replica_name() -> str:
    """This process's name as a lease holder: host, process id and a random tag."""
    return f"backend:{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


class ReplicaLease:
    """One lease this backend replica holds for a job of its own (`periodic:<name>`)."""

    def __init__(self, leases: LeaseService, name: str, holder: str, seconds: float) -> None:
        self.name = name
        self._leases = leases
        self._holder = holder
        self._seconds = seconds

    async def claim(self) -> bool:
        """Take or renew the lease; whether this replica has it now."""
        return await self._leases.hold(self.name, self._holder, self._seconds)

    async def release(self) -> None:
        """Let another replica take the job at once instead of after the expiry."""
        await self._leases.give_up(self.name, self._holder)
