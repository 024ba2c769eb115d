"""Authentication: the bot's key, staff tokens, and who may see what.

- The bot sends `Authorization: Bearer <bot key>` and names the customer it acts
  for in `X-Telegram-User-Id`; without that header it is the bot itself, which
  may only read the event feed.
- Staff send `Authorization: Bearer <staff token>`. A token is
  `<staff id>.<secret>`; only its argon2 hash is stored.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import re
import secrets
from collections.abc import Mapping

import structlog
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from backend.auth import repository
from backend.auth.schemas import Principal, StaffRole
from backend.db import Database, now_iso
from backend.errors import Forbidden, InvalidRequest, Unauthorized
from backend.structs import new_id

log = structlog.get_logger("smallbatch.auth")

USER_HEADER = "x-telegram-user-id"
STAFF_HEADER = "x-telegram-staff-id"
_TELEGRAM_ID = re.compile(r"^[1-9][0-9]{0,19}$")
_STAFF_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._@-]{0,63}$")
_CACHE_SIZE = 1024
_HASHER = PasswordHasher()
_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="smallbatch"'}


class Authenticator:
    """Turns request headers into a `Principal`, or refuses them."""

    def __init__(
        self, db: Database, bot_key: str, staff_telegram_ids: frozenset[str] = frozenset()
    ) -> None:
        self._db = db
        self._bot_key = bot_key.encode()
        self._staff_telegram_ids = staff_telegram_ids
        # sha256(token) -> the argon2 hash it verified against. Saves an argon2 run
        # (tens of ms) per request; a changed or deleted account misses the cache.
        self._verified: dict[bytes, str] = {}

    async def authenticate(self, headers: Mapping[str, str]) -> Principal:
        """The caller named by `Authorization` (and `X-Telegram-User-Id` for the bot)."""
        scheme, _, token = headers.get("authorization", "").partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            raise Unauthorized(
                "Send an API key as 'Authorization: Bearer ...'.", headers=_CHALLENGE
            )
        if hmac.compare_digest(token.encode(), self._bot_key):
            staff_id = headers.get(STAFF_HEADER)
            if staff_id is not None:
                return self._telegram_staff(staff_id.strip())
            return _bot_principal(headers.get(USER_HEADER))
        return await self._staff(token)

    def _telegram_staff(self, user_id: str) -> Principal:
        """The bot acting for a staff member who pressed a button in the staff chat.

        Only ids listed in SMALLBATCH_STAFF_TELEGRAM_IDS; history records `staff:telegram:<id>`.
        """
        if not _TELEGRAM_ID.match(user_id):
            raise InvalidRequest("X-Telegram-Staff-Id must be a Telegram user id (digits).")
        if user_id not in self._staff_telegram_ids:
            raise Forbidden("This Telegram user is not on the staff list.")
        return Principal(role="staff", name=f"telegram:{user_id}")

    async def _staff(self, token: str) -> Principal:
        staff_id, dot, _ = token.partition(".")
        row = None
        if dot and staff_id.startswith("stf_"):
            async with self._db.read() as conn:
                row = await repository.get_staff(conn, staff_id)
        # A disabled account or a revoked token fails here, at the next request.
        if row is None or row.disabled or not row.token_hash:
            raise Unauthorized("This API key is not valid.", headers=_CHALLENGE)
        digest = hashlib.sha256(token.encode()).digest()
        if self._verified.get(digest) != row.token_hash:
            if not await asyncio.to_thread(_verify, row.token_hash, token):
                raise Unauthorized("This API key is not valid.", headers=_CHALLENGE)
            if len(self._verified) >= _CACHE_SIZE:
                self._verified.clear()
            self._verified[digest] = row.token_hash
        role: StaffRole = "admin" if row.role == "admin" else "staff"
        return Principal(role=role, name=row.name)


def _verify(token_hash: str, token: str) -> bool:
    try:
        return _HASHER.verify(token_hash, token)
    except (VerificationError, InvalidHashError):
        return False


def _bot_principal(user_id: str | None) -> Principal:
    if user_id is None:
        return Principal(role="bot", name="bot")
    user_id = user_id.strip()
    if not _TELEGRAM_ID.match(user_id):
        raise InvalidRequest("X-Telegram-User-Id must be a Telegram user id (digits).")
    return Principal(role="customer", name=user_id, customer=user_id)


async def create_staff(db: Database, name: str, role: StaffRole = "staff") -> str:
    """Create a staff account and return its new token (shown once, stored only hashed)."""
    if not _STAFF_NAME.match(name):
        raise InvalidRequest(
            "A staff name is 1-64 letters, digits, spaces or ._@-, starting with a letter or digit."
        )
    staff_id, token, token_hash = await asyncio.to_thread(issue_token)
    async with db.write() as tx:
        created = await repository.insert_staff(
            tx, staff_id, name=name, role=role, token_hash=token_hash, at=now_iso()
        )
    if not created:
        raise InvalidRequest(f"There is already a staff account named {name!r}.")
    log.info("staff_created", staff_id=staff_id, name=name, role=role)
    return token


def issue_token(staff_id: str | None = None) -> tuple[str, str, str]:
    """A staff id (new unless given), a token for it (a random secret) and its argon2 hash."""
    staff_id = staff_id or new_id("stf")
    token = f"{staff_id}.{secrets.token_urlsafe(32)}"
    return staff_id, token, _HASHER.hash(token)


def customer_scope(principal: Principal) -> str | None:
    """Whose resources the caller sees: one customer's, or everyone's (None) for staff."""
    if principal.is_staff:
        return None
    if principal.customer is None:
        raise Forbidden("Name the customer in X-Telegram-User-Id.")
    return principal.customer


def require_customer(principal: Principal) -> str:
    """The customer id of a customer caller; anyone else may not do this."""
    if principal.customer is None:
        raise Forbidden("Only a customer can do this, through the bot.")
    return principal.customer


def require_staff(principal: Principal) -> None:
    """Refuse callers that are not staff."""
    if not principal.is_staff:
        raise Forbidden("Only staff can do this.")
