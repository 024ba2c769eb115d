"""The base every request and response type derives from, and values shared by resources."""

from __future__ import annotations

import hashlib
import secrets
import time
from datetime import UTC, datetime
from typing import Annotated, Any, TypeVar

import msgspec
from msgspec import Meta

from backend.errors import InvalidRequest

T = TypeVar("T")

#: The largest integer the database holds (SQLite INTEGER, PostgreSQL BIGINT).
INT64_MAX = 2**63 - 1
#: A whole number the database can store: every cursor, number or count a request carries.
#: Bounded here so that a larger one is a 400 at the edge, never an overflow in SQL.
StoredInt = Annotated[int, Meta(ge=0, le=INT64_MAX)]
#: A resource's version as a request names it (1, 2, …).
Version = Annotated[int, Meta(ge=1, le=INT64_MAX)]


class Struct(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Base of every Struct at the HTTP edge: immutable, and an unknown field is an error."""


class ErrorDetail(Struct, frozen=True):
    """What went wrong: a stable code for programs and a sentence for people."""

    code: str
    message: str


class ErrorBody(Struct, frozen=True):
    """Every error answer: `{"error": {"code", "message"}}`."""

    error: ErrorDetail


def secret_digest(token: str) -> str:
    """The SHA-256 hex digest stored in place of a bearer secret (session, upload link)."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_id(prefix: str) -> str:
    """A fresh id like `ord_0192f3a4b5c6d7e8f9a0b1c2d3e4f5a6`: time-ordered, 128 random-ish bits.

    Millisecond time first, so ids sort roughly by creation; 64 random bits
    after it, so they cannot be guessed from one another.
    """
    return f"{prefix}_{int(time.time() * 1000):012x}{secrets.token_hex(8)}"


class Clock:
    """The current time; tests pass a clock they can move."""

    def now(self) -> datetime:
        """Now, in UTC."""
        return datetime.now(UTC)


def decode_strict(body: bytes, cls: type[T]) -> T:
    """A JSON body as `cls`, strictly: `"1"` is not an int, an unknown field is an error.

    Litestar's own body conversion is lenient (it turns "1" into 1), so request
    bodies are decoded here. One lenience is kept, the JSON Schema's own: a number
    with nothing after its point (`3.0`) is an integer, as the API document says.
    """
    try:
        result: T = msgspec.convert(_whole_numbers(msgspec.json.decode(body)), cls, strict=True)
    except (msgspec.DecodeError, msgspec.ValidationError) as exc:
        raise InvalidRequest(f"The request body is not valid: {exc}.") from exc
    return result


def _whole_numbers(value: Any) -> Any:
    """`value` with every float that is a whole number made an int (a float field takes both)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: _whole_numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_whole_numbers(item) for item in value]
    return value
