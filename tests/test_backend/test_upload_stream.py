"""The streaming form reader alone: what it keeps, what it refuses, and that it cleans up.

Bodies arrive in awkward pieces (one byte, seven bytes, whole) so that every field and
limit is met across chunk boundaries, as a slow client would send them.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from backend.errors import InvalidRequest, PayloadTooLarge
from backend.parts.storage import FileStore
from backend.parts.upload import Upload, receive_upload

pytestmark = pytest.mark.anyio

BOUNDARY = "XyZ"
CONTENT_TYPE = f"multipart/form-data; boundary={BOUNDARY}"
SOLID = b"solid cube\nendsolid cube\n"


def field(name: str, value: bytes, filename: str | None = None) -> bytes:
    """One form field with its boundary line."""
    disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
    return f"--{BOUNDARY}\r\nContent-Disposition: {disposition}\r\n\r\n".encode() + value + b"\r\n"


def form(*fields: bytes) -> bytes:
    """A complete multipart body."""
    return b"".join(fields) + f"--{BOUNDARY}--\r\n".encode()


async def pieces(body: bytes, size: int) -> AsyncIterator[bytes]:
    """The body in chunks of `size` bytes, then the empty chunk that ends Litestar's stream."""
    for start in range(0, len(body), size):
        yield body[start : start + size]
    yield b""


async def receive(tmp_path: Path, body: bytes, size: int, max_bytes: int = 1000) -> Upload:
    """Receive `body` in `size`-byte chunks into a store under `tmp_path`."""
    return await receive_upload(pieces(body, size), CONTENT_TYPE, FileStore(tmp_path), max_bytes)


@pytest.mark.parametrize("size", [1, 7, 100_000])
async def test_the_file_and_its_units_arrive_whole_in_any_chunking(
    tmp_path: Path, size: int
) -> None:
    body = form(field("file", SOLID, "../cube.stl"), field("units", b" inch "))
    upload = await receive(tmp_path, body, size)
    assert upload.temp.read_bytes() == SOLID
    assert upload.sha256 == hashlib.sha256(SOLID).hexdigest()
    assert upload.size == len(SOLID)
    assert upload.filename == "cube.stl"
    assert upload.units == "inch"


async def test_units_are_optional(tmp_path: Path) -> None:
    upload = await receive(tmp_path, form(field("file", SOLID, "cube.stl")), 7)
    assert upload.units is None


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (form(field("units", b"mm")), "no 'file' field"),
        (form(field("file", b"", "a.stl")), "empty"),
        (form(field("file", SOLID, "a.stl"), field("units", b"m" * 65)), "too long"),
        (form(field("file", SOLID, "a.stl"), field("units", b"\xff")), "not text"),
        (form(field("file", SOLID, "a.stl"), field("units", b"cubit")), "units must be one of"),
        (form(field("file", SOLID, "a.stl"), field("file", SOLID, "b.stl")), "unexpected field"),
        (form(field("file", SOLID)), "unexpected field"),  # a file field needs a file name
        (form(field("file", SOLID, "a.stl"))[:-10], "could not be read"),
    ],
    ids=["no-file", "empty", "long-units", "binary-units", "bad-units", "two-files", "no-name",
         "truncated"],
)  # fmt: skip
async def test_a_bad_form_is_refused_and_its_temp_file_removed(
    tmp_path: Path, body: bytes, message: str
) -> None:
    with pytest.raises(InvalidRequest, match=message):
        await receive(tmp_path, body, 7)
    assert list((tmp_path / "tmp").iterdir()) == []


async def test_a_stream_that_stops_without_its_end_is_incomplete(tmp_path: Path) -> None:
    async def cut_off() -> AsyncIterator[bytes]:
        yield form(field("file", SOLID, "a.stl"))  # and no closing empty chunk

    with pytest.raises(InvalidRequest, match="ended before the form was complete"):
        await receive_upload(cut_off(), CONTENT_TYPE, FileStore(tmp_path), 1000)
    assert list((tmp_path / "tmp").iterdir()) == []


async def test_the_size_limit_holds_while_the_file_arrives(tmp_path: Path) -> None:
    body = form(field("file", b"x" * 1001, "big.stl"))
    with pytest.raises(PayloadTooLarge, match="limit"):
        await receive(tmp_path, body, 100)
    assert list((tmp_path / "tmp").iterdir()) == []


async def test_a_file_exactly_at_the_limit_is_kept(tmp_path: Path) -> None:
    upload = await receive(tmp_path, form(field("file", b"x" * 1000, "edge.stl")), 100)
    assert upload.size == 1000
