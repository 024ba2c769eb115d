"""Receive a multipart upload as it streams in: hash it, cap it, spool it to disk.

The size limit holds while the body arrives, so a 10 GB upload stops at the
limit instead of filling memory or disk. Only a `file` part and an optional
`units` field are accepted; anything else in the form is refused.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
import unicodedata
from collections.abc import AsyncIterator
from pathlib import Path
from typing import NamedTuple

import multipart

from backend.errors import InvalidRequest, PayloadTooLarge
from backend.parts.storage import FileStore
from geometry.limits import MB
from vocabulary import UNITS

_MAX_FIELD_BYTES = 64
_MAX_NAME_CHARS = 200
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\]")


class Upload(NamedTuple):
    """A received file, spooled to `temp` and not yet stored."""

    temp: Path
    sha256: str
    size: int
    filename: str
    units: str | None


def safe_filename(name: str | None) -> str:
    """The client's file name reduced to a display name: no folders, no control characters."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE.sub("", name).strip().lstrip(".")
    return name[-_MAX_NAME_CHARS:] or "upload"


def check_units(units: str | None) -> str | None:
    """One of `vocabulary.UNITS` or None; anything else is a bad request."""
    if units is None or units == "":
        return None
    if units not in UNITS:
        raise InvalidRequest(f"units must be one of {', '.join(UNITS)}; not {units[:20]!r}.")
    return units


def boundary_of(content_type: str) -> str:
    """The multipart boundary, or a bad request when this is not a multipart form."""
    kind, options = multipart.parse_options_header(content_type or "")
    boundary = str(options.get("boundary", ""))
    if kind != "multipart/form-data" or not boundary or len(boundary) > 200:
        raise InvalidRequest("Send the file as multipart/form-data with a 'file' field.")
    return boundary


async def receive_upload(
    chunks: AsyncIterator[bytes], content_type: str, store: FileStore, max_bytes: int
) -> Upload:
    """Parse the multipart stream into a spooled file; the temp file is removed on error."""
    parser = multipart.PushMultipartParser(
        boundary_of(content_type), max_header_size=4096, max_header_count=8, max_segment_count=4
    )
    fd, temp = store.new_temp()
    digest = hashlib.sha256()
    size = 0
    filename: str | None = None
    units: bytes | None = None
    current: str | None = None
    try:
        with os.fdopen(fd, "wb") as out:
            async for chunk in chunks:
                for event in parser.parse(chunk):
                    if isinstance(event, multipart.MultipartSegment):
                        current = _segment_kind(event, filename is not None, units is not None)
                        if current == "file":
                            filename = safe_filename(event.filename)
                        else:
                            units = b""
                    elif event is None:
                        current = None
                    elif current == "file":
                        size += len(event)
                        if size > max_bytes:
                            raise PayloadTooLarge(
                                f"The file is over the {max_bytes // MB} MB limit for one part."
                            )
                        digest.update(event)
                        out.write(event)
                    else:
                        units = (units or b"") + event
                        if len(units) > _MAX_FIELD_BYTES:
                            raise InvalidRequest("The units field is too long.")
            if not parser.closed:
                raise InvalidRequest("The upload ended before the form was complete.")
            out.flush()
            await asyncio.to_thread(os.fsync, out.fileno())
        if filename is None:
            raise InvalidRequest("The form has no 'file' field.")
        if size == 0:
            raise InvalidRequest("The file is empty.")
        return Upload(temp, digest.hexdigest(), size, filename, check_units(_text(units)))
    except multipart.MultipartError as exc:
        temp.unlink(missing_ok=True)
        raise InvalidRequest(f"The multipart form could not be read: {exc}.") from exc
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _segment_kind(segment: multipart.MultipartSegment, have_file: bool, have_units: bool) -> str:
    if segment.name == "file" and segment.filename is not None and not have_file:
        return "file"
    if segment.name == "units" and segment.filename is None and not have_units:
        return "units"
    raise InvalidRequest(
        "The form may hold one 'file' (with a file name) and one optional 'units' field; "
        f"it has an unexpected field {str(segment.name)[:40]!r}."
    )


def _text(value: bytes | None) -> str | None:
    if value is None:
        return None
    try:
        return value.decode().strip()
    except UnicodeDecodeError as exc:
        raise InvalidRequest("The units field is not text.") from exc
