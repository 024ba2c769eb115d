"""Receive a multipart upload as it streams in: hash it, cap it, spool it to disk.

The size limit holds while the body arrives, so a 10 GB upload stops at the
limit instead of filling memory or disk. Only a `file` part and an optional
`units` field are accepted; anything else in the form is refused.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import re
import unicodedata
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import BinaryIO, NamedTuple

import multipart

from backend.errors import InvalidRequest, PayloadTooLarge, Unavailable
from backend.parts.storage import FileStore
from geometry.limits import MB
from vocabulary import UNITS

_MAX_FIELD_BYTES = 64
_MAX_NAME_CHARS = 200
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\]")


class EmptyFile(InvalidRequest):
    """The upload's file has no bytes: a stable code, so the chat can say it in any language."""

    code = "empty_file"


class Upload(NamedTuple):
    """A received file, spooled to `temp` and not yet stored."""

    temp: Path
    sha256: str
    size: int
    filename: str
    units: str | None


class UploadSlots:
    """How many uploads may be received at once; one more is refused before its body is read.

    A slow or stalled sender holds its slot (and its temp file) until the read timeout,
    so the cap is what bounds the temp files and connections such senders can pin down.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.taken = 0

    @contextlib.contextmanager
    def slot(self) -> Iterator[None]:
        """Hold one slot while the body is received; 503 (closing the connection) when full."""
        if self.taken >= self.limit:
            raise Unavailable(
                "Too many uploads are arriving right now; please try again in a moment.",
                headers={"Retry-After": "5", "Connection": "close"},
            )
        self.taken += 1
        try:
            yield
        finally:
            self.taken -= 1


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
    """Parse the multipart stream into a spooled file; the temp file is removed on error.

    `chunks` ends with an empty chunk, as Litestar's `request.stream()` does: that is what
    tells the parser the body is over.
    """
    parser = multipart.PushMultipartParser(
        boundary_of(content_type), max_header_size=4096, max_header_count=8, max_segment_count=4
    )
    fd, temp = store.new_temp()
    try:
        with os.fdopen(fd, "wb") as out:
            form = _Form(out, max_bytes)
            async for chunk in chunks:
                for event in parser.parse(chunk):
                    form.take(event)
            if not parser.closed:
                raise InvalidRequest("The upload ended before the form was complete.")
            out.flush()
            await asyncio.to_thread(os.fsync, out.fileno())
        return form.upload(temp)
    except multipart.MultipartError as exc:
        temp.unlink(missing_ok=True)
        raise InvalidRequest(f"The multipart form could not be read: {exc}.") from exc
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


class _Form:
    """The form as its parser events arrive: the file's bytes go to `out`, capped and hashed."""

    def __init__(self, out: BinaryIO, max_bytes: int) -> None:
        self._out = out
        self._max_bytes = max_bytes
        self._digest = hashlib.sha256()
        self._size = 0
        self._filename: str | None = None
        self._units: bytes | None = None
        self._current: str | None = None  # the field whose body is arriving: "file", "units"

    def take(self, event: multipart.MultipartSegment | bytearray | None) -> None:
        """One parser event: a field's headers, a piece of its body, or the end of the field."""
        if isinstance(event, multipart.MultipartSegment):
            self._start(event)
        elif event is None:
            self._current = None
        elif self._current == "file":
            self._file_bytes(event)
        else:
            self._units_bytes(event)

    def upload(self, temp: Path) -> Upload:
        """The complete form as an `Upload` of `temp`; a bad request without a non-empty file."""
        if self._filename is None:
            raise InvalidRequest("The form has no 'file' field.")
        if self._size == 0:
            raise EmptyFile("The file is empty.")
        units = check_units(_text(self._units))
        return Upload(temp, self._digest.hexdigest(), self._size, self._filename, units)

    def _start(self, segment: multipart.MultipartSegment) -> None:
        self._current = _segment_kind(segment, self._filename is not None, self._units is not None)
        if self._current == "file":
            self._filename = safe_filename(segment.filename)
        else:
            self._units = b""

    def _file_bytes(self, data: bytes | bytearray) -> None:
        # The limit holds while the body arrives: nothing past it is written.
        self._size += len(data)
        if self._size > self._max_bytes:
            raise PayloadTooLarge(
                f"The file is over the {self._max_bytes // MB} MB limit for one part."
            )
        self._digest.update(data)
        self._out.write(data)

    def _units_bytes(self, data: bytes | bytearray) -> None:
        self._units = (self._units or b"") + data
        if len(self._units) > _MAX_FIELD_BYTES:
            raise InvalidRequest("The units field is too long.")


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
