"""XML inside a 3MF, checked as its parser will read it: UTF-8 only, and no DTD anywhere.

3MF requires its XML parts to be UTF-8. In UTF-8, `<!DOCTYPE` and `<!ENTITY`
can only be written as those ASCII bytes, so a search of the whole part finds
them wherever they are: streamed in chunks with an overlap (so a marker across
a chunk boundary is seen) and bounded by the archive's size limits, which
`check_zip` enforces first. A part the parser could read in another encoding
(a UTF-16 or UTF-32 byte-order mark or pattern, EBCDIC, or a declaration naming
another encoding) could spell the markers in bytes no search sees, so it is
refused outright, as are invalid UTF-8 (an overlong `<`) and NUL.

An archive entry that is neither is not XML to the parser (a PNG thumbnail, a
texture): libxml2 decides the encoding from the first four bytes alone and
otherwise reads UTF-8, which must begin, after whitespace, with `<`.
"""

from __future__ import annotations

import codecs
import re
from typing import IO

from geometry.errors import CorruptFile

CHUNK_BYTES = 1 << 16
_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")
_OVERLAP = max(len(marker) for marker in _MARKERS) - 1
_UTF8_BOM = b"\xef\xbb\xbf"
_XML_SPACE = b" \t\r\n"
# The openings libxml2 reads as XML in an encoding other than UTF-8: byte-order marks of
# UTF-16 and UTF-32, `<` or `<?` in UTF-16 or UTF-32 without one, and EBCDIC `<?xm`.
_OTHER_ENCODING_OPENINGS = (
    b"\xfe\xff", b"\xff\xfe", b"\x00\x00\xfe\xff",
    b"\x00\x00\x00<", b"<\x00\x00\x00", b"\x00\x00<\x00", b"\x00<\x00\x00",
    b"\x00<\x00?", b"<\x00?\x00", b"\x4c\x6f\xa7\x94",
)  # fmt: skip
_DECLARED_ENCODING = re.compile(rb"""encoding\s*=\s*["']([^"']*)["']""")
_UTF8_NAMES = {b"utf-8", b"utf8"}

NOT_UTF8 = (
    "The 3MF file holds XML that is not UTF-8, as the 3MF format requires; "
    "we refuse it for safety. Please export it again."
)
ENTITIES = (
    "The 3MF file contains XML entity declarations, which real 3MF files never use; "
    "we refuse it for safety."
)


def check_xml_part(stream: IO[bytes], *, entities: str = ENTITIES) -> None:
    """Refuse an archive entry its XML parser would read with a DTD, or not as UTF-8.

    Reads `stream` to its end (the caller bounds its size). Raises `CorruptFile`
    with `entities` when a `<!DOCTYPE` or `<!ENTITY` is found, `NOT_UTF8` when
    the entry is XML in any other encoding; an entry that is not XML passes.
    """
    head = stream.read(CHUNK_BYTES)
    if head.startswith(_OTHER_ENCODING_OPENINGS):
        raise CorruptFile(NOT_UTF8)
    body = head.removeprefix(_UTF8_BOM)
    if not body.lstrip(_XML_SPACE).startswith(b"<"):
        return  # not XML to the parser: it would refuse to read it at all
    _check_declaration(body.lstrip(_XML_SPACE))  # misplaced after spaces, but read all the same
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    tail = b""
    chunk = body
    while chunk:
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError as exc:
            raise CorruptFile(NOT_UTF8) from exc
        if b"\x00" in chunk:
            raise CorruptFile(NOT_UTF8)
        window = tail + chunk  # XML is case-sensitive: `<!doctype` is no DTD, only an error
        if any(marker in window for marker in _MARKERS):
            raise CorruptFile(entities)
        tail = window[-_OVERLAP:]
        chunk = stream.read(CHUNK_BYTES)
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        raise CorruptFile(NOT_UTF8) from exc


def _check_declaration(body: bytes) -> None:
    """Refuse an XML declaration naming an encoding other than UTF-8 (or one never closed)."""
    if not body.startswith(b"<?xml"):
        return
    end = body.find(b"?>")
    if end < 0:
        raise CorruptFile(NOT_UTF8)
    declared = _DECLARED_ENCODING.search(body[:end])
    if declared is not None and declared[1].strip().lower() not in _UTF8_NAMES:
        raise CorruptFile(NOT_UTF8)
