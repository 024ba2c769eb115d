"""The one reply a worker sends its caller: a length header, then msgpack, never pickle.

A parser exploited by a hostile file controls the worker, and unpickling its
output would hand it the caller too; msgpack decoded into known types cannot.
"""

from __future__ import annotations

import struct
from typing import Literal

import msgspec

from geometry.limits import MB

#: The largest reply a worker may send back; a report and a thumbnail are far smaller.
MAX_REPLY_BYTES = 64 * MB
MAX_MESSAGE_CHARS = 2_000
MAX_DETAILS_CHARS = 20_000
HEADER = struct.Struct("!Q")  # reply length in bytes, then the msgpack reply


# A tagged union, so the caller decodes the reply into known types only.
class Returned(msgspec.Struct, tag="returned", frozen=True):
    """The job's result, itself msgpack, decoded later into the job's declared return type."""

    value: msgspec.Raw


class Raised(msgspec.Struct, tag="raised", frozen=True):
    """The job raised: what kind of error, and as much as the caller may see of it."""

    kind: Literal["geometry", "memory", "unexpected"]
    error: str  # module.qualname of the exception class
    code: str = ""
    message: str = ""
    details: str = ""


REPLY_DECODER: msgspec.msgpack.Decoder[Returned | Raised] = msgspec.msgpack.Decoder(
    Returned | Raised
)


def qualified(cls: type) -> str:
    """`module.qualname` of a class: how both sides name an exception class."""
    return f"{cls.__module__}.{cls.__qualname__}"
